//! The body of the `answers` fuzz target. It is not part of the library: the fuzz target
//! (`fuzz/fuzz_targets/answers.rs`) and `tests/hostile_fuzz_seeds.rs` both include this file
//! with `#[path]`, so a plain `cargo test` on stable runs every seed of `fuzz/seeds/`
//! through exactly what the fuzzer runs.
//!
//! It feeds arbitrary bytes to the answers loader and, when they load, to the scorer, every
//! renderer of the score and check views, the report and its radar chart, and the answers
//! writer, and panics when an invariant breaks: a problem without a usable position or with
//! a terminal-unsafe message, renderer output that is not what it claims to be (JSON that
//! does not parse, Markdown or SVG with markup that user text smuggled in), or a written
//! file that does not read back as the same assessment.

use aima::answers::write::{Kind, answers_file};
use aima::answers::{self, Answer, Assessment};
use aima::base::diag::{Pos, Problems, unsafe_in_terminal};
use aima::base::yaml;
use aima::model::Model;
use aima::render::report::ReportView;
use aima::render::{CheckView, Json, Markdown, Render, ScoreView, Table, svg};
use aima::score::{self, Options};

/// The name the fuzzed bytes are loaded under.
const FILE: &str = "fuzz.yaml";

/// Runs one input through loader, scorer, renderers and writer; panics on a broken
/// invariant. Returns the assessment when the input loaded.
pub fn fuzz_answers(bytes: &[u8]) -> Option<Assessment> {
    let model = aima::embedded::model();
    let assessment = load(model, bytes)?;
    for target in [None, Some(2)] {
        let result = score::score(
            model,
            &assessment,
            Options {
                target,
                ..Options::default()
            },
        );
        let view = ScoreView {
            model,
            assessment: &assessment,
            result: &result,
            config: None,
        };
        let table = Table::default().render(&view);
        assert!(
            !table.chars().any(|c| unsafe_in_terminal(c) && c != '\n'),
            "the score table passes terminal control characters through"
        );
        let json = Json.render(&view);
        inert(&json, "the score JSON");
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("score JSON parses");
        assert_eq!(parsed["model"], model.key());
        let markdown = Markdown.render(&view);
        inert(&markdown, "the score Markdown");
        only_line_breaks_as_html(&markdown);
        check_views(model, &result);
    }
    let result = score::score(
        model,
        &assessment,
        Options {
            target: Some(2),
            ..Options::default()
        },
    );
    let report = ReportView {
        model,
        assessment: &assessment,
        result: &result,
        chart: Some("chart.svg"),
        tool_version: "0.0.0",
        config: None,
    };
    let markdown = Markdown.render(&report);
    inert(&markdown, "the report");
    only_line_breaks_as_html(&markdown);
    only_chart_elements(&svg::radar(&result, &assessment.metadata));
    round_trip(model, &assessment);
    Some(assessment)
}

/// The check views of `result` render, and the JSON's verdict is the view's.
fn check_views(model: &aima::model::Model, result: &aima::score::ScoreResult) {
    let check = CheckView {
        model,
        result,
        policies: &[],
        evidence: None,
        config: None,
    };
    let _ = Table::default().render(&check);
    only_line_breaks_as_html(&Markdown.render(&check));
    let check_json: serde_json::Value =
        serde_json::from_str(&Json.render(&check)).expect("check JSON parses");
    assert_eq!(check_json["passed"], check.passed());
}

/// The Markdown renderers emit no HTML but `<br>`: any other `<` is user text that escaped
/// escaping (and could inject markup into a rendered report).
fn only_line_breaks_as_html(markdown: &str) {
    for (i, _) in markdown.match_indices('<') {
        assert!(
            markdown[i..].starts_with("<br>"),
            "raw `<` in Markdown output: {:?}",
            &markdown[i..markdown.len().min(i + 40)]
        );
    }
}

/// Every `<` of the radar chart opens or closes one of the elements the chart is made of,
/// and no control character other than a line break is in it (XML forbids them).
fn only_chart_elements(svg: &str) {
    const ELEMENTS: [&str; 9] = [
        "svg", "title", "desc", "rect", "text", "tspan", "g", "line", "polygon",
    ];
    for (i, _) in svg.match_indices('<') {
        let rest = svg[i + 1..].trim_start_matches('/');
        let name: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        assert!(
            ELEMENTS.contains(&name.as_str()) && rest[name.len()..].starts_with([' ', '>', '/']),
            "unexpected markup in the chart: {:?}",
            &svg[i..svg.len().min(i + 40)]
        );
    }
    assert!(
        !svg.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
        "control character in the chart"
    );
}

/// Loads `bytes` as the answers file [`FILE`], checking every problem reported on the way.
fn load(model: &Model, bytes: &[u8]) -> Option<Assessment> {
    let lines = yaml::line_breaks(&String::from_utf8_lossy(bytes)) + 1;
    let text = match yaml::text_of(bytes) {
        Ok(text) => text,
        Err((pos, message)) => {
            check_problem(pos, &message, lines);
            return None;
        }
    };
    let node = match yaml::parse(text) {
        Ok(node) => node,
        Err((pos, message)) => {
            check_problem(pos, &message, lines);
            return None;
        }
    };
    let mut problems = Problems::new();
    let file = answers::parse::parse(model, FILE, &node, &mut problems);
    for p in &problems.list {
        assert_eq!(p.file, FILE);
        check_problem(p.pos, &p.message, lines);
    }
    match answers::merge(model, vec![file?]) {
        Ok(assessment) => Some(assessment),
        Err(problems) => panic!("one valid file failed to merge: {problems}"),
    }
}

/// A problem about the content is located inside the file and is one inert line.
fn check_problem(pos: Pos, message: &str, lines: usize) {
    assert!(
        pos.line >= 1 && pos.line <= lines && pos.column >= 1,
        "problem outside the file ({lines} lines) at {pos}: {message}"
    );
    assert!(!message.is_empty(), "empty problem message");
    assert!(
        !message.chars().any(unsafe_in_terminal),
        "problem message with control characters: {message:?}"
    );
}

/// Output that may be shown in a terminal holds no control, bidi or invisible character
/// but line breaks (see `crate::base::sanitize`).
fn inert(text: &str, what: &str) {
    assert!(
        !text.chars().any(|c| unsafe_in_terminal(c) && c != '\n'),
        "{what} passes terminal control or invisible characters through"
    );
}

/// Writing a loaded assessment and loading it back gives the same assessment.
fn round_trip(model: &Model, assessment: &Assessment) {
    // Only the domains with entries: a full file is 75 KB of comments to parse again on
    // every run, which would slow the fuzzer tenfold for no extra reach.
    let answered = |d: &aima::model::Domain| {
        assessment
            .answers
            .keys()
            .any(|code| code.split('-').next() == Some(d.id.as_str()))
    };
    let written = answers_file(model, assessment, Kind::Assessment, &answered);
    let reread = match load(model, written.as_bytes()) {
        Some(reread) => reread,
        None => panic!("the written file does not load:\n{written}"),
    };
    assert_eq!(
        normalized(reread),
        normalized(assessment.clone()),
        "the written file reads back differently:\n{written}"
    );
}

/// The writer lists every question; an entry with nothing in it means the same as none.
fn normalized(mut assessment: Assessment) -> Assessment {
    assessment.answers.retain(|_, a| *a != Answer::default());
    assessment
}
