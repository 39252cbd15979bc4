//! Every YAML call of the project lives here, so the YAML crate can be swapped.
//!
//! Reading: text is parsed by serde-saphyr into a [`Node`] tree that keeps the line and
//! column of every key and value. The loaders walk that tree themselves, so they can
//! report every problem of a file at once, each at its own position. Duplicate keys are
//! passed through to the tree and reported by the loaders with both positions.
//!
//! Writing: answers files are emitted by hand (`crate::answers::write`) with scalars
//! quoted by [`quote`], so user text can never change the structure of a file.
//!
//! This module is also compiled into `build.rs` (for the embedded model), so it depends
//! only on `crate::diag`.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Spanned};

use crate::diag::Pos;

/// Deepest nesting accepted in any input file; aima's files need at most 6 levels.
pub const MAX_DEPTH: usize = 32;
/// Most nodes (scalars, sequences, mappings, after alias expansion) in one file. A complete
/// answers file with notes has under 2,000; the model directory's largest file under 400.
pub const MAX_NODES: usize = 100_000;
/// Most aliases (`*name`) in one file; aima writes none, hand-written files need few.
pub const MAX_ALIASES: usize = 10_000;

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
            Value::Str(s) if s.chars().count() > 40 => "a long text".to_string(),
            Value::Str(s) => format!("`{}`", crate::diag::shown(s)),
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

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            value: spanned.value,
            pos: Pos::new(
                spanned.referenced.line() as usize,
                spanned.referenced.column() as usize,
            ),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
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
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{feff}')
    {
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
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_aliases = MAX_ALIASES;
    budget.max_documents = 1;
    let options = serde_saphyr::options! {
        budget: Some(budget),
        strict_booleans: true,
        with_snippet: false,
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
    };
    match serde_saphyr::from_str_with_options::<Node>(text, options) {
        Ok(node) if node.pos.line == 0 => Ok(Node {
            pos: Pos::new(1, 1),
            ..node
        }),
        Ok(node) => Ok(node),
        Err(e) => {
            let pos = e
                .location()
                .map(|l| Pos::new(l.line() as usize, l.column() as usize))
                .filter(|p| p.line > 0)
                .unwrap_or(Pos::new(1, 1));
            Err((pos, explain(&e)))
        }
    }
}

/// A parser error as one short sentence, without the position (the caller adds it).
fn explain(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error as E;
    let text = e.without_snippet().to_string();
    let text = strip_position(&text);
    // Budget breaches surface as their own variant or wrapped in a message.
    let breach = match e {
        E::Budget { breach, .. } => Some(format!("{breach:?}")),
        _ => text.find("budget breached: ").map(|i| text[i + 17..].to_string()),
    };
    if let Some(breach) = breach {
        let kind = breach.split([' ', '{', '(']).next().unwrap_or("");
        return match kind {
            "Depth" => format!("nesting is deeper than {MAX_DEPTH} levels"),
            "Nodes" => format!("the document has more than {MAX_NODES} values (after expanding aliases)"),
            "Aliases" | "AliasAnchorRatio" | "RecordedAnchorEvents" | "RecordedAnchorBytes" => {
                "too many YAML aliases (an alias bomb?)".to_string()
            }
            "Documents" => "only one YAML document is allowed per file".to_string(),
            _ => format!("the document is too large ({kind})"),
        };
    }
    match e {
        E::MultipleDocuments { .. } => {
            "only one YAML document is allowed per file (remove the `---` line)".to_string()
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => {
            "too many YAML alias expansions (an alias bomb?)".to_string()
        }
        E::NonFiniteFloat { value, .. } => format!("`{}` is not a usable number", crate::diag::shown(value)),
        _ if text.contains("recursion limit") => format!("nesting is deeper than {MAX_DEPTH} levels"),
        // The parser's own words, kept to one short, inert line whatever the input.
        _ => format!(
            "invalid YAML: {}",
            text.chars()
                .take(200)
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
        ),
    }
}

/// Drops the parser's own " at line N, column M" suffix.
fn strip_position(text: &str) -> &str {
    match text.find(" at line ") {
        Some(i) => text[..i].trim_end(),
        None => text.trim_end(),
    }
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
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{85}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
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
