//! Editing an answers file's text in place: only the entries whose answer changed are
//! rewritten, so everything else a person wrote (comments above and beside entries, blank
//! lines, quoting, the order of keys) stays byte for byte. See docs/interview.md.
//!
//! An entry written on one line (`GV-PC-A-1: yes  # checked`) gets its new value on that
//! line, the comment kept; the long form (`answer:`, `note:` … on lines of their own) is
//! edited field by field; a question missing from the file is added after the question
//! before it. Every edit is checked by reading the result back: when it does not read as
//! exactly the answers wanted (or the file's layout is one this module does not edit,
//! such as a flow mapping over several lines), [`edit_answers`] returns `None` and the
//! caller writes the whole file instead.

use std::collections::BTreeMap;

use super::{Answer, Assessment, Word, parse};
use crate::base::diag::Problems;
use crate::base::yaml::{self, Node, Value, quote};
use crate::model::Model;

/// `text` with its answers changed to `answers` (entries equal to `Answer::default()`
/// count as absent), or `None` when that cannot be done in place.
pub fn edit_answers(model: &Model, text: &str, answers: &BTreeMap<String, Answer>) -> Option<String> {
    let before = read(model, text)?;
    let root = yaml::parse(text).ok()?;
    let lines = Lines::new(text);
    let mut edits = Vec::new();
    let section = Section::find(&root, &lines, &mut edits)?;
    for q in model.questions() {
        let code = &q.question.id;
        let (old, new) = (filled(before.answers.get(code)), filled(answers.get(code)));
        if old == new {
            continue;
        }
        let new = new.cloned().unwrap_or_default();
        match section.entry(code) {
            Some(i) => section.edit(&lines, i, &new, &mut edits)?,
            None => section.insert(model, &lines, code, &new, &mut edits)?,
        }
    }
    let edited = apply(text, edits);
    let after = read(model, &edited)?;
    let same = |a: &BTreeMap<String, Answer>, b: &BTreeMap<String, Answer>| {
        model
            .questions()
            .all(|q| filled(a.get(&q.question.id)) == filled(b.get(&q.question.id)))
    };
    let kept = after.metadata == before.metadata
        && after.targets == before.targets
        && after.clauses == before.clauses;
    (kept && same(&after.answers, answers)).then_some(edited)
}

/// The text as an assessment, when it is a valid answers file.
fn read(model: &Model, text: &str) -> Option<Assessment> {
    read_bytes(model, "file", text.as_bytes()).ok()
}

/// The bytes of the answers file `display` as an assessment, or its problems.
pub fn read_bytes(model: &Model, display: &str, bytes: &[u8]) -> Result<Assessment, Problems> {
    let one = |pos, message: String| Problems {
        list: vec![crate::base::diag::Problem::new(display, pos, message)],
    };
    let text = yaml::text_of(bytes).map_err(|(pos, message)| one(pos, message))?;
    let node = yaml::parse(text).map_err(|(pos, message)| one(pos, message))?;
    let mut problems = Problems::new();
    match parse::parse(model, display, &node, &mut problems) {
        Some(file) if problems.is_empty() => super::merge(model, vec![file]),
        _ => Err(problems),
    }
}

fn filled(answer: Option<&Answer>) -> Option<&Answer> {
    answer.filter(|a| **a != Answer::default())
}

/// One replacement: bytes `start..end` of the text become `with`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.start.max(at)]);
        out.push_str(&e.with);
        at = at.max(e.end);
    }
    out.push_str(&text[at..]);
    out
}

/// The text's lines, with where each starts and ends (terminator excluded).
struct Lines<'t> {
    text: &'t str,
    /// Byte ranges of each line without its terminator, and the end with it.
    spans: Vec<(usize, usize, usize)>,
    newline: &'static str,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        let mut spans = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive('\n') {
            let end = start + piece.len();
            let body = piece.trim_end_matches(['\n', '\r']);
            spans.push((start, start + body.len(), end));
            start = end;
        }
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Lines { text, spans, newline }
    }

    /// Line `n` (1-based) without its terminator.
    fn get(&self, n: usize) -> Option<&'t str> {
        let (start, end, _) = *self.spans.get(n.checked_sub(1)?)?;
        Some(&self.text[start..end])
    }

    fn count(&self) -> usize {
        self.spans.len()
    }

    /// True when line `n` holds YAML content (not blank, not only a comment).
    fn has_content(&self, n: usize) -> bool {
        self.get(n).is_some_and(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
    }

    /// The last line with content in `first..=last` (at least `first`).
    fn content_end(&self, first: usize, last: usize) -> usize {
        (first..=last)
            .rev()
            .find(|&n| self.has_content(n))
            .unwrap_or(first)
    }

    /// Byte offset of column `column` (1-based, in characters) of line `n`.
    fn offset(&self, n: usize, column: usize) -> Option<usize> {
        let line = self.get(n)?;
        let (start, ..) = self.spans[n - 1];
        let within = match line.char_indices().nth(column.checked_sub(1)?) {
            Some((i, _)) => i,
            None => line.len(),
        };
        Some(start + within)
    }

    /// The bytes of lines `first..=last`, terminators included.
    fn whole(&self, first: usize, last: usize) -> (usize, usize) {
        (self.spans[first - 1].0, self.spans[last - 1].2)
    }

    /// Inserting `line` after line `n`: the edit that does it.
    fn insert_after(&self, n: usize, line: &str) -> Edit {
        let (_, body_end, end) = self.spans[n - 1];
        let with = match body_end == end {
            // The last line has no terminator.
            true => format!("{}{line}", self.newline),
            false => format!("{line}{}", self.newline),
        };
        Edit {
            start: end,
            end,
            with,
        }
    }

    /// The value part of the `key: value  # comment` line `n` whose key starts at
    /// `column`: from just after the colon to the comment (or the end of the line).
    fn value_span(&self, n: usize, column: usize) -> Option<(usize, usize)> {
        let line = self.get(n)?;
        let key_at = self.offset(n, column)? - self.spans[n - 1].0;
        let colon = key_at + colon_after(&line[key_at..])?;
        let rest = &line[colon + 1..];
        let value_end = colon + 1 + comment_start(rest).unwrap_or(rest.len());
        let start = self.spans[n - 1].0;
        Some((
            start + colon + 1,
            start + colon + 1 + line[colon + 1..value_end].trim_end().len(),
        ))
    }
}

/// Where the key's colon is in `text` (which starts with the key, maybe quoted).
fn colon_after(text: &str) -> Option<usize> {
    let skip = match text.chars().next()? {
        q @ ('"' | '\'') => 1 + text[1..].find(q)? + 1,
        _ => 0,
    };
    Some(skip + text[skip..].find(':')?)
}

/// Where a comment starts in the value text `text`: a `#` after a space, outside quotes.
fn comment_start(text: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && previous.is_whitespace() => return Some(i),
            None if (c == '"' || c == '\'') && previous.is_whitespace() => quote = Some(c),
            None => {}
        }
        previous = c;
    }
    None
}

/// The `answers:` block mapping: its entries and where each one's lines end.
struct Section<'n> {
    entries: Vec<(&'n Node, &'n Node)>,
    /// For each entry, the last line of its value that has content.
    ends: Vec<usize>,
    /// The line of the `answers:` key, and the column of the entries' keys.
    key_line: usize,
    indent: usize,
}

impl<'n> Section<'n> {
    /// The section, or where it will be: `answers:` with no value gets its entries
    /// below it; a file without `answers:` gets one at its end (the edit in `edits`).
    fn find(root: &'n Node, lines: &Lines<'_>, edits: &mut Vec<Edit>) -> Option<Section<'n>> {
        let Value::Map(top) = &root.value else { return None };
        let Some(at) = top.iter().position(|(k, _)| k.as_str() == Some("answers")) else {
            let last = lines.count();
            edits.push(lines.insert_after(last, "answers:"));
            return Some(Section::empty(last));
        };
        let (key, value) = &top[at];
        let entries = match &value.value {
            Value::Map(entries) if !entries.is_empty() => entries,
            Value::Null | Value::Map(_) => {
                // `answers:`, `answers: ~` or `answers: {}`, on one line: the value goes.
                let (start, end) = lines.value_span(key.pos.line, key.pos.column)?;
                edits.push(Edit {
                    start,
                    end,
                    with: String::new(),
                });
                return Some(Section::empty(key.pos.line));
            }
            _ => return None,
        };
        // A flow mapping (`answers: {…}`) is not edited in place.
        if value.pos.line == key.pos.line {
            return None;
        }
        let limit = match top.get(at + 1) {
            Some((next, _)) if next.pos.line > key.pos.line => next.pos.line - 1,
            Some(_) => return None,
            None => lines.count(),
        };
        let entries: Vec<(&Node, &Node)> = entries.iter().map(|(k, v)| (k, v)).collect();
        let ends = (0..entries.len())
            .map(|i| {
                let last = entries.get(i + 1).map_or(limit, |(k, _)| k.pos.line - 1);
                lines.content_end(entries[i].0.pos.line, last)
            })
            .collect();
        let indent = entries.first().map_or(3, |(k, _)| k.pos.column);
        Some(Section {
            entries,
            ends,
            key_line: key.pos.line,
            indent,
        })
    }

    /// No entries yet: they go after line `key_line`.
    fn empty(key_line: usize) -> Section<'n> {
        Section {
            entries: Vec::new(),
            ends: Vec::new(),
            key_line,
            indent: 3,
        }
    }

    fn entry(&self, code: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k.as_str() == Some(code))
    }

    /// Rewrites entry `i` to say `new`.
    fn edit(&self, lines: &Lines<'_>, i: usize, new: &Answer, edits: &mut Vec<Edit>) -> Option<()> {
        let (key, value) = self.entries[i];
        let (line, end) = (key.pos.line, self.ends[i]);
        if end == line {
            let (start, stop) = lines.value_span(line, key.pos.column)?;
            edits.push(Edit {
                start,
                end: stop,
                with: format!(" {}", inline(new)),
            });
            return Some(());
        }
        let Value::Map(fields) = &value.value else {
            return None;
        };
        if value.pos.line == line {
            return None;
        }
        edit_fields(lines, fields, end, new, edits)
    }

    /// Adds `code` after the entry of the question before it in the model, or first.
    fn insert(
        &self,
        model: &Model,
        lines: &Lines<'_>,
        code: &str,
        new: &Answer,
        edits: &mut Vec<Edit>,
    ) -> Option<()> {
        let order: Vec<&str> = model.questions().map(|q| q.question.id.as_str()).collect();
        let rank = order.iter().position(|c| *c == code)?;
        let before = (0..self.entries.len())
            .filter(|&i| {
                let key = self.entries[i].0.as_str().unwrap_or_default();
                order.iter().position(|c| *c == key).is_some_and(|r| r < rank)
            })
            .max_by_key(|&i| self.ends[i]);
        let after_line = before.map_or(self.key_line, |i| self.ends[i]);
        let line = format!("{}{code}: {}", " ".repeat(self.indent - 1), inline(new));
        edits.push(lines.insert_after(after_line, &line));
        Some(())
    }
}

/// Edits the fields of a long-form entry (a block mapping ending at line `end`).
fn edit_fields(
    lines: &Lines<'_>,
    fields: &[(Node, Node)],
    end: usize,
    new: &Answer,
    edits: &mut Vec<Edit>,
) -> Option<()> {
    let indent = fields.first()?.0.pos.column;
    let evidence = (!new.evidence.is_empty()).then(|| flow_list(&new.evidence));
    let wanted: [(&str, Option<String>); 4] = [
        ("answer", Some(new.word.map_or("~", Word::as_str).to_string())),
        ("reason", new.reason.as_deref().map(quote)),
        ("note", new.note.as_deref().map(quote)),
        ("evidence", evidence),
    ];
    let mut last = fields.last()?.0.pos.line;
    last = lines.content_end(last, end);
    for (name, value) in wanted {
        let at = fields.iter().position(|(k, _)| k.as_str() == Some(name));
        let Some(at) = at else {
            if let Some(value) = value {
                edits.push(lines.insert_after(last, &format!("{}{name}: {value}", " ".repeat(indent - 1))));
            }
            continue;
        };
        let key = &fields[at].0;
        let stop = fields.get(at + 1).map_or(end, |(k, _)| k.pos.line - 1);
        let field_end = lines.content_end(key.pos.line, stop);
        match value {
            None => {
                let (start, stop) = lines.whole(key.pos.line, field_end);
                edits.push(Edit {
                    start,
                    end: stop,
                    with: String::new(),
                });
            }
            Some(value) if field_end == key.pos.line => {
                let (start, stop) = lines.value_span(key.pos.line, key.pos.column)?;
                if lines.text[start..stop].trim() != value {
                    edits.push(Edit {
                        start,
                        end: stop,
                        with: format!(" {value}"),
                    });
                }
            }
            Some(value) => {
                let (start, stop) = lines.whole(key.pos.line, field_end);
                let line = format!("{}{name}: {value}{}", " ".repeat(indent - 1), lines.newline);
                edits.push(Edit {
                    start,
                    end: stop,
                    with: line,
                });
            }
        }
    }
    Some(())
}

/// An entry's value on one line: the short form when it says everything, otherwise a
/// flow mapping `{answer: mostly, note: "…", evidence: ["…"]}`.
pub fn inline(answer: &Answer) -> String {
    let word = answer.word.map_or("~", Word::as_str);
    if answer.is_short() {
        return word.to_string();
    }
    let mut parts = vec![format!("answer: {word}")];
    if let Some(reason) = &answer.reason {
        parts.push(format!("reason: {}", quote(reason)));
    }
    if let Some(note) = &answer.note {
        parts.push(format!("note: {}", quote(note)));
    }
    if !answer.evidence.is_empty() {
        parts.push(format!("evidence: {}", flow_list(&answer.evidence)));
    }
    format!("{{{}}}", parts.join(", "))
}

fn flow_list(items: &[super::evidence::Evidence]) -> String {
    let quoted: Vec<String> = items.iter().map(super::evidence::Evidence::flow).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> &'static Model {
        crate::embedded::model()
    }

    fn with(code: &str, answer: Answer) -> BTreeMap<String, Answer> {
        BTreeMap::from([(code.to_string(), answer)])
    }

    #[test]
    fn a_file_without_answers_gets_the_section_at_its_end() {
        let text = "# mine\naima: 1\nmodel: owasp-aima@1.0  # pinned";
        let edited = edit_answers(model(), text, &with("OP-IM-A-1", Answer::word(Word::Yes)));
        assert_eq!(
            edited.as_deref(),
            Some("# mine\naima: 1\nmodel: owasp-aima@1.0  # pinned\nanswers:\n  OP-IM-A-1: yes")
        );
    }

    #[test]
    fn an_empty_answers_section_gets_its_first_entry_below_it() {
        for empty in ["answers:", "answers: ~", "answers: {}"] {
            let text = format!("aima: 1\n{empty}  # to do\nmodel: owasp-aima@1.0\n");
            let edited = edit_answers(model(), &text, &with("RA-EV-B-2", Answer::word(Word::No)));
            assert_eq!(
                edited.as_deref(),
                Some("aima: 1\nanswers:  # to do\n  RA-EV-B-2: no\nmodel: owasp-aima@1.0\n"),
                "{empty}"
            );
        }
    }

    #[test]
    fn entries_go_after_the_question_before_them_in_the_model() {
        let text = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n    GV-SM-A-1: yes\n    # comment of B-2\n    GV-SM-B-2: no\n";
        let edited = edit_answers(model(), text, &{
            let mut all = with("GV-SM-A-1", Answer::word(Word::Yes));
            all.insert("GV-SM-B-2".into(), Answer::word(Word::No));
            all.insert("GV-SM-B-1".into(), Answer::word(Word::Partly));
            all
        });
        assert_eq!(
            edited.as_deref(),
            Some(
                "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n    GV-SM-A-1: yes\n    GV-SM-B-1: partly\n    # comment of B-2\n    GV-SM-B-2: no\n"
            )
        );
    }

    #[test]
    fn text_that_would_not_read_back_is_left_to_a_whole_write() {
        // A multi-line flow mapping is not edited in place.
        let text = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: {answer: yes,\n    note: x}\n";
        assert_eq!(
            edit_answers(model(), text, &with("GV-SM-A-1", Answer::word(Word::No))),
            None
        );
        // Nor is a file that does not read as an answers file.
        assert_eq!(edit_answers(model(), "aima: 1\n", &BTreeMap::new()), None);
    }

    #[test]
    fn finds_comments_outside_quotes_only() {
        assert_eq!(comment_start(" yes  # ok"), Some(6));
        assert_eq!(comment_start(" \"a # b\" # c"), Some(9));
        assert_eq!(comment_start(" 'it''s' # c"), Some(9));
        assert_eq!(comment_start(" a#b"), None);
        assert_eq!(colon_after("\"GV-SM-A-1\": yes"), Some(11));
    }
}
