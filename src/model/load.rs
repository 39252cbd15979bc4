//! Loads and checks a model directory: `model.yaml` (id, version, attribution and the
//! domain files in order) plus one YAML file per domain. Every problem of every file is
//! collected and returned at once.

use std::collections::HashMap;
use std::path::Path;

use super::{Code, Domain, Model, Practice, Question, Stream};
use crate::base::diag::{Pos, Problem, Problems, place, shown};
use crate::base::input;
use crate::base::sanitize::is_unsafe;
use crate::base::walk::{self, Ctx, Fields};
use crate::base::yaml::{Node, Value};

/// The manifest every model directory has.
pub const MANIFEST: &str = "model.yaml";

const MANIFEST_KEYS: &[&str] = &[
    "id",
    "version",
    "name",
    "source",
    "license",
    "attribution",
    "domains",
];
const DOMAIN_KEYS: &[&str] = &["id", "name", "description", "practices"];
const PRACTICE_KEYS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "description",
    "objectives",
    "levels",
    "streams",
];
const LEVEL_KEYS: &[&str] = &["level", "title"];
const STREAM_KEYS: &[&str] = &["id", "name", "role", "questions"];
const QUESTION_KEYS: &[&str] = &["id", "toolkit_row", "text", "guidance"];
/// The last row of an Excel worksheet: the highest `toolkit_row` there can be.
const MAX_ROW: i64 = 1_048_576;

/// Most entries a model directory may hold (the AIMA model has 9 files).
pub const MAX_MODEL_FILES: usize = 1_000;
/// Most bytes the files of a model directory may hold together (the AIMA model has under
/// 1 MiB); each file also stays under the input limit of 8 MiB.
pub const MAX_MODEL_BYTES: u64 = 16 * 1024 * 1024;

/// Loads the model in `dir`, or every problem found in it.
pub fn load_dir(dir: &Path) -> Result<Model, Problems> {
    let mut problems = Problems::new();
    if let Err(p) = check_dir(dir) {
        problems.list.push(p);
        return Err(problems);
    }
    let display = |name: &str| dir.join(name).display().to_string();
    let manifest_name = display(MANIFEST);
    let manifest = match input::read_yaml(&dir.join(MANIFEST), &manifest_name) {
        Ok(node) => node,
        Err(p) => {
            problems.list.push(p);
            return Err(problems);
        }
    };
    let mut ctx = Ctx {
        file: &manifest_name,
        problems: &mut problems,
    };
    let header = read_manifest(&mut ctx, &manifest);
    let domains = read_domains(dir, &header, &manifest_name, &mut problems);
    // Without a readable list of domain files every file would be "unlisted": that would
    // bury the manifest's own problem under one misleading error per domain file.
    if !header.domain_files.is_empty() {
        let listed = header.domain_files.iter().map(|(n, _)| n.as_str()).collect();
        report_unlisted_files(dir, &listed, &display, &mut problems);
    }

    match header.fields {
        Some([id, version, name, source, license, attribution]) if problems.is_empty() => Ok(Model {
            id,
            version,
            name,
            source,
            license,
            attribution,
            domains,
        }),
        _ => {
            problems.sort_within_files();
            Err(problems)
        }
    }
}

/// `dir` must be a directory of at most [`MAX_MODEL_FILES`] entries.
fn check_dir(dir: &Path) -> Result<(), Problem> {
    let whole = |message: String| Problem::new(dir.display().to_string(), Pos::FILE, message);
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(whole(
                "is not a directory (--model takes a model directory)".to_string(),
            ));
        }
        Err(_) => return Err(whole("no such model directory".to_string())),
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| whole(format!("cannot read the model directory: {}", e.kind())))?;
    if entries.take(MAX_MODEL_FILES + 1).count() > MAX_MODEL_FILES {
        return Err(whole(format!(
            "the model directory holds more than {MAX_MODEL_FILES} files"
        )));
    }
    Ok(())
}

/// Reads the domain files the manifest lists, in order, within [`MAX_MODEL_BYTES`].
fn read_domains(dir: &Path, header: &Manifest, manifest_name: &str, problems: &mut Problems) -> Vec<Domain> {
    let manifest_bytes = std::fs::metadata(dir.join(MANIFEST)).map_or(0, |m| m.len());
    let mut budget = MAX_MODEL_BYTES.saturating_sub(manifest_bytes);
    let mut codes = Codes::default();
    let mut domains = Vec::new();
    for (name, pos) in &header.domain_files {
        let file = dir.join(name).display().to_string();
        let in_manifest =
            |message: &str| Problem::new(manifest_name, *pos, format!("domain file `{name}`: {message}"));
        let size = std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
        if size > budget {
            problems.list.push(in_manifest(&format!(
                "the model's files hold more than {} MiB together",
                MAX_MODEL_BYTES >> 20
            )));
            break;
        }
        budget -= size;
        let node = match input::read_yaml(&dir.join(name), &file) {
            Ok(node) => node,
            Err(p) if p.pos == Pos::FILE => {
                problems.list.push(in_manifest(&p.message));
                continue;
            }
            Err(p) => {
                problems.list.push(p);
                continue;
            }
        };
        let mut ctx = Ctx {
            file: &file,
            problems,
        };
        if let Some(domain) = read_domain(&mut ctx, &node, &mut codes) {
            domains.push(domain);
        }
    }
    domains
}

struct Manifest {
    fields: Option<[String; 6]>,
    domain_files: Vec<(String, Pos)>,
}

fn read_manifest(ctx: &mut Ctx, node: &Node) -> Manifest {
    let mut manifest = Manifest {
        fields: None,
        domain_files: Vec::new(),
    };
    let what = "the model manifest";
    let Some(f) = walk::fields(ctx, node, what, MANIFEST_KEYS) else {
        return manifest;
    };
    let id = walk::required_text(ctx, &f, "id", what);
    if let (Some(id), Some(node)) = (&id, f.get("id"))
        && !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        ctx.report(
            node.pos,
            format!(
                "model id `{}` may hold only lower-case letters, digits and `-`",
                shown(id)
            ),
        );
    }
    let version = walk::version_text(ctx, &f, what, "1.0");
    if let (Some(v), Some(node)) = (&version, f.get("version"))
        && (v.contains(char::is_whitespace) || v.contains('@'))
    {
        ctx.report(
            node.pos,
            format!("version `{}` must not contain spaces or `@`", shown(v)),
        );
    }
    let name = walk::required_line(ctx, &f, "name", what);
    let source = walk::required_prose(ctx, &f, "source", what);
    let license = walk::required_prose(ctx, &f, "license", what);
    let attribution = walk::required_prose(ctx, &f, "attribution", what);
    if let Some(items) = walk::required_list(ctx, &f, "domains", what) {
        manifest.domain_files = read_domain_list(ctx, items, f.get("domains").map_or(f.pos, |n| n.pos));
    }
    if let (Some(id), Some(version), Some(name), Some(source), Some(license), Some(attribution)) =
        (id, version, name, source, license, attribution)
    {
        manifest.fields = Some([id, version, name, source, license, attribution]);
    }
    manifest
}

/// The domain file names of the manifest's `domains` list (at `pos`), each checked.
fn read_domain_list(ctx: &mut Ctx, items: &[Node], pos: Pos) -> Vec<(String, Pos)> {
    let what = "the model manifest";
    let mut files = Vec::new();
    if items.is_empty() {
        ctx.report(pos, "the model lists no domain files under `domains`");
    }
    if items.len() > MAX_MODEL_FILES {
        ctx.report(
            pos,
            format!(
                "the model lists {} domain files; the limit is {MAX_MODEL_FILES}",
                items.len()
            ),
        );
        return files;
    }
    // A set, not a scan of the list: a manifest may list many names.
    let mut seen = std::collections::HashSet::new();
    for item in items {
        let Some(name) = walk::text(ctx, item, "domains", what) else {
            continue;
        };
        let plain = !name.contains(['/', '\\']) && !name.starts_with('.');
        if !plain || !(name.ends_with(".yaml") || name.ends_with(".yml")) || name.chars().any(is_unsafe) {
            ctx.report(
                item.pos,
                format!(
                    "domain file `{}` must be a `.yaml` file name in the model directory",
                    crate::base::sanitize::terminal_line(&name)
                ),
            );
        } else if name == MANIFEST {
            ctx.report(item.pos, format!("`{MANIFEST}` cannot be a domain file"));
        } else if !seen.insert(name.clone()) {
            ctx.report(item.pos, format!("domain file `{name}` is listed twice"));
        } else {
            files.push((name, item.pos));
        }
    }
    files
}

/// First place each code (and each toolkit row) was defined, across all files of the model.
#[derive(Default)]
struct Codes {
    seen: HashMap<String, String>,
    rows: HashMap<i64, (String, String)>,
}

impl Codes {
    /// Records `code`; reports it when it was already defined.
    fn define(&mut self, ctx: &mut Ctx, kind: &str, code: &str, pos: Pos) -> bool {
        if let Some(first) = self.seen.get(code) {
            ctx.report(
                pos,
                format!("duplicate {kind} code `{code}` (first defined at {first})"),
            );
            return false;
        }
        self.seen.insert(code.to_string(), place(ctx.file, pos));
        true
    }

    /// Records the toolkit row of question `code`; reports it when another question has it.
    fn define_row(&mut self, ctx: &mut Ctx, row: i64, code: &str, pos: Pos) -> bool {
        if let Some((first_code, first)) = self.rows.get(&row) {
            ctx.report(
                pos,
                format!(
                    "`toolkit_row` {row} of question {code} is already the row of {first_code} (at {first})"
                ),
            );
            return false;
        }
        self.rows.insert(row, (code.to_string(), place(ctx.file, pos)));
        true
    }
}

/// Reads the `id` of an entity, checks its shape and that it starts with its parent's.
fn read_code(
    ctx: &mut Ctx,
    f: &Fields,
    what: &str,
    kind: &str,
    parent: Option<&str>,
    example: &str,
    shape_ok: fn(Code) -> bool,
) -> Option<(String, Pos)> {
    let id = walk::required_text(ctx, f, "id", what)?;
    let pos = f.get("id").map_or(f.pos, |n| n.pos);
    if !Code::parse(&id).is_some_and(shape_ok) {
        ctx.report(
            pos,
            format!(
                "{kind} code `{}` is malformed: expected a code like `{example}`",
                shown(&id)
            ),
        );
        return None;
    }
    if let Some(parent) = parent {
        let prefix = format!("{parent}-");
        if !id.starts_with(&prefix) {
            ctx.report(
                pos,
                format!(
                    "{kind} code `{id}` does not match its parent `{parent}`: it must start with `{prefix}`"
                ),
            );
            return None;
        }
    }
    Some((id, pos))
}

fn read_domain(ctx: &mut Ctx, node: &Node, codes: &mut Codes) -> Option<Domain> {
    let f = walk::fields(ctx, node, "the domain file", DOMAIN_KEYS)?;
    let code = read_code(ctx, &f, "the domain", "domain", None, "GV", |c| {
        matches!(c, Code::Domain(_))
    });
    let what = match &code {
        Some((id, _)) => format!("domain {id}"),
        None => "the domain".to_string(),
    };
    let name = walk::required_line(ctx, &f, "name", &what);
    let description = walk::required_prose(ctx, &f, "description", &what);
    let defined = code
        .as_ref()
        .is_some_and(|(id, pos)| codes.define(ctx, "domain", id, *pos));
    let mut practices = Vec::new();
    if let Some(items) = walk::required_list(ctx, &f, "practices", &what) {
        if items.is_empty() {
            ctx.report(f.pos, format!("{what} has no practices"));
        }
        for item in items {
            practices.push(read_practice(
                ctx,
                item,
                code.as_ref().map(|(c, _)| c.as_str()),
                codes,
            ));
        }
    }
    let practices: Option<Vec<Practice>> = practices.into_iter().collect();
    Some(Domain {
        id: code.filter(|_| defined)?.0,
        name: name?,
        description: description?,
        practices: practices?,
    })
}

/// The `id` of a mapping before it is checked, to name the entity in messages.
fn peek_id(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some("id"))
            .and_then(|(_, v)| v.as_str()),
        _ => None,
    }
}

/// "practice RA-EV" when the id can be read, else "a practice of RA".
fn name_of(kind: &str, node: &Node, parent: Option<&str>) -> String {
    match peek_id(node) {
        Some(id) if Code::parse(id).is_some() => format!("{kind} {id}"),
        _ => format!("a {kind} of {}", parent.unwrap_or("?")),
    }
}

fn read_practice(ctx: &mut Ctx, node: &Node, domain: Option<&str>, codes: &mut Codes) -> Option<Practice> {
    let what_default = name_of("practice", node, domain);
    let f = walk::fields(ctx, node, &what_default, PRACTICE_KEYS)?;
    let code = read_code(ctx, &f, &what_default, "practice", domain, "GV-PC", |c| {
        matches!(c, Code::Practice(_))
    });
    let what = code
        .as_ref()
        .map_or(what_default, |(id, _)| format!("practice {id}"));
    let defined = code
        .as_ref()
        .is_some_and(|(id, pos)| codes.define(ctx, "practice", id, *pos));
    let name = walk::required_line(ctx, &f, "name", &what);
    let aliases = read_aliases(ctx, &f, &what);
    let description = walk::required_prose(ctx, &f, "description", &what);

    let mut objectives = Some(Vec::new());
    if let Some(items) = walk::required_list(ctx, &f, "objectives", &what) {
        if items.is_empty() {
            ctx.report(f.pos, format!("{what} lists no objectives"));
        }
        for item in items {
            let text = walk::text(ctx, item, "objectives", &what)
                .and_then(|t| walk::plain(ctx, item, "objectives", &what, t, true));
            match text {
                Some(text) => objectives.as_mut().map(|o| o.push(text)),
                None => objectives.take().map(|_| ()),
            };
        }
    } else {
        objectives = None;
    }

    let level_titles = read_level_titles(ctx, &f, &what);
    let practice_id = code.as_ref().map(|(c, _)| c.as_str());
    let streams = walk::required_list(ctx, &f, "streams", &what)
        .and_then(|items| read_streams(ctx, items, f.pos, practice_id, &what, codes));

    Some(Practice {
        id: code.filter(|_| defined)?.0,
        name: name?,
        aliases: aliases?,
        description: description?,
        objectives: objectives.filter(|o| !o.is_empty())?,
        level_titles: level_titles?,
        streams: streams?,
    })
}

/// `aliases`: a list (empty when AIMA uses no other name) of distinct, non-empty names.
fn read_aliases(ctx: &mut Ctx, f: &Fields, what: &str) -> Option<Vec<String>> {
    let items = walk::required_list(ctx, f, "aliases", what)?;
    let mut aliases = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        let alias = walk::text(ctx, item, "aliases", what)
            .and_then(|t| walk::plain(ctx, item, "aliases", what, t, false));
        match alias {
            Some(alias) if aliases.contains(&alias) => {
                ctx.report(
                    item.pos,
                    format!("alias `{}` of {what} is listed twice", shown(&alias)),
                );
                ok = false;
            }
            Some(alias) => aliases.push(alias),
            None => ok = false,
        }
    }
    ok.then_some(aliases)
}

fn read_level_titles(ctx: &mut Ctx, f: &Fields, what: &str) -> Option<[String; 3]> {
    let items = walk::required_list(ctx, f, "levels", what)?;
    let mut titles: [Option<String>; 3] = Default::default();
    let mut ok = true;
    for item in items {
        let Some(lf) = walk::fields(ctx, item, &format!("a level of {what}"), LEVEL_KEYS) else {
            ok = false;
            continue;
        };
        let level = match lf.get("level") {
            Some(Node {
                value: Value::Int(n @ 1..=3),
                ..
            }) => Some(*n as usize),
            Some(n) => {
                ctx.report(n.pos, format!("`level` must be 1, 2 or 3, not {}", n.describe()));
                None
            }
            None => {
                ctx.report(lf.pos, format!("a level of {what} is missing `level`"));
                None
            }
        };
        let title = walk::required_line(ctx, &lf, "title", &format!("a level of {what}"));
        match (level, title) {
            (Some(level), Some(title)) => {
                if titles[level - 1].is_some() {
                    ctx.report(item.pos, format!("{what} has two titles for level {level}"));
                    ok = false;
                }
                titles[level - 1] = Some(title);
            }
            _ => ok = false,
        }
    }
    for (i, t) in titles.iter().enumerate() {
        if t.is_none() && ok {
            ctx.report(
                f.get("levels").map_or(f.pos, |n| n.pos),
                format!("{what} has no title for level {}", i + 1),
            );
        }
    }
    let [a, b, c] = titles;
    Some([a?, b?, c?]).filter(|_| ok)
}

fn read_streams(
    ctx: &mut Ctx,
    items: &[Node],
    practice_pos: Pos,
    practice: Option<&str>,
    what: &str,
    codes: &mut Codes,
) -> Option<[Stream; 2]> {
    let mut slots: [Option<Stream>; 2] = [None, None];
    let mut ok = true;
    for item in items {
        match read_stream(ctx, item, practice, codes) {
            Some((letter, stream)) => {
                let slot = &mut slots[usize::from(letter == 'B')];
                if slot.is_some() {
                    ok = false;
                } else {
                    *slot = Some(stream);
                }
            }
            None => ok = false,
        }
    }
    if let Some(practice) = practice {
        let missing: Vec<String> = ['A', 'B']
            .iter()
            .zip(&slots)
            .filter(|(_, s)| s.is_none())
            .map(|(l, _)| format!("{practice}-{l}"))
            .collect();
        if ok && !missing.is_empty() {
            ctx.report(
                practice_pos,
                format!(
                    "{what} must have exactly two streams, {practice}-A and {practice}-B; {} is missing",
                    missing.join(" and ")
                ),
            );
        }
    }
    let [a, b] = slots;
    Some([a?, b?]).filter(|_| ok)
}

fn read_stream(
    ctx: &mut Ctx,
    node: &Node,
    practice: Option<&str>,
    codes: &mut Codes,
) -> Option<(char, Stream)> {
    let what_default = name_of("stream", node, practice);
    let f = walk::fields(ctx, node, &what_default, STREAM_KEYS)?;
    let code = read_code(ctx, &f, &what_default, "stream", practice, "GV-PC-A", |c| {
        matches!(c, Code::Stream { .. })
    });
    let what = code
        .as_ref()
        .map_or(what_default, |(id, _)| format!("stream {id}"));
    let defined = code
        .as_ref()
        .is_some_and(|(id, pos)| codes.define(ctx, "stream", id, *pos));
    let name = walk::required_line(ctx, &f, "name", &what);
    let role = walk::required_line(ctx, &f, "role", &what);
    let stream_id = code.as_ref().map(|(c, _)| c.as_str());
    let (slots, ok) = read_questions(ctx, &f, stream_id, codes, &what);
    let letter = code.as_ref().and_then(|(c, _)| c.chars().last())?;
    let [q1, q2, q3] = slots;
    let stream = Stream {
        id: code.filter(|_| defined)?.0,
        name: name?,
        role: role?,
        questions: [q1?, q2?, q3?],
    };
    ok.then_some((letter, stream))
}

/// The questions of a stream, one slot per level, and whether all three read well.
fn read_questions(
    ctx: &mut Ctx,
    f: &walk::Fields,
    stream_id: Option<&str>,
    codes: &mut Codes,
    what: &str,
) -> ([Option<Question>; 3], bool) {
    let mut slots: [Option<Question>; 3] = Default::default();
    let Some(items) = walk::required_list(ctx, f, "questions", what) else {
        return (slots, false);
    };
    let mut ok = true;
    for item in items {
        match read_question(ctx, item, stream_id, codes) {
            Some(q) => {
                let slot = &mut slots[usize::from(q.level) - 1];
                if slot.is_none() {
                    *slot = Some(q);
                } else {
                    ok = false;
                }
            }
            None => ok = false,
        }
    }
    if let (true, Some(stream_id)) = (ok, stream_id) {
        for (i, slot) in slots.iter().enumerate() {
            if slot.is_none() {
                ctx.report(
                    f.get("questions").map_or(f.pos, |n| n.pos),
                    format!(
                        "{what} must have one question at each level 1, 2 and 3; level {} ({stream_id}-{}) is missing",
                        i + 1,
                        i + 1
                    ),
                );
            }
        }
    }
    (slots, ok)
}

fn read_question(ctx: &mut Ctx, node: &Node, stream: Option<&str>, codes: &mut Codes) -> Option<Question> {
    let what_default = name_of("question", node, stream);
    let f = walk::fields(ctx, node, &what_default, QUESTION_KEYS)?;
    let code = read_code(ctx, &f, &what_default, "question", stream, "GV-PC-A-1", |c| {
        matches!(c, Code::Question { .. })
    });
    let what = code
        .as_ref()
        .map_or(what_default, |(id, _)| format!("question {id}"));
    let defined = code
        .as_ref()
        .is_some_and(|(id, pos)| codes.define(ctx, "question", id, *pos));
    let toolkit_row = read_toolkit_row(ctx, &f, &what);
    let text = walk::required_prose(ctx, &f, "text", &what);
    let guidance = walk::required_prose(ctx, &f, "guidance", &what);
    let (id, _) = code.filter(|_| defined)?;
    let (row, row_pos) = toolkit_row?;
    if !codes.define_row(ctx, row, &id, row_pos) {
        return None;
    }
    let level = match Code::parse(&id) {
        Some(Code::Question { level, .. }) => level,
        _ => return None,
    };
    Some(Question {
        id,
        level,
        toolkit_row: u32::try_from(row).ok()?,
        text: text?,
        guidance: guidance?,
    })
}

/// `toolkit_row`: a required whole number, a row of a worksheet (1..=1048576).
fn read_toolkit_row(ctx: &mut Ctx, f: &Fields, what: &str) -> Option<(i64, Pos)> {
    match f.get("toolkit_row") {
        None => {
            ctx.report(
                f.pos,
                format!("{what} is missing `toolkit_row` (its row in the AIMA Toolkit sheet `Assessment Questions`)"),
            );
            None
        }
        Some(Node {
            value: Value::Int(row @ 1..=MAX_ROW),
            pos,
        }) => Some((*row, *pos)),
        Some(node) => {
            ctx.report(
                node.pos,
                format!(
                    "`toolkit_row` of {what} must be a row number from 1 to {MAX_ROW}, not {}",
                    node.describe()
                ),
            );
            None
        }
    }
}

fn report_unlisted_files(
    dir: &Path,
    listed: &std::collections::HashSet<&str>,
    display: &dyn Fn(&str) -> String,
    problems: &mut Problems,
) {
    let Ok(entries) = crate::base::input::list_folder(dir, MAX_MODEL_FILES) else {
        return;
    };
    let unlisted = entries.into_iter().map(|e| e.name).filter(|n| {
        (n.ends_with(".yaml") || n.ends_with(".yml")) && n != MANIFEST && !listed.contains(n.as_str())
    });
    for name in unlisted {
        problems.push(
            &display(&name),
            Pos::FILE,
            format!("this domain file is not listed under `domains` in {MANIFEST}, so it would be ignored"),
        );
    }
}
