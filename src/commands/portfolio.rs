//! `aima portfolio PATH...`: the latest assessment of every AI system, side by side.
//!
//! One process for the whole portfolio: the files are found (folders recursively), then
//! read and checked on all cores; each file is reduced at once to a compact record
//! ([`crate::portfolio::FileRecord`]), so memory grows with a few hundred bytes per file,
//! not with the parsed files. Team files (several files of one system and date) are read
//! again and merged by [`crate::answers::load`], the same merge `score` uses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Outcome, Sources, list_output, load_config, profiles_if, target_layers};
use crate::answers::{Date, Targets};
use crate::assessments::{Catalog, Round};
use crate::cli::{ListFormat, PortfolioArgs};
use crate::config::Config;
use crate::diag::Problems;
use crate::error::{Error, Result, exit};
use crate::model::Model;
use crate::portfolio::{Latest, Portfolio, QuestionIndex, RowContext, Scored, system_row};
use crate::render::portfolio::{PortfolioView, heatmap};
use crate::render::{Document, Format, render, xlsx};
use crate::save::write_all;
use crate::score::{self, Options};

/// Default of `--max-age`.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 365;

pub fn run(model: &Model, sources: &Sources, args: &PortfolioArgs) -> Result<Outcome> {
    let config = load_config(model, sources.config)?;
    let paths = resolve_paths(&args.paths, config.as_ref())?;
    let (catalog, files) = read_catalog(model, &paths)?;
    if catalog.systems.is_empty() {
        return Err(super::trend::no_answers_files(&catalog));
    }
    let scoring = Scoring::new(
        model,
        sources,
        config.as_ref(),
        (args.target, args.profile.as_deref()),
    )?;
    let max_age_days = args
        .max_age
        .or(config.as_ref().and_then(|c| c.portfolio.max_age_days))
        .unwrap_or(DEFAULT_MAX_AGE_DAYS);
    let portfolio = build(&catalog, &files, &scoring, max_age_days)?;
    let view = PortfolioView {
        model,
        portfolio: &portfolio,
        chart: None,
    };
    let inputs = crate::input::Inputs::of(&[paths.as_slice(), files.as_slice()].concat());
    let mut outcome = list_output(
        args.format,
        (args.output.as_deref(), &inputs),
        |f| render_list(f, &view),
        |chart| {
            let linked = PortfolioView {
                chart: Some(chart),
                ..view
            };
            (render(Format::Markdown, &linked), heatmap(&linked))
        },
        || xlsx::portfolio(&view),
    )?;
    outcome.stderr.extend(catalog.team_file_warnings(&files));
    if args.check && !portfolio.passed() {
        outcome.stderr.extend(portfolio.failure_lines());
        outcome.code = exit::GATE_FAILED;
    }
    Ok(outcome)
}

fn render_list(format: ListFormat, view: &PortfolioView) -> String {
    match format {
        ListFormat::Table => render(Format::Table, view),
        ListFormat::Json => render(Format::Json, view),
        ListFormat::Markdown => render(Format::Markdown, view),
        ListFormat::Html => render(Document::Html, view),
        ListFormat::Csv => crate::render::portfolio::csv(view),
        // A workbook is bytes: `list_output` writes it, never as text.
        ListFormat::Xlsx => String::new(),
    }
}

/// The rows: per system its latest assessment, and the change since the previous one.
fn build(catalog: &Catalog, files: &[PathBuf], scoring: &Scoring, max_age_days: u32) -> Result<Portfolio> {
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
    let scored = parallel_map(&jobs, |_, (system, round, _)| {
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
    let today = Date::today();
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

/// How assessments are scored: the model, aima.toml and the command line's target options.
pub struct Scoring<'a> {
    pub model: &'a Model,
    pub index: QuestionIndex<'a>,
    pub config: Option<&'a Config>,
    pub target: Option<u8>,
    pub profile: Option<&'a str>,
    pub profiles: Vec<crate::profiles::Profile>,
}

impl<'a> Scoring<'a> {
    /// Profiles are loaded once, and only when `--profile` or a system in aima.toml names one.
    pub fn new(
        model: &'a Model,
        sources: &Sources,
        config: Option<&'a Config>,
        (target, profile): (Option<u8>, Option<&'a str>),
    ) -> Result<Scoring<'a>> {
        let needed =
            profile.is_some() || config.is_some_and(|c| c.systems.values().any(|s| s.profile.is_some()));
        Ok(Scoring {
            model,
            index: QuestionIndex::new(model),
            config,
            target,
            profile,
            profiles: profiles_if(model, sources, needed)?,
        })
    }

    /// The target layers of `system`.
    pub fn layers(&self, system: &str) -> Result<Vec<Targets>> {
        target_layers(&self.profiles, self.config, Some(system), self.profile)
    }

    /// The target layers of every system in `catalog`.
    pub fn layers_by_system(&self, catalog: &Catalog) -> Result<BTreeMap<String, Vec<Targets>>> {
        catalog
            .systems
            .keys()
            .map(|s| Ok((s.clone(), self.layers(s)?)))
            .collect()
    }

    /// Scores the assessment of `round` (one system, one round): one file as recorded,
    /// several merged as team files (read again, so conflicts are located as `score` does).
    pub fn score(&self, round: &Round, files: &[PathBuf], layers: &[Targets]) -> Result<Scored, Problems> {
        let records = &round.files;
        let assessment = match records.as_slice() {
            [one] => one.assessment(self.model, &self.index, &files[one.index].display().to_string()),
            several => {
                let paths: Vec<PathBuf> = several.iter().map(|r| files[r.index].clone()).collect();
                crate::answers::load(self.model, &paths)?
            }
        };
        let options = Options {
            target: self.target,
            layers,
        };
        Ok(Scored {
            date: round.date,
            round: round.id.clone(),
            status: round.status(),
            sign_off: round.sign_off(),
            files: records
                .iter()
                .map(|r| files[r.index].display().to_string())
                .collect(),
            result: score::score(self.model, &assessment, options),
        })
    }
}

pub use crate::assessments::{collect_files, paths_or_config as resolve_paths, read_catalog};

/// [`crate::parallel::map`], its worker failure as this command's error.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Result<Vec<R>> {
    crate::parallel::map(items, f).map_err(Error::from)
}

/// The file name of the chart beside `out` (`out` with `.svg`).
pub fn chart_name(out: &Path) -> Result<String> {
    let chart_path = out.with_extension("svg");
    match chart_path.file_name() {
        Some(name) if out.file_name().is_some() && chart_path != out => {
            Ok(name.to_string_lossy().into_owned())
        }
        _ => Err(Error::Usage(format!(
            "-o {}: give the Markdown file's name, e.g. -o portfolio.md (the chart goes beside it as .svg)",
            out.display()
        ))),
    }
}

/// Writes the Markdown to `out` and a chart beside it (`out` with `.svg`), chart first.
/// Neither may replace a file read (`inputs`, by identity: docs/security.md).
pub fn write_with_chart(
    out: &Path,
    markdown: &str,
    chart: &str,
    inputs: &crate::input::Inputs,
) -> Result<Outcome> {
    chart_name(out)?;
    super::output_folder(out)?;
    let chart_path = out.with_extension("svg");
    for output in [out, chart_path.as_path()] {
        if let Some(input) = inputs.find(output) {
            return Err(Error::Usage(format!(
                "-o {}: writing {} would overwrite the answers file {}",
                crate::sanitize::terminal_line(&out.display().to_string()),
                crate::sanitize::terminal_line(&output.display().to_string()),
                crate::sanitize::terminal_line(&input.display().to_string())
            )));
        }
    }
    // Both staged before either is put in place: a failed Markdown leaves no chart behind.
    write_all(&[(&chart_path, chart.as_bytes()), (out, markdown.as_bytes())])
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    Ok(Outcome::output(format!(
        "wrote {} and {}\n",
        crate::sanitize::terminal_line(&out.display().to_string()),
        crate::sanitize::terminal_line(&chart_path.display().to_string())
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_worker_is_an_error() {
        let items: Vec<u32> = (0..50).collect();
        let err = parallel_map(&items, |_, i| if *i == 37 { panic!("boom") } else { *i }).unwrap_err();
        assert!(err.to_string().starts_with("internal error"), "{err}");
        assert_eq!(parallel_map(&items, |_, i| i * 2).unwrap()[49], 98);
    }
}
