//! The CI gate over the record (docs/record.md): `check --all`, `check --baseline REV` read
//! through `git` from a real repository with two commits, `--no-new-gaps`, and
//! `check --format junit` read back by a JUnit parser.

use std::path::Path;
use std::process::Command;

use crate::common::{aima, stderr, stdout};

const HEAD: &str = "aima: 1\nmodel: owasp-aima@1.0\n";

fn file(system: &str, answers: &[&str]) -> String {
    let mut out =
        format!("{HEAD}assessment:\n  system: {system}\n  date: 2026-11-20\n  round: 2026-H2\nanswers:\n");
    for a in answers {
        out.push_str(&format!("  {a}\n"));
    }
    out
}

const GOOD: [&str; 4] = [
    "GV-PC-A-1: yes",
    "GV-PC-B-1: yes",
    "DM-QI-A-1: yes",
    "DM-QI-B-1: yes",
];

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "-c",
            "user.name=CI",
            "-c",
            "user.email=ci@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

fn config(cv_target: u8) -> String {
    format!(
        "[portfolio]\npaths = [\"assessments\"]\n\n[systems.bot]\ntargets = {{ GV-PC = 2, DM-QI = 1 }}\n\n\
         [systems.fraud]\ntargets = {{ GV-PC = 2, DM-QI = 1 }}\n\n[systems.cv]\ntargets = {{ GV-PC = {cv_target}, DM-QI = 1 }}\n"
    )
}

/// Three systems in a git repository. The first commit: each has an old gap (GV-PC below its
/// target 2) but cv (target 1, met). The second: bot's DM-QI regresses below its target, and
/// cv's target for GV-PC is raised to 2 (a new gap, no regression).
fn office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(root, "aima.toml", &config(1));
    for system in ["bot", "fraud", "cv"] {
        write(
            root,
            &format!("assessments/{system}/2026-H2.yaml"),
            &file(system, &GOOD),
        );
    }
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first round"]);
    let mut lowered = GOOD;
    lowered[2] = "DM-QI-A-1: no";
    write(root, "assessments/bot/2026-H2.yaml", &file("bot", &lowered));
    write(root, "aima.toml", &config(2));
    git(
        root,
        &["commit", "-q", "-am", "bot regresses; cv's target raised"],
    );
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = aima().current_dir(dir).args(args).output().expect("runs");
    (stdout(&out), stderr(&out), out.status.code().unwrap_or(-1))
}

fn failed_lines(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.starts_with("failed:")).collect()
}

#[test]
fn check_all_gates_every_system_and_names_each_failure() {
    let dir = office();
    let (out, err, code) = run_in(dir.path(), &["check", "--all"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        failed_lines(&err),
        [
            "failed: bot 2026-H2: 2 practices below target (GV-PC, DM-QI)",
            "failed: cv 2026-H2: 1 practice below target (GV-PC)",
            "failed: fraud 2026-H2: 1 practice below target (GV-PC)",
        ]
    );
    assert!(out.starts_with("bot 2026-H2:\n"), "{out}");
    assert!(err.starts_with("note: using aima.toml\n"), "{err}");
}

#[test]
fn a_baseline_passes_old_gaps_and_fails_regressions() {
    let dir = office();
    let (_, err, code) = run_in(dir.path(), &["check", "--all", "--baseline", "HEAD~1"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        failed_lines(&err),
        ["failed: bot 2026-H2: 1 practice below target (DM-QI)"]
    );
    assert!(
        err.contains(
            "system `fraud`: note: --baseline HEAD~1: 1 practice below target that did not regress since then passes: GV-PC"
        ),
        "{err}"
    );
    // From another working directory, the same targets (aima.toml found from the files).
    let (_, other, code) = run_in(
        dir.path().join("assessments").as_path(),
        &["check", "--all", "--baseline", "HEAD~1", "."],
    );
    assert_eq!(code, 1, "{other}");
    assert_eq!(failed_lines(&other), failed_lines(&err));
    // --no-new-gaps: cv's gap is new (its target was raised), so it fails too.
    let (_, err, code) = run_in(
        dir.path(),
        &["check", "--all", "--baseline", "HEAD~1", "--no-new-gaps"],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        failed_lines(&err),
        [
            "failed: bot 2026-H2: 1 practice below target (DM-QI)",
            "failed: cv 2026-H2: 1 practice below target (GV-PC)",
        ]
    );
    // One system, by its files: fraud only has an old gap, and the verdict counts it.
    let (out, err, code) = run_in(
        dir.path(),
        &["check", "assessments/fraud/2026-H2.yaml", "--baseline", "HEAD~1"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "passed: 1 practice with a target meets it; 1 below it did not regress since the baseline.\n"
        ),
        "{out}"
    );
    let (_, err, code) = run_in(dir.path(), &["check", "--system", "bot", "--baseline", "HEAD"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_baseline_that_is_not_a_revision_or_outside_a_repository_is_an_error() {
    let dir = office();
    let (out, err, code) = run_in(dir.path(), &["check", "--all", "--baseline", "no-such-rev"]);
    assert_eq!((out.as_str(), code), ("", 2));
    let root = std::fs::canonicalize(dir.path()).expect("root");
    assert_eq!(
        err,
        format!(
            "error: --baseline no-such-rev: not a revision of the git repository {}\n",
            root.display()
        )
    );
    let (_, err, code) = run_in(dir.path(), &["check", "--all", "--baseline", "HEAD~1 x"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --baseline HEAD~1 x: not a git revision (e.g. HEAD~1, main, a commit id)\n"
    );
    let outside = tempfile::tempdir().expect("temp dir");
    write(outside.path(), "a.yaml", &file("bot", &GOOD));
    let (_, err, code) = run_in(
        outside.path(),
        &["check", "a.yaml", "--target", "1", "--baseline", "HEAD"],
    );
    assert_eq!(code, 2);
    let folder = std::fs::canonicalize(outside.path()).expect("folder");
    assert_eq!(
        err,
        format!(
            "error: --baseline HEAD: {} is not inside a git repository (no folder with .git above it)\n",
            folder.display()
        )
    );
}

#[test]
fn junit_output_loads_in_a_junit_parser() {
    use quick_junit::{NonSuccessKind, Report, TestCaseStatus};
    let dir = office();
    let (out, err, code) = run_in(dir.path(), &["check", "--all", "--format", "junit"]);
    assert_eq!(code, 1, "{err}");
    let report = Report::deserialize_from_str(&out).expect("JUnit XML");
    let suites: Vec<(&str, usize)> = report
        .test_suites
        .iter()
        .map(|s| (s.name.as_str(), s.test_cases.len()))
        .collect();
    assert_eq!(
        suites,
        [("bot 2026-H2", 2), ("cv 2026-H2", 2), ("fraud 2026-H2", 2)]
    );
    assert_eq!((report.tests, report.failures), (6, 4));
    let bot = &report.test_suites[0];
    let dm = bot
        .test_cases
        .iter()
        .find(|c| c.name.as_str().starts_with("DM-QI"))
        .expect("DM-QI");
    match &dm.status {
        TestCaseStatus::NonSuccess {
            kind: NonSuccessKind::Failure,
            message,
            description,
            ..
        } => {
            assert_eq!(
                message.as_ref().map(|m| m.as_str()),
                Some("DM-QI is at level 0+, below its target 1 (gap 1)")
            );
            assert!(description.as_ref().expect("text").as_str().contains("DM-QI-A-1"));
        }
        other => panic!("DM-QI should fail: {other:?}"),
    }
    // One assessment: one suite; with a baseline, its old gap passes.
    let (out, err, code) = run_in(
        dir.path(),
        &[
            "check",
            "--system",
            "fraud",
            "--format",
            "junit",
            "--baseline",
            "HEAD~1",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let report = Report::deserialize_from_str(&out).expect("JUnit XML");
    let suites: Vec<(&str, usize)> = report
        .test_suites
        .iter()
        .map(|s| (s.name.as_str(), s.test_cases.len()))
        .collect();
    assert_eq!(suites, [("fraud 2026-H2", 2)]);
    assert_eq!(report.failures, 0);
}

#[test]
fn init_writes_the_layout_and_never_overwrites_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), ".gitignore", "target/");
    write(dir.path(), "CODEOWNERS", "* @me\n");
    let out = aima()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1795305600") // 2026-11-22
        .args(["init"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "wrote aima.toml\nwrote assessments/example/2026-H2.yaml\nwrote .gitignore (lock-file line added)\n\
         wrote .github/workflows/aima.yml\nwrote .gitlab-ci.yml\n"
    );
    assert!(stderr(&out).starts_with("note: kept CODEOWNERS: aima init never overwrites a file\n"));
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("read");
    assert_eq!(read("CODEOWNERS"), "* @me\n");
    assert!(read(".gitignore").starts_with("target/\n# aima: the interview's lock files"));
    assert!(read("assessments/example/2026-H2.yaml").contains("  round: 2026-H2\n  date: 2026-11-22\n"));
    let again = aima()
        .current_dir(dir.path())
        .args(["init"])
        .output()
        .expect("runs");
    assert_eq!((again.status.code(), stdout(&again).as_str()), (Some(0), ""));
}

/// `diff --baseline REV FILE...` compares the files as they were at REV with now; with
/// `--system ID`, that system's latest round. A regression fails `--fail-on-regression`.
#[test]
fn diff_against_a_baseline_shows_what_changed_since_the_revision() {
    let dir = office();
    let (out, err, code) = run_in(
        dir.path(),
        &[
            "diff",
            "--baseline",
            "HEAD~1",
            "assessments/bot/2026-H2.yaml",
            "--format",
            "json",
            "--fail-on-regression",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("regression: DM-QI (--fail-on-regression)"), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let dm_qi = doc["practices"]
        .as_array()
        .expect("practices")
        .iter()
        .find(|p| p["id"] == "DM-QI")
        .expect("DM-QI");
    assert_eq!(dm_qi["status"], "regressed", "{dm_qi}");
    // The same by system; and against HEAD nothing changed.
    let (by_system, _, code) = run_in(
        dir.path(),
        &[
            "diff",
            "--baseline",
            "HEAD~1",
            "--system",
            "bot",
            "--format",
            "json",
        ],
    );
    assert_eq!((code, by_system), (0, out));
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "diff",
            "--baseline",
            "HEAD",
            "--system",
            "fraud",
            "--fail-on-regression",
        ],
    );
    assert_eq!(code, 0, "{err}");
    diff_baseline_errors(dir.path());
}

/// A file that did not exist at the revision, alone: an error; a bad revision too.
fn diff_baseline_errors(root: &Path) {
    write(root, "assessments/new/2026-H2.yaml", &file("new", &GOOD));
    let (out, err, code) = run_in(
        root,
        &["diff", "--baseline", "HEAD", "assessments/new/2026-H2.yaml"],
    );
    assert_eq!((out.as_str(), code), ("", 2), "{err}");
    assert_eq!(
        err,
        "error: --baseline HEAD: none of the files existed at that revision\n"
    );
    let (_, err, code) = run_in(root, &["diff", "--baseline", "nope~9", "assessments/bot"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: --baseline nope~9: "), "{err}");
}

/// `check --all` gates each single-file round from the record it read (no second read);
/// what it prints for each system is what `check --system` prints, which reads the file.
#[test]
fn check_all_says_for_each_system_what_check_of_that_system_says() {
    let dir = office();
    let (all, _, _) = run_in(dir.path(), &["check", "--all"]);
    // The output is `SYSTEM ROUND:`, the system's check, a blank line; in system order.
    let mut rest = all.as_str();
    for system in ["bot", "cv", "fraud"] {
        let (one, err, _) = run_in(dir.path(), &["check", "--system", system]);
        let heading = format!("{system} 2026-H2:\n");
        rest = rest
            .strip_prefix(&heading)
            .unwrap_or_else(|| panic!("{system}: {rest}"));
        let expected = format!("{one}\n");
        assert!(rest.starts_with(&expected), "{system}: {rest:?} vs {one:?} {err}");
        rest = &rest[expected.len()..];
    }
    assert_eq!(rest, "");
}
