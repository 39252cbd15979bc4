//! Checking answers files as `aima validate` does: every problem of each file on its own,
//! then what `score` would reject when they are combined (conflicting answers, targets or
//! metadata), and the questions the combination leaves unanswered. Unanswered questions are
//! counted on the combination only: three team files that together answer everything are
//! complete, whatever each one leaves open (docs/answers-format.md).

use std::ops::Range;
use std::sync::Mutex;

use crate::answers::Date;
use crate::answers::{self, Source, parse::AnswersFile};
use crate::diag::{Pos, Problems, place, shown};
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
}

pub use crate::parallel::WorkerFailed;

/// What `aima validate` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Each file on its own, in input order.
    pub reports: Vec<FileReport>,
    /// The combinations checked: all files as one, or each on its own.
    pub combined: Vec<Combined>,
    /// Where the files turned out to be different assessments (without `--separate`).
    pub different: Option<String>,
}

/// Checks every file on its own, on all cores, then the combinations: all files as one
/// assessment, or each file on its own with `separate` or when the files name different
/// systems or dates (two rounds, two systems: different assessments, which `score` would
/// not merge either). Each file's own combination is made as soon as it is read; its parsed
/// form is kept only while the files can still be one assessment, so memory stays bounded
/// however many files there are. Without `separate`, the message says where the files turned
/// out to be different assessments.
pub fn check(model: &Model, sources: &[Source], separate: bool) -> Result<Checked, WorkerFailed> {
    // Parsed files are kept only while the files can still be one assessment.
    let seen = Mutex::new(Keys::default());
    let done = check_files(model, sources, |i, mut report| {
        let keep = !separate && seen.lock().map(|mut k| k.add(&report)).unwrap_or(false);
        let alone = if keep {
            combine_copy(model, &mut report, i)
        } else {
            combine(model, std::slice::from_mut(&mut report), i)
        };
        (report, alone)
    })?;
    let (mut reports, alone): (Vec<FileReport>, Vec<Combined>) = done.into_iter().unzip();
    let different = (!separate).then(|| different_assessments(&reports)).flatten();
    if separate || different.is_some() {
        for r in &mut reports {
            r.parsed = None;
        }
        return Ok(Checked {
            reports,
            combined: alone,
            different,
        });
    }
    let combined = vec![combine(model, &mut reports, 0)];
    Ok(Checked {
        reports,
        combined,
        different: None,
    })
}

/// The first place, in input order, where a file names another system or date than the
/// files before it, as a message; `None` when the files can be one assessment.
fn different_assessments(reports: &[FileReport]) -> Option<String> {
    let first_system = reports.iter().find_map(|r| Some((r, r.system.as_ref()?)));
    let first_date = reports.iter().find_map(|r| Some((r, r.date.as_ref()?)));
    for r in reports {
        if let (Some((first, (a, at))), Some((b, here))) = (first_system, r.system.as_ref())
            && a != b
        {
            return Some(difference(r, *here, "system", b, a, first, *at));
        }
        if let (Some((first, (a, at))), Some((b, here))) = (first_date, r.date.as_ref())
            && a != b
        {
            return Some(difference(
                r,
                *here,
                "date",
                &b.to_string(),
                &a.to_string(),
                first,
                *at,
            ));
        }
    }
    None
}

fn difference(
    r: &FileReport,
    here: Pos,
    key: &str,
    value: &str,
    first_value: &str,
    first: &FileReport,
    at: Pos,
) -> String {
    format!(
        "{}: `assessment.{key}` is `{}` here but `{}` at {}: these are different assessments, so each \
         file was checked on its own (`aima score` would not merge them; `--separate` says so outright)",
        place(&r.file, here),
        shown(value),
        shown(first_value),
        place(&first.file, at)
    )
}

/// The systems and dates the files name so far: one assessment names at most one of each.
#[derive(Default)]
struct Keys {
    system: Option<String>,
    date: Option<crate::answers::Date>,
    mixed: bool,
}

impl Keys {
    /// Notes the file's system and date; false once the files name two of either.
    fn add(&mut self, report: &FileReport) -> bool {
        if let Some(file) = &report.parsed {
            let meta = &file.metadata;
            if let Some((system, _)) = &meta.system {
                self.mixed |= self.system.get_or_insert_with(|| system.clone()) != system;
            }
            if let Some((date, _)) = meta.date {
                self.mixed |= *self.date.get_or_insert(date) != date;
            }
        }
        !self.mixed
    }
}

/// The combination of one file on its own, its parsed form left in place.
fn combine_copy(model: &Model, report: &mut FileReport, index: usize) -> Combined {
    let parsed = report.parsed.clone();
    let combined = combine(model, std::slice::from_mut(report), index);
    report.parsed = parsed;
    combined
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
