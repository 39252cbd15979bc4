//! Located problems found in input files (model directories and answers files).
//!
//! Every problem names a file and, when it is about the content, a 1-based line and
//! column. This module is also compiled into `build.rs`, so it depends on nothing else
//! in the crate but `sanitize` (build.rs includes both).

use std::fmt;

/// A position in a text file, 1-based. Line 0 means "the file as a whole".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const FILE: Pos = Pos { line: 0, column: 0 };

    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (or as the model directory lists it).
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            pos,
            message: message.into(),
        }
    }

    /// `file:line:column` (or just `file` for a whole-file problem).
    pub fn place(&self) -> String {
        place(&self.file, self.pos)
    }
}

/// `file:line:column`, or `file` when the position is the whole file.
pub fn place(file: &str, pos: Pos) -> String {
    if pos.line == 0 {
        file.to_string()
    } else {
        format!("{file}:{}:{}", pos.line, pos.column)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

/// Problems collected while checking input, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    pub list: Vec<Problem>,
}

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    pub fn push(&mut self, file: &str, pos: Pos, message: impl Into<String>) {
        self.list.push(Problem::new(file, pos, message));
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn extend(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    /// Sorts by file order of appearance, then position, keeping the original order of
    /// files (problems of one file stay together).
    pub fn sort_within_files(&mut self) {
        // A map, not a list: a model directory with 50,000 files must not sort quadratically.
        let mut order: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for p in &self.list {
            let next = order.len();
            order.entry(p.file.clone()).or_insert(next);
        }
        self.list.sort_by_key(|p| (order[&p.file], p.pos));
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.list.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Most characters of a file's content an error message quotes. Every key, code and word
/// aima knows is shorter, so a typo is always shown whole; a longer text (a password or a
/// token pasted on a stray line) is cut, so CI logs keep at most its first characters.
pub const MAX_QUOTED_CHARS: usize = 16;

/// User text as a message quotes it: at most [`MAX_QUOTED_CHARS`] characters (then `…`),
/// made safe by [`crate::base::sanitize::terminal_line`], so a hostile file can neither flood the
/// terminal with a megabyte-long line nor send it escape sequences.
pub fn shown(text: &str) -> String {
    shown_up_to(text, MAX_QUOTED_CHARS)
}

/// Most characters of a reason a message quotes from a library or a file's structure (a
/// zip entry's name, a parser's message): long enough to be read whole, capped all the same.
pub const MAX_REASON_CHARS: usize = 200;

/// An id a message names (a system, a round, an assessment `SYSTEM ROUND`): whole up to
/// [`MAX_REASON_CHARS`] characters (so that a gate's output says which system), made safe
/// like [`shown`].
pub fn shown_id(text: &str) -> String {
    shown_up_to(text, MAX_REASON_CHARS)
}

/// A reason (not the file's content) as a message quotes it: at most [`MAX_REASON_CHARS`]
/// characters, made safe like [`shown`].
pub fn shown_reason(text: &str) -> String {
    shown_up_to(text, MAX_REASON_CHARS)
}

fn shown_up_to(text: &str, max_chars: usize) -> String {
    let end = text.char_indices().nth(max_chars).map(|(i, _)| i);
    let head = &text[..end.unwrap_or(text.len())];
    let mut out = crate::base::sanitize::terminal_line(head).into_owned();
    if end.is_some() {
        out.push('…');
    }
    out
}

/// Characters that must not be printed raw to a terminal: controls (escape sequences start
/// with one) and the bidirectional overrides that make text display in another order.
pub fn unsafe_in_terminal(c: char) -> bool {
    crate::base::sanitize::is_unsafe(c)
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let mut best: Option<(usize, &'a str)> = None;
    for &candidate in candidates {
        let lower: Vec<char> = candidate.to_lowercase().chars().collect();
        let limit = 2.max(candidate.len() / 4).min(candidate.len().saturating_sub(1));
        // The distance is at least the length difference: skipping hopeless candidates
        // keeps a file of thousands of long unknown keys from costing seconds.
        if word.len().abs_diff(lower.len()) > limit {
            continue;
        }
        let d = edit_distance(&word, &lower);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["organization", "scope", "assessor", "date"];
        assert_eq!(suggest("organisation", &keys), Some("organization"));
        assert_eq!(suggest("assesor", &keys), Some("assessor"));
        assert_eq!(suggest("color", &keys), None);
    }

    #[test]
    fn shown_text_is_short_and_inert() {
        assert_eq!(shown("GV-PC"), "GV-PC");
        assert_eq!(shown("\u{1b}[2Jx\n"), "\\u{1b}[2Jx\\u{a}");
        assert_eq!(shown("\u{202e}abc"), "\\u{202e}abc");
        assert_eq!(shown(&"é".repeat(100)), format!("{}…", "é".repeat(16)));
        assert_eq!(shown("ghp_0123456789abcdefghij"), "ghp_0123456789ab…");
        assert_eq!(shown("organisation"), "organisation");
    }

    #[test]
    fn place_omits_position_for_whole_file() {
        assert_eq!(place("a.yaml", Pos::FILE), "a.yaml");
        assert_eq!(place("a.yaml", Pos::new(3, 7)), "a.yaml:3:7");
    }
}
