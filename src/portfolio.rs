//! The portfolio engine (pure; no I/O): answers files of many AI systems (grouped into
//! assessments by [`crate::assessments`]), the latest per system, and a system over time.
//!
//! Rules (docs/portfolio.md): a file's system is `assessment.system`, else the name of the
//! folder that holds it; its date is `assessment.date`, required here. The files of one
//! system and date are one assessment, merged as team files are. A system's row shows its
//! latest assessment; `change` compares its overall result with the previous assessment's by
//! the rule of `diff` ([`crate::diff::Status::of`]).
//!
//! Memory stays bounded by keeping, per file, only a [`FileRecord`]: its answer words in
//! model order (one byte each), its targets and where it came from; notes, evidence and
//! the parsed tree are dropped as soon as the file is checked.

use std::collections::HashMap;

use crate::answers::record::Status as RecordStatus;
use crate::answers::{self, Answer, Assessment, Date, SignOff, Word};
use crate::base::diag::{Pos, Problems};
use crate::base::yaml::{Node, Value};
use crate::diff::Status;
use crate::model::Model;
use crate::score::{Rating, ScoreResult};

/// One checked answers file, reduced to what scoring needs.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRecord {
    /// Index of the file in the list that was read (its name, and re-reading team files).
    pub index: usize,
    pub system: String,
    pub date: Date,
    /// `assessment.round`, else the date (docs/record.md).
    pub round: String,
    pub status: Option<RecordStatus>,
    pub sign_off: Vec<SignOff>,
    /// Answer words in model question order (`None`: unanswered).
    pub words: Box<[Option<Word>]>,
    /// Targets as (index in [`QuestionIndex`]'s target codes, level): no map per file.
    pub targets: Box<[(u8, u8)]>,
}

/// What reading one file gave.
#[derive(Debug)]
pub enum Read {
    /// YAML without a top-level `aima` key: not an answers file.
    Skipped,
    Record(FileRecord),
    Bad(Problems),
}

/// Question codes in model order, with their index, for [`FileRecord::words`].
pub struct QuestionIndex<'m> {
    codes: Vec<&'m str>,
    by_code: HashMap<&'m str, usize>,
    /// `default`, the domain codes, then the practice codes.
    target_codes: Vec<&'m str>,
}

impl<'m> QuestionIndex<'m> {
    pub fn new(model: &'m Model) -> QuestionIndex<'m> {
        let codes: Vec<&str> = model.questions().map(|q| q.question.id.as_str()).collect();
        let by_code = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        let target_codes = std::iter::once("default")
            .chain(model.domains.iter().map(|d| d.id.as_str()))
            .chain(model.practices().map(|(_, p)| p.id.as_str()))
            .collect();
        QuestionIndex {
            codes,
            by_code,
            target_codes,
        }
    }
}

/// True when `node` is a mapping with a top-level `aima` key.
pub fn is_answers_file(node: &Node) -> bool {
    match &node.value {
        Value::Map(entries) => entries.iter().any(|(k, _)| k.as_str() == Some("aima")),
        _ => false,
    }
}

/// Checks one parsed file. `folder` is the name of the folder that holds it (the system
/// when the file names none).
pub fn record(
    model: &Model,
    index: &QuestionIndex,
    (position, file): (usize, &str),
    node: &Node,
    folder: &str,
) -> Read {
    if !is_answers_file(node) {
        return Read::Skipped;
    }
    let mut problems = Problems::new();
    let parsed = answers::parse::parse(model, file, node, &mut problems);
    if !has_date(node) {
        problems.push(
            file,
            date_position(node),
            "`assessment.date` is missing: a portfolio orders each system's assessments by date (YYYY-MM-DD)",
        );
    }
    let (Some(parsed), true) = (parsed, problems.is_empty()) else {
        problems.list.sort_by_key(|p| p.pos);
        return Read::Bad(problems);
    };
    let Some((date, _)) = parsed.metadata.date else {
        return Read::Bad(problems);
    };
    let meta = &parsed.metadata;
    let round = answers::file_round(meta).map_or_else(|| date.to_string(), |(r, _)| r);
    let status = meta.status.map(|(s, _)| s);
    let sign_off = meta.sign_off.iter().map(|(s, _)| s.clone()).collect();
    let (words, targets) = compact(index, &parsed);
    let system = parsed
        .metadata
        .system
        .map_or_else(|| folder.to_string(), |(s, _)| s);
    Read::Record(FileRecord {
        index: position,
        system,
        date,
        round,
        status,
        sign_off,
        words,
        targets,
    })
}

/// A file's answers by question position, and its targets as (position, level).
type Compact = (Box<[Option<Word>]>, Box<[(u8, u8)]>);

/// A parsed file's answers and targets, by position in `index`: a few bytes per question.
fn compact(index: &QuestionIndex, parsed: &answers::parse::AnswersFile) -> Compact {
    let mut words = vec![None; index.codes.len()].into_boxed_slice();
    for (code, _, answer) in &parsed.answers {
        if let Some(&i) = index.by_code.get(code.as_str()) {
            words[i] = answer.word;
        }
    }
    let defaults = parsed
        .default_target
        .map(|(v, _)| ("default".to_string(), v, Pos::FILE));
    let targets = defaults
        .into_iter()
        .chain(parsed.targets.iter().cloned())
        .filter_map(|(code, value, _)| {
            let i = index.target_codes.iter().position(|c| *c == code)?;
            Some((u8::try_from(i).ok()?, value))
        })
        .collect();
    (words, targets)
}

/// True when the file has an `assessment.date` entry (checked by the answers parser).
fn has_date(node: &Node) -> bool {
    fn entry<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
    entry(node, "assessment")
        .and_then(|a| entry(a, "date"))
        .is_some_and(|d| !d.is_null())
}

/// Where a missing date is reported: the `assessment` mapping, else the top of the file.
fn date_position(node: &Node) -> Pos {
    if let Value::Map(entries) = &node.value
        && let Some((key, _)) = entries.iter().find(|(k, _)| k.as_str() == Some("assessment"))
    {
        return key.pos;
    }
    if node.pos.line == 0 {
        Pos::new(1, 1)
    } else {
        node.pos
    }
}

impl FileRecord {
    /// The record of an assessment read another way than from an answers file (a vendor's
    /// attestation, docs/attestation.md): file `position`, its answers and targets by
    /// position in `index`. `None` when it has no date.
    pub fn of_assessment(
        index: &QuestionIndex,
        position: usize,
        system: &str,
        a: &Assessment,
    ) -> Option<FileRecord> {
        let date = a.metadata.date?;
        let words = index.codes.iter().map(|c| a.word(c)).collect();
        let defaults = a.targets.default.map(|v| ("default", v));
        let targets = defaults
            .into_iter()
            .chain(a.targets.by_code.iter().map(|(c, v)| (c.as_str(), *v)))
            .filter_map(|(code, value)| {
                let i = index.target_codes.iter().position(|c| *c == code)?;
                Some((u8::try_from(i).ok()?, value))
            })
            .collect();
        Some(FileRecord {
            index: position,
            system: system.to_string(),
            date,
            round: a.metadata.round_key()?,
            status: a.metadata.status,
            sign_off: a.metadata.sign_off.clone(),
            words,
            targets,
        })
    }

    /// The assessment this one file holds, for scoring (answer words and targets only).
    pub fn assessment(&self, model: &Model, index: &QuestionIndex, file: &str) -> Assessment {
        let mut a = Assessment::new(model);
        a.sources.push(file.to_string());
        a.metadata.system = Some(self.system.clone());
        a.metadata.date = Some(self.date);
        a.metadata.status = self.status;
        a.metadata.sign_off = self.sign_off.clone();
        if self.round != self.date.to_string() {
            a.metadata.round = Some(self.round.clone());
        }
        for &(code, value) in &self.targets {
            match index.target_codes[usize::from(code)] {
                "default" => a.targets.default = Some(value),
                code => {
                    a.targets.by_code.insert(code.to_string(), value);
                }
            }
        }
        for (code, word) in index.codes.iter().zip(self.words.iter()) {
            if let Some(word) = word {
                a.answers.insert((*code).to_string(), Answer::word(*word));
            }
        }
        a
    }
}

/// A scored assessment.
#[derive(Debug, Clone)]
pub struct Scored {
    pub date: Date,
    /// The round (docs/record.md), its status and sign-offs.
    pub round: String,
    pub status: RecordStatus,
    pub sign_off: Vec<SignOff>,
    pub files: Vec<String>,
    pub result: ScoreResult,
}

/// What a portfolio row keeps of a scored assessment: ratings in model order, no text, so
/// thousands of systems cost about a kilobyte each.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub overall: Rating,
    /// Domain ratings in model order.
    pub domains: Vec<Rating>,
    /// Practices in model order.
    pub practices: Vec<PracticeCell>,
    pub unanswered: usize,
    pub questions: usize,
}

/// A practice's rating, target and gap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PracticeCell {
    pub rating: Rating,
    pub target: Option<u8>,
    pub gap: Option<u8>,
}

impl Summary {
    pub fn of(r: &ScoreResult) -> Summary {
        Summary {
            overall: r.overall,
            domains: r.domains.iter().map(|d| d.rating).collect(),
            practices: r
                .practices()
                .map(|p| PracticeCell {
                    rating: p.rating,
                    target: p.target,
                    gap: p.gap,
                })
                .collect(),
            unanswered: r.unanswered,
            questions: r.questions,
        }
    }

    pub fn complete(&self) -> bool {
        self.unanswered == 0
    }

    /// Applicable practices below their target.
    pub fn below_target(&self) -> usize {
        self.practices
            .iter()
            .filter(|p| p.gap.is_some_and(|g| g > 0))
            .count()
    }
}

/// A system's latest assessment, summarised.
#[derive(Debug, Clone)]
pub struct Latest {
    pub date: Date,
    pub round: String,
    pub status: RecordStatus,
    pub sign_off: Vec<SignOff>,
    pub files: Vec<String>,
    pub summary: Summary,
}

impl From<Scored> for Latest {
    fn from(s: Scored) -> Latest {
        Latest {
            date: s.date,
            round: s.round,
            status: s.status,
            sign_off: s.sign_off,
            files: s.files,
            summary: Summary::of(&s.result),
        }
    }
}

/// One system's row: its latest assessment.
#[derive(Debug, Clone)]
pub struct SystemRow {
    pub system: String,
    pub name: Option<String>,
    pub owner: Option<String>,
    /// The system's entry in aima.toml, if any.
    pub entry: Option<crate::config::SystemConfig>,
    pub latest: Latest,
    pub age_days: i64,
    pub stale: bool,
    pub below_target: usize,
    /// None for a system's first assessment.
    pub change: Option<Status>,
    /// For a vendor system (`vendor_key` in aima.toml): whether its latest round is attested
    /// (docs/attestation.md); None for the others.
    pub attested: Option<bool>,
    /// The key id (hex SHA-256 of the public key's DER) of `vendor_key`, for a vendor system.
    pub attested_keyid: Option<String>,
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_since_epoch(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// What the row of a system needs besides its latest assessment.
pub struct RowContext<'a> {
    pub today: Date,
    pub max_age_days: u32,
    pub name: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub entry: Option<&'a crate::config::SystemConfig>,
}

/// The row of `system` from its latest assessment and the previous one's overall rating.
pub fn system_row(system: &str, latest: Latest, previous: Option<&Rating>, ctx: &RowContext) -> SystemRow {
    let age_days = days_since_epoch(ctx.today) - days_since_epoch(latest.date);
    SystemRow {
        system: system.to_string(),
        name: ctx.name.map(str::to_string),
        owner: ctx.owner.map(str::to_string),
        entry: ctx.entry.cloned(),
        age_days,
        stale: age_days > i64::from(ctx.max_age_days),
        below_target: latest.summary.below_target(),
        change: previous.map(|old| Status::of(old, &latest.summary.overall)),
        attested: None,
        attested_keyid: None,
        latest,
    }
}

/// The whole portfolio.
#[derive(Debug, Clone)]
pub struct Portfolio {
    pub systems: Vec<SystemRow>,
    pub skipped: usize,
    pub assessments: usize,
    pub max_age_days: u32,
    /// Practice ids in model order (to name the practices below target).
    pub practice_ids: Vec<String>,
    /// `[portfolio] require_status` (docs/record.md).
    pub require_status: Option<RecordStatus>,
}

impl Portfolio {
    /// `--check`: true when no system is stale, below a target, or short of the required
    /// status.
    pub fn passed(&self) -> bool {
        self.systems.iter().all(|s| self.failures(s).is_empty())
    }

    /// Why `row` fails `--check`, one phrase per reason (empty when it passes).
    pub fn failures(&self, row: &SystemRow) -> Vec<String> {
        let mut why = Vec::new();
        if row.stale {
            why.push(format!(
                "stale: its latest assessment ({}) is {} days old, over the limit of {}",
                row.latest.date, row.age_days, self.max_age_days
            ));
        }
        if row.below_target > 0 {
            let ids: Vec<&str> = self
                .practice_ids
                .iter()
                .zip(&row.latest.summary.practices)
                .filter(|(_, p)| p.gap.is_some_and(|g| g > 0))
                .map(|(id, _)| id.as_str())
                .collect();
            why.push(format!(
                "{} practice{} below target ({})",
                row.below_target,
                if row.below_target == 1 { "" } else { "s" },
                ids.join(", ")
            ));
        }
        if let Some(required) = self.require_status
            && row.latest.status < required
        {
            why.push(format!(
                "its latest round `{}` is {}, and aima.toml requires {required}",
                row.latest.round, row.latest.status
            ));
        }
        why
    }

    /// One `error:` line per failing system, for standard error.
    pub fn failure_lines(&self) -> Vec<String> {
        self.systems
            .iter()
            .filter_map(|row| {
                let why = self.failures(row);
                (!why.is_empty()).then(|| {
                    let system = crate::base::diag::shown_id(&row.system);
                    format!("failed: system `{system}`: {}", why.join("; "))
                })
            })
            .collect()
    }
}

/// One system over time, oldest first.
#[derive(Debug, Clone)]
pub struct Trend {
    pub system: String,
    pub name: Option<String>,
    pub assessments: Vec<Scored>,
}

/// `↑`, `↓`, `=` or nothing.
pub fn arrow(change: Option<Status>) -> &'static str {
    match change {
        Some(Status::Improved) => "↑",
        Some(Status::Regressed) => "↓",
        Some(Status::Unchanged) => "=",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_counts_match_the_civil_calendar() {
        for days in [0, 59, 365, 11_016, 20_414, 20_789, -1, -719_000] {
            assert_eq!(days_since_epoch(Date::from_days_since_epoch(days)), days);
        }
        let d = |s| days_since_epoch(Date::parse(s).unwrap());
        assert_eq!(d("2026-11-20") - d("2025-11-20"), 365);
        assert_eq!(d("2025-03-01") - d("2024-02-28"), 367);
    }

    #[test]
    fn files_without_aima_are_skipped_and_dates_are_required() {
        let model = crate::embedded::model();
        let index = QuestionIndex::new(model);
        let read = |text: &str| {
            let node = crate::base::yaml::parse(text).unwrap();
            record(model, &index, (0, "x.yaml"), &node, "folder")
        };
        assert!(matches!(read("name: ci\non: push\n"), Read::Skipped));
        assert!(matches!(read("- a\n"), Read::Skipped));
        let Read::Bad(p) = read("aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  scope: x\n") else {
            panic!("a file without a date is bad")
        };
        assert_eq!(
            p.list[0].to_string(),
            "x.yaml:3:1: `assessment.date` is missing: a portfolio orders each system's assessments by date (YYYY-MM-DD)"
        );
        let Read::Record(r) = read(
            "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-01-02\nanswers:\n  RA-EV-A-1: yes\n",
        ) else {
            panic!("a dated file is a record")
        };
        assert_eq!(
            (r.system.as_str(), r.date.to_string()),
            ("folder", "2026-01-02".to_string())
        );
        assert_eq!(r.words[0], Some(Word::Yes));
        assert_eq!(r.words.iter().flatten().count(), 1);
        let Read::Record(r) = read(
            "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-01-02\n  system: bot\ntargets:\n  default: 2\n  GV: 3\n  DM-QI: 1\n",
        ) else {
            panic!("a dated file is a record")
        };
        let a = r.assessment(model, &index, "x.yaml");
        assert_eq!(a.targets.default, Some(2));
        let codes: Vec<(&str, u8)> = a.targets.by_code.iter().map(|(c, v)| (c.as_str(), *v)).collect();
        assert_eq!(codes, [("DM-QI", 1), ("GV", 3)]);
        assert_eq!(
            (a.metadata.system.as_deref(), a.sources[0].as_str()),
            (Some("bot"), "x.yaml")
        );
    }
}
