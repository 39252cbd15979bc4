//! Checks one answers file's tree against the format (docs/answers-format.md) and the
//! model, collecting every problem with its position.

use super::{Answer, Date, FORMAT_VERSION, Word};
use crate::base::diag::{Pos, Problems, shown, suggest};
use crate::base::walk::{self, Ctx};
use crate::base::yaml::{Node, Value};
use crate::model::{Code, Model};

pub const TOP_KEYS: &[&str] = &["aima", "model", "assessment", "targets", "answers", "clauses"];
pub const ASSESSMENT_KEYS: &[&str] = &[
    "organization",
    "scope",
    "assessor",
    "date",
    "system",
    "team",
    "round",
    "status",
    "sign_off",
    "superseded",
];
pub const ANSWER_KEYS: &[&str] = &["answer", "note", "evidence", "reason"];
/// Appended to a model mismatch when only the version differs.
pub const MODEL_HINT: &str = " (load the matching model with --model DIR)";
const WORDS: &str = "yes, mostly, partly, no or na";

/// One answers file after checking, with the positions merging needs for its messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswersFile {
    pub file: String,
    pub metadata: FileMetadata,
    pub default_target: Option<(u8, Pos)>,
    /// Domain and practice targets.
    pub targets: Vec<(String, u8, Pos)>,
    /// Entries in file order, with the position of each question ID.
    pub answers: Vec<(String, Pos, super::Answer)>,
    /// The organisation's own evidence per clause (`clauses:`): `FRAMEWORK:CLAUSE` keys in
    /// file order, with the position of each key (docs/answers-format.md).
    pub clauses: Vec<(String, Pos, super::Answer)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileMetadata {
    pub organization: Option<(String, Pos)>,
    pub scope: Option<(String, Pos)>,
    pub assessor: Option<(String, Pos)>,
    pub date: Option<(Date, Pos)>,
    pub system: Option<(String, Pos)>,
    pub team: Option<(String, Pos)>,
    /// `round` (docs/record.md); without one, the date is the round.
    pub round: Option<(String, Pos)>,
    pub status: Option<(super::record::Status, Pos)>,
    /// Sign-offs, each with the position of its date.
    pub sign_off: Vec<(super::record::SignOff, Pos)>,
    /// Sign-offs set aside by `aima assess --reopen`.
    pub superseded: Vec<(super::record::SignOff, Pos)>,
}

/// Checks `node` (the parsed file `file`) against the format and `model`. Problems go
/// to `problems`; the file is returned when it has none.
pub fn parse(model: &Model, file: &str, node: &Node, problems: &mut Problems) -> Option<AnswersFile> {
    let before = problems.len();
    let mut ctx = Ctx { file, problems };
    let mut out = AnswersFile {
        file: file.to_string(),
        ..AnswersFile::default()
    };
    if node.is_null() {
        ctx.report(
            node.pos,
            format!(
                "the file is empty: an answers file starts with `aima: 1` and `model: {}`",
                model.key()
            ),
        );
        return None;
    }
    let f = walk::fields(&mut ctx, node, "the answers file", TOP_KEYS)?;

    check_version(&mut ctx, &f);
    check_model(&mut ctx, model, &f);

    if let Some(meta) = f.get("assessment").filter(|n| !n.is_null()) {
        read_metadata(&mut ctx, meta, &mut out.metadata);
    }
    if let Some(targets) = f.get("targets").filter(|n| !n.is_null()) {
        read_targets(&mut ctx, model, targets, &mut out);
    }
    if let Some(answers) = f.get("answers").filter(|n| !n.is_null()) {
        read_answers(&mut ctx, model, answers, &mut out);
    }
    if let Some(clauses) = f.get("clauses").filter(|n| !n.is_null()) {
        read_clauses(&mut ctx, model, clauses, &mut out);
    }
    // In file order, whatever order the checks ran in (a stable sort keeps same-place ones).
    problems.list[before..].sort_by_key(|p| p.pos);
    (problems.len() == before).then_some(out)
}

/// `aima: 1`: present, a number, and the version this aima reads.
fn check_version(ctx: &mut Ctx, f: &walk::Fields) {
    match f.get("aima") {
        None => ctx.report(
            f.pos,
            "missing `aima`, the answers-file format version: add `aima: 1` at the top",
        ),
        Some(Node {
            value: Value::Int(FORMAT_VERSION),
            ..
        }) => {}
        Some(
            v @ Node {
                value: Value::Str(_), ..
            },
        ) => ctx.report(
            v.pos,
            format!(
                "`aima` must be the number {FORMAT_VERSION}, not {}",
                // "the text `1`", or "a long text".
                Some(v.describe())
                    .map(|d| if d.starts_with('`') {
                        format!("the text {d}")
                    } else {
                        d
                    })
                    .unwrap_or_default()
            ),
        ),
        Some(v) => ctx.report(
            v.pos,
            format!(
                "unsupported answers-file version `{}`: this aima reads version {FORMAT_VERSION}",
                v.key_text()
            ),
        ),
    }
}

/// `model: owasp-aima@1.0`: present, text, and the loaded model's key.
fn check_model(ctx: &mut Ctx, model: &Model, f: &walk::Fields) {
    match f.get("model") {
        None => ctx.report(
            f.pos,
            format!(
                "missing `model`, the model the answers were given against: add `model: {}`",
                model.key()
            ),
        ),
        Some(v) => match v.as_str() {
            Some(m) if m == model.key() => {}
            Some(m) => ctx.report(
                v.pos,
                format!(
                    "the answers were given against model `{}`, but the loaded model is `{}`{}",
                    shown(m),
                    model.key(),
                    if m.starts_with(&format!("{}@", model.id)) {
                        MODEL_HINT
                    } else {
                        ""
                    }
                ),
            ),
            None => ctx.report(
                v.pos,
                format!(
                    "`model` must be text such as `{}`, not {}",
                    model.key(),
                    v.describe()
                ),
            ),
        },
    }
}

fn read_metadata(ctx: &mut Ctx, node: &Node, meta: &mut FileMetadata) {
    let what = "`assessment`";
    let Some(f) = walk::fields(ctx, node, what, ASSESSMENT_KEYS) else {
        return;
    };
    let text_at = |ctx: &mut Ctx, key: &str| -> Option<(String, Pos)> {
        let node = f.get(key)?;
        let text = walk::optional_text(ctx, &f, key, what)?;
        Some((text, node.pos))
    };
    meta.organization = text_at(ctx, "organization");
    meta.scope = text_at(ctx, "scope");
    meta.assessor = text_at(ctx, "assessor");
    meta.team = text_at(ctx, "team");
    meta.system = text_at(ctx, "system").filter(|(id, pos)| {
        let ok = is_system_id(id);
        if !ok {
            ctx.report(
                *pos,
                format!(
                    "bad system id `{}`: use letters, digits, `-`, `_` and `.` only",
                    shown(id)
                ),
            );
        }
        ok
    });
    if let Some(node) = f.get("date").filter(|n| !n.is_null()) {
        match node.as_str().map(|s| (s, Date::parse(s))) {
            Some((_, Some(date))) => meta.date = Some((date, node.pos)),
            Some((s, None)) => ctx.report(
                node.pos,
                format!(
                    "bad date `{}`: expected a real calendar date as YYYY-MM-DD",
                    shown(s)
                ),
            ),
            None => ctx.report(
                node.pos,
                format!("bad date {}: expected a date as YYYY-MM-DD", node.describe()),
            ),
        }
    }
    super::record::read(ctx, &f, meta);
    let date = meta.date.map(|(d, _)| d);
    for (pos, message) in super::record::problems(date, meta.status, &meta.sign_off) {
        ctx.report(pos, message);
    }
}

/// " (did you mean `GV-PC`? codes are in capitals)" when `code` in capitals is a domain or
/// practice of `model`; otherwise empty.
fn capitals_hint(model: &Model, code: &str) -> String {
    let upper = code.to_uppercase();
    let known = match Code::parse(&upper) {
        Some(Code::Domain(d)) => model.domain(d).is_some(),
        Some(Code::Practice(p)) => model.practice(p).is_some(),
        _ => upper == "DEFAULT",
    };
    match (known, upper.as_str()) {
        (true, "DEFAULT") => " (did you mean `default`?)".to_string(),
        (true, _) if upper != code => format!(" (did you mean `{upper}`? codes are in capitals)"),
        _ => String::new(),
    }
}

/// A system id: letters, digits, `-`, `_` and `.` (it may name a folder and a key in aima.toml).
pub fn is_system_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn read_targets(ctx: &mut Ctx, model: &Model, node: &Node, out: &mut AnswersFile) {
    let entries = distinct_entries(
        ctx,
        node,
        "`targets` must be a mapping of `default`, domain or practice codes to levels 0..3",
        |code| format!("target `{code}` is given twice"),
    );
    for (key, code, value) in entries {
        let known = code == "default"
            || match Code::parse(&code) {
                Some(Code::Domain(d)) => model.domain(d).is_some(),
                Some(Code::Practice(p)) => model.practice(p).is_some(),
                Some(Code::Stream { .. } | Code::Question { .. }) => {
                    ctx.report(
                        key.pos,
                        format!("target `{code}` names a stream or question: targets are set for `default`, a domain (`GV`) or a practice (`GV-PC`)"),
                    );
                    continue;
                }
                None => false,
            };
        if !known || key.as_str().is_none() {
            ctx.report(
                key.pos,
                format!(
                    "target names unknown code `{}`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC` of model {}{}",
                    shown(&code),
                    model.key(),
                    capitals_hint(model, &code)
                ),
            );
            continue;
        }
        let level = match value.value {
            Value::Int(n @ 0..=3) => n as u8,
            _ => {
                ctx.report(
                    value.pos,
                    format!(
                        "target `{code}` must be a level from 0 to 3, not {}",
                        value.describe()
                    ),
                );
                continue;
            }
        };
        if code == "default" {
            out.default_target = Some((level, key.pos));
        } else {
            out.targets.push((code, level, key.pos));
        }
    }
}

fn read_answers(ctx: &mut Ctx, model: &Model, node: &Node, out: &mut AnswersFile) {
    let entries = distinct_entries(
        ctx,
        node,
        "`answers` must be a mapping of question IDs to answers",
        |code| format!("question {code} is given twice"),
    );
    for (key, code, value) in entries {
        if !check_question_id(ctx, model, key, &code) {
            continue;
        }
        if let Some(answer) = read_answer(ctx, &code, value) {
            out.answers.push((code, key.pos, answer));
        }
    }
}

/// `clauses:`: the organisation's own evidence for clauses of the crosswalks, each key a
/// `FRAMEWORK:CLAUSE` that a crosswalk has, each value an answer (docs/answers-format.md).
fn read_clauses(ctx: &mut Ctx, model: &Model, node: &Node, out: &mut AnswersFile) {
    let entries = distinct_entries(
        ctx,
        node,
        "`clauses` must be a mapping of FRAMEWORK:CLAUSE keys (as in `eu-ai-act:Art. 14`) to answers",
        |key| format!("clause {key} is given twice"),
    );
    for (key, code, value) in entries {
        let problem = match key.as_str() {
            Some(text) => crate::crosswalk::known::problem(model, text),
            None => crate::crosswalk::known::problem(model, ""),
        };
        if let Some(message) = problem {
            ctx.report(key.pos, message);
            continue;
        }
        if let Some(answer) = read_answer(ctx, &code, value) {
            out.clauses.push((code, key.pos, answer));
        }
    }
}

/// The entries of a mapping whose keys are codes, each key's text once: a non-mapping and
/// repeated keys are reported (`twice` words the repeat; its first place is added).
fn distinct_entries<'n>(
    ctx: &mut Ctx,
    node: &'n Node,
    must_be: &str,
    twice: impl Fn(&str) -> String,
) -> Vec<(&'n Node, String, &'n Node)> {
    let Value::Map(entries) = &node.value else {
        ctx.report(node.pos, format!("{must_be}, not {}", node.describe()));
        return Vec::new();
    };
    // A map, not a list: a hostile file with 50,000 keys must not cost a quadratic scan.
    let mut seen: std::collections::HashMap<String, Pos> = std::collections::HashMap::new();
    let mut distinct = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let code = key.key_text();
        if let Some(first) = seen.get(&code) {
            ctx.report(key.pos, format!("{} (first at {first})", twice(&shown(&code))));
            continue;
        }
        seen.insert(code.clone(), key.pos);
        distinct.push((key, code, value));
    }
    distinct
}

/// Reports a question ID that is malformed or not in the model.
fn check_question_id(ctx: &mut Ctx, model: &Model, key: &Node, code: &str) -> bool {
    let well_formed = key.as_str().is_some() && matches!(Code::parse(code), Some(Code::Question { .. }));
    if !well_formed {
        let upper = code.to_uppercase();
        let hint = match model.question(&upper) {
            Some(_) => format!(" (did you mean `{upper}`? codes are in capitals)"),
            None => String::new(),
        };
        ctx.report(
            key.pos,
            format!(
                "malformed question ID `{}`: expected domain-practice-stream-level, as in `GV-PC-A-1`{hint}",
                shown(code)
            ),
        );
        return false;
    }
    if model.question(code).is_some() {
        return true;
    }
    // A well-formed ID is unknown only when its practice is (every practice has streams A
    // and B at levels 1..3), so the suggestion compares practice codes: 24 short candidates
    // instead of 144, which keeps a file of 50,000 unknown IDs fast.
    let practices: Vec<&str> = model.practices().map(|(_, p)| p.id.as_str()).collect();
    let (practice, rest) = code.split_at(5);
    let hint = suggest(practice, &practices).map_or(String::new(), |p| format!(" (did you mean {p}{rest}?)"));
    ctx.report(
        key.pos,
        format!(
            "unknown question ID `{code}`: model {} has no such question{hint}",
            model.key()
        ),
    );
    false
}

fn read_answer(ctx: &mut Ctx, code: &str, node: &Node) -> Option<Answer> {
    match &node.value {
        Value::Null => Some(Answer::default()),
        Value::Str(text) => {
            let word = read_word(ctx, code, node, text)?;
            if word == Word::Na {
                ctx.report(
                    node.pos,
                    format!("{code} is `na` without a reason: write `{{answer: na, reason: \"why it does not apply\"}}`"),
                );
                return None;
            }
            Some(Answer::word(word))
        }
        Value::Map(_) => read_long_answer(ctx, code, node),
        _ => {
            ctx.report(
                node.pos,
                format!(
                    "the answer to {code} must be {WORDS} (or a mapping with `answer`), not {}{}",
                    node.describe(),
                    word_hint(&node.value)
                ),
            );
            None
        }
    }
}

/// A hint for an answer that is not an answer word but plainly means one: `N/A`, a
/// toolkit number, `true` or `y`, or a word in capitals. Empty when there is none.
pub fn word_hint(value: &Value) -> String {
    let toolkit = |n: i64| {
        let word = Word::ALL.into_iter().find(|w| w.value() == Some(n as u8))?;
        Some(format!(
            " (did you mean `{word}`? {n} is the toolkit's value for {word})"
        ))
    };
    let meant = |word: Word| format!(" (did you mean `{word}`?)");
    let hint = match value {
        Value::Int(n @ 0..=3) => toolkit(*n),
        Value::Bool(true) => Some(meant(Word::Yes)),
        Value::Bool(false) => Some(meant(Word::No)),
        Value::Str(text) => {
            let lower = text.trim().to_lowercase();
            match lower.as_str() {
                "n/a" | "n.a." | "n.a" | "not applicable" | "not-applicable" => Some(meant(Word::Na)),
                "y" | "true" | "ok" => Some(meant(Word::Yes)),
                "n" | "false" => Some(meant(Word::No)),
                "0" | "1" | "2" | "3" => lower.parse().ok().and_then(toolkit),
                _ => Word::parse(&lower).map(|w| format!(" (answer words are lower case: `{w}`)")),
            }
        }
        _ => None,
    };
    hint.unwrap_or_default()
}

fn read_word(ctx: &mut Ctx, code: &str, node: &Node, text: &str) -> Option<Word> {
    if let Some(word) = Word::parse(text) {
        return Some(word);
    }
    let hint = word_hint(&node.value);
    ctx.report(
        node.pos,
        format!(
            "`{}` is not an answer word for {code}: use {WORDS}{hint}",
            shown(text)
        ),
    );
    None
}

fn read_long_answer(ctx: &mut Ctx, code: &str, node: &Node) -> Option<Answer> {
    let what = format!("the answer to {code}");
    let f = walk::fields(ctx, node, &what, ANSWER_KEYS)?;
    let mut answer = Answer::default();
    let mut ok = read_answer_word(ctx, code, &f, &mut answer);
    answer.note = walk::optional_text(ctx, &f, "note", &what);
    if f.get("note").is_some_and(|n| !n.is_null()) && answer.note.is_none() {
        ok = false;
    }
    ok &= read_evidence(ctx, code, &f, &mut answer);
    let reason_node = f.get("reason").filter(|n| !n.is_null());
    answer.reason = walk::optional_text(ctx, &f, "reason", &what);
    if reason_node.is_some() && answer.reason.is_none() {
        ok = false;
    }
    ok &= check_reason(ctx, code, &f, &answer);
    ok.then_some(answer)
}

/// The `answer` of a long-form entry; false when it has a problem.
fn read_answer_word(ctx: &mut Ctx, code: &str, f: &walk::Fields, answer: &mut Answer) -> bool {
    match f.get("answer") {
        None => {
            ctx.report(
                f.pos,
                format!("the answer to {code} is missing `answer` (use `answer: ~` to leave it open)"),
            );
            false
        }
        Some(n) if n.is_null() => true,
        Some(n) => match n.as_str() {
            Some(text) => {
                answer.word = read_word(ctx, code, n, text);
                answer.word.is_some()
            }
            None => {
                ctx.report(
                    n.pos,
                    format!(
                        "`answer` of {code} must be {WORDS}, not {}{}",
                        n.describe(),
                        word_hint(&n.value)
                    ),
                );
                false
            }
        },
    }
}

/// `evidence`: one item or a list of them, each text or the long form
/// (`super::evidence`); false when it has a problem.
fn read_evidence(ctx: &mut Ctx, code: &str, f: &walk::Fields, answer: &mut Answer) -> bool {
    let Some(n) = f.get("evidence").filter(|n| !n.is_null()) else {
        return true;
    };
    let items = match &n.value {
        Value::Str(_) | Value::Map(_) => std::slice::from_ref(n),
        Value::Seq(items) => items.as_slice(),
        _ => {
            ctx.report(
                n.pos,
                format!(
                    "`evidence` of {code} must be a list of links, paths or `{{ref: …}}` items, not {}",
                    n.describe()
                ),
            );
            return false;
        }
    };
    let mut ok = true;
    for item in items {
        match super::evidence::read_item(ctx, code, item) {
            Some(item) => answer.evidence.push(item),
            None => ok = false,
        }
    }
    ok
}

/// `reason` goes with `na`, and `na` needs one; false when that is not so.
fn check_reason(ctx: &mut Ctx, code: &str, f: &walk::Fields, answer: &Answer) -> bool {
    let reason_node = f.get("reason").filter(|n| !n.is_null());
    let (pos, message) = match (answer.word, &answer.reason) {
        (Some(Word::Na), None) if reason_node.is_none() => (
            f.get("answer").map_or(f.pos, |n| n.pos),
            format!("{code} is `na` without a reason: add `reason: \"why it does not apply\"`"),
        ),
        (Some(w), Some(_)) if w != Word::Na => (
            reason_node.map_or(f.pos, |n| n.pos),
            format!("`reason` goes with `na` only; {code} is `{w}`: use `note` for remarks"),
        ),
        (None, Some(_)) => (
            reason_node.map_or(f.pos, |n| n.pos),
            format!("`reason` goes with `na` only; {code} is not answered yet"),
        ),
        _ => return true,
    };
    ctx.report(pos, message);
    false
}
