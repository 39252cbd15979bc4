//! Hints for natural mistakes: `N/A`, toolkit numbers, `true` or `y`, codes in lower case,
//! `--target 2.5`, and `-o` into a folder that does not exist.

use crate::common;

use common::{aima, captured, stderr, stdout, temp_files};

const FILE: &str = "aima: 1
model: owasp-aima@1.0
targets:
  gv-pc: 3
  Default: 2
answers:
  GV-PC-A-1: n/a
  GV-PC-A-2: N/A
  GV-PC-A-3: not applicable
  GV-PC-B-1: 3
  GV-PC-B-2: \"2\"
  GV-PC-B-3: true
  GV-SM-A-1: y
  GV-SM-A-2: 1
  GV-SM-A-3: {answer: 0}
  gv-sm-b-1: yes
  GV-SM-B-2: NO
";

#[test]
fn answers_that_plainly_mean_a_word_say_which() {
    let dir = temp_files(&[("h.yaml", FILE)]);
    let out = aima()
        .current_dir(dir.path())
        .args(["validate", "h.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "h.yaml: 13 problems\n");
    let words = "use yes, mostly, partly, no or na";
    let must = "must be yes, mostly, partly, no or na";
    let expected = [
        "h.yaml:4:3: target names unknown code `gv-pc`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC` of model owasp-aima@1.0 (did you mean `GV-PC`? codes are in capitals)".to_string(),
        "h.yaml:5:3: target names unknown code `Default`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC` of model owasp-aima@1.0 (did you mean `default`?)".to_string(),
        format!("h.yaml:7:14: `n/a` is not an answer word for GV-PC-A-1: {words} (did you mean `na`?)"),
        format!("h.yaml:8:14: `N/A` is not an answer word for GV-PC-A-2: {words} (did you mean `na`?)"),
        format!("h.yaml:9:14: `not applicable` is not an answer word for GV-PC-A-3: {words} (did you mean `na`?)"),
        format!("h.yaml:10:14: the answer to GV-PC-B-1 {must} (or a mapping with `answer`), not the number 3 (did you mean `yes`? 3 is the toolkit's value for yes)"),
        format!("h.yaml:11:14: `2` is not an answer word for GV-PC-B-2: {words} (did you mean `mostly`? 2 is the toolkit's value for mostly)"),
        format!("h.yaml:12:14: the answer to GV-PC-B-3 {must} (or a mapping with `answer`), not the boolean true (did you mean `yes`?)"),
        format!("h.yaml:13:14: `y` is not an answer word for GV-SM-A-1: {words} (did you mean `yes`?)"),
        format!("h.yaml:14:14: the answer to GV-SM-A-2 {must} (or a mapping with `answer`), not the number 1 (did you mean `partly`? 1 is the toolkit's value for partly)"),
        format!("h.yaml:15:23: `answer` of GV-SM-A-3 {must}, not the number 0 (did you mean `no`? 0 is the toolkit's value for no)"),
        "h.yaml:16:3: malformed question ID `gv-sm-b-1`: expected domain-practice-stream-level, as in `GV-PC-A-1` (did you mean `GV-SM-B-1`? codes are in capitals)".to_string(),
        format!("h.yaml:17:14: `NO` is not an answer word for GV-SM-B-2: {words} (answer words are lower case: `no`)"),
    ];
    let lines: Vec<String> = stderr(&out)
        .lines()
        .map(|l| l.strip_prefix("error: ").unwrap_or(l).to_string())
        .collect();
    assert_eq!(lines, expected);
}

#[test]
fn codes_in_lower_case_are_taken_in_capitals() {
    assert_eq!(captured(&["model", "gv-pc"]), captured(&["model", "GV-PC"]));
    assert_eq!(
        captured(&["model", "gv-pc-a-1"]),
        captured(&["model", "GV-PC-A-1"])
    );
    assert_eq!(
        captured(&["worksheet", "--domain", "gv"]),
        captured(&["worksheet", "--domain", "GV"])
    );
    let (_, err, code) = captured(&["worksheet", "--domain", "xx"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: unknown domain `xx`: model owasp-aima@1.0 has RA, GV"),
        "{err}"
    );
}

#[test]
fn a_fractional_target_is_explained() {
    let (out, err, code) = captured(&[
        "check",
        "examples/acme-support-bot-2026-11.yaml",
        "--target",
        "2.5",
    ]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(
        err.lines().next(),
        Some(
            "error: invalid value '2.5' for '--target <N>': a target is a whole AIMA level: 0, 1, 2 or 3 (levels have no fractions)"
        )
    );
    let (_, err, code) = captured(&["score", "examples/acme-support-bot-2026-11.yaml", "--target", "3"]);
    assert_eq!((err.as_str(), code), ("", 0));
}

#[test]
fn output_into_a_missing_folder_says_to_create_it_and_writes_nothing() {
    let dir = temp_files(&[]);
    let example = common::repo_file("examples/acme-support-bot-2026-11.yaml");
    let example = example.display().to_string();
    for args in [
        vec!["report", example.as_str(), "-o", "reports/r.md"],
        vec!["merge", example.as_str(), "-o", "reports/merged.yaml"],
    ] {
        let out = aima().current_dir(dir.path()).args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&out),
            format!(
                "error: -o {}: the folder reports does not exist; create it first (mkdir -p reports)\n",
                args[3]
            )
        );
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}
