//! The smaller promises of docs/security.md ("Limits" and the table at its end): each case
//! builds its hostile input and asserts the exact outcome.

use std::path::Path;

use crate::common;

const ONE: &str = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: no\n";
const DATED: &str =
    "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-01\nanswers:\n  GV-SM-A-1: yes\n";

/// `aima ARGS` run in `dir` with `env`: (stdout, stderr, exit code).
fn run_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (String, String, i32) {
    let mut command = common::aima();
    command.current_dir(dir).args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("aima runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A temporary folder holding `files` (relative names, folders created).
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

#[test]
fn a_panic_ends_with_one_error_line_and_exit_2_not_101() {
    let dir = tree(&[]);
    let (stdout, stderr, code) = run_in(
        dir.path(),
        &[("AIMA_TEST_PANIC", "1"), ("RUST_BACKTRACE", "1")],
        &["model"],
    );
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: internal error: AIMA_TEST_PANIC is set at src/main.rs:")
            && stderr.ends_with("(a bug in aima; please report it)\n"),
        "{stderr}"
    );
}

#[test]
fn dash_o_is_standard_output_for_report_portfolio_and_trend() {
    let dir = tree(&[("bot/a.yaml", DATED)]);
    for args in [
        ["report", "bot/a.yaml", "-o", "-"],
        ["portfolio", "bot", "-o", "-"],
        ["trend", "bot", "-o", "-"],
    ] {
        let (stdout, stderr, code) = run_in(dir.path(), &[("SOURCE_DATE_EPOCH", "1795910400")], &args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(!stdout.is_empty(), "{args:?}: printed");
        assert!(!dir.path().join("-").exists(), "{args:?}: no file named `-`");
        assert!(!dir.path().join("-.svg").exists(), "{args:?}: no chart beside it");
    }
}

#[test]
fn export_is_byte_identical_twice_and_honours_source_date_epoch() {
    let dir = tree(&[("a.yaml", ONE), ("dated.yaml", DATED)]);
    let export = |file: &str, to: &str, out: &str, env: &[(&str, &str)]| {
        let (_, stderr, code) = run_in(dir.path(), env, &["export", file, "--to", to, "-o", out]);
        assert_eq!(code, 0, "{stderr}");
        std::fs::read(dir.path().join(out)).expect("written")
    };
    for to in ["toolkit", "ciso-assistant", "csv"] {
        // Without a date in the file: today, never the time of day.
        let first = export("a.yaml", to, "1.out", &[]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(
            first == export("a.yaml", to, "2.out", &[]),
            "{to}: identical twice"
        );
        let dated = export("dated.yaml", to, "3.out", &[]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(
            dated == export("dated.yaml", to, "4.out", &[]),
            "{to}: dated, identical twice"
        );
        let epoch = |e: &str| export("a.yaml", to, "5.out", &[("SOURCE_DATE_EPOCH", e)]);
        if to != "csv" {
            assert!(
                epoch("0") != epoch("1795910400"),
                "{to}: SOURCE_DATE_EPOCH dates it"
            );
        }
        assert!(epoch("1795910400") == epoch("1795910400"), "{to}");
    }
}

const CSV_HEADER: &str = "id,domain,practice,stream,level,question,answer,value,note,evidence,reason";

/// Imports the CSV `text` (as `t.csv`): (stdout, stderr, exit code).
fn import_csv(text: &str) -> (String, String, i32) {
    let dir = tree(&[("t.csv", text)]);
    let result = run_in(dir.path(), &[], &["import", "t.csv", "-o", "out.yaml"]);
    assert_eq!(
        dir.path().join("out.yaml").exists(),
        result.2 == 0,
        "written only on success"
    );
    result
}

#[test]
fn csv_errors_name_the_right_line_with_crlf_or_lf_and_the_csv_file() {
    for end in ["\r\n", "\n"] {
        let rows = [
            CSV_HEADER,
            "GV-SM-A-1,,,,,,no,,\"two\r\nlines\",,",
            "GV-SM-A-2,,,,,,maybe,,,,",
        ];
        let (_, stderr, code) = import_csv(&(rows.join(end) + end));
        assert_eq!(code, 2);
        assert_eq!(
            stderr,
            "error: t.csv: line 4, column `answer`: `maybe` is not an answer: expected yes, mostly, \
             partly, no or na\n",
            "{end:?}"
        );
        let rows = [CSV_HEADER, "GV-SM-A-1,,,,,,no,,,,", "GV-SM-A-1,,,,,,no,,,,"];
        let (_, stderr, _) = import_csv(&(rows.join(end) + end));
        assert_eq!(
            stderr,
            "error: t.csv: line 3, column `id`: GV-SM-A-1 is given twice (first on line 2)\n"
        );
        let rows = [CSV_HEADER, "GV-SM-A-1,,,,,,no,,,,", "GV-SM-A-2,,,,,,no,,,"];
        let (_, stderr, _) = import_csv(&(rows.join(end) + end));
        assert_eq!(
            stderr,
            "error: t.csv: line 3: invalid CSV (the row has 10 fields; the header has 11)\n"
        );
    }
    // What once read from the CSV but failed as answers ("the imported answers:225:9").
    let rows = [CSV_HEADER, "GV-SM-A-1,,,,,,no,,,\"a\n  \","];
    let (_, stderr, code) = import_csv(&(rows.join("\r\n") + "\r\n"));
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: t.csv: line 2, column `evidence`: an evidence item of GV-SM-A-1 is blank (a line of \
             the cell holds only spaces)\n"
        )
    );
}

#[test]
fn a_csv_note_longer_than_a_cell_holds_is_refused_at_its_cell() {
    let long = "n".repeat(32_768);
    let row = format!("GV-SM-A-1,,,,,,no,,{long},,");
    let (_, stderr, code) = import_csv(&format!("{CSV_HEADER}\r\n{row}\r\n"));
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: t.csv: line 2, column `note`: the text has 32768 characters, more than a workbook \
             cell holds (32767, Excel's limit), so aima could not export it back; shorten it\n"
        )
    );
    let fits = format!("GV-SM-A-1,,,,,,no,,{},,", "n".repeat(32_767));
    assert_eq!(import_csv(&format!("{CSV_HEADER}\r\n{fits}\r\n")).2, 0);
}

#[test]
fn crosswalk_text_refuses_control_and_invisible_characters() {
    let own = "id: own\nname: \"Own\\e]0;PWNED\\a\"\nversion: \"1\"\nsource: s\nlicense: l\n\
               attribution: \"a\\u202e\"\nclauses:\n  - id: C-1\n    title: \"One\\x9b2J\"\n    note: \"n\\x07\"\n    \
               links:\n      - practice: GV-SM\n        strength: primary\n        rationale: \"r\\u200b\"\n";
    let dir = tree(&[("own/own.yaml", own)]);
    let (stdout, stderr, code) = run_in(dir.path(), &[], &["--crosswalks", "own", "crosswalk"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "error: own/own.yaml:2:7: `name` of the crosswalk must be one line of plain text: it holds a \
             control character (U+001B)",
            "error: own/own.yaml:6:14: `attribution` of the crosswalk must be plain text: it holds an \
             invisible or direction-changing character (U+202E)",
            "error: own/own.yaml:9:12: `title` of clause `C-1` must be one line of plain text: it holds a \
             control character (U+009B)",
            "error: own/own.yaml:10:11: `note` of clause `C-1` must be plain text: it holds a control \
             character (U+0007)",
            "error: own/own.yaml:14:20: `rationale` of a link of clause `C-1` must be plain text: it holds \
             an invisible or direction-changing character (U+200B)",
        ]
    );
}

#[test]
fn duplicate_profile_ids_and_an_empty_profiles_folder_are_refused() {
    let profile = std::fs::read_to_string(common::repo_file("profiles/agentic-ai.yaml")).expect("profile");
    let dir = tree(&[
        ("p/a.yaml", &profile),
        ("p/b.yaml", &profile),
        ("empty/readme.txt", "none"),
    ]);
    let (stdout, stderr, code) = run_in(dir.path(), &[], &["--profiles", "p", "profiles"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: p/b.yaml: the profile id `agentic-ai` is also the id of p/a.yaml; give each profile its \
         own id\n"
    );
    let (stdout, stderr, code) = run_in(dir.path(), &[], &["--profiles", "empty", "profiles"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: empty: the profiles folder holds no profile files (*.yaml, *.yml)\n"
    );
    // One file replacing an embedded profile is still how a team adjusts it.
    let dir = tree(&[("p/a.yaml", &profile)]);
    assert_eq!(run_in(dir.path(), &[], &["--profiles", "p", "profiles"]).2, 0);
}

#[test]
fn many_conflicting_team_files_give_a_capped_summarised_error() {
    let text = "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-01\nanswers:\n  \
                GV-SM-A-1: yes\n  GV-SM-A-2: no\n  GV-SM-B-1: no\n";
    let names: Vec<String> = (0..300).map(|i| format!("bot/t{i:03}.yaml")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), text)).collect();
    let dir = tree(&files);
    let (stdout, stderr, code) = run_in(dir.path(), &[], &["portfolio", "bot"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 101, "100 files named, one line for the rest");
    assert_eq!(
        lines[0],
        "error: bot/t001.yaml:6:3: GV-SM-A-1 is answered in two files: here and at bot/t000.yaml:6:3 \
         (and 2 more questions of this file answered in another file)"
    );
    assert_eq!(
        lines[100],
        "error: bot/t299.yaml: and 199 more files (this one the last) answer questions that another file \
         answers too; the first 100 are shown"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_portfolio_tree_is_reported_and_never_blocks() {
    let dir = tree(&[("bot/a.yaml", DATED)]);
    let fifo = dir.path().join("bot/pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for command in ["portfolio", "trend", "validate"] {
        let started = std::time::Instant::now();
        let (stdout, stderr, code) = run_in(dir.path(), &[], &[command, "bot"]);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{command}: never blocks"
        );
        assert_eq!(code, 2, "{command}: {stdout}{stderr}");
        assert!(
            stderr.contains("error: bot/pipe.yaml: is a named pipe (FIFO), not a regular file"),
            "{command}: {stderr}"
        );
    }
}
