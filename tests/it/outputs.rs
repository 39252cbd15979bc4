//! An output never replaces an input (docs/security.md, "Outputs never replace inputs"):
//! compared by file identity with every file read, folder members included, and with every
//! file a command writes (report's OUT.svg, portfolio's and trend's chart).

use std::path::Path;

use crate::common;

const ONE: &str =
    "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-01\nanswers:\n  RA-EV-A-1: yes\n";
const TWO: &str =
    "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-02\nanswers:\n  GV-PC-A-1: no\n";

/// `aima ARGS` run in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = common::aima()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795910400")
        .args(args)
        .output()
        .expect("aima runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().expect("exit code"),
    )
}

/// A folder with `teams/data.yaml`, `tree/bot/a.yaml`, `tree/bot/b.yaml`, `y.svg` (an
/// answers file named like a chart) and `two.yaml`.
fn files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in [
        ("teams/data.yaml", ONE),
        ("tree/bot/a.yaml", ONE),
        ("tree/bot/b.yaml", TWO),
        ("y.svg", ONE),
        ("two.yaml", TWO),
    ] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if entry.file_type().expect("type").is_dir() {
                todo.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                out.push((path.display().to_string(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// `args` run in `dir` end with the one error line `message`, exit 2, and no file changed
/// or added.
fn refused(dir: &Path, args: &[&str], message: &str) {
    let before = snapshot(dir);
    let (stdout, stderr, code) = run_in(dir, args);
    assert_eq!(stderr, format!("error: {message}\n"), "{args:?}");
    assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}");
    assert_eq!(snapshot(dir), before, "{args:?}: nothing written");
}

#[cfg(unix)]
fn link(dir: &Path, target: &str, name: &str) {
    std::os::unix::fs::symlink(dir.join(target), dir.join(name)).expect("symlink");
}

#[test]
fn report_never_replaces_a_member_of_a_folder_or_an_input_by_its_chart() {
    let dir = files();
    let d = dir.path();
    refused(
        d,
        &["report", "teams", "-o", "teams/data.yaml"],
        "-o teams/data.yaml: writing teams/data.yaml would overwrite the answers file teams/data.yaml",
    );
    refused(
        d,
        &["report", "y.svg", "-o", "y.md"],
        "-o y.md: writing y.svg would overwrite the answers file y.svg",
    );
    std::fs::hard_link(d.join("two.yaml"), d.join("hard.svg")).expect("hard link");
    refused(
        d,
        &["report", "two.yaml", "-o", "hard.md"],
        "-o hard.md: writing hard.svg would overwrite the answers file two.yaml",
    );
}

#[cfg(unix)]
#[test]
fn portfolio_and_trend_never_replace_a_file_of_their_trees() {
    let dir = files();
    let d = dir.path();
    refused(
        d,
        &["portfolio", "tree", "-o", "tree/bot/a.yaml"],
        "-o tree/bot/a.yaml: writing tree/bot/a.yaml would overwrite the answers file tree/bot/a.yaml",
    );
    link(d, "tree/bot/b.yaml", "p.svg");
    refused(
        d,
        &["portfolio", "tree", "-o", "p.md"],
        "-o p.md: writing p.svg would overwrite the answers file tree/bot/b.yaml",
    );
    refused(
        d,
        &["trend", "tree", "-o", "tree/bot/b.yaml"],
        "-o tree/bot/b.yaml: writing tree/bot/b.yaml would overwrite the answers file tree/bot/b.yaml",
    );
    refused(
        d,
        &["trend", "y.svg", "-o", "y.md"],
        "-o y.md: writing y.svg would overwrite the answers file y.svg",
    );
}

#[test]
fn export_import_and_merge_never_replace_an_input() {
    let dir = files();
    let d = dir.path();
    for to in ["csv", "toolkit"] {
        refused(
            d,
            &["export", "teams", "--to", to, "-o", "teams/data.yaml"],
            "-o teams/data.yaml: that is an answers file being read; write the export elsewhere",
        );
    }
    let (_, stderr, code) = run_in(d, &["export", "two.yaml", "--to", "toolkit", "-o", "book.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::hard_link(d.join("book.xlsx"), d.join("again.xlsx")).expect("hard link");
    refused(
        d,
        &["import", "book.xlsx", "-o", "again.xlsx"],
        "-o again.xlsx: that is the file being imported; write the answers file elsewhere",
    );
    std::fs::hard_link(d.join("two.yaml"), d.join("merged.yaml")).expect("hard link");
    refused(
        d,
        &["merge", "teams", "two.yaml", "-o", "merged.yaml"],
        "-o merged.yaml: that is one of the files being merged; write the merged file elsewhere",
    );
}
