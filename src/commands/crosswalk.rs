//! `aima crosswalk [FRAMEWORK] [FILE...]`: the frameworks, one framework's clauses and
//! their links to AIMA practices, or each clause's status for an assessment
//! (docs/crosswalk.md).

use std::path::Path;

use super::{Outcome, Sources, answers_and_layers, eu_ai_act_for};
use crate::answers::{Assessment, Targets};
use crate::cli::{CrosswalkArgs, CrosswalkBy};
use crate::crosswalk::status::{Input, coverage, fallback_layer};
use crate::crosswalk::{Catalogue, Framework, load};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::render::crosswalk::{ClausesView, CoverageView, FrameworksView, TimelineView};
use crate::render::render;
use crate::sanitize::terminal_line;
use crate::score::{self, Options, ScoreResult};

pub fn run(model: &Model, sources: &Sources, width: Option<u16>, args: &CrosswalkArgs) -> Result<Outcome> {
    let catalogue = load_catalogue(model, sources.crosswalks)?;
    let as_of = args.as_of.unwrap_or_else(crate::answers::Date::today);
    let Some(id) = &args.framework else {
        return frameworks_list(&catalogue, width, args);
    };
    let framework = find(&catalogue, id)?;
    timeline_usage(framework, args)?;
    if args.files.is_empty() && args.timeline {
        let view = TimelineView {
            framework,
            as_of,
            coverage: None,
            act: None,
            width,
        };
        return Ok(Outcome::output(render(args.format, &view)));
    }
    if args.files.is_empty() {
        if args.target.is_some() || args.profile.is_some() {
            return Err(Error::Usage(
                "--target and --profile apply to coverage: give answers files, as in aima crosswalk ID FILE... --target N"
                    .to_string(),
            ));
        }
        let view = ClausesView {
            framework,
            model,
            by_practice: args.by == CrosswalkBy::Practice,
            as_of,
            width,
        };
        return Ok(Outcome::output(render(args.format, &view)));
    }
    if args.by == CrosswalkBy::Practice {
        return Err(Error::Usage(
            "--by practice lists the links; coverage for answers files is shown clause by clause".to_string(),
        ));
    }
    coverage_output(model, sources, framework, (as_of, width), args)
}

/// `aima crosswalk ID FILE...`: each clause's status (or with `--timeline`, the dated list).
fn coverage_output(
    model: &Model,
    sources: &Sources,
    framework: &Framework,
    (as_of, width): (crate::answers::Date, Option<u16>),
    args: &CrosswalkArgs,
) -> Result<Outcome> {
    let (assessment, layers) = answers_and_layers(model, sources, &args.files, args.profile.as_deref())?;
    let result = score_for_coverage(model, &assessment, args.target, &layers);
    let act = eu_ai_act_for(model, sources, assessment.metadata.system.as_deref())?;
    let input = Input {
        model,
        assessment: &assessment,
        result: &result,
        act: act.as_ref(),
    };
    let clauses = coverage(framework, &input);
    if args.timeline {
        let view = TimelineView {
            framework,
            as_of,
            coverage: Some(&clauses),
            act: act.as_ref(),
            width,
        };
        return Ok(Outcome::output(render(args.format, &view)));
    }
    let view = CoverageView {
        framework,
        model,
        metadata: &assessment.metadata,
        result: &result,
        clauses: &clauses,
        act: act.as_ref(),
        section: false,
        as_of,
        width,
    };
    Ok(Outcome::output(render(args.format, &view)))
}

/// `aima crosswalk`: the frameworks; the options that need a framework are usage errors.
fn frameworks_list(catalogue: &Catalogue, width: Option<u16>, args: &CrosswalkArgs) -> Result<Outcome> {
    if args.by == CrosswalkBy::Practice
        || args.target.is_some()
        || args.profile.is_some()
        || args.timeline
        || args.as_of.is_some()
    {
        return Err(Error::Usage(
            "--by, --target, --profile, --as-of and --timeline need a framework: aima crosswalk ID [FILE...]"
                .to_string(),
        ));
    }
    let view = FrameworksView {
        frameworks: &catalogue.frameworks,
        width,
    };
    Ok(Outcome::output(render(args.format, &view)))
}

/// `--timeline` needs a framework with dates, and lists clauses, not practices.
fn timeline_usage(framework: &Framework, args: &CrosswalkArgs) -> Result<()> {
    if args.timeline && !framework.has_dates() {
        return Err(Error::Usage(format!(
            "--timeline: framework `{}` has no application dates (the EU AI Act has)",
            framework.id
        )));
    }
    if args.timeline && args.by == CrosswalkBy::Practice {
        return Err(Error::Usage(
            "--timeline lists dates; leave out --by practice".to_string(),
        ));
    }
    Ok(())
}

/// The embedded frameworks plus those of `--crosswalks DIR`.
pub fn load_catalogue(model: &Model, dir: Option<&Path>) -> Result<Catalogue> {
    load::load(model, dir).map_err(Error::Model)
}

/// The framework `id`, or a usage error listing the known ones.
pub fn find<'c>(catalogue: &'c Catalogue, id: &str) -> Result<&'c Framework> {
    catalogue.get(id).ok_or_else(|| {
        let hint = if id.ends_with(".yaml") || id.ends_with(".yml") || id.contains('/') {
            "; name the framework before the answers files, as in aima crosswalk eu-ai-act FILE"
        } else {
            ""
        };
        Error::Usage(format!(
            "unknown framework `{}`; the frameworks are {}{hint}",
            terminal_line(id),
            catalogue.ids().join(", ")
        ))
    })
}

/// The frameworks named by `--framework`, each once, in the order given.
pub fn find_all<'c>(catalogue: &'c Catalogue, ids: &[String]) -> Result<Vec<&'c Framework>> {
    let mut out: Vec<&Framework> = Vec::new();
    for id in ids {
        let f = find(catalogue, id)?;
        if !out.iter().any(|o| o.id == f.id) {
            out.push(f);
        }
    }
    Ok(out)
}

/// Scores with level 2 as the last target source, so every applicable practice has a
/// target and the actions to reach it (docs/crosswalk.md).
pub fn score_for_coverage(
    model: &Model,
    assessment: &Assessment,
    target: Option<u8>,
    layers: &[Targets],
) -> ScoreResult {
    let layers: Vec<Targets> = layers.iter().cloned().chain([fallback_layer()]).collect();
    score::score(
        model,
        assessment,
        Options {
            target,
            layers: &layers,
        },
    )
}
