//! `aima score FILE...`: maturity per stream, practice, domain and overall.

use super::{Outcome, load_answers, load_config, target_layers};
use crate::cli::ScoreArgs;
use crate::error::Result;
use crate::model::Model;
use crate::render::{ScoreView, render};
use crate::score::{self, Options};

pub fn run(model: &Model, args: &ScoreArgs) -> Result<Outcome> {
    run_with_config(model, args, None)
}

/// [`run`] with `--config FILE` (else aima.toml is searched from the current folder up).
pub fn run_with_config(model: &Model, args: &ScoreArgs, config: Option<&std::path::Path>) -> Result<Outcome> {
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
    let view = ScoreView {
        model,
        assessment: &assessment,
        result: &result,
    };
    let mut outcome = Outcome::output(render(args.format, &view));
    outcome.stderr = notes;
    Ok(outcome)
}
