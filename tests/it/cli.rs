//! Whole-binary runs of `model`, `score`, `check`, `validate`, `worksheet` and
//! `completions`, snapshotted (stdout, stderr and exit code) with insta-cmd.

use crate::common;

use insta_cmd::assert_cmd_snapshot;

use common::{aima, run, stderr, stdout};

const FIRST: &str = "examples/acme-support-bot-2026-05.yaml";
const SECOND: &str = "examples/acme-support-bot-2026-11.yaml";

#[test]
fn model_overview() {
    assert_cmd_snapshot!("model_overview", aima().arg("model"));
}

#[test]
fn model_domain_practice_stream_and_question() {
    assert_cmd_snapshot!("model_domain", aima().args(["model", "GV"]));
    assert_cmd_snapshot!("model_practice", aima().args(["model", "GV-PC"]));
    assert_cmd_snapshot!(
        "model_stream_markdown",
        aima().args(["model", "GV-PC-A", "--format", "markdown"])
    );
    assert_cmd_snapshot!("model_question", aima().args(["model", "DM-DT-B-1"]));
    assert_cmd_snapshot!(
        "model_question_json",
        aima().args(["model", "DM-DT-B-1", "--format", "json"])
    );
}

#[test]
fn model_unknown_code_is_a_usage_error() {
    assert_cmd_snapshot!("model_unknown_code", aima().args(["model", "GV-XX"]));
}

#[test]
fn model_json_has_the_documented_shape_order_and_counts() {
    let out = run(&["model", "--format", "json"]);
    assert!(out.status.success());
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(m["id"], "owasp-aima");
    assert_eq!(m["version"], "1.0");
    let domains = m["domains"].as_array().expect("domains");
    let codes: Vec<&str> = domains.iter().map(|d| d["id"].as_str().expect("id")).collect();
    assert_eq!(codes, ["RA", "GV", "DM", "PR", "DE", "IM", "VE", "OP"]);
    let practices: Vec<&str> = domains
        .iter()
        .flat_map(|d| d["practices"].as_array().expect("practices"))
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        practices,
        [
            "RA-EV", "RA-TE", "RA-FB", "GV-SM", "GV-PC", "GV-EG", "DM-QI", "DM-GA", "DM-DT", "PR-MP",
            "PR-PD", "PR-UC", "DE-TA", "DE-SA", "DE-SR", "IM-SB", "IM-SD", "IM-DM", "VE-ST", "VE-RT",
            "VE-AA", "OP-IM", "OP-EM", "OP-OM"
        ]
    );
    let (streams, questions) = count_streams_and_questions(domains);
    assert_eq!(
        (domains.len(), practices.len(), streams, questions),
        (8, 24, 48, 144)
    );
}

/// Checks each practice's levels, objectives, streams and questions; counts the streams
/// and questions.
fn count_streams_and_questions(domains: &[serde_json::Value]) -> (usize, usize) {
    let mut streams = 0;
    let mut questions = 0;
    for d in domains {
        for p in d["practices"].as_array().expect("practices") {
            let pid = p["id"].as_str().expect("id");
            let levels: Vec<i64> = p["levels"]
                .as_array()
                .expect("levels")
                .iter()
                .map(|l| l["level"].as_i64().expect("level"))
                .collect();
            assert_eq!(levels, [1, 2, 3]);
            assert!(
                p["levels"]
                    .as_array()
                    .expect("levels")
                    .iter()
                    .all(|l| !l["title"].as_str().expect("title").is_empty())
            );
            assert!(!p["objectives"].as_array().expect("objectives").is_empty());
            let sids: Vec<String> = p["streams"]
                .as_array()
                .expect("streams")
                .iter()
                .map(|s| s["id"].as_str().expect("id").to_string())
                .collect();
            assert_eq!(sids, [format!("{pid}-A"), format!("{pid}-B")]);
            for s in p["streams"].as_array().expect("streams") {
                streams += 1;
                assert!(!s["name"].as_str().expect("name").is_empty());
                for (i, q) in s["questions"].as_array().expect("questions").iter().enumerate() {
                    questions += 1;
                    assert_eq!(q["id"], format!("{}-{}", s["id"].as_str().expect("id"), i + 1));
                    assert_eq!(q["level"], i + 1);
                    let text = q["text"].as_str().expect("text");
                    assert!(text.ends_with('?'), "{text}");
                    assert!(!q["guidance"].as_str().expect("guidance").trim().is_empty());
                }
            }
        }
    }
    (streams, questions)
}

#[test]
fn score_table_of_the_first_example() {
    assert_cmd_snapshot!("score_first_table", aima().args(["score", FIRST]));
}

#[test]
fn score_markdown_of_the_second_example() {
    assert_cmd_snapshot!(
        "score_second_markdown",
        aima().args(["score", SECOND, "--format", "markdown"])
    );
}

#[test]
fn score_json_has_the_documented_keys() {
    let out = run(&["score", FIRST, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(j["model"], "owasp-aima@1.0");
    assert_eq!(j["complete"], false);
    assert_eq!(j["unanswered"], 10);
    for key in ["level", "plus", "label", "score"] {
        assert!(j["overall"].get(key).is_some(), "overall.{key}");
    }
    assert_eq!(j["overall"]["label"], "0+");
    let gv = &j["domains"][1];
    assert_eq!(
        (gv["id"].as_str(), gv["name"].as_str()),
        (Some("GV"), Some("Governance"))
    );
    let pc = &gv["practices"][1];
    assert_eq!(pc["id"], "GV-PC");
    assert_eq!(pc["name"], "Policy and Compliance");
    assert_eq!(
        (pc["level"].as_i64(), pc["plus"].as_bool(), pc["label"].as_str()),
        (Some(1), Some(true), Some("1+"))
    );
    assert_eq!(pc["score"].as_f64(), Some(2.33));
    assert_eq!(
        (
            pc["unanswered"].as_i64(),
            pc["target"].as_i64(),
            pc["gap"].as_i64()
        ),
        (Some(0), Some(3), Some(2))
    );
    let a = &pc["streams"][0];
    assert_eq!(
        (a["id"].as_str(), a["label"].as_str(), a["score"].as_f64()),
        (Some("GV-PC-A"), Some("3"), Some(3.0))
    );
    assert_eq!(a["plus"], false);
    let oe = &j["domains"][7]["practices"][1];
    assert_eq!(
        (oe["id"].as_str(), oe["unanswered"].as_i64(), oe["label"].as_str()),
        (Some("OP-EM"), Some(6), Some("0"))
    );
}

#[test]
fn score_json_of_a_not_applicable_practice_has_nulls() {
    let dir = common::temp_files(&[(
        "na.yaml",
        "aima: 1\nmodel: owasp-aima@1.0\ntargets:\n  default: 2\nanswers:\n  PR-UC-A-1: {answer: na, reason: internal tool}\n  PR-UC-B-1: {answer: na, reason: internal tool}\n  PR-UC-A-2: {answer: na, reason: internal tool}\n  PR-UC-B-2: {answer: na, reason: internal tool}\n  PR-UC-A-3: {answer: na, reason: internal tool}\n  PR-UC-B-3: {answer: na, reason: internal tool}\n",
    )]);
    let out = aima()
        .current_dir(dir.path())
        .args(["score", "na.yaml", "--format", "json"])
        .output()
        .expect("runs");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let uc = &j["domains"][3]["practices"][2];
    assert_eq!(uc["id"], "PR-UC");
    for key in ["level", "plus", "score", "target", "gap"] {
        assert!(uc[key].is_null(), "{key} must be null: {uc}");
    }
    assert_eq!(uc["label"], "n/a");
    assert_eq!(uc["streams"][1]["label"], "n/a");
    assert!(uc["streams"][1]["score"].is_null());
    assert_eq!(j["domains"][3]["practices"][0]["target"], 2);
}

#[test]
fn check_fails_on_the_first_example_with_its_gaps() {
    assert_cmd_snapshot!("check_first_table", aima().args(["check", FIRST]));
    let out = run(&["check", FIRST, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(j["passed"], false);
    let gaps = j["gaps"].as_array().expect("gaps");
    assert_eq!(gaps.len(), 19);
    let pc = gaps.iter().find(|g| g["id"] == "GV-PC").expect("GV-PC gap");
    assert_eq!(pc["level"], 1);
    assert_eq!(pc["label"], "1+");
    assert_eq!(pc["target"], 3);
    assert_eq!(pc["gap"], 2);
    assert_eq!(pc["actions"], serde_json::json!(["GV-PC-B-2", "GV-PC-B-3"]));
}

#[test]
fn check_passes_with_a_target_every_practice_meets() {
    let out = run(&["check", SECOND, "--target", "0"]);
    // Practice and domain targets in the file still apply: GV-PC 3 and DE-TA 3 are not met.
    assert_eq!(out.status.code(), Some(1));
    let dir = common::temp_files(&[(
        "t.yaml",
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-PC-A-1: yes\n",
    )]);
    let out = aima()
        .current_dir(dir.path())
        .args(["check", "t.yaml", "--target", "0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("passed: all 24 practices with a target meet it"),
        "{}",
        stdout(&out)
    );
    let out = aima()
        .current_dir(dir.path())
        .args(["check", "t.yaml", "--target", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_without_any_target_is_a_usage_error() {
    let dir = common::temp_files(&[("t.yaml", "aima: 1\nmodel: owasp-aima@1.0\n")]);
    assert_cmd_snapshot!(
        "check_no_targets",
        aima().current_dir(dir.path()).args(["check", "t.yaml"])
    );
}

#[test]
fn target_option_out_of_range_is_a_usage_error() {
    let out = run(&["check", FIRST, "--target", "4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: invalid value '4' for '--target <N>'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_the_examples() {
    assert_cmd_snapshot!(
        "validate_examples",
        aima().args(["validate", "--separate", FIRST, SECOND])
    );
}

#[test]
fn missing_file_and_directory() {
    assert_cmd_snapshot!("score_missing_file", aima().args(["score", "no-such-file.yaml"]));
    assert_cmd_snapshot!("score_directory", aima().args(["score", "examples"]));
}

#[test]
fn validate_without_files_or_model_is_a_usage_error() {
    assert_cmd_snapshot!("validate_nothing", aima().arg("validate"));
}

#[test]
fn validate_the_embedded_model_directory() {
    assert_cmd_snapshot!(
        "validate_model_dir",
        aima().args(["validate", "--model", "domains"])
    );
}

#[test]
fn worksheet_of_an_unknown_domain() {
    assert_cmd_snapshot!(
        "worksheet_unknown_domain",
        aima().args(["worksheet", "--domain", "XX"])
    );
}

#[test]
fn completions_for_bash_mention_every_command() {
    let out = run(&["completions", "bash"]);
    assert!(out.status.success());
    let script = stdout(&out);
    for command in [
        "assess",
        "score",
        "report",
        "diff",
        "check",
        "validate",
        "model",
        "worksheet",
        "completions",
    ] {
        assert!(script.contains(command), "{command}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = aima()
        .args(["model", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

/// A full disk on standard output is one error line and exit 2; a closed standard error
/// loses the message but never panics (exit 101 would be a panic).
#[cfg(target_os = "linux")]
#[test]
fn a_full_or_closed_stream_is_an_error_not_a_panic() {
    use std::process::Stdio;
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    };
    let out = aima()
        .args(["model", "--format", "json"])
        .stdout(full())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: cannot write the output: No space left on device (os error 28)\n"
    );
    for args in [&["model"][..], &["score", "missing.yaml"], &["--help"]] {
        let status = aima()
            .args(args)
            .stdout(full())
            .stderr(Stdio::null())
            .status()
            .expect("run");
        assert_eq!(status.code(), Some(2), "{args:?}");
        let status = aima()
            .args(args)
            .stdout(Stdio::null())
            .stderr(full())
            .status()
            .expect("run");
        let expected = if args[0] == "score" { 2 } else { 0 };
        assert_eq!(status.code(), Some(expected), "{args:?} with a full stderr");
    }
}

#[test]
fn help_lists_the_commands() {
    assert_cmd_snapshot!("help", aima().arg("--help"));
}
