//! `aima portfolio PATH...`: the latest assessment of every AI system, side by side.
//!
//! One process for the whole portfolio: the files are found (folders recursively), then
//! read and checked on all cores; each file is reduced at once to a compact record
//! ([`crate::portfolio::FileRecord`]), so memory grows with a few hundred bytes per file,
//! not with the parsed files. Team files (several files of one system and date) are read
//! again and merged by [`crate::answers::load`], the same merge `score` uses.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Outcome, list_output};
use crate::assessments::{Catalog, Round, Scoring, no_answers_files, paths_or_config};
use crate::base::diag::Problems;
use crate::base::error::{Error, ExitStatus, Result};
use crate::cli::{ListFormat, PortfolioArgs};
use crate::context::Context;
use crate::portfolio::{Latest, Portfolio, RowContext, system_row};
use crate::render::portfolio::{PortfolioView, heatmap};
use crate::render::{Document, Format, xlsx};

/// Default of `--max-age`.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 365;

pub fn run(ctx: &Context, args: &PortfolioArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let config = ctx.config_for(&args.paths)?;
    let paths = paths_or_config(&args.paths, config)?;
    let (catalog, files) = crate::attest::vendor::read_catalog(model, &paths, config)?;
    if catalog.systems.is_empty() {
        return Err(no_answers_files(&catalog));
    }
    let scoring = ctx.scoring(args.target, args.profile.as_deref())?;
    let max_age_days = args
        .max_age
        .or(config.and_then(|c| c.portfolio.max_age_days))
        .unwrap_or(DEFAULT_MAX_AGE_DAYS);
    let mut portfolio = build(&catalog, &files, &scoring, (ctx.today, max_age_days))?;
    for row in &mut portfolio.systems {
        if let Some((attested, keyid)) =
            crate::policy::gather::vendor_attested(&row.system, &row.latest.files, config)?
        {
            row.attested = Some(attested);
            row.attested_keyid = keyid;
        }
    }
    let view = PortfolioView {
        model,
        portfolio: &portfolio,
        chart: None,
        config: ctx.config_used(),
    };
    let inputs = crate::base::input::Inputs::of(&[paths.as_slice(), files.as_slice()].concat());
    let mut outcome = list_output(
        args.format,
        (args.output.as_deref(), &inputs),
        |f| render_list(ctx, f, &view),
        |chart| {
            let linked = PortfolioView {
                chart: Some(chart),
                ..view
            };
            (ctx.render(Format::Markdown, &linked), heatmap(&linked))
        },
        || xlsx::portfolio(&view),
    )?;
    outcome.stderr.extend(catalog.team_file_warnings(&files));
    if args.check && !portfolio.passed() {
        outcome.stderr.extend(portfolio.failure_lines());
        outcome.code = ExitStatus::GateFailed;
    }
    Ok(outcome)
}

fn render_list(ctx: &Context, format: ListFormat, view: &PortfolioView) -> String {
    match format {
        ListFormat::Table => ctx.render(Format::Table, view),
        ListFormat::Json => ctx.render(Format::Json, view),
        ListFormat::Markdown => ctx.render(Format::Markdown, view),
        ListFormat::Html => ctx.render(Document::Html, view),
        ListFormat::Csv => crate::render::portfolio::csv(view),
        // A workbook is bytes: `list_output` writes it, never as text.
        ListFormat::Xlsx => String::new(),
    }
}

/// The rows: per system its latest assessment, and the change since the previous one.
fn build(
    catalog: &Catalog,
    files: &[PathBuf],
    scoring: &Scoring,
    (today, max_age_days): (crate::answers::Date, u32),
) -> Result<Portfolio> {
    // Every assessment of several files is merged (and so checked); the latest two of each
    // system are scored.
    let mut jobs: Vec<(&str, &Round, bool)> = Vec::new();
    for (system, rounds) in &catalog.systems {
        let recent = rounds.len().saturating_sub(2);
        for (i, round) in rounds.iter().enumerate() {
            if i >= recent || round.files.len() > 1 {
                jobs.push((system, round, i >= recent));
            }
        }
    }
    let layers = scoring.layers_by_system(catalog)?;
    // Summarised at once: a full score result is some ten kilobytes of text.
    let scored = crate::base::parallel::map(&jobs, |_, (system, round, _)| {
        scoring.score(round, files, &layers[*system]).map(Latest::from)
    })?;
    let mut problems = Problems::new();
    let mut by_system: BTreeMap<&str, Vec<Latest>> = BTreeMap::new();
    for ((system, _, keep), result) in jobs.iter().zip(scored) {
        match result {
            Ok(s) if *keep => by_system.entry(system).or_default().push(s),
            Ok(_) => {}
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Files(problems));
    }
    let systems = by_system
        .into_iter()
        .filter_map(|(system, mut recent)| {
            let latest = recent.pop()?;
            let entry = scoring.config.and_then(|c| c.system(system));
            let ctx = RowContext {
                today,
                max_age_days,
                name: entry.and_then(|e| e.name.as_deref()),
                owner: entry.and_then(|e| e.owner.as_deref()),
                entry,
            };
            Some(system_row(
                system,
                latest,
                recent.last().map(|p| &p.summary.overall),
                &ctx,
            ))
        })
        .collect();
    Ok(Portfolio {
        systems,
        skipped: catalog.skipped,
        assessments: catalog.assessments(),
        max_age_days,
        practice_ids: scoring.model.practices().map(|(_, p)| p.id.clone()).collect(),
        require_status: scoring.config.and_then(|c| c.portfolio.require_status),
    })
}
