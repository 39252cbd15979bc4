//! Located problems found in input files (model directories and answers files).
//!
//! Every problem names a file and, when it is about the content, a 1-based line and
//! column. This module is also compiled into `build.rs`, so it depends on nothing else
//! in the crate.

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
        let mut files: Vec<String> = Vec::new();
        for p in &self.list {
            if !files.contains(&p.file) {
                files.push(p.file.clone());
            }
        }
        self.list.sort_by_key(|p| {
            (
                files.iter().position(|f| *f == p.file).unwrap_or(usize::MAX),
                p.pos,
            )
        });
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

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4) && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
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
    fn place_omits_position_for_whole_file() {
        assert_eq!(place("a.yaml", Pos::FILE), "a.yaml");
        assert_eq!(place("a.yaml", Pos::new(3, 7)), "a.yaml:3:7");
    }
}
