//! `aima score FILE...`: maturity per stream, practice, domain and overall.

use std::path::Path;

use super::{Outcome, Sources, answers_and_layers};
use crate::cli::ScoreArgs;
use crate::error::Result;
use crate::model::Model;
use crate::render::{ScoreView, render};
use crate::score::{self, Options};

pub fn run(model: &Model, profiles: Option<&Path>, args: &ScoreArgs) -> Result<Outcome> {
    let sources = Sources {
        profiles,
        crosswalks: None,
        config: None,
    };
    run_with(model, &sources, args)
}

/// [`run`] with every source of targets: `--profiles DIR` and aima.toml (`--config FILE`,
/// else found from the current folder up).
pub fn run_with(model: &Model, sources: &Sources, args: &ScoreArgs) -> Result<Outcome> {
    let (assessment, layers) = answers_and_layers(model, sources, &args.files, args.profile.as_deref())?;
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
    Ok(Outcome::output(render(args.format, &view)))
}
