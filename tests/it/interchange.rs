//! `aima import` and `aima export`: the AIMA Toolkit workbook and CSV, through the binary,
//! on workbooks built here from the documented layout (tests/it/common/toolkit_book.rs).

use crate::common;
use crate::common::toolkit_book;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{captured, repo_file};
use toolkit_book::{Cell, PRACTICES, Spec, build, row};

/// Writes `bytes` as `name` in a new temporary folder.
fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A deterministic fill: numbers 0..3, `To evaluate`, empty cells, and notes on some rows.
fn filled() -> Spec {
    let mut spec = Spec::default();
    for (i, (code, _)) in PRACTICES.iter().enumerate() {
        for (k, suffix) in ["A-1", "B-1", "A-2", "B-2", "A-3", "B-3"].iter().enumerate() {
            let r = row(&format!("{code}-{suffix}"));
            let cell = match (i * 7 + k * 3) % 6 {
                4 => Cell::Text("To evaluate".into()),
                5 => Cell::Empty,
                n => Cell::Number(n as f64),
            };
            spec.answers.insert(r, cell);
        }
    }
    spec.notes
        .insert(row("GV-PC-A-1"), "Policy drafted, sign-off pending".into());
    spec
}

/// The workbook's own formula, SUM(E)/6, per practice, shown with two decimals.
fn workbook_scores(spec: &Spec) -> Vec<String> {
    PRACTICES
        .iter()
        .map(|(code, _)| {
            let first = row(&format!("{code}-A-1"));
            let sum: f64 = (first..first + 6)
                .map(|r| match spec.answers.get(&r) {
                    Some(Cell::Number(n)) => *n,
                    _ => 0.0,
                })
                .sum();
            format!("{:.2}", sum / 6.0)
        })
        .collect()
}

fn practice_scores(answers: &Path) -> Vec<String> {
    let (out, err, code) = captured(&["score", s(answers), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    json["domains"]
        .as_array()
        .expect("domains")
        .iter()
        .flat_map(|d| d["practices"].as_array().expect("practices").clone())
        .map(|p| format!("{:.2}", p["score"].as_f64().expect("score")))
        .collect()
}

#[test]
fn a_filled_workbook_gives_the_workbook_formulas_scores_for_every_practice() {
    let spec = filled();
    let (dir, book) = file("book.xlsx", &build(&spec));
    let out = dir.path().join("answers.yaml");
    let (stdout, stderr, code) = captured(&["import", s(&book), "-o", s(&out)]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, read_note(&book, "AIMA Toolkit v1.0.1 workbook").as_str())
    );
    assert_eq!(
        stdout,
        format!(
            "wrote {} from {}: 96 of 144 questions answered\n",
            s(&out),
            s(&book)
        )
    );
    assert_eq!(practice_scores(&out), workbook_scores(&spec));
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.starts_with(&format!(
        "# Imported by aima from {} (AIMA Toolkit v1.0.1 workbook).\n# OWASP AI Maturity Assessment 1.0 \
         (owasp-aima@1.0): assessment\n",
        s(&book)
    )));
    assert!(text.contains("\nmodel: owasp-aima@1.0\n"));
    // RA-EV (i = 0): A-1 → 0 → no, B-1 → 3 → yes, A-2 → 6 % 6 = 0 → no, B-2 → 9 % 6 = 3 → yes,
    // A-3 → 12 % 6 = 0, B-3 → 15 % 6 = 3.
    assert!(text.contains("\n  RA-EV-A-1: no\n") && text.contains("\n  RA-EV-B-1: yes\n"));
    assert!(text.contains("  GV-PC-A-1:\n    answer: "));
    assert!(text.contains("    note: \"Policy drafted, sign-off pending\"\n"));
    let (_, err, code) = captured(&["validate", s(&out)]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn without_output_the_answers_file_goes_to_stdout() {
    let (_dir, book) = file("book.xlsx", &build(&Spec::default()));
    let (stdout, stderr, code) = captured(&["import", s(&book)]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, read_note(&book, "AIMA Toolkit v1.0.1 workbook").as_str())
    );
    assert!(stdout.contains("\n  OP-OM-B-3: ~\n"));
    let blank = stdout
        .lines()
        .filter(|l| l.len() == 14 && l.starts_with("  ") && l.ends_with(": ~"));
    assert_eq!(blank.count(), 144);
}

#[test]
fn a_cell_far_away_costs_nothing() {
    let spec = Spec {
        far_cell: true,
        ..filled()
    };
    let (_dir, book) = file("book.xlsx", &build(&spec));
    let (stdout, stderr, code) = captured(&["import", s(&book)]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, read_note(&book, "AIMA Toolkit v1.0.1 workbook").as_str())
    );
    assert!(stdout.contains("\n  RA-EV-B-1: yes\n"));
}

#[test]
fn a_number_stored_as_text_is_taken_with_a_warning() {
    let mut spec = Spec::default();
    spec.answers.insert(9, Cell::Text("3".into()));
    let (_dir, book) = file("book.xlsx", &build(&spec));
    let (stdout, stderr, code) = captured(&["import", s(&book)]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        read_note(&book, "AIMA Toolkit v1.0.1 workbook")
            + &format!(
                "warning: {}: 'Assessment Questions'!E9: the answer `3` is stored as text: imported as \
             yes, but the workbook's own formula scores a text as 0 (enter it as a number there)\n",
                s(&book)
            )
    );
    assert!(stdout.contains("\n  RA-EV-A-2: yes\n"), "row 9 is RA-EV-A-2");
}

/// Imports a workbook with `-o`, expecting exit 2, the message, and no file written.
/// The line `import` prints on standard error to say which kind of file it read.
fn read_note(file: &Path, kind: &str) -> String {
    format!("note: {}: read as {kind}\n", s(file))
}

fn refused(bytes: &[u8], name: &str, message: &str) {
    let (dir, book) = file(name, bytes);
    let out = dir.path().join("out.yaml");
    let (stdout, stderr, code) = captured(&["import", s(&book), "-o", s(&out)]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(stderr, format!("error: {}: {message}\n", s(&book)));
    assert!(!out.exists(), "nothing is written");
}

fn with_answer(r: u32, cell: Cell) -> Vec<u8> {
    let mut spec = Spec::default();
    spec.answers.insert(r, cell);
    build(&spec)
}

#[test]
fn anything_else_in_an_answer_cell_is_an_error_naming_the_cell() {
    let expected = "expected 0, 1, 2, 3 or `To evaluate`";
    refused(
        &with_answer(9, Cell::Text("x".into())),
        "book.xlsx",
        &format!("'Assessment Questions'!E9: the text `x` is not an answer: {expected}"),
    );
    refused(
        &with_answer(9, Cell::Number(1.5)),
        "book.xlsx",
        &format!("'Assessment Questions'!E9: the number 1.5 is not an answer: {expected}"),
    );
    refused(
        &with_answer(180, Cell::Number(4.0)),
        "book.xlsx",
        &format!("'Assessment Questions'!E180: the number 4 is not an answer: {expected}"),
    );
    refused(
        &with_answer(7, Cell::Date),
        "book.xlsx",
        &format!("'Assessment Questions'!E7: a date is not an answer: {expected}"),
    );
    refused(
        &with_answer(7, Cell::Bool(true)),
        "book.xlsx",
        &format!("'Assessment Questions'!E7: the logical value TRUE is not an answer: {expected}"),
    );
    refused(
        &with_answer(36, Cell::Error("#DIV/0!")),
        "book.xlsx",
        &format!("'Assessment Questions'!E36: the formula error #DIV/0! is not an answer: {expected}"),
    );
}

#[test]
fn a_workbook_of_another_shape_is_refused() {
    let moved = Spec {
        insert_row_at: Some(10),
        ..Spec::default()
    };
    refused(
        &build(&moved),
        "book.xlsx",
        "'Assessment Questions'!B10: expected `Ethical & Societal Impact - Stream B` (the row of \
         RA-EV-B-2), found an empty cell: not the AIMA Toolkit v1.0.1 layout (a row inserted or deleted?)",
    );
    let above = Spec {
        insert_row_at: Some(4),
        ..Spec::default()
    };
    refused(
        &build(&above),
        "book.xlsx",
        "'Assessment Questions'!A5: expected the header `PRACTICE AREA`, found an empty cell: not the \
         AIMA Toolkit v1.0.1 layout (a row inserted or deleted above it?)",
    );
    let renamed = Spec {
        sheet_name: Some("Questions".into()),
        ..Spec::default()
    };
    refused(
        &build(&renamed),
        "book.xlsx",
        "no sheet `Assessment Questions` (the sheets are `Introduction`, `Questions`, `Results`): not \
         an AIMA Toolkit workbook, or the sheet was renamed",
    );
}

#[test]
fn files_that_are_no_workbook_are_refused() {
    refused(b"", "book.xlsx", "the file is empty");
    refused(
        b"organization,scope\nAcme,bot\n",
        "book.xlsx",
        "not an .xlsx workbook (it is not a zip container), or it is damaged",
    );
    let whole = build(&Spec::default());
    refused(
        &whole[..whole.len() / 2],
        "book.xlsx",
        "not an .xlsx workbook (it is not a zip container), or it is damaged",
    );
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(2048, 0);
    refused(
        &ole,
        "book.xls",
        "an Excel 97-2003 (.xls) or other OLE file, not an .xlsx workbook; save it as .xlsx",
    );
    refused(
        b"\x00\x01binary",
        "notes.bin",
        "not a file import reads: an AIMA Toolkit workbook (.xlsx), an aima CSV file, an OSCAL \
         assessment-results document (JSON) or a CISO Assistant audit (.xlsx, .csv)",
    );
    refused(
        b"aima: 1\nmodel: owasp-aima@1.0\nanswers: {}\n",
        "answers.yaml",
        "an aima answers file already: use it as it is (import reads a toolkit workbook or an aima CSV file)",
    );
    // What LibreOffice saves by default: a zip whose first entry is a stored `mimetype`.
    let mut ods = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    ods.start_file("mimetype", stored).expect("entry");
    std::io::Write::write_all(&mut ods, b"application/vnd.oasis.opendocument.spreadsheet").expect("write");
    let ods = ods.finish().expect("zip").into_inner();
    refused(
        &ods,
        "book.ods",
        "an OpenDocument spreadsheet (.ods), not an .xlsx workbook; save it as .xlsx",
    );
}

/// What Excel saves for a workbook with a password: an OLE compound file whose
/// directory holds an `EncryptedPackage` stream. Header, one FAT sector, one directory sector.
fn encrypted_workbook() -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let mut put = |at: usize, bytes: &[u8]| header[at..at + bytes.len()].copy_from_slice(bytes);
    put(24, &0x3Eu16.to_le_bytes());
    put(26, &3u16.to_le_bytes()); // version 3: 512-byte sectors
    put(28, &0xFFFEu16.to_le_bytes());
    put(30, &9u16.to_le_bytes());
    put(32, &6u16.to_le_bytes());
    put(44, &1u32.to_le_bytes()); // one FAT sector
    put(48, &1u32.to_le_bytes()); // the directory is sector 1
    put(56, &4096u32.to_le_bytes());
    put(60, &END.to_le_bytes());
    put(68, &END.to_le_bytes());
    put(76, &0u32.to_le_bytes()); // the FAT is sector 0
    for at in (80..512).step_by(4) {
        put(at, &FREE.to_le_bytes());
    }
    let mut fat = vec![0xFFu8; 512];
    fat[..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    fat[4..8].copy_from_slice(&END.to_le_bytes());
    let mut dir = vec![0u8; 512];
    for (i, (name, kind)) in [("Root Entry", 5u8), ("EncryptedPackage", 2u8)]
        .iter()
        .enumerate()
    {
        let entry = &mut dir[i * 128..(i + 1) * 128];
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry[..utf16.len()].copy_from_slice(&utf16);
        entry[64..66].copy_from_slice(&(utf16.len() as u16 + 2).to_le_bytes());
        entry[66] = *kind;
        entry[116..120].copy_from_slice(&END.to_le_bytes());
    }
    [header, fat, dir].concat()
}

#[test]
fn an_encrypted_workbook_is_refused() {
    refused(
        &encrypted_workbook(),
        "book.xlsx",
        "the workbook is encrypted (password-protected); save a copy without a password and import that",
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_read() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/sharedStrings.xml", options).expect("entry");
    let block = vec![b'a'; 1024 * 1024];
    for _ in 0..33 {
        zip.write_all(&block).expect("write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    assert!(bytes.len() < 1024 * 1024, "small on disk");
    refused(
        &bytes,
        "book.xlsx",
        "the workbook unpacks to over 32 MiB: not an AIMA Toolkit workbook (a zip bomb?)",
    );
}

#[test]
fn a_v1_0_workbook_is_converted_with_a_warning() {
    let mut spec = Spec {
        v1_0: true,
        ..Spec::default()
    };
    for (r, v) in [(7, 1.0), (8, 0.66), (9, 66.0), (10, 0.33), (11, 33.0), (12, 0.0)] {
        spec.answers.insert(r, Cell::Number(v));
    }
    let (_dir, book) = file("v1.xlsx", &build(&spec));
    let (stdout, stderr, code) = captured(&["import", s(&book)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        read_note(&book, "AIMA Toolkit v1.0 workbook, answers converted")
            + &format!(
                "warning: {}: an AIMA Toolkit v1.0 workbook (practice formulas `/2`, answers 0, 0.33, \
             0.66, 1): answers converted to no, partly, mostly, yes\n",
                s(&book)
            )
    );
    for line in [
        "RA-EV-A-1: yes",
        "RA-EV-B-1: mostly",
        "RA-EV-A-2: mostly",
        "RA-EV-B-2: partly",
        "RA-EV-A-3: partly",
        "RA-EV-B-3: no",
    ] {
        assert!(stdout.contains(&format!("\n  {line}\n")), "{line}");
    }
    assert!(stdout.starts_with("# Imported by aima"));
    assert!(stdout.contains("(AIMA Toolkit v1.0 workbook, answers converted)"));
    let mut bad = Spec {
        v1_0: true,
        ..Spec::default()
    };
    bad.answers.insert(8, Cell::Number(2.0));
    refused(
        &build(&bad),
        "v1.xlsx",
        "'Assessment Questions'!E8: the number 2 is not an answer: expected 0, 0.33, 0.66, 1 or \
         `To evaluate` (a v1.0 workbook)",
    );
}

/// An answers file with everything the toolkit layout cannot hold, and hostile text.
const RICH: &str = r#"aima: 1
model: owasp-aima@1.0
assessment:
  organization: "=HYPERLINK(\"http://x\")"
  scope: "+cmd|' /C calc'!A0"
  assessor: "@J. Doe"
  date: 2026-11-20
  system: support-bot
  team: platform-security
targets:
  default: 2
  GV: 3
  GV-PC: 1
answers:
  RA-EV-A-1: yes
  RA-EV-A-2: {answer: mostly, note: "=1+1", evidence: ["=HYPERLINK(\"http://evil\")", "docs/policy.pdf"]}
  RA-EV-B-1: {answer: partly, note: "-2 people\r\nsecond line\ttab"}
  GV-PC-A-1: {answer: no, note: "'quoted already"}
  GV-PC-A-2: {answer: yes, note: "\ttab first"}
  GV-PC-A-3: {answer: yes, note: "\rcarriage return first"}
  DM-DT-B-3: {answer: na, reason: "-No third-party datasets"}
  DM-DT-B-2: {answer: na, reason: "Not used", evidence: ["@ticket-12"]}
  OP-EM-A-1: {answer: ~, note: "_x0041_ stays as typed; ünïcødé ✓ \u0007bell \u001b[31m", evidence: ["https://wiki.example/x"]}
  OP-EM-A-2: {answer: yes, note: "  spaces around  "}
"#;

#[test]
fn export_then_import_gives_back_the_same_assessment() {
    let (dir, original) = file("rich.yaml", RICH.as_bytes());
    let kinds = [
        ("toolkit", "book.xlsx", "AIMA Toolkit v1.0.1 workbook"),
        ("csv", "answers.csv", "aima CSV"),
    ];
    for (to, name, kind) in kinds {
        let out = dir.path().join(name);
        let (_, err, code) = captured(&["export", s(&original), "--to", to, "-o", s(&out)]);
        assert_eq!(code, 0, "{err}");
        let back = dir.path().join(format!("{name}.yaml"));
        let (_, err, code) = captured(&["import", s(&out), "-o", s(&back)]);
        assert_eq!((code, err.as_str()), (0, read_note(&out, kind).as_str()));
        let (diff, err, code) = captured(&["diff", s(&original), s(&back)]);
        assert_eq!(code, 0, "{err}");
        if to == "toolkit" {
            assert!(
                diff.contains("\nNo change: both assessments give the same answers"),
                "{diff}"
            );
        } else {
            // The CSV holds no metadata and no targets: the same answers, scores and levels.
            assert!(diff.contains("24 unchanged; 0 answers changed"), "{diff}");
        }
        // Everything, notes and evidence included, through a second export.
        let again = dir.path().join(format!("again-{name}"));
        let (_, err, code) = captured(&["export", s(&back), "--to", "csv", "-o", s(&again)]);
        assert_eq!(code, 0, "{err}");
        let first_csv = dir.path().join("first.csv");
        captured(&["export", s(&original), "--to", "csv", "-o", s(&first_csv)]);
        assert_eq!(
            std::fs::read(&again).expect("csv"),
            std::fs::read(&first_csv).expect("csv"),
            "{to}"
        );
    }
}

#[test]
fn the_workbook_round_trip_keeps_metadata_targets_and_exact_text() {
    let model = aima::embedded::model();
    let (_dir, original) = file("rich.yaml", RICH.as_bytes());
    let assessment = aima::answers::load(model, std::slice::from_ref(&original)).expect("loads");
    let bytes =
        aima::interchange::toolkit::write::workbook(model, &assessment, common::today()).expect("writes");
    let back = aima::interchange::toolkit::read::read(model, "book.xlsx", bytes).expect("reads");
    assert_eq!(back.warnings, Vec::<String>::new());
    let mut expected = assessment.clone();
    expected.sources = Vec::new();
    assert_eq!(back.assessment, expected);
    let csv = aima::interchange::csv::write(model, &assessment).expect("csv");
    let back = aima::interchange::csv::read(model, "a.csv", &csv).expect("reads");
    assert_eq!(back.assessment.answers, assessment.answers);
}

#[test]
fn no_csv_cell_that_aima_writes_starts_like_a_formula() {
    let (dir, original) = file("rich.yaml", RICH.as_bytes());
    let out = dir.path().join("a.csv");
    let (_, err, code) = captured(&["export", s(&original), "--to", "csv", "-o", s(&out)]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&out).expect("csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[..]);
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("rfc 4180");
        for cell in &record {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        }
        rows += 1;
    }
    assert_eq!(rows, 145);
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.starts_with("id,domain,practice,stream,level,question,answer,value,note,evidence,reason\r\n")
    );
    assert!(text.contains(
        "\r\nRA-EV-A-2,RA,RA-EV,RA-EV-A,2,\"Is there a formal, documented process for assessing the ethical and \
         societal impact of AI systems?\",mostly,2,'=1+1,\"'=HYPERLINK(\"\"http://evil\"\")\ndocs/policy.pdf\",\r\n"
    ));
    assert!(text.contains(",''quoted already,"));
    // Model order: stream A's three levels, then stream B's.
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .take(4)
        .map(|r| r.expect("row")[0].to_string())
        .collect();
    assert_eq!(ids, ["RA-EV-A-1", "RA-EV-A-2", "RA-EV-A-3", "RA-EV-B-1"]);
}

#[test]
fn workbook_text_cells_are_strings_never_formulas() {
    use calamine::{Data, Reader, Xlsx};
    let model = aima::embedded::model();
    let (_dir, original) = file("rich.yaml", RICH.as_bytes());
    let assessment = aima::answers::load(model, std::slice::from_ref(&original)).expect("loads");
    let bytes =
        aima::interchange::toolkit::write::workbook(model, &assessment, common::today()).expect("writes");
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    let cells = book.worksheet_range("Assessment Questions").expect("sheet");
    let note = row("RA-EV-A-2") - 1;
    assert_eq!(cells.get_value((note, 6)), Some(&Data::String("=1+1".into())));
    let formulas = book.worksheet_formula("Assessment Questions").expect("formulas");
    let with_formula: Vec<(u32, u32)> = formulas
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, _)| {
            (
                r as u32 + formulas.start().expect("start").0,
                c as u32 + formulas.start().expect("start").1,
            )
        })
        .collect();
    assert_eq!(with_formula.len(), 24, "only the practice scores are formulas");
    assert!(with_formula.iter().all(|(_, c)| *c == 5));
    let extra = book.worksheet_formula("aima").expect("formulas");
    assert!(extra.cells().all(|(_, _, f)| f.is_empty()));
}

#[test]
fn the_exported_workbook_has_the_toolkit_layout() {
    use calamine::Xlsx;
    let (dir, original) = file("rich.yaml", RICH.as_bytes());
    let out = dir.path().join("book.xlsx");
    let (_, stderr, code) = captured(&["export", s(&original), "--to", "toolkit", "-o", s(&out)]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "warning: 2 answers are n/a (DM-DT-B-2, DM-DT-B-3): the toolkit has no n/a, and its own formula \
         counts them as 0; the workbook's practice scores are lower than aima's (`aima import` restores \
         the n/a from the sheet `aima`)\n"
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&out).expect("opens");
    assert_sheets_formulas_and_cells(&mut book);
    assert_merges_and_results(&mut book);
    assert_dropdown_and_chart(&out);
}

/// The sheets in order, the practice formulas, header and answer cells.
fn assert_sheets_formulas_and_cells(book: &mut calamine::Xlsx<std::io::BufReader<std::fs::File>>) {
    use calamine::{Data, Reader};
    assert_eq!(
        book.sheet_names(),
        [
            "Introduction",
            "Assessment Questions",
            "Results",
            "Graphical visualization",
            "aima"
        ]
    );
    let formulas = book.worksheet_formula("Assessment Questions").expect("formulas");
    let f = |r: u32| formulas.get_value((r - 1, 5)).cloned().unwrap_or_default();
    assert_eq!(f(7).trim_start_matches('='), "SUM(E7:E12)/6");
    assert_eq!(f(175).trim_start_matches('='), "SUM(E175:E180)/6");
    let cells = book.worksheet_range("Assessment Questions").expect("sheet");
    let v = |r: u32, c: u32| cells.get_value((r - 1, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(v(5, 4), Data::String("ANSWERS ".into()));
    assert_eq!(v(6, 1), Data::String("Ethical & Societal Impact".into()));
    assert_eq!(
        v(7, 1),
        Data::String("Ethical & Societal Impact - Stream A".into())
    );
    assert_eq!(
        v(87, 1),
        Data::String("User Control & Transparency - Stream A".into())
    );
    assert_eq!(v(86, 1), Data::String("User Control & Trasparency".into()));
    assert_eq!(v(7, 4), Data::Float(3.0));
    assert_eq!(v(12, 4), Data::String("To evaluate".into()));
    // RA-EV: yes, mostly, partly → (3 + 2 + 1) / 6; DM-DT has two n/a, counted 0 here.
    assert_eq!(v(7, 5), Data::Float(1.0));
    assert_eq!(v(65, 5), Data::Float(0.0));
}

/// The merged domain, practice and score cells; the Results links and table.
fn assert_merges_and_results(book: &mut calamine::Xlsx<std::io::BufReader<std::fs::File>>) {
    use calamine::{Dimensions, Reader};
    let merged = book
        .merge_cells_by_sheet_name("Assessment Questions")
        .expect("merged");
    for range in [
        ((6, 0), (25, 0)),
        ((5, 1), (5, 7)),
        ((6, 5), (11, 5)),
        ((4, 6), (4, 7)),
        ((26, 0), (26, 7)),
    ] {
        assert!(merged.contains(&Dimensions::new(range.0, range.1)), "{range:?}");
    }
    let results = book.worksheet_formula("Results").expect("formulas");
    assert_eq!(
        results.get_value((3, 3)).map(String::as_str),
        Some("'Assessment Questions'!F7")
    );
    assert_eq!(
        results.get_value((26, 3)).map(String::as_str),
        Some("'Assessment Questions'!F175")
    );
    book.load_tables().expect("tables");
    let table = book.table_by_name("ASSESSMENT_RESULTS").expect("table");
    assert_eq!(table.columns(), ["PRACTICE AREA", "PRACTICES", "MATURITY"]);
}

/// The answer dropdown, the quote prefix of formula-like notes, and the chartsheet.
fn assert_dropdown_and_chart(out: &Path) {
    // The answer dropdown, as the toolkit has it: one list validation over the 24 ranges.
    let ranges: Vec<String> = PRACTICES
        .iter()
        .map(|(code, _)| {
            format!(
                "E{}:E{}",
                row(&format!("{code}-A-1")),
                row(&format!("{code}-B-3"))
            )
        })
        .collect();
    let xml = zip_entry(out, "xl/worksheets/sheet2.xml");
    let validation = format!(
        "<dataValidations count=\"1\"><dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" \
         sqref=\"{}\"><formula1>\"To evaluate,0,1,2,3\"</formula1></dataValidation></dataValidations>",
        ranges.join(" ")
    );
    assert!(xml.contains(&validation), "{xml}");
    // Notes that start like a formula carry Excel's quote prefix.
    assert!(zip_entry(out, "xl/styles.xml").contains("quotePrefix=\"1\""));
    // The chartsheet holds a clustered column chart of Results!D4:D27 over C4:C27.
    let chart = zip_entry(out, "xl/charts/chart1.xml");
    for part in [
        "<c:barDir val=\"col\"/>",
        "<c:grouping val=\"clustered\"/>",
        "<c:f>Results!$D$4:$D$27</c:f>",
        "<c:f>Results!$C$4:$C$27</c:f>",
        "<c:f>Results!$D$3</c:f>",
    ] {
        assert!(chart.contains(part), "{part}");
    }
    assert!(zip_entry(out, "xl/workbook.xml").contains("name=\"Graphical visualization\""));
    assert!(zip_entry(out, "[Content_Types].xml").contains(
        "PartName=\"/xl/chartsheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml\""
    ));
}

/// One file of a workbook's zip, as text.
fn zip_entry(book: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).expect("open")).expect("zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).expect("entry"), &mut text).expect("utf-8");
    text
}

#[test]
fn cells_edited_in_the_workbook_win_over_the_aima_sheet() {
    let mut spec = Spec::default();
    // DM-DT-B-3 was n/a and is now answered 2; DM-DT-B-2 is still `To evaluate`: n/a stays.
    spec.answers.insert(row("DM-DT-B-3"), Cell::Number(2.0));
    spec.notes.insert(row("DM-DT-B-2"), "edited note".into());
    let key = |k: &str, v: &str| vec![k.to_string(), v.to_string()];
    spec.aima_rows = vec![
        key("key", "value"),
        key("aima", "1"),
        key("model", "owasp-aima@1.0"),
        key("assessment.organization", "Acme"),
        key("targets.default", "2"),
        vec![],
        vec![
            "question".into(),
            "answer".into(),
            "reason".into(),
            "evidence".into(),
        ],
        vec!["DM-DT-B-3".into(), "na".into(), "No third-party data".into()],
        vec![
            "DM-DT-B-2".into(),
            "na".into(),
            "Not used".into(),
            "a.pdf".into(),
            "b.pdf".into(),
        ],
    ];
    let (_dir, book) = file("book.xlsx", &build(&spec));
    let (stdout, stderr, code) = captured(&["import", s(&book)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        read_note(&book, "AIMA Toolkit v1.0.1 workbook")
            + &format!(
                "warning: {}: 'Assessment Questions'!E70: DM-DT-B-3 was n/a when exported; the answer cell \
             now says mostly, which wins\n",
                s(&book)
            )
    );
    assert!(stdout.contains("\n  DM-DT-B-3: mostly\n"));
    assert!(stdout.contains(
        "\n  DM-DT-B-2:\n    answer: na\n    reason: \"Not used\"\n    note: \"edited note\"\n    evidence:\n      - a.pdf\n      - b.pdf\n"
    ));
    assert!(stdout.contains("\n  organization: Acme\n"));
    assert!(stdout.contains("\ntargets:\n  default: 2\n"));
}

#[test]
fn bad_rows_in_the_aima_sheet_name_the_cell() {
    let mut spec = Spec {
        aima_rows: vec![vec!["model".into(), "other-model@2".into()]],
        ..Spec::default()
    };
    refused(
        &build(&spec),
        "book.xlsx",
        "'aima'!B3: the workbook was exported against model `other-model@2`, but the loaded model is \
         owasp-aima@1.0 (load its model with --model DIR)",
    );
    spec.aima_rows = vec![vec!["RA-EV-A-1".into(), "na".into()]];
    refused(
        &build(&spec),
        "book.xlsx",
        "'aima'!C3: RA-EV-A-1 is `na` here but has no reason; `na` needs one",
    );
    spec.aima_rows = vec![vec!["assessment.date".into(), "20 Nov".into()]];
    refused(
        &build(&spec),
        "book.xlsx",
        "'aima'!B3: `20 Nov` is not a date (YYYY-MM-DD)",
    );
}

#[test]
fn csv_import_errors_name_the_line_and_column() {
    let header = "id,domain,practice,stream,level,question,answer,value,note,evidence,reason\n";
    let cases: BTreeMap<&str, &str> = BTreeMap::from([
        (
            "RA-EV-A-1,RA,RA-EV,RA-EV-A,1,q,maybe,,,,\n",
            "line 2, column `answer`: `maybe` is not an answer: expected yes, mostly, partly, no or na",
        ),
        (
            "RA-EV-A-1,RA,RA-EV,RA-EV-A,1,q,yes,2,,,\n",
            "line 2, column `value`: 2 does not match the answer `yes` (value 3)",
        ),
        (
            "RA-EV-A-1,RA,RA-EV,RA-EV-A,1,q,na,,,,\n",
            "line 2, column `reason`: RA-EV-A-1 is `na` without a reason",
        ),
        (
            "RA-EV-A-9,RA,RA-EV,RA-EV-A,1,q,yes,,,,\n",
            "line 2, column `id`: unknown question `RA-EV-A-9` in model owasp-aima@1.0",
        ),
        (
            "RA-EV-A-1,RA,RA-EV,RA-EV-B,1,q,yes,,,,\n",
            "line 2, column `stream`: `RA-EV-B` does not go with RA-EV-A-1 (expected `RA-EV-A`)",
        ),
        (
            "RA-EV-A-1,RA,RA-EV,RA-EV-A,1,q,yes,,,\n",
            "line 2: invalid CSV (the row has 10 fields; the header has 11)",
        ),
    ]);
    for (line, message) in cases {
        refused(format!("{header}{line}").as_bytes(), "a.csv", message);
    }
    refused(
        b"id,answer\nRA-EV-A-1,yes\n",
        "a.csv",
        &format!("line 1: expected the header `{}`", header.trim_end()),
    );
    let twice = format!("{header}RA-EV-A-1,,,,,,yes,,,,\nRA-EV-A-1,,,,,,no,,,,\n");
    refused(
        twice.as_bytes(),
        "a.csv",
        "line 3, column `id`: RA-EV-A-1 is given twice (first on line 2)",
    );
}

#[test]
fn csv_values_alone_are_answers_and_a_bom_is_accepted() {
    let text = "\u{feff}id,domain,practice,stream,level,question,answer,value,note,evidence,reason\r\n\
                GV-PC-B-2,,,,,,,2,,,\r\nGV-PC-B-3,GV,GV-PC,GV-PC-B,3,,Yes,,'=SUM(1),,\r\n";
    let (_dir, path) = file("a.csv", text.as_bytes());
    let (stdout, stderr, code) = captured(&["import", s(&path)]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, read_note(&path, "aima CSV").as_str())
    );
    assert!(stdout.contains("\n  GV-PC-B-2: mostly\n"));
    assert!(stdout.contains("\n  GV-PC-B-3:\n    answer: yes\n    note: \"=SUM(1)\"\n"));
    assert!(stdout.contains("(aima CSV)"));
}

#[test]
fn export_refuses_to_overwrite_an_input_and_writes_nothing_on_bad_answers() {
    let (dir, original) = file("rich.yaml", RICH.as_bytes());
    let (_, stderr, code) = captured(&["export", s(&original), "--to", "csv", "-o", s(&original)]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "error: -o {}: that is an answers file being read; write the export elsewhere\n",
            s(&original)
        )
    );
    assert_eq!(std::fs::read_to_string(&original).expect("kept"), RICH);
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  RA-EV-A-1: perhaps\n",
    )
    .expect("write");
    let out = dir.path().join("book.xlsx");
    let (_, _, code) = captured(&["export", s(&bad), "--to", "toolkit", "-o", s(&out)]);
    assert_eq!(code, 2);
    assert!(!out.exists());
}

#[test]
fn the_example_assessment_round_trips_through_the_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = repo_file("examples/acme-support-bot-2026-11.yaml");
    let book = dir.path().join("book.xlsx");
    let (_, err, code) = captured(&["export", s(&example), "--to", "toolkit", "-o", s(&book)]);
    assert_eq!(code, 0, "{err}");
    let back = dir.path().join("back.yaml");
    let (_, err, code) = captured(&["import", s(&book), "-o", s(&back)]);
    assert_eq!(code, 0, "{err}");
    let (diff, _, code) = captured(&["diff", s(&example), s(&back), "--fail-on-regression"]);
    assert_eq!(code, 0);
    assert!(diff.contains("No change: both assessments give the same answers and the same results."));
}

#[test]
fn csv_goes_to_stdout_with_a_dash_and_a_workbook_does_not() {
    let example = repo_file("examples/acme-support-bot-2026-11.yaml");
    let (stdout, stderr, code) = captured(&["export", s(&example), "--to", "csv", "-o", "-"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let rows: Vec<_> = reader.records().collect::<Result<_, _>>().expect("rfc 4180");
    assert_eq!(rows.len(), 144);
    let (_, stderr, code) = captured(&["export", s(&example), "--to", "toolkit", "-o", "-"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: -o -: a workbook is binary; give its file name, e.g. -o assessment.xlsx\n"
    );
}

/// The example workbook in examples/ is what `aima export` writes for the example
/// assessment, byte for byte (the workbook is dated as of the assessment).
/// Regenerate it with `AIMA_BLESS=1 cargo test --test interchange`.
#[test]
fn the_example_workbook_is_the_export_of_the_example_assessment() {
    let path = repo_file("examples/acme-support-bot-2026-11.xlsx");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("book.xlsx");
    let example = repo_file("examples/acme-support-bot-2026-11.yaml");
    let (_, err, code) = captured(&["export", s(&example), "--to", "toolkit", "-o", s(&out)]);
    assert_eq!(code, 0, "{err}");
    let expected = std::fs::read(&out).expect("export");
    if common::bless() {
        std::fs::write(&path, &expected).expect("bless");
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is stale: regenerate it with AIMA_BLESS=1",
        path.display()
    );
}

/// The CSV cells of the hostile answers (id, then answer to reason, as Rust strings so that
/// tabs, CRs and line breaks show): every formula-like cell carries its `'`.
#[test]
fn csv_of_hostile_answers() {
    let (dir, original) = file("rich.yaml", RICH.as_bytes());
    // To a file: a pipe is refused the raw controls these answers hold (docs/security.md).
    let csv_file = dir.path().join("rich.csv");
    let (_, stderr, code) = captured(&["export", s(&original), "--to", "csv", "-o", s(&csv_file)]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let stdout = std::fs::read_to_string(&csv_file).expect("written");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(stdout.as_bytes());
    let rows: Vec<String> = reader
        .records()
        .map(|r| r.expect("rfc 4180"))
        .filter(|r| r.iter().skip(6).any(|cell| !cell.is_empty()))
        .map(|r| {
            format!(
                "{:?}",
                std::iter::once(&r[0]).chain(r.iter().skip(6)).collect::<Vec<_>>()
            )
        })
        .collect();
    insta::assert_snapshot!("csv_of_hostile_answers", rows.join("\n"));
}
