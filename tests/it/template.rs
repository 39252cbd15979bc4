//! `aima export … --to toolkit --template BOOK.xlsx`: the user's own copy of the official
//! workbook, filled. Templates are built here (tests/it/common/toolkit_book.rs) with what a
//! real copy holds besides the layout: a logo, an extra sheet, styles, the answer dropdown, a
//! defined name. Every part aima does not change must come back byte for byte.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::toolkit_book;
use crate::common::{self, captured, repo_file};
use toolkit_book::{Cell, PRACTICES, Spec, build, row};

const EXAMPLE: &str = "examples/acme-support-bot-2026-11.yaml";

/// The parts aima rewrites when it fills a template without a sheet `aima`.
const CHANGED: [&str; 5] = [
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet3.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
];

fn template(dir: &Path, spec: &Spec) -> PathBuf {
    let path = dir.join("BOOK.xlsx");
    std::fs::write(&path, build(spec)).expect("write template");
    path
}

fn real_copy() -> Spec {
    Spec {
        extras: true,
        ..Spec::default()
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Every entry of a zip: name → (uncompressed bytes, compressed bytes, method, CRC).
fn entries(path: &Path) -> BTreeMap<String, (Vec<u8>, u64, u32)> {
    let bytes = std::fs::read(path).expect("read zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let (size, crc) = (entry.compressed_size(), entry.crc32());
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflate");
        out.insert(name, (data, size, crc));
    }
    out
}

fn export(files: &[&str], book: &Path, out: &Path) -> (String, String, i32) {
    let mut args = vec!["export"];
    args.extend_from_slice(files);
    args.extend(["--to", "toolkit", "--template", s(book), "-o", s(out)]);
    captured(&args)
}

/// Exports `files` into `book`, expecting success.
fn filled(files: &[&str], book: &Path, out: &Path) {
    let (stdout, stderr, code) = export(files, book, out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(&format!("wrote {}: ", out.display())),
        "{stdout}"
    );
}

#[test]
fn every_unchanged_part_is_the_templates_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = template(dir.path(), &real_copy());
    let out = dir.path().join("OUT.xlsx");
    let example = repo_file(EXAMPLE);
    filled(&[s(&example)], &book, &out);
    let before = entries(&book);
    let after = entries(&out);
    for (name, part) in &before {
        if CHANGED.contains(&name.as_str()) {
            continue;
        }
        assert_eq!(after.get(name), Some(part), "{name} changed");
    }
    assert!(
        before.keys().any(|n| n.starts_with("xl/media/")),
        "the template has its logo"
    );
    assert!(
        before.contains_key("xl/worksheets/sheet4.xml"),
        "and its extra sheet"
    );
    let added: Vec<&String> = after.keys().filter(|n| !before.contains_key(*n)).collect();
    assert_eq!(added, vec!["xl/worksheets/sheet_aima.xml"]);
    // Of the workbook part only the new sheet and the recalculation flag are new.
    let text = |m: &BTreeMap<String, (Vec<u8>, u64, u32)>| {
        String::from_utf8(m["xl/workbook.xml"].0.clone()).unwrap()
    };
    let (old, new) = (text(&before), text(&after));
    assert!(
        old.contains("PracticeScores"),
        "the defined name is in the template"
    );
    assert!(new.contains("<definedName name=\"PracticeScores\">"), "and stays");
    assert!(
        new.contains("<sheet name=\"aima\" sheetId=\"5\" r:id=\"rIdAima1\"/></sheets>"),
        "{new}"
    );
    assert!(new.contains("fullCalcOnLoad=\"1\""));
}

/// Cell values of every sheet as calamine reads them: (sheet, row, col) → text.
fn cells(path: &Path) -> BTreeMap<(String, u32, u32), String> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).expect("open");
    let mut out = BTreeMap::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        for (r, c, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            out.insert((name.clone(), r0 + r as u32, c0 + c as u32), v.to_string());
        }
    }
    out
}

#[test]
fn only_answer_note_and_score_cells_change_in_the_sheets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = template(dir.path(), &real_copy());
    let out = dir.path().join("OUT.xlsx");
    filled(&[s(&repo_file(EXAMPLE))], &book, &out);
    let (before, after) = (cells(&book), cells(&out));
    let question_rows: Vec<u32> = PRACTICES
        .iter()
        .flat_map(|(code, _)| ["A-1", "B-1", "A-2", "B-2", "A-3", "B-3"].map(|x| row(&format!("{code}-{x}"))))
        .collect();
    let aima_writes = |(sheet, r, c): &(String, u32, u32)| {
        sheet == "aima"
            || sheet == "Assessment Questions" && question_rows.contains(&(r + 1)) && matches!(c, 4..=6)
    };
    let kept = |m: &BTreeMap<(String, u32, u32), String>| -> BTreeMap<(String, u32, u32), String> {
        m.iter()
            .filter(|(k, _)| !aima_writes(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    assert_eq!(kept(&before), kept(&after));
    let place = |code: &str, c: u32| ("Assessment Questions".to_string(), row(code) - 1, c);
    assert_eq!(after[&place("GV-PC-A-1", 4)], "3");
    assert_eq!(after[&place("RA-EV-A-1", 5)], format!("{}", 13.0 / 6.0));
    assert_eq!(
        after.get(&place("DM-DT-B-3", 4)).map(String::as_str),
        Some("To evaluate"),
        "n/a stays To evaluate"
    );
}

/// What `aima score --format json` says of a file, without the file names.
fn score(path: &Path) -> serde_json::Value {
    let (stdout, stderr, code) = captured(&["score", "--format", "json", s(path)]);
    assert_eq!(code, 0, "{stderr}");
    let mut v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    v.as_object_mut().expect("object").remove("files");
    if let Some(a) = v.get_mut("assessment").and_then(|a| a.as_object_mut()) {
        a.remove("files");
    }
    v
}

#[test]
fn importing_the_filled_workbook_gives_back_the_assessment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = template(dir.path(), &real_copy());
    let out = dir.path().join("OUT.xlsx");
    let example = repo_file(EXAMPLE);
    filled(&[s(&example)], &book, &out);
    let back = dir.path().join("back.yaml");
    let (_, stderr, code) = captured(&["import", s(&out), "-o", s(&back)]);
    assert_eq!(code, 0, "{stderr}");
    let (back, example_answers) = (common::load(&back), common::load(&example));
    assert_eq!(back.answers, example_answers.answers);
    assert_eq!(back.metadata, example_answers.metadata);
    assert_eq!(back.targets, example_answers.targets);
    assert_eq!(score(&dir.path().join("back.yaml")), score(&example));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = template(dir.path(), &real_copy());
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    filled(&[s(&repo_file(EXAMPLE))], &book, &a);
    filled(&[s(&repo_file(EXAMPLE))], &book, &b);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn hostile_notes_stay_text_and_come_back_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let notes = [
        ("GV-PC-A-1", "=HYPERLINK(\"http://x\",\"y\")"),
        ("GV-PC-A-2", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("GV-PC-B-1", "a\u{7}bell and _x0041_ literal & <script>x</script>"),
        ("GV-PC-B-2", "line one\nline two\ttab"),
    ];
    let mut yaml = String::from("aima: 1\nmodel: owasp-aima@1.0\nanswers:\n");
    for (code, note) in notes {
        yaml.push_str(&format!(
            "  {code}:\n    answer: yes\n    note: {}\n",
            serde_json::to_string(note).unwrap()
        ));
    }
    let answers = dir.path().join("a.yaml");
    std::fs::write(&answers, yaml).unwrap();
    let book = template(dir.path(), &Spec::default());
    let out = dir.path().join("OUT.xlsx");
    filled(&[s(&answers)], &book, &out);
    let sheet = String::from_utf8(entries(&out)["xl/worksheets/sheet2.xml"].0.clone()).unwrap();
    assert!(!sheet.contains("<f>HYPERLINK"), "a note never becomes a formula");
    assert!(sheet.contains("_x0007_") && sheet.contains("_x005F_x0041_") && sheet.contains("&lt;script&gt;"));
    let back = dir.path().join("back.yaml");
    let (_, stderr, code) = captured(&["import", s(&out), "-o", s(&back)]);
    assert_eq!(code, 0, "{stderr}");
    let loaded = common::load(&back);
    for (code, note) in notes {
        assert_eq!(loaded.answers[code].note.as_deref(), Some(note), "{code}");
    }
}

/// Runs an export that must fail: exit 2, one `error:` line, no OUT written.
fn refused(book: &Path, answers: &Path) -> String {
    let out = book.with_file_name("OUT.xlsx");
    let (stdout, stderr, code) = export(&[s(answers)], book, &out);
    assert_eq!((stdout.as_str(), code), ("", 2), "{stderr}");
    assert!(!out.exists(), "nothing written");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn a_template_with_its_own_edits_is_refused_at_the_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = repo_file(EXAMPLE);
    let cases: [(Spec, String); 4] = [
        (
            Spec {
                answers: [(row("RA-EV-A-2"), Cell::Formula(2.0))].into(),
                ..Spec::default()
            },
            format!(
                "'Assessment Questions'!E{}: holds a formula where aima writes an answer",
                row("RA-EV-A-2")
            ),
        ),
        (
            Spec {
                answers: [(row("RA-EV-A-1"), Cell::Number(1.0))].into(),
                ..Spec::default()
            },
            format!(
                "'Assessment Questions'!E{}: holds the number 1 of its own",
                row("RA-EV-A-1")
            ),
        ),
        (
            Spec {
                notes: [(row("OP-OM-B-3"), "our own note".to_string())].into(),
                ..Spec::default()
            },
            format!(
                "'Assessment Questions'!G{}: holds the text `our own note` of its own",
                row("OP-OM-B-3")
            ),
        ),
        (
            Spec {
                v1_0: true,
                ..Spec::default()
            },
            "'Assessment Questions'!F7: the practice score formula is `=SUM(E7:E12)/2`, not the v1.0.1"
                .to_string(),
        ),
    ];
    for (spec, expected) in cases {
        let book = template(dir.path(), &spec);
        let stderr = refused(&book, &example);
        assert!(
            stderr.starts_with(&format!("error: {}: {expected}", book.display())),
            "{stderr}"
        );
    }
}

#[test]
fn a_template_that_is_not_the_layout_or_not_a_workbook_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = repo_file(EXAMPLE);
    let renamed = template(
        dir.path(),
        &Spec {
            sheet_name: Some("Questions".into()),
            ..Spec::default()
        },
    );
    assert!(refused(&renamed, &example).contains("no sheet `Assessment Questions`"));
    let book = dir.path().join("BOOK.xlsx");
    let bytes = build(&Spec::default());
    std::fs::write(&book, &bytes[..bytes.len() / 2]).unwrap();
    assert!(refused(&book, &example).contains("BOOK.xlsx: "));
    std::fs::write(&book, "aima: 1\n").unwrap();
    assert!(refused(&book, &example).contains("BOOK.xlsx: "));
}

#[test]
fn the_template_is_never_the_output_and_goes_with_toolkit_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = template(dir.path(), &Spec::default());
    let original = std::fs::read(&book).unwrap();
    let example = repo_file(EXAMPLE);
    let (_, stderr, code) = export(&[s(&example)], &book, &book);
    assert_eq!(code, 2);
    assert!(stderr.contains("that is the template"), "{stderr}");
    assert_eq!(std::fs::read(&book).unwrap(), original);
    let csv = dir.path().join("a.csv");
    let (_, stderr, code) = captured(&[
        "export",
        s(&example),
        "--to",
        "csv",
        "--template",
        s(&book),
        "-o",
        s(&csv),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--template goes with --to toolkit"), "{stderr}");
}

/// LibreOffice opens the filled workbook and shows the new practice scores (every sheet
/// converted to CSV by `soffice --headless`, which .ci/run installs).
#[test]
fn libreoffice_opens_the_filled_workbook_and_shows_the_new_scores() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = template(dir.path(), &real_copy());
    let out = dir.path().join("OUT.xlsx");
    let example = repo_file(EXAMPLE);
    filled(&[s(&example)], &book, &out);
    let profile = dir.path().join("lo-profile");
    let status = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &format!("-env:UserInstallation=file://{}", profile.display()),
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            s(dir.path()),
            s(&out),
        ])
        .output()
        .expect("soffice runs (LibreOffice Calc is installed by .ci/run)");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let csv = std::fs::read_to_string(dir.path().join("OUT-Assessment Questions.csv")).expect("sheet as CSV");
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| r.expect("csv row").iter().map(str::to_string).collect())
        .collect();
    let expected = expected_scores(&example);
    for (i, (code, _)) in PRACTICES.iter().enumerate() {
        let r = row(&format!("{code}-A-1")) as usize - 1;
        let shown: f64 = rows[r][5]
            .parse()
            .unwrap_or_else(|_| panic!("F{} of {code}: {:?}", r + 1, rows[r]));
        assert!(
            (shown - expected[i]).abs() < 1e-9,
            "{code}: LibreOffice shows {shown}, aima {}",
            expected[i]
        );
    }
}

/// SUM(E)/6 per practice from the answers, as the workbook computes it (n/a counts 0).
fn expected_scores(answers: &Path) -> Vec<f64> {
    let assessment = common::load(answers);
    PRACTICES
        .iter()
        .map(|(code, _)| {
            let sum: u32 = ["A-1", "B-1", "A-2", "B-2", "A-3", "B-3"]
                .iter()
                .filter_map(|x| assessment.word(&format!("{code}-{x}")).and_then(|w| w.value()))
                .map(u32::from)
                .sum();
            f64::from(sum) / 6.0
        })
        .collect()
}
