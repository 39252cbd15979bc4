//! `aima sign`: a sign-off added to an answers file's text in place (docs/record.md). Only
//! lines are added (and `status:`'s value replaced with `--final`): comments, blank lines,
//! quoting and the order of keys stay byte for byte. The result is read back before it is
//! written; a layout this module does not edit (a flow-style `assessment`) is an error.

use super::SignOff;
use crate::base::yaml::{self, Node, Value, quote};

/// What to add: the sign-off, and whether to set `status: final`.
pub struct Signing<'a> {
    pub sign_off: &'a SignOff,
    pub make_final: bool,
}

/// `text` with the sign-off added (and `status: final` set), or why that cannot be done.
pub fn sign(text: &str, signing: &Signing) -> Result<String, String> {
    let root = yaml::parse(text).map_err(|(_, m)| m)?;
    let Value::Map(top) = &root.value else {
        return Err("the file is not a YAML mapping".to_string());
    };
    let Some(i) = top.iter().position(|(k, _)| k.as_str() == Some("assessment")) else {
        return Err("the file has no `assessment:` section: add one with its `date` first".to_string());
    };
    let (key, section) = &top[i];
    let Value::Map(entries) = &section.value else {
        return Err("`assessment` is not a mapping".to_string());
    };
    if section.pos.line <= key.pos.line || entries.is_empty() {
        return Err(
            "`assessment` is written in flow style ({...}): write it as a block to sign in place".to_string(),
        );
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // The last line of the section: before the next top-level key, back over blanks and comments.
    let next = top.get(i + 1).map_or(lines.len() + 1, |(k, _)| k.pos.line);
    let section_end = last_content(&lines, next - 1);
    let indent = " ".repeat(section.pos.column.saturating_sub(1));
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut replace: Option<(usize, String)> = None;
    if signing.make_final {
        match entries.iter().find(|(k, _)| k.as_str() == Some("status")) {
            Some((k, v)) if v.pos.line == k.pos.line => {
                let line = lines[k.pos.line - 1];
                let start = line.len() - line[v.pos.column - 1..].len();
                let end = start + v.as_str().map_or(0, str::len);
                replace = Some((k.pos.line, format!("{}final{}", &line[..start], &line[end..])));
            }
            Some(_) => return Err("`assessment.status` is not written on its key's line".to_string()),
            None => inserts.push((section_end, format!("{indent}status: final\n"))),
        }
    }
    let item = item_text(signing.sign_off);
    match entries
        .iter()
        .enumerate()
        .find(|(_, (k, _))| k.as_str() == Some("sign_off"))
    {
        None => inserts.push((section_end, format!("{indent}sign_off:\n{indent}  - {item}\n"))),
        Some((j, (k, v))) => inserts.push(append_item(&lines, entries, (j, k, v), section_end, &item)?),
    }
    let mut out = String::with_capacity(text.len() + 128);
    for (n, line) in lines.iter().enumerate() {
        let n = n + 1;
        match &replace {
            Some((at, with)) if *at == n => out.push_str(with),
            _ => out.push_str(line),
        }
        if !line.ends_with('\n') && inserts.iter().any(|(at, _)| *at == n) {
            out.push('\n');
        }
        for (_, added) in inserts.iter().filter(|(at, _)| *at == n) {
            out.push_str(added);
        }
    }
    Ok(out)
}

/// `text` of a final assessment reopened (`assess --reopen`): `status: draft`, and the
/// `sign_off` key renamed `superseded`, so the old sign-offs are kept; or why that cannot be
/// done in place.
pub fn reopen(text: &str) -> Result<String, String> {
    let root = yaml::parse(text).map_err(|(_, m)| m)?;
    let section = match &root.value {
        Value::Map(top) => top
            .iter()
            .find(|(k, _)| k.as_str() == Some("assessment"))
            .map(|(_, v)| v),
        _ => None,
    };
    let Some(Node {
        value: Value::Map(entries),
        ..
    }) = section
    else {
        return Err("the file has no `assessment:` section".to_string());
    };
    let find = |name: &str| entries.iter().find(|(k, _)| k.as_str() == Some(name));
    if find("superseded").is_some() && find("sign_off").is_some() {
        return Err(
            "it has both `sign_off` and `superseded`: move the sign-offs to `superseded` by hand".to_string(),
        );
    }
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if let Some((k, v)) = find("status") {
        if v.pos.line != k.pos.line {
            return Err("`assessment.status` is not written on its key's line".to_string());
        }
        let line = &mut lines[k.pos.line - 1];
        let start = v.pos.column - 1;
        let start = line.char_indices().nth(start).map_or(line.len(), |(i, _)| i);
        let end = start + v.as_str().map_or(0, str::len);
        line.replace_range(start..end.min(line.len()), "draft");
    }
    if let Some((k, _)) = find("sign_off") {
        let line = &mut lines[k.pos.line - 1];
        let start = line
            .char_indices()
            .nth(k.pos.column - 1)
            .map_or(line.len(), |(i, _)| i);
        line.replace_range(start..start + "sign_off".len(), "superseded");
    }
    Ok(lines.concat())
}

/// The line after which a new item of the block sequence `sign_off` goes, and its text.
fn append_item(
    lines: &[&str],
    entries: &[(Node, Node)],
    (j, key, value): (usize, &Node, &Node),
    section_end: usize,
    item: &str,
) -> Result<(usize, String), String> {
    let Value::Seq(items) = &value.value else {
        return Err("`assessment.sign_off` is not a list".to_string());
    };
    let Some(first) = items.first().filter(|_| value.pos.line > key.pos.line) else {
        return Err(
            "`assessment.sign_off` is written in flow style ([...]): write it as a block list".to_string(),
        );
    };
    let dash_line = lines[first.pos.line - 1];
    let dash = dash_line.len() - dash_line.trim_start().len();
    if !dash_line.trim_start().starts_with('-') {
        return Err("`assessment.sign_off` is not a block list of `- ` items".to_string());
    }
    let end = entries
        .get(j + 1)
        .map_or(section_end, |(k, _)| last_content(lines, k.pos.line - 1));
    Ok((end, format!("{}- {item}\n", " ".repeat(dash))))
}

/// The last line at or before `n` (1-based) that holds more than blanks or a comment.
fn last_content(lines: &[&str], mut n: usize) -> usize {
    while n > 1 {
        let t = lines.get(n - 1).map_or("", |l| l.trim());
        if !t.is_empty() && !t.starts_with('#') {
            break;
        }
        n -= 1;
    }
    n
}

/// `{by: …, role: …, date: …, note: …}` on one line.
fn item_text(s: &SignOff) -> String {
    let mut out = format!(
        "{{by: {}, role: {}, date: {}",
        quote(&s.by),
        quote(&s.role),
        s.date
    );
    if let Some(note) = &s.note {
        out.push_str(&format!(", note: {}", quote(note)));
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::{Signing, sign};
    use crate::answers::{Date, SignOff};

    fn signing(make_final: bool) -> (SignOff, bool) {
        let s = SignOff {
            by: "A. Lee".to_string(),
            role: "approver".to_string(),
            date: Date::parse("2026-11-21").expect("date"),
            note: None,
        };
        (s, make_final)
    }

    #[test]
    fn a_sign_off_is_added_and_comments_stay() {
        let text = "aima: 1\nassessment:\n  date: 2026-11-20  # the workshop\n  status: draft # not yet\n\n# answers\nanswers:\n  GV-PC-A-1: yes\n";
        let (s, f) = signing(true);
        let out = sign(
            text,
            &Signing {
                sign_off: &s,
                make_final: f,
            },
        )
        .expect("signed");
        assert_eq!(
            out,
            "aima: 1\nassessment:\n  date: 2026-11-20  # the workshop\n  status: final # not yet\n  sign_off:\n    - {by: \"A. Lee\", role: approver, date: 2026-11-21}\n\n# answers\nanswers:\n  GV-PC-A-1: yes\n"
        );
    }

    #[test]
    fn a_sign_off_goes_after_the_last_one() {
        let text = "assessment:\n  sign_off:\n    - by: B\n      role: reviewer\n      date: 2026-11-20\n  # next\n  date: 2026-11-20\n";
        let (s, f) = signing(false);
        let out = sign(
            text,
            &Signing {
                sign_off: &s,
                make_final: f,
            },
        )
        .expect("signed");
        assert_eq!(
            out,
            "assessment:\n  sign_off:\n    - by: B\n      role: reviewer\n      date: 2026-11-20\n    - {by: \"A. Lee\", role: approver, date: 2026-11-21}\n  # next\n  date: 2026-11-20\n"
        );
    }
}
