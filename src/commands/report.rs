//! `aima report FILE... [-o OUT.md|OUT.html] [--format markdown|html] [--target N]`: the
//! report, on standard output or written to OUT.md with the radar chart OUT.svg beside it,
//! or as one HTML page (docs/reports.md).

use std::path::{Path, PathBuf};

use super::{Outcome, output_format};
use crate::answers::{Assessment, Targets};
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::base::save::write_all;
use crate::cli::ReportArgs;
use crate::context::Context;
use crate::crosswalk::status::{Input, Summary, coverage, score_for_coverage, summary};
use crate::render::crosswalk::CoverageView;
use crate::render::report::{ReportPage, ReportView};
use crate::render::{Document, svg};
use crate::score::{self, Options};

const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The extensions of `-o` and the formats they choose.
const EXTENSIONS: [(&str, Document); 4] = [
    ("md", Document::Markdown),
    ("markdown", Document::Markdown),
    ("html", Document::Html),
    ("htm", Document::Html),
];

pub fn run(ctx: &Context, args: &ReportArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    if let Some(out) = &args.output {
        not_an_input(out, out, &files)?;
    }
    let format = output_format(
        args.format,
        args.output.as_deref(),
        &EXTENSIONS,
        Document::Markdown,
    )?;
    let (assessment, layers) = ctx.answers_and_layers(&files, args.targets.profile.as_deref())?;
    let (frameworks, _) = ctx.frameworks_for(assessment.metadata.system.as_deref(), &args.framework)?;
    let options = Options {
        target: args.targets.target,
        layers: &layers,
    };
    let result = score::score(model, &assessment, options);
    let previous = previous(ctx, &args.previous, options)?;
    let (sections, coverage) = framework_parts(ctx, format, (&assessment, &layers), &frameworks, args)?;
    let chart = chart_beside(args.output.as_deref(), format, &files)?;
    let chart_name = chart
        .as_ref()
        .and_then(|c| c.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let page = ReportPage {
        report: ReportView {
            model,
            assessment: &assessment,
            result: &result,
            chart: chart_name.as_deref(),
            tool_version: TOOL_VERSION,
            config: ctx.config_used(),
        },
        sections,
        coverage,
        previous: previous.as_ref().map(|(a, r)| (a, r)),
        evidence: match format {
            Document::Markdown => evidence_section(ctx, &files)?,
            Document::Html => String::new(),
        },
    };
    let stale = crate::assessments::stale_warning(assessment.metadata.date, ctx.today, ctx.config()?);
    let mut outcome = match (&args.output, chart) {
        (None, _) => Outcome::output(ctx.render(format, &page)),
        (Some(out), Some(chart)) => write_markdown(ctx, out, &chart, &page)?,
        (Some(out), None) => write_page(out, &ctx.render(format, &page))?,
    };
    outcome.stderr.extend(stale);
    Ok(outcome)
}

/// A framework's line on the HTML page's first page: its name, its clause summary and its
/// dates in force.
type CoverageLine = (String, Summary, Option<String>);

/// `--previous FILE...`, scored as the current round is: the change since the last round.
fn previous(
    ctx: &Context,
    files: &[PathBuf],
    options: Options,
) -> Result<Option<(Assessment, score::ScoreResult)>> {
    if files.is_empty() {
        return Ok(None);
    }
    let old = ctx.answers(files)?;
    let scored = score::score(ctx.model()?, &old, options);
    Ok(Some((old, scored)))
}

/// The `--framework` parts of the report: Markdown sections, or the HTML page's lines.
fn framework_parts(
    ctx: &Context,
    format: Document,
    (assessment, layers): (&Assessment, &[Targets]),
    frameworks: &[String],
    args: &ReportArgs,
) -> Result<(String, Vec<CoverageLine>)> {
    Ok(match format {
        Document::Markdown => (
            crosswalk_sections(ctx, assessment, layers, frameworks, args)?,
            Vec::new(),
        ),
        Document::Html => (
            String::new(),
            coverage_lines(ctx, assessment, layers, frameworks, args)?,
        ),
    })
}

/// With -o OUT.md the radar chart goes beside it, as OUT.svg (its folder checked).
fn chart_beside(out: Option<&Path>, format: Document, files: &[PathBuf]) -> Result<Option<PathBuf>> {
    match (out, format) {
        (Some(out), Document::Markdown) => {
            super::output_folder(out)?;
            Ok(Some(chart_path(out, files)?))
        }
        _ => Ok(None),
    }
}

/// The report's Evidence section: every item's state (docs/evidence.md). From standard
/// input there is no folder for evidence paths, so there is none.
fn evidence_section(ctx: &Context, files: &[PathBuf]) -> Result<String> {
    if files.iter().any(|f| f.as_os_str() == "-") {
        return Ok(String::new());
    }
    let (findings, rules) = ctx.evidence_findings(files)?;
    Ok(crate::render::evidence::report_section(
        &findings,
        rules.max_age_days,
        "",
    ))
}

/// OUT.md, and the radar chart beside it.
fn write_markdown(
    ctx: &Context,
    report_path: &Path,
    chart_path: &Path,
    page: &ReportPage,
) -> Result<Outcome> {
    let report = ctx.render(Document::Markdown, page);
    let chart = svg::radar(page.report.result, &page.report.assessment.metadata);
    // Both are written before either is put in place, the chart first, so the report never
    // links to a file that is not there; when the report cannot be written, no chart is left.
    write_all(&[(chart_path, chart.as_bytes()), (report_path, report.as_bytes())])
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    Ok(Outcome::output(format!(
        "wrote {} and {}\n",
        terminal_line(&report_path.display().to_string()),
        terminal_line(&chart_path.display().to_string())
    )))
}

/// OUT.html: one file, the charts inside it.
fn write_page(out: &Path, html: &str) -> Result<Outcome> {
    super::output_folder(out)?;
    if out.file_name().is_none() {
        return Err(Error::Usage(format!(
            "-o {}: give the report's file name, e.g. -o report.html",
            terminal_line(&out.display().to_string())
        )));
    }
    write_all(&[(out, html.as_bytes())])
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    Ok(Outcome::output(format!(
        "wrote {}\n",
        terminal_line(&out.display().to_string())
    )))
}

/// What the coverage of the frameworks `ids` starts from: the frameworks, the result with
/// level 2 as the last target source, and the system's EU AI Act scope.
fn coverage_of<'c>(
    ctx: &'c Context,
    assessment: &Assessment,
    layers: &[Targets],
    ids: &[String],
    target: Option<u8>,
) -> Result<(
    Vec<&'c crate::crosswalk::Framework>,
    crate::score::ScoreResult,
    Option<crate::config::EuAiAct>,
)> {
    let frameworks = ctx.catalogue()?.find_all(ids)?;
    let result = score_for_coverage(ctx.model()?, assessment, target, layers);
    let act = ctx.eu_ai_act_for(assessment.metadata.system.as_deref())?;
    Ok((frameworks, result, act))
}

/// One line per framework for the HTML page's first page: the frameworks chosen, as for the
/// Markdown sections (`--framework`, else the system's `frameworks` in aima.toml).
fn coverage_lines(
    ctx: &Context,
    assessment: &Assessment,
    layers: &[Targets],
    ids: &[String],
    args: &ReportArgs,
) -> Result<Vec<CoverageLine>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let model = ctx.model()?;
    let (frameworks, result, act) = coverage_of(ctx, assessment, layers, ids, args.targets.target)?;
    let input = Input {
        model,
        assessment,
        result: &result,
        act: act.as_ref(),
    };
    Ok(frameworks
        .into_iter()
        .map(|f| {
            let as_of = args.as_of.unwrap_or(ctx.today);
            let dates = crate::crosswalk::timeline::dates_line(f, as_of, act.as_ref());
            (f.name.clone(), summary(f, &input), dates)
        })
        .collect())
}

/// The `--framework` sections: each framework's clause statuses (docs/crosswalk.md).
fn crosswalk_sections(
    ctx: &Context,
    assessment: &Assessment,
    layers: &[Targets],
    ids: &[String],
    args: &ReportArgs,
) -> Result<String> {
    if ids.is_empty() {
        return Ok(String::new());
    }
    let model = ctx.model()?;
    let (frameworks, result, act) = coverage_of(ctx, assessment, layers, ids, args.targets.target)?;
    let input = Input {
        model,
        assessment,
        result: &result,
        act: act.as_ref(),
    };
    let mut out = String::new();
    for framework in frameworks {
        let clauses = coverage(framework, &input);
        let view = CoverageView {
            framework,
            model,
            metadata: &assessment.metadata,
            result: &result,
            clauses: &clauses,
            act: act.as_ref(),
            section: true,
            as_of: args.as_of.unwrap_or(ctx.today),
            width: None,
        };
        out.push('\n');
        out.push_str(&ctx.render(crate::render::Format::Markdown, &view));
    }
    Ok(out)
}

/// OUT.svg beside OUT.md, after checking that neither would overwrite the report itself or
/// an answers file being read.
fn chart_path(report: &Path, inputs: &[PathBuf]) -> Result<PathBuf> {
    if report.file_name().is_none() {
        return Err(Error::Usage(format!(
            "-o {}: give the report's file name, e.g. -o report.md",
            report.display()
        )));
    }
    let chart = report.with_extension("svg");
    if chart == report {
        return Err(Error::Usage(format!(
            "-o {}: the radar chart is written beside the report as {}, so the report needs \
             another name, e.g. report.md",
            report.display(),
            chart.display()
        )));
    }
    for output in [report, chart.as_path()] {
        not_an_input(report, output, inputs)?;
    }
    Ok(chart)
}

/// Refuses to write `output` (for `-o report`) over one of the answers files being read.
fn not_an_input(report: &Path, output: &Path, inputs: &[PathBuf]) -> Result<()> {
    match crate::base::input::Inputs::of(inputs).find(output) {
        Some(input) => Err(Error::Usage(format!(
            "-o {}: writing {} would overwrite the answers file {}",
            report.display(),
            output.display(),
            input.display()
        ))),
        None => Ok(()),
    }
}
