//! Every YAML call of the project lives here, so the YAML crate can be swapped.
//!
//! Reading: the event stream of serde-saphyr's YAML parser (`granit-parser`, which
//! serde-saphyr re-exports) is built straight into a [`Node`] tree that keeps the line and
//! column of every key and value. The loaders walk that tree themselves, so they can report
//! every problem of a file at once, each at its own position. Duplicate keys stay in the
//! tree and are reported by the loaders with both positions. Building the tree from events
//! rather than through serde's data model costs half the time, which matters because
//! reading an answers file is most of what a command does.
//!
//! Writing: answers files are emitted by hand (`crate::answers::write`) with scalars
//! quoted by [`quote`], so user text can never change the structure of a file.
//!
//! This module is also compiled into `build.rs` (for the embedded model), so it depends
//! only on `crate::base::diag`.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use crate::base::diag::{Pos, shown};

/// Deepest nesting accepted in any input file; aima's files need at most 6 levels.
pub const MAX_DEPTH: usize = 32;
/// Most nodes (scalars, sequences, mappings, after alias expansion) in one file. A complete
/// answers file with notes has under 2,000; the model directory's largest file under 400.
pub const MAX_NODES: usize = 100_000;
/// Most aliases (`*name`) in one file; aima writes none, hand-written files need few.
pub const MAX_ALIASES: usize = 10_000;
/// Most bytes of text in one file's values after alias expansion (16 MiB): an alias may
/// repeat a long text, and each repeat costs memory as if it were written out. A file
/// without aliases stays under the 8 MiB input limit.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024 * 1024;

/// A YAML value with the position where it appears.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order, duplicates included.
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// A short description of the kind of value, for messages ("a list", "the number 3").
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "nothing (null)".to_string(),
            Value::Bool(b) => format!("the boolean {b}"),
            Value::Int(i) => format!("the number {i}"),
            Value::Float(x) => format!("the number {x:?}"),
            Value::Str(s) if s.chars().count() > crate::base::diag::MAX_QUOTED_CHARS => {
                "a long text".to_string()
            }
            Value::Str(s) => format!("`{}`", crate::base::diag::shown(s)),
            Value::Seq(_) => "a list".to_string(),
            Value::Map(_) => "a mapping".to_string(),
        }
    }

    /// A mapping key as text: strings as they are, numbers and booleans as written.
    pub fn key_text(&self) -> String {
        match &self.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "~".to_string(),
            Value::Seq(_) | Value::Map(_) => "<complex key>".to_string(),
        }
    }
}

/// Checks that raw file bytes are YAML text aima can read: UTF-8, no control characters
/// other than tab, line feed and carriage return. Returns the text without a BOM.
pub fn text_of(bytes: &[u8]) -> Result<&str, (Pos, String)> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            return Err((
                end_pos(prefix),
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02X})",
                    bytes[e.valid_up_to()]
                ),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some((i, c)) = first_disallowed(text) {
        return Err((
            end_pos(&text[..i]),
            format!(
                "the file holds binary data, not YAML text (control character U+{:04X})",
                c as u32
            ),
        ));
    }
    Ok(text)
}

/// The first control character other than tab and line breaks, or a byte-order mark after
/// the start. Scans bytes: in UTF-8 every such character starts with a byte that ordinary
/// text in this range cannot have, so most of the file is skipped at byte speed.
fn first_disallowed(text: &str) -> Option<(usize, char)> {
    const SUSPICIOUS: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
            b += 1;
        }
        table[0x7f] = true;
        // Lead bytes of U+0080..U+00BF (C1 controls among them) and of U+F000..U+FFFF (BOM).
        table[0xc2] = true;
        table[0xef] = true;
        table
    };
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| SUSPICIOUS[usize::from(b)]) {
        let i = from + offset;
        let c = text[i..].chars().next()?;
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{feff}' {
            return Some((i, c));
        }
        from = i + 1;
    }
    None
}

/// The position just after `prefix`, counting line breaks as YAML (and the parser's
/// positions) do: `\r\n`, `\n` and a lone `\r` each end a line.
fn end_pos(prefix: &str) -> Pos {
    let line = line_breaks(prefix) + 1;
    let last = prefix.rsplit(['\n', '\r']).next().unwrap_or("");
    Pos::new(line, last.chars().count() + 1)
}

/// How many line breaks `text` holds (`\r\n` counts once).
pub fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Parses one YAML document. An empty document is `Value::Null` at line 1, column 1.
pub fn parse(text: &str) -> Result<Node, (Pos, String)> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    while let Some(item) = parser.next_event() {
        let (event, span) = item.map_err(|e| scan_error(&e))?;
        let pos = Pos::new(span.start.line(), span.start.col() + 1);
        builder.event(event, pos)?;
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        pos: Pos::new(1, 1),
    }))
}

/// A collection being built: its entries so far, where it starts, its anchor.
enum Open {
    Seq(Vec<Node>, Pos, usize),
    /// Entries, and the key waiting for its value.
    Map(Vec<(Node, Node)>, Option<Node>, Pos, usize),
}

/// Turns parser events into a tree, enforcing the limits as it goes (no recursion, so
/// hostile nesting cannot exhaust the stack).
#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    root: Option<Node>,
    /// Anchored nodes by anchor id, with their size in nodes and in bytes of text.
    anchors: HashMap<usize, (Node, Size)>,
    nodes: usize,
    /// Bytes of text held so far, aliases expanded.
    bytes: usize,
    aliases: usize,
    documents: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, pos: Pos) -> Result<(), (Pos, String)> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err((
                        pos,
                        "only one YAML document is allowed per file (remove the `---` line)".into(),
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let size = Size {
                    nodes: 1,
                    bytes: text.len(),
                };
                self.count(size, pos)?;
                let value = scalar(text, style, tag.as_deref(), pos)?;
                self.close(Node { value, pos }, anchor, size);
            }
            Event::SequenceStart(_, anchor, tag) => self.start(tag.as_deref(), "seq", anchor, pos)?,
            Event::MappingStart(_, anchor, tag) => self.start(tag.as_deref(), "map", anchor, pos)?,
            Event::SequenceEnd | Event::MappingEnd => self.end(pos)?,
            Event::Alias(id) => self.alias(id, pos)?,
            _ => {}
        }
        Ok(())
    }

    /// Closes the innermost open sequence or mapping.
    fn end(&mut self, pos: Pos) -> Result<(), (Pos, String)> {
        let (node, anchor) = match self.open.pop() {
            Some(Open::Seq(items, start, anchor)) => (
                Node {
                    value: Value::Seq(items),
                    pos: start,
                },
                anchor,
            ),
            Some(Open::Map(entries, _, start, anchor)) => (
                Node {
                    value: Value::Map(entries),
                    pos: start,
                },
                anchor,
            ),
            None => return Err((pos, "invalid YAML: a collection ends that never started".into())),
        };
        let size = if anchor == 0 {
            Size::default()
        } else {
            size_of(&node)
        };
        self.close(node, anchor, size);
        Ok(())
    }

    /// An alias: a copy of its anchored node, counted against the limits before it is made.
    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), (Pos, String)> {
        self.aliases += 1;
        if self.aliases > MAX_ALIASES {
            return Err((
                pos,
                format!("too many YAML aliases (more than {MAX_ALIASES}; an alias bomb?)"),
            ));
        }
        let Some(&(_, size)) = self.anchors.get(&id) else {
            return Err((pos, "invalid YAML: an alias refers to an unknown anchor".into()));
        };
        self.count(size, pos)?;
        let node = self.anchors[&id].0.clone();
        // The alias is used here: its own position is where it is referenced.
        self.close(Node { pos, ..node }, 0, size);
        Ok(())
    }

    /// Opens a sequence (`kind` "seq") or a mapping ("map").
    fn start(&mut self, tag: Option<&Tag>, kind: &str, anchor: usize, pos: Pos) -> Result<(), (Pos, String)> {
        if let Some(tag) = tag.filter(|t| !t.is_yaml_core_schema_tag(kind)) {
            return Err((pos, unsupported_tag(tag)));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err((pos, format!("nesting is deeper than {MAX_DEPTH} levels")));
        }
        self.count(Size { nodes: 1, bytes: 0 }, pos)?;
        self.open.push(match kind {
            "map" => Open::Map(Vec::new(), None, pos, anchor),
            _ => Open::Seq(Vec::new(), pos, anchor),
        });
        Ok(())
    }

    /// Counts more nodes and text against the limits (aliases count their expanded size),
    /// before the memory is spent.
    fn count(&mut self, size: Size, pos: Pos) -> Result<(), (Pos, String)> {
        self.nodes = self.nodes.saturating_add(size.nodes);
        self.bytes = self.bytes.saturating_add(size.bytes);
        if self.nodes > MAX_NODES {
            return Err((
                pos,
                format!("the document has more than {MAX_NODES} values (after expanding aliases)"),
            ));
        }
        if self.bytes > MAX_EXPANDED_BYTES {
            return Err((
                pos,
                format!(
                    "the document holds more than {} MiB of text after expanding aliases (an alias bomb?)",
                    MAX_EXPANDED_BYTES >> 20
                ),
            ));
        }
        Ok(())
    }

    /// Places a finished node into the collection being built (or as the root).
    fn close(&mut self, node: Node, anchor: usize, size: Size) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.open.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(items, ..)) => items.push(node),
            Some(Open::Map(entries, key, ..)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

/// The cost of a node: how many nodes it holds (itself included) and its bytes of text.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    bytes: usize,
}

impl std::ops::Add for Size {
    type Output = Size;
    fn add(self, other: Size) -> Size {
        Size {
            nodes: self.nodes.saturating_add(other.nodes),
            bytes: self.bytes.saturating_add(other.bytes),
        }
    }
}

fn size_of(node: &Node) -> Size {
    let one = |bytes: usize| Size { nodes: 1, bytes };
    match &node.value {
        Value::Seq(items) => items.iter().map(size_of).fold(one(0), |a, b| a + b),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| size_of(k) + size_of(v))
            .fold(one(0), |a, b| a + b),
        Value::Str(s) => one(s.len()),
        _ => one(0),
    }
}

/// The value of a scalar: plain scalars are resolved by the YAML 1.2 core schema with only
/// `true`/`false` as booleans (so `yes` and `no` stay answer words); quoted and block
/// scalars are text. Core-schema tags are honoured; other tags are refused.
fn scalar(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
    pos: Pos,
) -> Result<Value, (Pos, String)> {
    let resolved = |text: &str| match style {
        ScalarStyle::Plain => resolve_plain(text),
        _ => Ok(Value::Str(text.to_string())),
    };
    let Some(tag) = tag else {
        return resolved(&text).map_err(|m| (pos, m));
    };
    let wanted = ["str", "null", "bool", "int", "float"]
        .into_iter()
        .find(|kind| tag.is_yaml_core_schema_tag(kind));
    let value = match wanted {
        Some("str") => return Ok(Value::Str(text.into_owned())),
        Some(_) => resolve_plain(&text).map_err(|m| (pos, m))?,
        None if tag.handle() == "!" && tag.suffix().is_empty() => return Ok(Value::Str(text.into_owned())),
        None => return Err((pos, unsupported_tag(tag))),
    };
    let fits = matches!(
        (&value, wanted),
        (Value::Null, Some("null"))
            | (Value::Bool(_), Some("bool"))
            | (Value::Int(_), Some("int"))
            | (Value::Float(_) | Value::Int(_), Some("float"))
    );
    match (fits, value) {
        (true, Value::Int(i)) if wanted == Some("float") => Ok(Value::Float(i as f64)),
        (true, value) => Ok(value),
        (false, _) => Err((
            pos,
            format!("`{}` is not a valid {}", shown(&text), tag_text(tag)),
        )),
    }
}

/// A plain scalar by the core schema: null, boolean, integer, float, or text.
fn resolve_plain(text: &str) -> Result<Value, String> {
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan"
        | ".NaN" | ".NAN" => return Err(format!("`{text}` is not a usable number")),
        _ => match number(text) {
            Some(Ok(value)) => value,
            Some(Err(())) => return Err(format!("`{}` is not a usable number", shown(text))),
            None => Value::Str(text.to_string()),
        },
    })
}

/// A core-schema number: decimal, `0o` octal or `0x` hex integer, or a float. `None` when
/// the text is not shaped like a number; `Some(Err)` when it is but does not fit.
fn number(text: &str) -> Option<Result<Value, ()>> {
    let first = text.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(digits) = text.strip_prefix("0o") {
        return digits
            .bytes()
            .all(|b| (b'0'..=b'7').contains(&b))
            .then(|| i64::from_str_radix(digits, 8).map(Value::Int).map_err(|_| ()));
    }
    if let Some(digits) = text.strip_prefix("0x") {
        return digits
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then(|| i64::from_str_radix(digits, 16).map(Value::Int).map_err(|_| ()));
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        // Too large for an integer: still a number, as a float.
        return Some(Ok(text.parse::<i64>().map_or_else(
            |_| Value::Float(text.parse().unwrap_or(f64::MAX)),
            Value::Int,
        )));
    }
    let float_shaped = {
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        (!whole.is_empty() || !fraction.is_empty())
            && digits(whole)
            && digits(fraction)
            && exponent.is_none_or(|e| {
                let e = e.strip_prefix(['-', '+']).unwrap_or(e);
                !e.is_empty() && digits(e)
            })
    };
    if !float_shaped {
        return None;
    }
    Some(match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Value::Float(x)),
        _ => Err(()),
    })
}

fn unsupported_tag(tag: &Tag) -> String {
    format!("YAML tags such as `{}` are not supported here", tag_text(tag))
}

/// A tag as it is usually written: `!!int` for the core schema's, `!name` for local ones.
fn tag_text(tag: &Tag) -> String {
    match tag.is_yaml_core_schema() {
        true => format!("!!{}", shown(tag.suffix())),
        false => shown(&tag.to_string()),
    }
}

/// A parser error as a located, one-line message.
fn scan_error(e: &ScanError) -> (Pos, String) {
    let marker = e.marker();
    let pos = Pos::new(marker.line().max(1), marker.col() + 1);
    let info = e.info();
    let message = if info.contains("recursion limit") || info.contains("nesting limit") {
        format!("nesting is deeper than {MAX_DEPTH} levels")
    } else {
        // The parser's own words, kept to one short, inert line whatever the input.
        let first: String = info.lines().next().unwrap_or("").chars().take(200).collect();
        format!("invalid YAML: {}", crate::base::sanitize::terminal_line(&first))
    };
    (pos, message)
}

/// A YAML scalar for `text` that reads back exactly as `text`: plain when that is safe,
/// otherwise double-quoted with escapes.
pub fn quote(text: &str) -> String {
    if is_safe_plain(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Controls, line separators, bidi and invisible characters: escaped, so the
            // file shows them and reads back the same (see `crate::base::sanitize`).
            c if crate::base::sanitize::is_unsafe(c) && u32::from(c) > 0xffff => {
                out.push_str(&format!("\\U{:08X}", c as u32));
            }
            c if crate::base::sanitize::is_unsafe(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Plain scalars are used only for simple words and codes that cannot be read as
/// anything but the same string.
fn is_safe_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let reserved = [
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "n", "N",
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ];
    first.is_ascii_alphabetic()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '/'))
        && !reserved.contains(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Node {
        parse(text).expect("parses")
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse_ok("a: 1\nb:\n  c: yes\n");
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].0.pos, Pos::new(2, 1));
        let Value::Map(inner) = &entries[1].1.value else {
            panic!("not a map")
        };
        assert_eq!(
            inner[0].1,
            Node {
                value: Value::Str("yes".into()),
                pos: Pos::new(3, 6)
            }
        );
    }

    #[test]
    fn yes_and_no_stay_words() {
        let node = parse_ok("a: yes\nb: no\nc: true\nd: ~\n");
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        let values: Vec<Value> = entries.into_iter().map(|(_, v)| v.value).collect();
        assert_eq!(
            values,
            vec![
                Value::Str("yes".into()),
                Value::Str("no".into()),
                Value::Bool(true),
                Value::Null
            ]
        );
    }

    fn value_of(text: &str) -> Result<Value, String> {
        let node = parse(&format!("k: {text}\n")).map_err(|(_, m)| m)?;
        let Value::Map(mut entries) = node.value else {
            panic!("not a map")
        };
        Ok(entries.remove(0).1.value)
    }

    #[test]
    fn scalars_resolve_by_the_core_schema_with_strict_booleans() {
        assert_eq!(value_of("-5"), Ok(Value::Int(-5)));
        assert_eq!(value_of("0x1F"), Ok(Value::Int(31)));
        assert_eq!(value_of("0o17"), Ok(Value::Int(15)));
        assert_eq!(value_of("1.5e3"), Ok(Value::Float(1500.0)));
        assert_eq!(value_of(".5"), Ok(Value::Float(0.5)));
        assert_eq!(value_of("2026-11-20"), Ok(Value::Str("2026-11-20".into())));
        assert_eq!(value_of("12abc"), Ok(Value::Str("12abc".into())));
        assert_eq!(value_of("\"3\""), Ok(Value::Str("3".into())));
        assert_eq!(value_of("on"), Ok(Value::Str("on".into())));
        assert_eq!(value_of("FALSE"), Ok(Value::Bool(false)));
        assert_eq!(value_of(""), Ok(Value::Null));
        assert_eq!(value_of("1e400"), Err("`1e400` is not a usable number".into()));
        assert_eq!(value_of(".nan"), Err("`.nan` is not a usable number".into()));
    }

    #[test]
    fn core_tags_are_honoured_and_others_refused() {
        assert_eq!(value_of("!!str 3"), Ok(Value::Str("3".into())));
        assert_eq!(value_of("!!int \"7\""), Ok(Value::Int(7)));
        assert_eq!(value_of("!!float 2"), Ok(Value::Float(2.0)));
        assert_eq!(value_of("!!int x"), Err("`x` is not a valid !!int".into()));
        assert_eq!(
            value_of("!custom x"),
            Err("YAML tags such as `!custom` are not supported here".into())
        );
        assert!(value_of("!!set {a: ~}").is_err());
    }

    #[test]
    fn aliases_copy_the_anchored_value_at_the_alias_position() {
        let node = parse_ok("a: &x [1, 2]\nb: *x\n");
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].1.pos, Pos::new(2, 4));
        assert_eq!(entries[1].1.value, entries[0].1.value);
    }

    #[test]
    fn one_document_per_file() {
        let (pos, message) = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(pos, Pos::new(2, 1));
        assert!(message.starts_with("only one YAML document"), "{message}");
    }

    #[test]
    fn duplicate_keys_reach_the_tree() {
        let node = parse_ok("a: 1\na: 2\n");
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].0.pos, Pos::new(2, 1));
    }

    #[test]
    fn syntax_errors_are_located() {
        let (pos, message) = parse("a: [1, 2\nb: 2\n").unwrap_err();
        assert_eq!(pos, Pos::new(2, 2));
        assert!(message.starts_with("invalid YAML: "), "{message}");
        assert!(!message.contains("at line"), "{message}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let (_, message) = parse(&text).unwrap_err();
        assert!(message.contains("nesting is deeper"), "{message}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        let (_, message) = parse(&text).unwrap_err();
        assert!(
            message.contains("alias") || message.contains("more than"),
            "{message}"
        );
    }

    #[test]
    fn aliases_of_long_text_are_refused_by_size() {
        // 140 KB of file that would expand to over 1 GB of text.
        let long = "x".repeat(100_000);
        let refs = vec!["*a"; 10_000].join(", ");
        let text = format!("a: &a {long}\nb: [{refs}]\n");
        assert!(text.len() < 150_000);
        let (pos, message) = parse(&text).unwrap_err();
        assert_eq!(pos.line, 2);
        assert_eq!(
            message,
            "the document holds more than 16 MiB of text after expanding aliases (an alias bomb?)"
        );
        // The same text written out a few times is fine.
        assert!(parse(&format!("a: &a {long}\nb: [*a, *a, *a]\n")).is_ok());
    }

    #[test]
    fn invalid_utf8_is_located() {
        let (pos, message) = text_of(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(pos, Pos::new(2, 4));
        assert!(message.contains("not UTF-8"));
    }

    #[test]
    fn positions_count_every_kind_of_line_break() {
        let (pos, _) = text_of(b"a: 1\r\nb: 2\rc: 3\nd: \xff").unwrap_err();
        assert_eq!(pos, Pos::new(4, 4));
        let unix = parse("a: 1\nb: 2\nc: [\n").unwrap_err();
        assert_eq!(parse("a: 1\r\nb: 2\rc: [\n").unwrap_err(), unix);
    }

    #[test]
    fn binary_data_is_located() {
        let (pos, message) = text_of(b"a: 1\n\0\0").unwrap_err();
        assert_eq!(pos, Pos::new(2, 1));
        assert!(message.contains("binary data"));
    }

    #[test]
    fn quoted_text_reads_back_unchanged() {
        let samples = [
            "plain",
            "yes",
            "Policy drafted: sign-off pending # not a comment",
            "line one\nline two",
            "\"quoted\" and \\ back",
            "tab\tand \u{1b} escape and \u{2028}",
            "bidi \u{202e}\u{2066} zero-width \u{200b} tag \u{e0041} nel \u{85}",
            "- dash",
            "",
            "123",
            "@at",
            "|pipe <script>",
        ];
        for text in samples {
            let doc = format!("k: {}\n", quote(text));
            let node = parse_ok(&doc);
            let Value::Map(entries) = node.value else {
                panic!("not a map")
            };
            assert_eq!(entries[0].1.value, Value::Str(text.to_string()), "{doc}");
        }
    }
}
