//! `aima crosswalk [FRAMEWORK] [FILE...]`: the frameworks, one framework's clauses and
//! their links to AIMA practices, or each clause's status for an assessment
//! (docs/crosswalk.md).

use super::Outcome;
use crate::cli::{CrosswalkArgs, CrosswalkBy};
use crate::context::Context;
use crate::crosswalk::status::{Input, coverage, score_for_coverage};
use crate::error::{Error, Result};
use crate::render::crosswalk::{ClausesView, CoverageView, FrameworksView};

pub fn run(ctx: &Context, args: &CrosswalkArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let catalogue = ctx.catalogue()?;
    let width = ctx.table.width();
    let Some(id) = &args.framework else {
        if args.by == CrosswalkBy::Practice || args.target.is_some() || args.profile.is_some() {
            return Err(Error::Usage(
                "--by, --target and --profile need a framework: aima crosswalk ID [FILE...]".to_string(),
            ));
        }
        let view = FrameworksView {
            frameworks: &catalogue.frameworks,
            width,
        };
        return Ok(Outcome::output(ctx.render(args.format, &view)));
    };
    let framework = catalogue.find(id)?;
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
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
            width,
        };
        return Ok(Outcome::output(ctx.render(args.format, &view)));
    }
    if args.by == CrosswalkBy::Practice {
        return Err(Error::Usage(
            "--by practice lists the links; coverage for answers files is shown clause by clause".to_string(),
        ));
    }
    let (assessment, layers) = ctx.answers_and_layers(&files, args.profile.as_deref())?;
    let result = score_for_coverage(model, &assessment, args.target, &layers);
    let act = ctx.eu_ai_act_for(assessment.metadata.system.as_deref())?;
    let input = Input {
        model,
        assessment: &assessment,
        result: &result,
        act: act.as_ref(),
    };
    let clauses = coverage(framework, &input);
    let view = CoverageView {
        framework,
        model,
        metadata: &assessment.metadata,
        result: &result,
        clauses: &clauses,
        act: act.as_ref(),
        section: false,
        width,
    };
    Ok(Outcome::output(ctx.render(args.format, &view)))
}
