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
