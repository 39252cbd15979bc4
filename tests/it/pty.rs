//! End-to-end: the real `aima assess` in a pseudo-terminal (expectrl), its output turned
//! into the rendered screen (vt100). Every step waits for the text it expects, with a
//! generous deadline, so a loaded machine only makes the tests slower.
#![cfg(unix)]

use crate::common;

use std::collections::BTreeMap;
use std::io::{ErrorKind, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use aima::answers::write::{Kind, answers_file};
use aima::answers::{Answer, Assessment, Date, Word};
use common::{aima_path, load, model};
use expectrl::process::unix::{Signal, WaitStatus};

// ptyprocess opens the terminal at 80×24; the parser must match.
const ROWS: NonZeroU16 = NonZeroU16::new(24).expect("not zero");
const COLUMNS: NonZeroU16 = NonZeroU16::new(80).expect("not zero");
const DEADLINE: Duration = Duration::from_secs(90);
const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const CTRL_C: &str = "\x03";

/// The binary in a pseudo-terminal of 80×24, and the screen it drew.
struct Tty {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
    eof: bool,
}

impl Tty {
    fn spawn(dir: &Path, args: &[&str]) -> Tty {
        let mut command = Command::new(aima_path());
        command
            .args(args)
            .current_dir(dir)
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("RUST_BACKTRACE");
        let session = expectrl::session::Session::spawn(command).expect("spawn aima in a pty");
        Tty {
            session,
            parser: vt100::Parser::new(ROWS, COLUMNS, 0),
            eof: false,
        }
    }

    /// Reads what is there; false when nothing was.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 4096];
        match self.session.try_read(&mut buf) {
            Ok(0) => {
                self.eof = true;
                false
            }
            Ok(n) => {
                self.parser.process(&buf[..n]);
                true
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => false,
            // EIO: the child has exited and closed the terminal.
            Err(_) => {
                self.eof = true;
                false
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            let read = self.pump();
            if self.screen().contains(text) {
                return;
            }
            assert!(
                !self.eof && start.elapsed() < DEADLINE,
                "waited for {text:?}; the screen shows:\n{}",
                self.screen()
            );
            if !read {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).expect("send keys");
        self.session.flush().expect("flush keys");
    }

    /// Reads to the end and returns the exit code.
    fn exit_code(&mut self) -> i32 {
        let start = Instant::now();
        while !self.eof {
            assert!(
                start.elapsed() < DEADLINE,
                "aima did not exit:\n{}",
                self.screen()
            );
            if !self.pump() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        match self.session.get_process().wait().expect("wait for aima") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("aima did not exit normally: {other:?}"),
        }
    }

    fn kill(&mut self, signal: Signal) {
        self.session
            .get_process_mut()
            .kill(signal)
            .expect("send a signal");
    }

    /// True when the terminal is in line (canonical) mode, as before the prompts.
    fn line_mode(&self) -> bool {
        use std::os::fd::AsRawFd;
        let master = self.session.get_process().get_raw_handle().expect("the terminal");
        let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills the termios when it returns 0, and only then is it read.
        let settings = unsafe {
            assert_eq!(libc::tcgetattr(master.as_raw_fd(), settings.as_mut_ptr()), 0);
            settings.assume_init()
        };
        settings.c_lflag & libc::ICANON != 0
    }

    fn cursor_visible(&self) -> bool {
        !self.parser.screen().hide_cursor()
    }
}

/// The prompt line of question `code` with `answered` of `total` answered.
fn question(code: &str, answered: usize, total: usize) -> String {
    format!("{code} · {answered}/{total} answered")
}

/// A file with every question of `domain` answered yes except `open`.
fn file_with(dir: &Path, domain: &str, open: &[&str]) -> PathBuf {
    let mut assessment = Assessment::new(model());
    assessment.metadata.organization = Some("Acme Corp".to_string());
    for q in model().questions().filter(|q| q.domain.id == domain) {
        if !open.contains(&q.question.id.as_str()) {
            assessment
                .answers
                .insert(q.question.id.clone(), Answer::word(Word::Yes));
        }
    }
    let path = dir.join("acme.yaml");
    let text = answers_file(model(), &assessment, Kind::Assessment, &|d| d.id == domain);
    std::fs::write(&path, text).expect("write the file");
    path
}

fn words(assessment: &Assessment) -> BTreeMap<String, Word> {
    assessment
        .answers
        .iter()
        .filter_map(|(code, a)| Some((code.clone(), a.word?)))
        .collect()
}

#[test]
fn a_new_interview_answers_a_few_questions_then_ctrl_c_saves_them_and_exits_130() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tty = Tty::spawn(dir.path(), &["assess", "gv.yaml", "--domain", "GV"]);
    tty.wait_for("Organization (optional)");
    tty.send("Acme Corp\r");
    tty.wait_for("Scope: the AI system");
    tty.send("Support bot\r");
    tty.wait_for("System id:");
    tty.send("support-bot\r");
    tty.wait_for("Team filling this file");
    tty.send("Platform\r");
    tty.wait_for("Assessor (optional)");
    tty.send(ENTER);
    tty.wait_for("Date (YYYY-MM-DD)");
    // The date starts as today: Enter keeps it.
    tty.send(ENTER);
    tty.wait_for(&question("GV-SM-A-1", 0, 18));
    tty.send("y"); // a letter answers at once
    tty.wait_for(&question("GV-SM-B-1", 1, 18));
    tty.send(&format!("{UP}{UP}{UP}{ENTER}")); // partly: up from skip
    tty.wait_for(&question("GV-SM-A-2", 2, 18));
    tty.send(ENTER); // the cursor starts on skip: Enter records nothing
    tty.wait_for(&question("GV-SM-B-2", 2, 18));
    tty.send(CTRL_C);
    tty.wait_for("Continue with: aima assess gv.yaml --domain GV");
    assert_eq!(tty.exit_code(), 130);
    let screen = tty.screen();
    assert!(
        screen.contains("Interrupted. Saved in gv.yaml: 2 of 18 questions answered (domain GV)."),
        "{screen}"
    );
    assert!(tty.cursor_visible(), "the cursor is shown again");

    let saved = load(&dir.path().join("gv.yaml"));
    assert_eq!(saved.metadata.organization.as_deref(), Some("Acme Corp"));
    assert_eq!(saved.metadata.scope.as_deref(), Some("Support bot"));
    assert_eq!(saved.metadata.assessor, None);
    assert_eq!(saved.metadata.date, Some(Date::today()));
    assert_eq!(
        words(&saved),
        BTreeMap::from([
            ("GV-SM-A-1".to_string(), Word::Yes),
            ("GV-SM-B-1".to_string(), Word::Partly),
        ])
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["gv.yaml"], "no temporary file is left");
}

#[test]
fn resuming_finishes_the_domain_with_a_note_and_a_reason_and_prints_the_score_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = file_with(dir.path(), "GV", &["GV-EG-B-2", "GV-EG-A-3", "GV-EG-B-3"]);
    let mut tty = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "GV"]);
    tty.wait_for(&question("GV-EG-B-2", 15, 18));
    tty.wait_for("[d] domain…");
    insta::assert_snapshot!("pty_question_screen", tty.screen());

    // `c`: the note, at once.
    tty.send("c");
    tty.wait_for("Note (empty: no note)");
    tty.send("Checked with HR\r");
    tty.wait_for("Note saved; now pick the answer.");
    tty.send("m"); // mostly
    tty.wait_for(&question("GV-EG-A-3", 16, 18));
    tty.send("a"); // not applicable, at once
    tty.wait_for("Why does it not apply?");
    tty.send("No AI training programme yet\r");
    tty.wait_for(&question("GV-EG-B-3", 17, 18));
    tty.send("y");
    tty.wait_for("Write the report: aima report acme.yaml -o report.md");
    assert_eq!(tty.exit_code(), 0);
    assert!(
        tty.screen()
            .contains("Saved in acme.yaml: all 18 questions answered (domain GV).")
    );

    let saved = load(&file);
    assert_eq!(saved.metadata.organization.as_deref(), Some("Acme Corp"));
    assert_eq!(words(&saved).len(), 18);
    assert_eq!(
        saved.answers["GV-EG-B-2"],
        Answer {
            word: Some(Word::Mostly),
            note: Some("Checked with HR".to_string()),
            ..Answer::default()
        }
    );
    assert_eq!(
        saved.answers["GV-EG-A-3"].reason.as_deref(),
        Some("No AI training programme yet")
    );
    assert_eq!(saved.word("GV-EG-B-3"), Some(Word::Yes));
}

#[test]
fn kill_9_after_confirmed_answers_leaves_a_valid_file_with_all_of_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = file_with(
        dir.path(),
        "DE",
        &["DE-SA-A-1", "DE-SA-B-1", "DE-SA-A-2", "DE-SA-B-2", "DE-SA-A-3"],
    );
    let mut tty = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "DE"]);
    tty.wait_for(&question("DE-SA-A-1", 13, 18));
    tty.send("n"); // no
    tty.wait_for(&question("DE-SA-B-1", 14, 18));
    tty.send("m"); // mostly
    // The next screen shows the answer is confirmed: it is saved before the screen is drawn.
    tty.wait_for(&question("DE-SA-A-2", 15, 18));
    tty.kill(Signal::SIGKILL);
    assert!(matches!(
        tty.session.get_process().wait(),
        Ok(WaitStatus::Signaled(_, Signal::SIGKILL, _))
    ));
    let saved = load(&file);
    assert_eq!(saved.word("DE-SA-A-1"), Some(Word::No));
    assert_eq!(saved.word("DE-SA-B-1"), Some(Word::Mostly));
    assert_eq!(words(&saved).len(), 15);
    assert_eq!(saved.metadata.organization.as_deref(), Some("Acme Corp"));

    // Killed while an answer is being saved: the file is the old one or the new one.
    let mut tty = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "DE"]);
    tty.wait_for(&question("DE-SA-A-2", 15, 18));
    tty.send("y");
    tty.kill(Signal::SIGKILL);
    let _ = tty.session.get_process().wait();
    let saved = load(&file);
    assert!((15..=16).contains(&words(&saved).len()));
    assert_eq!(saved.word("DE-SA-B-1"), Some(Word::Mostly));
}

#[test]
fn sigterm_at_a_prompt_restores_the_terminal_and_exits_130() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = file_with(dir.path(), "OP", &["OP-OM-A-3", "OP-OM-B-3"]);
    let before = std::fs::read_to_string(&file).expect("read");
    let mut tty = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "OP"]);
    tty.wait_for(&question("OP-OM-A-3", 16, 18));
    tty.send("y");
    tty.wait_for(&question("OP-OM-B-3", 17, 18));
    tty.wait_for("[d] domain…");
    tty.kill(Signal::SIGTERM);
    tty.wait_for("Continue with: aima assess acme.yaml --domain OP");
    assert_eq!(tty.exit_code(), 130);
    assert!(
        tty.screen()
            .contains("Interrupted. Saved in acme.yaml: 17 of 18 questions answered (domain OP).")
    );
    assert!(tty.cursor_visible(), "the cursor is shown again");
    assert!(
        tty.line_mode(),
        "the terminal is back in line mode, out of the prompt's raw mode"
    );
    let saved = load(&file);
    assert_eq!(words(&saved).len(), 17);
    assert_ne!(std::fs::read_to_string(&file).expect("read"), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["acme.yaml"], "the lock file is removed on the way out");
}

impl Tty {
    /// Resizes the terminal (the program gets SIGWINCH) and the screen parser with it.
    fn resize(&mut self, columns: u16, rows: u16) {
        self.session
            .get_process_mut()
            .set_window_size(columns, rows)
            .expect("resize the terminal");
        let size = |n: u16| NonZeroU16::new(n).expect("not zero");
        self.parser.set_size(size(rows), size(columns));
    }
}

/// The lines of the screen that hold text, trailing spaces removed.
fn screen_lines(screen: &str) -> Vec<String> {
    screen.lines().map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn letter_keys_answer_at_once_and_the_menu_jumps_to_a_domain() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Lower-case domain codes are the codes in capitals.
    let mut tty = Tty::spawn(dir.path(), &["assess", "gv.yaml", "--domain", "gv"]);
    tty.wait_for("Organization (optional)");
    tty.send("Acme Corp\r");
    tty.wait_for("Scope: the AI system");
    tty.send(ENTER);
    tty.wait_for("System id:");
    tty.send(ENTER);
    tty.wait_for("Team filling this file");
    tty.send(ENTER);
    tty.wait_for("Assessor (optional)");
    tty.send(ENTER);
    tty.wait_for("Date (YYYY-MM-DD)");
    tty.send(ENTER);
    tty.wait_for(&question("GV-SM-A-1", 0, 18));
    // One key each, no Enter: yes, mostly, partly, no.
    for (key, next) in [
        ("y", "GV-SM-B-1"),
        ("m", "GV-SM-A-2"),
        ("p", "GV-SM-B-2"),
        ("n", "GV-SM-A-3"),
    ] {
        tty.send(key);
        tty.wait_for(next);
    }
    tty.send("a");
    tty.wait_for("Why does it not apply?");
    tty.send("No AI strategy at this level\r");
    tty.wait_for(&question("GV-SM-B-3", 5, 18));
    tty.send("s"); // skip
    tty.wait_for(&question("GV-PC-A-1", 5, 18));
    tty.send("b"); // back to the skipped one
    tty.wait_for(&question("GV-SM-B-3", 5, 18));
    tty.send("e");
    tty.wait_for("Evidence: a link or a document");
    tty.send("https://wiki.example/ai-strategy\r");
    tty.wait_for("Evidence added (1 item); now pick the answer.");
    // The cursor starts on skip (no answer yet); up wraps round from the first entry to the
    // last: go to a domain.
    tty.send(&format!("{UP}{UP}{UP}{UP}{UP}{UP}{ENTER}"));
    tty.wait_for("Go to domain");
    tty.send("op\r");
    tty.wait_for(&question("OP-IM-A-1", 5, 36));
    tty.send("q"); // save and quit
    tty.wait_for("Continue with: aima assess gv.yaml --domain GV,OP");
    assert_eq!(tty.exit_code(), 0);

    assert_letter_keys_saved(dir.path());
}

/// What the letter keys saved: the five answers, the reason, the evidence, no lock left.
fn assert_letter_keys_saved(dir: &Path) {
    let saved = load(&dir.join("gv.yaml"));
    assert_eq!(
        words(&saved),
        BTreeMap::from([
            ("GV-SM-A-1".to_string(), Word::Yes),
            ("GV-SM-B-1".to_string(), Word::Mostly),
            ("GV-SM-A-2".to_string(), Word::Partly),
            ("GV-SM-B-2".to_string(), Word::No),
            ("GV-SM-A-3".to_string(), Word::Na),
        ])
    );
    assert_eq!(
        saved.answers["GV-SM-A-3"].reason.as_deref(),
        Some("No AI strategy at this level")
    );
    assert_eq!(
        saved.answers["GV-SM-B-3"],
        Answer {
            evidence: vec!["https://wiki.example/ai-strategy".into()],
            ..Answer::default()
        }
    );
    let names: Vec<_> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["gv.yaml"], "no lock or temporary file is left");
}

/// OLD: GV answered, with a note and evidence on the first question.
fn old_assessment(dir: &Path) -> PathBuf {
    let mut old = Assessment::new(model());
    old.metadata.organization = Some("Acme Corp".to_string());
    old.metadata.assessor = Some("J. Doe".to_string());
    old.metadata.date = Date::parse("2026-05-04");
    old.targets.default = Some(2);
    for q in model().questions().filter(|q| q.domain.id == "GV") {
        old.answers.insert(q.question.id.clone(), Answer::word(Word::Yes));
    }
    old.answers.insert(
        "GV-SM-A-1".to_string(),
        Answer {
            word: Some(Word::Mostly),
            note: Some("Strategy drafted, board sign-off pending".to_string()),
            evidence: vec!["https://wiki.example/ai-strategy".into()],
            reason: None,
        },
    );
    let path = dir.join("old.yaml");
    let text = answers_file(model(), &old, Kind::Assessment, &|d| d.id == "GV");
    std::fs::write(&path, text).expect("write OLD");
    path
}

#[test]
fn a_reassessment_starts_from_the_old_answers_at_80_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    old_assessment(dir.path());
    let mut tty = Tty::spawn(
        dir.path(),
        &["assess", "new.yaml", "--from", "old.yaml", "--domain", "GV"],
    );
    tty.wait_for("Re-assessment: new.yaml, starting from the previous assessment");
    tty.wait_for("Assessor (optional)");
    // The old assessor is typed in already: replace it, once the prompt shows it and
    // reads keys (a key sent earlier would reach the line discipline, not the prompt).
    tty.wait_for("J. Doe");
    std::thread::sleep(std::time::Duration::from_millis(300));
    tty.send(&"\x7f".repeat("J. Doe".len()));
    tty.send("A. Smith\r");
    tty.wait_for("Date (YYYY-MM-DD)");
    tty.send(ENTER); // today
    tty.wait_for(&question("GV-SM-A-1", 0, 18));
    tty.wait_for("[d] domain…");
    let screen = tty.screen();
    insta::assert_snapshot!("pty_reassessment_screen", screen);
    for line in screen_lines(&screen) {
        assert!(line.chars().count() <= 80, "{line}");
    }
    // The cursor is on the old answer: Enter keeps it, note and evidence with it.
    tty.send(ENTER);
    tty.wait_for(&question("GV-SM-B-1", 1, 18));
    assert!(tty.screen().contains("❯ [y] yes  ← last assessment"));
    tty.send("p"); // changed
    tty.wait_for(&question("GV-SM-A-2", 2, 18));
    tty.send("q");
    tty.wait_for("Continue with: aima assess new.yaml --from old.yaml --domain GV");
    assert_eq!(tty.exit_code(), 0);

    let saved = load(&dir.path().join("new.yaml"));
    assert_eq!(saved.metadata.organization.as_deref(), Some("Acme Corp"));
    assert_eq!(saved.metadata.assessor.as_deref(), Some("A. Smith"));
    assert_eq!(saved.metadata.date, Some(Date::today()));
    assert_eq!(saved.targets.default, Some(2));
    assert_eq!(
        saved.answers["GV-SM-A-1"],
        Answer {
            word: Some(Word::Mostly),
            note: Some("Strategy drafted, board sign-off pending".to_string()),
            evidence: vec!["https://wiki.example/ai-strategy".into()],
            reason: None,
        }
    );
    assert_eq!(
        words(&saved),
        BTreeMap::from([
            ("GV-SM-A-1".to_string(), Word::Mostly),
            ("GV-SM-B-1".to_string(), Word::Partly),
        ])
    );
}

#[test]
fn a_second_interview_on_the_same_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    file_with(dir.path(), "GV", &["GV-EG-B-3"]);
    let mut first = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "GV"]);
    first.wait_for(&question("GV-EG-B-3", 17, 18));
    let mut second = Tty::spawn(dir.path(), &["assess", "acme.yaml"]);
    second.wait_for("error: acme.yaml is open in another `aima assess`");
    assert_eq!(second.exit_code(), 2);
    // The first goes on undisturbed.
    first.send("y");
    first.wait_for("Saved in acme.yaml: all 18 questions answered (domain GV).");
    assert_eq!(first.exit_code(), 0);
    // Once it has ended, the file is free again.
    let mut third = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "GV", "--review"]);
    third.wait_for(&question("GV-SM-A-1", 18, 18));
    third.send("q");
    assert_eq!(third.exit_code(), 0);
}

#[test]
fn an_edit_made_in_an_editor_between_two_answers_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = file_with(dir.path(), "GV", &["GV-EG-A-3", "GV-EG-B-3"]);
    let mut tty = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "GV"]);
    tty.wait_for(&question("GV-EG-A-3", 16, 18));
    // Meanwhile, in an editor: a comment and a changed answer elsewhere.
    let text = std::fs::read_to_string(&file).expect("read");
    let edited = text.replace(
        "  GV-SM-A-1: yes\n",
        "  GV-SM-A-1: no  # the strategy was withdrawn\n",
    );
    assert_ne!(edited, text);
    std::fs::write(&file, &edited).expect("edit");
    tty.send("m");
    tty.wait_for("acme.yaml was changed on disk: those changes are kept.");
    tty.send("y");
    tty.wait_for("Saved in acme.yaml: all 18 questions answered (domain GV).");
    assert_eq!(tty.exit_code(), 0);
    let after = std::fs::read_to_string(&file).expect("read");
    assert!(
        after.contains("  GV-SM-A-1: no  # the strategy was withdrawn\n"),
        "{after}"
    );
    let saved = load(&file);
    assert_eq!(saved.word("GV-SM-A-1"), Some(Word::No));
    assert_eq!(saved.word("GV-EG-A-3"), Some(Word::Mostly));
    assert_eq!(saved.word("GV-EG-B-3"), Some(Word::Yes));
}

#[test]
fn a_terminal_of_two_rows_or_resized_at_a_prompt_is_no_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = file_with(dir.path(), "PR", &["PR-UC-A-3", "PR-UC-B-3"]);
    let mut tty = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "PR"]);
    tty.wait_for(&question("PR-UC-A-3", 16, 18));
    tty.resize(30, 2);
    tty.send(DOWN);
    tty.resize(80, 1);
    tty.send(DOWN);
    // A line of text at one row, resized while it is typed.
    tty.send("c");
    tty.send("tiny ");
    tty.resize(20, 2);
    tty.send("screen\r");
    tty.resize(12, 24);
    tty.send("n");
    tty.resize(80, 24);
    tty.send("y"); // yes on the last question
    tty.wait_for("Write the report");
    assert_eq!(tty.exit_code(), 0);
    let saved = load(&file);
    assert_eq!(saved.word("PR-UC-A-3"), Some(Word::No));
    assert_eq!(saved.answers["PR-UC-A-3"].note.as_deref(), Some("tiny screen"));
    assert_eq!(saved.word("PR-UC-B-3"), Some(Word::Yes));
}

#[test]
fn reopen_sets_a_final_file_back_to_draft_keeping_its_sign_offs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = file_with(dir.path(), "GV", &["GV-EG-B-3"]);
    let text = std::fs::read_to_string(&file).expect("read");
    let signed = text.replacen(
        "assessment:\n",
        "assessment:\n  status: final  # approved\n  sign_off:\n    - {by: A. Lee, role: approver, date: 2099-01-01}\n",
        1,
    );
    std::fs::write(&file, signed).expect("write");
    let mut tty = Tty::spawn(dir.path(), &["assess", "acme.yaml", "--domain", "GV", "--reopen"]);
    tty.wait_for(&question("GV-EG-B-3", 17, 18));
    tty.send("q");
    tty.wait_for("Continue with");
    assert_eq!(tty.exit_code(), 0);
    let reopened = std::fs::read_to_string(&file).expect("read");
    assert!(
        reopened.contains("  status: draft  # approved\n  superseded:\n    - {by: A. Lee, role: approver, date: 2099-01-01}\n"),
        "{reopened}"
    );
    let saved = load(&file);
    assert_eq!(saved.metadata.sign_off.len(), 0);
    assert_eq!(saved.metadata.superseded.len(), 1);
}
