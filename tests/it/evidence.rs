//! Evidence items (docs/evidence.md): the long form in every reader and writer, located
//! errors, the states of `aima evidence`, hashing, and attestations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aima::answers::Answer;

use crate::common::{self, captured, temp_files};

const HEAD: &str = "aima: 1\nmodel: owasp-aima@1.0\n";

/// The answers that say something (a written file lists every question, most with `~`).
fn said(path: &Path) -> BTreeMap<String, Answer> {
    let mut answers = common::load(path).answers;
    answers.retain(|_, a| *a != Answer::default());
    answers
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const LONG: &str = r#"aima: 1
model: owasp-aima@1.0
assessment:
  date: 2026-11-20
answers:
  GV-PC-A-1:
    answer: yes
    evidence:
      - "https://wiki.example/ai-policy"
      - ref: docs/policy.pdf
        title: "AI policy, \"v2\""
        date: 2026-03-01
        expires: 2027-03-01
        sha256: 0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef
        kind: document
      - {ref: "{braced}.txt", kind: other}
  GV-PC-A-2: {answer: mostly, evidence: {ref: reports/pentest.pdf, date: 2025-01-10, kind: test-report}}
"#;

#[test]
fn the_long_form_reads_and_every_writer_gives_it_back() {
    let dir = temp_files(&[("a.yaml", LONG)]);
    let a = dir.path().join("a.yaml");
    let loaded = common::load(&a);
    let items = &loaded.answers["GV-PC-A-1"].evidence;
    assert_eq!(items.len(), 3);
    assert!(items[0].is_text());
    assert_eq!(items[1].reference, "docs/policy.pdf");
    assert_eq!(items[1].title.as_deref(), Some("AI policy, \"v2\""));
    assert_eq!(
        items[1].sha256.as_deref(),
        Some("0123456789abcdef".repeat(4).as_str())
    );
    assert_eq!(items[1].kind.map(|k| k.as_str()), Some("document"));
    assert_eq!(
        loaded.answers["GV-PC-A-2"].evidence[0].kind.map(|k| k.as_str()),
        Some("test-report")
    );
    // merge -o, export/import through the workbook and the CSV: the same answers.
    let merged = dir.path().join("merged.yaml");
    let (_, err, code) = captured(&["merge", s(&a), "-o", s(&merged)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(said(&merged), said(&a));
    for (to, name) in [("toolkit", "book.xlsx"), ("csv", "a.csv")] {
        let out = dir.path().join(name);
        let (_, err, code) = captured(&["export", s(&a), "--to", to, "-o", s(&out)]);
        assert_eq!(code, 0, "{err}");
        let back = dir.path().join(format!("{name}.yaml"));
        let (_, err, code) = captured(&["import", s(&out), "-o", s(&back)]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(said(&back), said(&a), "{to}");
    }
    let csv = std::fs::read_to_string(dir.path().join("a.csv")).expect("csv");
    assert!(
        csv.contains("https://wiki.example/ai-policy\n{ref: docs/policy.pdf, title: ")
            && csv.contains(", date: 2026-03-01, expires: 2027-03-01, sha256: 0123456789abcdef"),
        "{csv}"
    );
}

#[test]
fn bad_items_are_located_errors() {
    // (item, the text its error points at, message)
    let cases = [
        (
            "{ref: a.pdf, sha256: abc}",
            "abc",
            "malformed `sha256` of an evidence item of GV-PC-A-1: expected 64 hex digits",
        ),
        (
            "{ref: a.pdf, date: 2026-05-01, expires: 2026-04-30}",
            "2026-04-30",
            "expires (2026-04-30) before its date (2026-05-01)",
        ),
        (
            "{ref: a.pdf, kind: memo}",
            "memo",
            "unknown `kind` `memo` of an evidence item of GV-PC-A-1: use `document`, `record`, `test-report`, `link` or `other`",
        ),
        ("{ref: /etc/passwd}", "{", "`/etc/passwd` is an absolute path"),
        ("\"C:\\\\x.pdf\"", "\"", "absolute path"),
        (
            "{title: x}",
            "{",
            "an evidence item of GV-PC-A-1 is missing `ref`",
        ),
        (
            "{ref: a.pdf, date: 2026-02-30}",
            "2026-02-30",
            "bad `date` `2026-02-30`",
        ),
        ("{ref: a.pdf, sha: x}", "sha:", "unknown key `sha`"),
    ];
    for (item, at, message) in cases {
        let column = "    evidence: [".len() + 1 + item.find(at).expect("token");
        let text = format!("{HEAD}answers:\n  GV-PC-A-1:\n    answer: yes\n    evidence: [{item}]\n");
        let dir = temp_files(&[("a.yaml", &text)]);
        let (out, err, code) = captured(&["validate", s(&dir.path().join("a.yaml"))]);
        assert_eq!(code, 2, "{item}: {out}{err}");
        let place = format!("a.yaml:6:{column}: ");
        assert!(err.contains(&place) && err.contains(message), "{item}: {err}");
    }
}

#[test]
fn bad_items_in_a_csv_name_the_line_and_column() {
    let dir = temp_files(&[(
        "a.yaml",
        &format!("{HEAD}answers:\n  GV-PC-A-1: {{answer: yes, evidence: [x]}}\n"),
    )]);
    let csv = dir.path().join("a.csv");
    let (_, err, code) = captured(&[
        "export",
        s(&dir.path().join("a.yaml")),
        "--to",
        "csv",
        "-o",
        s(&csv),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&csv)
        .expect("csv")
        .replace(",x,", ",\"{ref: x, kind: memo}\",");
    std::fs::write(&csv, text).expect("write");
    let out: PathBuf = dir.path().join("back.yaml");
    let (_, err, code) = captured(&["import", s(&csv), "-o", s(&out)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a.csv:") && err.contains("unknown `kind` `memo`"),
        "{err}"
    );
    assert!(!out.exists());
}

/// 2026-11-20 as SOURCE_DATE_EPOCH: the clock of these runs.
const NOV_20: &str = "1795132800";

/// `aima ARGS` in `dir`, today being 2026-11-20: (stdout, stderr, exit code).
fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    common::run_at(dir, NOV_20, args)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

/// (ref, state) of every item of `aima evidence --format json`.
fn states(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["ref"].as_str().unwrap_or("").to_string(),
                i["state"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const HASHABLE: &str = "aima: 1
model: owasp-aima@1.0
answers:
  # the policy, approved in March
  GV-PC-A-1:
    answer: yes   # checked by Bob
    evidence:
      - docs/policy.txt
      - https://wiki.example/ai-policy
  GV-PC-A-2: {answer: mostly, evidence: [{ref: docs/minutes.txt, date: 2026-01-05, kind: record}]}  # keep
";

#[test]
fn hash_then_change_the_file_and_the_check_says_changed() {
    let dir = temp_files(&[("a.yaml", HASHABLE)]);
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    std::fs::write(dir.path().join("docs/policy.txt"), "policy v1\n").expect("write");
    std::fs::write(dir.path().join("docs/minutes.txt"), "minutes\n").expect("write");
    let (out, err, code) = run_in(dir.path(), &["evidence", "a.yaml", "--check", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        states(&json(&out)),
        [
            ("docs/policy.txt".into(), "undated".into()),
            ("https://wiki.example/ai-policy".into(), "link".into()),
            ("docs/minutes.txt".into(), "ok".into())
        ]
    );
    let (out, err, code) = run_in(dir.path(), &["evidence", "hash", "a.yaml"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "a.yaml: 2 digests recorded, 0 renewed, 0 unchanged\n", "")
    );
    let policy = aima::evidence::hash::sha256_hex(b"policy v1\n");
    let minutes = aima::evidence::hash::sha256_hex(b"minutes\n");
    let text = std::fs::read_to_string(dir.path().join("a.yaml")).expect("read");
    assert_eq!(
        text,
        HASHABLE
            .replace(
                "    evidence:\n      - docs/policy.txt\n      - https://wiki.example/ai-policy\n",
                &format!("    evidence: [{{ref: docs/policy.txt, date: 2026-11-20, sha256: {policy}}}, \"https://wiki.example/ai-policy\"]\n")
            )
            .replace("date: 2026-01-05, kind: record}", &format!("date: 2026-01-05, sha256: {minutes}, kind: record}}"))
    );
    assert_changed_then_missing(dir.path());
}

/// Hashing again changes nothing; a changed file is `changed`, a removed one `missing`.
fn assert_changed_then_missing(dir: &Path) {
    let (out, _, code) = run_in(dir, &["evidence", "hash", "a.yaml"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "a.yaml: 0 digests recorded, 0 renewed, 2 unchanged (file not rewritten)\n"
        )
    );
    std::fs::write(dir.join("docs/policy.txt"), "policy v2\n").expect("write");
    let (out, _, code) = run_in(dir, &["evidence", "a.yaml", "--check", "--format", "json"]);
    assert_eq!(code, 1);
    let doc = json(&out);
    assert_eq!(states(&doc)[0], ("docs/policy.txt".into(), "changed".into()));
    assert_eq!(
        doc["items"][0]["actual_sha256"],
        aima::evidence::hash::sha256_hex(b"policy v2\n")
    );
    assert_eq!(doc["passed"], false);
    // Without --check the list is shown and the exit is 0; the table names the state.
    let (out, _, code) = run_in(dir, &["evidence", "a.yaml", "--width", "200"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "3 evidence items as of 2026-11-20: 1 ok, 1 changed, 1 link. The evidence check fails.\n"
        ),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("docs/policy.txt") && l.contains("changed")),
        "{out}"
    );
    // Removing it: missing.
    std::fs::remove_file(dir.join("docs/policy.txt")).expect("rm");
    let (out, _, code) = run_in(dir, &["evidence", "a.yaml", "--check", "-f", "csv"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(",docs/policy.txt,,,2026-11-20,,") && out.contains(",missing,true"),
        "{out}"
    );
}

#[test]
fn expired_and_stale_by_the_clock_of_the_run() {
    let text = format!(
        "{HEAD}answers:\n  GV-PC-A-1:\n    answer: yes\n    evidence:\n      \
         - {{ref: https://x.example/a, date: 2026-01-01, expires: 2026-11-19}}\n      \
         - {{ref: https://x.example/b, date: 2026-01-01, expires: 2026-11-20}}\n      \
         - {{ref: https://x.example/c, date: 2025-11-19}}\n      \
         - {{ref: https://x.example/d, date: 2025-11-20}}\n"
    );
    let dir = temp_files(&[("a.yaml", &text)]);
    let (out, err, code) = run_in(dir.path(), &["evidence", "a.yaml", "--check", "-f", "json"]);
    assert_eq!(code, 1, "{err}");
    let got: Vec<String> = states(&json(&out)).into_iter().map(|(_, s)| s).collect();
    assert_eq!(got, ["expired", "link", "stale", "link"]);
    // A year later everything is past.
    let (out, _, _) = common::run_at(dir.path(), "1826668800", &["evidence", "a.yaml", "-f", "json"]);
    let got: Vec<String> = states(&json(&out)).into_iter().map(|(_, s)| s).collect();
    assert_eq!(got, ["expired", "expired", "stale", "stale"]);
    // Stale fails only with fail_on_stale; require asks for evidence on yes and mostly.
    let text = format!(
        "{HEAD}answers:\n  GV-PC-A-1: {{answer: yes, evidence: [{{ref: \"https://x\", date: 2024-01-01}}]}}\n  GV-PC-A-2: mostly\n  GV-PC-A-3: partly\n"
    );
    let dir = temp_files(&[
        ("a.yaml", &text),
        ("aima.toml", "[evidence]\nmax_age_days = 30\n"),
    ]);
    let (out, err, code) = run_in(dir.path(), &["evidence", "a.yaml", "--check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(err, "note: using aima.toml\n");
    std::fs::write(dir.path().join("aima.toml"), "[evidence]\nfail_on_stale = true\n").expect("write");
    let (_, _, code) = run_in(dir.path(), &["evidence", "a.yaml", "--check"]);
    assert_eq!(code, 1);
    std::fs::write(
        dir.path().join("aima.toml"),
        "[evidence]\nrequire = [\"yes\", \"mostly\"]\n",
    )
    .expect("write");
    let (out, _, code) = run_in(dir.path(), &["evidence", "a.yaml", "--check", "-f", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        json(&out)["unevidenced"],
        serde_json::json!([{"file": "a.yaml", "question": "GV-PC-A-2", "answer": "mostly"}])
    );
}

#[test]
fn paths_never_leave_the_project_folder() {
    let dir = tempfile::tempdir().expect("dir");
    let sub = dir.path().join("assessments/bot");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    std::fs::write(dir.path().join("docs/p.txt"), "p").expect("write");
    let text =
        format!("{HEAD}answers:\n  GV-PC-A-1:\n    answer: yes\n    evidence:\n      - ../../docs/p.txt\n");
    std::fs::write(sub.join("a.yaml"), &text).expect("write");
    // Without aima.toml the answers file's folder is the limit.
    let (out, err, code) = run_in(dir.path(), &["evidence", "assessments/bot/a.yaml"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(
        err.starts_with(
            "error: assessments/bot/a.yaml:7:9: evidence `../../docs/p.txt` leads outside the project folder"
        ),
        "{err}"
    );
    // With one above, the path stays inside it.
    std::fs::write(dir.path().join("aima.toml"), "").expect("write");
    let (out, err, code) = run_in(
        dir.path(),
        &["evidence", "assessments/bot/a.yaml", "--check", "-f", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["items"][0]["path"], "docs/p.txt");
    std::fs::write(sub.join("b.yaml"), text.replace("../../docs", "../../../docs")).expect("write");
    let (_, err, code) = run_in(dir.path(), &["evidence", "assessments/bot/b.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("b.yaml:7:9: evidence `../../../docs/p.txt` leads outside the project folder"),
        "{err}"
    );
    // Nothing written by hash either.
    let (_, _, code) = run_in(dir.path(), &["evidence", "hash", "assessments/bot/b.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        std::fs::read_to_string(sub.join("b.yaml")).expect("read"),
        text.replace("../../docs", "../../../docs")
    );
}

#[test]
fn check_and_report_show_the_evidence_states() {
    let text = format!(
        "{HEAD}targets:\n  default: 0\nanswers:\n  GV-PC-A-1:\n    answer: yes\n    evidence:\n      \
         - {{ref: gone.pdf, title: \"Board | minutes\", date: 2026-01-01}}\n      - https://wiki.example/x\n"
    );
    let dir = temp_files(&[("a.yaml", &text)]);
    let (out, _, code) = run_in(dir.path(), &["check", "a.yaml"]);
    assert_eq!(code, 0, "{out}");
    let (out, err, code) = run_in(dir.path(), &["check", "a.yaml", "--evidence"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.ends_with("\nEvidence: failed: 1 item(s) failing, 0 answer(s) without required evidence.\n- a.yaml: GV-PC-A-1 gone.pdf: missing (no file at gone.pdf)\n"),
        "{out}"
    );
    let (out, _, code) = run_in(dir.path(), &["check", "a.yaml", "--evidence", "-f", "json"]);
    assert_eq!(code, 1);
    let doc = json(&out);
    assert_eq!(
        (
            doc["passed"].clone(),
            doc["evidence"]["items"][0]["state"].clone()
        ),
        (false.into(), "missing".into())
    );
    let (out, _, code) = run_in(dir.path(), &["report", "a.yaml"]);
    assert_eq!(code, 0);
    let start = out.find("\n## Evidence\n").expect("an evidence section");
    let section = &out[start..out.find("\n\nTwo scores are shown").expect("scoring")];
    assert_eq!(
        section,
        "\n## Evidence\n\n2 evidence items on the day of the report: 1 missing, 1 link. The evidence check fails.\n\n\
         | Question | Evidence | Date | Expires | State | Detail |\n| --- | --- | --- | --- | --- | --- |\n\
         | GV-PC-A-1 | Board &#124; minutes (gone.pdf) | 2026-01-01 |  | missing | no file at gone.pdf |\n\
         | GV-PC-A-1 | https://wiki.example/x |  |  | link | a URL: not fetched |\n\n## How the scores are computed"
    );
}
