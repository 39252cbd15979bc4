//! An assessment in the layout of CISO Assistant's audit import (one row per requirement
//! node: `urn, assessable, ref_id, name, compliance_result, requirement_progress,
//! observations, score, answers`), as an .xlsx workbook (its own export's shape) or a
//! comma-separated CSV; and CISO Assistant's audit export of aima's framework read back.
//!
//! What the audit has no column for (the n/a reason, evidence items) is kept at the end of
//! `observations`, after the note, one line each: `[aima] reason: "…"` and
//! `[aima] evidence: "…"`, the text JSON-quoted so that it reads back exactly. See
//! docs/interchange.md.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{compliance_result, node_urn, word_of_score};
use crate::answers::evidence::{Evidence, from_cell};
use crate::answers::{Answer, Assessment, Word};
use crate::base::diag::{Pos, Problem, shown};
use crate::interchange::{Imported, MAX_CELL_CHARS, starts_like_formula};
use crate::model::Model;

/// The columns aima writes, in order.
pub const COLUMNS: [&str; 9] = [
    "urn",
    "assessable",
    "ref_id",
    "name",
    "compliance_result",
    "requirement_progress",
    "observations",
    "score",
    "answers",
];

const REASON: &str = "[aima] reason: ";
const EVIDENCE: &str = "[aima] evidence: ";

/// One row of the audit: the text cells, and whether it is assessable.
struct Row {
    cells: [String; 9],
    assessable: bool,
}

fn rows(model: &Model, assessment: &Assessment) -> Vec<Row> {
    let mut rows = Vec::new();
    let heading = |code: &str, name: &str| Row {
        cells: [
            node_urn(model, code),
            String::new(),
            code.to_string(),
            name.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
        assessable: false,
    };
    for domain in &model.domains {
        rows.push(heading(&domain.id, &domain.name));
        for practice in &domain.practices {
            rows.push(heading(&practice.id, &practice.name));
            for q in model.questions().filter(|q| q.practice.id == practice.id) {
                let code = &q.question.id;
                let answer = assessment.answers.get(code).cloned().unwrap_or_default();
                let (result, progress, score, answers) = match answer.word {
                    None => ("not_assessed", "to_do", String::new(), String::new()),
                    Some(w) => {
                        let text =
                            crate::interchange::oscal::markup(&super::library::one_line(&q.question.text));
                        let line = if w == Word::Na {
                            String::new()
                        } else {
                            format!("{text} >> {w}")
                        };
                        let score = w.value().map(|v| v.to_string()).unwrap_or_default();
                        (compliance_result(w), "done", score, line)
                    }
                };
                rows.push(Row {
                    cells: [
                        node_urn(model, code),
                        String::new(),
                        code.clone(),
                        super::library::one_line(&q.question.text),
                        result.to_string(),
                        progress.to_string(),
                        observations(&answer),
                        score,
                        answers,
                    ],
                    assessable: true,
                });
            }
        }
    }
    rows
}

/// The note, then what the audit has no column for.
fn observations(answer: &Answer) -> String {
    let mut lines = Vec::new();
    if let Some(reason) = &answer.reason {
        lines.push(format!("{REASON}{}", serde_json::Value::from(reason.as_str())));
    }
    for item in &answer.evidence {
        lines.push(format!("{EVIDENCE}{}", serde_json::Value::from(item.cell())));
    }
    match (&answer.note, lines.is_empty()) {
        (None, _) => lines.join("\n"),
        (Some(note), true) => note.clone(),
        (Some(note), false) => format!("{note}\n\n{}", lines.join("\n")),
    }
}

/// The audit as an .xlsx workbook (one sheet, `Sheet1`, as CISO Assistant's own export).
pub fn workbook(
    model: &Model,
    assessment: &Assessment,
    today: crate::answers::Date,
) -> Result<Vec<u8>, String> {
    let rows = rows(model, assessment);
    if let Some(long) = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .find(|c| c.chars().count() > MAX_CELL_CHARS)
    {
        return Err(format!(
            "a text of {} characters is longer than a cell holds ({MAX_CELL_CHARS})",
            long.chars().count()
        ));
    }
    build(&rows, assessment.metadata.date.unwrap_or(today))
        .map_err(|e| format!("cannot write the workbook: {e}"))
}

fn build(rows: &[Row], date: crate::answers::Date) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&crate::interchange::workbook_properties("AIMA assessment", date));
    let sheet = book.add_worksheet().set_name("Sheet1")?;
    let quoted = Format::new().set_quote_prefix();
    let bold = Format::new().set_bold();
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, text) in row.cells.iter().enumerate() {
            if c == 1 {
                sheet.write_boolean(r, 1, row.assessable)?;
            } else if c == 7 && !text.is_empty() {
                sheet.write_number(r, 7, text.parse::<f64>().unwrap_or_default())?;
            } else if starts_like_formula(text) {
                sheet.write_string_with_format(r, c as u16, text, &quoted)?;
            } else if !text.is_empty() {
                sheet.write_string(r, c as u16, text)?;
            }
        }
    }
    book.save_to_buffer()
}

/// The audit as a comma-separated CSV (UTF-8, `True`/`False` in `assessable`).
pub fn csv(model: &Model, assessment: &Assessment) -> Result<Vec<u8>, String> {
    let fail = |e: csv::Error| format!("cannot write the CSV: {e}");
    let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(fail)?;
    for row in rows(model, assessment) {
        let mut cells = row.cells.clone();
        cells[1] = if row.assessable { "True" } else { "False" }.to_string();
        out.write_record(&cells).map_err(fail)?;
    }
    out.into_inner().map_err(|e| format!("cannot write the CSV: {e}"))
}

/// Names a cell of a table from its row, column index and column name.
pub type Placer = Box<dyn Fn(u32, usize, &str) -> String>;

/// A table read from a workbook sheet or a CSV: the header's columns (trimmed, lower case)
/// and the rows, each with where it is for messages.
pub struct Table {
    pub columns: Vec<String>,
    /// (row number as messages give it, cells)
    pub rows: Vec<(u32, Vec<String>)>,
    /// How a cell is named: `'Sheet1'!H5` or `line 5, column `score``.
    pub place: Placer,
}

/// True when a header row has the columns of a CISO Assistant audit: `urn` or `ref_id`,
/// and `assessable` or `compliance_result`.
pub fn is_audit_header(columns: &[String]) -> bool {
    let has = |n: &str| columns.iter().any(|c| c == n);
    (has("urn") || has("ref_id")) && (has("assessable") || has("compliance_result"))
}

/// Reads an audit table of aima's framework into an assessment.
pub fn read(model: &Model, file: &str, table: &Table, origin: &str) -> Result<Imported, Problem> {
    let col = |name: &str| table.columns.iter().position(|c| c == name);
    let at = |r: u32, c: usize, message: String| {
        Problem::new(
            file,
            Pos::FILE,
            format!("{}: {message}", (table.place)(r, c, &table.columns[c])),
        )
    };
    let prefix = format!("{}:", node_urn(model, "").trim_end_matches(':'));
    let mut assessment = Assessment::new(model);
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (r, cells) in &table.rows {
        let cell = |name: &str| col(name).and_then(|c| cells.get(c)).map_or("", |s| s.trim());
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let code = code_of(model, &prefix, cell("urn"), cell("ref_id"))
            .map_err(|(name, m)| at(*r, col(name).unwrap_or(0), m))?;
        let Some(code) = code else { continue };
        if let Some(first) = seen.insert(code.clone(), *r) {
            return Err(at(
                *r,
                col("ref_id").or(col("urn")).unwrap_or(0),
                format!("{code} is given twice (first in row {first})"),
            ));
        }
        let answer = row_answer(&code, &|name| cell(name).to_string(), &|name, m| {
            at(*r, col(name).unwrap_or(0), m)
        })?;
        if answer != Answer::default() {
            assessment.answers.insert(code, answer);
        }
    }
    if seen.is_empty() {
        return Err(Problem::new(
            file,
            Pos::FILE,
            format!(
                "no requirement of aima's framework ({}): an audit of another framework",
                super::urn(model, "framework")
            ),
        ));
    }
    Ok(Imported {
        assessment,
        warnings: Vec::new(),
        origin: origin.to_string(),
    })
}

/// The question a row names (`None` for a domain or practice heading); an error names the
/// column and says what is wrong.
fn code_of(
    model: &Model,
    prefix: &str,
    urn: &str,
    ref_id: &str,
) -> Result<Option<String>, (&'static str, String)> {
    let from_urn = if urn.is_empty() {
        None
    } else {
        let lower = urn.to_lowercase();
        let rest = lower.strip_prefix(prefix).ok_or_else(|| {
            (
                "urn",
                format!(
                    "`{}` is not a requirement of aima's framework {}: an audit of another framework",
                    shown(urn),
                    super::urn(model, "framework")
                ),
            )
        })?;
        Some(rest.to_uppercase())
    };
    let code = match (from_urn, ref_id) {
        (Some(c), "") => c,
        (None, "") => {
            return Err((
                "ref_id",
                "neither `urn` nor `ref_id` names the requirement".to_string(),
            ));
        }
        (None, r) => r.to_string(),
        (Some(c), r) if c == r => c,
        (Some(c), r) => {
            return Err((
                "ref_id",
                format!("`{}` does not match the urn's {}", shown(r), shown(&c)),
            ));
        }
    };
    if model.question(&code).is_some() {
        return Ok(Some(code));
    }
    if model.domain(&code).is_some() || model.practice(&code).is_some() {
        return Ok(None);
    }
    let column = if ref_id.is_empty() { "urn" } else { "ref_id" };
    Err((
        column,
        format!(
            "unknown ref_id `{}`: model {} has no such question",
            shown(&code),
            model.key()
        ),
    ))
}

type Located<'a> = &'a dyn Fn(&str, String) -> Problem;

/// One question's row: score, answer line and result agree; observations give the rest.
fn row_answer(code: &str, cell: &dyn Fn(&str) -> String, at: Located<'_>) -> Result<Answer, Problem> {
    let word = row_word(cell, at)?;
    let (note, reason, evidence) =
        split_observations(code, &cisco_text(&cell("observations"))).map_err(|m| at("observations", m))?;
    let word = match (cell("compliance_result").as_str(), word) {
        ("not_applicable", Some(w)) => {
            return Err(at(
                "compliance_result",
                format!("`not_applicable` with the answer {w}"),
            ));
        }
        ("not_applicable", None) => Some(Word::Na),
        (_, w) => w,
    };
    let (note, reason) = note_and_reason(code, word, note, reason, at)?;
    Ok(Answer {
        word,
        note,
        evidence,
        reason,
    })
}

/// The answer of the row's `score` and `answers` cells, which must agree.
fn row_word(cell: &dyn Fn(&str) -> String, at: Located<'_>) -> Result<Option<Word>, Problem> {
    let from_score = match cell("score").as_str() {
        "" => None,
        s => {
            let n = s.strip_suffix(".0").unwrap_or(s);
            let word = n.parse::<u8>().ok().and_then(word_of_score);
            Some(word.ok_or_else(|| {
                at(
                    "score",
                    format!("`{}` is not an answer: the score is 0, 1, 2 or 3", shown(s)),
                )
            })?)
        }
    };
    let from_line = answer_line(&cell("answers")).map_err(|m| at("answers", m))?;
    match (from_score, from_line) {
        (Some(a), Some(b)) if a != b => Err(at(
            "answers",
            format!("`{b}` does not match the score {}", a.value().unwrap_or(0)),
        )),
        (a, b) => Ok(a.or(b)),
    }
}

/// The note and the reason of an answer: a not-applicable answer needs a reason (the
/// observations' text when it has no `Reason:` part), and only it may have one.
fn note_and_reason(
    code: &str,
    word: Option<Word>,
    note: Option<String>,
    reason: Option<String>,
    at: Located<'_>,
) -> Result<(Option<String>, Option<String>), Problem> {
    match (word, reason) {
        (Some(Word::Na), None) => match note {
            Some(n) => Ok((None, Some(n))),
            None => Err(at(
                "observations",
                format!("{code} is not applicable without a reason: write it in the observations"),
            )),
        },
        (Some(Word::Na), r) => Ok((note, r)),
        (_, Some(_)) => Err(at(
            "observations",
            "a reason goes with `not_applicable` only".to_string(),
        )),
        (_, None) => Ok((note, None)),
    }
}

/// The answer of an `answers` cell (`<question> >> <choice>`); `None` when empty or the
/// export's hint (`[no / partly / mostly / yes]`).
fn answer_line(text: &str) -> Result<Option<Word>, String> {
    let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Ok(None);
    };
    let choice = line.rsplit_once(" >> ").map_or(line, |(_, c)| c).trim();
    if choice.starts_with('[') || choice.is_empty() {
        return Ok(None);
    }
    match Word::parse(choice) {
        Some(w) if w != Word::Na => Ok(Some(w)),
        _ => Err(format!(
            "`{}` is not one of the choices no, partly, mostly, yes",
            shown(choice)
        )),
    }
}

/// A text as CISO Assistant's export wrote it: the `'` its export puts before a text that
/// starts like a formula removed.
fn cisco_text(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.trim_start().starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => text.to_string(),
    }
}

type Parts = (Option<String>, Option<String>, Vec<Evidence>);

/// The note, the reason and the evidence items of an `observations` cell.
fn split_observations(code: &str, text: &str) -> Result<Parts, String> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let (mut reason, mut evidence) = (None, Vec::new());
    while let Some(last) = lines.last() {
        let quoted = |rest: &str| {
            serde_json::from_str::<String>(rest)
                .map_err(|_| format!("`{}` is not a quoted text", shown(rest)))
        };
        if let Some(rest) = last.strip_prefix(REASON) {
            reason = Some(quoted(rest)?);
        } else if let Some(rest) = last.strip_prefix(EVIDENCE) {
            evidence.push(from_cell(code, &quoted(rest)?)?);
        } else {
            break;
        }
        lines.pop();
    }
    evidence.reverse();
    let kept = reason.is_some() || !evidence.is_empty();
    let mut note = lines.join("\n");
    // The note is followed by a blank line, then aima's lines: one line break of that
    // is the line break that ends the joined lines.
    if kept && let Some(kept_note) = note.strip_suffix('\n') {
        note = kept_note.to_string();
    }
    Ok((Some(note).filter(|n| !n.is_empty()), reason, evidence))
}
