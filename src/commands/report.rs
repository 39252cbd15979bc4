//! `aima report FILE... [-o OUT.md] [--target N]`: the Markdown report, on standard output
//! or written to OUT.md with the radar chart OUT.svg beside it.

use std::path::{Path, PathBuf};

use super::{Outcome, Sources, answers_and_layers, crosswalk, frameworks_for};
use crate::answers::{Assessment, Targets};
use crate::cli::ReportArgs;
use crate::crosswalk::status::coverage;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::render::crosswalk::CoverageView;
use crate::render::report::ReportView;
use crate::render::{Markdown, Render, svg};
use crate::sanitize::terminal_line;
use crate::save::write_all;
use crate::score::{self, Options};

const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn run(model: &Model, sources: &Sources, args: &ReportArgs) -> Result<Outcome> {
    let (assessment, layers) = answers_and_layers(model, sources, &args.files, args.profile.as_deref())?;
    let (frameworks, _) = frameworks_for(
        model,
        sources,
        assessment.metadata.system.as_deref(),
        &args.framework,
    )?;
    let mut sections =
        crosswalk_sections(model, sources.crosswalks, &assessment, &layers, &frameworks, args)?;
    // From standard input there is no folder for evidence paths: no evidence section.
    if !args.files.iter().any(|f| f.as_os_str() == "-") {
        let (findings, rules) = super::evidence_findings(model, sources, &args.files)?;
        sections.push_str(&crate::render::evidence::report_section(
            &findings,
            rules.max_age_days,
            &crate::answers::Date::today().to_string(),
        ));
    }
    let result = score::score(
        model,
        &assessment,
        Options {
            target: args.target,
            layers: &layers,
        },
    );
    let mut view = ReportView {
        model,
        assessment: &assessment,
        result: &result,
        chart: None,
        tool_version: TOOL_VERSION,
    };
    let Some(report_path) = &args.output else {
        return Ok(Outcome::output(Markdown.render(&view) + &sections));
    };

    super::output_folder(report_path)?;
    let chart_path = chart_path(report_path, &args.files)?;
    let chart_name = chart_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    view.chart = Some(&chart_name);
    let report = Markdown.render(&view) + &sections;
    let chart = svg::radar(&result, &assessment.metadata);
    // Both are written before either is put in place, the chart first, so the report never
    // links to a file that is not there; when the report cannot be written, no chart is left.
    write_all(&[(&chart_path, chart.as_bytes()), (report_path, report.as_bytes())])
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    Ok(Outcome::output(format!(
        "wrote {} and {}\n",
        terminal_line(&report_path.display().to_string()),
        terminal_line(&chart_path.display().to_string())
    )))
}

/// The `--framework` sections: each framework's clause statuses (docs/crosswalk.md).
fn crosswalk_sections(
    model: &Model,
    crosswalks: Option<&Path>,
    assessment: &Assessment,
    layers: &[Targets],
    ids: &[String],
    args: &ReportArgs,
) -> Result<String> {
    if ids.is_empty() {
        return Ok(String::new());
    }
    let catalogue = crosswalk::load_catalogue(model, crosswalks)?;
    let frameworks = crosswalk::find_all(&catalogue, ids)?;
    let result = crosswalk::score_for_coverage(model, assessment, args.target, layers);
    let mut out = String::new();
    for framework in frameworks {
        let clauses = coverage(framework, &result);
        let view = CoverageView {
            framework,
            model,
            metadata: &assessment.metadata,
            result: &result,
            clauses: &clauses,
            section: true,
            width: None,
        };
        out.push('\n');
        out.push_str(&Markdown.render(&view));
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
    let inputs = crate::input::Inputs::of(inputs);
    for output in [report, chart.as_path()] {
        if let Some(input) = inputs.find(output) {
            return Err(Error::Usage(format!(
                "-o {}: writing {} would overwrite the answers file {}",
                report.display(),
                output.display(),
                input.display()
            )));
        }
    }
    Ok(chart)
}
