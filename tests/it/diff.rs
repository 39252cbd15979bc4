//! `aima diff`: the two examples (an improvement and a regression), a file against itself,
//! the regression gate, the three formats, and assessments of different model versions.

use crate::common;

use common::{aima, captured as run, older_model};

use insta_cmd::assert_cmd_snapshot;
use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::{Value, json};

const MAY: &str = "examples/acme-support-bot-2026-05.yaml";
const NOVEMBER: &str = "examples/acme-support-bot-2026-11.yaml";

fn json_of(args: &[&str]) -> Value {
    let (stdout, stderr, code) = run(args);
    assert_eq!((code, stderr.as_str()), (0, ""));
    serde_json::from_str(&stdout).expect("JSON")
}

fn practice<'v>(v: &'v Value, id: &str) -> &'v Value {
    v["practices"]
        .as_array()
        .expect("practices")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn diff_of_the_examples_as_a_table() {
    assert_cmd_snapshot!("diff_table", aima().args(["diff", MAY, NOVEMBER]));
}

#[test]
fn diff_of_the_examples_as_markdown() {
    assert_cmd_snapshot!(
        "diff_markdown",
        aima().args(["diff", MAY, NOVEMBER, "-f", "markdown"])
    );
}

#[test]
fn diff_of_the_examples_as_json() {
    assert_cmd_snapshot!(
        "diff_json",
        aima().args(["diff", MAY, NOVEMBER, "--format", "json"])
    );
}

#[test]
fn the_examples_show_the_improvement_and_the_dm_qi_regression() {
    let v = json_of(&["diff", MAY, NOVEMBER, "--format", "json"]);
    assert_eq!(
        practice(&v, "DM-QI"),
        &json!({
            "id": "DM-QI",
            "name": "Data Quality and Integrity",
            "old": { "level": 2, "plus": false, "label": "2", "score": 2.33,
                     "target": 2, "gap": 0, "unanswered": 0 },
            "new": { "level": 1, "plus": true, "label": "1+", "score": 1.83,
                     "target": 2, "gap": 1, "unanswered": 0 },
            "status": "regressed",
        })
    );
    assert_eq!(practice(&v, "RA-EV")["status"], "improved");
    assert_eq!(practice(&v, "RA-EV")["old"]["label"], "1");
    assert_eq!(practice(&v, "RA-EV")["new"]["label"], "2");
    // Same level, higher score: improved.
    assert_eq!(practice(&v, "DM-GA")["old"]["label"], "1");
    assert_eq!(practice(&v, "DM-GA")["new"]["label"], "1");
    assert_eq!(practice(&v, "DM-GA")["status"], "improved");
    assert_eq!(practice(&v, "IM-SB")["status"], "unchanged");
    assert_eq!(v["practices"].as_array().expect("practices").len(), 24);
    let statuses: Vec<&str> = v["practices"]
        .as_array()
        .expect("practices")
        .iter()
        .map(|p| p["status"].as_str().expect("status"))
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == "improved").count(), 14);
    assert_eq!(statuses.iter().filter(|s| **s == "regressed").count(), 1);
    assert_eq!(v["regressed"], true);

    let changed = v["changed_answers"].as_array().expect("changed_answers");
    assert_eq!(changed.len(), 39);
    let find = |id: &str| changed.iter().find(|c| c["id"] == id).expect(id);
    assert_eq!(find("DM-QI-B-2")["old"], "yes");
    assert_eq!(find("DM-QI-B-2")["new"], "no");
    assert_eq!(find("OP-EM-A-1")["old"], Value::Null, "unanswered is null");
    assert_eq!(find("OP-EM-A-1")["new"], "yes");
    assert_eq!(
        v["targets"],
        json!({ "met": ["RA-EV", "RA-TE", "OP-IM"], "lost": ["DM-QI"] })
    );
    assert_eq!(v["overall"]["status"], "improved");
    let dm = v["domains"]
        .as_array()
        .expect("domains")
        .iter()
        .find(|d| d["id"] == "DM")
        .expect("DM");
    assert_eq!(dm["status"], "regressed");
    assert_eq!(
        v["added"],
        json!({ "domains": [], "practices": [], "questions": [] })
    );
    assert_eq!(v["removed"], v["added"]);
}

#[test]
fn fail_on_regression_exits_1_naming_the_regressions() {
    let (stdout, stderr, code) = run(&["diff", MAY, NOVEMBER, "--fail-on-regression"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "regression: DM-QI (--fail-on-regression)\n");
    assert!(stdout.contains(
        "│ DM-QI    ┆ Data Quality and Integrity         ┆  2 (2.33) ┆ 1+ (1.83) ┆ -0.50 ┆ regressed │"
    ));
    // Without the flag a regression is reported but does not fail.
    let (_, stderr, code) = run(&["diff", MAY, NOVEMBER]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // The other way round, DM-QI improves and others regress.
    let (_, stderr, code) = run(&["diff", NOVEMBER, MAY, "--fail-on-regression"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "warning: OLD (2026-11-20) is dated after NEW (2026-05-20): improvements show as regressions; \
             give the older assessment first (aima diff OLD NEW)\nregression: RA-EV, RA-TE, RA-FB, GV-PC,"
        ),
        "{stderr}"
    );
}

#[test]
fn a_file_against_itself_shows_no_change_and_passes_the_gate() {
    for format in ["table", "markdown"] {
        let (stdout, stderr, code) = run(&["diff", NOVEMBER, NOVEMBER, "--fail-on-regression", "-f", format]);
        assert_eq!((code, stderr.as_str()), (0, ""));
        assert!(
            stdout.contains("No change: both assessments give the same answers and the same results."),
            "{stdout}"
        );
    }
    let v = json_of(&["diff", MAY, MAY, "--fail-on-regression", "--format", "json"]);
    assert_eq!(v["regressed"], false);
    assert_eq!(v["changed_answers"], json!([]));
    assert_eq!(
        v["summary"],
        json!({ "improved": 0, "regressed": 0, "unchanged": 24, "changed_answers": 0 })
    );
    assert!(
        v["practices"]
            .as_array()
            .expect("practices")
            .iter()
            .all(|p| p["status"] == "unchanged")
    );
    assert_eq!(v["targets"], json!({ "met": [], "lost": [] }));
}

#[test]
fn the_markdown_diff_keeps_its_tables_whole() {
    let (stdout, _, _) = run(&["diff", MAY, NOVEMBER, "-f", "markdown"]);
    let mut tables = 0;
    for (event, range) in Parser::new_ext(&stdout, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(aligns)) => {
                tables += 1;
                for line in stdout[range].lines() {
                    assert_eq!(line.matches('|').count(), aligns.len() + 1, "{line}");
                }
            }
            Event::InlineHtml(h) => panic!("inline HTML {h}"),
            Event::Html(h) => assert!(
                [
                    "<details>",
                    "<summary>Changed answers (39)</summary>",
                    "</details>"
                ]
                .contains(&h.trim_end()),
                "{h}"
            ),
            _ => {}
        }
    }
    assert_eq!(tables, 3, "practices, domains, changed answers");
}

#[test]
fn bad_input_is_one_error_line() {
    let (stdout, stderr, code) = run(&["diff", MAY, "examples/missing.yaml"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("error: examples/missing.yaml"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn assessments_of_different_model_versions_compare_by_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old_model = older_model(dir.path());
    let old_file = dir.path().join("old.yaml");
    let text = std::fs::read_to_string(common::repo_file(MAY)).expect("read");
    std::fs::write(
        &old_file,
        text.replace("model: owasp-aima@1.0", "model: owasp-aima@0.9")
            .replace("DM-DT", "DM-DX"),
    )
    .expect("write");
    let old = old_file.to_str().expect("utf-8");

    // Without --old-model the old file does not match the model: say which option fixes it.
    let (_, stderr, code) = run(&["diff", old, NOVEMBER]);
    assert_eq!(code, 2);
    assert!(stderr.contains("owasp-aima@0.9"), "{stderr}");
    assert!(stderr.contains("--old-model DIR"), "{stderr}");

    let args = [
        "diff",
        "--old-model",
        old_model.to_str().expect("utf-8"),
        old,
        NOVEMBER,
        "--format",
        "json",
    ];
    assert_one_sided_json(&json_of(&args));
    let (stdout, _, _) = run(&args[..5]);
    assert!(
        stdout
            .contains("Only in the new model (owasp-aima@1.0):\n  practice DM-DT Data Training: 1+ (2.00)\n"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("Only in the old model (owasp-aima@0.9):\n  practice DM-DX Data Training: 1+ (2.00)\n"),
        "{stdout}"
    );
}

/// The JSON diff of two model versions: what only one side has, by practice and question;
/// the rest compared by code.
fn assert_one_sided_json(v: &Value) {
    assert_eq!(v["old"]["model"], "owasp-aima@0.9");
    assert_eq!(v["new"]["model"], "owasp-aima@1.0");
    assert_eq!(v["practices"].as_array().expect("practices").len(), 23);
    assert_eq!(v["added"]["practices"][0]["id"], "DM-DT");
    assert_eq!(v["removed"]["practices"][0]["id"], "DM-DX");
    let codes = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("questions")
            .iter()
            .map(|q| q["id"].as_str().expect("id").to_string())
            .collect()
    };
    assert_eq!(
        codes(&v["added"]["questions"]),
        [
            "DM-DT-A-1",
            "DM-DT-B-1",
            "DM-DT-A-2",
            "DM-DT-B-2",
            "DM-DT-A-3",
            "DM-DT-B-3"
        ]
    );
    assert_eq!(codes(&v["removed"]["questions"])[0], "DM-DX-A-1");
    assert_eq!(v["removed"]["questions"].as_array().expect("questions").len(), 6);
    // The rest compares as between two files of one model.
    assert_eq!(practice(v, "DM-QI")["status"], "regressed");
    assert_eq!(v["changed_answers"].as_array().expect("changed").len(), 39);
}
