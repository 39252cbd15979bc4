//! Outside text never reaches a terminal or a CI log raw (docs/security.md): clap's own
//! errors on a real terminal, portfolio and trend JSON, CSV on standard output, and lines a
//! CI runner would take as workflow commands.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{self, aima_path};

/// A file name that sets the window title and clears the screen when printed raw.
const HOSTILE: &str = "--x\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}1m\u{202e}.yaml";

/// What `aima ARGS` writes to a pseudo-terminal, raw, and its exit code.
#[cfg(unix)]
fn on_a_terminal(dir: &Path, args: &[&str]) -> (Vec<u8>, i32) {
    use expectrl::process::unix::WaitStatus;
    let mut command = Command::new(aima_path());
    command
        .args(args)
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE");
    let mut session = expectrl::session::Session::spawn(command).expect("spawn aima in a pty");
    let mut out = Vec::new();
    let start = Instant::now();
    loop {
        let mut buf = [0u8; 4096];
        match session.try_read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break,
        }
        assert!(start.elapsed() < Duration::from_secs(60), "aima did not exit");
    }
    match session.get_process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => (out, code),
        other => panic!("{other:?}"),
    }
}

/// The characters of `text` that must not reach a terminal raw (line breaks and tabs aside).
fn raw_unsafe(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| aima::base::sanitize::is_unsafe(*c) && !matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

#[cfg(unix)]
#[test]
fn clap_errors_on_a_terminal_show_outside_text_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let bad = "x\u{1b}]0;PWNED\u{7}\u{9b}2J\u{202e}";
    let cases: Vec<Vec<&str>> = vec![
        vec!["validate", HOSTILE],
        vec!["score", "a.yaml", "--format", bad],
        vec!["score", "a.yaml", "--width", bad],
        vec!["check", "a.yaml", "--target", bad],
        vec!["portfolio", ".", "--max-age", bad],
        vec!["completions", bad],
        vec![bad],
    ];
    for args in cases {
        let (out, code) = on_a_terminal(d, &args);
        let text = String::from_utf8_lossy(&out);
        assert_eq!(code, 2, "{args:?}: {text}");
        assert!(text.starts_with("error: "), "{args:?}: {text}");
        assert_eq!(raw_unsafe(&text), Vec::<char>::new(), "{args:?}: {text:?}");
        assert!(!out.contains(&0x1b) && !out.contains(&0x07), "{args:?}: {text:?}");
        assert!(
            text.contains("\\u{9b}") && text.contains("\\u{202e}"),
            "{args:?}: {text:?}"
        );
    }
}

#[test]
fn clap_errors_start_no_workflow_command() {
    let out = common::aima()
        .args([
            "score",
            "--format",
            "x\n::error title=pwned::owned\n  ::add-mask::x",
        ])
        .output()
        .expect("aima runs");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.starts_with("error: "), "{stderr}");
    for line in stderr.lines() {
        assert!(!line.trim_start().starts_with("::"), "{stderr}");
    }
    assert!(stderr.contains("\\u{3a}:error title=pwned::owned"), "{stderr}");
}

const ONE: &str =
    "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-01\nanswers:\n  RA-EV-A-1: yes\n";

#[test]
fn portfolio_and_trend_json_escape_what_a_terminal_would_act_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A system named by its folder, and one whose name and owner come from aima.toml.
    let system = "bot\u{202e}\u{9b}\u{200b}";
    for folder in [system, "plain"] {
        std::fs::create_dir(dir.path().join(folder)).expect("mkdir");
        std::fs::write(dir.path().join(folder).join("a.yaml"), ONE).expect("write");
    }
    std::fs::write(
        dir.path().join("aima.toml"),
        "[systems.plain]\nname = \"Bot \\u202E\\u009B\\u200B\"\nowner = \"o\\u202E\"\n",
    )
    .expect("write");
    let runs: [(&[&str], &str); 3] = [
        (&["portfolio", "."], "bot\\u202e\\u009b\\u200b"),
        (&["trend", system], "bot\\u202e\\u009b\\u200b"),
        (&["trend", "plain"], "Bot \\u202e\\u009b\\u200b"),
    ];
    for (args, escaped) in runs {
        let out = common::aima()
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1795910400")
            .args(args)
            .args(["--format", "json"])
            .output()
            .expect("aima runs");
        let stdout = String::from_utf8(out.stdout).expect("utf-8");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(raw_unsafe(&stdout), Vec::<char>::new(), "{args:?}: {stdout}");
        assert!(stdout.contains(escaped), "{args:?}: {stdout}");
        serde_json::from_str::<serde_json::Value>(&stdout).expect("JSON");
    }
}

/// `aima export FILE --to csv -o -` into a pipe: (stdout, stderr, code).
fn csv_to_pipe(note: &str) -> (String, String, i32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml = format!(
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  RA-EV-A-1:\n    answer: yes\n    note: {}\n",
        aima::base::sanitize::json(serde_json::to_string(note).expect("quoted"))
    );
    std::fs::write(dir.path().join("a.yaml"), yaml).expect("write");
    let out = common::aima()
        .current_dir(dir.path())
        .args(["export", "a.yaml", "--to", "csv", "-o", "-"])
        .output()
        .expect("aima runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().expect("code"),
    )
}

#[test]
fn csv_on_a_pipe_is_exact_or_refused() {
    let tail = "which aima does not write to standard output; write the CSV to a file (-o FILE.csv), \
                where it is kept exactly\n";
    for (note, what) in [
        (
            "x\u{1b}]0;PWNED\u{7}",
            "line 2 of the CSV holds the character U+001B",
        ),
        ("bell\u{7}", "line 2 of the CSV holds the character U+0007"),
        ("c1 \u{9b}2J", "line 2 of the CSV holds the character U+009B"),
        ("gnp\u{202e}.exe", "line 2 of the CSV holds the character U+202E"),
    ] {
        let (stdout, stderr, code) = csv_to_pipe(note);
        assert_eq!(
            stderr,
            format!("error: -o -: {what} (a control, bidirectional or invisible character), {tail}")
        );
        assert_eq!((code, stdout.as_str()), (2, ""));
    }
    let (stdout, stderr, code) = csv_to_pipe("x\n::error title=t::boom");
    assert_eq!(
        stderr,
        format!(
            "error: -o -: line 3 of the CSV starts with `::` (a GitHub Actions workflow command), {tail}"
        )
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    // Plain notes, line breaks and tabs included, go out exactly.
    let (stdout, stderr, code) = csv_to_pipe("two\nlines\tand a tab, \"quoted\"");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.contains("\"two\nlines\tand a tab, \"\"quoted\"\"\""),
        "{stdout}"
    );
}

/// OWASP's CSV-injection guidance: a cell a spreadsheet could read as a formula, after
/// characters it may skip, gets a leading `'`; a cell holding `;` is quoted; import gives
/// every note back exactly.
#[test]
fn csv_cells_never_become_formulas_and_round_trip_exactly() {
    let notes = [
        ("RA-EV-A-1", "x;=1+1", "\"x;=1+1\""),
        ("RA-EV-B-1", "\n=1+1", "\"'\n=1+1\""),
        ("RA-EV-A-2", " =1+1", "' =1+1"),
        ("RA-EV-B-2", "\u{a0}=1+1", "'\u{a0}=1+1"),
        ("RA-EV-A-3", "\u{ff1d}1+1", "'\u{ff1d}1+1"),
        ("RA-EV-B-3", "\u{feff}=1+1", "'\u{feff}=1+1"),
        ("RA-TE-A-1", "\u{200b}@SUM(A1)", "'\u{200b}@SUM(A1)"),
        ("RA-TE-B-1", "plain; text", "\"plain; text\""),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let mut yaml = String::from("aima: 1\nmodel: owasp-aima@1.0\nanswers:\n");
    for (code, note, _) in notes {
        let quoted = aima::base::sanitize::json(serde_json::to_string(note).expect("quoted"));
        yaml.push_str(&format!("  {code}:\n    answer: yes\n    note: {quoted}\n"));
    }
    std::fs::write(dir.path().join("a.yaml"), yaml).expect("write");
    let run = |args: &[&str]| {
        let out = common::aima()
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["export", "a.yaml", "--to", "csv", "-o", "a.csv"]);
    let csv = std::fs::read_to_string(dir.path().join("a.csv")).expect("written");
    for (code, _, cell) in notes {
        assert!(
            csv.contains(&format!(",yes,3,{cell},")),
            "{code}: {cell:?} in\n{csv}"
        );
    }
    run(&["import", "a.csv", "-o", "back.yaml"]);
    let back = crate::common::load(&dir.path().join("back.yaml"));
    for (code, note, _) in notes {
        assert_eq!(back.answers[code].note.as_deref(), Some(note), "{code}");
    }
}
