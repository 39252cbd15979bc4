//! `aima check FILE... [--target N]`: the CI gate.

use super::{Outcome, load_answers};
use crate::cli::CheckArgs;
use crate::error::{ExitStatus, Result};
use crate::model::Model;
use crate::render::{CheckView, render};
use crate::score::{self, Options};

pub fn run(model: &Model, args: &CheckArgs) -> Result<Outcome> {
    let assessment = load_answers(model, &args.files)?;
    let result = score::score(
        model,
        &assessment,
        Options {
            target: args.target,
            ..Options::default()
        },
    );
    let view = CheckView {
        model,
        result: &result,
    };
    let mut outcome = Outcome::output(render(args.format, &view));
    if !view.passed() {
        outcome.code = ExitStatus::GateFailed;
    }
    if !result.has_targets() {
        outcome.stderr.push(
            "warning: no target applies to any practice, so there is nothing to check; \
             set `targets:` in the answers file or pass --target N"
                .to_string(),
        );
    }
    Ok(outcome)
}
