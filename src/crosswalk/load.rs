//! Reads and checks crosswalk files: the embedded `crosswalks/` and `--crosswalks DIR`.
//! Every problem of a file is reported at its line and column (docs/crosswalk.md describes
//! the file format).

use std::collections::HashMap;
use std::path::Path;

use super::{Amendment, Applies, Catalogue, Clause, Dated, Framework, Link, Strength};
use crate::base::diag::{Pos, Problems, shown, suggest};
use crate::base::input;
use crate::base::walk::{self, Ctx, Fields};
use crate::base::yaml::{Node, Value};
use crate::config::{AiActRisk, AiActRole, Gpai};
use crate::model::{Code, Model};

/// The embedded frameworks, as (file name shown in messages, text).
pub const EMBEDDED: [(&str, &str); 5] = [
    (
        "crosswalks/eu-ai-act.yaml",
        include_str!("../../crosswalks/eu-ai-act.yaml"),
    ),
    (
        "crosswalks/iso-42001.yaml",
        include_str!("../../crosswalks/iso-42001.yaml"),
    ),
    (
        "crosswalks/nist-ai-rmf.yaml",
        include_str!("../../crosswalks/nist-ai-rmf.yaml"),
    ),
    (
        "crosswalks/owasp-llm-top10.yaml",
        include_str!("../../crosswalks/owasp-llm-top10.yaml"),
    ),
    (
        "crosswalks/owasp-samm.yaml",
        include_str!("../../crosswalks/owasp-samm.yaml"),
    ),
];

const FRAMEWORK_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "source",
    "license",
    "attribution",
    "amendment",
    "clauses",
    "links",
];
const AMENDMENT_KEYS: &[&str] = &["name", "reference", "status", "in_force", "source", "verified"];
const CLAUSE_KEYS: &[&str] = &["id", "title", "applies", "dates", "amended", "note", "links"];
const APPLIES_KEYS: &[&str] = &["roles", "risk", "gpai"];
const ROLE_WORDS: &[&str] = &["provider", "deployer", "importer", "distributor"];
const RISK_WORDS: &[&str] = &["prohibited", "high-risk", "limited", "minimal"];
const GPAI_WORDS: &[&str] = &["none", "gpai", "systemic"];
const DATED_KEYS: &[&str] = &["date", "scope"];
const LINK_KEYS: &[&str] = &["practice", "strength", "rationale"];
const TOP_LINK_KEYS: &[&str] = &["clause", "practice", "strength", "rationale"];

/// The embedded frameworks, plus or replaced by those in `dir`.
pub fn load(model: &Model, dir: Option<&Path>) -> Result<Catalogue, Problems> {
    let mut frameworks = Vec::new();
    let mut problems = Problems::new();
    for (file, text) in EMBEDDED {
        match parse(text, file, model) {
            Ok((framework, _)) => frameworks.push(framework),
            Err(p) => problems.extend(p),
        }
    }
    if let Some(dir) = dir {
        match load_dir(model, dir) {
            Ok(added) => {
                for framework in added {
                    frameworks.retain(|f| f.id != framework.id);
                    frameworks.push(framework);
                }
            }
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    frameworks.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Catalogue { frameworks })
}

/// The frameworks `ids` need, parsing no more than that: none for no ids; without `dir`
/// only the embedded files named after them (`crosswalks/ID.yaml`). Anything else (an id
/// no embedded file is named after, or `--crosswalks DIR`) loads everything, as [`load`],
/// so that an unknown id is reported against the whole catalogue.
pub fn load_only(model: &Model, dir: Option<&Path>, ids: &[String]) -> Result<Catalogue, Problems> {
    if ids.is_empty() {
        return Ok(Catalogue {
            frameworks: Vec::new(),
        });
    }
    let named = |id: &String| {
        EMBEDDED
            .iter()
            .find(|(file, _)| *file == format!("crosswalks/{id}.yaml"))
    };
    if dir.is_some() || !ids.iter().all(|id| named(id).is_some()) {
        return load(model, dir);
    }
    let mut frameworks = Vec::new();
    for (file, text) in ids.iter().filter_map(named) {
        let (framework, _) = parse(text, file, model)?;
        if framework.id != file.trim_start_matches("crosswalks/").trim_end_matches(".yaml") {
            return load(model, dir);
        }
        frameworks.push(framework);
    }
    frameworks.sort_by(|a, b| a.id.cmp(&b.id));
    frameworks.dedup_by(|a, b| a.id == b.id);
    Ok(Catalogue { frameworks })
}

/// Most framework files `--crosswalks DIR` may hold (each is also at most 8 MiB, like every
/// input file; docs/security.md).
pub const MAX_FILES: usize = 1000;

/// Every `*.yaml` and `*.yml` file of `dir` (not recursive), each one framework.
pub fn load_dir(model: &Model, dir: &Path) -> Result<Vec<Framework>, Problems> {
    let name = dir.display().to_string();
    let mut problems = Problems::new();
    let files = match crate::base::input::yaml_files(dir, MAX_FILES) {
        Ok(files) => files,
        Err(_) => {
            let message = if dir.is_file() {
                "is not a directory (--crosswalks takes a directory of framework files)"
            } else {
                "no such crosswalks directory"
            };
            problems.push(&name, Pos::FILE, message);
            return Err(problems);
        }
    };
    if files.len() > MAX_FILES {
        problems.push(
            &name,
            Pos::FILE,
            format!("holds more than {MAX_FILES} framework files"),
        );
        return Err(problems);
    }
    if files.is_empty() {
        problems.push(&name, Pos::FILE, "holds no framework files (*.yaml, *.yml)");
        return Err(problems);
    }
    let mut frameworks: Vec<Framework> = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    for path in files {
        let file = path.display().to_string();
        let text = match input::read_text(&path, &file) {
            Ok(text) => text,
            Err(p) => {
                problems.list.push(p);
                continue;
            }
        };
        match parse(&text, &file, model) {
            Ok((framework, pos)) => {
                if let Some(first) = ids.get(&framework.id) {
                    problems.push(
                        &file,
                        pos,
                        format!("framework `{}` is also defined in {first}", framework.id),
                    );
                } else {
                    ids.insert(framework.id.clone(), file.clone());
                    frameworks.push(framework);
                }
            }
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(frameworks)
    } else {
        Err(problems)
    }
}

/// Parses and checks one framework file; returns it with the position of its `id`.
pub fn parse(text: &str, file: &str, model: &Model) -> Result<(Framework, Pos), Problems> {
    let mut problems = Problems::new();
    let node = match input::parse_yaml(text, file) {
        Ok(node) => node,
        Err(p) => {
            problems.list.push(p);
            return Err(problems);
        }
    };
    let mut ctx = Ctx {
        file,
        problems: &mut problems,
    };
    let framework = read_framework(&mut ctx, &node, model);
    match framework {
        Some(f) if problems.is_empty() => Ok(f),
        _ => {
            problems.sort_within_files();
            Err(problems)
        }
    }
}

fn read_framework(ctx: &mut Ctx, node: &Node, model: &Model) -> Option<(Framework, Pos)> {
    let what = "the crosswalk";
    let f = walk::fields(ctx, node, what, FRAMEWORK_KEYS)?;
    let id = read_id(ctx, &f);
    let version = read_version(ctx, &f);
    let name = walk::required_line(ctx, &f, "name", what);
    let source = walk::required_line(ctx, &f, "source", what);
    let license = walk::required_line(ctx, &f, "license", what);
    let attribution = walk::required_prose(ctx, &f, "attribution", what);
    let amendment = match f.get("amendment") {
        None => Some(None),
        Some(n) if n.is_null() => Some(None),
        Some(n) => read_amendment(ctx, n).map(Some),
    };
    let (mut clauses, ids) = read_clauses(ctx, &f, model);
    if let Some(node) = f.get("links") {
        read_top_links(ctx, node, &ids, clauses.as_mut(), model);
    }
    let (id, id_pos) = id?;
    Some((
        Framework {
            id,
            name: name?,
            version: version?,
            source: source?,
            license: license?,
            attribution: attribution?,
            amendment: amendment?,
            clauses: clauses?,
            file: ctx.file.to_string(),
        },
        id_pos,
    ))
}

fn read_id(ctx: &mut Ctx, f: &Fields) -> Option<(String, Pos)> {
    let id = walk::required_text(ctx, f, "id", "the crosswalk")?;
    let pos = f.get("id").map_or(f.pos, |n| n.pos);
    let plain = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !plain || id.starts_with('-') {
        ctx.report(
            pos,
            format!(
                "framework id `{}` may hold only lower-case letters, digits and `-` (e.g. `soc-2`)",
                shown(&id)
            ),
        );
        return None;
    }
    Some((id, pos))
}

fn read_version(ctx: &mut Ctx, f: &Fields) -> Option<String> {
    walk::version_text(ctx, f, "the crosswalk", "2023")
}

fn read_amendment(ctx: &mut Ctx, node: &Node) -> Option<Amendment> {
    let what = "`amendment`";
    let f = walk::fields(ctx, node, what, AMENDMENT_KEYS)?;
    let name = walk::required_line(ctx, &f, "name", what);
    let reference = walk::required_line(ctx, &f, "reference", what);
    let source = walk::required_text(ctx, &f, "source", what);
    let status = amendment_status(ctx, &f, what);
    let in_force = in_force_date(ctx, &f, what);
    let verified = match f.get("verified") {
        Some(Node {
            value: Value::Bool(b),
            ..
        }) => Some(*b),
        Some(n) => {
            ctx.report(
                n.pos,
                format!("`verified` of {what} must be true or false, not {}", n.describe()),
            );
            None
        }
        None => {
            ctx.report(f.pos, format!("{what} is missing `verified` (true or false)"));
            None
        }
    };
    Some(Amendment {
        name: name?,
        reference: reference?,
        status: status?,
        in_force: in_force?,
        source: source?,
        verified: verified?,
    })
}

/// `status` of an amendment: `in force`, `adopted` or `proposed`.
fn amendment_status(ctx: &mut Ctx, f: &Fields, what: &str) -> Option<super::AmendmentStatus> {
    let s = walk::required_text(ctx, f, "status", what)?;
    let parsed = super::AmendmentStatus::parse(&s);
    if parsed.is_none() {
        ctx.report(
            f.get("status").map_or(f.pos, |n| n.pos),
            format!(
                "`status` of {what} must be {}, not `{}`",
                walk::list(&super::AmendmentStatus::WORDS),
                shown(&s)
            ),
        );
    }
    parsed
}

/// `in_force` of an amendment (optional): `Some(None)` when absent.
fn in_force_date(ctx: &mut Ctx, f: &Fields, what: &str) -> Option<Option<String>> {
    let node = match f.get("in_force") {
        None => return Some(None),
        Some(n) if n.is_null() => return Some(None),
        Some(n) => n,
    };
    let date = walk::optional_text(ctx, f, "in_force", what)?;
    if !valid_date(&date) {
        ctx.report(
            node.pos,
            format!("`in_force` must be a date YYYY-MM-DD, not `{}`", shown(&date)),
        );
        return None;
    }
    Some(Some(date))
}

/// The clauses (`None` when any is unusable) and the id of every clause that has one,
/// so duplicates and the clauses of top-level links are checked even then.
fn read_clauses(ctx: &mut Ctx, f: &Fields, model: &Model) -> (Option<Vec<Clause>>, Vec<String>) {
    let Some(items) = walk::required_list(ctx, f, "clauses", "the crosswalk") else {
        return (None, Vec::new());
    };
    if items.is_empty() {
        ctx.report(f.pos, "the crosswalk lists no clauses under `clauses`");
    }
    let mut seen: HashMap<String, Pos> = HashMap::new();
    let mut clauses = Some(Vec::new());
    for item in items {
        if let Some((id, pos)) = peek_id(item) {
            if let Some(first) = seen.get(id) {
                ctx.report(
                    pos,
                    format!("duplicate clause `{}` (first at {first})", shown(id)),
                );
                clauses = None;
            } else {
                seen.insert(id.to_string(), pos);
            }
        }
        match (read_clause(ctx, item, model), clauses.as_mut()) {
            (Some(clause), Some(list)) => list.push(clause),
            _ => clauses = None,
        }
    }
    let mut ids: Vec<(String, Pos)> = seen.into_iter().collect();
    ids.sort_by_key(|(_, pos)| *pos);
    (
        clauses.filter(|c| !c.is_empty()),
        ids.into_iter().map(|(id, _)| id).collect(),
    )
}

/// The text `id` of a mapping and its position, before the mapping is checked.
fn peek_id(node: &Node) -> Option<(&str, Pos)> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("id"))
        .and_then(|(_, v)| v.as_str().map(|s| (s, v.pos)))
}

fn read_clause(ctx: &mut Ctx, node: &Node, model: &Model) -> Option<Clause> {
    let f = walk::fields(ctx, node, "a clause", CLAUSE_KEYS)?;
    let id = walk::required_line(ctx, &f, "id", "a clause");
    let what = id
        .as_deref()
        .map_or("a clause".to_string(), |id| format!("clause `{}`", shown(id)));
    let title = walk::required_line(ctx, &f, "title", &what);
    let applies = read_applies(ctx, &f, &what);
    let dates = read_dates(ctx, &f, "dates", &what);
    let amended = read_dates(ctx, &f, "amended", &what);
    let note = walk::optional_prose(ctx, &f, "note", &what);
    let mut links = Some(Vec::new());
    match f.get("links") {
        None => {}
        Some(n) if n.is_null() => {}
        Some(Node {
            value: Value::Seq(items),
            ..
        }) => {
            for item in items {
                let link = walk::fields(ctx, item, &format!("a link of {what}"), LINK_KEYS)
                    .and_then(|lf| read_link(ctx, &lf, &what, model));
                add_link(ctx, links.as_mut(), link, item.pos, &what).unwrap_or_else(|| links = None);
            }
        }
        Some(n) => {
            ctx.report(
                n.pos,
                format!("`links` of {what} must be a list, not {}", n.describe()),
            );
            links = None;
        }
    }
    Some(Clause {
        id: id?,
        title: title?,
        applies: applies?,
        dates: dates?,
        amended: amended?,
        note,
        links: links?,
    })
}

/// Adds `link` unless it repeats a practice already linked; `None` when it cannot be added.
fn add_link(
    ctx: &mut Ctx,
    links: Option<&mut Vec<Link>>,
    link: Option<Link>,
    pos: Pos,
    what: &str,
) -> Option<()> {
    let link = link?;
    let links = links?;
    if links.iter().any(|l| l.practice == link.practice) {
        ctx.report(pos, format!("{what} links practice {} twice", link.practice));
        return None;
    }
    links.push(link);
    Some(())
}

fn read_link(ctx: &mut Ctx, f: &Fields, what: &str, model: &Model) -> Option<Link> {
    let where_ = format!("a link of {what}");
    let practice = walk::required_text(ctx, f, "practice", &where_).and_then(|p| {
        let pos = f.get("practice").map_or(f.pos, |n| n.pos);
        check_code(ctx, model, &p, pos).then_some(p)
    });
    let strength = walk::required_text(ctx, f, "strength", &where_).and_then(|s| {
        let parsed = Strength::parse(&s);
        if parsed.is_none() {
            ctx.report(
                f.get("strength").map_or(f.pos, |n| n.pos),
                format!(
                    "`strength` must be `primary` or `supporting`, not `{}`",
                    shown(&s)
                ),
            );
        }
        parsed
    });
    let rationale = walk::required_prose(ctx, f, "rationale", &where_);
    Some(Link {
        practice: practice?,
        strength: strength?,
        rationale: rationale?,
    })
}

/// Reports a link code the model does not have (a practice, a stream, or a question of
/// level 2 or 3); true when it exists.
fn check_code(ctx: &mut Ctx, model: &Model, code: &str, pos: Pos) -> bool {
    match Code::parse(code) {
        Some(Code::Practice(_)) if model.practice(code).is_some() => return true,
        Some(Code::Stream { practice, .. }) if model.practice(practice).is_some() => return true,
        Some(Code::Question { level, .. }) if model.question(code).is_some() => {
            if level >= super::FLOOR {
                return true;
            }
            ctx.report(
                pos,
                format!(
                    "a link may name a question of level {} or 3, not the level-{level} question `{code}` \
                     (level 1 is informal practice, not evidence); name its stream or practice",
                    super::FLOOR
                ),
            );
            return false;
        }
        _ => {}
    }
    let ids: Vec<&str> = model.practices().map(|(_, p)| p.id.as_str()).collect();
    let hint = suggest(code, &ids).map_or_else(
        || "a practice code of the model, such as `GV-PC`".to_string(),
        |s| format!("did you mean `{s}`?"),
    );
    ctx.report(
        pos,
        format!("unknown practice `{}` in a link; {hint}", shown(code)),
    );
    false
}

/// `applies: {roles, risk, gpai}` of a clause; `Some(None)` when absent.
fn read_applies(ctx: &mut Ctx, f: &Fields, what: &str) -> Option<Option<Applies>> {
    let node = match f.get("applies") {
        None => return Some(None),
        Some(n) if n.is_null() => return Some(None),
        Some(n) => n,
    };
    let where_ = format!("`applies` of {what}");
    let af = walk::fields(ctx, node, &where_, APPLIES_KEYS)?;
    let roles = words(ctx, &af, "roles", &where_, ROLE_WORDS, |w| match w {
        "provider" => AiActRole::Provider,
        "deployer" => AiActRole::Deployer,
        "importer" => AiActRole::Importer,
        _ => AiActRole::Distributor,
    });
    let risk = words(ctx, &af, "risk", &where_, RISK_WORDS, |w| match w {
        "prohibited" => AiActRisk::Prohibited,
        "high-risk" => AiActRisk::HighRisk,
        "limited" => AiActRisk::Limited,
        _ => AiActRisk::Minimal,
    });
    let gpai = words(ctx, &af, "gpai", &where_, GPAI_WORDS, |w| match w {
        "gpai" => Gpai::Gpai,
        "systemic" => Gpai::Systemic,
        _ => Gpai::None,
    });
    Some(Some(Applies {
        roles: roles?,
        risk: risk?,
        gpai: gpai?,
    }))
}

/// A list of words of `allowed` under `key` (absent: empty), each mapped by `to`.
fn words<T>(
    ctx: &mut Ctx,
    f: &Fields,
    key: &str,
    what: &str,
    allowed: &[&str],
    to: impl Fn(&str) -> T,
) -> Option<Vec<T>> {
    let items = walk::optional_list(ctx, f, key, what)?;
    let mut out = Some(Vec::new());
    for item in items {
        match item.as_str().filter(|w| allowed.contains(w)) {
            Some(w) => {
                if let Some(list) = out.as_mut() {
                    list.push(to(w));
                }
            }
            None => {
                ctx.report(
                    item.pos,
                    format!(
                        "`{key}` of {what} takes {}, not {}",
                        walk::list(allowed),
                        item.describe()
                    ),
                );
                out = None;
            }
        }
    }
    out
}

/// Links listed apart from their clauses, under the top-level `links`, each naming its clause.
fn read_top_links(
    ctx: &mut Ctx,
    node: &Node,
    ids: &[String],
    mut clauses: Option<&mut Vec<Clause>>,
    model: &Model,
) {
    let Value::Seq(items) = &node.value else {
        if !node.is_null() {
            ctx.report(
                node.pos,
                format!("`links` must be a list, not {}", node.describe()),
            );
        }
        return;
    };
    for item in items {
        let Some(f) = walk::fields(ctx, item, "a link", TOP_LINK_KEYS) else {
            continue;
        };
        let clause = walk::required_line(ctx, &f, "clause", "a link");
        let index = clause.as_deref().and_then(|c| {
            let found = ids.iter().position(|id| id == c);
            if found.is_none() {
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                let hint = suggest(c, &refs).map_or_else(
                    || "it is not listed under `clauses`".to_string(),
                    |s| format!("did you mean `{s}`?"),
                );
                ctx.report(
                    f.get("clause").map_or(f.pos, |n| n.pos),
                    format!("unknown clause `{}` in a link; {hint}", shown(c)),
                );
            }
            found
        });
        let what = clause.map_or("a clause".to_string(), |c| format!("clause `{}`", shown(&c)));
        let link = read_link(ctx, &f, &what, model);
        let target = match (index, clauses.as_deref_mut()) {
            (Some(i), Some(list)) => list.get_mut(i).map(|c| &mut c.links),
            _ => None,
        };
        if target.is_some() {
            let _ = add_link(ctx, target, link, item.pos, &what);
        }
    }
}

fn read_dates(ctx: &mut Ctx, f: &Fields, key: &str, what: &str) -> Option<Vec<Dated>> {
    let items = walk::optional_list(ctx, f, key, what)?;
    let mut out = Some(Vec::new());
    for item in items {
        let entry = format!("an entry of `{key}` of {what}");
        let dated = walk::fields(ctx, item, &entry, DATED_KEYS).and_then(|df| {
            let date = walk::required_text(ctx, &df, "date", &entry).filter(|d| {
                let ok = valid_date(d);
                if !ok {
                    ctx.report(
                        df.get("date").map_or(df.pos, |n| n.pos),
                        format!("`date` must be a date YYYY-MM-DD, not `{}`", shown(d)),
                    );
                }
                ok
            });
            let scope = walk::required_line(ctx, &df, "scope", &entry);
            Some(Dated {
                date: date?,
                scope: scope?,
            })
        });
        match (dated, out.as_mut()) {
            (Some(d), Some(list)) => list.push(d),
            _ => out = None,
        }
    }
    out
}

fn valid_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Some(year), Some(month @ 1..=12), Some(day)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> &'static Model {
        crate::embedded::model()
    }

    #[test]
    fn the_embedded_crosswalks_are_valid() {
        let catalogue = load(model(), None).expect("the embedded crosswalks load");
        assert_eq!(
            catalogue.ids(),
            [
                "eu-ai-act",
                "iso-42001",
                "nist-ai-rmf",
                "owasp-llm-top10",
                "owasp-samm"
            ]
        );
        for f in &catalogue.frameworks {
            for c in &f.clauses {
                for l in &c.links {
                    assert!(!l.rationale.ends_with('.'), "{} {}", f.id, c.id);
                }
            }
        }
    }

    #[test]
    fn loading_only_what_is_needed_gives_the_same_frameworks() {
        let all = load(model(), None).expect("load");
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none = load_only(model(), None, &[]).expect("none");
        assert!(none.frameworks.is_empty());
        let two = load_only(model(), None, &ids(&["owasp-samm", "eu-ai-act", "eu-ai-act"])).expect("two");
        assert_eq!(two.ids(), ["eu-ai-act", "owasp-samm"]);
        assert_eq!(two.get("eu-ai-act"), all.get("eu-ai-act"));
        // An unknown id loads the whole catalogue, to list it in the error.
        let unknown = load_only(model(), None, &ids(&["nosuch"])).expect("all");
        assert_eq!(unknown.ids(), all.ids());
    }

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2026-08-02") && valid_date("2028-02-29"));
        for bad in [
            "2026-8-02",
            "2026-13-01",
            "2026-08-32",
            "26-08-02",
            "2026-08-02-1",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }
}
