//! Reads an AIMA Toolkit workbook (v1.0.1, or v1.0/RC1 converted) into an assessment:
//! answers from column E and notes from column G of `Assessment Questions`, and what aima
//! keeps in its own sheet `aima` when aima wrote the workbook. See docs/interchange.md.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Dimensions, Reader, Xlsx, XlsxError};

use super::package::{Package, PackageError};
use super::{HEADER_ROW, SHEET_AIMA, SHEET_QUESTIONS, TO_EVALUATE, col, place, row};
use crate::answers::{Answer, Assessment, Word};
use crate::base::diag::{Pos, Problem, shown, shown_reason};
use crate::interchange::Imported;
use crate::model::Model;

/// The most cells aima reads from a sheet (the toolkit's sheet has about 1,000).
const MAX_CELLS: usize = 200_000;
/// The most merged ranges aima accepts in a sheet (the toolkit's sheet has 83).
const MAX_MERGED: usize = 10_000;

/// The toolkit versions aima reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// v1.0.1: answers 0..3, practice score `SUM/6`.
    V1_0_1,
    /// v1.0 and RC1: answers 0, 0.33, 0.66, 1, practice score `SUM/2`.
    V1_0,
}

/// One worksheet's cells and merged ranges, with its name for messages.
pub struct Sheet<'a> {
    pub file: &'a str,
    pub name: &'a str,
    /// The cells that hold something, by 0-based (row, column): sparse, so that a cell far
    /// away (XFD1048576) costs nothing.
    pub cells: BTreeMap<(u32, u32), Data>,
    pub merged: Vec<Dimensions>,
}

impl Sheet<'_> {
    /// The cell at 1-based `row`, 0-based `col`; inside a merged range, its top-left cell.
    pub fn cell(&self, row: u32, col: u16) -> &Data {
        let (r, c) = (row - 1, u32::from(col));
        let (r, c) = self
            .merged
            .iter()
            .find(|d| d.start.0 <= r && r <= d.end.0 && d.start.1 <= c && c <= d.end.1)
            .map_or((r, c), |d| d.start);
        self.cells.get(&(r, c)).unwrap_or(&Data::Empty)
    }

    /// The merged range that holds a cell other than its top-left one, if any.
    fn merged_into(&self, row: u32, col: u16) -> Option<&Dimensions> {
        let (r, c) = (row - 1, u32::from(col));
        self.merged
            .iter()
            .find(|d| d.start.0 <= r && r <= d.end.0 && d.start.1 <= c && c <= d.end.1 && d.start != (r, c))
    }

    /// A problem at a cell: `FILE: 'Sheet'!E9: message`.
    pub fn problem(&self, row: u32, col: u16, message: impl std::fmt::Display) -> Problem {
        Problem::new(
            self.file,
            Pos::FILE,
            format!("{}: {message}", place(self.name, row, col)),
        )
    }

    pub fn place(&self, row: u32, col: u16) -> String {
        place(self.name, row, col)
    }
}

/// The text of a cell as a message quotes it.
pub fn describe(data: &Data) -> String {
    match data {
        Data::Empty => "an empty cell".to_string(),
        Data::String(s) => format!("the text `{}`", shown(s)),
        Data::Float(f) => format!("the number {f}"),
        Data::Int(i) => format!("the number {i}"),
        Data::Bool(b) => format!("the logical value {}", if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => format!("the formula error {e}"),
        Data::DateTime(_) | Data::DateTimeIso(_) => "a date".to_string(),
        Data::DurationIso(_) => "a duration".to_string(),
    }
}

/// The most sheet names a message lists; the rest are counted.
const MAX_LISTED_SHEETS: usize = 10;

/// The sheet names for a message: the first few, then how many more.
fn sheet_list(names: &[String]) -> String {
    let mut listed: Vec<String> = (names.iter().take(MAX_LISTED_SHEETS))
        .map(|n| format!("`{}`", shown(n)))
        .collect();
    if names.len() > MAX_LISTED_SHEETS {
        listed.push(format!("and {} more", names.len() - MAX_LISTED_SHEETS));
    }
    listed.join(", ")
}

/// Reads a workbook from its bytes.
pub fn read(model: &Model, file: &str, bytes: Vec<u8>) -> Result<Imported, Problem> {
    let whole = |message: String| Problem::new(file, Pos::FILE, message);
    let mut book = open(file, bytes)?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == SHEET_QUESTIONS) {
        return Err(whole(format!(
            "no sheet `{SHEET_QUESTIONS}` (the sheets are {}): not an AIMA Toolkit workbook, \
             or the sheet was renamed",
            sheet_list(&names)
        )));
    }
    check_model_shape(model, file)?;
    let sheet = load_sheet(&mut book, file, SHEET_QUESTIONS, Merges::Read)?;
    check_header(&sheet)?;
    let version = version_of(&mut book, file)?;
    let mut warnings = Vec::new();
    let mut answers = read_answers(model, &sheet, version, &mut warnings)?;
    let mut assessment = Assessment::new(model);
    if names.iter().any(|n| n == SHEET_AIMA) {
        let extra = load_sheet(&mut book, file, SHEET_AIMA, Merges::Ignore)?;
        super::extras::apply(model, &extra, &mut answers, &mut assessment, &mut warnings)?;
    }
    assessment.answers = answers.into_iter().map(|(k, (_, a))| (k, a)).collect();
    if version == Version::V1_0 {
        warnings.insert(
            0,
            format!(
                "warning: {file}: an AIMA Toolkit v1.0 workbook (practice formulas `/2`, answers 0, 0.33, \
             0.66, 1): answers converted to no, partly, mostly, yes"
            ),
        );
    }
    let origin = match version {
        Version::V1_0_1 => "AIMA Toolkit v1.0.1 workbook",
        Version::V1_0 => "AIMA Toolkit v1.0 workbook, answers converted",
    };
    Ok(Imported {
        assessment,
        warnings,
        origin: origin.to_string(),
    })
}

/// Answers and notes of every question row, after checking that the row is the question's.
fn read_answers(
    model: &Model,
    sheet: &Sheet<'_>,
    version: Version,
    warnings: &mut Vec<String>,
) -> Result<super::extras::Answers, Problem> {
    let mut answers = BTreeMap::new();
    for q in model.questions() {
        let r = super::row_of(model, &q);
        check_question_row(sheet, &q, r)?;
        let word = answer_word(sheet, r, version, warnings)?;
        let note = note_text(sheet, r)?;
        if word.is_some() || note.is_some() {
            let answer = Answer {
                word,
                note,
                ..Answer::default()
            };
            answers.insert(q.question.id.clone(), (r, answer));
        }
    }
    Ok(answers)
}

pub fn open(file: &str, bytes: Vec<u8>) -> Result<Xlsx<Cursor<Vec<u8>>>, Problem> {
    let whole = |message: String| Problem::new(file, Pos::FILE, message);
    if bytes.is_empty() {
        return Err(whole("the file is empty".to_string()));
    }
    let ole = bytes.starts_with(b"\xD0\xCF\x11\xE0");
    // An OpenDocument file starts with its stored `mimetype` entry.
    let ods = bytes
        .get(30..)
        .is_some_and(|b| b.starts_with(b"mimetypeapplication/vnd.oasis.opendocument"));
    if !ole {
        check_package(&bytes).map_err(whole)?;
    }
    match Xlsx::new(Cursor::new(bytes)) {
        Ok(book) => Ok(book),
        Err(XlsxError::Password) => Err(whole(
            "the workbook is encrypted (password-protected); save a copy without a password and import that"
                .to_string(),
        )),
        Err(_) if ole => Err(whole(
            "an Excel 97-2003 (.xls) or other OLE file, not an .xlsx workbook; save it as .xlsx".to_string(),
        )),
        Err(_) if ods => Err(whole(
            "an OpenDocument spreadsheet (.ods), not an .xlsx workbook; save it as .xlsx".to_string(),
        )),
        Err(XlsxError::Zip(_)) => Err(whole(
            "not an .xlsx workbook (it is not a zip container), or it is damaged".to_string(),
        )),
        Err(e) => Err(whole(format!(
            "the workbook is damaged or not an .xlsx file ({})",
            shown_reason(&e.to_string())
        ))),
    }
}

/// The most shared strings a workbook may hold (the toolkit has about 400).
const MAX_SHARED_STRINGS: usize = 1_000_000;

/// Checks the package (docs/security.md, "Workbooks") and its shared-string table: a table
/// that declares more strings than it holds would make calamine reserve them all up front.
/// A zip that cannot be read at all is left for calamine to report.
fn check_package(bytes: &[u8]) -> Result<(), String> {
    let mut package = match Package::open(bytes) {
        Ok(package) => package,
        Err(PackageError::NotZip) => return Ok(()),
        Err(e) => return Err(format!("the workbook {e}")),
    };
    let parts = package.names();
    let tables = parts
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"));
    for name in tables {
        let xml = package.part(name).map_err(|e| format!("the workbook {e}"))?;
        let (declared, held) = count_shared_strings(xml.as_deref().unwrap_or_default()).map_err(|e| {
            format!(
                "the workbook is damaged: `{}` is not XML ({})",
                shown_reason(name),
                shown_reason(&e)
            )
        })?;
        if held > MAX_SHARED_STRINGS {
            return Err(format!(
                "the workbook holds {held} shared strings (at most {MAX_SHARED_STRINGS}): not an AIMA Toolkit workbook"
            ));
        }
        if declared.is_some_and(|d| d > held as u64) {
            return Err(format!(
                "the workbook is damaged: `{}` declares {} strings (uniqueCount) but holds {held}",
                shown_reason(name),
                declared.unwrap_or_default()
            ));
        }
    }
    Ok(())
}

/// The `uniqueCount` a shared-string table declares (when it is a number) and the `<si>`
/// items it holds, read as a stream.
fn count_shared_strings(xml: &[u8]) -> Result<(Option<u64>, usize), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let (mut declared, mut held) = (None, 0usize);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                let count = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount");
                declared = count.map(|a| {
                    let text = a.value.trim().to_string();
                    text.parse::<u64>()
                        .unwrap_or(if text.is_empty() { 0 } else { u64::MAX })
                });
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "si" => held += 1,
            Event::Eof => return Ok((declared, held)),
            _ => {}
        }
        buf.clear();
    }
}

/// Whether a sheet's merged ranges are read. aima looks cells up in `Assessment Questions`
/// at fixed places (a few hundred lookups, each scanning the ranges); in its own sheet it
/// looks at every row that holds a cell, so there merged ranges are not read (aima writes
/// none) and the work follows the cells present (docs/security.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merges {
    Read,
    Ignore,
}

/// The most text a sheet's cells may hold together, counted in bytes: a shared string is
/// copied into every cell that names it, so this bounds memory by bytes, not by cells.
const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

pub fn load_sheet<'a>(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    file: &'a str,
    name: &'a str,
    merges: Merges,
) -> Result<Sheet<'a>, Problem> {
    let damaged = |e: XlsxError| {
        Problem::new(
            file,
            Pos::FILE,
            format!("sheet `{name}` is damaged ({})", shown_reason(&e.to_string())),
        )
    };
    let refused = |what: String| {
        Problem::new(
            file,
            Pos::FILE,
            format!("sheet `{name}` has {what}: not an AIMA Toolkit workbook"),
        )
    };
    let mut cells = BTreeMap::new();
    let mut text = 0usize;
    let mut reader = book.worksheet_cells_reader(name).map_err(damaged)?;
    while let Some(cell) = reader.next_cell().map_err(damaged)? {
        text += match cell.get_value() {
            calamine::DataRef::SharedString(s) => s.len(),
            calamine::DataRef::String(s) => s.len(),
            _ => 0,
        };
        if text > MAX_TEXT_BYTES {
            return Err(refused(format!(
                "over {} MiB of text in its cells",
                MAX_TEXT_BYTES / (1024 * 1024)
            )));
        }
        let value = Data::from(cell.get_value().clone());
        if value != Data::Empty {
            cells.insert(cell.get_position(), value);
        }
        if cells.len() > MAX_CELLS {
            return Err(refused(format!("over {MAX_CELLS} cells")));
        }
    }
    drop(reader);
    let merged = match merges {
        Merges::Read => book.merge_cells_by_sheet_name(name).map_err(damaged)?,
        Merges::Ignore => Vec::new(),
    };
    if merged.len() > MAX_MERGED {
        return Err(refused(format!("over {MAX_MERGED} merged ranges")));
    }
    Ok(Sheet {
        file,
        name,
        cells,
        merged,
    })
}

/// The toolkit layout has 3 practices per domain; a model of another shape has no rows.
fn check_model_shape(model: &Model, file: &str) -> Result<(), Problem> {
    match model.domains.iter().find(|d| d.practices.len() != 3) {
        Some(d) => Err(Problem::new(
            file,
            Pos::FILE,
            format!(
                "model {} has {} practices in domain {}; the AIMA Toolkit layout holds 3 per domain",
                model.key(),
                d.practices.len(),
                d.id
            ),
        )),
        None => Ok(()),
    }
}

fn check_header(sheet: &Sheet<'_>) -> Result<(), Problem> {
    for (i, expected) in super::HEADERS.iter().enumerate() {
        let c = i as u16;
        let found = sheet.cell(HEADER_ROW, c);
        let ok = matches!(found, Data::String(s) if s.trim().eq_ignore_ascii_case(expected.trim()));
        if !ok {
            return Err(sheet.problem(
                HEADER_ROW,
                c,
                format!(
                    "expected the header `{}`, found {}: not the AIMA Toolkit v1.0.1 layout \
                     (a row inserted or deleted above it?)",
                    expected.trim(),
                    describe(found)
                ),
            ));
        }
    }
    Ok(())
}

/// v1.0.1 when the first practice formula divides by 6, v1.0/RC1 when it divides by 2.
/// The formulas are read as a stream, up to F7.
fn version_of(book: &mut Xlsx<Cursor<Vec<u8>>>, file: &str) -> Result<Version, Problem> {
    let damaged = |e: XlsxError| {
        Problem::new(
            file,
            Pos::FILE,
            format!("cannot read the formulas ({})", shown_reason(&e.to_string())),
        )
    };
    let f7 = (row(0, 0, 0, 1) - 1, u32::from(col::SCORE));
    let mut reader = book.worksheet_cells_reader(SHEET_QUESTIONS).map_err(damaged)?;
    while let Some(cell) = reader.next_formula().map_err(damaged)? {
        if cell.get_position() == f7 {
            let formula = cell.get_value().replace(' ', "");
            return Ok(if formula.ends_with(")/2") {
                Version::V1_0
            } else {
                Version::V1_0_1
            });
        }
        if cell.get_position().0 > f7.0 {
            break;
        }
    }
    Ok(Version::V1_0_1)
}

/// B must name the practice and stream, C the level: otherwise rows were moved.
fn check_question_row(sheet: &Sheet<'_>, q: &crate::model::QuestionRef<'_>, r: u32) -> Result<(), Problem> {
    let letter = ['A', 'B'][q.stream_index];
    let (header, rows) = super::practice_names(&q.practice.id, &q.practice.name);
    let b = sheet.cell(r, col::STREAM);
    // `<name> - Stream A`, compared loosely: case, spaces, the kind of dash.
    let names_ok = match b {
        Data::String(s) => normal(s)
            .strip_suffix(&format!("stream {}", letter.to_ascii_lowercase()))
            .is_some_and(|rest| {
                let name =
                    rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':'));
                [header, rows, q.practice.name.as_str()]
                    .iter()
                    .any(|n| normal(n) == name)
            }),
        _ => false,
    };
    if !names_ok {
        return Err(sheet.problem(
            r,
            col::STREAM,
            format!(
                "expected `{} - Stream {letter}` (the row of {}), found {}: not the AIMA Toolkit \
                 v1.0.1 layout (a row inserted or deleted?)",
                rows.trim(),
                q.question.id,
                describe(b)
            ),
        ));
    }
    let c = sheet.cell(r, col::LEVEL);
    let level_ok = match c {
        Data::Float(f) => *f == f64::from(q.question.level),
        Data::Int(i) => *i == i64::from(q.question.level),
        Data::String(s) => s.trim() == q.question.level.to_string(),
        _ => false,
    };
    if !level_ok {
        return Err(sheet.problem(
            r,
            col::LEVEL,
            format!(
                "expected the level {} (the row of {}), found {}: not the AIMA Toolkit v1.0.1 layout",
                q.question.level,
                q.question.id,
                describe(c)
            ),
        ));
    }
    Ok(())
}

/// A practice name compared loosely: case, spaces, `&` or `and`, the header's typo.
fn normal(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    words
        .join(" ")
        .to_lowercase()
        .replace(" and ", " & ")
        .replace("trasparency", "transparency")
}

/// The answer in E: a number of the version's scale, `To evaluate` or empty; a number
/// stored as text is taken with a warning (the workbook's own SUM skips text).
fn answer_word(
    sheet: &Sheet<'_>,
    r: u32,
    version: Version,
    warnings: &mut Vec<String>,
) -> Result<Option<Word>, Problem> {
    if let Some(range) = sheet.merged_into(r, col::ANSWER) {
        return Err(sheet.problem(
            r,
            col::ANSWER,
            format!(
                "the answer cell is merged into {}:{}; unmerge it so every question has its own answer",
                super::cell_name(range.start.0 + 1, range.start.1 as u16),
                super::cell_name(range.end.0 + 1, range.end.1 as u16)
            ),
        ));
    }
    let data = sheet.cell(r, col::ANSWER);
    let expected = match version {
        Version::V1_0_1 => "0, 1, 2, 3 or `To evaluate`",
        Version::V1_0 => "0, 0.33, 0.66, 1 or `To evaluate` (a v1.0 workbook)",
    };
    let bad = || {
        sheet.problem(
            r,
            col::ANSWER,
            format!("{} is not an answer: expected {expected}", describe(data)),
        )
    };
    match data {
        Data::Empty => Ok(None),
        Data::Float(f) => word_of(*f, version).map(Some).ok_or_else(bad),
        Data::Int(i) => word_of(*i as f64, version).map(Some).ok_or_else(bad),
        Data::String(s) if s.trim().is_empty() || s.trim().eq_ignore_ascii_case(TO_EVALUATE) => Ok(None),
        Data::String(s) => {
            let number: f64 = s.trim().parse().map_err(|_| bad())?;
            let word = word_of(number, version).ok_or_else(bad)?;
            warnings.push(format!(
                "warning: {}: {}: the answer `{}` is stored as text: imported as {word}, but the \
                 workbook's own formula scores a text as 0 (enter it as a number there)",
                sheet.file,
                sheet.place(r, col::ANSWER),
                shown(s)
            ));
            Ok(Some(word))
        }
        _ => Err(bad()),
    }
}

/// The word for a number on the version's scale.
fn word_of(value: f64, version: Version) -> Option<Word> {
    let near = |x: f64| (value - x).abs() < 0.006;
    match version {
        Version::V1_0_1 if value.fract() == 0.0 && (0.0..=3.0).contains(&value) => {
            Some([Word::No, Word::Partly, Word::Mostly, Word::Yes][value as usize])
        }
        Version::V1_0_1 => None,
        // v1.0's broken list `To evaluate,0,0,33,0,66,1` offers 33 and 66 for 0.33 and 0.66.
        Version::V1_0 if near(1.0) => Some(Word::Yes),
        Version::V1_0 if near(0.66) || near(0.67) || value == 66.0 => Some(Word::Mostly),
        Version::V1_0 if near(0.33) || value == 33.0 => Some(Word::Partly),
        Version::V1_0 if value == 0.0 => Some(Word::No),
        Version::V1_0 => None,
    }
}

/// The interview note in G: text exactly as stored; a number or date as the sheet shows it.
fn note_text(sheet: &Sheet<'_>, r: u32) -> Result<Option<String>, Problem> {
    match sheet.cell(r, col::NOTE) {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => Ok(Some(s.clone())),
        Data::Error(e) => Err(sheet.problem(
            r,
            col::NOTE,
            format!("the note cell holds the formula error {e}; write the note as text"),
        )),
        other => Ok(Some(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(r: u32, b: &str, level: f64) -> Sheet<'static> {
        let mut cells = BTreeMap::new();
        cells.insert((r - 1, u32::from(col::STREAM)), Data::String(b.to_string()));
        cells.insert((r - 1, u32::from(col::LEVEL)), Data::Float(level));
        Sheet {
            file: "book.xlsx",
            name: SHEET_QUESTIONS,
            cells,
            merged: Vec::new(),
        }
    }

    #[test]
    fn stream_labels_compare_loosely_but_name_the_right_row() {
        let model = crate::embedded::model();
        let q = model.question("RA-TE-B-1").expect("question");
        let r = super::super::row_of(model, &q);
        assert_eq!(r, 15);
        for label in [
            "Transparency & Explainability - Stream B",
            "transparency and explainability – stream b",
            "  Transparency &  Explainability  -  Stream B ",
            "Transparency and Explainability: Stream B",
        ] {
            assert!(
                check_question_row(&sheet(r, label, 1.0), &q, r).is_ok(),
                "{label}"
            );
        }
        for label in [
            "Transparency & Explainability - Stream A",
            "Fairness & Bias - Stream B",
            "Stream B",
            "Transparency & Explainability - Stream BB",
        ] {
            assert!(
                check_question_row(&sheet(r, label, 1.0), &q, r).is_err(),
                "{label}"
            );
        }
        let wrong_level =
            check_question_row(&sheet(r, "Transparency & Explainability - Stream B", 2.0), &q, r);
        assert_eq!(
            wrong_level.expect_err("level 2 on a level-1 row").to_string(),
            "book.xlsx: 'Assessment Questions'!C15: expected the level 1 (the row of RA-TE-B-1), found the \
             number 2: not the AIMA Toolkit v1.0.1 layout"
        );
    }

    #[test]
    fn v1_0_values_convert_and_others_do_not() {
        let cases = [
            (0.0, Some(Word::No)),
            (0.33, Some(Word::Partly)),
            (33.0, Some(Word::Partly)),
        ];
        for (value, word) in cases.into_iter().chain([
            (0.66, Some(Word::Mostly)),
            (0.67, Some(Word::Mostly)),
            (66.0, Some(Word::Mostly)),
            (1.0, Some(Word::Yes)),
            (2.0, None),
            (0.5, None),
        ]) {
            assert_eq!(word_of(value, Version::V1_0), word, "{value}");
        }
        assert_eq!(word_of(3.0, Version::V1_0_1), Some(Word::Yes));
        assert_eq!(word_of(0.33, Version::V1_0_1), None);
        assert_eq!(word_of(-1.0, Version::V1_0_1), None);
    }
}
