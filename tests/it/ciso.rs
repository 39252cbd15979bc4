//! CISO Assistant: the framework library passes its loader's rules (read with PyYAML, as
//! CISO Assistant reads it: tests/it/data/ciso/check_library.py), the audit export round
//! trips, CISO Assistant's own audit export (its columns, its `'` before formula-like
//! text, its answer hints) reads back, and bad audits are located errors.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::common::{captured, load, model, repo_file};

const RICH: &str = r#"aima: 1
model: owasp-aima@1.0
assessment:
  organization: Acme
  date: 2026-11-20
answers:
  RA-EV-A-1: yes
  RA-EV-B-1:
    answer: mostly
    note: "=HYPERLINK(\"http://x\")\n[aima] not a marker line\n\n"
    evidence:
      - "https://wiki.example/ai policy"
      - {ref: docs/risk.pdf, title: "Risk register", date: 2026-10-01, kind: record}
  RA-EV-A-2:
    answer: na
    reason: "No model is trained here.\nSecond line."
  RA-EV-B-2: {answer: no, note: "- a dash first"}
  GV-PC-A-2: {answer: ~, note: "open, but noted"}
  OP-OM-B-3: partly
"#;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn rich(dir: &Path) -> PathBuf {
    let path = dir.join("rich.yaml");
    std::fs::write(&path, RICH).expect("write");
    path
}

#[test]
fn the_library_passes_the_loaders_rules_with_every_question_and_its_answer_set() {
    let dir = tempfile::tempdir().expect("dir");
    let lib = dir.path().join("aima.yaml");
    let (stdout, stderr, code) = captured(&["export", "--to", "ciso-assistant-library", "-o", s(&lib)]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, format!("wrote {}\n", s(&lib)));
    let out = std::process::Command::new("python3")
        .arg(repo_file("tests/it/data/ciso/check_library.py"))
        .arg(&lib)
        .output()
        .expect("python3 runs (with PyYAML: .ci/run installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_str(&text).expect("summary");
    assert_eq!(summary["urn"], "urn:aima:risk:library:owasp-aima-1.0");
    assert_eq!(summary["framework"], "urn:aima:risk:framework:owasp-aima-1.0");
    assert_eq!(summary["scores"], serde_json::json!([0, 3]));
    assert_eq!(
        summary["scale"],
        serde_json::json!([[0, "no"], [1, "partly"], [2, "mostly"], [3, "yes"]])
    );
    assert_eq!(summary["nodes"], 8 + 24 + 144);
    let codes: Vec<String> = model().questions().map(|q| q.question.id.clone()).collect();
    assert_eq!(
        summary["assessable"],
        serde_json::json!(codes),
        "ref_ids are the AIMA codes"
    );
    assert_eq!(
        summary["answer_sets"],
        serde_json::json!([[["no", 0], ["partly", 1], ["mostly", 2], ["yes", 3]]]),
        "every question has the one 0-3 answer set"
    );
    let yaml = std::fs::read_to_string(&lib).expect("read");
    assert!(yaml.contains("CC BY-SA 4.0"), "licence and attribution");
}

#[test]
fn model_text_with_markup_reaches_the_library_escaped() {
    let dir = tempfile::tempdir().expect("dir");
    let models = dir.path().join("m");
    std::fs::create_dir(&models).expect("mkdir");
    for entry in std::fs::read_dir(repo_file("domains")).expect("domains") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text.replace(
            "name: Governance\n",
            "name: \"<img src=x onerror=alert(1)> [x](javascript:y) no\"\n",
        );
        std::fs::write(models.join(path.file_name().expect("name")), text).expect("write");
    }
    let lib = dir.path().join("aima.yaml");
    let (_, stderr, code) = captured(&[
        "--model",
        s(&models),
        "export",
        "--to",
        "ciso-assistant-library",
        "-o",
        s(&lib),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let yaml = std::fs::read_to_string(&lib).expect("read");
    assert!(
        yaml.contains(r#"name: "\\<img src=x onerror=alert(1)\\> \\[x\\](javascript:y) no""#),
        "{yaml}"
    );
    assert!(!yaml.replace("\\\\<", "").contains('<'), "no unescaped `<`");
}

fn round_trip(name: &str, kind: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let original = rich(dir.path());
    let audit = dir.path().join(name);
    let (stdout, stderr, code) =
        captured(&["export", s(&original), "--to", "ciso-assistant", "-o", s(&audit)]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        format!("wrote {}: 5 of 144 questions answered\n", s(&audit))
    );
    let back = dir.path().join("back.yaml");
    let (_, stderr, code) = captured(&["import", s(&audit), "-o", s(&back)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        format!("note: {}: read as CISO Assistant audit ({kind})\n", s(&audit))
    );
    assert_eq!(normal(&original), normal(&back));
}

/// An assessment without what the audit does not hold (metadata), and without open entries.
fn normal(path: &Path) -> Vec<(String, aima::answers::Answer)> {
    load(path)
        .answers
        .into_iter()
        .filter(|(_, a)| *a != aima::answers::Answer::default())
        .collect()
}

#[test]
fn an_audit_workbook_round_trips() {
    round_trip("audit.xlsx", ".xlsx");
}

#[test]
fn an_audit_csv_round_trips() {
    round_trip("audit.csv", "CSV");
}

#[test]
fn the_audit_csv_has_the_import_columns_and_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let audit = dir.path().join("audit.csv");
    let (_, stderr, code) = captured(&[
        "export",
        s(&rich(dir.path())),
        "--to",
        "ciso-assistant",
        "-o",
        s(&audit),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&audit).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "urn,assessable,ref_id,name,compliance_result,requirement_progress,observations,score,answers"
    );
    assert_eq!(
        lines[1],
        "urn:aima:risk:req_node:owasp-aima-1.0:ra,False,RA,Responsible AI Principles,,,,,"
    );
    assert!(lines[3].starts_with("urn:aima:risk:req_node:owasp-aima-1.0:ra-ev-a-1,True,RA-EV-A-1,"));
    assert!(lines[3].ends_with(",compliant,done,,3,\"Is the organization aware, at least informally, that its AI systems can have ethical and societal effects? >> yes\""));
    assert!(
        text.contains(
            ",not_applicable,done,\"[aima] reason: \"\"No model is trained here.\\nSecond line.\"\"\",,\n"
        ),
        "{text}"
    );
}

/// A workbook shaped like CISO Assistant's audit export (`…/xlsx/`): its 13 columns, its
/// `'` before text that starts like a formula, the hint of an unanswered question.
fn ciso_export(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let columns = [
        "urn",
        "assessable",
        "ref_id",
        "name",
        "description",
        "typical_evidence",
        "annotation",
        "compliance_result",
        "extended_result",
        "requirement_progress",
        "observations",
        "score",
        "answers",
    ];
    for (c, name) in columns.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).expect("header");
    }
    for (i, [code, result, observations, score, answers]) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let urn = format!("urn:aima:risk:req_node:owasp-aima-1.0:{}", code.to_lowercase());
        sheet.write_string(r, 0, &urn).expect("urn");
        sheet.write_boolean(r, 1, code.len() > 5).expect("assessable");
        sheet.write_string(r, 2, *code).expect("ref_id");
        sheet.write_string(r, 7, *result).expect("result");
        sheet.write_string(r, 9, "done").expect("progress");
        sheet.write_string(r, 10, *observations).expect("observations");
        if let Ok(n) = score.parse::<f64>() {
            sheet.write_number(r, 11, n).expect("score");
        }
        sheet.write_string(r, 12, *answers).expect("answers");
    }
    book.save_to_buffer().expect("xlsx")
}

fn import(bytes: &[u8], name: &str) -> (String, String, i32, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).expect("write");
    let out = dir.path().join("out.yaml");
    let (stdout, stderr, code) = captured(&["import", s(&file), "-o", s(&out)]);
    (stdout, stderr, code, out, dir)
}

#[test]
fn ciso_assistants_own_audit_export_reads_back() {
    let book = ciso_export(&[
        ["RA", "", "", "", ""],
        ["RA-EV-A-1", "compliant", "", "3", "Is it? >> yes"],
        [
            "RA-EV-B-1",
            "partially_compliant",
            "'=1+1 is a note",
            "",
            "Q >> partly",
        ],
        [
            "RA-EV-A-2",
            "not_applicable",
            "Nothing is trained here",
            "",
            "Q >> [no / partly / mostly / yes]",
        ],
        [
            "RA-EV-B-2",
            "not_assessed",
            "",
            "",
            "Q >> [no / partly / mostly / yes]",
        ],
    ]);
    let (_, stderr, code, out, _dir) = import(&book, "audit-export.xlsx");
    assert_eq!(code, 0, "{stderr}");
    let a = load(&out);
    let word = |c: &str| a.word(c).map(|w| w.as_str());
    assert_eq!(word("RA-EV-A-1"), Some("yes"));
    assert_eq!(word("RA-EV-B-1"), Some("partly"));
    assert_eq!(a.answers["RA-EV-B-1"].note.as_deref(), Some("=1+1 is a note"));
    assert_eq!(word("RA-EV-A-2"), Some("na"));
    assert_eq!(
        a.answers["RA-EV-A-2"].reason.as_deref(),
        Some("Nothing is trained here")
    );
    assert_eq!(word("RA-EV-B-2"), None);
}

fn refused(bytes: &[u8], name: &str, message: &str) {
    let (stdout, stderr, code, out, _dir) = import(bytes, name);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    let file = out.with_file_name(name);
    assert_eq!(stderr, format!("error: {}: {message}\n", s(&file)));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn bad_audits_are_located_errors_and_nothing_is_written() {
    let four = ciso_export(&[["RA-EV-A-1", "compliant", "", "4", ""]]);
    refused(
        &four,
        "a.xlsx",
        "'Sheet1'!L2: `4` is not an answer: the score is 0, 1, 2 or 3",
    );
    let unknown = ciso_export(&[["RA-EV-A-9", "compliant", "", "3", ""]]);
    refused(
        &unknown,
        "a.xlsx",
        "'Sheet1'!C2: unknown ref_id `RA-EV-A-9`: model owasp-aima@1.0 has no such question",
    );
    let word = ciso_export(&[["RA-EV-A-1", "compliant", "", "", "Q >> maybe"]]);
    refused(
        &word,
        "a.xlsx",
        "'Sheet1'!M2: `maybe` is not one of the choices no, partly, mostly, yes",
    );
    let csv = "urn,assessable,ref_id,score\nurn:intuitem:risk:req_node:iso42001-2023:4.1,True,4.1,2\n";
    refused(
        csv.as_bytes(),
        "a.csv",
        "line 2, column `urn`: `urn:intuitem:ris…` is not a requirement of aima's framework \
         urn:aima:risk:framework:owasp-aima-1.0: an audit of another framework",
    );
    let csv = "ref_id,assessable,score\nRA-EV-A-1,True,2.5\n";
    refused(
        csv.as_bytes(),
        "a.csv",
        "line 2, column `score`: `2.5` is not an answer: the score is 0, 1, 2 or 3",
    );
}

#[test]
fn the_audit_export_is_deterministic() {
    let dir = tempfile::tempdir().expect("dir");
    let original = rich(dir.path());
    let bytes = |name: &str, to: &str| {
        let out = dir.path().join(name);
        let mut args = vec!["export", "--to", to, "-o", s(&out)];
        if to == "ciso-assistant" {
            args.push(s(&original));
        }
        let (_, stderr, code) = captured(&args);
        assert_eq!(code, 0, "{stderr}");
        std::fs::read(&out).expect("read")
    };
    assert_eq!(bytes("a.csv", "ciso-assistant"), bytes("b.csv", "ciso-assistant"));
    assert_eq!(
        bytes("a.yaml", "ciso-assistant-library"),
        bytes("b.yaml", "ciso-assistant-library")
    );
}
