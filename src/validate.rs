//! Checking answers files as `aima validate` does: every problem of each file on its own,
//! then what `score` would reject when they are combined (conflicting answers, targets or
//! metadata), and the questions the combination leaves unanswered. Unanswered questions are
//! counted on the combination only: three team files that together answer everything are
//! complete, whatever each one leaves open (docs/answers-format.md).

use std::ops::Range;

use crate::answers::{self, Source, parse::AnswersFile};
use crate::diag::Problems;
use crate::model::Model;

/// What checking one file found.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub file: String,
    pub problems: Problems,
    /// The checked file, when it has no problem.
    pub parsed: Option<AnswersFile>,
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
}

pub use crate::parallel::WorkerFailed;

/// Checks every file on its own, on all cores, then the combinations: all files as one
/// assessment, or with `separate` each file on its own. With `separate` each file's
/// combination is made as soon as it is read and its parsed form dropped, so memory stays
/// bounded however many files there are.
pub fn check(
    model: &Model,
    sources: &[Source],
    separate: bool,
) -> Result<(Vec<FileReport>, Vec<Combined>), WorkerFailed> {
    if separate {
        let done = check_files(model, sources, |i, mut report| {
            let combined = combine(model, std::slice::from_mut(&mut report), i);
            report.parsed = None;
            (report, combined)
        })?;
        return Ok(done.into_iter().unzip());
    }
    let mut reports = check_files(model, sources, |_, report| report)?;
    let combined = combine(model, &mut reports, 0);
    Ok((reports, vec![combined]))
}

/// Checks every file on its own, on all cores, passing each report through `then` (with
/// the file's index); results come back in input order.
fn check_files<T: Send>(
    model: &Model,
    sources: &[Source],
    then: impl Fn(usize, FileReport) -> T + Sync,
) -> Result<Vec<T>, WorkerFailed> {
    crate::parallel::map(sources, |i, source| then(i, check_file(model, source)))
}

fn check_file(model: &Model, source: &Source) -> FileReport {
    let (problems, parsed) = match answers::load_one(model, source) {
        Ok(file) => (Problems::new(), Some(file)),
        Err(problems) => (problems, None),
    };
    FileReport {
        file: source.display.clone(),
        problems,
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
        }
        Err(problems) => combined.problems = problems,
    }
    combined
}
