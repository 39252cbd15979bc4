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
