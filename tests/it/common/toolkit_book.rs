//! Builds AIMA Toolkit workbooks for tests from the documented layout (docs/interchange.md),
//! independently of aima's own writer: merged domain, practice and score cells, the
//! `To evaluate` texts, the answer dropdown, the `/6` (or v1.0's `/2`) formulas. A spec can
//! damage the workbook the way users do: insert a row, rename the sheet, put anything in a
//! cell.
#![allow(dead_code)]

use std::collections::BTreeMap;

use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, Worksheet};

/// The toolkit's practice codes and header names, verbatim.
pub const PRACTICES: [(&str, &str); 24] = [
    ("RA-EV", "Ethical & Societal Impact"),
    ("RA-TE", "Transparency & Explainability "),
    ("RA-FB", "Fairness & Bias"),
    ("GV-SM", "Strategy & Metrics"),
    ("GV-PC", "Policy & Compliance"),
    ("GV-EG", "Education & Awareness"),
    ("DM-QI", "Data Quality & Integrity"),
    ("DM-GA", "Data Governance & Accountability"),
    ("DM-DT", "Data Training"),
    ("PR-MP", "Data Minimization & Purpose Limitation"),
    ("PR-PD", "Privacy by Design & Default"),
    ("PR-UC", "User Control & Trasparency"),
    ("DE-TA", "Threat Assessment"),
    ("DE-SA", "Security Architecture"),
    ("DE-SR", "Security Requirements"),
    ("IM-SB", "Secure Build"),
    ("IM-SD", "Secure Deployment"),
    ("IM-DM", "Defect Management"),
    ("VE-ST", "Security Testing"),
    ("VE-RT", "Requirement-based Testing"),
    ("VE-AA", "Architecture Assessment"),
    ("OP-IM", "Incident Management"),
    ("OP-EM", "Event Management"),
    ("OP-OM", "Operational Management"),
];

const DOMAINS: [&str; 8] = [
    "RESPONSIBLE AI",
    "GOVERNANCE",
    "DATA MANAGEMENT",
    "PRIVACY",
    "DESIGN",
    "IMPLEMENTATION",
    "VERIFICATION",
    "OPERATIONS",
];

/// What a cell holds.
#[derive(Debug, Clone)]
pub enum Cell {
    Number(f64),
    Text(String),
    /// A formula whose cached result is an error such as `#DIV/0!`.
    Error(&'static str),
    /// A formula (`=1+1`) whose cached result is this number.
    Formula(f64),
    /// A number shown as a date (the day count 46000 is 2025-12-09).
    Date,
    Bool(bool),
    Empty,
}

/// A workbook to build. Rows are the layout's 1-based rows, before any damage.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub answers: BTreeMap<u32, Cell>,
    pub notes: BTreeMap<u32, String>,
    /// v1.0: `/2` formulas and the broken list.
    pub v1_0: bool,
    pub sheet_name: Option<String>,
    /// An empty row inserted here (1-based), shifting the rows below.
    pub insert_row_at: Option<u32>,
    /// Text in the last cell of the sheet, XFD1048576.
    pub far_cell: bool,
    /// Rows of a sheet `aima` (from row 3), when given.
    pub aima_rows: Vec<Vec<String>>,
    /// What a user's copy of the official workbook may hold besides the layout: an image
    /// (a logo), an extra sheet with styles, a defined name.
    pub extras: bool,
}

/// A 1×1 PNG, for the logo of a template.
pub const PNG_1X1: [u8; 70] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
    0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05,
    0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42,
    0x60, 0x82,
];

/// The toolkit row of a question code: `6 + 22·d + 7·p + 1 + 2·(level−1) + (stream == B)`.
pub fn row(code: &str) -> u32 {
    let i = PRACTICES
        .iter()
        .position(|(c, _)| code.starts_with(c))
        .expect("known practice") as u32;
    let stream = u32::from(code.as_bytes()[6] == b'B');
    let level = u32::from(code.as_bytes()[8] - b'0');
    6 + 22 * (i / 3) + 7 * (i % 3) + 1 + 2 * (level - 1) + stream
}

pub fn build(spec: &Spec) -> Vec<u8> {
    let mut book = Workbook::new();
    let intro = book.add_worksheet().set_name("Introduction").expect("name");
    intro.write_string(1, 1, "AIMA Toolkit").expect("write");
    intro
        .write_string(
            13,
            1,
            if spec.v1_0 {
                "Version: V1.0"
            } else {
                "Version: 1.0.1"
            },
        )
        .expect("write");
    if spec.extras {
        let logo = rust_xlsxwriter::Image::new_from_buffer(&PNG_1X1).expect("png");
        intro.insert_image(0, 3, &logo).expect("image");
        let bold = Format::new()
            .set_bold()
            .set_font_color(rust_xlsxwriter::Color::RGB(0x1F4E79));
        intro
            .write_string_with_format(4, 1, "OWASP's own introduction, kept as it is", &bold)
            .expect("write");
    }
    let name = spec.sheet_name.as_deref().unwrap_or("Assessment Questions");
    let ws = book.add_worksheet().set_name(name).expect("name");
    questions(ws, spec);
    let results = book.add_worksheet().set_name("Results").expect("name");
    results.write_string(2, 3, "MATURITY").expect("write");
    if !spec.aima_rows.is_empty() {
        let aima = book.add_worksheet().set_name("aima").expect("name");
        for (r, cells) in spec.aima_rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    aima.write_string(r as u32 + 2, c as u16, text).expect("write");
                }
            }
        }
    }
    if spec.extras {
        let notes = book.add_worksheet().set_name("Our notes").expect("name");
        let italic = Format::new()
            .set_italic()
            .set_background_color(rust_xlsxwriter::Color::RGB(0xFFF2CC));
        notes
            .write_string_with_format(0, 0, "Assessed with the board in November", &italic)
            .expect("write");
        book.define_name("PracticeScores", "='Assessment Questions'!$F$7:$F$180")
            .expect("name");
    }
    book.save_to_buffer().expect("workbook")
}

/// 0-based physical row of a 1-based layout row, after the inserted row.
fn physical(spec: &Spec, r: u32) -> u32 {
    match spec.insert_row_at {
        Some(i) if r >= i => r,
        _ => r - 1,
    }
}

fn questions(ws: &mut Worksheet, spec: &Spec) {
    let at = |r: u32| physical(spec, r);
    let plain = Format::new();
    header_rows(ws, spec);
    let mut ranges = Vec::new();
    for (i, (_, name)) in PRACTICES.iter().enumerate() {
        let (d, p) = (i as u32 / 3, i as u32 % 3);
        let h = 6 + 22 * d + 7 * p;
        if p == 0 {
            ws.merge_range(at(h + 1), 0, at(h + 20), 0, DOMAINS[d as usize], &plain)
                .expect("merge");
            ws.merge_range(at(6 + 22 * d + 21), 0, at(6 + 22 * d + 21), 7, "", &plain)
                .expect("merge");
        }
        ws.merge_range(at(h), 1, at(h), 7, name, &plain).expect("merge");
        question_rows(ws, spec, h, name);
        ranges.push(format!("E{}:E{}", at(h + 1) + 1, at(h + 6) + 1));
    }
    dropdown(ws, spec, &ranges);
}

/// The title, the instructions and the column headers.
fn header_rows(ws: &mut Worksheet, spec: &Spec) {
    let at = |r: u32| physical(spec, r);
    let plain = Format::new();
    ws.merge_range(at(2), 0, at(2), 4, "AIMA ASSESSMENT QUESTIONS", &plain)
        .expect("merge");
    ws.merge_range(
        at(3),
        0,
        at(3),
        4,
        "Answer each question with 0 (meaning no maturity) ...",
        &plain,
    )
    .expect("merge");
    for (c, head) in [
        "PRACTICE AREA",
        "STREAM",
        "MATURITY LEVEL",
        "QUESTIONS",
        "ANSWERS ",
        "MATURITY",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(at(5), c as u16, *head).expect("write");
    }
    ws.merge_range(at(5), 6, at(5), 7, "INTERVIEW NOTE", &plain)
        .expect("merge");
}

/// The six question rows of the practice whose header is row `h`, and its score formula.
fn question_rows(ws: &mut Worksheet, spec: &Spec, h: u32, name: &str) {
    let at = |r: u32| physical(spec, r);
    let plain = Format::new();
    {
        let row_name = name.trim_end().replace("Trasparency", "Transparency");
        for k in 0..6u32 {
            let r = h + 1 + k;
            let stream = if k % 2 == 0 { 'A' } else { 'B' };
            ws.write_string(at(r), 1, format!("{row_name} - Stream {stream}"))
                .expect("write");
            ws.write_number(at(r), 2, f64::from(k / 2 + 1)).expect("write");
            ws.write_string(at(r), 3, format!("Question {k} of {name}?"))
                .expect("write");
            match spec
                .answers
                .get(&r)
                .cloned()
                .unwrap_or(Cell::Text("To evaluate".into()))
            {
                Cell::Number(n) => ws.write_number(at(r), 4, n),
                Cell::Text(t) => ws.write_string(at(r), 4, t),
                Cell::Error(e) => ws.write_formula(at(r), 4, Formula::new("=1/0").set_result(e)),
                Cell::Formula(n) => {
                    ws.write_formula(at(r), 4, Formula::new("=1+1").set_result(n.to_string()))
                }
                Cell::Date => {
                    ws.write_number_with_format(at(r), 4, 46000, &Format::new().set_num_format("yyyy-mm-dd"))
                }
                Cell::Bool(b) => ws.write_boolean(at(r), 4, b),
                Cell::Empty => Ok(&mut *ws),
            }
            .expect("write answer");
            if let Some(note) = spec.notes.get(&r) {
                ws.write_string(at(r), 6, note).expect("write");
            }
        }
        let divisor = if spec.v1_0 { 2 } else { 6 };
        ws.merge_range(at(h + 1), 5, at(h + 6), 5, "", &plain)
            .expect("merge");
        ws.write_formula(
            at(h + 1),
            5,
            format!("=SUM(E{}:E{})/{divisor}", h + 1, h + 6).as_str(),
        )
        .expect("formula");
    }
}

/// The answer dropdown over `ranges`, as the toolkit (or its v1.0) has it.
fn dropdown(ws: &mut Worksheet, spec: &Spec, ranges: &[String]) {
    let at = |r: u32| physical(spec, r);
    let list: &[&str] = if spec.v1_0 {
        &["To evaluate", "0", "0", "33", "0", "66", "1"]
    } else {
        &["To evaluate", "0", "1", "2", "3"]
    };
    let dv = DataValidation::new()
        .allow_list_strings(list)
        .expect("list")
        .set_multi_range(ranges.join(" "));
    ws.add_data_validation(at(7), 4, at(12), 4, &dv)
        .expect("validation");
}
