//! `aima check FILE... [--target N]`: the CI gate.

use std::path::Path;

use super::{Outcome, load_answers, profile_layers};
use crate::cli::CheckArgs;
use crate::error::{Error, Result, exit};
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
    if !result.has_targets() {
        return Err(Error::Usage(NOTHING_TO_GATE.to_string()));
    }
    let view = CheckView {
        model,
        result: &result,
    };
    let mut outcome = Outcome::output(render(args.format, &view));
    if !view.passed() {
        outcome.code = exit::GATE_FAILED;
    }
    Ok(outcome)
}

/// Why `check` without any target is a usage error, not a pass, and what to add.
pub const NOTHING_TO_GATE: &str = "nothing to check: no target applies to any applicable practice; \
     add `targets:` to an answers file (e.g. `targets: {default: 2}`), or pass --target N or --profile ID, \
     or set `targets` for the system in aima.toml";
