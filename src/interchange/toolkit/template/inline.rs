//! Makes the sheet `aima` of a workbook aima wrote stand alone, to be put into the user's
//! own workbook: shared strings become inline strings, and styles and the tab selection are
//! dropped (they would point into the other workbook's parts).

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

use super::package::Package;
use super::sheet::{escape_text, shared_strings};

/// The first worksheet of `book` (a workbook of one sheet) as standalone XML.
pub fn standalone_sheet(book: &[u8]) -> Result<Vec<u8>, String> {
    let mut pkg = Package::open(book)?;
    let sst = if pkg.has("xl/sharedStrings.xml") {
        shared_strings(&pkg.part("xl/sharedStrings.xml")?)?
    } else {
        Vec::new()
    };
    let xml = pkg.part("xl/worksheets/sheet1.xml")?;
    let mut reader = Reader::from_reader(xml.as_slice());
    reader.config_mut().trim_text(false);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() * 2));
    let mut shared_cell = false;
    let mut in_value = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("the sheet `aima` is damaged ({e})"))?;
        let out = match event {
            Event::Eof => break,
            Event::Start(e) if e.local_name().into_inner() == "c" => {
                shared_cell = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.as_ref() == "t" && a.value.as_ref() == "s");
                Event::Start(strip(&e, shared_cell))
            }
            Event::Empty(e) if is_styled(e.local_name().into_inner()) => Event::Empty(strip(&e, false)),
            Event::Start(e) if is_styled(e.local_name().into_inner()) => Event::Start(strip(&e, false)),
            Event::Start(e) if shared_cell && e.local_name().into_inner() == "v" => {
                in_value = true;
                continue;
            }
            Event::Text(t) if in_value => {
                let text = t
                    .xml10_content()
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| sst.get(i))
                    .ok_or("the sheet `aima` names a string it lacks")?;
                let inline = format!("<is><t xml:space=\"preserve\">{}</t></is>", escape_text(text));
                writer.get_mut().extend_from_slice(inline.as_bytes());
                continue;
            }
            Event::End(e) if in_value && e.local_name().into_inner() == "v" => {
                in_value = false;
                continue;
            }
            other => other,
        };
        writer
            .write_event(out)
            .map_err(|e| format!("cannot write the sheet `aima` ({e})"))?;
    }
    Ok(writer.into_inner())
}

/// Elements whose attributes may point at the other workbook's styles or selection.
fn is_styled(local: &str) -> bool {
    matches!(local, "c" | "row" | "col" | "sheetView")
}

/// The element without `s`, `style`, `customFormat` and `tabSelected`; a shared-string
/// cell becomes an inline-string one.
fn strip(e: &BytesStart<'_>, shared: bool) -> BytesStart<'static> {
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    for a in e.attributes().flatten() {
        match a.key.as_ref() {
            "s" | "style" | "customFormat" | "tabSelected" => {}
            "t" if shared => out.push_attribute(("t", "inlineStr")),
            _ => out.push_attribute(a),
        }
    }
    out
}
