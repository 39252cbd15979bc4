//! CISO Assistant (intuitem's open-source GRC platform): the model as a framework library
//! ([`library`]), an assessment in the layout of its audit import, and its audit export read
//! back ([`audit`]). The formats, the URNs and the choices: docs/interchange.md.

pub mod audit;
pub mod library;

use std::collections::BTreeMap;

use crate::answers::Word;
use crate::model::Model;

/// The URN namespace of aima's libraries (`urn:aima:risk:library:…`): never `intuitem`,
/// whose URNs the built-in libraries use.
pub const URN_NAMESPACE: &str = "aima";

/// The library's `version`: CISO Assistant refuses a library whose version is not greater
/// than the one it has stored, so this goes up whenever what `library` writes changes.
pub const LIBRARY_VERSION: u32 = 1;

/// The id of the model in URNs: `owasp-aima-1.0`, lower case (CISO Assistant lower-cases
/// URNs), only the characters its URN rule allows.
pub fn model_slug(model: &Model) -> String {
    format!("{}-{}", model.id, model.version)
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// `urn:aima:risk:<kind>:<slug>` for the library and the framework.
pub fn urn(model: &Model, kind: &str) -> String {
    format!("urn:{URN_NAMESPACE}:risk:{kind}:{}", model_slug(model))
}

/// The URN of a requirement node (a domain, practice or question code).
pub fn node_urn(model: &Model, code: &str) -> String {
    format!(
        "urn:{URN_NAMESPACE}:risk:req_node:{}:{}",
        model_slug(model),
        code.to_lowercase()
    )
}

/// The URN of the one question of a question's node.
pub fn question_urn(model: &Model, code: &str) -> String {
    format!("{}:question:1", node_urn(model, code))
}

/// The `ref_id` of the library and framework: `OWASP-AIMA-1.0`.
pub fn ref_id(model: &Model) -> String {
    model_slug(model).to_uppercase()
}

/// The answer words in score order 0..3, each with its score: the answer set.
pub const CHOICES: [(Word, u8); 4] = [
    (Word::No, 0),
    (Word::Partly, 1),
    (Word::Mostly, 2),
    (Word::Yes, 3),
];

/// CISO Assistant's result for an answer.
pub fn compliance_result(word: Word) -> &'static str {
    match word {
        Word::Yes => "compliant",
        Word::Mostly | Word::Partly => "partially_compliant",
        Word::No => "non_compliant",
        Word::Na => "not_applicable",
    }
}

/// The word for a score 0..3.
pub fn word_of_score(score: u8) -> Option<Word> {
    CHOICES.iter().find(|(_, s)| *s == score).map(|(w, _)| *w)
}

/// The first sheet of a workbook as an audit table, when its first row has an audit's
/// columns and the workbook has no sheet `Assessment Questions` (the toolkit's).
pub fn workbook_table(file: &str, bytes: &[u8]) -> Result<Option<audit::Table>, crate::base::diag::Problem> {
    use calamine::Reader as _;
    let mut book = crate::interchange::toolkit::read::open(file, bytes.to_vec())?;
    let names = book.sheet_names();
    if names
        .iter()
        .any(|n| n == crate::interchange::toolkit::SHEET_QUESTIONS)
    {
        return Ok(None);
    }
    let Some(first) = names.first().cloned() else {
        return Ok(None);
    };
    let sheet = crate::interchange::toolkit::read::load_sheet(
        &mut book,
        file,
        &first,
        crate::interchange::toolkit::read::Merges::Ignore,
    )?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for ((r, c), data) in &sheet.cells {
        let row = rows.entry(*r).or_default();
        let c = *c as usize;
        if c < 64 {
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = cell_text(data);
        }
    }
    let header = rows.remove(&0).unwrap_or_default();
    let columns: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    if !audit::is_audit_header(&columns) {
        return Ok(None);
    }
    let name = crate::base::diag::shown(&first);
    Ok(Some(audit::Table {
        columns,
        rows: rows.into_iter().map(|(r, cells)| (r + 1, cells)).collect(),
        place: Box::new(move |r, c, _| crate::interchange::toolkit::place(&name, r, c as u16)),
    }))
}

fn cell_text(data: &calamine::Data) -> String {
    use calamine::Data;
    match data {
        Data::Bool(true) => "True".to_string(),
        Data::Bool(false) => "False".to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A CSV as an audit table, when its header has an audit's columns (comma-separated, as
/// CISO Assistant's import reads it).
pub fn csv_table(file: &str, bytes: &[u8]) -> Result<Option<audit::Table>, crate::base::diag::Problem> {
    use crate::base::diag::{Pos, Problem};
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let Some(Ok(header)) = records.next() else {
        return Ok(None);
    };
    let columns: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_lowercase())
        .collect();
    if !audit::is_audit_header(&columns) {
        return Ok(None);
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, ::csv::Position::line);
            Problem::new(
                file,
                Pos::FILE,
                format!(
                    "line {line}: invalid CSV ({})",
                    crate::base::diag::shown(&e.to_string())
                ),
            )
        })?;
        let line = record.position().map_or(0, ::csv::Position::line) as u32;
        let cells = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        rows.push((line, cells));
    }
    Ok(Some(audit::Table {
        columns,
        rows,
        place: Box::new(|r, _, name| format!("line {r}, column `{name}`")),
    }))
}
