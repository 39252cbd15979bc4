//! `aima score FILE...`: maturity per stream, practice, domain and overall.

use super::Outcome;
use crate::base::error::Result;
use crate::cli::ScoreArgs;
use crate::context::Context;
use crate::render::ScoreView;
use crate::score::{self, Options};

pub fn run(ctx: &Context, args: &ScoreArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    let (assessment, layers) = ctx.answers_and_layers(&files, args.targets.profile.as_deref())?;
    let result = score::score(
        model,
        &assessment,
        Options {
            target: args.targets.target,
            layers: &layers,
        },
    );
    let view = ScoreView {
        model,
        assessment: &assessment,
        result: &result,
        config: ctx.config_used(),
    };
    Ok(Outcome::output(ctx.render(args.format, &view)))
}
