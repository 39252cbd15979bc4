//! Team files: folders and `-` wherever answers are read, `aima merge`, metadata conflicts,
//! `validate` of a combination, `diff` of several files per side, and the report naming
//! the team file that answered each domain. `examples/teams/<round>/` holds the example
//! assessments split into three team files each.

use crate::common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use insta_cmd::assert_cmd_snapshot;

use common::{aima, captured, repo_file, stderr, stdout, temp_files};

const ROUND_1: &str = "examples/teams/2026-05";
const ROUND_2: &str = "examples/teams/2026-11";
const FIRST: &str = "examples/acme-support-bot-2026-05.yaml";
const SECOND: &str = "examples/acme-support-bot-2026-11.yaml";
const HEAD: &str = "aima: 1\nmodel: owasp-aima@1.0\n";

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    names
}

/// The JSON of `aima score ARGS --format json` without the list of files read.
fn score_without_files(out: &str) -> serde_json::Value {
    let mut json: serde_json::Value = serde_json::from_str(out).expect("json");
    json["assessment"]["files"] = serde_json::Value::Null;
    json
}

#[test]
fn a_folder_of_team_files_scores_as_the_whole_file() {
    for (folder, file) in [(ROUND_1, FIRST), (ROUND_2, SECOND)] {
        let (merged, err, code) = captured(&["score", folder, "--format", "json"]);
        assert_eq!((err.as_str(), code), ("", 0));
        let (whole, _, _) = captured(&["score", file, "--format", "json"]);
        let [mut merged, mut whole] =
            [merged, whole].map(|text| serde_json::from_str::<serde_json::Value>(&text).expect("json"));
        // The metadata differs as it should: the files, and the teams' assessors.
        assert_eq!(
            merged["assessment"]["assessor"], "A. Chen, J. Doe, M. Rossi",
            "{folder}"
        );
        merged["assessment"] = serde_json::Value::Null;
        whole["assessment"] = serde_json::Value::Null;
        assert!(merged == whole, "{folder} and {file} score differently");
    }
}

#[test]
fn validate_a_folder_checks_each_file_then_the_combination() {
    assert_cmd_snapshot!("validate_team_folder", aima().args(["validate", ROUND_1]));
}

#[test]
fn validate_reports_what_score_would_reject() {
    // Two team files of one assessment (same date) that answer the same question.
    let dir = temp_files(&[
        (
            "a.yaml",
            &format!("{HEAD}assessment:\n  date: 2026-05-01\n  team: gv\nanswers:\n  GV-PC-A-1: yes\n"),
        ),
        (
            "b.yaml",
            &format!("{HEAD}assessment:\n  date: 2026-05-01\n  team: dm\nanswers:\n  GV-PC-A-1: no\n"),
        ),
    ]);
    let out = aima()
        .current_dir(dir.path())
        .args(["validate", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout(&out),
        "./a.yaml: ok\n./b.yaml: ok\ncombined (2 files): 1 problem\n"
    );
    assert_eq!(
        stderr(&out),
        "error: ./b.yaml:7:3: GV-PC-A-1 is answered in two files: here and at ./a.yaml:7:3\n"
    );
    // score rejects the same.
    let out = aima()
        .current_dir(dir.path())
        .args(["score", "a.yaml", "b.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: b.yaml:7:3: GV-PC-A-1 is answered in two files: here and at a.yaml:7:3\n"
    );
}

#[test]
fn files_of_different_dates_are_different_assessments_checked_one_by_one() {
    let dir = temp_files(&[
        (
            "a.yaml",
            &format!("{HEAD}assessment:\n  date: 2026-05-01\nanswers:\n  GV-PC-A-1: yes\n"),
        ),
        (
            "b.yaml",
            &format!("{HEAD}assessment:\n  date: 2026-11-02\nanswers:\n  GV-PC-A-1: no\n"),
        ),
    ]);
    let out = aima()
        .current_dir(dir.path())
        .args(["validate", "a.yaml", "b.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "a.yaml: ok, 1 of 144 answered\nb.yaml: ok, 1 of 144 answered\n"
    );
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "note: the files hold 2 assessments (by system and round, docs/record.md), each checked on its own: \
             a.yaml; b.yaml\n"
        ),
        "{err}"
    );
    // score refuses to merge them, naming both places.
    let out = aima()
        .current_dir(dir.path())
        .args(["score", "a.yaml", "b.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: b.yaml:4:9: the files hold 2 rounds of one system: `2026-05-01` (a.yaml), `2026-11-02` (b.yaml); "
        ),
        "{}",
        stderr(&out)
    );
    // With --separate there is nothing to warn about.
    let out = aima()
        .current_dir(dir.path())
        .args(["validate", "--separate", "a.yaml", "b.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains("different assessments"));
}

#[test]
fn validate_json_gives_the_combination() {
    let (out, _, code) = captured(&["validate", ROUND_2, "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["valid"], true);
    assert_eq!(json["files"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["combined"][0]["name"], "combined (3 files)");
    assert_eq!(json["combined"][0]["answered"], 144);
    assert_eq!(json["combined"][0]["unanswered"], serde_json::json!([]));
}

#[test]
fn an_empty_folder_and_stdin_twice_are_located_errors() {
    let dir = temp_files(&[("notes.txt", "not yaml")]);
    let out = aima()
        .current_dir(dir.path())
        .args(["score", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: .: the folder has no answers files (*.yaml or *.yml directly in it)\n"
    );
    let out = aima()
        .args(["score", "-", "-"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: <stdin>: `-` (standard input) is given twice: it can be read only once\n"
    );
}

fn with_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = aima()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("runs")
}

#[test]
fn a_dash_reads_an_answers_file_from_stdin() {
    let text = std::fs::read(repo_file(SECOND)).expect("example");
    let out = with_stdin(&["score", "-", "--format", "json"], &text);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (whole, _, _) = captured(&["score", SECOND, "--format", "json"]);
    assert!(score_without_files(&stdout(&out)) == score_without_files(&whole));
    assert!(stdout(&out).contains("\"files\": [\n      \"<stdin>\"\n    ]"));
    let out = with_stdin(
        &["validate", "-"],
        format!("{HEAD}answers:\n  GV-PC-A-1: maybe\n").as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: <stdin>:4:14: `maybe` is not an answer word for GV-PC-A-1: use yes, mostly, partly, no or na\n"
    );
}

#[test]
fn merge_writes_one_file_that_scores_and_reads_as_the_team_files() {
    let dir = tempfile::tempdir().expect("temp");
    let out_file = dir.path().join("merged.yaml");
    let out_arg = out_file.display().to_string();
    let (out, err, code) = captured(&["merge", ROUND_1, "-o", &out_arg]);
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(
        out,
        format!("wrote {out_arg}: 3 files merged, 134 of 144 questions answered\n")
    );
    let model = aima::embedded::model();
    let merged = aima::answers::load(model, std::slice::from_ref(&out_file)).expect("merged file loads");
    let teams = aima::answers::load(model, &[repo_file(ROUND_1)]).expect("team files load");
    // Notes, evidence, reasons, metadata and targets all kept.
    assert_eq!(merged.answers, teams.answers);
    assert_eq!(merged.metadata, teams.metadata);
    assert_eq!(merged.targets, teams.targets);
    assert_eq!(
        merged.metadata.team.as_deref(),
        Some("data, engineering, governance")
    );
    assert!(merged.answers.values().any(|a| a.reason.is_some()));
    assert!(merged.answers.values().any(|a| !a.evidence.is_empty()));
    let (a, _, _) = captured(&["score", &out_arg, "--format", "json"]);
    let (b, _, _) = captured(&["score", ROUND_1, "--format", "json"]);
    assert!(score_without_files(&a) == score_without_files(&b));
    let (to_stdout, _, code) = captured(&["merge", ROUND_1, "-o", "-"]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&out_file).expect("merged");
    assert_eq!(to_stdout, text, "-o - writes the same file to standard output");
    assert!(
        text.starts_with(
            "# Merged by `aima merge` from:\n\
             #   examples/teams/2026-05/data.yaml (team data)\n\
             #   examples/teams/2026-05/engineering.yaml (team engineering)\n\
             #   examples/teams/2026-05/governance.yaml (team governance)\n"
        ),
        "{text}"
    );
}

#[test]
fn merge_writes_nothing_on_a_conflict_or_into_a_missing_folder() {
    let dir = temp_files(&[
        ("a.yaml", &format!("{HEAD}assessment:\n  organization: Acme\n")),
        (
            "b.yaml",
            &format!("{HEAD}assessment:\n  organization: Umbrella\n"),
        ),
    ]);
    let before = listing(dir.path());
    let out = aima()
        .current_dir(dir.path())
        .args(["merge", "a.yaml", "b.yaml", "-o", "out.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: b.yaml:4:17: `assessment.organization` is `Umbrella` here but `Acme` at a.yaml:4:17; \
         files of one assessment must agree\n"
    );
    assert_eq!(listing(dir.path()), before);
    let out = aima()
        .current_dir(dir.path())
        .args(["merge", "a.yaml", "-o", "missing/out.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: -o missing/out.yaml: the folder missing does not exist; create it first (mkdir -p missing)\n"
    );
    assert_eq!(listing(dir.path()), before);
    let out = aima()
        .current_dir(dir.path())
        .args(["merge", "a.yaml", "-o", "a.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: -o a.yaml: that is one of the files being merged; write the merged file elsewhere\n"
    );
}

#[test]
fn diff_of_team_folders_and_of_several_files_per_side() {
    let (whole, _, code) = captured(&["diff", FIRST, SECOND]);
    assert_eq!(code, 0);
    // Past the two header lines (which name the files), the same diff.
    let body = |text: &str| text.lines().skip(2).collect::<Vec<_>>().join("\n");
    let (folders, err, _) = captured(&["diff", ROUND_1, ROUND_2]);
    assert_eq!(err, "");
    assert_eq!(
        folders.lines().next(),
        Some("Old: examples/teams/2026-05/ (3 files) · 2026-05-20 · owasp-aima@1.0")
    );
    assert_eq!(body(&folders), body(&whole));
    let file = |round: &str, team: &str| format!("{round}/{team}.yaml");
    let (several, err, code) = captured(&[
        "diff",
        &file(ROUND_1, "data"),
        &file(ROUND_2, "data"),
        "--old",
        &file(ROUND_1, "engineering"),
        "--new",
        &file(ROUND_2, "engineering"),
        "--old",
        &file(ROUND_1, "governance"),
        "--new",
        &file(ROUND_2, "governance"),
    ]);
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(body(&several), body(&whole));
    let (_, err, code) = captured(&["diff", "-", "-"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: `-` (standard input) can be read only once: give it for one side of the diff\n"
    );
    let (help, _, _) = captured(&["diff", "--help"]);
    assert!(help.contains("--old <FILE>"), "{help}");
    assert!(
        help.contains("aima diff assessments/2026-05 assessments/2026-11"),
        "{help}"
    );
}

#[test]
fn the_report_names_the_team_file_that_answered_each_domain() {
    let (report, _, code) = captured(&["report", ROUND_2]);
    assert_eq!(code, 0);
    let answered: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("Answered by: "))
        .collect();
    let by = |team: &str| format!("Answered by: examples/teams/2026-11/{team}.yaml (team {team}).");
    let expected: Vec<String> = ["governance", "governance", "data", "data"]
        .into_iter()
        .chain(["engineering"; 4])
        .map(by)
        .collect();
    assert_eq!(answered, expected);
    assert!(
        report.contains(
            "| Files | examples/teams/2026-11/data.yaml (team data)<br>examples/teams/2026-11/engineering.yaml (team engineering)<br>examples/teams/2026-11/governance.yaml (team governance) |"
        ),
        "{report}"
    );
}

#[test]
fn check_without_targets_says_what_to_add() {
    let dir = temp_files(&[("t.yaml", HEAD)]);
    let out = aima()
        .current_dir(dir.path())
        .args(["check", "t.yaml", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let out = aima()
        .current_dir(dir.path())
        .args(["check", "t.yaml", "--target", "0"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "target 0 is a target every practice meets"
    );
}
