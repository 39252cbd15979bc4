//! `aima policy input FILE...`: the policy input of an assessment (docs/policy.md), the
//! document `check --policy` evaluates and `opa eval -i` can read.

use super::Outcome;
use crate::base::error::Result;
use crate::cli::{PolicyArgs, PolicyCommand, PolicyInputArgs};
use crate::context::Context;
use crate::policy::gather::{self, Subject};
use crate::score::{self, Options};

pub fn run(ctx: &Context, args: &PolicyArgs) -> Result<Outcome> {
    match &args.command {
        PolicyCommand::Input(args) => input(ctx, args),
    }
}

fn input(ctx: &Context, args: &PolicyInputArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    let (assessment, layers) = ctx.answers_and_layers(&files, args.targets.profile.as_deref())?;
    let config = ctx.config()?;
    let result = score::score(
        model,
        &assessment,
        Options {
            target: args.targets.target,
            layers: &layers,
        },
    );
    let frameworks = gather::frameworks(&args.framework, config, assessment.metadata.system.as_deref());
    let catalogue = ctx.catalogue_of(&frameworks)?;
    let subject = Subject {
        model,
        assessment: &assessment,
        result: &result,
        config,
        frameworks: &frameworks,
        catalogue: &catalogue,
        today: ctx.today,
        target: args.targets.target,
        layers: &layers,
    };
    let mut text = gather::input_text(&subject, true)?;
    text.push('\n');
    // The same JSON value, with escapes for what must not reach a terminal raw.
    Ok(Outcome::output(crate::base::sanitize::json(text)))
}
