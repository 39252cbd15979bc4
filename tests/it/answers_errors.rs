//! Every error an answers file can have (docs/answers-format.md), with its exact message and position.
//! Each case is checked by `aima validate` (which lists every problem of a file).

use crate::common;

use std::path::Path;

use common::{aima, stderr, stdout, temp_files};

/// Runs `aima ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    aima().current_dir(dir).args(args).output().expect("aima runs")
}

/// Checks that validating `text` as `name` fails with exactly `expected` on stderr.
fn rejects(name: &str, text: &str, expected: &[&str]) {
    let dir = temp_files(&[(name, text)]);
    let out = run_in(dir.path(), &["validate", name]);
    assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
    let lines: Vec<String> = stderr(&out).lines().map(str::to_string).collect();
    assert_eq!(lines, expected, "{name}");
    let n = expected.len();
    assert_eq!(
        stdout(&out),
        format!("{name}: {n} problem{}\n", if n == 1 { "" } else { "s" })
    );
}

const HEAD: &str = "aima: 1\nmodel: owasp-aima@1.0\n";

#[test]
fn unknown_keys_at_every_level_with_suggestions() {
    rejects(
        "top.yaml",
        &format!("{HEAD}answer:\n  GV-PC-A-1: yes\n"),
        &["error: top.yaml:3:1: unknown key `answer` in the answers file; did you mean `answers`?"],
    );
    rejects(
        "meta.yaml",
        &format!("{HEAD}assessment:\n  organisation: Acme Corp\n  scope: Chatbot\n  color: red\n"),
        &[
            "error: meta.yaml:4:3: unknown key `organisation` in `assessment`; did you mean `organization`?",
            "error: meta.yaml:6:3: unknown key `color` in `assessment`; expected `organization`, `scope`, `assessor`, `date`, `system`, `team`, `round`, `status`, `sign_off` or `superseded`",
        ],
    );
    rejects(
        "long.yaml",
        &format!("{HEAD}answers:\n  GV-PC-A-2:\n    answer: mostly\n    notes: \"typo\"\n"),
        &["error: long.yaml:6:5: unknown key `notes` in the answer to GV-PC-A-2; did you mean `note`?"],
    );
}

#[test]
fn unknown_and_malformed_question_ids() {
    rejects(
        "ids.yaml",
        &format!("{HEAD}answers:\n  GV-PX-A-1: yes\n  GV-PC-A-4: yes\n  gv-pc-a-1: yes\n  42: no\n"),
        &[
            "error: ids.yaml:4:3: unknown question ID `GV-PX-A-1`: model owasp-aima@1.0 has no such question (did you mean GV-PC-A-1?)",
            "error: ids.yaml:5:3: malformed question ID `GV-PC-A-4`: expected domain-practice-stream-level, as in `GV-PC-A-1`",
            "error: ids.yaml:6:3: malformed question ID `gv-pc-a-1`: expected domain-practice-stream-level, as in `GV-PC-A-1` (did you mean `GV-PC-A-1`? codes are in capitals)",
            "error: ids.yaml:7:3: malformed question ID `42`: expected domain-practice-stream-level, as in `GV-PC-A-1`",
        ],
    );
}

#[test]
fn a_question_given_twice() {
    rejects(
        "twice.yaml",
        &format!("{HEAD}answers:\n  GV-PC-A-1: yes\n  GV-PC-B-1: no\n  GV-PC-A-1: mostly\n"),
        &["error: twice.yaml:6:3: question GV-PC-A-1 is given twice (first at line 4, column 3)"],
    );
}

#[test]
fn answer_words_outside_the_list() {
    rejects(
        "words.yaml",
        &format!(
            "{HEAD}answers:\n  GV-PC-A-1: Yes\n  GV-PC-B-1: maybe\n  GV-PC-A-2: 3\n  GV-PC-B-2: true\n  GV-PC-A-3:\n    answer: sometimes\n"
        ),
        &[
            "error: words.yaml:4:14: `Yes` is not an answer word for GV-PC-A-1: use yes, mostly, partly, no or na (answer words are lower case: `yes`)",
            "error: words.yaml:5:14: `maybe` is not an answer word for GV-PC-B-1: use yes, mostly, partly, no or na",
            "error: words.yaml:6:14: the answer to GV-PC-A-2 must be yes, mostly, partly, no or na (or a mapping with `answer`), not the number 3 (did you mean `yes`? 3 is the toolkit's value for yes)",
            "error: words.yaml:7:14: the answer to GV-PC-B-2 must be yes, mostly, partly, no or na (or a mapping with `answer`), not the boolean true (did you mean `yes`?)",
            "error: words.yaml:9:13: `sometimes` is not an answer word for GV-PC-A-3: use yes, mostly, partly, no or na",
        ],
    );
}

#[test]
fn na_needs_a_reason() {
    rejects(
        "na.yaml",
        &format!(
            "{HEAD}answers:\n  DM-DT-B-3: na\n  DM-DT-A-3:\n    answer: na\n  DM-DT-B-2:\n    answer: na\n    reason: \"\"\n  DM-DT-A-2:\n    answer: yes\n    reason: \"left over\"\n"
        ),
        &[
            "error: na.yaml:4:14: DM-DT-B-3 is `na` without a reason: write `{answer: na, reason: \"why it does not apply\"}`",
            "error: na.yaml:6:13: DM-DT-A-3 is `na` without a reason: add `reason: \"why it does not apply\"`",
            "error: na.yaml:9:13: `reason` of the answer to DM-DT-B-2 must not be empty",
            "error: na.yaml:12:13: `reason` goes with `na` only; DM-DT-A-2 is `yes`: use `note` for remarks",
        ],
    );
}

#[test]
fn targets_outside_zero_to_three_or_naming_unknown_codes() {
    rejects(
        "targets.yaml",
        &format!("{HEAD}targets:\n  default: 4\n  GV: -1\n  GV-XX: 2\n  GV-PC-A: 2\n  XYZ: 1\n  RA: two\n"),
        &[
            "error: targets.yaml:4:12: target `default` must be a level from 0 to 3, not the number 4",
            "error: targets.yaml:5:7: target `GV` must be a level from 0 to 3, not the number -1",
            "error: targets.yaml:6:3: target names unknown code `GV-XX`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC` of model owasp-aima@1.0",
            "error: targets.yaml:7:3: target `GV-PC-A` names a stream or question: targets are set for `default`, a domain (`GV`) or a practice (`GV-PC`)",
            "error: targets.yaml:8:3: target names unknown code `XYZ`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC` of model owasp-aima@1.0",
            "error: targets.yaml:9:7: target `RA` must be a level from 0 to 3, not `two`",
        ],
    );
}

#[test]
fn bad_dates() {
    rejects(
        "date.yaml",
        &format!("{HEAD}assessment:\n  date: 2026-02-30\n"),
        &["error: date.yaml:4:9: bad date `2026-02-30`: expected a real calendar date as YYYY-MM-DD"],
    );
    rejects(
        "date2.yaml",
        &format!("{HEAD}assessment:\n  date: 20 Nov 2026\n"),
        &["error: date2.yaml:4:9: bad date `20 Nov 2026`: expected a real calendar date as YYYY-MM-DD"],
    );
}

#[test]
fn a_model_that_does_not_match_says_which() {
    rejects(
        "model.yaml",
        "aima: 1\nmodel: owasp-aima@0.9\n",
        &[
            "error: model.yaml:2:8: the answers were given against model `owasp-aima@0.9`, but the loaded model is `owasp-aima@1.0` (load the matching model with --model DIR)",
        ],
    );
    rejects(
        "other.yaml",
        "aima: 1\nmodel: owasp-samm@2.0\n",
        &[
            "error: other.yaml:2:8: the answers were given against model `owasp-samm@2.0`, but the loaded model is `owasp-aima@1.0`",
        ],
    );
}

#[test]
fn a_missing_aima_key_or_an_unsupported_version() {
    rejects(
        "missing.yaml",
        "model: owasp-aima@1.0\nanswers:\n  GV-PC-A-1: yes\n",
        &[
            "error: missing.yaml:1:1: missing `aima`, the answers-file format version: add `aima: 1` at the top",
        ],
    );
    rejects(
        "v2.yaml",
        "aima: 2\nmodel: owasp-aima@1.0\n",
        &["error: v2.yaml:1:7: unsupported answers-file version `2`: this aima reads version 1"],
    );
    rejects(
        "nomodel.yaml",
        "aima: 1\n",
        &[
            "error: nomodel.yaml:1:1: missing `model`, the model the answers were given against: add `model: owasp-aima@1.0`",
        ],
    );
}

#[test]
fn the_same_question_answered_in_two_files_names_both_places() {
    let dir = temp_files(&[
        ("team-a.yaml", &format!("{HEAD}answers:\n  GV-PC-A-1: yes\n")),
        (
            "team-b.yaml",
            &format!("{HEAD}answers:\n  GV-PC-B-1: yes\n  GV-PC-A-1: no\n"),
        ),
    ]);
    let out = run_in(dir.path(), &["score", "team-a.yaml", "team-b.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: team-b.yaml:5:3: GV-PC-A-1 is answered in two files: here and at team-a.yaml:4:3\n"
    );
    assert_eq!(stdout(&out), "");
    // A question left open (~) in one file and answered in the other is not a conflict.
    std::fs::write(
        dir.path().join("team-a.yaml"),
        format!("{HEAD}answers:\n  GV-PC-A-1: ~\n"),
    )
    .expect("write");
    let out = run_in(
        dir.path(),
        &["score", "--format", "json", "team-a.yaml", "team-b.yaml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn other_commands_show_the_first_problem_and_point_to_validate() {
    let dir = temp_files(&[(
        "two.yaml",
        &format!("{HEAD}answers:\n  GV-PC-A-1: maybe\n  GV-PC-B-1: perhaps\n"),
    )]);
    for command in ["score", "check", "report"] {
        let out = run_in(dir.path(), &[command, "two.yaml"]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert_eq!(
            stderr(&out),
            "error: two.yaml:4:14: `maybe` is not an answer word for GV-PC-A-1: use yes, mostly, partly, no or na (and 1 more problem; `aima validate` lists them all)\n",
            "{command}"
        );
        assert_eq!(stdout(&out), "", "{command}");
    }
}

#[test]
fn validate_checks_each_file_on_its_own_and_warns_about_unanswered_questions() {
    let dir = temp_files(&[
        ("good.yaml", &format!("{HEAD}answers:\n  GV-PC-A-1: yes\n")),
        ("bad.yaml", &format!("{HEAD}answers:\n  GV-PC-A-1: maybe\n")),
    ]);
    let out = run_in(dir.path(), &["validate", "good.yaml", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    // Unanswered questions are counted on the combination only, which a bad file prevents.
    assert_eq!(stdout(&out), "good.yaml: ok\nbad.yaml: 1 problem\n");
    assert_eq!(
        stderr(&out),
        "error: bad.yaml:4:14: `maybe` is not an answer word for GV-PC-A-1: use yes, mostly, partly, no or na\n"
    );
    let out = run_in(dir.path(), &["validate", "good.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "good.yaml: ok, 1 of 144 answered\n");
    assert_eq!(
        stderr(&out),
        "warning: good.yaml: 143 questions unanswered (RA-EV-A-1, RA-EV-B-1, RA-EV-A-2, RA-EV-B-2, RA-EV-A-3, ...)\n"
    );
}

#[test]
fn validate_json_lists_problems_with_positions() {
    let dir = temp_files(&[("bad.yaml", &format!("{HEAD}answers:\n  GV-PC-A-1: maybe\n"))]);
    let out = run_in(dir.path(), &["validate", "--format", "json", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["valid"], false);
    assert_eq!(json["files"][0]["problems"][0]["line"], 4);
    assert_eq!(json["files"][0]["problems"][0]["column"], 14);
}
