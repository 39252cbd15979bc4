//! Writes answers files: the blank worksheets and the file the interview saves. Both use
//! one layout: worksheet order, each question's text, level title and guidance as comments
//! above its entry, so a file can be filled in by hand or by `aima assess` alike.
//!
//! Model text goes into comments only through `crate::base::sanitize::yaml_comment` (`c` below):
//! a line break or control character in a name or title can never end a comment and start
//! YAML of its own, whatever model was loaded.

use std::fmt::Write as _;

use super::{Answer, Assessment, FORMAT_VERSION, Word};
use crate::base::sanitize::yaml_comment as c;
use crate::base::yaml::quote;
use crate::model::{Domain, Model};

/// Where editors look for the JSON Schema of answers files: a file beside the answers
/// file, which `aima schema > aima-answers.schema.json` writes (docs/editors.md).
pub const SCHEMA_PATH: &str = "aima-answers.schema.json";
const WIDTH: usize = 88;

/// What kind of file is written; decides the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A blank worksheet (`aima worksheet`), with the schema line for editors.
    Worksheet,
    /// An assessment saved by the interview.
    Assessment,
}

/// The whole file for `assessment`, with the domains for which `include` is true.
pub fn answers_file(
    model: &Model,
    assessment: &Assessment,
    kind: Kind,
    include: &dyn Fn(&Domain) -> bool,
) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let domains: Vec<&Domain> = model.domains.iter().filter(|d| include(d)).collect();
    if kind == Kind::Worksheet {
        let _ = writeln!(out, "# yaml-language-server: $schema={SCHEMA_PATH}");
        let _ = writeln!(
            out,
            "# (for editors; write it beside this file with: aima schema > {SCHEMA_PATH})"
        );
    }
    header(&mut out, model, &domains, kind);
    let _ = writeln!(out, "aima: {FORMAT_VERSION}");
    let _ = writeln!(out, "model: {}", quote(&model.key()));
    let meta = &assessment.metadata;
    out.push_str("assessment:\n");
    for (key, value) in [
        ("organization", meta.organization.clone()),
        ("scope", meta.scope.clone()),
        ("assessor", meta.assessor.clone()),
        ("date", meta.date.map(|d| d.to_string())),
        ("system", meta.system.clone()),
        ("team", meta.team.clone()),
    ] {
        // A checked date (YYYY-MM-DD) reads back as text unquoted, as hand-written files have it.
        let value = match (key, value) {
            (_, None) => "~".to_string(),
            ("date", Some(v)) => v,
            (_, Some(v)) => quote(&v),
        };
        if key == "date" && value == "~" {
            let _ = writeln!(out, "  {key}: ~  # YYYY-MM-DD");
        } else {
            let _ = writeln!(out, "  {key}: {value}");
        }
    }
    record(&mut out, meta);
    targets(&mut out, model, assessment);
    out.push_str("answers:\n");
    for domain in domains {
        domain_block(&mut out, domain, assessment);
    }
    clauses(&mut out, assessment);
    out
}

/// `clauses:`, the organisation's own evidence per clause, when there is any
/// (docs/answers-format.md); keys are always quoted (they hold `:` and spaces).
fn clauses(out: &mut String, assessment: &Assessment) {
    if assessment.clauses.is_empty() {
        return;
    }
    out.push_str(
        "\n# The organisation's own evidence for clauses of the crosswalks (FRAMEWORK:CLAUSE):\n\
         # shown beside the AIMA-derived status by `aima crosswalk ID FILE` (docs/crosswalk.md).\n\
         clauses:\n",
    );
    for (key, answer) in &assessment.clauses {
        entry(out, &quoted(key), Some(answer));
    }
}

/// `text` in double quotes, escaped as [`quote`] escapes.
fn quoted(text: &str) -> String {
    let q = quote(text);
    if q.starts_with('"') { q } else { format!("\"{q}\"") }
}

/// `round`, `status`, `sign_off` and `superseded`, each only when given (docs/record.md).
fn record(out: &mut String, meta: &super::Metadata) {
    if let Some(round) = &meta.round {
        let _ = writeln!(out, "  round: {}", quote(round));
    }
    if let Some(status) = meta.status {
        let _ = writeln!(out, "  status: {status}");
    }
    for (key, list) in [("sign_off", &meta.sign_off), ("superseded", &meta.superseded)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {key}:");
        for s in list {
            let _ = writeln!(out, "    - by: {}", quote(&s.by));
            let _ = writeln!(out, "      role: {}", quote(&s.role));
            let _ = writeln!(out, "      date: {}", s.date);
            if let Some(note) = &s.note {
                let _ = writeln!(out, "      note: {}", quote(note));
            }
        }
    }
}

fn header(out: &mut String, model: &Model, domains: &[&Domain], kind: Kind) {
    let what = match (kind, domains) {
        (Kind::Worksheet, [d]) => format!("worksheet for domain {} {}", c(&d.id), c(&d.name)),
        (Kind::Worksheet, _) => "worksheet".to_string(),
        (Kind::Assessment, _) => "assessment".to_string(),
    };
    let _ = writeln!(
        out,
        "# {} {} ({}): {what}",
        c(&model.name),
        c(&model.version),
        c(&model.key())
    );
    out.push_str(
        "#\n\
         # Answer each question with one word:\n\
         #   yes     the criterion is fully met\n\
         #   mostly  mostly met\n\
         #   partly  partly met\n\
         #   no      not met\n\
         #   na      not applicable: {answer: na, reason: \"why it does not apply\"}\n\
         # Leave ~ where there is no answer yet. Notes and evidence use the long form:\n\
         #   {answer: mostly, note: \"sign-off pending\", evidence: [\"https://...\"]}\n\
         # Evidence: a link, a path relative to this file, or {ref: docs/policy.pdf, title: \"...\",\n\
         #   date: 2026-03-01, expires: 2027-03-01, sha256: <64 hex digits>, kind: document}\n\
         #   (kind: document, record, test-report, link or other); `aima evidence hash FILE`\n\
         #   fills in sha256 and date. See docs/evidence.md.\n\
         # Check it with `aima validate FILE`; score it with `aima score FILE`.\n",
    );
}

fn targets(out: &mut String, model: &Model, assessment: &Assessment) {
    let t = &assessment.targets;
    if t.is_empty() {
        out.push_str(
            "# targets:    # optional target levels 0..3; a practice code wins over its domain,\n\
             #   default: 2  # a domain over the default\n",
        );
        return;
    }
    out.push_str("targets:\n");
    if let Some(d) = t.default {
        let _ = writeln!(out, "  default: {d}");
    }
    // Model order reads better than alphabetical order.
    for domain in &model.domains {
        if let Some(level) = t.by_code.get(&domain.id) {
            let _ = writeln!(out, "  {}: {level}", domain.id);
        }
        for p in &domain.practices {
            if let Some(level) = t.by_code.get(&p.id) {
                let _ = writeln!(out, "  {}: {level}", p.id);
            }
        }
    }
}

fn domain_block(out: &mut String, domain: &Domain, assessment: &Assessment) {
    let rule = "=".repeat(WIDTH - 4);
    let _ = write!(
        out,
        "\n  # {rule}\n  # {}  {}\n  # {rule}\n",
        c(&domain.id),
        c(&domain.name)
    );
    for practice in &domain.practices {
        let title = format!("---- {}  {} ", c(&practice.id), c(&practice.name));
        let pad = (WIDTH - 4).saturating_sub(title.chars().count());
        let _ = write!(out, "\n  # {title}{}\n", "-".repeat(pad));
        for level in 0..3 {
            let title = c(&practice.level_titles[level]);
            let _ = writeln!(out, "\n  # Level {}: {title}", level + 1);
            for stream in &practice.streams {
                let q = &stream.questions[level];
                let _ = writeln!(
                    out,
                    "\n  # {} | {} | level {}",
                    c(&q.id),
                    c(&stream.name),
                    q.level
                );
                comment(out, &q.text, "  # ");
                comment(out, &format!("Guidance: {}", q.guidance), "  # ");
                entry(out, &q.id, assessment.answers.get(&q.id));
            }
        }
    }
}

/// `text` as comment lines of at most WIDTH columns.
fn comment(out: &mut String, text: &str, prefix: &str) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && prefix.len() + line.len() + 1 + word.len() > WIDTH {
            let _ = writeln!(out, "{prefix}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&c(word));
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{prefix}{line}");
    }
}

fn entry(out: &mut String, code: &str, answer: Option<&Answer>) {
    let word = |w: Option<Word>| w.map_or("~", Word::as_str);
    match answer {
        None => {
            let _ = writeln!(out, "  {code}: ~");
        }
        Some(a) if a.is_short() => {
            let _ = writeln!(out, "  {code}: {}", word(a.word));
        }
        Some(a) => {
            let _ = writeln!(out, "  {code}:\n    answer: {}", word(a.word));
            if let Some(reason) = &a.reason {
                let _ = writeln!(out, "    reason: {}", quote(reason));
            }
            if let Some(note) = &a.note {
                let _ = writeln!(out, "    note: {}", quote(note));
            }
            if !a.evidence.is_empty() {
                out.push_str("    evidence:\n");
                for item in &a.evidence {
                    let _ = writeln!(out, "      - {}", item.flow());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::yaml::{Value, parse};

    #[test]
    fn model_text_never_leaves_its_comment() {
        let mut model = crate::embedded::model().clone();
        let evil = "x\nanswers: {}\r\ninjected: 1\u{85}nel: 2\u{2028}ls: 3 \u{1b}[2J \u{202e}";
        model.name = evil.to_string();
        model.domains[0].name = evil.to_string();
        let practice = &mut model.domains[0].practices[0];
        practice.name = evil.to_string();
        practice.level_titles[0] = evil.to_string();
        practice.streams[0].name = evil.to_string();
        practice.streams[0].questions[0].text = evil.to_string();
        practice.streams[0].questions[0].guidance = evil.to_string();
        let assessment = Assessment::new(&model);
        for kind in [Kind::Worksheet, Kind::Assessment] {
            let text = answers_file(&model, &assessment, kind, &|_| true);
            assert!(
                !text
                    .chars()
                    .any(|ch| crate::base::sanitize::is_unsafe(ch) && ch != '\n')
            );
            assert!(text.contains("# x\\u{a}answers: {}\\u{d}\\u{a}injected: 1\\u{85}nel: 2"));
            let node = parse(&text).expect("the file is still YAML");
            let Value::Map(entries) = node.value else {
                panic!("not a mapping")
            };
            let keys: Vec<String> = entries.iter().map(|(k, _)| k.key_text()).collect();
            assert_eq!(keys, ["aima", "model", "assessment", "answers"]);
            let Value::Map(answers) = &entries[3].1.value else {
                panic!("answers not a mapping")
            };
            assert_eq!(answers.len(), model.question_count());
        }
    }
}
