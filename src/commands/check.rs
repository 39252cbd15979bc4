//! `aima check FILE... [--target N]`: the CI gate.

use std::path::Path;

use super::{Outcome, load_answers, profile_layers};
use crate::cli::CheckArgs;
use crate::error::{Result, exit};
use crate::model::Model;
use crate::render::{CheckView, render};
use crate::score::{self, Options};

pub fn run(model: &Model, profiles: Option<&Path>, args: &CheckArgs) -> Result<Outcome> {
    let assessment = load_answers(model, &args.files)?;
    let layers = profile_layers(model, profiles, args.profile.as_deref())?;
    let result = score::score(
        model,
        &assessment,
        Options {
            target: args.target,
            layers: &layers,
        },
    );
    let view = CheckView {
        model,
        result: &result,
    };
    let mut outcome = Outcome::output(render(args.format, &view));
    if !view.passed() {
        outcome.code = exit::GATE_FAILED;
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
