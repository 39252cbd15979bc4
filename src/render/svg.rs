//! The radar chart written beside the report: one axis per practice, rings at levels 1 to
//! 3, and polygons for the AIMA level, the toolkit score (same 0–3 scale) and, when targets
//! exist, the target.
//!
//! One axis per practice rather than per domain: the domain roll-up is the weakest link,
//! so a domain axis would hide which practice holds it down; 24 axes still read well.
//! Output is deterministic (coordinates in fixed tenths of a pixel, unit vectors snapped),
//! so it can be snapshot-tested, and all text goes through [`xml`].

use std::fmt::Write as _;

use super::text::xml;
use crate::answers::Metadata;
use crate::score::{PracticeResult, ScoreResult};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 760.0;
const CX: f64 = 360.0;
const CY: f64 = 370.0;
const RADIUS: f64 = 250.0;

const LEVEL_COLOUR: &str = "#1f6fb2";
const SCORE_COLOUR: &str = "#e08a00";
const TARGET_COLOUR: &str = "#c0392b";

/// A coordinate in tenths of a pixel (`123.4`), the same on every platform.
fn num(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

/// `text` cut to at most `max` characters, with an ellipsis when cut, so that it fits the
/// chart's width (the full text stays in the chart's `<title>`).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// The unit vector of axis `i` of `n`, clockwise from the top, snapped so that values like
/// sin 30° are exact and rounding cannot differ between platforms.
fn direction(i: usize, n: usize) -> (f64, f64) {
    let angle = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
    let snap = |v: f64| (v * 1e9).round() / 1e9 + 0.0;
    (snap(angle.cos()), snap(angle.sin()))
}

/// The point at `value` (0..3) on axis `i` of `n`.
fn point(i: usize, n: usize, value: f64) -> (f64, f64) {
    let (dx, dy) = direction(i, n);
    let r = RADIUS * value.clamp(0.0, 3.0) / 3.0;
    (CX + r * dx, CY + r * dy)
}

fn points(values: &[f64]) -> String {
    let n = values.len();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (x, y) = point(i, n, *v);
            format!("{},{}", num(x), num(y))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn level_value(p: &PracticeResult) -> f64 {
    p.rating.level().map_or(0.0, |l| f64::from(l.level))
}

fn score_value(p: &PracticeResult) -> f64 {
    p.rating.score().map_or(0.0, |s| s.hundredths() as f64 / 100.0)
}

/// The radar chart of `result` as a standalone SVG document.
pub fn radar(result: &ScoreResult, meta: &Metadata) -> String {
    let practices: Vec<&PracticeResult> = result.practices().collect();
    let n = practices.len().max(3);
    let mut out = String::new();
    heading(&mut out, result, meta, practices.len());
    grid(&mut out, n);
    polygons(&mut out, result, &practices);
    axis_labels(&mut out, &practices, n);
    legend(&mut out, result);
    out.push_str("</svg>\n");
    out
}

/// The document's start, its accessible title and description, and the visible headings.
fn heading(out: &mut String, result: &ScoreResult, meta: &Metadata, practices: usize) {
    let title = match &meta.organization {
        Some(org) => format!("AIMA maturity: {org}"),
        None => "AIMA maturity".to_string(),
    };
    let subtitle: Vec<String> = [meta.scope.clone(), meta.date.map(|d| d.to_string())]
        .into_iter()
        .flatten()
        .map(|s| s.replace(['\n', '\r'], " "))
        .collect();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"sans-serif\">",
        w = num(WIDTH),
        h = num(HEIGHT)
    );
    let _ = writeln!(out, "<title id=\"chart-title\">{}</title>", xml(&title));
    let _ = writeln!(
        out,
        "<desc id=\"chart-desc\">AIMA level and toolkit score of each of the {} practices on a 0 to 3 scale{}.</desc>",
        practices,
        if result.has_targets() {
            ", with the target levels"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        num(WIDTH),
        num(HEIGHT)
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"34.0\" font-size=\"20\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>",
        num(CX),
        xml(&shorten(&title.replace(['\n', '\r'], " "), 60))
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"58.0\" font-size=\"13\" fill=\"#555555\" text-anchor=\"middle\">{}</text>",
        num(CX),
        xml(&shorten(&subtitle.join(" · "), 100))
    );
}

/// Rings at levels 1 to 3, one axis per practice, and the ring numbers.
fn grid(out: &mut String, n: usize) {
    out.push_str("<g fill=\"none\" stroke=\"#c8c8c8\" stroke-width=\"1\">\n");
    for level in 1..=3 {
        let ring = vec![f64::from(level); n];
        let _ = writeln!(out, "<polygon points=\"{}\"/>", points(&ring));
    }
    for i in 0..n {
        let (x, y) = point(i, n, 3.0);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            num(CX),
            num(CY),
            num(x),
            num(y)
        );
    }
    out.push_str("</g>\n");
    out.push_str("<g font-size=\"11\" fill=\"#888888\">\n");
    for level in 1..=3 {
        let (x, y) = point(0, n, f64::from(level));
        // Just left of the top axis, below the ring, clear of the axis label.
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{level}</text>",
            num(x - 4.0),
            num(y + 13.0)
        );
    }
    out.push_str("</g>\n");
}

/// The toolkit score under the AIMA level, the target on top.
fn polygons(out: &mut String, result: &ScoreResult, practices: &[&PracticeResult]) {
    let scores: Vec<f64> = practices.iter().map(|p| score_value(p)).collect();
    let levels: Vec<f64> = practices.iter().map(|p| level_value(p)).collect();
    if !practices.is_empty() {
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"{SCORE_COLOUR}\" fill-opacity=\"0.12\" stroke=\"{SCORE_COLOUR}\" \
             stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>",
            points(&scores)
        );
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"{LEVEL_COLOUR}\" fill-opacity=\"0.25\" stroke=\"{LEVEL_COLOUR}\" \
             stroke-width=\"2\"/>",
            points(&levels)
        );
    }
    if result.has_targets() {
        let targets: Vec<f64> = practices
            .iter()
            .map(|p| p.target.map_or(0.0, f64::from))
            .collect();
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{TARGET_COLOUR}\" stroke-width=\"2\" \
             stroke-dasharray=\"6 4\"/>",
            points(&targets)
        );
    }
}

/// Axis labels: the practice code, its label, and its full name as a tooltip.
fn axis_labels(out: &mut String, practices: &[&PracticeResult], n: usize) {
    out.push_str("<g font-size=\"12\" fill=\"#222222\">\n");
    for (i, p) in practices.iter().enumerate() {
        let (dx, dy) = direction(i, n);
        let (x, y) = (CX + (RADIUS + 16.0) * dx, CY + (RADIUS + 16.0) * dy);
        let anchor = if dx > 0.1 {
            "start"
        } else if dx < -0.1 {
            "end"
        } else {
            "middle"
        };
        // Labels at the top and bottom sit above and below the axis end.
        let y = y + 4.0 + if dy > 0.9 { 8.0 } else { 0.0 };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"><title>{}</title>{} <tspan font-weight=\"bold\">{}</tspan></text>",
            num(x),
            num(y),
            xml(&format!("{} {}", p.id, p.name)),
            xml(&p.id),
            xml(&p.rating.label())
        );
    }
    out.push_str("</g>\n");
}

/// The legend and the model's key.
fn legend(out: &mut String, result: &ScoreResult) {
    let mut entries = vec![
        (LEVEL_COLOUR, "", "AIMA level (rings 1, 2, 3)"),
        (SCORE_COLOUR, "2 3", "Toolkit score (0.00 to 3.00)"),
    ];
    if result.has_targets() {
        entries.push((TARGET_COLOUR, "6 4", "Target level"));
    }
    out.push_str("<g font-size=\"13\" fill=\"#222222\">\n");
    for (i, (colour, dash, text)) in entries.iter().enumerate() {
        let y = HEIGHT - 78.0 + 22.0 * i as f64;
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/>",
            num(40.0),
            num(y),
            num(76.0),
            num(y),
        );
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            num(86.0),
            num(y + 4.0),
            xml(text)
        );
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#555555\" text-anchor=\"end\">Model {}</text>",
        num(WIDTH - 40.0),
        num(HEIGHT - 34.0),
        xml(&result.model)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_fixed_tenths() {
        assert_eq!(num(0.0), "0.0");
        assert_eq!(num(-0.04), "0.0");
        assert_eq!(num(-1.25), "-1.3");
        assert_eq!(num(123.449), "123.4");
        assert_eq!(num(360.0), "360.0");
    }

    #[test]
    fn long_titles_are_shortened() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
    }

    #[test]
    fn axes_start_at_the_top_and_go_clockwise() {
        assert_eq!(direction(0, 4), (0.0, -1.0));
        assert_eq!(direction(1, 4), (1.0, 0.0));
        assert_eq!(direction(2, 12), (0.866025404, -0.5));
        let (x, y) = point(6, 24, 3.0);
        assert_eq!((num(x), num(y)), ("610.0".to_string(), "370.0".to_string()));
    }
}
