//! Answers files: what an assessment says about each question, its metadata and targets.
//!
//! [`parse`] checks one file against the model and collects every problem; [`merge`]
//! combines several files (one per team, say) into one [`Assessment`]; [`write`] emits the
//! canonical file the interview saves and the blank worksheets.

pub mod parse;
pub mod write;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::diag::{Pos, Problems, place, shown};
use crate::input;
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
    pub evidence: Vec<String>,
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

    /// Today's date (UTC) from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
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
}

/// Target levels: a default, and per domain or practice code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub default: Option<u8>,
    /// Domain and practice codes with their targets, in file order.
    pub by_code: BTreeMap<String, u8>,
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
}

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

    /// How many of the model's questions have an answer word (`na` included).
    pub fn answered(&self, model: &Model) -> usize {
        model
            .questions()
            .filter(|q| self.word(&q.question.id).is_some())
            .count()
    }
}

/// Reads, checks and merges answers files. Every problem of every file is returned.
pub fn load(model: &Model, paths: &[PathBuf]) -> Result<Assessment, Problems> {
    let mut problems = Problems::new();
    let mut files = Vec::new();
    for path in paths {
        let display = path.display().to_string();
        match input::read_yaml(path, &display) {
            Ok(node) => {
                if let Some(file) = parse::parse(model, &display, &node, &mut problems) {
                    files.push(file);
                }
            }
            Err(p) => problems.list.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    merge(model, files)
}

/// Reads and checks one answers file on its own.
pub fn load_one(
    model: &Model,
    path: &std::path::Path,
    display: &str,
) -> Result<parse::AnswersFile, Problems> {
    let mut problems = Problems::new();
    let node = input::read_yaml(path, display).map_err(|p| Problems { list: vec![p] })?;
    match parse::parse(model, display, &node, &mut problems) {
        Some(file) if problems.is_empty() => Ok(file),
        _ => Err(problems),
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
/// values, or two different organizations or scopes are errors naming both places.
pub fn merge(model: &Model, files: Vec<parse::AnswersFile>) -> Result<Assessment, Problems> {
    let mut problems = Problems::new();
    let mut assessment = Assessment::new(model);
    // Where each merged value came from, for messages.
    // Answers keep (file index, position), formatted only for a conflict: most files have
    // none, and formatting a place per answer was a tenth of loading a file.
    let mut answer_places: std::collections::HashMap<String, (usize, Pos)> = std::collections::HashMap::new();
    let mut target_places: BTreeMap<String, (u8, String)> = BTreeMap::new();
    let mut meta_places: [Option<String>; 3] = [None, None, None];
    for (index, file) in files.into_iter().enumerate() {
        assessment.sources.push(file.file.clone());
        let here = |pos: Pos| place(&file.file, pos);
        for (i, (field, value)) in [
            ("organization", &file.metadata.organization),
            ("scope", &file.metadata.scope),
            ("system", &file.metadata.system),
        ]
        .into_iter()
        .enumerate()
        {
            let Some((value, pos)) = value else { continue };
            let slot = match i {
                0 => &mut assessment.metadata.organization,
                1 => &mut assessment.metadata.scope,
                _ => &mut assessment.metadata.system,
            };
            match slot {
                Some(existing) if existing != value => problems.push(
                    &file.file,
                    *pos,
                    format!(
                        "`assessment.{field}` is `{}` here but `{}` at {}; files of one assessment must agree",
                        shown(value),
                        shown(existing),
                        meta_places[i].as_deref().unwrap_or("?")
                    ),
                ),
                Some(_) => {}
                None => {
                    *slot = Some(value.clone());
                    meta_places[i] = Some(here(*pos));
                }
            }
        }
        for (value, slot) in [
            (&file.metadata.assessor, &mut assessment.metadata.assessor),
            (&file.metadata.team, &mut assessment.metadata.team),
        ] {
            if let Some((value, _)) = value {
                join_distinct(slot, value);
            }
        }
        if let Some((date, _)) = file.metadata.date {
            // Teams may finish on different days: the assessment is as of the latest.
            assessment.metadata.date = assessment.metadata.date.max(Some(date));
        }
        let mut targets: Vec<(String, u8, Pos)> = file.targets.clone();
        if let Some((value, pos)) = file.default_target {
            targets.push(("default".to_string(), value, pos));
        }
        for (code, value, pos) in targets {
            match target_places.get(&code) {
                Some((existing, first)) if *existing != value => problems.push(
                    &file.file,
                    pos,
                    format!("target `{code}` is {value} here but {existing} at {first}"),
                ),
                Some(_) => {}
                None => {
                    target_places.insert(code.clone(), (value, here(pos)));
                    if code == "default" {
                        assessment.targets.default = Some(value);
                    } else {
                        assessment.targets.by_code.insert(code, value);
                    }
                }
            }
        }
        for (code, pos, answer) in file.answers {
            let given = answer.word.is_some();
            match assessment.answers.get_mut(&code) {
                Some(existing) if existing.word.is_some() && given => problems.push(
                    &file.file,
                    pos,
                    format!(
                        "{code} is answered in two files: here and at {}",
                        answer_places
                            .get(&code)
                            .map_or_else(|| "?".to_string(), |(i, p)| place(&assessment.sources[*i], *p))
                    ),
                ),
                Some(existing) if given => {
                    *existing = answer;
                    answer_places.insert(code, (index, pos));
                }
                Some(_) => {}
                None => {
                    answer_places.insert(code.clone(), (index, pos));
                    assessment.answers.insert(code, answer);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(assessment)
    } else {
        Err(problems)
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
    fn civil_dates_from_epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(20_414).to_string(), "2025-11-22");
        assert_eq!(Date::from_days_since_epoch(11_016).to_string(), "2000-02-29");
    }
}
