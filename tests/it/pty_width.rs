//! In a real terminal (a pseudo-terminal of 80 columns, expectrl), tables are laid out for
//! the terminal's width without `--width`.
#![cfg(unix)]

use crate::common;

use std::io::ErrorKind;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{aima, aima_path, repo};

/// Everything `aima ARGS` printed in an 80×24 pseudo-terminal, line ends normalised.
fn in_a_terminal(args: &[&str]) -> String {
    let mut command = Command::new(aima_path());
    command
        .args(args)
        .current_dir(repo())
        .env("TERM", "xterm-256color")
        .env_remove("COLUMNS");
    let mut session = expectrl::session::Session::spawn(command).expect("spawn aima in a pty");
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match session.try_read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            // Linux reports the end of a pty's output as EIO.
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

#[test]
fn score_in_an_80_column_terminal_fits_it() {
    let out = in_a_terminal(&["score", "examples/acme-support-bot-2026-05.yaml"]);
    assert!(out.contains("│ Practice ┆ Name "), "{out}");
    assert!(
        out.contains("┆ Level ┆ Score ┆"),
        "short headers under 100 columns:\n{out}"
    );
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line}");
    }
    // The same as asking for 80 columns.
    let asked = aima()
        .args(["--width", "80", "score", "examples/acme-support-bot-2026-05.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out, String::from_utf8_lossy(&asked.stdout));
}

#[test]
fn a_dash_with_a_terminal_as_input_says_to_pipe_a_file_in() {
    let out = in_a_terminal(&["score", "-"]);
    assert_eq!(
        out,
        "error: <stdin>: `-` reads an answers file from standard input, which is a terminal here: \
         pipe or redirect a file in (`aima score - < answers.yaml`)\n"
    );
}

#[test]
fn csv_to_a_terminal_shows_outside_text_escaped_but_a_pipe_gets_it_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a.yaml");
    let text = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-PC-A-1:\n    answer: yes\n    note: \"ok \\u202egnp.exe \\e[31mred\"\n";
    std::fs::write(&file, text).expect("write");
    let path = file.display().to_string();
    let args = ["export", path.as_str(), "--to", "csv", "-o", "-"];
    let shown = in_a_terminal(&args);
    assert!(shown.contains("ok \\u{202e}gnp.exe \\u{1b}[31mred"), "{shown}");
    assert!(!shown.contains('\u{202e}') && !shown.contains('\u{1b}'));
    // A pipe is refused the raw characters (issue 20: `| cat` on a terminal acts on them);
    // a file gets them exactly.
    let piped = aima().args(args).output().expect("runs");
    assert_eq!(
        (piped.status.code(), piped.stdout.as_slice()),
        (Some(2), &b""[..])
    );
    let csv = dir.path().join("a.csv");
    let to_file = [
        "export",
        path.as_str(),
        "--to",
        "csv",
        "-o",
        csv.to_str().expect("utf-8"),
    ];
    assert_eq!(
        aima().args(to_file).output().expect("runs").status.code(),
        Some(0)
    );
    let written = std::fs::read_to_string(&csv).expect("written");
    assert!(written.contains("ok \u{202e}gnp.exe \u{1b}[31mred"));
}
