//! The official AIMA Toolkit v1.0.1 workbook: its layout (sheets, rows, columns, names,
//! formulas), shared by the reader ([`read`]) and the writer ([`write`]).
//! The layout, cell by cell, and how aima maps it both ways: docs/interchange.md.

pub mod extras;
pub mod package;
pub mod read;
pub mod template;
pub mod write;

use crate::model::{Model, QuestionRef};

/// Sheet names, in the toolkit's tab order, then aima's own sheet.
pub const SHEET_INTRO: &str = "Introduction";
pub const SHEET_QUESTIONS: &str = "Assessment Questions";
pub const SHEET_RESULTS: &str = "Results";
pub const SHEET_CHART: &str = "Graphical visualization";
/// What the toolkit layout cannot hold (n/a and reasons, evidence, metadata, targets).
pub const SHEET_AIMA: &str = "aima";

/// 1-based row of the header of `Assessment Questions`.
pub const HEADER_ROW: u32 = 5;
/// Rows per domain block: 3 practices of 7 rows, and one separator row.
pub const DOMAIN_ROWS: u32 = 22;
/// Rows per practice: the header row and its 6 question rows.
pub const PRACTICE_ROWS: u32 = 7;

/// Columns of `Assessment Questions` (0-based, A = 0).
pub mod col {
    pub const DOMAIN: u16 = 0;
    pub const STREAM: u16 = 1;
    pub const LEVEL: u16 = 2;
    pub const QUESTION: u16 = 3;
    pub const ANSWER: u16 = 4;
    pub const SCORE: u16 = 5;
    pub const NOTE: u16 = 6;
    pub const SPACER: u16 = 7;
}

/// The header texts of row 5, A to G (E has a trailing space in the toolkit; a reader trims).
pub const HEADERS: [&str; 7] = [
    "PRACTICE AREA",
    "STREAM",
    "MATURITY LEVEL",
    "QUESTIONS",
    "ANSWERS ",
    "MATURITY",
    "INTERVIEW NOTE",
];

/// The text an untouched answer cell holds, and the dropdown's list.
pub const TO_EVALUATE: &str = "To evaluate";
pub const ANSWER_LIST: [&str; 5] = [TO_EVALUATE, "0", "1", "2", "3"];

/// The toolkit's own practice names: (code, header name verbatim, name in the stream rows).
/// RA-TE's header has a trailing space and PR-UC's a typo; the stream rows spell them right.
pub const PRACTICE_NAMES: [(&str, &str, &str); 24] = [
    ("RA-EV", "Ethical & Societal Impact", "Ethical & Societal Impact"),
    (
        "RA-TE",
        "Transparency & Explainability ",
        "Transparency & Explainability",
    ),
    ("RA-FB", "Fairness & Bias", "Fairness & Bias"),
    ("GV-SM", "Strategy & Metrics", "Strategy & Metrics"),
    ("GV-PC", "Policy & Compliance", "Policy & Compliance"),
    ("GV-EG", "Education & Awareness", "Education & Awareness"),
    ("DM-QI", "Data Quality & Integrity", "Data Quality & Integrity"),
    (
        "DM-GA",
        "Data Governance & Accountability",
        "Data Governance & Accountability",
    ),
    ("DM-DT", "Data Training", "Data Training"),
    (
        "PR-MP",
        "Data Minimization & Purpose Limitation",
        "Data Minimization & Purpose Limitation",
    ),
    (
        "PR-PD",
        "Privacy by Design & Default",
        "Privacy by Design & Default",
    ),
    (
        "PR-UC",
        "User Control & Trasparency",
        "User Control & Transparency",
    ),
    ("DE-TA", "Threat Assessment", "Threat Assessment"),
    ("DE-SA", "Security Architecture", "Security Architecture"),
    ("DE-SR", "Security Requirements", "Security Requirements"),
    ("IM-SB", "Secure Build", "Secure Build"),
    ("IM-SD", "Secure Deployment", "Secure Deployment"),
    ("IM-DM", "Defect Management", "Defect Management"),
    ("VE-ST", "Security Testing", "Security Testing"),
    ("VE-RT", "Requirement-based Testing", "Requirement-based Testing"),
    ("VE-AA", "Architecture Assessment", "Architecture Assessment"),
    ("OP-IM", "Incident Management", "Incident Management"),
    ("OP-EM", "Event Management", "Event Management"),
    ("OP-OM", "Operational Management", "Operational Management"),
];

/// Row (1-based) of the practice header: `6 + 22·d + 7·p`.
pub fn header_row(domain: usize, practice: usize) -> u32 {
    6 + DOMAIN_ROWS * domain as u32 + PRACTICE_ROWS * practice as u32
}

/// Row (1-based) of a question in `Assessment Questions`:
/// `6 + 22·d + 7·p + 1 + 2·(level−1) + (stream == B)` (level-major: A-1, B-1, A-2, ...).
pub fn row(domain: usize, practice: usize, stream_index: usize, level: u8) -> u32 {
    header_row(domain, practice) + 1 + 2 * (u32::from(level) - 1) + stream_index as u32
}

/// The separator row that ends a domain block (merged A:H).
pub fn separator_row(domain: usize) -> u32 {
    6 + DOMAIN_ROWS * domain as u32 + 21
}

/// Row (1-based) of a practice in the `Results` table: `4 + 3·d + p`.
pub fn results_row(domain: usize, practice: usize) -> u32 {
    4 + 3 * domain as u32 + practice as u32
}

/// Positions of a question in the model: (domain index, practice index).
fn indexes(model: &Model, q: &QuestionRef<'_>) -> (usize, usize) {
    let d = model
        .domains
        .iter()
        .position(|d| d.id == q.domain.id)
        .unwrap_or(0);
    let p = q
        .domain
        .practices
        .iter()
        .position(|p| p.id == q.practice.id)
        .unwrap_or(0);
    (d, p)
}

/// The toolkit row of a question: the model's `toolkit_row` (docs/model.md). A test
/// checks it against the layout's formula for every question of the embedded model.
pub fn row_of(_model: &Model, q: &QuestionRef<'_>) -> u32 {
    q.question.toolkit_row
}

/// The row the layout's formula gives a question, from its position in the model.
pub fn formula_row(model: &Model, q: &QuestionRef<'_>) -> u32 {
    let (d, p) = indexes(model, q);
    row(d, p, q.stream_index, q.question.level)
}

/// The toolkit's names of a practice (header, stream rows); the model's name for a practice
/// the toolkit does not have.
pub fn practice_names<'a>(code: &str, model_name: &'a str) -> (&'a str, &'a str) {
    PRACTICE_NAMES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or((model_name, model_name), |(_, header, rows)| (*header, *rows))
}

/// `A1`-style name of a cell from 1-based row and 0-based column.
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut n = u32::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

/// `'Sheet Name'!E9`, as error messages name a cell.
pub fn place(sheet: &str, row: u32, col: u16) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), cell_name(row, col))
}

/// The letters of a 0-based column: 0 is `A`, 26 is `AA`.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The 0-based column of a cell reference such as `E9` (`None` past XFD or when malformed).
pub fn column_of(reference: &str) -> Option<u16> {
    let letters: &str = &reference[..reference.bytes().take_while(u8::is_ascii_alphabetic).count()];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let n = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    u16::try_from(n - 1).ok().filter(|c| *c < 16_384)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The practices table of docs/interchange.md: header row, first question row, score
    /// cell (row of A-1), Results row.
    const TABLE: [(&str, u32, u32, u32); 24] = [
        ("RA-EV", 6, 7, 4),
        ("RA-TE", 13, 14, 5),
        ("RA-FB", 20, 21, 6),
        ("GV-SM", 28, 29, 7),
        ("GV-PC", 35, 36, 8),
        ("GV-EG", 42, 43, 9),
        ("DM-QI", 50, 51, 10),
        ("DM-GA", 57, 58, 11),
        ("DM-DT", 64, 65, 12),
        ("PR-MP", 72, 73, 13),
        ("PR-PD", 79, 80, 14),
        ("PR-UC", 86, 87, 15),
        ("DE-TA", 94, 95, 16),
        ("DE-SA", 101, 102, 17),
        ("DE-SR", 108, 109, 18),
        ("IM-SB", 116, 117, 19),
        ("IM-SD", 123, 124, 20),
        ("IM-DM", 130, 131, 21),
        ("VE-ST", 138, 139, 22),
        ("VE-RT", 145, 146, 23),
        ("VE-AA", 152, 153, 24),
        ("OP-IM", 160, 161, 25),
        ("OP-EM", 167, 168, 26),
        ("OP-OM", 174, 175, 27),
    ];

    #[test]
    fn rows_match_the_layout_table() {
        let model = crate::embedded::model();
        let practices: Vec<_> = model.practices().collect();
        assert_eq!(practices.len(), 24);
        for (i, ((_, practice), (code, header, first, results))) in practices.iter().zip(TABLE).enumerate() {
            assert_eq!(practice.id, code);
            assert_eq!(PRACTICE_NAMES[i].0, code);
            let (d, p) = (i / 3, i % 3);
            assert_eq!(header_row(d, p), header, "{code}");
            assert_eq!(results_row(d, p), results, "{code}");
            // Level-major within the practice: A-1, B-1, A-2, B-2, A-3, B-3.
            let expected = [(0, 1, 0), (1, 1, 1), (0, 2, 2), (1, 2, 3), (0, 3, 4), (1, 3, 5)];
            for (stream, level, offset) in expected {
                let q = model
                    .question(&format!("{code}-{}-{level}", ['A', 'B'][stream]))
                    .expect("question");
                assert_eq!(row_of(model, &q), first + offset, "{}", q.question.id);
                assert_eq!(formula_row(model, &q), first + offset, "{}", q.question.id);
            }
        }
        let seps: Vec<u32> = (0..8).map(separator_row).collect();
        assert_eq!(seps, [27, 49, 71, 93, 115, 137, 159, 181]);
    }

    #[test]
    fn every_question_has_its_own_row() {
        let model = crate::embedded::model();
        let mut rows: Vec<u32> = model.questions().map(|q| row_of(model, &q)).collect();
        rows.sort_unstable();
        rows.dedup();
        assert_eq!(rows.len(), 144);
        assert_eq!((rows[0], rows[143]), (7, 180));
    }

    #[test]
    fn every_toolkit_name_fits_its_practice() {
        let model = crate::embedded::model();
        for ((_, practice), (code, header, rows)) in model.practices().zip(PRACTICE_NAMES) {
            assert_eq!(practice.id, code);
            assert_eq!(practice_names(code, &practice.name), (header, rows));
        }
        assert_eq!(practice_names("XX-YY", "Own Name"), ("Own Name", "Own Name"));
    }

    #[test]
    fn names_cells_like_a_spreadsheet() {
        assert_eq!(cell_name(9, col::ANSWER), "E9");
        assert_eq!(cell_name(1, 25), "Z1");
        assert_eq!(cell_name(1, 26), "AA1");
        assert_eq!(
            place(SHEET_QUESTIONS, 9, col::ANSWER),
            "'Assessment Questions'!E9"
        );
        assert_eq!(place("it's", 1, 0), "'it''s'!A1");
    }
}
