//! A model directory with planted errors: every problem is reported at once, each with
//! its file, line and column, and the exit code is 2.

use crate::common;

use std::path::Path;

use common::{aima, repo_file, stderr};

/// A copy of `domains/` in a temporary directory.
fn copy_of_domains() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(repo_file("domains")).expect("domains/") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
}

fn edit(dir: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    let changed = change(text.clone());
    assert_ne!(changed, text, "the planted error must change {file}");
    std::fs::write(&path, changed).expect("write");
}

/// Runs `aima ARGS --model DIR` and returns (exit code, stderr with DIR shown as `COPY`).
fn run_with_model(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = aima()
        .args(args)
        .arg("--model")
        .arg(dir)
        .output()
        .expect("aima runs");
    (
        out.status.code(),
        stderr(&out).replace(&dir.display().to_string(), "COPY"),
    )
}

#[test]
fn the_shipped_model_directory_is_valid() {
    let dir = copy_of_domains();
    let out = aima()
        .args(["validate", "--model"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn four_planted_errors_are_all_reported_with_file_and_line() {
    let dir = copy_of_domains();
    // 1. An unknown key in a practice.
    edit(dir.path(), "01-responsible-ai-principles.yaml", |t| {
        t.replacen("    objectives:\n", "    owner: nobody\n    objectives:\n", 1)
    });
    // 2. A duplicate question code.
    edit(dir.path(), "02-governance.yaml", |t| {
        t.replacen("- id: GV-SM-A-2", "- id: GV-SM-A-1", 1)
    });
    // 3. A missing level 3: drop DM-QI-A-3.
    edit(dir.path(), "03-data-management.yaml", |t| {
        let start = t.find("          - id: DM-QI-A-3").expect("DM-QI-A-3");
        let end = t.find("      - id: DM-QI-B").expect("DM-QI-B");
        format!("{}{}", &t[..start], &t[end..])
    });
    // 4. A question code whose prefix is not its stream's.
    edit(dir.path(), "04-privacy.yaml", |t| {
        t.replacen("- id: PR-PD-B-2", "- id: PR-MP-B-2", 1)
    });

    let (code, err) = run_with_model(dir.path(), &["validate"]);
    assert_eq!(code, Some(2));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error: COPY/01-responsible-ai-principles.yaml:21:5: unknown key `owner` in practice RA-EV; expected `id`, `name`, `aliases`, `description`, `objectives`, `levels` or `streams`",
            "error: COPY/02-governance.yaml:43:17: duplicate question code `GV-SM-A-1` (first defined at COPY/02-governance.yaml:36:17)",
            "error: COPY/03-data-management.yaml:39:11: stream DM-QI-A must have one question at each level 1, 2 and 3; level 3 (DM-QI-A-3) is missing",
            "error: COPY/04-privacy.yaml:152:17: question code `PR-MP-B-2` does not match its parent `PR-PD-B`: it must start with `PR-PD-B-`",
        ]
    );
    // Any command that loads the model reports the same problems and writes nothing.
    let (code, err_score) = run_with_model(dir.path(), &["worksheet"]);
    assert_eq!(code, Some(2));
    assert_eq!(err_score, err);
}

#[test]
fn structural_problems_of_practices_and_streams() {
    let dir = copy_of_domains();
    // Stream B of OP-OM renamed to C: malformed, and the practice lacks stream B.
    edit(dir.path(), "08-operations.yaml", |t| {
        t.replace("- id: OP-OM-B\n", "- id: OP-OM-C\n")
    });
    // A practice code that does not belong to its domain, and a level title missing.
    edit(dir.path(), "07-verification.yaml", |t| {
        let t = t.replacen("  - id: VE-AA\n", "  - id: OP-AA\n", 1);
        let start = t.find("      - level: 3\n").expect("a level 3 title");
        let end = start + t[start..].find("    streams:").expect("streams after levels");
        format!("{}{}", &t[..start], &t[end..])
    });
    let (code, err) = run_with_model(dir.path(), &["validate"]);
    assert_eq!(code, Some(2));
    insta::assert_snapshot!("structural_problems", err);
}

#[test]
fn manifest_problems() {
    let dir = copy_of_domains();
    edit(dir.path(), "model.yaml", |t| {
        t.replace("version: \"1.0\"", "version: 1.0").replace(
            "  - 08-operations.yaml\n",
            "  - 09-missing.yaml\n  - ../etc/passwd.yaml\n",
        )
    });
    let (code, err) = run_with_model(dir.path(), &["validate"]);
    assert_eq!(code, Some(2));
    insta::assert_snapshot!("manifest_problems", err);

    let empty = tempfile::tempdir().expect("temp dir");
    let (code, err) = run_with_model(empty.path(), &["model"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "error: COPY/model.yaml: no such file\n");
    let (code, err) = run_with_model(&empty.path().join("nope"), &["model"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "error: COPY: no such model directory\n");
}

#[test]
fn answers_are_checked_against_the_loaded_model() {
    let dir = copy_of_domains();
    edit(dir.path(), "model.yaml", |t| {
        t.replace("version: \"1.0\"", "version: \"1.1\"")
    });
    let (code, err) = run_with_model(dir.path(), &["score", "examples/acme-support-bot-2026-05.yaml"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: examples/acme-support-bot-2026-05.yaml:14:8: the answers were given against model `owasp-aima@1.0`, but the loaded model is `owasp-aima@1.1` (load the matching model with --model DIR)\n"
    );
}

#[test]
fn traceability_fields_are_required_and_checked() {
    let dir = copy_of_domains();
    edit(dir.path(), "02-governance.yaml", |t| {
        // GV-SM-A-1 loses its row, GV-SM-A-2's is text, GV-SM-A-3's is 0, and GV-SM-B-1
        // takes row 34, which GV-SM-B-3 (read later) already has.
        t.replacen("            toolkit_row: 29\n", "", 1)
            .replacen("toolkit_row: 31\n", "toolkit_row: \"31\"\n", 1)
            .replacen("toolkit_row: 33\n", "toolkit_row: 0\n", 1)
            .replacen("toolkit_row: 30\n", "toolkit_row: 34\n", 1)
    });
    edit(dir.path(), "06-implementation.yaml", |t| {
        // IM-SB-B loses its role; IM-SD lists an alias twice.
        t.replacen("        role: Measure & Improve\n", "", 1).replacen(
            "    aliases: []\n",
            "    aliases: [Secure Build, Secure Build, 7]\n",
            2,
        )
    });
    let (code, err) = run_with_model(dir.path(), &["validate"]);
    assert_eq!(code, Some(2));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error: COPY/02-governance.yaml:36:13: question GV-SM-A-1 is missing `toolkit_row` (its row in the AIMA Toolkit sheet `Assessment Questions`)",
            "error: COPY/02-governance.yaml:43:26: `toolkit_row` of question GV-SM-A-2 must be a row number from 1 to 1048576, not `31`",
            "error: COPY/02-governance.yaml:53:26: `toolkit_row` of question GV-SM-A-3 must be a row number from 1 to 1048576, not the number 0",
            "error: COPY/02-governance.yaml:81:26: `toolkit_row` 34 of question GV-SM-B-3 is already the row of GV-SM-B-1 (at COPY/02-governance.yaml:65:26)",
            "error: COPY/06-implementation.yaml:13:29: alias `Secure Build` of practice IM-SB is listed twice",
            "error: COPY/06-implementation.yaml:13:43: `aliases` of practice IM-SB must be text, not the number 7",
            "error: COPY/06-implementation.yaml:59:9: stream IM-SB-B is missing `role`",
            "error: COPY/06-implementation.yaml:88:29: alias `Secure Build` of practice IM-SD is listed twice",
            "error: COPY/06-implementation.yaml:88:43: `aliases` of practice IM-SD must be text, not the number 7",
        ]
    );
}
