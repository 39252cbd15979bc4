//! A streaming editor of one worksheet's XML: every event passes through as it was read,
//! except the cells asked for, which a caller may replace (or add where they are absent).
//! So a sheet keeps its styles, merges, validations and formulas byte for byte outside the
//! cells aima writes (docs/interchange.md, "Filling your own copy").

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

/// A cell by 1-based row and 0-based column.
pub type At = (u32, u16);

/// What a cell holds, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Number(f64),
    Text(String),
    /// A logical or an error value (`t="b"`, `t="e"`).
    Other(String),
}

/// A cell as found: its value and whether it holds a formula.
#[derive(Debug, Clone, PartialEq)]
pub struct Existing {
    pub value: Value,
    pub formula: bool,
    /// The formula's text, when it has one of its own (not a shared formula's follower).
    pub formula_text: Option<String>,
}

/// What to write into a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum NewCell {
    Number(f64),
    Text(String),
    /// Keep the cell's formula; its cached result becomes this number.
    Cached(f64),
}

/// Decides, for each cell asked for, whether to keep it (`None`) or what to write.
pub type Decide<'a> = dyn FnMut(At, &Existing) -> Result<Option<NewCell>, String> + 'a;

/// Rewrites `xml`, asking `decide` about every cell in `wanted` (absent ones included).
pub fn edit(
    xml: &[u8],
    wanted: &BTreeSet<At>,
    sst: &[String],
    decide: &mut Decide<'_>,
) -> Result<Vec<u8>, String> {
    let mut editor = Editor {
        reader: Reader::from_reader(xml),
        writer: Writer::new(Vec::with_capacity(xml.len() + 4096)),
        pending: group_by_row(wanted),
        sst,
        row: None,
        next_col: 0,
    };
    editor.reader.config_mut().trim_text(false);
    editor.run(decide)?;
    Ok(editor.writer.into_inner())
}

fn group_by_row(wanted: &BTreeSet<At>) -> BTreeMap<u32, BTreeSet<u16>> {
    let mut rows: BTreeMap<u32, BTreeSet<u16>> = BTreeMap::new();
    for (r, c) in wanted {
        rows.entry(*r).or_default().insert(*c);
    }
    rows
}

struct Editor<'x, 's> {
    reader: Reader<&'x [u8]>,
    writer: Writer<Vec<u8>>,
    /// Cells not yet seen, by row.
    pending: BTreeMap<u32, BTreeSet<u16>>,
    sst: &'s [String],
    /// The row being read and the prefix its elements use (`x:` or none).
    row: Option<(u32, String)>,
    /// The column a cell without `r` stands in.
    next_col: u16,
}

impl Editor<'_, '_> {
    fn run(&mut self, decide: &mut Decide<'_>) -> Result<(), String> {
        loop {
            let event = self
                .reader
                .read_event()
                .map_err(|e| xml_error(&self.reader, &e))?;
            match &event {
                Event::Eof => return Ok(()),
                Event::Start(e) if e.local_name().into_inner() == "row" => {
                    self.start_row(e, decide)?;
                    self.put(event)?;
                }
                Event::Empty(e) if e.local_name().into_inner() == "row" => {
                    self.empty_row(e.clone().into_owned(), decide)?
                }
                Event::End(e) if e.local_name().into_inner() == "row" => {
                    self.finish_row(decide)?;
                    self.put(event)?;
                }
                Event::End(e) if e.local_name().into_inner() == "sheetData" => {
                    self.rows_before(u32::MAX, "", decide)?;
                    self.put(event)?;
                }
                Event::Start(e) | Event::Empty(e)
                    if self.row.is_some() && e.local_name().into_inner() == "c" =>
                {
                    let empty = matches!(event, Event::Empty(_));
                    self.cell(e.clone().into_owned(), empty, decide)?;
                }
                _ => self.put(event)?,
            }
        }
    }

    fn put(&mut self, event: Event<'_>) -> Result<(), String> {
        self.writer
            .write_event(event)
            .map_err(|e| format!("cannot write the sheet: {e}"))
    }

    fn start_row(&mut self, e: &BytesStart<'_>, decide: &mut Decide<'_>) -> Result<(), String> {
        let r = attr(e, "r")
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or_else(|| self.row.as_ref().map_or(1, |(r, _)| r + 1));
        let prefix = prefix_of(e);
        self.rows_before(r, &prefix, decide)?;
        self.row = Some((r, prefix));
        self.next_col = 0;
        Ok(())
    }

    /// `<row r="9"/>`: a row with no cells, opened when a wanted cell is to be added.
    fn empty_row(&mut self, e: BytesStart<'static>, decide: &mut Decide<'_>) -> Result<(), String> {
        self.start_row(&e, decide)?;
        let (r, prefix) = self.row.clone().unwrap_or_default();
        let cells = self.absent_cells(r, u16::MAX, decide)?;
        if cells.is_empty() {
            self.put(Event::Empty(e))?;
        } else {
            self.put(Event::Start(e.borrow()))?;
            for (at, new) in cells {
                self.write_new(at, &prefix, None, &new)?;
            }
            self.put(Event::End(e.to_end().into_owned()))?;
        }
        self.row = None;
        Ok(())
    }

    fn finish_row(&mut self, decide: &mut Decide<'_>) -> Result<(), String> {
        if let Some((r, prefix)) = self.row.take() {
            for (at, new) in self.absent_cells(r, u16::MAX, decide)? {
                self.write_new(at, &prefix, None, &new)?;
            }
        }
        Ok(())
    }

    /// Wanted cells of rows above `r` that the sheet lacks: new rows, when `decide` fills them.
    fn rows_before(&mut self, r: u32, prefix: &str, decide: &mut Decide<'_>) -> Result<(), String> {
        let rows: Vec<u32> = self.pending.range(..r).map(|(k, _)| *k).collect();
        for row in rows {
            let cells = self.absent_cells(row, u16::MAX, decide)?;
            if cells.is_empty() {
                continue;
            }
            let open = format!("{prefix}row");
            let mut start = BytesStart::new(open.as_str());
            start.push_attribute(("r", row.to_string().as_str()));
            self.put(Event::Start(start.borrow()))?;
            for (at, new) in cells {
                self.write_new(at, prefix, None, &new)?;
            }
            self.put(Event::End(start.to_end()))?;
        }
        Ok(())
    }

    /// Asks about the wanted cells of row `r` before column `before` that were not seen.
    fn absent_cells(
        &mut self,
        r: u32,
        before: u16,
        decide: &mut Decide<'_>,
    ) -> Result<Vec<(At, NewCell)>, String> {
        let Some(cols) = self.pending.get_mut(&r) else {
            return Ok(Vec::new());
        };
        let taken: Vec<u16> = cols.range(..before).copied().collect();
        for c in &taken {
            cols.remove(c);
        }
        if cols.is_empty() {
            self.pending.remove(&r);
        }
        let absent = Existing {
            value: Value::Empty,
            formula: false,
            formula_text: None,
        };
        let mut out = Vec::new();
        for c in taken {
            if let Some(new) = decide((r, c), &absent)? {
                out.push(((r, c), new));
            }
        }
        Ok(out)
    }

    fn cell(
        &mut self,
        start: BytesStart<'static>,
        empty: bool,
        decide: &mut Decide<'_>,
    ) -> Result<(), String> {
        let (r, prefix) = self.row.clone().unwrap_or_default();
        let col = attr(&start, "r")
            .and_then(|v| super::super::column_of(&v))
            .unwrap_or(self.next_col);
        self.next_col = col.saturating_add(1);
        for (at, new) in self.absent_cells(r, col, decide)? {
            self.write_new(at, &prefix, None, &new)?;
        }
        let inner = if empty { Vec::new() } else { self.inner_events()? };
        let wanted = self.pending.get_mut(&r).is_some_and(|cols| cols.remove(&col));
        if !wanted {
            return self.replay(start, empty, inner);
        }
        let existing = self.existing(&start, &inner);
        match decide((r, col), &existing)? {
            None => self.replay(start, empty, inner),
            Some(NewCell::Cached(value)) => self.write_cached(start, &inner, value),
            Some(new) => self.write_new((r, col), &prefix, Some(&start), &new),
        }
    }

    /// The events inside a `<c>`, up to and including its end.
    fn inner_events(&mut self) -> Result<Vec<Event<'static>>, String> {
        let mut depth = 0usize;
        let mut events = Vec::new();
        loop {
            let event = self
                .reader
                .read_event()
                .map_err(|e| xml_error(&self.reader, &e))?;
            match &event {
                Event::Eof => return Err("the sheet ends inside a cell".to_string()),
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => {
                    events.push(event.into_owned());
                    return Ok(events);
                }
                Event::End(_) => depth -= 1,
                _ => {}
            }
            events.push(event.into_owned());
        }
    }

    fn replay(
        &mut self,
        start: BytesStart<'static>,
        empty: bool,
        inner: Vec<Event<'static>>,
    ) -> Result<(), String> {
        if empty {
            return self.put(Event::Empty(start));
        }
        self.put(Event::Start(start))?;
        inner.into_iter().try_for_each(|e| self.put(e))
    }

    fn existing(&self, start: &BytesStart<'_>, inner: &[Event<'static>]) -> Existing {
        let kind = attr(start, "t").unwrap_or_default();
        let (mut formula, mut formula_text) = (false, None::<String>);
        let (mut v, mut inline, mut path) = (None::<String>, String::new(), Vec::<String>::new());
        for event in inner {
            match event {
                Event::Start(e) => path.push(e.local_name().into_inner().to_string()),
                Event::Empty(e) if e.local_name().into_inner() == "f" => formula = true,
                Event::End(_) => {
                    path.pop();
                }
                Event::Text(t) => {
                    let text = unescape(&t.xml10_content());
                    match path.last().map(String::as_str) {
                        Some("v") => v = Some(text),
                        Some("f") => formula_text.get_or_insert_with(String::new).push_str(&text),
                        Some("t") if !path.iter().any(|p| p == "rPh") => inline.push_str(&text),
                        _ => {}
                    }
                }
                Event::GeneralRef(r) if path.last().is_some_and(|p| p == "t") => {
                    inline.push_str(&ref_text(r))
                }
                _ => {}
            }
            if path.last().is_some_and(|p| p == "f") {
                formula = true;
            }
        }
        Existing {
            value: value_of(&kind, v, inline, self.sst),
            formula,
            formula_text,
        }
    }

    fn write_cached(
        &mut self,
        start: BytesStart<'static>,
        inner: &[Event<'static>],
        value: f64,
    ) -> Result<(), String> {
        let mut cell = BytesStart::new(start.name().as_ref().to_string());
        for a in start.attributes().flatten() {
            if a.key.as_ref() != "t" {
                cell.push_attribute(a);
            }
        }
        let prefix = prefix_of(&start);
        self.put(Event::Start(cell.borrow()))?;
        let mut in_value = 0usize;
        for event in inner.iter().take(inner.len().saturating_sub(1)) {
            match event {
                Event::Start(e) if e.local_name().into_inner() == "v" || in_value > 0 => in_value += 1,
                Event::End(_) if in_value > 0 => in_value -= 1,
                Event::Empty(e) if e.local_name().into_inner() == "v" => {}
                _ if in_value > 0 => {}
                _ => self.put(event.clone())?,
            }
        }
        let v = format!("{prefix}v");
        self.writer
            .create_element(v.as_str())
            .write_text_content(quick_xml::events::BytesText::new(&number(value)))
            .map_err(|e| format!("cannot write the sheet: {e}"))?;
        self.put(Event::End(cell.to_end().into_owned()))
    }

    fn write_new(
        &mut self,
        (r, c): At,
        prefix: &str,
        old: Option<&BytesStart<'_>>,
        new: &NewCell,
    ) -> Result<(), String> {
        let name = format!("{prefix}c");
        let mut cell = BytesStart::new(name.as_str());
        cell.push_attribute(("r", format!("{}{r}", super::super::column_name(c)).as_str()));
        if let Some(style) = old.and_then(|o| attr(o, "s")) {
            cell.push_attribute(("s", style.as_str()));
        }
        let xml = match new {
            NewCell::Number(n) | NewCell::Cached(n) => format!("<{prefix}v>{}</{prefix}v>", number(*n)),
            NewCell::Text(t) => {
                cell.push_attribute(("t", "inlineStr"));
                format!(
                    "<{prefix}is><{prefix}t xml:space=\"preserve\">{}</{prefix}t></{prefix}is>",
                    escape_text(t)
                )
            }
        };
        self.put(Event::Start(cell.borrow()))?;
        self.writer.get_mut().extend_from_slice(xml.as_bytes());
        self.put(Event::End(cell.to_end()))
    }
}

fn value_of(kind: &str, v: Option<String>, inline: String, sst: &[String]) -> Value {
    match (kind, v) {
        ("s", Some(i)) => i
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| sst.get(i))
            .map_or(Value::Other(format!("shared string {i}")), |s| {
                Value::Text(s.clone())
            }),
        ("inlineStr", _) => Value::Text(inline),
        ("str", Some(s)) => Value::Text(s),
        ("b" | "e", Some(s)) => Value::Other(s),
        (_, Some(n)) => n
            .trim()
            .parse::<f64>()
            .map_or(Value::Other(n.clone()), Value::Number),
        (_, None) => Value::Empty,
    }
}

/// An attribute's value, unescaped.
pub fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn prefix_of(e: &BytesStart<'_>) -> String {
    e.name()
        .prefix()
        .map(|p| format!("{}:", p.as_ref()))
        .unwrap_or_default()
}

fn xml_error(reader: &Reader<&[u8]>, e: &quick_xml::Error) -> String {
    format!(
        "the sheet's XML is damaged at byte {} ({e})",
        reader.buffer_position()
    )
}

/// A number as a cell's `<v>` holds it.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Text for a cell: XML-escaped, and what XML 1.0 cannot hold (C0 controls but tab and line
/// breaks) written as OOXML's `_xHHHH_`; a literal `_xHHHH_` is protected by `_x005F_`.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, ch) in text.char_indices() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' if looks_escaped(&text[i..]) => out.push_str("_x005F_"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

fn looks_escaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// Undoes [`escape_text`]'s `_xHHHH_` (XML entities are already resolved).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let code = tail
            .get(2..6)
            .filter(|_| tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match code.and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The strings of `xl/sharedStrings.xml`, in order (rich runs joined, phonetic runs left out).
pub fn shared_strings(xml: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let (mut out, mut current, mut path) = (Vec::new(), String::new(), Vec::<String>::new());
    loop {
        match reader.read_event().map_err(|e| xml_error(&reader, &e))? {
            Event::Eof => return Ok(out),
            Event::Start(e) => path.push(e.local_name().into_inner().to_string()),
            Event::Empty(e) if e.local_name().into_inner() == "si" => out.push(String::new()),
            Event::End(e) => {
                path.pop();
                if e.local_name().into_inner() == "si" {
                    out.push(std::mem::take(&mut current));
                }
            }
            Event::Text(t) if path.last().is_some_and(|p| p == "t") && !path.iter().any(|p| p == "rPh") => {
                current.push_str(&unescape(&t.xml10_content()));
            }
            Event::GeneralRef(r) if path.last().is_some_and(|p| p == "t") => current.push_str(&ref_text(&r)),
            _ => {}
        }
    }
}

/// The text of `&amp;`, `&#10;` and the like.
fn ref_text(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.xml10_content().as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}
