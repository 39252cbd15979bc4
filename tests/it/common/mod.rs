//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod toolkit_book;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aima::answers::{Assessment, Date, Word};
use aima::interview::Choice;
use aima::interview::scripted::Step;

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository.
pub fn repo_file(relative: &str) -> PathBuf {
    repo().join(relative)
}

/// The path of the `aima` binary built for the tests (for tests that spawn it their own way,
/// in a pseudo-terminal or under `sh`).
pub fn aima_path() -> &'static str {
    env!("CARGO_BIN_EXE_aima")
}

/// The `aima` binary, run from the repository root (so relative example paths work).
pub fn aima() -> Command {
    let mut cmd = Command::new(aima_path());
    cmd.current_dir(repo());
    cmd
}

/// Runs `aima` with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    aima().args(args).output().expect("aima runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `files` (relative name, contents; folders made as needed) into a new temporary
/// directory.
pub fn temp_files(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("fixture folder");
        }
        std::fs::write(path, text).expect("write fixture");
    }
    dir
}

/// Whether updating committed generated files was asked for (`AIMA_BLESS=1`).
pub fn bless() -> bool {
    std::env::var_os("AIMA_BLESS").is_some()
}

/// Runs `aima` with `args`: (stdout, stderr, exit code), both streams as UTF-8.
pub fn captured(args: &[&str]) -> (String, String, i32) {
    let out = run(args);
    (
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
        out.status.code().expect("exit code"),
    )
}

/// A copy of the embedded model's directory as version 0.9, in which practice DM-DT was
/// still called DM-DX (so its question codes differ).
pub fn older_model(dir: &Path) -> PathBuf {
    let src = repo_file("domains");
    let dst = dir.join("model-0.9");
    std::fs::create_dir(&dst).expect("mkdir");
    for entry in std::fs::read_dir(&src).expect("domains") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text
            .replace("version: \"1.0\"", "version: \"0.9\"")
            .replace("DM-DT", "DM-DX");
        std::fs::write(dst.join(path.file_name().expect("name")), text).expect("write");
    }
    dst
}

/// The embedded model (OWASP AIMA v1.0), as every test that needs one uses it.
pub fn model() -> &'static aima::model::Model {
    aima::embedded::model()
}

/// The context of a run with no global options, the scripted interviews' today and no
/// width (tables as wide as their content).
pub fn context() -> aima::context::Context {
    aima::context::Context::with(aima::context::Globals::default(), today(), None)
}

/// An answers file loaded against the embedded model; panics when it does not load.
pub fn load(path: &Path) -> Assessment {
    aima::answers::load(model(), &[path.to_path_buf()]).expect("the answers file loads")
}

/// The date the scripted interviews take as today.
pub fn today() -> Date {
    Date::parse("2026-11-20").expect("date")
}

/// A scripted step that picks `choice` from the question menu.
pub fn choose(choice: Choice) -> Step {
    Step::Choose(choice)
}

/// A scripted step that answers the question with `word`.
pub fn answer(word: Word) -> Step {
    choose(Choice::Answer(word))
}

/// A scripted step that types `text` at a text prompt.
pub fn typed(text: &str) -> Step {
    Step::Type(text.to_string())
}

/// A new interview's metadata left empty (organization, scope, system, team, assessor) and
/// the `date` typed: the steps of its six prompts.
pub fn blank_metadata(date: &str) -> Vec<Step> {
    let mut steps = vec![typed(""); 5];
    steps.push(typed(date));
    steps
}

/// Runs `aima` with `args` in `dir`, with `SOURCE_DATE_EPOCH` set to `epoch` (the run's
/// today): (stdout, stderr, exit code).
pub fn run_at(dir: &Path, epoch: &str, args: &[&str]) -> (String, String, i32) {
    let out = aima()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(args)
        .output()
        .expect("aima runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}
