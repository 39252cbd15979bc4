//! The portfolio as one HTML page: the summary, the heatmap (systems × practices) inline,
//! one row per system, and the domains' names (docs/reports.md).

use maud::html;

use super::{chart, page};
use crate::render::portfolio::{
    CHANGE_NOTE, Columns, PortfolioView, attested_mark, heatmap, portfolio_cells, portfolio_head,
    portfolio_summary,
};
use crate::render::{Html, Render};

impl Render<PortfolioView<'_>> for Html {
    fn render(&self, view: &PortfolioView) -> String {
        let p = view.portfolio;
        // The owner is shown under the system's name.
        let cols = Columns {
            owner: false,
            ..Columns::of(p)
        };
        let head = portfolio_head(view.model, cols);
        let body = html! {
            section {
                h1 { "AI system portfolio" }
                p.headline { (portfolio_summary(p).replace('`', "")) "." }
                (chart(&heatmap(view), "Heatmap: AIMA level per system and practice"))
                table {
                    thead { tr { @for (i, h) in head.iter().enumerate() {
                        @if i == 0 { th { (h) } } @else { th.n { (h) } }
                    } } }
                    tbody { @for row in &p.systems {
                        @let cells = portfolio_cells(row, cols);
                        tr {
                            td { (row.system) (attested_mark(row))
                                 @if let Some(name) = &row.name { br; span.muted { (name) } }
                                 @if let Some(owner) = &row.owner { br; span.muted { "Owner: " (owner) } } }
                            @for c in &cells[1..] { td.n { (c) } }
                        }
                    } }
                }
                p.muted { (CHANGE_NOTE.replace('`', "")) }
                h2 { "Domains" }
                ul.lines { @for d in &view.model.domains { li { strong { (d.id) } " " (d.name) } } }
            }
        };
        page("AI system portfolio", body)
    }
}
