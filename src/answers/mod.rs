//! Answers files: what an assessment says about each question, its metadata and targets.
//!
//! [`parse`] checks one file against the model and collects every problem; [`merge`]
//! combines several files (one per team, say) into one [`Assessment`]; [`write`] emits the
//! canonical file the interview saves and the blank worksheets.

pub mod edit;
pub mod evidence;
pub mod parse;
pub mod record;
pub mod sign;
pub mod write;

pub use record::{SignOff, Status};

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{IsTerminal as _, Read as _};
use std::path::{Path, PathBuf};

use crate::base::diag::{Pos, Problem, Problems, place, shown};
use crate::base::input;
use crate::base::yaml::{self, Node};
use crate::model::Model;

/// The answers-file format version this aima reads and writes (`aima: 1`).
pub const FORMAT_VERSION: i64 = 1;

/// An answer word (docs/answers-format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Word {
    Yes,
    Mostly,
    Partly,
    No,
    Na,
}

impl Word {
    pub const ALL: [Word; 5] = [Word::Yes, Word::Mostly, Word::Partly, Word::No, Word::Na];

    pub fn as_str(self) -> &'static str {
        match self {
            Word::Yes => "yes",
            Word::Mostly => "mostly",
            Word::Partly => "partly",
            Word::No => "no",
            Word::Na => "na",
        }
    }

    pub fn parse(text: &str) -> Option<Word> {
        Word::ALL.into_iter().find(|w| w.as_str() == text)
    }

    /// The toolkit value: yes 3, mostly 2, partly 1, no 0; `na` has none.
    pub fn value(self) -> Option<u8> {
        match self {
            Word::Yes => Some(3),
            Word::Mostly => Some(2),
            Word::Partly => Some(1),
            Word::No => Some(0),
            Word::Na => None,
        }
    }

    /// What the word means, for prompts and reports.
    pub fn meaning(self) -> &'static str {
        match self {
            Word::Yes => "criterion fully met",
            Word::Mostly => "mostly met",
            Word::Partly => "partly met",
            Word::No => "not met",
            Word::Na => "not applicable",
        }
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One question's entry. `word: None` is unanswered (a note may still be attached).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub word: Option<Word>,
    pub note: Option<String>,
    /// Evidence items, text or long form (docs/evidence.md).
    pub evidence: Vec<evidence::Evidence>,
    /// Why the question does not apply; present exactly when `word` is `na`.
    pub reason: Option<String>,
}

impl Answer {
    pub fn word(word: Word) -> Answer {
        Answer {
            word: Some(word),
            ..Answer::default()
        }
    }

    /// True when the short form (`ID: word` or `ID: ~`) says everything.
    pub fn is_short(&self) -> bool {
        self.note.is_none() && self.evidence.is_empty() && self.reason.is_none()
    }
}

/// A calendar date, YYYY-MM-DD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates (2026-02-30).
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = &text[r];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Today (UTC): the one clock of aima. `SOURCE_DATE_EPOCH` (seconds since 1970), when
    /// set, stands for the system clock, for reproducible outputs (docs/development.md).
    pub fn today() -> Date {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Optional metadata of an assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub organization: Option<String>,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<Date>,
    /// The AI system assessed (`assessment.system`).
    pub system: Option<String>,
    /// The team (or teams, comma-separated after a merge) that filled the files.
    pub team: Option<String>,
    /// `assessment.round`; without one, the date is the round (docs/record.md).
    pub round: Option<String>,
    /// `assessment.status`; `None` is a draft that does not say so.
    pub status: Option<Status>,
    pub sign_off: Vec<SignOff>,
    /// Sign-offs set aside when the assessment was reopened (`aima assess --reopen`).
    pub superseded: Vec<SignOff>,
}

impl Metadata {
    /// The round: `round`, else the date (docs/record.md).
    pub fn round_key(&self) -> Option<String> {
        self.round.clone().or_else(|| self.date.map(|d| d.to_string()))
    }

    /// The status, `draft` when none is given.
    pub fn status(&self) -> Status {
        self.status.unwrap_or_default()
    }

    /// This metadata for the next round of the same system (a re-assessment): organization,
    /// scope, system, team, assessor and date kept; round, status and sign-offs not, since
    /// they belong to the round assessed (docs/record.md).
    pub fn next_round(&self) -> Metadata {
        Metadata {
            round: None,
            status: None,
            sign_off: Vec::new(),
            superseded: Vec::new(),
            ..self.clone()
        }
    }
}

/// Target levels: a default, and per domain or practice code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub default: Option<u8>,
    /// Domain and practice codes with their targets, in file order.
    pub by_code: BTreeMap<String, u8>,
    /// Where these targets were set (docs/targets.md).
    pub source: TargetSource,
}

/// Where a target was set (docs/targets.md: one rule decides between them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum TargetSource {
    /// `targets:` of the answers files.
    #[default]
    Answers,
    /// `--target N`.
    CommandLine,
    /// The system's `targets` in aima.toml.
    Config,
    /// A use-case profile (its id).
    Profile(String),
    /// Level 2 for every practice, the lowest source of crosswalk coverage and check.
    Coverage,
}

impl TargetSource {
    /// The JSON form: `answers`, `command-line`, `aima.toml`, `profile:ID`, `coverage`.
    pub fn key(&self) -> String {
        match self {
            TargetSource::Answers => "answers".to_string(),
            TargetSource::CommandLine => "command-line".to_string(),
            TargetSource::Config => "aima.toml".to_string(),
            TargetSource::Profile(id) => format!("profile:{id}"),
            TargetSource::Coverage => "coverage".to_string(),
        }
    }

    /// For people: `the answers files`, `--target`, `aima.toml`, `profile ID`, `level 2`.
    pub fn label(&self) -> String {
        match self {
            TargetSource::Answers => "the answers files".to_string(),
            TargetSource::CommandLine => "--target".to_string(),
            TargetSource::Config => "aima.toml".to_string(),
            TargetSource::Profile(id) => format!("profile {id}"),
            TargetSource::Coverage => "level 2 (coverage)".to_string(),
        }
    }
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.default.is_none() && self.by_code.is_empty()
    }
}

/// One or more answers files, checked against the model and merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessment {
    /// The files it was read from, as the user named them.
    pub sources: Vec<String>,
    /// `id@version` of the model the answers were given against.
    pub model: String,
    pub metadata: Metadata,
    pub targets: Targets,
    /// Entries by question code. A missing code is unanswered.
    pub answers: BTreeMap<String, Answer>,
    /// The organisation's own evidence per clause, by `FRAMEWORK:CLAUSE` key (`clauses:`,
    /// docs/answers-format.md).
    pub clauses: BTreeMap<String, Answer>,
    /// Which file answered what, for the report.
    pub provenance: Provenance,
}

/// Where the answers of a merged assessment came from. It is not part of what the
/// assessment says, so it takes no part in comparisons: two assessments with the same
/// answers, metadata and targets are equal whichever team files they were merged from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The team each source names (`assessment.team`), in the order of `sources`.
    pub teams: Vec<Option<String>>,
    /// The source (an index into `sources`) that answered each answered question.
    pub origins: BTreeMap<String, usize>,
}

impl PartialEq for Provenance {
    fn eq(&self, _: &Provenance) -> bool {
        true
    }
}

impl Eq for Provenance {}

impl Assessment {
    /// A new, empty assessment against `model`.
    pub fn new(model: &Model) -> Assessment {
        Assessment {
            model: model.key(),
            ..Assessment::default()
        }
    }

    /// The answer word given to `code`, if any.
    pub fn word(&self, code: &str) -> Option<Word> {
        self.answers.get(code).and_then(|a| a.word)
    }

    /// The organisation's own evidence for clause `clause` of framework `framework`.
    pub fn clause(&self, framework: &str, clause: &str) -> Option<&Answer> {
        self.clauses.get(&format!("{framework}:{clause}"))
    }

    /// The `clauses:` entries of framework `framework`, as (clause id, answer), by key.
    pub fn clauses_of<'a>(&'a self, framework: &'a str) -> impl Iterator<Item = (&'a str, &'a Answer)> {
        self.clauses.iter().filter_map(move |(key, a)| {
            let (f, c) = crate::crosswalk::known::split(key)?;
            (f == framework).then_some((c, a))
        })
    }

    /// The sources (indexes into `sources`) that answered questions of the domain
    /// `domain`, in the order the files were given.
    pub fn sources_of_domain(&self, domain: &str) -> Vec<usize> {
        let prefix = format!("{domain}-");
        let used: std::collections::BTreeSet<usize> = self
            .provenance
            .origins
            .range(prefix.clone()..)
            .take_while(|(code, _)| code.starts_with(&prefix))
            .map(|(_, i)| *i)
            .collect();
        used.into_iter().collect()
    }

    /// A source as the report names it: `teams/gv.yaml (team governance)`.
    pub fn source_label(&self, index: usize) -> String {
        let file = self.sources.get(index).map_or("?", String::as_str);
        match self.provenance.teams.get(index).and_then(Option::as_ref) {
            Some(team) => format!("{file} (team {team})"),
            None => file.to_string(),
        }
    }

    /// How many of the model's questions have an answer word (`na` included).
    pub fn answered(&self, model: &Model) -> usize {
        model
            .questions()
            .filter(|q| self.word(&q.question.id).is_some())
            .count()
    }
}

/// Where one answers file is read from: a path, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    /// The name messages use.
    pub display: String,
}

/// The name standard input goes by in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// The answers files `paths` stand for: a folder stands for the `*.yaml`/`*.yml` files
/// directly in it (not recursive), sorted by name; `-` is standard input. A file named
/// twice (on its own and through its folder) is read once.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Source>, Problems> {
    let mut problems = Problems::new();
    let mut sources = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stdin_given = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_given {
                problems.push(
                    STDIN_NAME,
                    Pos::FILE,
                    "`-` (standard input) is given twice: it can be read only once",
                );
            }
            stdin_given = true;
            sources.push(Source {
                path: None,
                display: STDIN_NAME.to_string(),
            });
            continue;
        }
        let files = if path.is_dir() {
            match folder_files(path) {
                Ok(files) => files,
                Err(p) => {
                    problems.list.push(p);
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        for file in files {
            let key = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if seen.insert(key) {
                let display = file.display().to_string();
                sources.push(Source {
                    path: Some(file),
                    display,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(problems)
    }
}

/// The `*.yaml`/`*.yml` files directly in `dir`, sorted by name.
fn folder_files(dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let display = dir.display().to_string();
    let files = crate::base::input::yaml_files(dir, usize::MAX)
        .map_err(|e| Problem::new(&display, Pos::FILE, format!("cannot read the folder: {e}")))?;
    if files.is_empty() {
        return Err(Problem::new(
            &display,
            Pos::FILE,
            "the folder has no answers files (*.yaml or *.yml directly in it)",
        ));
    }
    Ok(files)
}

/// Reads and parses one source into a located YAML tree.
pub fn read_source(source: &Source) -> Result<Node, Problem> {
    match &source.path {
        Some(path) => input::read_yaml(path, &source.display),
        None => {
            let whole = |message: String| Problem::new(&source.display, Pos::FILE, message);
            if std::io::stdin().is_terminal() {
                return Err(whole(
                    "`-` reads an answers file from standard input, which is a terminal here: \
                     pipe or redirect a file in (`aima score - < answers.yaml`)"
                        .to_string(),
                ));
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(input::MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| whole(format!("cannot read standard input: {e}")))?;
            if bytes.len() as u64 > input::MAX_INPUT_BYTES {
                return Err(whole(format!(
                    "standard input is too large (over {} MiB)",
                    input::MAX_INPUT_BYTES / (1024 * 1024)
                )));
            }
            let text = yaml::text_of(&bytes).map_err(|(pos, m)| Problem::new(&source.display, pos, m))?;
            input::parse_yaml(text, &source.display)
        }
    }
}

/// Reads and checks every file `paths` stand for, each on its own. Every problem of every
/// file is returned.
pub fn load_files(model: &Model, paths: &[PathBuf]) -> Result<Vec<parse::AnswersFile>, Problems> {
    let sources = expand(paths)?;
    let mut problems = Problems::new();
    let mut files = Vec::new();
    for source in &sources {
        match read_source(source) {
            Ok(node) => {
                if let Some(file) = parse::parse(model, &source.display, &node, &mut problems) {
                    files.push(file);
                }
            }
            Err(p) => problems.list.push(p),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Reads, checks and merges answers files (folders and `-` included). Every problem of
/// every file is returned.
pub fn load(model: &Model, paths: &[PathBuf]) -> Result<Assessment, Problems> {
    merge(model, load_files(model, paths)?)
}

/// Checks and merges answers files given as bytes (`(display, bytes)`: files as they were
/// at a git revision). Every problem of every file is returned.
pub fn load_bytes(model: &Model, files: &[(String, &[u8])]) -> Result<Assessment, Problems> {
    let mut problems = Problems::new();
    let mut parsed = Vec::new();
    for (display, bytes) in files {
        let node = yaml::text_of(bytes).and_then(crate::base::yaml::parse);
        match node {
            Ok(node) => {
                if let Some(file) = parse::parse(model, display, &node, &mut problems) {
                    parsed.push(file);
                }
            }
            Err((pos, message)) => problems.list.push(Problem::new(display, pos, message)),
        }
    }
    if problems.is_empty() {
        merge(model, parsed)
    } else {
        Err(problems)
    }
}

/// Reads and checks one answers file on its own.
pub fn load_one(model: &Model, source: &Source) -> Result<parse::AnswersFile, Problems> {
    let mut problems = Problems::new();
    let node = read_source(source).map_err(|p| Problems { list: vec![p] })?;
    match parse::parse(model, &source.display, &node, &mut problems) {
        Some(file) if problems.is_empty() => Ok(file),
        _ => Err(problems),
    }
}

/// The files of an assessment in one short phrase: `a.yaml`, `a.yaml, b.yaml`, or for three
/// or more files in one folder `teams/2026-05/ (3 files)`.
pub fn sources_line(sources: &[String]) -> String {
    let parent = |s: &String| Path::new(s).parent().map(Path::to_path_buf);
    let first = sources.first().and_then(parent);
    match &first {
        Some(dir)
            if sources.len() > 2
                && !dir.as_os_str().is_empty()
                && sources.iter().all(|s| parent(s).as_ref() == Some(dir)) =>
        {
            format!("{}/ ({} files)", dir.display(), sources.len())
        }
        _ => sources.join(", "),
    }
}

/// Adds `value` to a comma-separated list unless it is already there.
fn join_distinct(slot: &mut Option<String>, value: &str) {
    match slot {
        Some(all) if !all.split(", ").any(|a| a == value) => {
            all.push_str(", ");
            all.push_str(value);
        }
        Some(_) => {}
        None => *slot = Some(value.to_string()),
    }
}

/// Merges checked files. The same question answered in two files, a target set to two
/// values, or metadata (organization, scope, system) that two files give differently are
/// errors naming both places; files of several rounds of one system are one error that
/// lists the rounds (docs/record.md). Assessors and teams are joined; the date is the
/// latest of the files' dates; sign-offs are gathered.
pub fn merge(model: &Model, files: Vec<parse::AnswersFile>) -> Result<Assessment, Problems> {
    if let Some(problem) = several_rounds(&files) {
        return Err(Problems { list: vec![problem] });
    }
    let mut merger = Merger {
        assessment: Assessment::new(model),
        ..Merger::default()
    };
    for (index, file) in files.into_iter().enumerate() {
        merger.assessment.sources.push(file.file.clone());
        merger
            .assessment
            .provenance
            .teams
            .push(file.metadata.team.as_ref().map(|(team, _)| team.clone()));
        merger.metadata(&file);
        merger.record(&file);
        merger.targets(&file);
        merger.clauses(index, &file);
        merger.answers(index, file);
    }
    merger.finish()
}

/// The round of a file (its `round`, else its date), with where it is written.
pub fn file_round(meta: &parse::FileMetadata) -> Option<(String, Pos)> {
    meta.round
        .clone()
        .or_else(|| meta.date.map(|(d, pos)| (d.to_string(), pos)))
}

/// The error for files of one system (as far as they say) that belong to several rounds:
/// located at the first file of another round than the first, listing every round.
fn several_rounds(files: &[parse::AnswersFile]) -> Option<Problem> {
    let systems: std::collections::BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.metadata.system.as_ref().map(|(s, _)| s.as_str()))
        .collect();
    if systems.len() > 1 {
        return None;
    }
    let mut rounds: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for f in files {
        if let Some((round, _)) = file_round(&f.metadata) {
            rounds.entry(round).or_default().push(&f.file);
        }
    }
    if rounds.len() < 2 {
        return None;
    }
    let first = files.iter().find_map(|f| file_round(&f.metadata))?.0;
    let (file, pos) = files.iter().find_map(|f| {
        let (round, pos) = file_round(&f.metadata)?;
        (round != first).then_some((f.file.as_str(), pos))
    })?;
    let list: Vec<String> = rounds
        .iter()
        .map(|(round, names)| {
            let more = names.len().saturating_sub(3);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "`{}` ({}{tail})",
                shown(round),
                names[..names.len().min(3)].join(", ")
            )
        })
        .collect();
    let system = systems
        .first()
        .map_or_else(|| "one system".to_string(), |s| format!("system `{}`", shown(s)));
    Some(Problem::new(
        file,
        pos,
        format!(
            "the files hold {} rounds of {system}: {}; a round is one assessment: give the files of one \
             round (or `--system ID --round ROUND`), or compare two with `aima diff OLD NEW` \
             (team files of one round filed on different days share `assessment.round`)",
            rounds.len(),
            list.join(", ")
        ),
    ))
}

/// The metadata fields that the files of one assessment must agree on.
const AGREED: [&str; 4] = ["organization", "scope", "system", "round"];

/// Merging state: the assessment so far and where each merged value came from.
#[derive(Default)]
struct Merger {
    assessment: Assessment,
    problems: Problems,
    /// Answers keep (file index, position), formatted only for a conflict: most files have
    /// none, and formatting a place per answer was a tenth of loading a file.
    answer_places: HashMap<String, (usize, Pos)>,
    /// Where each `clauses:` entry was given (file index, position).
    clause_places: HashMap<String, (usize, Pos)>,
    target_places: BTreeMap<String, (u8, String)>,
    /// The value of each [`AGREED`] field and where it was first given.
    agreed: [Option<(String, String)>; 4],
    /// The record: the files' latest date, a `round` given, each file's status (file,
    /// position) and every sign-off (file, position).
    record: MergedRecord,
    /// Files with an answer another file gives too: how many, and the last one not shown.
    conflicted: usize,
    unshown: Option<String>,
}

/// The most files whose answers clash with another file's that are named one by one (one
/// line each, counting its other clashes); the rest are summed up in one line.
const MAX_CONFLICTED_FILES: usize = 100;

#[derive(Default)]
struct MergedRecord {
    date: Option<Date>,
    round: Option<String>,
    statuses: Vec<(Status, usize, Pos)>,
    files_without_status: usize,
    sign_off: Vec<(SignOff, usize, Pos)>,
    superseded: Vec<SignOff>,
}

impl Merger {
    fn metadata(&mut self, file: &parse::AnswersFile) {
        let meta = &file.metadata;
        let values = [
            meta.organization.clone(),
            meta.scope.clone(),
            meta.system.clone(),
            file_round(meta),
        ];
        for (i, value) in values.into_iter().enumerate() {
            let Some((value, pos)) = value else { continue };
            match &self.agreed[i] {
                Some((existing, first)) if *existing != value => self.problems.push(
                    &file.file,
                    pos,
                    format!(
                        "`assessment.{}` is `{}` here but `{}` at {first}; files of one assessment must agree{}",
                        AGREED[i],
                        shown(&value),
                        shown(existing),
                        if AGREED[i] == "round" {
                            " (two rounds are two assessments: compare them with `aima diff OLD NEW`)"
                        } else {
                            ""
                        }
                    ),
                ),
                Some(_) => {}
                None => self.agreed[i] = Some((value, place(&file.file, pos))),
            }
        }
        for (value, slot) in [
            (&meta.assessor, &mut self.assessment.metadata.assessor),
            (&meta.team, &mut self.assessment.metadata.team),
        ] {
            if let Some((value, _)) = value {
                join_distinct(slot, value);
            }
        }
    }

    fn record(&mut self, file: &parse::AnswersFile) {
        let index = self.assessment.sources.len() - 1;
        let meta = &file.metadata;
        let r = &mut self.record;
        if let Some((date, _)) = meta.date {
            r.date = r.date.max(Some(date));
        }
        if let Some((round, _)) = &meta.round {
            r.round.get_or_insert_with(|| round.clone());
        }
        match meta.status {
            Some((status, pos)) => r.statuses.push((status, index, pos)),
            None => r.files_without_status += 1,
        }
        for (s, pos) in &meta.sign_off {
            r.sign_off.push((s.clone(), index, *pos));
        }
        for (s, _) in &meta.superseded {
            if !r.superseded.contains(s) {
                r.superseded.push(s.clone());
            }
        }
    }

    /// The record of the merged files against their latest date: each file was checked
    /// against its own date already.
    fn check_record(&mut self) {
        let r = &self.record;
        let sources = &self.assessment.sources;
        for (s, i, pos) in &r.sign_off {
            let one = [(s.clone(), *pos)];
            for (pos, message) in record::early(r.date, &one) {
                self.problems.push(&sources[*i], pos, message);
            }
        }
        let finals = r.statuses.iter().filter(|(s, _, _)| *s == Status::Final);
        if let Some((_, i, pos)) = finals.clone().next()
            && r.files_without_status == 0
            && r.statuses.iter().all(|(s, _, _)| *s == Status::Final)
            && let Some(message) = record::unapproved(r.date, r.sign_off.iter().map(|(s, _, _)| s))
        {
            self.problems.push(&sources[*i], *pos, message);
        }
    }

    fn targets(&mut self, file: &parse::AnswersFile) {
        let mut targets: Vec<(String, u8, Pos)> = file.targets.clone();
        if let Some((value, pos)) = file.default_target {
            targets.push(("default".to_string(), value, pos));
        }
        for (code, value, pos) in targets {
            match self.target_places.get(&code) {
                Some((existing, first)) if *existing != value => self.problems.push(
                    &file.file,
                    pos,
                    format!("target `{code}` is {value} here but {existing} at {first}"),
                ),
                Some(_) => {}
                None => {
                    self.target_places
                        .insert(code.clone(), (value, place(&file.file, pos)));
                    if code == "default" {
                        self.assessment.targets.default = Some(value);
                    } else {
                        self.assessment.targets.by_code.insert(code, value);
                    }
                }
            }
        }
    }

    /// `clauses:` of one file: a clause given in two files is an error naming both places,
    /// as a question answered twice is.
    fn clauses(&mut self, index: usize, file: &parse::AnswersFile) {
        let a = &mut self.assessment;
        for (key, pos, answer) in &file.clauses {
            if let Some((i, p)) = self.clause_places.get(key) {
                self.problems.push(
                    &file.file,
                    *pos,
                    format!(
                        "clause {} is given in two files: here and at {}",
                        crate::base::sanitize::terminal_line(key),
                        place(&a.sources[*i], *p)
                    ),
                );
                continue;
            }
            self.clause_places.insert(key.clone(), (index, *pos));
            a.clauses.insert(key.clone(), answer.clone());
        }
    }

    fn answers(&mut self, index: usize, file: parse::AnswersFile) {
        let a = &mut self.assessment;
        // The first question this file answers that another did too, and how many there are.
        let mut clash: Option<(Pos, String)> = None;
        let mut clashes = 0usize;
        for (code, pos, answer) in file.answers {
            let given = answer.word.is_some();
            match a.answers.get_mut(&code) {
                Some(existing) if existing.word.is_some() && given => {
                    clashes += 1;
                    if clash.is_none() {
                        let first = (self.answer_places.get(&code))
                            .map_or_else(|| "?".to_string(), |(i, p)| place(&a.sources[*i], *p));
                        clash = Some((
                            pos,
                            format!("{code} is answered in two files: here and at {first}"),
                        ));
                    }
                }
                Some(existing) if given => {
                    *existing = answer;
                    a.provenance.origins.insert(code.clone(), index);
                    self.answer_places.insert(code, (index, pos));
                }
                Some(_) => {}
                None => {
                    if given {
                        a.provenance.origins.insert(code.clone(), index);
                    }
                    self.answer_places.insert(code.clone(), (index, pos));
                    a.answers.insert(code, answer);
                }
            }
        }
        if let Some((pos, message)) = clash {
            self.clash(&file.file, pos, message, clashes);
        }
    }

    /// One line for a file whose answers clash with another file's (at most
    /// [`MAX_CONFLICTED_FILES`] such lines; the rest are counted for one more).
    fn clash(&mut self, file: &str, pos: Pos, mut message: String, clashes: usize) {
        self.conflicted += 1;
        if self.conflicted > MAX_CONFLICTED_FILES {
            self.unshown = Some(file.to_string());
            return;
        }
        if clashes > 1 {
            let more = clashes - 1;
            message.push_str(&format!(
                " (and {more} more question{} of this file answered in another file)",
                if more == 1 { "" } else { "s" }
            ));
        }
        self.problems.push(file, pos, message);
    }

    fn finish(mut self) -> Result<Assessment, Problems> {
        if let Some(last) = &self.unshown {
            let more = self.conflicted - MAX_CONFLICTED_FILES;
            let message = format!(
                "and {more} more file{} (this one the last) answer questions that another file answers \
                 too; the first {MAX_CONFLICTED_FILES} are shown",
                if more == 1 { "" } else { "s" }
            );
            self.problems.push(last, Pos::FILE, message);
        }
        if self.assessment.sources.len() > 1 {
            self.check_record();
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let [organization, scope, system, _] = self.agreed.map(|v| v.map(|(value, _)| value));
        let r = self.record;
        let meta = &mut self.assessment.metadata;
        meta.organization = organization;
        meta.scope = scope;
        meta.system = system;
        meta.date = r.date;
        meta.round = r.round;
        // The least advanced status: one draft team file keeps the whole round a draft.
        meta.status = r.statuses.iter().map(|(s, _, _)| *s).min().map(|s| {
            if r.files_without_status > 0 {
                Status::Draft
            } else {
                s
            }
        });
        let mut sign_off: Vec<SignOff> = Vec::new();
        for (s, _, _) in r.sign_off {
            if !sign_off.contains(&s) {
                sign_off.push(s);
            }
        }
        meta.sign_off = sign_off;
        meta.superseded = r.superseded;
        Ok(self.assessment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            Date::parse("2026-11-20"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 20
            })
        );
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "20261120",
            "2026-11-20T10",
            "２０２６-11-20",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn sources_in_one_folder_are_named_by_the_folder() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(sources_line(&names(&["a.yaml"])), "a.yaml");
        assert_eq!(
            sources_line(&names(&["t/a.yaml", "t/b.yaml"])),
            "t/a.yaml, t/b.yaml"
        );
        assert_eq!(
            sources_line(&names(&["t/r1/a.yaml", "t/r1/b.yaml", "t/r1/c.yaml"])),
            "t/r1/ (3 files)"
        );
        assert_eq!(
            sources_line(&names(&["a.yaml", "b.yaml", "c.yaml"])),
            "a.yaml, b.yaml, c.yaml"
        );
        assert_eq!(
            sources_line(&names(&["t/a.yaml", "u/b.yaml", "t/c.yaml"])),
            "t/a.yaml, u/b.yaml, t/c.yaml"
        );
    }

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(20_414).to_string(), "2025-11-22");
        assert_eq!(Date::from_days_since_epoch(11_016).to_string(), "2000-02-29");
    }
}
