//! `--format html` of `report`, `portfolio` and `trend`, checked in a real headless Chromium
//! (docs/reports.md): a screenshot that is not blank, no request leaving the file (from
//! Chromium's own network log), the PDF's page count and text (poppler's pdfinfo and
//! pdftotext), outside text shown as text; and insta snapshots of the pages of the examples.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use serde_json::Value;

/// 2026-11-29: the day the example portfolio's ages are counted from.
const TODAY: &str = "1795910400";
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
                   style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">";

/// One browser at a time: two cores, and Chromium is heavy.
static BROWSER: Mutex<()> = Mutex::new(());

fn aima_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = common::aima()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(args)
        .output()
        .expect("aima runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().expect("exit code"),
    )
}

/// Headless Chromium with the flags of docs/reports.md that keep it off the network, a
/// fresh profile, and `extra`; fails the test when it does not finish in time.
fn chromium(work: &Path, extra: &[String], page: &Path) {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let profile = tempfile::tempdir_in(work).expect("profile dir");
    let url = format!("file://{}", page.display());
    let out = Command::new("timeout")
        .arg("120")
        .arg("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs (installed by .ci/run)");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the browser did with `page`: its screenshot and its network log.
struct Shot {
    png: PathBuf,
    requests: Vec<String>,
}

fn shoot(work: &Path, page: &Path) -> Shot {
    let png = work.join("shot.png");
    let log = work.join("net.json");
    let _ = std::fs::remove_file(&png);
    chromium(
        work,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1000,1400".to_string(),
            format!("--log-net-log={}", log.display()),
        ],
        page,
    );
    Shot {
        png,
        requests: page_requests(&std::fs::read_to_string(&log).expect("net log")),
    }
}

/// The URLs the page itself asked for (requests made on behalf of the `file://` page, as
/// Chromium's network log records them), other than `file:` and `data:`. Chromium's own
/// background requests (made for no page) are not the page's.
fn page_requests(log: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(log)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", log.trim_end().trim_end_matches(','))))
        .expect("net log is JSON");
    let start = &json["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    let mut urls = Vec::new();
    for event in json["events"].as_array().expect("events") {
        let params = &event["params"];
        let (Some(url), Some(key)) = (params["url"].as_str(), params["network_isolation_key"].as_str())
        else {
            continue;
        };
        if &event["type"] == start
            && key.starts_with("file://")
            && !(url.starts_with("file:") || url.starts_with("data:"))
        {
            urls.push(url.to_string());
        }
    }
    urls
}

/// True when the screenshot shows something: more than a few colours, and more than 1 % of
/// its pixels not white.
fn shows_something(png: &Path) -> bool {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png).expect("png")));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let colours: std::collections::BTreeSet<&[u8]> = pixels.iter().map(|p| &p[..3.min(p.len())]).collect();
    let inked = pixels
        .iter()
        .filter(|p| p.iter().take(3).any(|&c| c < 240))
        .count();
    colours.len() > 8 && inked * 100 > pixels.len()
}

fn print_pdf(work: &Path, page: &Path) -> PathBuf {
    let pdf = work.join("page.pdf");
    chromium(work, &[format!("--print-to-pdf={}", pdf.display())], page);
    pdf
}

fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count: {info}"))
}

/// The text of each page.
fn pdf_text(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    text.split('\u{c}').map(String::from).collect()
}

/// What every page must be: self-contained, no script, the policy in place.
fn assert_self_contained(html: &str) {
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    assert!(html.contains(CSP), "the Content-Security-Policy");
    for forbidden in [
        "<script",
        "<link",
        " src=\"http",
        "url(",
        "@import",
        "<iframe",
        "<object",
    ] {
        assert!(!html.contains(forbidden), "{forbidden} in the page");
    }
    assert!(html.contains("@page{size:A4") && html.contains("tr{break-inside:avoid}"));
}

/// Renders `page` headless and checks it: not blank, nothing requested.
fn assert_renders(work: &Path, page: &Path) {
    let shot = shoot(work, page);
    assert!(
        shows_something(&shot.png),
        "the screenshot of {} is blank",
        page.display()
    );
    assert_eq!(
        shot.requests,
        Vec::<String>::new(),
        "requests left {}",
        page.display()
    );
}

/// The example report's answers with a system, and the May round as the previous one.
fn report_fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let now = std::fs::read_to_string(common::repo_file("examples/acme-support-bot-2026-11.yaml"))
        .expect("example");
    let now = now.replace(
        "  assessor: J. Doe\n",
        "  assessor: J. Doe\n  system: support-bot\n",
    );
    let (cur, prev) = (dir.join("2026-11.yaml"), dir.join("2026-05.yaml"));
    std::fs::write(&cur, now).expect("write");
    std::fs::copy(common::repo_file("examples/acme-support-bot-2026-05.yaml"), &prev).expect("copy");
    (cur, prev)
}

/// The five practices furthest below target, by `check --format json`: largest gap first,
/// then model order.
fn top_gaps(file: &Path) -> Vec<String> {
    let (out, _, _) = aima_in(
        common::repo(),
        &["check", file.to_str().expect("utf-8"), "--format", "json"],
    );
    let json: Value = serde_json::from_str(&out).expect("json");
    let mut gaps: Vec<(u64, String)> = json["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| {
            (
                g["gap"].as_u64().expect("gap"),
                g["id"].as_str().expect("id").to_string(),
            )
        })
        .collect();
    gaps.sort_by_key(|(gap, _)| std::cmp::Reverse(*gap));
    gaps.into_iter().take(5).map(|(_, id)| id).collect()
}

#[test]
fn the_report_page_renders_prints_and_reads_in_a_browser() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cur, prev) = report_fixture(dir.path());
    let out = dir.path().join("report.html");
    let (stdout, stderr, code) = aima_in(
        dir.path(),
        &[
            "report",
            "2026-11.yaml",
            "--previous",
            "2026-05.yaml",
            "--framework",
            "eu-ai-act,iso-42001",
            "-o",
            "report.html",
        ],
    );
    assert_eq!(
        (code, stderr.as_str(), stdout.as_str()),
        (0, "", "wrote report.html\n")
    );
    let html = std::fs::read_to_string(&out).expect("page");
    assert_self_contained(&html);
    assert_renders(dir.path(), &out);
    let pdf = print_pdf(dir.path(), &out);
    let pages = pdf_pages(&pdf);
    assert!((11..=20).contains(&pages), "{pages} pages");
    let text = pdf_text(&pdf);
    assert_first_page(&text, &top_gaps(&cur));
    assert!(prev.exists());
}

/// The printed report's first page: the record, the change, the frameworks' summary lines,
/// every domain and the five largest gaps; and each domain's section starts a page.
fn assert_first_page(text: &[String], gaps: &[String]) {
    let first = &text[0];
    for expected in [
        "Acme Corp",
        "support-bot",
        "Round",
        "Status",
        "Sign-off",
        "Largest gaps",
    ] {
        assert!(first.contains(expected), "{expected} on the first page:\n{first}");
    }
    assert!(first.contains("Change since the last round") && first.contains("improved"));
    for framework in ["EU Artificial Intelligence Act", "ISO/IEC 42001"] {
        let at = first
            .find(framework)
            .unwrap_or_else(|| panic!("{framework}:\n{first}"));
        let line: String = first[at..]
            .chars()
            .take(160)
            .collect::<String>()
            .replace('\n', " ");
        assert!(
            line.contains(" clauses: ") && line.contains(" with practices at target"),
            "{line}"
        );
    }
    let model = common::model();
    for d in &model.domains {
        assert!(first.contains(&d.name), "{} on the first page", d.name);
        // Each domain's section starts a page.
        let heading = format!("{} {}", d.id, d.name);
        assert!(
            text.iter().any(|p| p.trim_start().starts_with(&heading)),
            "no page starts with {heading}"
        );
    }
    assert_eq!(gaps.len(), 5);
    for id in gaps {
        assert!(
            first.contains(id.as_str()),
            "gap {id} on the first page:\n{first}"
        );
    }
}

#[test]
fn portfolio_and_trend_pages_render_and_print() {
    let example = common::repo_file("examples/portfolio");
    let dir = tempfile::tempdir().expect("temp dir");
    let model = common::model();
    for (args, systems) in [
        (
            vec!["portfolio"],
            vec!["cv-screening", "fraud-model", "support-bot"],
        ),
        (vec!["trend", "--system", "fraud-model"], vec!["fraud-model"]),
    ] {
        let out = dir.path().join(format!("{}.html", args[0]));
        let mut all = args.clone();
        all.extend(["-o", out.to_str().expect("utf-8")]);
        let (_, stderr, code) = aima_in(&example, &all);
        assert_eq!(
            (code, stderr.as_str()),
            (0, "note: using aima.toml\n"),
            "{args:?}"
        );
        let html = std::fs::read_to_string(&out).expect("page");
        assert_self_contained(&html);
        assert_renders(dir.path(), &out);
        let pdf = print_pdf(dir.path(), &out);
        assert!((1..=3).contains(&pdf_pages(&pdf)), "{args:?}");
        let text = pdf_text(&pdf).join("\n");
        for s in systems {
            assert!(text.contains(s), "{s} in {args:?}");
        }
        for d in &model.domains {
            assert!(text.contains(&d.name), "{} in {args:?}", d.name);
        }
    }
}

/// A note and evidence made to break out of the page show as text, in the page and in the
/// printed PDF; no link but http(s).
#[test]
fn outside_text_shows_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let note = "<script>alert(1)</script> </style><b>bold</b> <svg onload=alert(2)><circle r=\"40\"/></svg> <img src=\"http://127.0.0.1:9/x.png\">";
    let file = dir.path().join("a.yaml");
    std::fs::write(
        &file,
        format!(
            "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  organization: \"<i>Evil</i> & Co\"\n  system: evil.sys\n  scope: \"</title><script>x()</script>\"\n  date: 2026-11-20\nanswers:\n  RA-EV-A-1:\n    answer: yes\n    note: {}\n    evidence: [\"javascript:alert(3)\", \"https://ok.example/e?a=1&b=2\", \"data:text/html,<script>alert(4)</script>\"]\n",
            serde_json::to_string(note).expect("json")
        ),
    )
    .expect("write");
    let out = dir.path().join("r.html");
    let (_, stderr, code) = aima_in(dir.path(), &["report", "a.yaml", "-o", "r.html"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let html = std::fs::read_to_string(&out).expect("page");
    assert_self_contained(&html);
    assert!(!html.contains("<b>bold") && !html.contains("<svg onload") && !html.contains("<i>Evil"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let hrefs: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap_or(0)])
        .collect();
    assert_eq!(hrefs, ["https://ok.example/e?a=1&amp;b=2"]);
    assert_renders(dir.path(), &out);
    let text = pdf_text(&print_pdf(dir.path(), &out)).join("\n");
    for shown in [
        "<script>alert(1)</script>",
        "</style><b>bold</b>",
        "<svg onload=alert(2)>",
        "javascript:alert(3)",
        "<i>Evil</i> & Co",
        "</title><script>x()</script>",
    ] {
        assert!(text.contains(shown), "{shown} shown as text:\n{text}");
    }
}

/// The checks can fail: a page that fetches an image is caught by the network log, the
/// same fetch inside an aima page is stopped by its policy, and a blank page is blank.
#[test]
fn the_browser_checks_catch_requests_and_blank_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let leaky = dir.path().join("leaky.html");
    let img = "<img src=\"http://127.0.0.1:9/x.png\"><img src=\"https://example.invalid/y.png\">";
    std::fs::write(&leaky, format!("<!DOCTYPE html><p>hello</p>{img}")).expect("write");
    let shot = shoot(dir.path(), &leaky);
    assert_eq!(
        shot.requests,
        ["http://127.0.0.1:9/x.png", "https://example.invalid/y.png"]
    );

    let (cur, _) = report_fixture(dir.path());
    let (page, _, code) = aima_in(
        dir.path(),
        &["report", cur.to_str().expect("utf-8"), "--format", "html"],
    );
    assert_eq!(code, 0);
    let guarded = dir.path().join("guarded.html");
    std::fs::write(&guarded, page.replacen("<body>", &format!("<body>{img}"), 1)).expect("write");
    assert_eq!(shoot(dir.path(), &guarded).requests, Vec::<String>::new());

    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><title>x</title>").expect("write");
    assert!(!shows_something(&shoot(dir.path(), &blank).png));
}

#[test]
fn snapshots_of_the_example_pages() {
    let repo = common::repo();
    let (report, _, code) = aima_in(
        repo,
        &[
            "report",
            "examples/acme-support-bot-2026-11.yaml",
            "--previous",
            "examples/acme-support-bot-2026-05.yaml",
            "--framework",
            "eu-ai-act,nist-ai-rmf",
            "--format",
            "html",
        ],
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("report", report);
    let example = common::repo_file("examples/portfolio");
    let (portfolio, _, code) = aima_in(&example, &["portfolio", "--format", "html"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("portfolio", portfolio);
    let (trend, _, code) = aima_in(
        &example,
        &["trend", "--system", "fraud-model", "--format", "html"],
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("trend", trend);
}

#[test]
fn an_unknown_extension_names_the_choices() {
    let example = common::repo_file("examples/portfolio");
    for args in [
        vec!["portfolio", "-o", "/nonexistent/p.txt"],
        vec!["trend", "-o", "/nonexistent/t.pdf", "--system", "fraud-model"],
    ] {
        let (out, err, code) = aima_in(&example, &args);
        assert_eq!((code, out.as_str()), (2, ""));
        assert_eq!(
            err,
            format!(
                "error: -o {}: cannot tell the format from the file's extension; name it .md, .markdown, \
                 .html, .htm, .xlsx, .json or .csv, or choose one with --format\n",
                args[2]
            )
        );
    }
    let (_, err, code) = aima_in(&example, &["portfolio", "--format", "xlsx"]);
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "error: --format xlsx writes a workbook, not text: give the file with -o OUT.xlsx\n"
        )
    );
}
