//! `aima score FILE...`: maturity per stream, practice, domain and overall.

use std::path::Path;

use super::{Outcome, load_answers, profile_layers};
use crate::cli::ScoreArgs;
use crate::error::Result;
use crate::model::Model;
use crate::render::{ScoreView, render};
use crate::score::{self, Options};

pub fn run(model: &Model, profiles: Option<&Path>, args: &ScoreArgs) -> Result<Outcome> {
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
    let view = ScoreView {
        model,
        assessment: &assessment,
        result: &result,
    };
    Ok(Outcome::output(render(args.format, &view)))
}
