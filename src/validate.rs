//! Checking answers files as `aima validate` does: every problem of each file on its own,
//! then what `score` would reject when they are combined (conflicting answers, targets or
//! metadata), and the questions the combination leaves unanswered. Unanswered questions are
//! counted on the combination only: three team files that together answer everything are
//! complete, whatever each one leaves open (docs/answers-format.md).

use std::ops::Range;

use crate::answers::Date;
use crate::answers::{self, Source, parse::AnswersFile};
use crate::base::diag::{Pos, Problems};
use crate::model::Model;

/// What checking one file found.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub file: String,
    pub problems: Problems,
    /// The checked file, when it has no problem (dropped once it is not needed).
    pub parsed: Option<AnswersFile>,
    /// The system and date the file names, with their places.
    pub system: Option<(String, Pos)>,
    pub date: Option<(Date, Pos)>,
}

/// What checking a combination of files found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    /// How it is named in the output: the file itself, or `combined (N files)`.
    pub name: String,
    /// The reports of the files combined.
    pub files: Range<usize>,
    /// What merging the files found (empty when they agree, or when a file has problems).
    pub problems: Problems,
    /// Question codes without an answer in the combination, in worksheet order; `None`
    /// when a file has problems or the files conflict.
    pub unanswered: Option<Vec<String>>,
    /// The `FRAMEWORK:CLAUSE` keys the combination gives its own evidence for (`clauses:`).
    pub clauses: Vec<String>,
}

pub use crate::base::parallel::WorkerFailed;

/// What `aima validate` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Each file on its own, in input order.
    pub reports: Vec<FileReport>,
    /// The combinations checked: all files as one, or each on its own.
    pub combined: Vec<Combined>,
    /// Which assessments the files hold, when more than one (without `--separate`).
    pub different: Option<String>,
    /// Assessments that look like team files of one round (docs/record.md).
    pub warnings: Vec<String>,
}

/// Checks every file on its own, on all cores, then the combinations: the files grouped
/// into assessments by system and round (docs/record.md), each group merged as `score`
/// would; with `separate`, each file on its own. Reports come back grouped (each group's
/// files together, groups in the order their first file was given). When the files hold
/// several assessments, `different` says which, and there are warnings for assessments that
/// look like team files of one round.
pub fn check(model: &Model, sources: &[Source], separate: bool) -> Result<Checked, WorkerFailed> {
    let reports = check_files(model, sources, |i, report| (i, report))?;
    if separate {
        let mut reports: Vec<FileReport> = reports.into_iter().map(|(_, r)| r).collect();
        let combined = (0..reports.len())
            .map(|i| combine(model, std::slice::from_mut(&mut reports[i]), i))
            .collect();
        return Ok(Checked {
            reports,
            combined,
            different: None,
            warnings: Vec::new(),
        });
    }
    let groups = group(sources, reports);
    let several = groups.len() > 1;
    let mut summaries = Vec::new();
    let mut reports = Vec::new();
    let mut combined = Vec::new();
    for (key, mut group) in groups {
        let first = reports.len();
        if let Some(summary) = summary(model, &key, &group) {
            summaries.push(summary);
        }
        let mut c = combine(model, &mut group, first);
        if several && group.len() > 1 {
            c.name = format!("system {} round {} ({} files)", key.0, key.1, group.len());
        }
        combined.push(c);
        reports.extend(group);
    }
    let different = several.then(|| {
        let names: Vec<String> = combined.iter().map(|c| c.name.clone()).collect();
        format!(
            "the files hold {} assessments (by system and round, docs/record.md), each checked on its own: {}",
            names.len(),
            names.join("; ")
        )
    });
    Ok(Checked {
        reports,
        combined,
        different,
        warnings: crate::assessments::team_file_warnings(&summaries),
    })
}

/// (system, round) of an assessment; files with problems get a group of their own.
type GroupKey = (String, String);

/// The reports grouped by system (else the folder's name) and round (else the date). A
/// file with problems cannot be placed: with at most one assessment among the others it
/// joins it (all files in input order, as one combination); otherwise it stands alone.
fn group(sources: &[Source], reports: Vec<(usize, FileReport)>) -> Vec<(GroupKey, Vec<FileReport>)> {
    let key_of = |i: usize, file: &AnswersFile| {
        let folder = || {
            sources[i]
                .path
                .as_deref()
                .map_or_else(|| "-".to_string(), crate::assessments::folder_name)
        };
        (
            file.metadata
                .system
                .as_ref()
                .map_or_else(folder, |(s, _)| s.clone()),
            answers::file_round(&file.metadata).map_or_else(String::new, |(r, _)| r),
        )
    };
    let keys: Vec<Option<GroupKey>> = reports
        .iter()
        .map(|(i, r)| r.parsed.as_ref().map(|f| key_of(*i, f)))
        .collect();
    let distinct: std::collections::BTreeSet<&GroupKey> = keys.iter().flatten().collect();
    if distinct.len() <= 1 {
        let key = distinct
            .first()
            .map_or_else(|| ("-".to_string(), "?".to_string()), |k| (*k).clone());
        return vec![(key, reports.into_iter().map(|(_, r)| r).collect())];
    }
    let mut groups: Vec<(GroupKey, Vec<FileReport>)> = Vec::new();
    for ((i, report), key) in reports.into_iter().zip(keys) {
        match key {
            Some(key) => match groups
                .iter_mut()
                .find(|(k, m)| *k == key && m[0].parsed.is_some())
            {
                Some((_, members)) => members.push(report),
                None => groups.push((key, vec![report])),
            },
            None => groups.push(((i.to_string(), "?".to_string()), vec![report])),
        }
    }
    groups
}

/// What the team-file warning needs of a group with a date.
fn summary(model: &Model, key: &GroupKey, group: &[FileReport]) -> Option<crate::assessments::RoundSummary> {
    let date = group.iter().filter_map(|r| r.date.map(|(d, _)| d)).max()?;
    let codes: std::collections::HashSet<&str> = group
        .iter()
        .filter_map(|r| r.parsed.as_ref())
        .flat_map(|f| {
            f.answers
                .iter()
                .filter(|(_, _, a)| a.word.is_some())
                .map(|(c, _, _)| c.as_str())
        })
        .collect();
    Some(crate::assessments::RoundSummary {
        system: key.0.clone(),
        id: key.1.clone(),
        date,
        answered: model
            .questions()
            .map(|q| codes.contains(q.question.id.as_str()))
            .collect(),
        files: group
            .iter()
            .map(|r| r.file.clone())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Checks every file on its own, on all cores, passing each report through `then` (with
/// the file's index); results come back in input order.
fn check_files<T: Send>(
    model: &Model,
    sources: &[Source],
    then: impl Fn(usize, FileReport) -> T + Sync,
) -> Result<Vec<T>, WorkerFailed> {
    crate::base::parallel::map(sources, |i, source| then(i, check_file(model, source)))
}

fn check_file(model: &Model, source: &Source) -> FileReport {
    let (problems, parsed) = match answers::load_one(model, source) {
        Ok(file) => (Problems::new(), Some(file)),
        Err(problems) => (problems, None),
    };
    let meta = parsed.as_ref().map(|f| &f.metadata);
    FileReport {
        file: source.display.clone(),
        problems,
        system: meta.and_then(|m| m.system.clone()),
        date: meta.and_then(|m| m.date),
        parsed,
    }
}

/// Merges the valid files of `group` (the reports from index `first` on) as `score` would,
/// to find conflicts and what is left unanswered. Their parsed forms are moved out.
fn combine(model: &Model, group: &mut [FileReport], first: usize) -> Combined {
    let name = match &*group {
        [one] => one.file.clone(),
        many => format!("combined ({} files)", many.len()),
    };
    let mut combined = Combined {
        name,
        files: first..first + group.len(),
        problems: Problems::new(),
        unanswered: None,
        clauses: Vec::new(),
    };
    let parsed: Option<Vec<AnswersFile>> = group.iter_mut().map(|r| r.parsed.take()).collect();
    let Some(parsed) = parsed else {
        return combined;
    };
    match answers::merge(model, parsed) {
        Ok(assessment) => {
            let open = model
                .questions()
                .map(|q| q.question.id.clone())
                .filter(|code| assessment.word(code).is_none());
            combined.unanswered = Some(open.collect());
            combined.clauses = assessment.clauses.keys().cloned().collect();
        }
        Err(problems) => combined.problems = problems,
    }
    combined
}
