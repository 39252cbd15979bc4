//! Writes an assessment as an AIMA Toolkit v1.0.1 workbook: the toolkit's four sheets, cell
//! for cell (docs/interchange.md), then aima's own sheet `aima` ([`super::extras`]).
//! Every text is a string cell; one that starts like a formula also gets Excel's quote
//! prefix, so that editing the cell cannot turn it into a formula either.

use rust_xlsxwriter::{
    Chart, ChartType, Color, DataValidation, Format, FormatAlign, Formula, Table, TableColumn, Workbook,
    Worksheet, XlsxError,
};

use super::{
    ANSWER_LIST, HEADER_ROW, HEADERS, SHEET_AIMA, SHEET_CHART, SHEET_INTRO, SHEET_QUESTIONS, SHEET_RESULTS,
    TO_EVALUATE, col, header_row, results_row, row, separator_row,
};
use crate::answers::Assessment;
use crate::interchange::{MAX_CELL_CHARS, starts_like_formula};
use crate::model::Model;

/// Light fills for the eight domain blocks (static, as in the toolkit).
const DOMAIN_FILLS: [u32; 8] = [
    0xDDEBF7, 0xFCE4D6, 0xE2EFDA, 0xFFF2CC, 0xEDE2F6, 0xD9E1F2, 0xF8CBAD, 0xC6E0B4,
];

/// Evidence items per question: one per column of the sheet `aima`, from D.
const MAX_EVIDENCE: usize = 16_000;

struct Styles {
    bold: Format,
    wrap: Format,
    score: Format,
    results: Format,
}

/// The workbook's bytes. Errors are messages (a text too long for a cell, or the writer's).
pub fn workbook(
    model: &Model,
    assessment: &Assessment,
    today: crate::answers::Date,
) -> Result<Vec<u8>, String> {
    check_shape_and_lengths(model, assessment)?;
    build(model, assessment, today).map_err(|e| format!("cannot write the workbook: {e}"))
}

fn build(model: &Model, assessment: &Assessment, today: crate::answers::Date) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles {
        bold: Format::new().set_bold(),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        score: Format::new()
            .set_num_format("0.00")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        results: Format::new().set_num_format("#,##0.00"),
    };
    let scores = workbook_scores(model, assessment);
    let mut book = Workbook::new();
    // Dated as of the assessment, so that the same answers give the same bytes.
    book.set_properties(&crate::interchange::workbook_properties(
        "AIMA assessment",
        assessment.metadata.date.unwrap_or(today),
    ));
    intro(book.add_worksheet().set_name(SHEET_INTRO)?, model, &styles)?;
    questions(
        book.add_worksheet().set_name(SHEET_QUESTIONS)?,
        model,
        assessment,
        &styles,
        &scores,
    )?;
    results(
        book.add_worksheet().set_name(SHEET_RESULTS)?,
        model,
        &styles,
        &scores,
    )?;
    let last = results_row(model.domains.len().saturating_sub(1), 2) - 1;
    chart(book.add_chartsheet().set_name(SHEET_CHART)?, last)?;
    let aima = book.add_worksheet().set_name(SHEET_AIMA)?;
    super::extras::write(aima, model, assessment, &styles.bold, &|ws, r, c, s| {
        text(ws, r, c, s, &Format::new())
    })?;
    book.worksheet_from_index(1)?.set_active(true);
    book.save_to_buffer()
}

/// A string cell; one that starts like a formula gets the quote prefix too.
fn text(ws: &mut Worksheet, r: u32, c: u16, s: &str, format: &Format) -> Result<(), XlsxError> {
    if starts_like_formula(s) || s.starts_with('\'') {
        ws.write_string_with_format(r, c, s, &format.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(r, c, s, format)?;
    }
    Ok(())
}

/// What the workbook's own formula gives per practice, in model order: the sum of the
/// numeric answers over 6 (n/a and unanswered count 0).
pub fn workbook_scores(model: &Model, assessment: &Assessment) -> Vec<f64> {
    model
        .practices()
        .map(|(_, p)| {
            let sum: u32 = p
                .streams
                .iter()
                .flat_map(|s| s.questions.iter())
                .filter_map(|q| assessment.word(&q.id).and_then(|w| w.value()))
                .map(u32::from)
                .sum();
            f64::from(sum) / 6.0
        })
        .collect()
}

pub(super) fn check_shape_and_lengths(model: &Model, assessment: &Assessment) -> Result<(), String> {
    if let Some(d) = model.domains.iter().find(|d| d.practices.len() != 3) {
        return Err(format!(
            "model {} has {} practices in domain {}; the AIMA Toolkit layout holds 3 per domain",
            model.key(),
            d.practices.len(),
            d.id
        ));
    }
    for (code, answer) in &assessment.answers {
        if answer.evidence.len() > MAX_EVIDENCE {
            return Err(format!(
                "{code} has {} evidence items; the sheet `aima` holds {MAX_EVIDENCE} per question",
                answer.evidence.len()
            ));
        }
        let cells: Vec<String> = answer.evidence.iter().map(|e| e.cell()).collect();
        let texts = answer.note.iter().chain(answer.reason.iter()).chain(&cells);
        if texts.into_iter().any(|t| t.chars().count() > MAX_CELL_CHARS) {
            return Err(format!(
                "a note, reason or evidence item of {code} is longer than the {MAX_CELL_CHARS} \
                 characters a workbook cell holds"
            ));
        }
    }
    Ok(())
}

fn intro(ws: &mut Worksheet, model: &Model, styles: &Styles) -> Result<(), XlsxError> {
    ws.set_column_width(1, 100)?;
    ws.write_string_with_format(1, 1, "OWASP AI Maturity Assessment (AIMA) Toolkit", &styles.bold)?;
    let intro = format!(
        "This workbook was written by aima {} (with the rust_xlsxwriter crate). It reproduces the \
         layout of the OWASP AIMA Toolkit v1.0.1 (sheets, rows, formulas, the answer list); it is \
         not OWASP's file: the question texts are aima's own wording of the AIMA criteria, and \
         OWASP's introduction, logo, licence text and contributors are not here. To fill OWASP's \
         own workbook instead, run `aima export ... --to toolkit --template YOUR-COPY.xlsx`. \
         Answer each question in the sheet '{SHEET_QUESTIONS}' with 0 (no maturity), 1, 2 or 3 \
         (full maturity); each practice's maturity is the sum of its six answers divided by 6. \
         The sheet '{SHEET_AIMA}' keeps what this layout cannot hold, for `aima import`.",
        env!("CARGO_PKG_VERSION")
    );
    ws.write_string_with_format(4, 1, intro, &styles.wrap)?;
    let licence = format!("Model: {} {} ({}).", model.name, model.version, model.key());
    text(ws, 6, 1, &licence, &styles.wrap)?;
    text(ws, 7, 1, &model.attribution, &styles.wrap)?;
    ws.write_string(13, 1, "Version: 1.0.1")?;
    Ok(())
}

fn questions(
    ws: &mut Worksheet,
    model: &Model,
    assessment: &Assessment,
    styles: &Styles,
    scores: &[f64],
) -> Result<(), XlsxError> {
    for (c, width) in [
        (0, 22.0),
        (1, 34.0),
        (2, 10.0),
        (3, 80.0),
        (4, 12.0),
        (5, 11.0),
        (6, 50.0),
        (7, 1.14),
    ] {
        ws.set_column_width(c, width)?;
    }
    ws.merge_range(1, 0, 1, 4, "AIMA Assessment Questions", &styles.bold)?;
    ws.merge_range(
        2,
        0,
        2,
        4,
        "Answer each question with 0 (meaning no maturity), 1 (initial maturity), 2 (not full \
         maturity) or 3 (maturity), from the list in the ANSWERS column.",
        &styles.wrap,
    )?;
    let h = HEADER_ROW - 1;
    for (c, head) in HEADERS.iter().enumerate().take(6) {
        ws.write_string_with_format(h, c as u16, *head, &styles.bold)?;
    }
    ws.merge_range(h, col::NOTE, h, col::SPACER, HEADERS[6], &styles.bold)?;
    let mut ranges = Vec::new();
    for (d, domain) in model.domains.iter().enumerate() {
        let fill = Color::RGB(DOMAIN_FILLS[d % DOMAIN_FILLS.len()]);
        let top = header_row(d, 0);
        let domain_format = styles.wrap.clone().set_background_color(fill).set_bold();
        ws.merge_range(top, col::DOMAIN, top + 19, col::DOMAIN, "", &domain_format)?;
        text(ws, top, col::DOMAIN, &domain.name, &domain_format)?;
        for (p, practice) in domain.practices.iter().enumerate() {
            let index = d * 3 + p;
            practice_block(ws, styles, (d, p), practice, fill, scores[index])?;
            let first = row(d, p, 0, 1);
            ranges.push(format!("E{}:E{}", first, first + 5));
        }
        let sep = separator_row(d) - 1;
        ws.merge_range(sep, col::DOMAIN, sep, col::SPACER, "", &Format::new())?;
    }
    question_rows(ws, model, assessment, styles)?;
    let list = DataValidation::new()
        .allow_list_strings(&ANSWER_LIST)?
        .show_input_message(false)
        .set_multi_range(ranges.join(" "));
    let first = row(0, 0, 0, 1) - 1;
    ws.add_data_validation(first, col::ANSWER, first + 5, col::ANSWER, &list)?;
    ws.set_freeze_panes(HEADER_ROW, 0)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn practice_block(
    ws: &mut Worksheet,
    styles: &Styles,
    (d, p): (usize, usize),
    practice: &crate::model::Practice,
    fill: Color,
    score: f64,
) -> Result<(), XlsxError> {
    let (header, _) = super::practice_names(&practice.id, &practice.name);
    let h = header_row(d, p) - 1;
    let header_format = styles.bold.clone().set_background_color(fill);
    ws.merge_range(h, col::STREAM, h, col::SPACER, "", &header_format)?;
    text(ws, h, col::STREAM, header, &header_format)?;
    let first = row(d, p, 0, 1);
    ws.merge_range(first - 1, col::SCORE, first + 4, col::SCORE, "", &styles.score)?;
    let formula = Formula::new(format!("=SUM(E{}:E{})/6", first, first + 5)).set_result(score.to_string());
    ws.write_formula_with_format(first - 1, col::SCORE, formula, &styles.score)?;
    Ok(())
}

/// The question rows: B, C, D, the answer in E, the note in G.
fn question_rows(
    ws: &mut Worksheet,
    model: &Model,
    assessment: &Assessment,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for q in model.questions() {
        let r = super::row_of(model, &q) - 1;
        let (_, rows) = super::practice_names(&q.practice.id, &q.practice.name);
        let label = format!("{} - Stream {}", rows.trim_end(), ['A', 'B'][q.stream_index]);
        text(ws, r, col::STREAM, &label, &styles.wrap)?;
        ws.write_number(r, col::LEVEL, f64::from(q.level()))?;
        text(ws, r, col::QUESTION, &q.question.text, &styles.wrap)?;
        let answer = assessment.answers.get(&q.question.id);
        match answer.and_then(|a| a.word).and_then(|w| w.value()) {
            Some(value) => ws.write_number(r, col::ANSWER, f64::from(value))?,
            None => ws.write_string(r, col::ANSWER, TO_EVALUATE)?,
        };
        if let Some(note) = answer.and_then(|a| a.note.as_deref()) {
            text(ws, r, col::NOTE, note, &styles.wrap)?;
        }
    }
    Ok(())
}

fn results(ws: &mut Worksheet, model: &Model, styles: &Styles, scores: &[f64]) -> Result<(), XlsxError> {
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 40)?;
    ws.set_column_width(3, 12)?;
    for (d, domain) in model.domains.iter().enumerate() {
        for (p, practice) in domain.practices.iter().enumerate() {
            let r = results_row(d, p) - 1;
            if p == 1 {
                text(ws, r, 1, &domain.name, &Format::new())?;
            }
            text(
                ws,
                r,
                2,
                super::practice_names(&practice.id, &practice.name).0,
                &Format::new(),
            )?;
            let source = row(d, p, 0, 1);
            let formula = Formula::new(format!("='{SHEET_QUESTIONS}'!F{source}"))
                .set_result(scores[d * 3 + p].to_string());
            ws.write_formula_with_format(r, 3, formula, &styles.results)?;
        }
    }
    let last = results_row(model.domains.len().saturating_sub(1), 2) - 1;
    let columns = ["PRACTICE AREA", "PRACTICES", "MATURITY"].map(|h| TableColumn::new().set_header(h));
    let table = Table::new().set_name("ASSESSMENT_RESULTS").set_columns(&columns);
    ws.add_table(2, 1, last, 3, &table)?;
    Ok(())
}

fn chart(ws: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name((SHEET_RESULTS, 2, 3))
        .set_categories((SHEET_RESULTS, 3, 2, last, 2))
        .set_values((SHEET_RESULTS, 3, 3, last, 3));
    chart.title().set_name("AIMA Assessment Results");
    chart.x_axis().set_name("PRACTICES");
    chart.y_axis().set_name("MATURITY");
    ws.insert_chart(0, 0, &chart)?;
    Ok(())
}
