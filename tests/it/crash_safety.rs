//! Crash safety of saving: a writer process applies answers one by one, saving the whole
//! file after each with `save::write_atomic` + `answers::write::answers_file` (what the
//! interview does), and says on stdout which answers are saved. It is killed with SIGKILL
//! at random points, 100 times, resuming from the file each time. After every kill the file
//! must load with `answers::load` and hold every answer confirmed before the kill.
//!
//! The writer is this test binary run again with `AIMA_CRASH_WRITER` set (see
//! [`crash_writer_process`]), so no subcommand or extra binary is needed.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use aima::answers::write::{Kind, answers_file};
use aima::answers::{self, Answer, Assessment, Date, Word};
use aima::model::Model;

const WRITER_ENV: &str = "AIMA_CRASH_WRITER";
const START_ENV: &str = "AIMA_CRASH_START";
const KILLS: usize = 100;
/// The writer stops by itself after this many answers, should a kill never come.
const MAX_STEPS_PER_RUN: usize = 60;

/// Step `k` answers question `k mod 144` with a word, and sometimes a note, evidence or
/// an `na` reason, all depending on `k`, so later rounds change earlier answers.
fn step(model: &Model, k: usize) -> (String, Answer) {
    let question = model
        .questions()
        .nth(k % model.question_count())
        .expect("question");
    let word = Word::ALL[(k * 7 + k / 144) % Word::ALL.len()];
    let mut answer = Answer::word(word);
    if word == Word::Na {
        answer.reason = Some(format!("step {k}: does not apply"));
    }
    if k.is_multiple_of(3) {
        answer.note = Some(format!(
            "note of step {k}: \"quoted\" # not a comment\nsecond line"
        ));
    }
    if k.is_multiple_of(4) {
        answer.evidence = vec![
            format!("https://evidence.example/{k}").into(),
            "docs/policy.pdf".into(),
        ];
    }
    (question.question.id.clone(), answer)
}

fn base(model: &Model) -> Assessment {
    let mut assessment = Assessment::new(model);
    assessment.metadata.organization = Some("Acme Corp".to_string());
    assessment.metadata.date = Date::parse("2026-11-20");
    assessment
}

/// The assessment after steps `0..=k`.
fn state(model: &Model, k: usize) -> Assessment {
    let mut assessment = base(model);
    for i in 0..=k {
        let (code, answer) = step(model, i);
        assessment.answers.insert(code, answer);
    }
    assessment
}

/// What a file means, whatever it was read from and however blank entries are written.
fn normalized(mut assessment: Assessment) -> Assessment {
    assessment.sources.clear();
    assessment.answers.retain(|_, a| *a != Answer::default());
    assessment
}

/// The writer process: resumes the file, then saves after every answer and confirms it.
#[test]
fn crash_writer_process() {
    let Ok(path) = std::env::var(WRITER_ENV) else {
        return; // Only runs as the child of `saved_answers_survive_sigkill`.
    };
    let path = PathBuf::from(path);
    let start: usize = std::env::var(START_ENV)
        .expect("start step")
        .parse()
        .expect("number");
    let model = common::model();
    let mut assessment = if path.exists() {
        answers::load(model, std::slice::from_ref(&path)).expect("the saved file loads")
    } else {
        base(model)
    };
    let mut out = std::io::stdout().lock();
    for k in start..start + MAX_STEPS_PER_RUN {
        let (code, answer) = step(model, k);
        assessment.answers.insert(code, answer);
        let text = answers_file(model, &assessment, Kind::Assessment, &|_| true);
        aima::base::save::write_atomic(&path, text.as_bytes()).expect("save");
        writeln!(out, "confirmed {k}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}

/// A small xorshift generator: enough randomness for kill points, no extra crate.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Starts the writer at step `start`; returns it and a channel of its confirmed steps.
fn start_writer(file: &Path, start: usize) -> (std::process::Child, mpsc::Receiver<usize>) {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "crash_safety::crash_writer_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_ENV, file)
        .env(START_ENV, start.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("writer starts");
    let stdout = child.stdout.take().expect("stdout");
    let (send, confirmed) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(k) = line.strip_prefix("confirmed ") {
                let _ = send.send(k.parse::<usize>().expect("step number"));
            }
        }
    });
    (child, confirmed)
}

#[test]
fn saved_answers_survive_sigkill() {
    let model = common::model();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("assessment.yaml");
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut rng = Rng(seed);
    let began = Instant::now();
    let mut last: Option<usize> = None;
    for kill in 0..KILLS {
        let start = last.map_or(0, |k| k + 1);
        let (mut child, confirmed) = start_writer(&file, start);
        // Wait for a random number of confirmations (none included), then a random
        // moment more, so kills land in every phase of a save.
        let wait_for = rng.below(12) as usize;
        let mut seen = 0;
        while seen < wait_for {
            match confirmed.recv_timeout(Duration::from_secs(60)) {
                Ok(k) => {
                    last = Some(k);
                    seen += 1;
                }
                Err(e) => panic!("writer gave no confirmation ({e}); seed {seed}"),
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(3_000)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        // Confirmations printed before the kill count too.
        while let Ok(k) = confirmed.recv_timeout(Duration::from_secs(5)) {
            last = Some(k);
        }
        let context = format!("kill {kill}, last confirmed step {last:?}, seed {seed}");
        check_after_kill(model, &file, last, &context);
    }
    assert!(
        last.is_some_and(|k| k > 50),
        "too few answers were saved: {last:?}"
    );
    // A kill between creating the temporary file and renaming it leaves the temporary
    // behind (nothing can remove it); it never replaces or damages the answers file.
    let leftovers = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".aima-tmp"))
        .count();
    eprintln!(
        "{KILLS} kills in {:.1} s, {} answers saved, {leftovers} temporary files left by kills (seed {seed})",
        began.elapsed().as_secs_f64(),
        last.map_or(0, |k| k + 1)
    );
}

/// After a kill: every confirmed answer is in the file; the save after the last confirmation
/// may have landed before the kill, so one step more is allowed. Nothing confirmed yet: the
/// file is either absent or holds step 0.
fn check_after_kill(model: &aima::model::Model, file: &Path, last: Option<usize>, context: &str) {
    if last.is_none() && !file.exists() {
        return;
    }
    let loaded = answers::load(model, std::slice::from_ref(&file.to_path_buf()))
        .unwrap_or_else(|p| panic!("{context}: the file does not load: {p}"));
    let loaded = normalized(loaded);
    let k = last.unwrap_or(0);
    let next = if last.is_some() { k + 1 } else { 0 };
    assert!(
        loaded == state(model, k) || loaded == state(model, next),
        "{context}: the file lost or garbled confirmed answers"
    );
}
