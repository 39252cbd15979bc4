//! `aima check FILE... [--target N]`: the CI gate.

use super::{Outcome, load_answers, load_config, target_layers};
use crate::cli::CheckArgs;
use crate::error::{Result, exit};
use crate::model::Model;
use crate::render::{CheckView, render};
use crate::score::{self, Options};

pub fn run(model: &Model, args: &CheckArgs) -> Result<Outcome> {
    run_with_config(model, args, None)
}

/// [`run`] with `--config FILE` (else aima.toml is searched from the current folder up).
pub fn run_with_config(model: &Model, args: &CheckArgs, config: Option<&std::path::Path>) -> Result<Outcome> {
    let assessment = load_answers(model, &args.files)?;
    let config = load_config(model, config)?;
    let mut notes = Vec::new();
    let layers = target_layers(
        config.as_ref(),
        assessment.metadata.system.as_deref(),
        args.profile.as_deref(),
        &mut notes,
    )?;
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
    outcome.stderr = notes;
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
