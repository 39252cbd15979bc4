//! `aima score FILE...`: maturity per stream, practice, domain and overall.

use super::{Outcome, load_answers};
use crate::cli::ScoreArgs;
use crate::error::Result;
use crate::model::Model;
use crate::render::{ScoreView, render};
use crate::score::{self, Options};

pub fn run(model: &Model, args: &ScoreArgs) -> Result<Outcome> {
    let assessment = load_answers(model, &args.files)?;
    let result = score::score(
        model,
        &assessment,
        Options {
            target: args.target,
            ..Options::default()
        },
    );
    let view = ScoreView {
        model,
        assessment: &assessment,
        result: &result,
    };
    Ok(Outcome::output(render(args.format, &view)))
}
