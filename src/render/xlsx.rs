//! Excel workbooks of `portfolio` and `trend` (docs/reports.md): the table on one sheet,
//! scores as numbers, labels and names as text (`write_string`, never a formula), a
//! heatmap by a conditional format over the scores, and a native chart.
//!
//! Outside text (system ids, names, owners, file names) is escaped as for a terminal, so no
//! control or bidirectional character reaches a cell.

use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormat3ColorScale, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::portfolio::{PortfolioView, TrendView};
use crate::answers::Date;
use crate::base::sanitize::terminal_line;
use crate::score::Rating;

/// The heatmap's colours: red at 0, amber at 1.5, green at 3 (toolkit score).
fn heatmap() -> ConditionalFormat3ColorScale {
    ConditionalFormat3ColorScale::new()
        .set_minimum(rust_xlsxwriter::ConditionalFormatType::Number, 0)
        .set_midpoint(rust_xlsxwriter::ConditionalFormatType::Number, 1.5)
        .set_maximum(rust_xlsxwriter::ConditionalFormatType::Number, 3)
        .set_minimum_color("F8696B")
        .set_midpoint_color("FFEB84")
        .set_maximum_color("63BE7B")
}

fn text(ws: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
    ws.write_string(row, col, terminal_line(value))?;
    Ok(())
}

fn score(ws: &mut Worksheet, row: u32, col: u16, r: &Rating, format: &Format) -> Result<(), XlsxError> {
    if let Some(s) = r.score() {
        ws.write_number_with_format(row, col, s.hundredths() as f64 / 100.0, format)?;
    }
    Ok(())
}

fn date(ws: &mut Worksheet, row: u32, col: u16, d: Date, format: &Format) -> Result<(), XlsxError> {
    let when = ExcelDateTime::from_ymd(d.year, d.month, d.day)?;
    ws.write_datetime_with_format(row, col, &when, format)?;
    Ok(())
}

fn header(ws: &mut Worksheet, names: &[String]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, terminal_line(name), &bold)?;
    }
    ws.set_freeze_panes(1, 1)?;
    // Printed: landscape, as wide as one page.
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(())
}

/// `aima portfolio --format xlsx`: one row per system (its latest assessment); every
/// practice's toolkit score as the heatmap; a bar chart of the overall scores.
pub fn portfolio(view: &PortfolioView) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Portfolio")?;
    let practices: Vec<&str> = view.model.practices().map(|(_, p)| p.id.as_str()).collect();
    header(ws, &portfolio_names(&practices))?;
    let systems = &view.portfolio.systems;
    for (i, s) in systems.iter().enumerate() {
        portfolio_row(ws, i as u32 + 1, s, practices.len())?;
    }
    let last = systems.len().max(1) as u32;
    ws.add_conditional_format(1, 9, last, 9 + practices.len() as u16, &heatmap())?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 20)?;
    ws.set_column_width(3, 11)?;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name("Overall toolkit score")
        .set_categories(("Portfolio", 1, 0, last, 0))
        .set_values(("Portfolio", 1, 9, last, 9));
    chart
        .title()
        .set_name("Overall toolkit score per system (0 to 3)");
    chart.y_axis().set_min(0).set_max(3);
    ws.insert_chart(last + 2, 0, &chart)?;
    book.save_to_buffer()
}

/// The portfolio sheet's column names: the system, its latest assessment, every practice.
fn portfolio_names(practices: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = [
        "System",
        "Name",
        "Owner",
        "Date",
        "Age (days)",
        "Stale",
        "Answered",
        "Questions",
    ]
    .map(String::from)
    .to_vec();
    names.extend(["Overall", "Overall score"].map(String::from));
    names.extend(practices.iter().map(|p| (*p).to_string()));
    names.extend(["Below target", "Change", "Round", "Status"].map(String::from));
    names
}

/// Row `r` of the portfolio sheet: one system.
fn portfolio_row(
    ws: &mut Worksheet,
    r: u32,
    s: &crate::portfolio::SystemRow,
    practices: usize,
) -> Result<(), XlsxError> {
    let (num, day) = (
        Format::new().set_num_format("0.00"),
        Format::new().set_num_format("yyyy-mm-dd"),
    );
    let sum = &s.latest.summary;
    text(ws, r, 0, &s.system)?;
    text(ws, r, 1, s.name.as_deref().unwrap_or(""))?;
    text(ws, r, 2, s.owner.as_deref().unwrap_or(""))?;
    date(ws, r, 3, s.latest.date, &day)?;
    ws.write_number(r, 4, s.age_days as f64)?;
    ws.write_boolean(r, 5, s.stale)?;
    ws.write_number(r, 6, (sum.questions - sum.unanswered) as f64)?;
    ws.write_number(r, 7, sum.questions as f64)?;
    text(ws, r, 8, &sum.overall.label())?;
    score(ws, r, 9, &sum.overall, &num)?;
    for (j, cell) in sum.practices.iter().enumerate() {
        score(ws, r, 10 + j as u16, &cell.rating, &num)?;
    }
    let after = 10 + practices as u16;
    ws.write_number(r, after, s.below_target as f64)?;
    text(ws, r, after + 1, s.change.map_or("", crate::diff::Status::as_str))?;
    text(ws, r, after + 2, &s.latest.round)?;
    text(ws, r, after + 3, s.latest.status.as_str())?;
    Ok(())
}

/// `aima trend --format xlsx`: one row per date; the domains' (and with `--practices` the
/// practices') toolkit scores as the heatmap; a line chart of the domain scores over time.
pub fn trend(view: &TrendView) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Trend")?;
    let mut names: Vec<String> = ["Date", "Files", "Answered", "Overall", "Overall score"]
        .map(String::from)
        .to_vec();
    let domains = &view.model.domains;
    names.extend(domains.iter().map(|d| format!("{} {}", d.id, d.name)));
    if view.practices {
        names.extend(view.model.practices().map(|(_, p)| p.id.clone()));
    }
    header(ws, &names)?;
    let (num, day) = (
        Format::new().set_num_format("0.00"),
        Format::new().set_num_format("yyyy-mm-dd"),
    );
    let points = &view.trend.assessments;
    for (i, a) in points.iter().enumerate() {
        let (r, res) = (i as u32 + 1, &a.result);
        date(ws, r, 0, a.date, &day)?;
        let files: Vec<_> = a.files.iter().map(|f| terminal_line(f)).collect();
        ws.write_string(r, 1, files.join("\n"))?;
        ws.write_number(r, 2, (res.questions - res.unanswered) as f64)?;
        text(ws, r, 3, &res.overall.label())?;
        score(ws, r, 4, &res.overall, &num)?;
        for (j, d) in res.domains.iter().enumerate() {
            score(ws, r, 5 + j as u16, &d.rating, &num)?;
        }
        if view.practices {
            for (j, p) in res.practices().enumerate() {
                score(ws, r, 5 + (domains.len() + j) as u16, &p.rating, &num)?;
            }
        }
    }
    let last = points.len().max(1) as u32;
    ws.add_conditional_format(1, 4, last, names.len() as u16 - 1, &heatmap())?;
    ws.set_column_width(0, 11)?;
    ws.set_column_width(1, 40)?;
    let mut chart = Chart::new(ChartType::Line);
    for j in 0..domains.len() as u16 {
        chart
            .add_series()
            .set_name(("Trend", 0, 5 + j))
            .set_categories(("Trend", 1, 0, last, 0))
            .set_values(("Trend", 1, 5 + j, last, 5 + j));
    }
    chart
        .title()
        .set_name("Toolkit score per domain over time (0 to 3)");
    chart.x_axis().set_date_axis(true).set_num_format("yyyy-mm-dd");
    chart.y_axis().set_min(0).set_max(3);
    chart.set_width(620).set_height(400);
    ws.insert_chart(last + 2, 0, &chart)?;
    book.save_to_buffer()
}
