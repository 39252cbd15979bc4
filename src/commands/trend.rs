//! `aima trend PATH... [--system ID] [--practices]`: one system's assessments over time.

use super::portfolio::{Scoring, parallel_map, read_catalog, resolve_paths};
use super::{Outcome, Sources, list_output, load_config};
use crate::assessments::{Catalog, Round};
use crate::cli::{ListFormat, TrendArgs};
use crate::diag::{Problems, shown};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::portfolio::Trend;
use crate::render::portfolio::{TrendView, line_chart, trend_csv};
use crate::render::{Document, Format, render, xlsx};

pub fn run(model: &Model, sources: &Sources, args: &TrendArgs) -> Result<Outcome> {
    let config = load_config(model, sources.config)?;
    let paths = resolve_paths(&args.paths, config.as_ref())?;
    let (catalog, files) = read_catalog(model, &paths)?;
    let system = pick_system(&catalog, args.system.as_deref())?;
    let scoring = Scoring::new(
        model,
        sources,
        config.as_ref(),
        (args.target, args.profile.as_deref()),
    )?;
    let layers = scoring.layers(system)?;
    let jobs: Vec<&Round> = catalog.systems[system].iter().collect();
    let mut problems = Problems::new();
    let mut assessments = Vec::new();
    for scored in parallel_map(&jobs, |_, round| scoring.score(round, &files, &layers))? {
        match scored {
            Ok(s) => assessments.push(s),
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Files(problems));
    }
    let trend = Trend {
        system: system.to_string(),
        name: config
            .as_ref()
            .and_then(|c| c.system(system))
            .and_then(|s| s.name.clone()),
        assessments,
    };
    let view = TrendView {
        model,
        trend: &trend,
        practices: args.practices,
        chart: None,
    };
    let inputs = crate::input::Inputs::of(&[paths.as_slice(), files.as_slice()].concat());
    let mut outcome = list_output(
        args.format,
        (args.output.as_deref(), &inputs),
        |f| match f {
            ListFormat::Table => render(Format::Table, &view),
            ListFormat::Json => render(Format::Json, &view),
            ListFormat::Markdown => render(Format::Markdown, &view),
            ListFormat::Html => render(Document::Html, &view),
            ListFormat::Csv => trend_csv(&view),
            // A workbook is bytes: `list_output` writes it, never as text.
            ListFormat::Xlsx => String::new(),
        },
        |chart| {
            let linked = TrendView {
                chart: Some(chart),
                ..view
            };
            (render(Format::Markdown, &linked), line_chart(&linked))
        },
        || xlsx::trend(&view),
    )?;
    let prefix = format!("warning: system `{system}`:");
    let warnings = catalog.team_file_warnings(&files);
    outcome
        .stderr
        .extend(warnings.into_iter().filter(|w| w.starts_with(&prefix)));
    Ok(outcome)
}

/// The system to show: `--system`, or the only one. Several without `--system`, or an
/// unknown one, is an error that lists the systems.
fn pick_system<'c>(catalog: &'c Catalog, wanted: Option<&str>) -> Result<&'c str> {
    if catalog.systems.is_empty() {
        return Err(no_answers_files(catalog));
    }
    let list = || {
        let names: Vec<String> = catalog.systems.keys().take(20).map(|s| shown(s)).collect();
        let more = catalog.systems.len().saturating_sub(names.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{tail}", names.join(", "))
    };
    match wanted {
        Some(id) => catalog
            .systems
            .get_key_value(id)
            .map(|(k, _)| k.as_str())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no assessment of system `{}`; the files hold: {}",
                    shown(id),
                    list()
                ))
            }),
        None if catalog.systems.len() == 1 => Ok(catalog.systems.keys().next().map_or("", String::as_str)),
        None => Err(Error::Usage(format!(
            "the files hold {} systems: {}; choose one with --system ID",
            catalog.systems.len(),
            list()
        ))),
    }
}

/// The error for PATHs that hold no answers file.
pub fn no_answers_files(catalog: &Catalog) -> Error {
    Error::Usage(format!(
        "no answers files found (YAML files with a top-level `aima` key); {} YAML file{} skipped",
        catalog.skipped,
        if catalog.skipped == 1 { "" } else { "s" }
    ))
}
