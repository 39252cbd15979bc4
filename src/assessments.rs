//! Which files make up which assessment, for every command (docs/record.md).
//!
//! Discovery: files named, and `*.yaml`/`*.yml` in folders, recursively; YAML files without a
//! top-level `aima` key are skipped and counted. Grouping: a file's **system** is
//! `assessment.system`, else the name of the folder that holds it; its **round** is
//! `assessment.round`, else its date. The files of one system and round are one assessment,
//! whatever their dates; the assessment's date is the latest of its files' dates. Rounds of a
//! system are ordered by that date (then by round id).
//!
//! Reading is on all cores; each file is reduced at once to a compact
//! [`FileRecord`], so memory grows with a few hundred bytes per file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::answers::Targets;
use crate::answers::{Date, SignOff, Status};
use crate::base::diag::{Pos, Problem, Problems, shown, shown_id};
use crate::base::error::{Error, Result};
use crate::base::input;
use crate::config::Config;
use crate::model::Model;
use crate::portfolio::{FileRecord, QuestionIndex, Read, Scored, days_since_epoch};
use crate::profiles::Profile;
use crate::score::{self, Options};

/// Two assessments of one system this close (days) that answer disjoint questions look like
/// team files of one round.
pub const TEAM_FILE_WINDOW_DAYS: i64 = 30;

/// One assessment: the files of one system and round.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// The round id (`assessment.round`, else the date).
    pub id: String,
    /// The latest of its files' dates.
    pub date: Date,
    pub files: Vec<FileRecord>,
}

impl Round {
    /// The least advanced status of its files (a file without one is a draft).
    pub fn status(&self) -> Status {
        self.files
            .iter()
            .map(|f| f.status.unwrap_or_default())
            .min()
            .unwrap_or_default()
    }

    /// The sign-offs of its files, each once.
    pub fn sign_off(&self) -> Vec<SignOff> {
        let mut all: Vec<SignOff> = Vec::new();
        for s in self.files.iter().flat_map(|f| f.sign_off.iter()) {
            if !all.contains(s) {
                all.push(s.clone());
            }
        }
        all
    }
}

/// Files grouped by system, then round (oldest first): each round is one assessment.
#[derive(Debug, Default)]
pub struct Catalog {
    pub systems: BTreeMap<String, Vec<Round>>,
    /// YAML files without an `aima` key.
    pub skipped: usize,
}

impl Catalog {
    /// Groups records by system and round (docs/record.md).
    pub fn group(records: Vec<FileRecord>, skipped: usize) -> Catalog {
        let mut by: BTreeMap<String, BTreeMap<String, Vec<FileRecord>>> = BTreeMap::new();
        for r in records {
            by.entry(r.system.clone())
                .or_default()
                .entry(r.round.clone())
                .or_default()
                .push(r);
        }
        let systems = by
            .into_iter()
            .map(|(system, rounds)| {
                let mut rounds: Vec<Round> = rounds
                    .into_iter()
                    .map(|(id, mut files)| {
                        files.sort_by_key(|f| f.index);
                        let date = files.iter().map(|f| f.date).max().unwrap_or(files[0].date);
                        Round { id, date, files }
                    })
                    .collect();
                rounds.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
                (system, rounds)
            })
            .collect();
        Catalog { systems, skipped }
    }

    /// How many assessments (system and round) there are.
    pub fn assessments(&self) -> usize {
        self.systems.values().map(Vec::len).sum()
    }

    /// The rounds of `system`, oldest first.
    pub fn rounds(&self, system: &str) -> Option<&[Round]> {
        self.systems.get(system).map(Vec::as_slice)
    }

    /// Warnings for assessments that look like team files of one round (docs/record.md).
    pub fn team_file_warnings(&self, files: &[PathBuf]) -> Vec<String> {
        let name = |i: usize| {
            files.get(i).map_or_else(String::new, |p| {
                crate::base::sanitize::terminal_line(&p.display().to_string()).into_owned()
            })
        };
        let summaries: Vec<RoundSummary> = self
            .systems
            .iter()
            .flat_map(|(system, rounds)| {
                rounds.iter().map(move |r| RoundSummary {
                    system: system.clone(),
                    id: r.id.clone(),
                    date: r.date,
                    answered: answered(r),
                    files: r
                        .files
                        .iter()
                        .map(|f| name(f.index))
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            })
            .collect();
        team_file_warnings(&summaries)
    }
}

/// What the team-file warning needs of one assessment.
#[derive(Debug, Clone)]
pub struct RoundSummary {
    pub system: String,
    pub id: String,
    pub date: Date,
    /// Which questions (in model order) it answers.
    pub answered: Vec<bool>,
    /// Its files, as one phrase.
    pub files: String,
}

/// Two assessments of one system within [`TEAM_FILE_WINDOW_DAYS`] of each other that answer
/// disjoint sets of questions look like team files of one round: one warning per pair.
pub fn team_file_warnings(rounds: &[RoundSummary]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in rounds.iter().enumerate() {
        for b in rounds.iter().skip(i + 1).filter(|b| b.system == a.system) {
            let (a, b) = if a.date <= b.date { (a, b) } else { (b, a) };
            let days = days_since_epoch(b.date) - days_since_epoch(a.date);
            if days <= TEAM_FILE_WINDOW_DAYS && disjoint(&a.answered, &b.answered) {
                out.push(team_file_warning(a, b, days));
            }
        }
    }
    out
}

/// Which questions (in model order) a round answers.
fn answered(round: &Round) -> Vec<bool> {
    let n = round.files.first().map_or(0, |f| f.words.len());
    let mut out = vec![false; n];
    for f in &round.files {
        for (slot, w) in out.iter_mut().zip(f.words.iter()) {
            *slot |= w.is_some();
        }
    }
    out
}

/// True when both answer something and nothing in common.
fn disjoint(a: &[bool], b: &[bool]) -> bool {
    a.iter().any(|x| *x) && b.iter().any(|x| *x) && !a.iter().zip(b).any(|(x, y)| *x && *y)
}

fn team_file_warning(a: &RoundSummary, b: &RoundSummary, days: i64) -> String {
    format!(
        "warning: system `{}`: the assessments of round `{}` ({}) and round `{}` ({}) are {days} day{} \
         apart and answer disjoint questions: they look like team files of one round; give them the same \
         `assessment.round` (e.g. `round: {:04}-{:02}`)",
        shown_id(&a.system),
        shown_id(&a.id),
        a.files,
        shown_id(&b.id),
        b.files,
        if days == 1 { "" } else { "s" },
        b.date.year,
        b.date.month
    )
}

/// The PATHs given, else `portfolio.paths` of aima.toml.
pub fn paths_or_config(given: &[PathBuf], config: Option<&Config>) -> Result<Vec<PathBuf>> {
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

/// Finds, reads and checks every file on all cores, and groups them. Every problem of
/// every file is returned together.
pub fn read_catalog(model: &Model, paths: &[PathBuf]) -> Result<(Catalog, Vec<PathBuf>)> {
    let (records, skipped, files) = read_records(model, paths)?;
    Ok((Catalog::group(records, skipped), files))
}

/// What [`read_catalog`] groups: the records of the answers files under `paths`, how many
/// YAML files were skipped, and the files read (records index them).
pub fn read_records(model: &Model, paths: &[PathBuf]) -> Result<(Vec<FileRecord>, usize, Vec<PathBuf>)> {
    let files = collect_files(paths).map_err(Error::Files)?;
    let index = QuestionIndex::new(model);
    let reads = crate::base::parallel::map(&files, |i, path| read_one(model, &index, i, path))
        .map_err(Error::from)?;
    let mut records = Vec::new();
    let mut skipped = 0;
    let mut problems = Problems::new();
    for read in reads {
        match read {
            Read::Skipped => skipped += 1,
            Read::Record(r) => records.push(r),
            Read::Bad(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok((records, skipped, files))
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

/// The answers files under `paths` (found as [`collect_files`] does; YAML files without a
/// top-level `aima` key left out; a file that cannot be read is kept, for its error).
pub fn answers_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let files = collect_files(paths).map_err(Error::Files)?;
    let keep = crate::base::parallel::map(&files, |_, path| {
        input::read_yaml(path, &path.display().to_string())
            .map_or(true, |node| crate::portfolio::is_answers_file(&node))
    })
    .map_err(Error::from)?;
    Ok(files
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(f, _)| f)
        .collect())
}

/// The name of the folder that holds `path` (the system when the file names none).
pub fn folder_name(path: &Path) -> String {
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
/// links to folders are not followed (no loops); a path named twice is read once. A FIFO,
/// device or socket with such a name is listed too, so reading it is refused by name.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Problems> {
    collect(paths, crate::base::input::is_yaml, |_| true)
}

/// True for a DSSE envelope's file name (`*.dsse.json`, not hidden).
pub fn is_envelope(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".dsse.json") && !n.starts_with('.'))
}

/// The envelopes (`*.dsse.json`) named, and in folders, found as [`collect_files`] finds
/// answers files (docs/attestation.md).
pub fn collect_envelopes(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Problems> {
    collect(paths, is_envelope, is_envelope)
}

/// Files named (those `named` accepts) and, in folders, those `found` accepts.
fn collect(
    paths: &[PathBuf],
    found: fn(&Path) -> bool,
    named: fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, Problems> {
    let mut files = Vec::new();
    let mut problems = Problems::new();
    for path in paths {
        let display = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, found, &mut files, &mut problems),
            Ok(_) if named(path) => files.push(path.clone()),
            Ok(_) => {}
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

fn walk_dir(root: &Path, accept: fn(&Path) -> bool, files: &mut Vec<PathBuf>, problems: &mut Problems) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match crate::base::input::list_folder(&dir, usize::MAX) {
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
        let names: Vec<(PathBuf, bool)> = entries
            .into_iter()
            .filter(|e| e.is_dir || (e.is_file && accept(&e.path)))
            .map(|e| (e.path, e.is_dir))
            .collect();
        // Sub-folders go on the stack in reverse, so they are walked in name order.
        for (path, is_dir) in names.iter().rev() {
            if *is_dir {
                stack.push(path.clone());
            }
        }
        files.extend(names.into_iter().filter(|(_, d)| !d).map(|(p, _)| p));
    }
}

/// How assessments are scored: the model, aima.toml and the command line's target options.
pub struct Scoring<'a> {
    pub model: &'a Model,
    pub index: QuestionIndex<'a>,
    pub config: Option<&'a Config>,
    pub target: Option<u8>,
    pub profile: Option<&'a str>,
    pub profiles: &'a [Profile],
}

impl<'a> Scoring<'a> {
    /// Scoring with `profiles` (loaded by the caller, and only when `--profile` or a system
    /// in aima.toml names one), no `--target` and no `--profile`.
    pub fn new(model: &'a Model, config: Option<&'a Config>, profiles: &'a [Profile]) -> Scoring<'a> {
        Scoring {
            model,
            index: QuestionIndex::new(model),
            config,
            target: None,
            profile: None,
            profiles,
        }
    }

    /// The target layers of `system`.
    pub fn layers(&self, system: &str) -> Result<Vec<Targets>> {
        crate::context::target_layers(self.profiles, self.config, Some(system), self.profile)
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

/// The paths of the files of `round` (`files`: those the catalog was read from).
pub fn round_files(round: &Round, files: &[PathBuf]) -> Vec<PathBuf> {
    round.files.iter().map(|f| files[f.index].clone()).collect()
}

/// The rounds of `system`, or the error that it has no files under `paths`.
pub fn system_rounds<'c>(catalog: &'c Catalog, paths: &[PathBuf], system: &str) -> Result<&'c [Round]> {
    catalog.rounds(system).ok_or_else(|| {
        let under: Vec<String> = paths.iter().map(|p| shown_id(&p.display().to_string())).collect();
        let known: Vec<String> = catalog
            .systems
            .keys()
            .map(|s| format!("`{}`", shown_id(s)))
            .collect();
        let known = if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        };
        Error::Usage(format!(
            "--system {}: no answers files of system `{}` under {} (systems found: {known})",
            shown_id(system),
            shown_id(system),
            under.join(", ")
        ))
    })
}

/// The round `round` of `system` (`None` or `latest`: the latest), or a usage error that
/// lists the rounds there are.
pub fn pick_round<'c>(
    catalog: &'c Catalog,
    paths: &[PathBuf],
    system: &str,
    round: Option<&str>,
) -> Result<&'c Round> {
    let rounds = system_rounds(catalog, paths, system)?;
    match round {
        None | Some("latest") => rounds.last().ok_or_else(|| no_answers_files(catalog)),
        Some(id) => rounds
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| unknown_round(system, id, rounds)),
    }
}

/// The error for a round `id` that `system` does not have.
pub fn unknown_round(system: &str, id: &str, rounds: &[Round]) -> Error {
    let ids: Vec<String> = rounds.iter().map(|r| format!("`{}`", shown_id(&r.id))).collect();
    Error::Usage(format!(
        "--round {}: system `{}` has no round `{}`; its rounds, oldest first: {}",
        shown_id(id),
        shown_id(system),
        shown_id(id),
        ids.join(", ")
    ))
}

/// The two rounds `diff --system` compares: `OLD..NEW` (either may be `latest`), else the
/// previous round and the latest.
pub fn round_pair<'c>(
    catalog: &'c Catalog,
    paths: &[PathBuf],
    system: &str,
    spec: Option<&str>,
) -> Result<(&'c Round, &'c Round)> {
    let rounds = system_rounds(catalog, paths, system)?;
    let Some(spec) = spec else {
        return match rounds {
            [.., old, new] => Ok((old, new)),
            _ => Err(Error::Usage(format!(
                "--system {}: system `{}` has one round (`{}`): there is nothing to compare it with yet",
                shown_id(system),
                shown_id(system),
                shown_id(&rounds[0].id)
            ))),
        };
    };
    let Some((old, new)) = spec.split_once("..") else {
        return Err(Error::Usage(format!(
            "--round {}: diff compares two rounds: give --round OLD..NEW (e.g. --round 2026-H1..2026-H2)",
            shown(spec)
        )));
    };
    let old = pick_round(catalog, paths, system, Some(old))?;
    let new = pick_round(catalog, paths, system, Some(new))?;
    Ok((old, new))
}

/// How old (days) an assessment may be before it is stale, without `max_age_days`.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 365;

/// The warning for an assessment dated `date` that is older than aima.toml's
/// `portfolio.max_age_days` (else [`DEFAULT_MAX_AGE_DAYS`]) on `today` (report and check).
pub fn stale_warning(date: Option<Date>, today: Date, config: Option<&Config>) -> Option<String> {
    let date = date?;
    let max = config
        .and_then(|c| c.portfolio.max_age_days)
        .unwrap_or(DEFAULT_MAX_AGE_DAYS);
    let age = days_since_epoch(today) - days_since_epoch(date);
    (age > i64::from(max)).then(|| {
        format!(
            "warning: the assessment is {age} days old (dated {date}), older than max_age_days {max}: \
             assess it again (aima assess FILE --from OLD)"
        )
    })
}

/// The error for PATHs that hold no answers file.
pub fn no_answers_files(catalog: &Catalog) -> Error {
    let skipped = match catalog.skipped {
        0 => String::new(),
        1 => "; 1 YAML file skipped".to_string(),
        n => format!("; {n} YAML files skipped"),
    };
    Error::Usage(format!(
        "no answers files found (YAML files with a top-level `aima` key){skipped}"
    ))
}
