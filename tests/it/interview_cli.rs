//! `aima assess` run without a terminal, and with bad arguments.

use crate::common;

use std::process::{Command, Stdio};

use common::aima;
use insta_cmd::assert_cmd_snapshot;

fn assess(dir: &std::path::Path) -> Command {
    let mut command = aima();
    command
        .arg("assess")
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE");
    command
}

fn listing(dir: &std::path::Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect()
}

#[test]
fn without_a_terminal_it_points_to_worksheet_and_score_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_cmd_snapshot!("assess_without_a_terminal", assess(dir.path()));
    assert!(listing(dir.path()).is_empty(), "nothing written");

    let output = assess(dir.path())
        .args(["team.yaml", "--domain", "GV"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        stderr.contains("`aima worksheet`") && stderr.contains("`aima score team.yaml`"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    assert!(listing(dir.path()).is_empty(), "nothing written");
}

#[test]
fn an_unknown_domain_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_cmd_snapshot!(
        "assess_unknown_domain",
        assess(dir.path()).args(["--domain", "GV,XX"])
    );
    assert!(listing(dir.path()).is_empty(), "nothing written");
}

#[test]
fn an_invalid_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: Yes\n";
    std::fs::write(dir.path().join("bad.yaml"), text).expect("write");
    assert_cmd_snapshot!("assess_invalid_file", assess(dir.path()).arg("bad.yaml"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.yaml")).expect("read"),
        text
    );
    assert_eq!(listing(dir.path()), ["bad.yaml"]);
}
