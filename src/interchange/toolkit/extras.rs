//! aima's own sheet `aima`, after the toolkit's sheets: what the toolkit layout cannot hold
//! (n/a answers and their reasons, evidence, metadata, targets), so that export → import
//! gives back the same assessment. Column A holds a key, B its value:
//!
//! ```text
//! aima                      1                 (this sheet's format)
//! model                     owasp-aima@1.0
//! assessment.organization   Acme Corp         (and scope, assessor, date, system, team)
//! targets.default           2                 (and targets.GV, targets.GV-PC, ...)
//! question                  answer   reason   evidence ...   (header of the question rows)
//! DM-DT-B-3                 na       No third-party data     docs/data.md   ...
//! clause                    answer   reason   note   evidence ...   (header of the clause rows)
//! eu-ai-act:Art. 14         mostly            Escalation documented   docs/oversight.pdf
//! ```
//!
//! The clause rows are the organisation's own evidence per clause (`clauses:` in answers
//! files), which the toolkit layout has no place for: read from here only.
//!
//! Answers and notes are never read from here: the cells of `Assessment Questions` win.
//! See docs/interchange.md.

use std::collections::BTreeMap;

use calamine::Data;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::read::{Sheet, describe};
use crate::answers::parse::is_system_id;
use crate::answers::{Answer, Assessment, Date, Word};
use crate::base::diag::{Problem, shown};
use crate::model::{Code, Model};

/// The format version of the sheet, in `aima` / B.
pub const FORMAT: u32 = 1;
const METADATA: [&str; 6] = ["organization", "scope", "assessor", "date", "system", "team"];

/// Writes a string cell that no spreadsheet takes as a formula.
pub type TextCell = dyn Fn(&mut Worksheet, u32, u16, &str) -> Result<(), XlsxError>;

/// Writes the sheet. `text` writes a string cell that no spreadsheet takes as a formula.
pub fn write(
    ws: &mut Worksheet,
    model: &Model,
    assessment: &Assessment,
    bold: &Format,
    text: &TextCell,
) -> Result<(), XlsxError> {
    ws.write_string(
        0,
        0,
        "Kept by aima: what the AIMA Toolkit layout cannot hold (not-applicable answers and their \
         reasons, evidence, metadata, targets). `aima import` reads it back. Answers and notes are \
         read from 'Assessment Questions': edit them there.",
    )?;
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 40)?;
    ws.write_string_with_format(2, 0, "key", bold)?;
    ws.write_string_with_format(2, 1, "value", bold)?;
    let r = settings(ws, assessment, text)?;
    for (c, head) in ["question", "answer", "reason", "evidence"].iter().enumerate() {
        ws.write_string_with_format(r + 1, c as u16, *head, bold)?;
    }
    let mut r = r + 1;
    for q in model.questions() {
        let Some(answer) = assessment.answers.get(&q.question.id) else {
            continue;
        };
        if answer.word != Some(Word::Na) && answer.evidence.is_empty() {
            continue;
        }
        r += 1;
        ws.write_string(r, 0, &q.question.id)?;
        if answer.word == Some(Word::Na) {
            ws.write_string(r, 1, "na")?;
            text(ws, r, 2, answer.reason.as_deref().unwrap_or(""))?;
        }
        for (i, item) in answer.evidence.iter().enumerate() {
            text(ws, r, 3 + i as u16, &item.cell())?;
        }
    }
    write_clauses(ws, assessment, r + 1, bold, text)
}

/// The clause rows from row `r`: a header, then one row per `clauses:` entry.
fn write_clauses(
    ws: &mut Worksheet,
    assessment: &Assessment,
    mut r: u32,
    bold: &Format,
    text: &TextCell,
) -> Result<(), XlsxError> {
    if assessment.clauses.is_empty() {
        return Ok(());
    }
    for (c, head) in ["clause", "answer", "reason", "note", "evidence"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r + 1, c as u16, *head, bold)?;
    }
    r += 1;
    for (key, answer) in &assessment.clauses {
        r += 1;
        text(ws, r, 0, key)?;
        if let Some(word) = answer.word {
            ws.write_string(r, 1, word.as_str())?;
        }
        text(ws, r, 2, answer.reason.as_deref().unwrap_or(""))?;
        text(ws, r, 3, answer.note.as_deref().unwrap_or(""))?;
        for (i, item) in answer.evidence.iter().enumerate() {
            text(ws, r, 4 + i as u16, &item.cell())?;
        }
    }
    Ok(())
}

/// The key/value rows from row 4: format, model, metadata, targets. Returns the next row.
fn settings(ws: &mut Worksheet, assessment: &Assessment, text: &TextCell) -> Result<u32, XlsxError> {
    ws.write_string(3, 0, "aima")?;
    ws.write_number(3, 1, FORMAT)?;
    ws.write_string(4, 0, "model")?;
    text(ws, 4, 1, &assessment.model)?;
    let mut r = 5;
    let meta = &assessment.metadata;
    let values = [
        meta.organization.clone(),
        meta.scope.clone(),
        meta.assessor.clone(),
        meta.date.map(|d| d.to_string()),
        meta.system.clone(),
        meta.team.clone(),
    ];
    for (key, value) in METADATA.iter().zip(values) {
        if let Some(value) = value {
            ws.write_string(r, 0, format!("assessment.{key}"))?;
            text(ws, r, 1, &value)?;
            r += 1;
        }
    }
    r = write_record(ws, meta, r, text)?;
    let targets = &assessment.targets;
    let by_code = targets.by_code.iter().map(|(c, v)| (c.as_str(), *v));
    for (code, value) in targets.default.map(|d| ("default", d)).into_iter().chain(by_code) {
        ws.write_string(r, 0, format!("targets.{code}"))?;
        ws.write_number(r, 1, value)?;
        r += 1;
    }
    Ok(r)
}

/// Answers read so far: code → (row in `Assessment Questions`, answer).
pub type Answers = BTreeMap<String, (u32, Answer)>;

/// Reads the sheet into `assessment` (metadata, targets) and `answers` (n/a, evidence).
pub fn apply(
    model: &Model,
    sheet: &Sheet<'_>,
    answers: &mut Answers,
    assessment: &mut Assessment,
    warnings: &mut Vec<String>,
) -> Result<(), Problem> {
    // The rows that hold a cell, not every row up to the last one (docs/security.md).
    let rows: std::collections::BTreeSet<u32> =
        sheet.cells.keys().map(|(r, _)| r.saturating_add(1)).collect();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for r in rows.into_iter().filter(|r| *r >= 2) {
        let key = match sheet.cell(r, 0) {
            Data::Empty => continue,
            Data::String(s) => s.trim().to_string(),
            other => return Err(sheet.problem(r, 0, format!("expected a key, found {}", describe(other)))),
        };
        if key == "key" || key == "question" || key == "clause" {
            continue;
        }
        if let Some(first) = seen.insert(key.clone(), r) {
            return Err(sheet.problem(
                r,
                0,
                format!("`{}` is given twice (first in row {first})", shown(&key)),
            ));
        }
        if model.question(&key).is_some() {
            question_row(sheet, r, &key, answers, warnings)?;
        } else if key.contains(':') && !key.starts_with("assessment.") && !key.starts_with("targets.") {
            let answer = clause_row(model, sheet, r, &key)?;
            assessment.clauses.insert(key, answer);
        } else {
            setting(model, sheet, r, &key, assessment)?;
        }
    }
    Ok(())
}

/// The text of a value cell; numbers as the sheet shows them, dates as YYYY-MM-DD.
fn value_text(sheet: &Sheet<'_>, r: u32, c: u16) -> Result<Option<String>, Problem> {
    match sheet.cell(r, c) {
        Data::Empty => Ok(None),
        Data::String(s) => Ok(Some(s.clone())),
        Data::DateTime(d) => date_text(d.as_f64()).map(Some).ok_or_else(|| {
            sheet.problem(
                r,
                c,
                format!("the date cell holds {}, not a day Excel can show", d.as_f64()),
            )
        }),
        Data::Error(e) => Err(sheet.problem(r, c, format!("the cell holds the formula error {e}"))),
        other => Ok(Some(other.to_string())),
    }
}

/// The day of an Excel date serial (1 is 1900-01-01, 2,958,465 is 9999-12-31) as YYYY-MM-DD;
/// `None` for what no day is (NaN, infinities, 1e300, before 1900).
fn date_text(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25_569;
    Some(Date::from_days_since_epoch(days).to_string())
}

fn setting(
    model: &Model,
    sheet: &Sheet<'_>,
    r: u32,
    key: &str,
    assessment: &mut Assessment,
) -> Result<(), Problem> {
    let value = value_text(sheet, r, 1)?;
    if key == "aima" || key == "model" {
        return header_key(model, sheet, r, key, value);
    }
    if let Some(code) = key.strip_prefix("targets.") {
        return target(model, sheet, r, code, value, assessment);
    }
    if let Some(field) = key.strip_prefix("assessment.")
        && read_record(sheet, r, field, value.as_deref(), &mut assessment.metadata)?
    {
        return Ok(());
    }
    let field = key.strip_prefix("assessment.").filter(|f| METADATA.contains(f));
    let Some(field) = field else {
        return Err(sheet.problem(r, 0, format!("unknown key `{}`", shown(key))));
    };
    match value {
        Some(value) => metadata_field(sheet, r, field, value, &mut assessment.metadata),
        None => Ok(()),
    }
}

/// The sheet's `aima` (its format) and `model` rows, which must be this aima's.
fn header_key(
    model: &Model,
    sheet: &Sheet<'_>,
    r: u32,
    key: &str,
    value: Option<String>,
) -> Result<(), Problem> {
    let bad = |message: String| sheet.problem(r, 1, message);
    if key == "aima" {
        return match value.as_deref() {
            Some("1") => Ok(()),
            v => Err(bad(format!(
                "sheet format `{}` is not supported; this aima reads format {FORMAT}",
                shown(v.unwrap_or(""))
            ))),
        };
    }
    let expected = model.key();
    match value {
        Some(v) if v == expected => Ok(()),
        v => Err(bad(format!(
            "the workbook was exported against model `{}`, but the loaded model is {expected} \
             (load its model with --model DIR)",
            shown(v.as_deref().unwrap_or(""))
        ))),
    }
}

/// One `assessment.FIELD` row of the metadata (organization, scope, assessor, date, system,
/// team).
fn metadata_field(
    sheet: &Sheet<'_>,
    r: u32,
    field: &str,
    value: String,
    meta: &mut crate::answers::Metadata,
) -> Result<(), Problem> {
    let bad = |message: String| sheet.problem(r, 1, message);
    match field {
        "date" => {
            let date = Date::parse(&value)
                .ok_or_else(|| bad(format!("`{}` is not a date (YYYY-MM-DD)", shown(&value))))?;
            meta.date = Some(date);
        }
        "system" if !is_system_id(&value) => {
            return Err(bad(format!(
                "`{}` is not a system id (letters, digits, - _ .)",
                shown(&value)
            )));
        }
        "system" => meta.system = Some(value),
        "organization" => meta.organization = Some(value),
        "scope" => meta.scope = Some(value),
        "assessor" => meta.assessor = Some(value),
        _ => meta.team = Some(value),
    }
    Ok(())
}

fn target(
    model: &Model,
    sheet: &Sheet<'_>,
    r: u32,
    code: &str,
    value: Option<String>,
    assessment: &mut Assessment,
) -> Result<(), Problem> {
    let known = code == "default"
        || match Code::parse(code) {
            Some(Code::Domain(d)) => model.domain(d).is_some(),
            Some(Code::Practice(p)) => model.practice(p).is_some(),
            _ => false,
        };
    if !known {
        return Err(sheet.problem(r, 0, format!("unknown target code `{}`", shown(code))));
    }
    let level = value
        .as_deref()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.fract() == 0.0 && (0.0..=3.0).contains(v))
        .ok_or_else(|| {
            sheet.problem(
                r,
                1,
                format!("a target is a level 0..3, found {}", describe(sheet.cell(r, 1))),
            )
        })? as u8;
    if code == "default" {
        assessment.targets.default = Some(level);
    } else {
        assessment.targets.by_code.insert(code.to_string(), level);
    }
    Ok(())
}

/// A question row: `na` and its reason apply unless the answer cell now holds a number;
/// evidence always applies.
fn question_row(
    sheet: &Sheet<'_>,
    r: u32,
    code: &str,
    answers: &mut Answers,
    warnings: &mut Vec<String>,
) -> Result<(), Problem> {
    let na = match value_text(sheet, r, 1)?.as_deref().map(str::trim) {
        None | Some("") => false,
        Some("na") => true,
        Some(other) => {
            return Err(sheet.problem(
                r,
                1,
                format!(
                    "`{}` is not kept here: only `na` is (other answers are in 'Assessment Questions')",
                    shown(other)
                ),
            ));
        }
    };
    let mut evidence = Vec::new();
    for c in 3..=u16::MAX {
        match value_text(sheet, r, c)? {
            Some(item) => evidence
                .push(crate::answers::evidence::from_cell(code, &item).map_err(|m| sheet.problem(r, c, m))?),
            None => break,
        }
    }
    let reason = value_text(sheet, r, 2)?;
    let (question_row, entry) = answers.entry(code.to_string()).or_default();
    entry.evidence = evidence;
    match (na, entry.word) {
        (false, _) => {}
        (true, Some(word)) => warnings.push(format!(
            "warning: {}: {}: {code} was n/a when exported; the answer cell now says {word}, which wins",
            sheet.file,
            super::place(super::SHEET_QUESTIONS, *question_row, super::col::ANSWER)
        )),
        (true, None) => {
            let reason = reason.filter(|r| !r.trim().is_empty()).ok_or_else(|| {
                sheet.problem(
                    r,
                    2,
                    format!("{code} is `na` here but has no reason; `na` needs one"),
                )
            })?;
            entry.word = Some(Word::Na);
            entry.reason = Some(reason);
        }
    }
    Ok(())
}

/// A clause row: the key checked against the crosswalks, then answer, reason, note and
/// evidence, as an answers file's `clauses:` entry would be.
fn clause_row(model: &Model, sheet: &Sheet<'_>, r: u32, key: &str) -> Result<Answer, Problem> {
    if let Some(message) = crate::crosswalk::known::problem(model, key) {
        return Err(sheet.problem(r, 0, message));
    }
    let word = match value_text(sheet, r, 1)?.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(w) => Some(Word::parse(w).ok_or_else(|| {
            sheet.problem(
                r,
                1,
                format!(
                    "`{}` is not an answer word: use yes, mostly, partly, no or na",
                    shown(w)
                ),
            )
        })?),
    };
    let reason = value_text(sheet, r, 2)?.filter(|t| !t.trim().is_empty());
    match (word, &reason) {
        (Some(Word::Na), None) => return Err(sheet.problem(r, 2, format!("{key} is `na` without a reason"))),
        (Some(Word::Na), Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(sheet.problem(r, 2, "a reason goes with `na` only; use the note for remarks"));
        }
    }
    let mut evidence = Vec::new();
    for c in 4..=u16::MAX {
        match value_text(sheet, r, c)? {
            Some(item) => evidence
                .push(crate::answers::evidence::from_cell(key, &item).map_err(|m| sheet.problem(r, c, m))?),
            None => break,
        }
    }
    Ok(Answer {
        word,
        note: value_text(sheet, r, 3)?.filter(|t| !t.trim().is_empty()),
        evidence,
        reason,
    })
}

/// The record (docs/record.md): `assessment.round` and `assessment.status` as key and
/// value; each sign-off a row `assessment.sign_off.N` (or `assessment.superseded.N`) with
/// by, role, date and note in B..E. Returns the next row.
fn write_record(
    ws: &mut Worksheet,
    meta: &crate::answers::Metadata,
    mut r: u32,
    text: &TextCell,
) -> Result<u32, XlsxError> {
    let status = meta.status.map(|s| s.as_str().to_string());
    for (key, value) in [("round", meta.round.clone()), ("status", status)] {
        if let Some(value) = value {
            ws.write_string(r, 0, format!("assessment.{key}"))?;
            text(ws, r, 1, &value)?;
            r += 1;
        }
    }
    for (key, list) in [("sign_off", &meta.sign_off), ("superseded", &meta.superseded)] {
        for (n, s) in list.iter().enumerate() {
            ws.write_string(r, 0, format!("assessment.{key}.{}", n + 1))?;
            text(ws, r, 1, &s.by)?;
            text(ws, r, 2, &s.role)?;
            text(ws, r, 3, &s.date.to_string())?;
            if let Some(note) = &s.note {
                text(ws, r, 4, note)?;
            }
            r += 1;
        }
    }
    Ok(r)
}

/// Reads a record row into `meta`; false when `field` is not a record key.
fn read_record(
    sheet: &Sheet<'_>,
    r: u32,
    field: &str,
    value: Option<&str>,
    meta: &mut crate::answers::Metadata,
) -> Result<bool, Problem> {
    use crate::answers::{Status, record::is_round_id};
    let bad = |c: u16, message: String| sheet.problem(r, c, message);
    match field {
        "round" => match value {
            Some(v) if is_round_id(v) => meta.round = Some(v.to_string()),
            Some(v) => {
                return Err(bad(
                    1,
                    format!("`{}` is not a round id (letters, digits, - _ .)", shown(v)),
                ));
            }
            None => {}
        },
        "status" => {
            if let Some(v) = value {
                let status = Status::parse(v.trim()).ok_or_else(|| {
                    bad(
                        1,
                        format!("`{}` is not a status (draft, in-review, final)", shown(v)),
                    )
                })?;
                meta.status = Some(status);
            }
        }
        _ => return read_sign_off(sheet, r, field, meta),
    }
    Ok(true)
}

/// An `assessment.sign_off.N` or `assessment.superseded.N` row: by, role, date and note in
/// columns B to E. False when `field` is neither.
fn read_sign_off(
    sheet: &Sheet<'_>,
    r: u32,
    field: &str,
    meta: &mut crate::answers::Metadata,
) -> Result<bool, Problem> {
    use crate::answers::SignOff;
    let bad = |c: u16, message: String| sheet.problem(r, c, message);
    let Some((list, n)) = field.split_once('.') else {
        return Ok(false);
    };
    if !matches!(list, "sign_off" | "superseded") || n.parse::<u32>().is_err() {
        return Ok(false);
    }
    let cell = |c: u16, what: &str| {
        value_text(sheet, r, c)?
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| bad(c, format!("a sign-off needs `{what}` here")))
    };
    let date_text = cell(3, "date")?;
    let date = Date::parse(date_text.trim())
        .ok_or_else(|| bad(3, format!("`{}` is not a date (YYYY-MM-DD)", shown(&date_text))))?;
    let entry = SignOff {
        by: cell(1, "by")?,
        role: cell(2, "role")?,
        date,
        note: value_text(sheet, r, 4)?,
    };
    if list == "sign_off" {
        meta.sign_off.push(entry);
    } else {
        meta.superseded.push(entry);
    }
    Ok(true)
}
