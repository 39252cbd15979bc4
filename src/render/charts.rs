//! The charts written beside `portfolio -o OUT.md` and `trend -o OUT.md`: a heatmap of
//! systems × the 24 practices, and a line chart of the domain scores over time.
//!
//! Deterministic output (integer pixel positions, scores with two decimals), so both can be
//! snapshot-tested; all user text goes through [`xml`].

use std::fmt::Write as _;

use super::portfolio::{PortfolioView, TrendView};
use super::text::xml;
use crate::portfolio::SystemRow;
use crate::score::Rating;

const CELL_W: usize = 30;
const CELL_H: usize = 18;
/// Rows between repeated column heads, so a long heatmap stays readable while scrolling.
const BLOCK: usize = 40;
const HEAD_H: usize = 34;
const TOP: usize = 70;
const FONT: &str = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\"";

/// Fill and text colour of a rating: red (0) through yellow to green (3); grey for n/a.
fn colours(r: &Rating) -> (&'static str, &'static str) {
    match r.level() {
        None => ("#e4e4e4", "#555555"),
        Some(l) => match (l.level, l.plus) {
            (0, false) => ("#c0392b", "#ffffff"),
            (0, true) => ("#e0603d", "#ffffff"),
            (1, false) => ("#f39c4a", "#1a1a1a"),
            (1, true) => ("#f7c95c", "#1a1a1a"),
            (2, false) => ("#c5e07a", "#1a1a1a"),
            (2, true) => ("#8cc965", "#1a1a1a"),
            _ => ("#2e8b57", "#ffffff"),
        },
    }
}

/// Characters of a system label before it is cut (the full text is in its tooltip).
const LABEL_CHARS: usize = 28;

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// y of the top of row `i`: blocks of [`BLOCK`] rows, each after a column head.
fn row_y(i: usize) -> usize {
    TOP + (i / BLOCK + 1) * HEAD_H + i * CELL_H
}

/// The heatmap: one row per system (its latest assessment), one column per practice,
/// then the overall result; coloured by AIMA level, a black corner where a practice misses
/// its target, stale systems in grey italics.
pub fn heatmap(view: &PortfolioView) -> String {
    let systems = &view.portfolio.systems;
    let label_w = 16
        + 7 * systems
            .iter()
            .map(|s| label_of(s).chars().count().min(LABEL_CHARS + 8))
            .max()
            .unwrap_or(8)
            .max(8);
    let practices = view.model.practices().count();
    let width = label_w + (practices + 1) * CELL_W + 70;
    let height = row_y(systems.len().max(1)) + 20;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" {FONT} font-size=\"11\">"
    );
    let _ = writeln!(
        out,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    let _ = writeln!(
        out,
        "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">AI system portfolio: AIMA level per practice, latest assessment ({} system{})</text>",
        systems.len(),
        if systems.len() == 1 { "" } else { "s" }
    );
    legend(&mut out);
    for block in 0..systems.len().div_ceil(BLOCK).max(1) {
        column_head(&mut out, view, label_w, row_y(block * BLOCK) - HEAD_H);
    }
    for (i, row) in systems.iter().enumerate() {
        heat_row(&mut out, view.model, row, (label_w, row_y(i)));
    }
    out.push_str("</svg>\n");
    out
}

fn label_of(row: &SystemRow) -> String {
    let name = cut(&row.system, LABEL_CHARS);
    if row.stale {
        format!("{name} (stale)")
    } else {
        name
    }
}

fn legend(out: &mut String) {
    let items = [
        (0u8, false, "0"),
        (0, true, "0+"),
        (1, false, "1"),
        (1, true, "1+"),
        (2, false, "2"),
        (2, true, "2+"),
        (3, false, "3"),
    ];
    let _ = writeln!(out, "<text x=\"10\" y=\"46\">AIMA level:</text>");
    for (i, (level, plus, label)) in items.iter().enumerate() {
        let r = Rating::Rated {
            level: crate::score::Level {
                level: *level,
                plus: *plus,
            },
            score: crate::score::Ratio::new(0, 1),
        };
        let (fill, ink) = colours(&r);
        let x = 80 + i * 34;
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"34\" width=\"30\" height=\"16\" fill=\"{fill}\"/><text x=\"{}\" y=\"46\" text-anchor=\"middle\" fill=\"{ink}\">{label}</text>",
            x + 15
        );
    }
    let x = 80 + items.len() * 34;
    let (fill, ink) = colours(&Rating::NotApplicable);
    let _ = writeln!(
        out,
        "<rect x=\"{x}\" y=\"34\" width=\"30\" height=\"16\" fill=\"{fill}\"/><text x=\"{}\" y=\"46\" text-anchor=\"middle\" fill=\"{ink}\">n/a</text>",
        x + 15
    );
    let x = x + 50;
    let _ = writeln!(
        out,
        "<rect x=\"{x}\" y=\"34\" width=\"16\" height=\"16\" fill=\"#f39c4a\"/>{}<text x=\"{}\" y=\"46\">below target</text>",
        corner(x, 34, 16),
        x + 22
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"46\" fill=\"#888888\" font-style=\"italic\">(stale): older than the stale limit</text>",
        x + 110
    );
}

/// The black corner that marks a missed target.
fn corner(x: usize, y: usize, w: usize) -> String {
    format!("<path d=\"M{} {y}h8v8z\" fill=\"#111111\"/>", x + w - 8)
}

fn column_head(out: &mut String, view: &PortfolioView, label_w: usize, y: usize) {
    let _ = writeln!(out, "<g class=\"head\">");
    let mut x = label_w;
    for (di, domain) in view.model.domains.iter().enumerate() {
        let w = domain.practices.len() * CELL_W;
        let band = if di % 2 == 0 { "#eef2f7" } else { "#f8f9fb" };
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{HEAD_H}\" fill=\"{band}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\"><title>{}</title>{}</text>",
            x + w / 2,
            y + 14,
            xml(&domain.name),
            xml(&domain.id)
        );
        for practice in &domain.practices {
            let short = practice.id.rsplit('-').next().unwrap_or(&practice.id);
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\"><title>{} {}</title>{}</text>",
                x + CELL_W / 2,
                y + 29,
                xml(&practice.id),
                xml(&practice.name),
                xml(short)
            );
            x += CELL_W;
        }
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">All</text>",
        x + 4 + CELL_W / 2,
        y + 29
    );
    out.push_str("</g>\n");
}

fn heat_row(out: &mut String, model: &crate::model::Model, row: &SystemRow, (label_w, y): (usize, usize)) {
    let label = label_of(row);
    let style = if row.stale {
        " fill=\"#888888\" font-style=\"italic\""
    } else {
        ""
    };
    let mut title = format!("{}: {} ({} days old)", row.system, row.latest.date, row.age_days);
    if let Some(name) = &row.name {
        title = format!("{name}, {title}");
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"{style}><title>{}</title>{}</text>",
        label_w - 6,
        y + 13,
        xml(&title),
        xml(&label)
    );
    let mut x = label_w;
    for ((_, practice), p) in model.practices().zip(&row.latest.summary.practices) {
        let missed = p.gap.is_some_and(|g| g > 0);
        let target = p.target.map_or(String::new(), |t| format!(", target {t}"));
        let tip = format!(
            "{} {}: {} ({}){target}",
            row.system,
            practice.id,
            p.rating.label(),
            p.rating.score_text()
        );
        cell(out, (x, y), &p.rating, &tip, missed);
        x += CELL_W;
    }
    let overall = &row.latest.summary.overall;
    let tip = format!(
        "{} overall: {} ({})",
        row.system,
        overall.label(),
        overall.score_text()
    );
    cell(out, (x + 4, y), overall, &tip, false);
}

fn cell(out: &mut String, (x, y): (usize, usize), r: &Rating, tip: &str, missed: bool) {
    let (fill, ink) = colours(r);
    let mark = if missed {
        corner(x, y, CELL_W - 1)
    } else {
        String::new()
    };
    let size = if r.level().is_none() {
        " font-size=\"9\""
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<g><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>{mark}<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{ink}\"{size}>{}</text></g>",
        xml(tip),
        CELL_W - 1,
        CELL_H - 1,
        x + CELL_W / 2,
        y + 13,
        r.label()
    );
}

// ---------------------------------------------------------------- line chart

const PALETTE: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#882255", "#999933",
];
const PLOT_X: (usize, usize) = (60, 620);
const PLOT_Y: (usize, usize) = (60, 360);

/// The line chart of `trend -o`: each domain's toolkit score (0–3) at each assessment date,
/// dates placed by time, and the overall score as a thick dashed line.
pub fn line_chart(view: &TrendView) -> String {
    let points = &view.trend.assessments;
    let days: Vec<i64> = points
        .iter()
        .map(|a| crate::portfolio::days_since_epoch(a.date))
        .collect();
    let (first, last) = (
        days.first().copied().unwrap_or(0),
        days.last().copied().unwrap_or(0),
    );
    let x_of = |d: i64| -> usize {
        let (x0, x1) = PLOT_X;
        if last == first {
            (x0 + x1) / 2
        } else {
            x0 + ((d - first) as f64 / (last - first) as f64 * (x1 - x0) as f64).round() as usize
        }
    };
    let y_of = |hundredths: u64| -> usize {
        PLOT_Y.1 - (hundredths.min(300) as usize * (PLOT_Y.1 - PLOT_Y.0)) / 300
    };
    let (width, height) = (820, 420);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" {FONT} font-size=\"12\">\n<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n"
    );
    let _ = writeln!(
        out,
        "<text x=\"10\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{}: toolkit score per domain over time</text>",
        xml(&cut(&view.trend.system, 60))
    );
    let ticks = points.iter().map(|a| a.date.to_string());
    axes(&mut out, ticks.zip(days.iter().map(|d| x_of(*d))), &y_of);
    let scales: Scales = (&x_of, &y_of);
    for (di, domain) in view.model.domains.iter().enumerate() {
        let series: Vec<Option<u64>> = points
            .iter()
            .map(|a| a.result.domains[di].rating.score().map(|s| s.hundredths()))
            .collect();
        let colour = PALETTE[di % PALETTE.len()];
        let style = format!("stroke=\"{colour}\" stroke-width=\"2\"");
        series_path(&mut out, &series, &days, scales, &style);
        dots(&mut out, &series, points, scales, (&domain.id, colour));
        legend_entry(&mut out, di, &style, (&domain.id, &domain.name));
    }
    let overall: Vec<Option<u64>> = points
        .iter()
        .map(|a| a.result.overall.score().map(|s| s.hundredths()))
        .collect();
    let style = "stroke=\"#222222\" stroke-width=\"3.5\" stroke-dasharray=\"8 5\"";
    series_path(&mut out, &overall, &days, scales, style);
    legend_entry(&mut out, view.model.domains.len(), style, ("Overall", "Overall"));
    out.push_str("</svg>\n");
    out
}

/// Line `i` of the legend: a stroke in the series' style and its label.
fn legend_entry(out: &mut String, i: usize, style: &str, (label, title): (&str, &str)) {
    let y = 70 + i * 22;
    let _ = writeln!(
        out,
        "<line x1=\"650\" y1=\"{y}\" x2=\"674\" y2=\"{y}\" {style}/><text x=\"680\" y=\"{}\"><title>{}</title>{}</text>",
        y + 4,
        xml(title),
        xml(label)
    );
}

type Scales<'a> = (&'a dyn Fn(i64) -> usize, &'a dyn Fn(u64) -> usize);

fn axes(out: &mut String, ticks: impl Iterator<Item = (String, usize)>, y_of: &dyn Fn(u64) -> usize) {
    let (x0, x1) = PLOT_X;
    for level in 0..=3u64 {
        let y = y_of(level * 100);
        let _ = writeln!(
            out,
            "<line x1=\"{x0}\" y1=\"{y}\" x2=\"{x1}\" y2=\"{y}\" stroke=\"#dddddd\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555555\">{level}.00</text>",
            x0 - 8,
            y + 4
        );
    }
    let ticks: Vec<(String, usize)> = ticks.collect();
    let rotate = ticks.len() > 6;
    for (label, x) in ticks {
        let y = PLOT_Y.1 + 18;
        let turn = if rotate {
            format!(" transform=\"rotate(-35 {x} {y})\"")
        } else {
            String::new()
        };
        let anchor = if rotate { "end" } else { "middle" };
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#999999\"/><text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" fill=\"#333333\" font-size=\"11\"{turn}>{label}</text>",
            PLOT_Y.1,
            PLOT_Y.1 + 5
        );
    }
}

/// A line through the points that have a score; a not-applicable point breaks the line.
fn series_path(out: &mut String, series: &[Option<u64>], days: &[i64], (x_of, y_of): Scales, style: &str) {
    let mut d = String::new();
    let mut pen_down = false;
    for (value, day) in series.iter().zip(days) {
        match value {
            Some(v) => {
                let _ = write!(
                    d,
                    "{}{} {} ",
                    if pen_down { "L" } else { "M" },
                    x_of(*day),
                    y_of(*v)
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !d.is_empty() {
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"none\" {style} stroke-linejoin=\"round\"/>",
            d.trim_end()
        );
    }
}

fn dots(
    out: &mut String,
    series: &[Option<u64>],
    points: &[crate::portfolio::Scored],
    (x_of, y_of): Scales,
    (id, colour): (&str, &str),
) {
    for (value, a) in series.iter().zip(points) {
        if let Some(v) = value {
            let x = x_of(crate::portfolio::days_since_epoch(a.date));
            let _ = writeln!(
                out,
                "<circle cx=\"{x}\" cy=\"{}\" r=\"3.5\" fill=\"{colour}\"><title>{} {}: {}.{:02}</title></circle>",
                y_of(*v),
                xml(id),
                a.date,
                v / 100,
                v % 100
            );
        }
    }
}
