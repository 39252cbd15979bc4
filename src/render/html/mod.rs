//! HTML pages of `report`, `portfolio` and `trend` (docs/reports.md): one self-contained file
//! each, built with maud, which escapes every interpolated value unless it is marked
//! [`PreEscaped`]. Only aima's own SVG charts are inserted pre-escaped; they escape the text
//! they hold themselves. No script, no external resource: the page's Content-Security-Policy
//! forbids both, and a print stylesheet lays it out on A4.

pub mod portfolio;
pub mod report;
pub mod trend;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::score::Rating;

/// The page's policy: nothing is fetched, nothing runs; inline styles and `data:` images only.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                       form-action 'none'; base-uri 'none'";

const STYLE: &str = "\
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--accent:#0b5cad}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:var(--ink);\
margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.7rem;margin:0 0 .5rem}h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin:1rem 0 .4rem}
h3{font-size:1.1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:var(--bg)}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
dl.meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:.1rem 1rem;margin:0 0 .8rem}
dl.meta dt{font-weight:600;color:var(--muted)}dl.meta dd{margin:0}
.headline{font-size:1.15rem;margin:.5rem 0}.muted{color:var(--muted)}
.status{display:inline-block;padding:0 .5rem;border-radius:.6rem;background:var(--bg);border:1px solid var(--line)}
ul.lines{padding-left:1.2rem;margin:.3rem 0}svg{max-width:100%;height:auto}
.chart{margin:1rem 0}.note{white-space:pre-wrap;overflow-wrap:anywhere}
a{color:var(--accent);overflow-wrap:anywhere}
@page{size:A4;margin:14mm 12mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}
section.first{break-after:page}section.domain{break-before:page}
tr,li,.chart,svg{break-inside:avoid}thead{display:table-header-group}
h2,h3{break-after:avoid}a{color:inherit}}
tr{break-inside:avoid}
";

/// The whole page around `body`.
pub fn page(title: &str, body: Markup) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
    .into_string();
    one_block_a_line(&page)
}

/// The tags after which a line ends, so the page reads (and diffs) line by line. Outside
/// text cannot hold them: maud escapes its `<`.
const BLOCK_ENDS: [&str; 14] = [
    "</head>",
    "</style>",
    "</h1>",
    "</h2>",
    "</h3>",
    "</p>",
    "</dl>",
    "</tr>",
    "</thead>",
    "</table>",
    "</li>",
    "</ul>",
    "</figure>",
    "</section>",
];

fn one_block_a_line(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + page.len() / 32);
    let mut rest = page;
    while let Some(i) = rest.find("</") {
        let end = BLOCK_ENDS
            .iter()
            .find(|t| rest[i..].starts_with(*t))
            .map(|t| i + t.len());
        let cut = end.unwrap_or(i + 2);
        out.push_str(&rest[..cut]);
        if end.is_some() && !rest[cut..].starts_with('\n') {
            out.push('\n');
        }
        rest = &rest[cut..];
    }
    out.push_str(rest);
    out
}

/// One of aima's own SVG charts, inline (its XML prolog, if any, left out).
pub fn chart(svg: &str, label: &str) -> Markup {
    let body = svg.trim_start();
    let body = match body.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(body, |(_, r)| r.trim_start()),
        None => body,
    };
    html! { figure.chart aria-label=(label) { (PreEscaped(body)) } }
}

/// An evidence item: a link only when it is an `http` or `https` URL; anything else text.
pub fn evidence(item: &str) -> Markup {
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|s| item.len() > s.len() && item.starts_with(s));
    let plain = item.bytes().all(|b| b.is_ascii_graphic());
    if scheme_ok && plain {
        html! { a href=(item) rel="noreferrer noopener" { (item) } }
    } else {
        html! { span.note { (item) } }
    }
}

/// `2 (2.33)`, or `n/a`.
pub fn rating(r: &Rating) -> String {
    match r {
        Rating::Rated { .. } => format!("{} ({})", r.label(), r.score_text()),
        Rating::NotApplicable => "n/a".to_string(),
    }
}

/// Colour of an AIMA level, as the heatmap colours it.
pub fn level_colour(r: &Rating) -> &'static str {
    match r.level().map(|l| l.level) {
        None => "#d0d7de",
        Some(0) => "#d73a49",
        Some(1) => "#f29d38",
        Some(2) => "#e3c440",
        _ => "#2da44e",
    }
}

/// Horizontal bars of toolkit scores (0..3), one per row, with the label and AIMA level;
/// when a previous rating is given, a grey tick marks its score and the text says how it moved.
pub fn bars(rows: &[(String, &Rating, Option<&Rating>)]) -> Markup {
    const LABEL_W: f64 = 250.0;
    const BAR_W: f64 = 300.0;
    const ROW_H: f64 = 20.0;
    let height = ROW_H * rows.len() as f64 + 26.0;
    let width = LABEL_W + BAR_W + 200.0;
    let x = |r: &Rating| LABEL_W + BAR_W * r.score().map_or(0.0, |s| s.hundredths() as f64 / 100.0) / 3.0;
    let tick = |t: u8| LABEL_W + BAR_W * f64::from(t) / 3.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height)
            viewBox={"0 0 " (width) " " (height)} role="img" font-family="sans-serif" font-size="12" {
            title { "Toolkit score (0 to 3) and AIMA level" }
            @for t in 0..=3u8 {
                line x1=(tick(t)) x2=(tick(t)) y1="0" y2=(height - 18.0) stroke="#d0d7de" {}
                text x=(tick(t)) y=(height - 4.0) text-anchor="middle" fill="#57606a" { (t) }
            }
            @for (i, (label, r, before)) in rows.iter().enumerate() {
                @let y = ROW_H * i as f64;
                text x=(LABEL_W - 8.0) y=(y + 14.0) text-anchor="end" { (label) }
                rect x=(LABEL_W) y=(y + 4.0) width=(x(r) - LABEL_W) height=(ROW_H - 8.0) fill=(level_colour(r)) {}
                @if let Some(b) = before {
                    line x1=(x(b)) x2=(x(b)) y1=(y + 1.0) y2=(y + ROW_H - 1.0) stroke="#57606a" stroke-width="3" {}
                }
                text x=(LABEL_W + BAR_W + 8.0) y=(y + 14.0) {
                    (rating(r))
                    @if let Some(b) = before {
                        tspan fill="#57606a" { " " (moved(b, r)) " from " (rating(b)) }
                    }
                }
            }
        }
    }
}

/// `↑`, `↓` or `=`: how a rating moved, by the rule of `aima diff`.
pub fn moved(before: &Rating, now: &Rating) -> &'static str {
    crate::portfolio::arrow(Some(crate::diff::Status::of(before, now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_become_links() {
        assert_eq!(
            evidence("https://wiki.example/a?b=1&c=2").into_string(),
            "<a href=\"https://wiki.example/a?b=1&amp;c=2\" rel=\"noreferrer noopener\">https://wiki.example/a?b=1&amp;c=2</a>"
        );
        for text in [
            "javascript:alert(1)",
            "HTTPS://x.example",
            "https://",
            "data:text/html,<script>",
            "https://x.example/a b",
            "docs/policy.pdf",
        ] {
            let out = evidence(text).into_string();
            assert!(out.starts_with("<span"), "{text}: {out}");
            assert!(!out.contains('<') || !out[5..].contains("<script"), "{out}");
        }
    }

    #[test]
    fn charts_lose_their_prolog() {
        let svg = "<?xml version=\"1.0\"?>\n<svg></svg>";
        assert_eq!(
            chart(svg, "x").into_string(),
            "<figure class=\"chart\" aria-label=\"x\"><svg></svg></figure>"
        );
    }
}
