//! `aima crosswalk [FRAMEWORK] [FILE...]`: the frameworks, one framework's clauses and
//! their links to AIMA practices, or each clause's status for an assessment
//! (docs/crosswalk.md).

use super::Outcome;
use crate::base::error::{Error, Result};
use crate::cli::{CrosswalkArgs, CrosswalkBy};
use crate::context::Context;
use crate::crosswalk::status::{Input, coverage, score_for_coverage};
use crate::crosswalk::{Catalogue, Framework};
use crate::render::crosswalk::{ClausesView, CoverageView, FrameworksView, TimelineView};

pub fn run(ctx: &Context, args: &CrosswalkArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let catalogue = ctx.catalogue()?;
    let width = ctx.table.width();
    let as_of = args.as_of.unwrap_or(ctx.today);
    let Some(id) = &args.framework else {
        return frameworks_list(ctx, catalogue, width, args);
    };
    let framework = catalogue.find(id)?;
    timeline_usage(framework, args)?;
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    if files.is_empty() && args.timeline {
        let view = TimelineView {
            framework,
            as_of,
            coverage: None,
            act: None,
            width,
        };
        return Ok(Outcome::output(ctx.render(args.format, &view)));
    }
    if files.is_empty() {
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
        return Ok(Outcome::output(ctx.render(args.format, &view)));
    }
    if args.by == CrosswalkBy::Practice {
        return Err(Error::Usage(
            "--by practice lists the links; coverage for answers files is shown clause by clause".to_string(),
        ));
    }
    coverage_output(ctx, framework, &files, (as_of, width), args)
}

/// `aima crosswalk ID FILE...`: each clause's status (or with `--timeline`, the dated list).
fn coverage_output(
    ctx: &Context,
    framework: &Framework,
    files: &[std::path::PathBuf],
    (as_of, width): (crate::answers::Date, Option<u16>),
    args: &CrosswalkArgs,
) -> Result<Outcome> {
    let model = ctx.model()?;
    let (assessment, layers) = ctx.answers_and_layers(files, args.profile.as_deref())?;
    let result = score_for_coverage(model, &assessment, args.target, &layers);
    let act = ctx.eu_ai_act_for(assessment.metadata.system.as_deref())?;
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
        return Ok(Outcome::output(ctx.render(args.format, &view)));
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
    Ok(Outcome::output(ctx.render(args.format, &view)))
}

/// `aima crosswalk`: the frameworks; the options that need a framework are usage errors.
fn frameworks_list(
    ctx: &Context,
    catalogue: &Catalogue,
    width: Option<u16>,
    args: &CrosswalkArgs,
) -> Result<Outcome> {
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
    Ok(Outcome::output(ctx.render(args.format, &view)))
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
