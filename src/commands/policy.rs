//! `aima policy input FILE...`: the policy input of an assessment (docs/policy.md), the
//! document `check --policy` evaluates and `opa eval -i` can read.

use super::{Outcome, Sources, answers_and_layers, load_config};
use crate::cli::{PolicyArgs, PolicyCommand, PolicyInputArgs};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::policy::gather::{self, Subject};
use crate::score::{self, Options};

pub fn run(model: &Model, sources: &Sources, args: &PolicyArgs) -> Result<Outcome> {
    match &args.command {
        PolicyCommand::Input(args) => input(model, sources, args),
    }
}

fn input(model: &Model, sources: &Sources, args: &PolicyInputArgs) -> Result<Outcome> {
    let (assessment, layers) = answers_and_layers(model, sources, &args.files, args.profile.as_deref())?;
    let config = load_config(model, sources.config)?;
    let result = score::score(
        model,
        &assessment,
        Options {
            target: args.target,
            layers: &layers,
        },
    );
    let frameworks = gather::frameworks(
        &args.framework,
        config.as_ref(),
        assessment.metadata.system.as_deref(),
    );
    let catalogue =
        crate::crosswalk::load::load_only(model, sources.crosswalks, &frameworks).map_err(Error::Model)?;
    let subject = Subject {
        model,
        assessment: &assessment,
        result: &result,
        config: config.as_ref(),
        frameworks: &frameworks,
        catalogue: &catalogue,
        target: args.target,
        layers: &layers,
    };
    let mut text = gather::input_text(&subject, true)?;
    text.push('\n');
    // The same JSON value, with escapes for what must not reach a terminal raw.
    Ok(Outcome::output(crate::sanitize::json(text)))
}
