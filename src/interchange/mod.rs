//! Interchange: the official AIMA Toolkit workbook ([`toolkit`]) and aima's CSV ([`csv`]),
//! both ways. Importers give an [`Imported`] assessment; exporters give the bytes to write.
//! The mapping, both ways, and the choices made: docs/interchange.md.
//!
//! Nothing aima writes can be taken as a formula by a spreadsheet: text that starts like
//! one (`=`, `+`, `-`, `@`, tab, CR) is written as text that says so (a leading `'` in CSV,
//! a string cell with Excel's quote prefix in a workbook), and reads back exactly.

pub mod ciso;
pub mod csv;
pub mod oscal;
pub mod toolkit;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use crate::answers::Assessment;
use crate::answers::write::{Kind, answers_file};
use crate::base::diag::{Pos, Problem};
use crate::base::sanitize;
use crate::model::Model;

/// Largest workbook or CSV file aima reads (the official workbook is under 100 KB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The characters that make a spreadsheet read a cell as a formula (or a DDE call).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The most characters a workbook cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// An assessment read from a workbook or CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub assessment: Assessment,
    /// Warnings for standard error, each a whole line.
    pub warnings: Vec<String>,
    /// What was read, for the answers file's first comment (`AIMA Toolkit v1.0.1 workbook`).
    pub origin: String,
}

/// True when a spreadsheet would take `text` as the start of a formula.
pub fn starts_like_formula(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS)
}

/// Characters a spreadsheet may skip before it looks for a formula's first character
/// (OWASP's CSV-injection guidance): controls, spaces of every kind, the byte-order mark,
/// zero-width characters.
fn skipped_before_a_formula(c: char) -> bool {
    c.is_whitespace() || c.is_control() || crate::base::sanitize::is_unsafe(c)
}

/// Whether a spreadsheet could read a CSV cell holding `text` as a formula: it starts with
/// `=`, `+`, `-`, `@` (or their full-width forms), a tab or a CR, after any characters a
/// spreadsheet may skip (a space, NBSP, NUL, VT, LF, BOM, ZWSP).
pub fn csv_formula_like(text: &str) -> bool {
    let rest = text.trim_start_matches(skipped_before_a_formula);
    starts_like_formula(text)
        || rest.starts_with(['=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}'])
}

/// A CSV cell for `text`: a leading `'` when a spreadsheet could read the text as a formula
/// ([`csv_formula_like`]), or when it starts with `'` itself (so that the `'` aima adds can
/// always be told apart and removed on import).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if csv_formula_like(text) || text.starts_with('\'') {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a CSV cell written by [`csv_cell`]: one leading `'` removed.
pub fn csv_text(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// The kinds of file `aima import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Toolkit,
    Csv,
    /// An OSCAL document (assessment-results is read; other models are refused).
    Oscal,
}

/// The document properties of a workbook aima writes, dated `date` (the assessment's, else
/// the context's today, which honours `SOURCE_DATE_EPOCH`), at midnight: never the clock's
/// time, so the same answers give the same bytes (docs/interchange.md, "Deterministic output").
pub fn workbook_properties(title: &str, d: crate::answers::Date) -> rust_xlsxwriter::DocProperties {
    let properties = rust_xlsxwriter::DocProperties::new().set_title(title);
    // A date Excel cannot show (before 1900): its first day.
    let when = rust_xlsxwriter::ExcelDateTime::from_ymd(d.year, d.month, d.day)
        .or_else(|_| rust_xlsxwriter::ExcelDateTime::from_ymd(1900, 1, 1));
    match when {
        Ok(when) => properties.set_creation_datetime(&when),
        Err(_) => properties,
    }
}

/// Why `text` (a note, reason or evidence cell) is refused: longer than a workbook cell
/// holds, so `export` could not write it back (docs/interchange.md).
pub fn longer_than_a_cell(text: &str) -> Option<String> {
    // Only a text of more bytes than a cell holds characters can be too long.
    let chars = match text.len() > MAX_CELL_CHARS {
        true => text.chars().count(),
        false => return None,
    };
    (chars > MAX_CELL_CHARS).then(|| {
        format!(
            "the text has {chars} characters, more than a workbook cell holds ({MAX_CELL_CHARS}, \
             Excel's limit), so aima could not export it back; shorten it"
        )
    })
}

/// Reads a workbook or CSV file into an assessment. The kind is told by the content
/// (a zip or OLE container is a workbook), else by the `.csv` name or a CSV header. A note,
/// reason or evidence item longer than a workbook cell holds is refused, whatever the format.
pub fn import(model: &Model, path: &Path, display: &str) -> Result<Imported, Problem> {
    let bytes = read_bytes(path, display)?;
    import_bytes(model, path, display, bytes)
}

/// [`import`] of bytes already read from `path` (whose name tells a CSV file from others
/// when the content does not): what the fuzz target runs (`fuzz/import_body.rs`).
pub fn import_bytes(model: &Model, path: &Path, display: &str, bytes: Vec<u8>) -> Result<Imported, Problem> {
    let imported = import_any(model, path, display, bytes)?;
    for (code, answer) in &imported.assessment.answers {
        let evidence = answer.evidence.iter().map(|e| e.cell());
        let texts = [answer.note.clone(), answer.reason.clone()].into_iter().flatten();
        if let Some(too_long) = texts.chain(evidence).find_map(|t| longer_than_a_cell(&t)) {
            let message = format!("a note, reason or evidence item of {code}: {too_long}");
            return Err(Problem::new(display, Pos::FILE, message));
        }
    }
    Ok(imported)
}

fn import_any(model: &Model, path: &Path, display: &str, bytes: Vec<u8>) -> Result<Imported, Problem> {
    match source_of(path, &bytes) {
        Some(Source::Toolkit) => match ciso::workbook_table(display, &bytes)? {
            Some(table) => ciso::audit::read(model, display, &table, "CISO Assistant audit (.xlsx)"),
            None => toolkit::read::read(model, display, bytes),
        },
        Some(Source::Csv) => match ciso::csv_table(display, &bytes)? {
            Some(table) => ciso::audit::read(model, display, &table, "CISO Assistant audit (CSV)"),
            None => csv::read(model, display, &bytes),
        },
        Some(Source::Oscal) => oscal::read::read(model, display, &bytes),
        None if bytes.is_empty() => Err(Problem::new(display, Pos::FILE, "the file is empty")),
        None if looks_like_answers(&bytes) => Err(Problem::new(
            display,
            Pos::FILE,
            "an aima answers file already: use it as it is (import reads a toolkit workbook or an aima CSV file)",
        )),
        None => Err(Problem::new(
            display,
            Pos::FILE,
            "not a file import reads: an AIMA Toolkit workbook (.xlsx), an aima CSV file, an OSCAL \
             assessment-results document (JSON) or a CISO Assistant audit (.xlsx, .csv)",
        )),
    }
}

/// What kind of file `bytes` is, if aima can import it.
pub fn source_of(path: &Path, bytes: &[u8]) -> Option<Source> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        return Some(Source::Toolkit);
    }
    if oscal::read::looks_like_oscal(bytes) {
        return Some(Source::Oscal);
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("xlsx" | "xlsm") if !bytes.is_empty() => Some(Source::Toolkit),
        Some("csv") if !bytes.is_empty() => Some(Source::Csv),
        _ => {
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let first = text.split(|b| *b == b'\n').next().unwrap_or_default();
            let columns: Vec<String> = String::from_utf8_lossy(first)
                .split(',')
                .map(|c| c.trim().trim_matches('"').to_lowercase())
                .collect();
            (text.starts_with(b"id,domain,") || ciso::audit::is_audit_header(&columns)).then_some(Source::Csv)
        }
    }
}

/// An answers file has a line `aima: 1` (or another version) at its top level.
fn looks_like_answers(bytes: &[u8]) -> bool {
    bytes
        .split(|b| *b == b'\n')
        .any(|line| line.starts_with(b"aima:"))
}

/// An input workbook or CSV file's bytes, with import's limits.
pub fn read_bytes(path: &Path, display: &str) -> Result<Vec<u8>, Problem> {
    let whole = |message: String| Problem::new(display, Pos::FILE, message);
    let meta = std::fs::metadata(path).map_err(|e| whole(io_message(&e)))?;
    if meta.is_dir() {
        return Err(whole(
            "is a directory; import reads one workbook or CSV file".to_string(),
        ));
    }
    // Size limit, FIFOs and devices refused without blocking (see docs/security.md).
    crate::base::input::read_bytes(path, display, MAX_FILE_BYTES)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied: cannot read the file".to_string(),
        _ => format!("cannot read the file: {e}"),
    }
}

/// The answers file for an import: a comment saying where it came from, then the file
/// the interview writes (every question, with its text as comments).
pub fn answers_text(model: &Model, imported: &Imported, display: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by aima from {} ({}).",
        sanitize::yaml_comment(display),
        imported.origin
    );
    out.push_str(&answers_file(
        model,
        &imported.assessment,
        Kind::Assessment,
        &|_| true,
    ));
    out
}

/// The question codes answered `na`, in model order.
pub fn na_codes(model: &Model, assessment: &Assessment) -> Vec<String> {
    model
        .questions()
        .filter(|q| assessment.word(&q.question.id) == Some(crate::answers::Word::Na))
        .map(|q| q.question.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula_and_read_back_exactly() {
        for (text, cell) in [
            ("=1+1", "'=1+1"),
            ("+33", "'+33"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'quoted", "''quoted"),
            ("''", "'''"),
            ("plain = text", "plain = text"),
            ("", ""),
            ("\0=1+1", "'\0=1+1"),
            ("\u{b}=1", "'\u{b}=1"),
            ("\n=1", "'\n=1"),
            (" =1", "' =1"),
            ("\u{a0}=1", "'\u{a0}=1"),
            ("\u{ff1d}1+1", "'\u{ff1d}1+1"),
            ("\u{feff}=1", "'\u{feff}=1"),
            ("\u{200b}+1", "'\u{200b}+1"),
            ("  @x", "'  @x"),
            ("x;=1+1", "x;=1+1"),
            (" plain", " plain"),
        ] {
            assert_eq!(csv_cell(text), cell, "{text:?}");
            assert_eq!(csv_text(&csv_cell(text)), text, "{text:?}");
            assert!(!csv_formula_like(&csv_cell(text)), "{text:?}");
        }
    }

    #[test]
    fn tells_workbooks_from_csv() {
        let p = Path::new;
        assert_eq!(source_of(p("a.bin"), b"PK\x03\x04rest"), Some(Source::Toolkit));
        assert_eq!(
            source_of(p("a.xlsx"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            Some(Source::Toolkit)
        );
        assert_eq!(source_of(p("a.xlsx"), b"hello"), Some(Source::Toolkit));
        assert_eq!(source_of(p("a.CSV"), b"x"), Some(Source::Csv));
        assert_eq!(
            source_of(p("a.txt"), b"\xEF\xBB\xBFid,domain,p"),
            Some(Source::Csv)
        );
        assert_eq!(source_of(p("a.txt"), b"aima: 1"), None);
        assert_eq!(source_of(p("a.xlsx"), b""), None);
    }
}
