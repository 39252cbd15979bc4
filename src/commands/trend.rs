//! `aima trend PATH... [--system ID] [--practices]`: one system's assessments over time.

use super::{Outcome, list_output};
use crate::assessments::{Catalog, Round, no_answers_files, paths_or_config};
use crate::base::diag::{Problems, shown_id as shown};
use crate::base::error::{Error, Result};
use crate::cli::{ListFormat, TrendArgs};
use crate::context::Context;
use crate::portfolio::Trend;
use crate::render::portfolio::{TrendView, line_chart, trend_csv};
use crate::render::{Document, Format, xlsx};

pub fn run(ctx: &Context, args: &TrendArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let config = ctx.config_for(&args.paths)?;
    let paths = paths_or_config(&args.paths, config)?;
    let (catalog, files) = crate::attest::vendor::read_catalog(model, &paths, config)?;
    let system = pick_system(&catalog, args.system.as_deref())?;
    let scoring = ctx.scoring(args.target, args.profile.as_deref())?;
    let layers = scoring.layers(system)?;
    let trend = Trend {
        system: system.to_string(),
        name: config.and_then(|c| c.system(system)).and_then(|s| s.name.clone()),
        assessments: score_all(&scoring, &catalog.systems[system], &files, &layers)?,
    };
    let view = TrendView {
        model,
        trend: &trend,
        practices: args.practices,
        chart: None,
        config: ctx.config_used(),
    };
    let inputs = crate::base::input::Inputs::of(&[paths.as_slice(), files.as_slice()].concat());
    let mut outcome = list_output(
        args.format,
        (args.output.as_deref(), &inputs),
        |f| match f {
            ListFormat::Table => ctx.render(Format::Table, &view),
            ListFormat::Json => ctx.render(Format::Json, &view),
            ListFormat::Markdown => ctx.render(Format::Markdown, &view),
            ListFormat::Html => ctx.render(Document::Html, &view),
            ListFormat::Csv => trend_csv(&view),
            // A workbook is bytes: `list_output` writes it, never as text.
            ListFormat::Xlsx => String::new(),
        },
        |chart| {
            let linked = TrendView {
                chart: Some(chart),
                ..view
            };
            (ctx.render(Format::Markdown, &linked), line_chart(&linked))
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

/// Every round of one system, scored on all cores (every problem of every file together).
fn score_all(
    scoring: &crate::assessments::Scoring,
    rounds: &[Round],
    files: &[std::path::PathBuf],
    layers: &[crate::answers::Targets],
) -> Result<Vec<crate::portfolio::Scored>> {
    let jobs: Vec<&Round> = rounds.iter().collect();
    let mut problems = Problems::new();
    let mut assessments = Vec::new();
    for scored in crate::base::parallel::map(&jobs, |_, round| scoring.score(round, files, layers))? {
        match scored {
            Ok(s) => assessments.push(s),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(assessments)
    } else {
        Err(Error::Files(problems))
    }
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
