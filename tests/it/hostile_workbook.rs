//! Hostile workbooks (issue 20, docs/security.md "Workbooks"): each is built here, and each
//! must end in one `error:` line naming the file, exit 2 and nothing written, or import as
//! the cells present say, in time bounded by what the file holds.

use std::io::{Read, Write};
use std::path::Path;

use crate::common::captured;
use crate::common::toolkit_book::{Spec, build};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Imports `bytes` as `book.xlsx` with `-o`, and returns (stdout, stderr, code, written).
fn import(bytes: &[u8]) -> (String, String, i32, bool, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("book.xlsx");
    std::fs::write(&book, bytes).expect("write");
    let out = dir.path().join("out.yaml");
    let (stdout, stderr, code) = captured(&["import", s(&book), "-o", s(&out)]);
    let written = out.exists();
    (stdout, stderr, code, written, s(&book).to_string())
}

fn refused(bytes: &[u8], message: &str) {
    let (stdout, stderr, code, written, book) = import(bytes);
    assert_eq!(stderr, format!("error: {book}: {message}\n"));
    assert_eq!((code, stdout.as_str(), written), (2, "", false));
}

/// The entries of a zip, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read");
            (entry.name().expect("name").to_string(), data)
        })
        .collect()
}

/// A zip of `entries`; the ones named in `stored` are not compressed.
fn zipped(entries: &[(String, Vec<u8>)], stored: &[&str]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        let method = if stored.contains(&name.as_str()) {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(name.as_str(), options).expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A workbook built from the layout with one part changed.
fn with_part(name: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    let mut parts = entries(&build(&Spec::default()));
    let part = parts.iter_mut().find(|(n, _)| n == name).expect("part");
    part.1 = change(std::str::from_utf8(&part.1).expect("utf-8")).into_bytes();
    zipped(&parts, &[])
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip written by hand: one stored entry `data` at offset 0 (with checksum `crc`), and one
/// central-directory record per name, every record pointing at that entry.
fn aliased_zip(data: &[u8], crc: u32, names: &[String]) -> Vec<u8> {
    let size = (data.len() as u32).to_le_bytes();
    let mut out = Vec::new();
    let first = names[0].as_bytes();
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size);
    out.extend_from_slice(&size);
    out.extend_from_slice(&(first.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(first);
    out.extend_from_slice(data);
    let directory = out.len() as u32;
    for name in names {
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size);
        out.extend_from_slice(&size);
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0; 12]);
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
    }
    let length = out.len() as u32 - directory;
    let count = (names.len() as u16).to_le_bytes();
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&count);
    out.extend_from_slice(&count);
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&directory.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

#[test]
fn a_shared_string_table_that_declares_more_than_it_holds_is_refused() {
    for declared in ["1000000000000", "18446744073709551615", "99999999999999999999999"] {
        let book = with_part("xl/sharedStrings.xml", |xml| {
            let at = xml.find("uniqueCount=\"").expect("uniqueCount") + 13;
            let end = at + xml[at..].find('"').expect("quote");
            format!("{}{declared}{}", &xml[..at], &xml[end..])
        });
        assert!(book.len() < 30_000);
        let held = {
            let xml = &entries(&book)
                .into_iter()
                .find(|(n, _)| n == "xl/sharedStrings.xml")
                .expect("sst")
                .1;
            String::from_utf8_lossy(xml).matches("<si>").count()
        };
        let shown = if declared.len() > 20 {
            u64::MAX.to_string()
        } else {
            declared.to_string()
        };
        refused(
            &book,
            &format!(
                "the workbook is damaged: `xl/sharedStrings.xml` declares {shown} strings (uniqueCount) but holds {held}"
            ),
        );
    }
}

#[test]
fn one_huge_shared_string_named_by_many_cells_is_counted_in_bytes() {
    // `To evaluate` is the shared string of all 144 answer cells; make it 20 MB.
    let huge = "a".repeat(20 * 1024 * 1024);
    let book = with_part("xl/sharedStrings.xml", |xml| {
        assert!(xml.contains("<t>To evaluate</t>"), "{xml}");
        xml.replacen("<t>To evaluate</t>", &format!("<t>{huge}</t>"), 1)
    });
    assert!(book.len() < 200_000, "{} bytes on disk", book.len());
    refused(
        &book,
        "sheet `Assessment Questions` has over 8 MiB of text in its cells: not an AIMA Toolkit workbook",
    );
}

#[test]
fn an_entry_that_fails_its_checksum_is_refused() {
    // A real workbook whose stored shared-string table has one byte changed after zipping.
    let parts = entries(&build(&Spec::default()));
    let mut book = zipped(&parts, &["xl/sharedStrings.xml"]);
    let at = book
        .windows(13)
        .position(|w| w == b"PRACTICE AREA")
        .expect("stored text");
    book[at + 12] = b'B';
    refused(
        &book,
        "the workbook is damaged: the zip entry `xl/sharedStrings.xml` fails its checksum (CRC-32)",
    );
    // A large entry whose checksum fails is refused, not counted as 0 bytes.
    let data = vec![b'x'; 4 * 1024 * 1024];
    let bad = aliased_zip(&data, crc32(&data) ^ 1, &["xl/a.xml".to_string()]);
    refused(
        &bad,
        "the workbook is damaged: the zip entry `xl/a.xml` fails its checksum (CRC-32)",
    );
    let good = aliased_zip(&data, crc32(&data), &["xl/a.xml".to_string()]);
    let (_, stderr, code, _, _) = import(&good);
    assert_eq!(code, 2);
    assert!(!stderr.contains("checksum"), "{stderr}");
}

#[test]
fn directory_records_that_share_one_entry_are_refused() {
    let data = vec![b'x'; 1024 * 1024];
    let names: Vec<String> = (0..1_000).map(|i| format!("xl/p{i:04}.xml")).collect();
    let book = aliased_zip(&data, crc32(&data), &names);
    refused(
        &book,
        "the workbook is damaged: the zip entries `xl/p0000.xml` and `xl/p0001.xml` share their bytes (a zip bomb?)",
    );
}

#[test]
fn a_zip_of_too_many_entries_is_refused_before_any_is_read() {
    let names: Vec<String> = (0..60_000).map(|i| format!("xl/p{i:05}.xml")).collect();
    let book = aliased_zip(b"<x/>", crc32(b"<x/>"), &names);
    refused(
        &book,
        "the workbook has 60000 zip entries (at most 1000): not an AIMA Toolkit workbook",
    );
}

/// A workbook with a sheet `aima`, changed in that sheet's XML (sheet4).
fn with_aima_sheet(change: impl Fn(&str) -> String) -> Vec<u8> {
    let spec = Spec {
        aima_rows: vec![
            vec!["key".into(), "value".into()],
            vec!["aima".into(), "1".into()],
            vec!["model".into(), "owasp-aima@1.0".into()],
            vec!["assessment.organization".into(), "Acme".into()],
        ],
        ..Spec::default()
    };
    let mut parts = entries(&build(&spec));
    let part = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet4.xml")
        .expect("sheet aima");
    part.1 = change(std::str::from_utf8(&part.1).expect("utf-8")).into_bytes();
    zipped(&parts, &[])
}

#[test]
fn one_far_cell_costs_nothing() {
    // The last row a spreadsheet has, and the last row a cell reference can name: aima reads
    // the rows that hold cells, never every row up to the last one.
    for r in ["1048576", "4294967295"] {
        let far = format!(r#"<row r="{r}"><c r="Z{r}" t="inlineStr"><is><t>far</t></is></c></row>"#);
        let book = with_aima_sheet(|xml| xml.replace("</sheetData>", &format!("{far}</sheetData>")));
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("book.xlsx");
        std::fs::write(&path, &book).expect("write");
        let out = dir.path().join("out.yaml");
        let (stdout, stderr, code) = captured(&["import", s(&path), "-o", s(&out)]);
        let note = format!("note: {}: read as AIMA Toolkit v1.0.1 workbook\n", s(&path));
        assert_eq!((code, stderr.as_str()), (0, note.as_str()), "row {r}");
        assert!(stdout.ends_with("0 of 144 questions answered\n"), "{stdout}");
        let yaml = std::fs::read_to_string(&out).expect("written");
        assert!(yaml.contains("organization: Acme"), "{yaml}");
    }
}

/// A workbook whose `Assessment Questions` (sheet2) has `n` more merged ranges, far below
/// the questions, and a cell in the last row.
fn with_merged(n: usize) -> Vec<u8> {
    let mut parts = entries(&build(&Spec::default()));
    let part = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet2.xml")
        .expect("sheet");
    let xml = String::from_utf8(part.1.clone()).expect("utf-8");
    let ranges: String = (0..n)
        .map(|i| format!(r#"<mergeCell ref="J{r}:K{r}"/>"#, r = 1000 + i))
        .collect();
    let last = r#"<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>end</t></is></c></row>"#;
    let xml = xml.replace("</sheetData>", &format!("{last}</sheetData>"));
    let xml = match xml.find("<mergeCells count=\"") {
        Some(at) => {
            let open_end = at + xml[at..].find('>').expect(">") + 1;
            format!("{}<mergeCells>{ranges}{}", &xml[..at], &xml[open_end..])
        }
        None => xml.replace(
            "</sheetData>",
            &format!("</sheetData><mergeCells>{ranges}</mergeCells>"),
        ),
    };
    part.1 = xml.into_bytes();
    zipped(&parts, &[])
}

#[test]
fn many_merged_ranges_cost_little_and_too_many_are_refused() {
    let (stdout, stderr, code, written, _) = import(&with_merged(9_000));
    assert_eq!((code, written), (0, true), "{stderr}");
    assert!(stdout.ends_with("0 of 144 questions answered\n"), "{stdout}");
    refused(
        &with_merged(10_001),
        "sheet `Assessment Questions` has over 10000 merged ranges: not an AIMA Toolkit workbook",
    );
}

/// A workbook whose sheet `aima` gives `assessment.date` as the number `serial` in a date
/// style (a cell format added for it, Excel's built-in date format 14).
fn with_date_serial(serial: &str) -> Vec<u8> {
    let spec = Spec {
        aima_rows: vec![
            vec!["key".into(), "value".into()],
            vec!["aima".into(), "1".into()],
            vec!["model".into(), "owasp-aima@1.0".into()],
            vec!["assessment.date".into(), "2026-01-01".into()],
        ],
        ..Spec::default()
    };
    let mut parts = entries(&build(&spec));
    let styles = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/styles.xml")
        .expect("styles");
    let xml = String::from_utf8(styles.1.clone()).expect("utf-8");
    let count_at = xml.find("<cellXfs count=\"").expect("cellXfs") + 16;
    let count: String = xml[count_at..].chars().take_while(char::is_ascii_digit).collect();
    let n: usize = count.parse().expect("count");
    let xml = xml.replacen(
        &format!("<cellXfs count=\"{n}\""),
        &format!("<cellXfs count=\"{}\"", n + 1),
        1,
    );
    let date = r#"<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#;
    styles.1 = xml
        .replacen("</cellXfs>", &format!("{date}</cellXfs>"), 1)
        .into_bytes();
    let aima = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet4.xml")
        .expect("sheet aima");
    let xml = String::from_utf8(aima.1.clone()).expect("utf-8");
    let start = xml.find("<c r=\"B6\"").expect("the date's value cell");
    let end = start + xml[start..].find("</c>").expect("its end") + 4;
    let cell = format!("<c r=\"B6\" s=\"{n}\"><v>{serial}</v></c>");
    aima.1 = format!("{}{cell}{}", &xml[..start], &xml[end..]).into_bytes();
    zipped(&parts, &[])
}

#[test]
fn a_date_cell_of_no_day_is_refused_at_its_cell() {
    let (_, stderr, code, _, _) = import(&with_date_serial("46000"));
    assert_eq!(code, 0, "{stderr}");
    for serial in ["1e300", "NaN", "-5", "3000000"] {
        let (stdout, stderr, code, written, book) = import(&with_date_serial(serial));
        let shown = serial.parse::<f64>().expect("number");
        assert_eq!(
            stderr,
            format!("error: {book}: 'aima'!B6: the date cell holds {shown}, not a day Excel can show\n"),
            "{serial}"
        );
        assert_eq!((code, stdout.as_str(), written), (2, "", false), "{serial}");
    }
}

#[test]
fn a_hundred_thousand_sheet_names_give_one_short_error_line() {
    let book = with_part("xl/workbook.xml", |xml| {
        let start = xml.find("<sheets>").expect("sheets") + "<sheets>".len();
        let end = xml.find("</sheets>").expect("sheets end");
        let first = &xml[start..end];
        let first = &first[..first.find("/>").expect("a sheet") + 2];
        let id = first
            .split("r:id=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("r:id");
        let many: String = (0..100_000)
            .map(|i| format!("<sheet name=\"s{i}\" sheetId=\"{}\" r:id=\"{id}\"/>", i + 1))
            .collect();
        format!("{}{many}{}", &xml[..start], &xml[end..])
    });
    let (stdout, stderr, code, written, book_path) = import(&book);
    let listed: Vec<String> = (0..10).map(|i| format!("`s{i}`")).collect();
    assert_eq!(
        stderr,
        format!(
            "error: {book_path}: no sheet `Assessment Questions` (the sheets are {}, and 99990 more): \
             not an AIMA Toolkit workbook, or the sheet was renamed\n",
            listed.join(", ")
        )
    );
    assert_eq!((code, stdout.as_str(), written), (2, "", false));
}

#[test]
fn a_note_longer_than_a_cell_holds_is_refused_on_import() {
    let at = crate::common::toolkit_book::row("GV-SM-A-1");
    let mut spec = Spec::default();
    spec.notes.insert(at, "NOTEMARK".to_string());
    let mut parts = entries(&build(&spec));
    let strings = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .expect("strings");
    let xml = String::from_utf8(strings.1.clone()).expect("utf-8");
    strings.1 = xml.replace("NOTEMARK", &"n".repeat(32_768)).into_bytes();
    let (stdout, stderr, code, written, book) = import(&zipped(&parts, &[]));
    assert_eq!(
        stderr,
        format!(
            "error: {book}: a note, reason or evidence item of GV-SM-A-1: the text has 32768 characters, \
             more than a workbook cell holds (32767, Excel's limit), so aima could not export it back; \
             shorten it\n"
        )
    );
    assert_eq!((code, stdout.as_str(), written), (2, "", false));
}
