//! One system's trend as one HTML page: the line chart of the domain scores inline, then the
//! table of every date's overall and domain (and, with `--practices`, practice) results.

use maud::html;

use super::{chart, page};
use crate::render::portfolio::{TREND_NOTE, TrendView, line_chart, trend_head, trend_rows, trend_title};
use crate::render::{Html, Render};

impl Render<TrendView<'_>> for Html {
    fn render(&self, view: &TrendView) -> String {
        let title = format!("Trend: {}", trend_title(view.trend));
        let head = trend_head(view);
        let body = html! {
            section {
                h1 { (title) }
                (chart(&line_chart(view), "Toolkit score per domain over time"))
                table {
                    thead { tr { @for (i, h) in head.iter().enumerate() {
                        @if i == 0 { th { (h) } } @else { th.n { (h) } }
                    } } }
                    tbody { @for (name, cells) in trend_rows(view) {
                        tr { td { (name.trim_start()) } @for c in &cells { td.n { (c) } } }
                    } }
                }
                p.muted { (TREND_NOTE) }
                h2 { "Files" }
                ul.lines { @for a in &view.trend.assessments {
                    li { strong { (a.date.to_string()) } ": " (a.files.join(", ")) }
                } }
            }
        };
        page(&title, body)
    }
}
