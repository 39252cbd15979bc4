//! The body of the `answers` fuzz target (`fuzz/fuzz_targets/answers.rs`), kept in the
//! library so that a plain `cargo test` on stable runs every seed of `fuzz/seeds/` through
//! exactly what the fuzzer runs (`tests/hostile_fuzz_seeds.rs`).
//!
//! It feeds arbitrary bytes to the answers loader and, when they load, to the scorer, every
//! renderer of the score and check views, and the answers writer, and panics when an
//! invariant breaks: a problem without a usable position or with a multi-line or
//! terminal-unsafe message, renderer output that is not what it claims to be, or a written
//! file that does not read back as the same assessment.

use crate::answers::write::{Kind, answers_file};
use crate::answers::{self, Answer, Assessment};
use crate::diag::{Pos, Problems, unsafe_in_terminal};
use crate::model::Model;
use crate::render::{CheckView, Json, Markdown, Render, ScoreView, Table};
use crate::score::{self, Options};
use crate::yaml;

/// The name the fuzzed bytes are loaded under.
const FILE: &str = "fuzz.yaml";

/// Runs one input through loader, scorer, renderers and writer; panics on a broken
/// invariant. Returns the assessment when the input loaded.
#[doc(hidden)]
pub fn fuzz_answers(bytes: &[u8]) -> Option<Assessment> {
    let model = crate::embedded::model();
    let assessment = load(model, bytes)?;
    for target in [None, Some(2)] {
        let result = score::score(model, &assessment, Options { target });
        let view = ScoreView {
            model,
            assessment: &assessment,
            result: &result,
        };
        let table = Table.render(&view);
        assert!(
            !table.chars().any(|c| unsafe_in_terminal(c) && c != '\n'),
            "the score table passes terminal control characters through"
        );
        let json = Json.render(&view);
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("score JSON parses");
        assert_eq!(parsed["model"], model.key());
        let markdown = Markdown.render(&view);
        assert!(
            !markdown.contains("<script"),
            "user text reached the Markdown unescaped"
        );
        let check = CheckView {
            model,
            result: &result,
        };
        let _ = Table.render(&check);
        let _ = Markdown.render(&check);
        let check_json: serde_json::Value =
            serde_json::from_str(&Json.render(&check)).expect("check JSON parses");
        assert_eq!(check_json["passed"], check.passed());
    }
    round_trip(model, &assessment);
    Some(assessment)
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

/// Writing a loaded assessment and loading it back gives the same assessment.
fn round_trip(model: &Model, assessment: &Assessment) {
    // Only the domains with entries: a full file is 75 KB of comments to parse again on
    // every run, which would slow the fuzzer tenfold for no extra reach.
    let answered = |d: &crate::model::Domain| {
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
