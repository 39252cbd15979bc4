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
use crate::cli::{ListFormat, PortfolioArgs};
use crate::config::Config;
use crate::diag::{Pos, Problem, Problems};
use crate::error::{Error, Result, exit};
use crate::input;
use crate::model::Model;
use crate::portfolio::{
    Catalog, FileRecord, Latest, Portfolio, QuestionIndex, Read, RowContext, Scored, system_row,
};
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
    if args.check && !portfolio.passed() {
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
    let mut jobs: Vec<(&str, Date, &[FileRecord], bool)> = Vec::new();
    for (system, dates) in &catalog.systems {
        let recent: Vec<Date> = dates.keys().rev().take(2).copied().collect();
        for (date, records) in dates {
            if recent.contains(date) || records.len() > 1 {
                jobs.push((system, *date, records, recent.contains(date)));
            }
        }
    }
    let layers = scoring.layers_by_system(catalog)?;
    // Summarised at once: a full score result is some ten kilobytes of text.
    let scored = parallel_map(&jobs, |_, (system, _, records, _)| {
        scoring.score(records, files, &layers[*system]).map(Latest::from)
    })?;
    let mut problems = Problems::new();
    let mut by_system: BTreeMap<&str, Vec<Latest>> = BTreeMap::new();
    for ((system, _, _, keep), result) in jobs.iter().zip(scored) {
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

    /// Scores the assessment of `records` (one system, one date): one file as recorded,
    /// several merged as team files (read again, so conflicts are located as `score` does).
    pub fn score(
        &self,
        records: &[FileRecord],
        files: &[PathBuf],
        layers: &[Targets],
    ) -> Result<Scored, Problems> {
        let assessment = match records {
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
            date: records[0].date,
            files: records
                .iter()
                .map(|r| files[r.index].display().to_string())
                .collect(),
            result: score::score(self.model, &assessment, options),
        })
    }
}

/// The PATHs given, else `portfolio.paths` of aima.toml.
pub fn resolve_paths(given: &[PathBuf], config: Option<&Config>) -> Result<Vec<PathBuf>> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    match config {
        Some(c) if !c.portfolio.paths.is_empty() => {
            let cwd = std::env::current_dir().unwrap_or_default();
            Ok(c.portfolio.paths.iter().map(|p| relative(p, &cwd)).collect())
        }
        Some(c) => Err(Error::Usage(format!(
            "no PATH given and {} sets no `portfolio.paths`: give files or folders of answers files",
            c.display
        ))),
        None => Err(Error::Usage(
            "no PATH given and no aima.toml found: give files or folders of answers files, \
             or set `portfolio.paths` in aima.toml"
                .to_string(),
        )),
    }
}

/// `path` relative to `cwd` when it is below it or below one of its three nearest parents
/// (`assessments`, `../assessments`), so messages and outputs show short paths.
fn relative(path: &Path, cwd: &Path) -> PathBuf {
    for (ups, dir) in cwd.ancestors().take(4).enumerate() {
        if let Ok(rest) = path.strip_prefix(dir) {
            let mut out: PathBuf = std::iter::repeat_n("..", ups).collect();
            out.push(rest);
            return if out.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                out
            };
        }
    }
    path.to_path_buf()
}

/// Finds, reads and checks every file on all cores. Every problem of every file is
/// returned together.
pub fn read_catalog(model: &Model, paths: &[PathBuf]) -> Result<(Catalog, Vec<PathBuf>)> {
    let files = collect_files(paths).map_err(Error::Files)?;
    let index = QuestionIndex::new(model);
    let reads = parallel_map(&files, |i, path| read_one(model, &index, i, path))?;
    let mut catalog = Catalog::default();
    let mut problems = Problems::new();
    for read in reads {
        match read {
            Read::Skipped => catalog.skipped += 1,
            Read::Record(r) => catalog.add(r),
            Read::Bad(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok((catalog, files))
    } else {
        Err(Error::Files(problems))
    }
}

fn read_one(model: &Model, index: &QuestionIndex, position: usize, path: &Path) -> Read {
    let display = path.display().to_string();
    let node = match input::read_yaml(path, &display) {
        Ok(node) => node,
        Err(p) => return Read::Bad(Problems { list: vec![p] }),
    };
    let folder = folder_name(path);
    crate::portfolio::record(model, index, (position, &display), &node, &folder)
}

/// The name of the folder that holds `path` (the system when the file names none).
fn folder_name(path: &Path) -> String {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::env::current_dir().unwrap_or_default(),
    };
    let parent = match parent.file_name() {
        Some(_) => parent,
        // `..` or `.`: the real folder's name.
        None => std::fs::canonicalize(&parent).unwrap_or(parent),
    };
    let name = parent.file_name().map(|n| n.to_string_lossy().into_owned());
    match name.as_deref() {
        Some(".") | Some("..") | None => std::fs::canonicalize(&parent)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "-".to_string()),
        Some(n) => n.to_string(),
    }
}

/// Files named, and `*.yaml`/`*.yml` in folders (recursively, in name order). Symbolic
/// links to folders are not followed (no loops); a path named twice is read once.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Problems> {
    let mut files = Vec::new();
    let mut problems = Problems::new();
    for path in paths {
        let display = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, &mut files, &mut problems),
            Ok(_) => files.push(path.clone()),
            Err(_) => problems.push(&display, Pos::FILE, "no such file or folder"),
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

fn walk_dir(root: &Path, files: &mut Vec<PathBuf>, problems: &mut Problems) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                problems.list.push(Problem::new(
                    dir.display().to_string(),
                    Pos::FILE,
                    format!("cannot read the folder: {e}"),
                ));
                continue;
            }
        };
        let mut names: Vec<(PathBuf, bool)> = entries
            .filter_map(std::result::Result::ok)
            .filter_map(|e| {
                let kind = e.file_type().ok()?;
                let path = e.path();
                let is_dir = kind.is_dir();
                let is_file = kind.is_file() || (kind.is_symlink() && path.is_file());
                (is_dir || (is_file && is_yaml(&path))).then_some((path, is_dir))
            })
            .collect();
        names.sort();
        // Sub-folders go on the stack in reverse, so they are walked in name order.
        for (path, is_dir) in names.iter().rev() {
            if *is_dir {
                stack.push(path.clone());
            }
        }
        files.extend(names.into_iter().filter(|(_, d)| !d).map(|(p, _)| p));
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

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
