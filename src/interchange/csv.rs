//! aima's CSV: one row per question in model order (domain, practice, stream A then B,
//! level 1..3), RFC 4180 (CRLF, quotes where needed), UTF-8, with the header
//! `id,domain,practice,stream,level,question,answer,value,note,evidence,reason`.
//! Several evidence items are separated by line breaks in one cell; a long-form item is its
//! one-line flow mapping `{ref: …, date: …}` (docs/interchange.md). Every cell that starts
//! like a formula (or with `'`) gets a leading `'`, which import removes. After the
//! questions, one row per `clauses:` entry (the organisation's own evidence for a clause)
//! whose `id` is its `FRAMEWORK:CLAUSE` key and whose domain, practice, stream, level and
//! question are empty. See docs/interchange.md.

use std::collections::BTreeMap;

use super::{Imported, csv_cell, csv_text};
use crate::answers::{Answer, Assessment, Word, evidence};
use crate::base::diag::{Pos, Problem, shown};
use crate::model::Model;

pub const HEADER: [&str; 11] = [
    "id", "domain", "practice", "stream", "level", "question", "answer", "value", "note", "evidence",
    "reason",
];

/// One RFC 4180 field: quoted when it holds `,`, `"`, a line break, or `;` (a spreadsheet
/// in a locale whose list separator is `;` would otherwise split `x;=1+1` into a formula
/// cell: OWASP's CSV-injection guidance), its quotes doubled.
fn field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\r', '\n', ';']) {
        std::borrow::Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Appends one CSV record (CRLF-terminated) to `out`.
fn record<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    let fields: Vec<std::borrow::Cow<'_, str>> = cells.into_iter().map(field).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The CSV text of an assessment. An evidence item holding a line break cannot be told
/// apart from two items, so it is refused.
pub fn write(model: &Model, assessment: &Assessment) -> Result<Vec<u8>, String> {
    let mut out = String::new();
    record(&mut out, HEADER);
    for domain in &model.domains {
        for practice in &domain.practices {
            for stream in &practice.streams {
                for q in &stream.questions {
                    let answer = assessment.answers.get(&q.id).cloned().unwrap_or_default();
                    if answer.evidence.iter().any(|e| e.cell().contains(['\n', '\r'])) {
                        return Err(format!(
                            "an evidence item of {} holds a line break, which the CSV uses between \
                             items; export it with --to toolkit, or split the item",
                            q.id
                        ));
                    }
                    let word = answer.word.map(Word::as_str).unwrap_or_default();
                    let value = answer
                        .word
                        .and_then(Word::value)
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    let level = q.level.to_string();
                    let cells: Vec<String> = answer.evidence.iter().map(|e| e.cell()).collect();
                    let evidence = cells.join("\n");
                    let cells = [
                        q.id.as_str(),
                        &domain.id,
                        &practice.id,
                        &stream.id,
                        &level,
                        &q.text,
                        word,
                        &value,
                        answer.note.as_deref().unwrap_or(""),
                        &evidence,
                        answer.reason.as_deref().unwrap_or(""),
                    ];
                    let cells: Vec<std::borrow::Cow<'_, str>> = cells.iter().map(|c| csv_cell(c)).collect();
                    record(&mut out, cells.iter().map(|c| c.as_ref()));
                }
            }
        }
    }
    for (key, answer) in &assessment.clauses {
        clause_record(&mut out, key, answer)?;
    }
    Ok(out.into_bytes())
}

/// The row of one `clauses:` entry.
fn clause_record(out: &mut String, key: &str, answer: &Answer) -> Result<(), String> {
    if answer.evidence.iter().any(|e| e.cell().contains(['\n', '\r'])) {
        return Err(format!(
            "an evidence item of {key} holds a line break, which the CSV uses between items; \
             export it with --to toolkit, or split the item"
        ));
    }
    let value = answer
        .word
        .and_then(Word::value)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let evidence: Vec<String> = answer.evidence.iter().map(|e| e.cell()).collect();
    let evidence = evidence.join("\n");
    let cells = [
        key,
        "",
        "",
        "",
        "",
        "",
        answer.word.map(Word::as_str).unwrap_or_default(),
        &value,
        answer.note.as_deref().unwrap_or(""),
        &evidence,
        answer.reason.as_deref().unwrap_or(""),
    ];
    let cells: Vec<std::borrow::Cow<'_, str>> = cells.iter().map(|c| csv_cell(c)).collect();
    record(out, cells.iter().map(|c| c.as_ref()));
    Ok(())
}

/// A problem at a line and column of the CSV file.
fn at(file: &str, line: u64, column: &str, message: impl std::fmt::Display) -> Problem {
    Problem::new(
        file,
        Pos::FILE,
        format!("line {line}, column `{column}`: {message}"),
    )
}

/// Reads an aima CSV file.
pub fn read(model: &Model, file: &str, bytes: &[u8]) -> Result<Imported, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Problem::new(
            file,
            Pos::FILE,
            format!("not UTF-8 text (at byte {})", e.valid_up_to()),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes());
    let bad_csv = |e: csv::Error| invalid(file, text, &e);
    let mut records = reader.records();
    let header = records.next().transpose().map_err(bad_csv)?;
    match header {
        None => return Err(Problem::new(file, Pos::FILE, "the file is empty")),
        Some(h) if h.iter().ne(HEADER) => {
            let message = format!("line 1: expected the header `{}`", HEADER.join(","));
            return Err(Problem::new(file, Pos::FILE, message));
        }
        Some(_) => {}
    }
    let mut assessment = Assessment::new(model);
    let mut lines: BTreeMap<String, u64> = BTreeMap::new();
    let mut counter = Lines::default();
    for record in records {
        let record = record.map_err(bad_csv)?;
        let line = counter.line_at(text, record.position().map_or(0, csv::Position::byte));
        let cell = |i: usize| csv_text(record.get(i).unwrap_or("")).to_string();
        let id = cell(0);
        if id.is_empty() && record.iter().all(str::is_empty) {
            continue;
        }
        if let Some(first) = lines.insert(id.clone(), line) {
            return Err(at(
                file,
                line,
                "id",
                format!("{} is given twice (first on line {first})", shown(&id)),
            ));
        }
        if id.contains(':') {
            let answer = clause_row(model, file, line, &cell)?;
            assessment.clauses.insert(id, answer);
            continue;
        }
        let answer = row(model, file, line, &cell)?;
        if answer != Answer::default() {
            assessment.answers.insert(id, answer);
        }
    }
    let origin = "aima CSV".to_string();
    Ok(Imported {
        assessment,
        warnings: Vec::new(),
        origin,
    })
}

/// The line of a byte offset in the CSV text, counted by its line feeds. After a CRLF line
/// end, the csv crate puts the start of the next record at the LF (and counts one line too
/// few): a record never starts with a line feed, so that one is counted before it. The
/// records come in order, so the count goes on from the last one.
#[derive(Default)]
struct Lines {
    byte: usize,
    line: u64,
}

impl Lines {
    fn line_at(&mut self, text: &str, byte: u64) -> u64 {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        if text.as_bytes().get(byte) == Some(&b'\n') {
            byte += 1;
        }
        if byte < self.byte {
            *self = Lines::default();
        }
        let feeds = text.as_bytes()[self.byte..byte]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line += feeds as u64;
        self.byte = byte;
        self.line + 1
    }
}

/// A CSV syntax error, with its line.
fn invalid(file: &str, text: &str, e: &csv::Error) -> Problem {
    let line = e
        .position()
        .map_or(0, |p| Lines::default().line_at(text, p.byte()));
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields; the header has {expected_len}"),
        _ => shown(&e.to_string()),
    };
    Problem::new(file, Pos::FILE, format!("line {line}: invalid CSV ({what})"))
}

/// One question's row: checks that the row is the question it names, then reads it.
fn row(model: &Model, file: &str, line: u64, cell: &dyn Fn(usize) -> String) -> Result<Answer, Problem> {
    let id = cell(0);
    let q = model.question(&id).ok_or_else(|| {
        at(
            file,
            line,
            "id",
            format!("unknown question `{}` in model {}", shown(&id), model.key()),
        )
    })?;
    let level = q.question.level.to_string();
    let expected = [&q.domain.id, &q.practice.id, &q.stream().id, &level];
    for (i, want) in expected.into_iter().enumerate() {
        let found = cell(i + 1);
        if !found.is_empty() && found != *want {
            let message = format!("`{}` does not go with {id} (expected `{want}`)", shown(&found));
            return Err(at(file, line, HEADER[i + 1], message));
        }
    }
    answer_cells(&id, file, line, cell)
}

/// A `clauses:` entry's row: the key must name a clause of the crosswalks, and the columns
/// of a question (domain to question) stay empty.
fn clause_row(
    model: &Model,
    file: &str,
    line: u64,
    cell: &dyn Fn(usize) -> String,
) -> Result<Answer, Problem> {
    let id = cell(0);
    if let Some(message) = crate::crosswalk::known::problem(model, &id) {
        return Err(at(file, line, "id", message));
    }
    for (i, name) in HEADER.iter().enumerate().take(6).skip(1) {
        if !cell(i).is_empty() {
            return Err(at(
                file,
                line,
                name,
                format!("a clause row ({}) leaves it empty", shown(&id)),
            ));
        }
    }
    answer_cells(&id, file, line, cell)
}

/// The answer, note, evidence and reason columns of a row for `id`.
fn answer_cells(id: &str, file: &str, line: u64, cell: &dyn Fn(usize) -> String) -> Result<Answer, Problem> {
    let word = answer_word(&cell(6), &cell(7), file, line)?;
    let reason = Some(cell(10)).filter(|r| !r.is_empty());
    match (word, &reason) {
        (Some(Word::Na), None) => {
            return Err(at(file, line, "reason", format!("{id} is `na` without a reason")));
        }
        (Some(Word::Na), Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(at(
                file,
                line,
                "reason",
                "a reason goes with `na` only; use `note` for remarks",
            ));
        }
    }
    for (column, text) in [(8, cell(8)), (9, cell(9)), (10, cell(10))] {
        if let Some(too_long) = super::longer_than_a_cell(&text) {
            return Err(at(file, line, HEADER[column], too_long));
        }
    }
    let evidence = cell(9);
    let evidence = if evidence.is_empty() {
        Vec::new()
    } else {
        evidence
            .split('\n')
            .map(|item| evidence::from_cell(id, item).map_err(|m| at(file, line, "evidence", m)))
            .collect::<Result<_, _>>()?
    };
    Ok(Answer {
        word,
        note: Some(cell(8)).filter(|n| !n.is_empty()),
        evidence,
        reason,
    })
}

/// The `answer` column (case ignored: a spreadsheet may capitalise it) with `value`.
fn answer_word(text: &str, value: &str, file: &str, line: u64) -> Result<Option<Word>, Problem> {
    let word = match text.trim() {
        "" => None,
        w => Some(Word::parse(&w.to_lowercase()).ok_or_else(|| {
            let message = format!(
                "`{}` is not an answer: expected yes, mostly, partly, no or na",
                shown(w)
            );
            at(file, line, "answer", message)
        })?),
    };
    with_value(word, value, file, line)
}

/// The answer word with the `value` column: a value alone gives the word; both must agree.
fn with_value(word: Option<Word>, value: &str, file: &str, line: u64) -> Result<Option<Word>, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(word);
    }
    let from_value = match value {
        "3" => Word::Yes,
        "2" => Word::Mostly,
        "1" => Word::Partly,
        "0" => Word::No,
        v => {
            return Err(at(
                file,
                line,
                "value",
                format!("`{}` is not a value: expected 0, 1, 2, 3 or empty", shown(v)),
            ));
        }
    };
    match word {
        None => Ok(Some(from_value)),
        Some(w) if w == from_value => Ok(Some(w)),
        Some(w) => Err(at(
            file,
            line,
            "value",
            format!(
                "{value} does not match the answer `{w}` ({})",
                w.value().map_or("no value".to_string(), |v| format!("value {v}"))
            ),
        )),
    }
}
