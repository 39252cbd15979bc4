//! Use-case profiles: ready-made targets for common kinds of AI system, with a reason for
//! every target above the profile's default (docs/profiles.md).
//!
//! The profiles in `profiles/` are embedded; `--profiles DIR` adds more, or replaces an
//! embedded one with the same id. Files are checked like the model: every problem is
//! reported with its file, line and column.

use std::collections::BTreeMap;
use std::path::Path;

use crate::answers::Targets;
use crate::base::diag::{Pos, Problems, shown};
use crate::base::walk::{self, Ctx, Fields};
use crate::base::yaml::{Node, Value};
use crate::model::{Code, Model};

/// One profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Who the profile is for.
    pub audience: String,
    /// Crosswalk ids of the frameworks that usually apply.
    pub frameworks: Vec<String>,
    pub targets: Targets,
    /// Why a code's target is above the default, by code.
    pub reasons: BTreeMap<String, String>,
    /// The file it was read from.
    pub file: String,
}

/// A practice's target under a profile, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeTarget<'p> {
    pub target: u8,
    /// The code whose entry set it (`GV-PC`, `GV`), or `default`.
    pub from: &'p str,
    /// The reason given for that entry, if any.
    pub reason: Option<&'p str>,
}

impl Profile {
    /// The target this profile sets for a practice: its entry, else its domain's, else the default.
    pub fn practice_target(&self, domain: &str, practice: &str) -> Option<PracticeTarget<'_>> {
        [practice, domain]
            .into_iter()
            .find_map(|code| {
                let (code, target) = self.targets.by_code.get_key_value(code)?;
                Some(PracticeTarget {
                    target: *target,
                    from: code.as_str(),
                    reason: self.reasons.get(code).map(String::as_str),
                })
            })
            .or_else(|| {
                self.targets.default.map(|target| PracticeTarget {
                    target,
                    from: "default",
                    reason: None,
                })
            })
    }
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "audience",
    "frameworks",
    "targets",
    "reasons",
];

/// The embedded profiles, in the order `aima profiles` lists them.
const EMBEDDED: [(&str, &str); 8] = [
    (
        "profiles/baseline.yaml",
        include_str!("../profiles/baseline.yaml"),
    ),
    (
        "profiles/llm-chatbot.yaml",
        include_str!("../profiles/llm-chatbot.yaml"),
    ),
    (
        "profiles/fraud-detection.yaml",
        include_str!("../profiles/fraud-detection.yaml"),
    ),
    (
        "profiles/eu-high-risk.yaml",
        include_str!("../profiles/eu-high-risk.yaml"),
    ),
    (
        "profiles/gpai-provider.yaml",
        include_str!("../profiles/gpai-provider.yaml"),
    ),
    (
        "profiles/deployer-high-risk.yaml",
        include_str!("../profiles/deployer-high-risk.yaml"),
    ),
    (
        "profiles/agentic-ai.yaml",
        include_str!("../profiles/agentic-ai.yaml"),
    ),
    (
        "profiles/genai-copilot.yaml",
        include_str!("../profiles/genai-copilot.yaml"),
    ),
];

/// Most profile files `--profiles DIR` may hold.
pub const MAX_FILES: usize = 1000;

/// The embedded profiles, then those of `dir` (same id: the directory's replaces). A folder
/// without profile files, or two of its files with the same id, is an error.
pub fn load(model: &Model, dir: Option<&Path>) -> Result<Vec<Profile>, Problems> {
    let mut problems = Problems::new();
    let mut profiles = Vec::new();
    for (file, text) in EMBEDDED {
        parse_text(model, file, text, &mut problems, &mut profiles);
    }
    if let Some(dir) = dir {
        let files = files_in(dir, &mut problems);
        if files.is_empty() && problems.is_empty() {
            let message = "the profiles folder holds no profile files (*.yaml, *.yml)";
            problems.push(&dir.display().to_string(), Pos::FILE, message);
        }
        for (path, display) in files {
            match crate::base::input::read_text(&path, &display) {
                Ok(text) => parse_text(model, &display, &text, &mut problems, &mut profiles),
                Err(p) => problems.list.push(p),
            }
        }
    }
    if problems.is_empty() {
        Ok(profiles)
    } else {
        Err(problems)
    }
}

/// The profile `id`, or an error listing the known ids.
pub fn find<'p>(profiles: &'p [Profile], id: &str) -> Result<&'p Profile, String> {
    profiles.iter().find(|p| p.id == id).ok_or_else(|| {
        let ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        format!(
            "unknown profile `{}`: expected {} (see `aima profiles`)",
            shown(id),
            walk::list(&ids)
        )
    })
}

/// The `*.yaml`/`*.yml` files of `dir`, sorted by name.
fn files_in(dir: &Path, problems: &mut Problems) -> Vec<(std::path::PathBuf, String)> {
    let display = dir.display().to_string();
    let files = match crate::base::input::yaml_files(dir, MAX_FILES) {
        Ok(files) => files,
        Err(e) => {
            problems.push(
                &display,
                Pos::FILE,
                format!("cannot read the profiles folder: {e}"),
            );
            return Vec::new();
        }
    };
    if files.len() > MAX_FILES {
        problems.push(
            &display,
            Pos::FILE,
            format!("more than {MAX_FILES} profile files"),
        );
        return Vec::new();
    }
    files
        .into_iter()
        .map(|p| {
            let shown = p.display().to_string();
            (p, shown)
        })
        .collect()
}

fn parse_text(model: &Model, file: &str, text: &str, problems: &mut Problems, out: &mut Vec<Profile>) {
    let node = match crate::base::input::parse_yaml(text, file) {
        Ok(node) => node,
        Err(p) => {
            problems.list.push(p);
            return;
        }
    };
    let before = problems.len();
    let mut ctx = Ctx { file, problems };
    let profile = parse(&mut ctx, model, &node);
    // In file order, whatever order the checks ran in.
    problems.list[before..].sort_by_key(|p| p.pos);
    let Some(profile) = profile.filter(|_| problems.len() == before) else {
        return;
    };
    match out.iter_mut().find(|p| p.id == profile.id) {
        // Two files of `--profiles DIR` with one id: neither silently wins.
        Some(existing) if !EMBEDDED.iter().any(|(f, _)| *f == existing.file) => {
            let message = format!(
                "the profile id `{}` is also the id of {}; give each profile its own id",
                shown(&profile.id),
                existing.file
            );
            problems.push(file, Pos::FILE, message);
        }
        Some(existing) => *existing = profile,
        None => out.push(profile),
    }
}

fn parse(ctx: &mut Ctx, model: &Model, node: &Node) -> Option<Profile> {
    let what = "the profile";
    let f = walk::fields(ctx, node, what, KEYS)?;
    let id = walk::required_text(ctx, &f, "id", what).filter(|id| check_id(ctx, &f, id));
    let name = one_line(ctx, &f, "name");
    let description = walk::required_prose(ctx, &f, "description", what);
    let audience = one_line(ctx, &f, "audience");
    let frameworks = frameworks(ctx, &f);
    let targets = f.get("targets").map(|n| targets(ctx, model, n));
    if targets.is_none() {
        ctx.report(f.pos, "the profile is missing `targets`");
    }
    let reasons = reasons(ctx, &f);
    let ((targets, places), reasons) = (targets?, reasons?);
    check_reasons(ctx, &targets, &places, &reasons);
    Some(Profile {
        id: id?,
        name: name?,
        description: description?.trim().to_string(),
        audience: audience?,
        frameworks: frameworks?,
        targets,
        reasons: reasons
            .into_iter()
            .map(|(code, (text, _))| (code, text))
            .collect(),
        file: ctx.file.to_string(),
    })
}

fn check_id(ctx: &mut Ctx, f: &Fields, id: &str) -> bool {
    let ok = id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        let pos = f.get("id").map_or(f.pos, |n| n.pos);
        ctx.report(
            pos,
            format!(
                "bad profile id `{}`: use lower-case letters, digits and `-`",
                shown(id)
            ),
        );
    }
    ok
}

/// A required text on one line, without control characters.
fn one_line(ctx: &mut Ctx, f: &Fields, key: &str) -> Option<String> {
    let text = walk::required_text(ctx, f, key, "the profile")?;
    if text.chars().any(crate::base::sanitize::is_unsafe) {
        let pos = f.get(key).map_or(f.pos, |n| n.pos);
        ctx.report(
            pos,
            format!("`{key}` of the profile must be one line without control characters"),
        );
        return None;
    }
    Some(text)
}

fn frameworks(ctx: &mut Ctx, f: &Fields) -> Option<Vec<String>> {
    let items = walk::required_list(ctx, f, "frameworks", "the profile")?;
    let mut ids = Vec::new();
    for item in items {
        match item.as_str() {
            Some(id) if !id.is_empty() && !id.chars().any(crate::base::sanitize::is_unsafe) => {
                ids.push(id.to_string());
            }
            _ => ctx.report(
                item.pos,
                format!(
                    "`frameworks` lists crosswalk ids such as `eu-ai-act`, not {}",
                    item.describe()
                ),
            ),
        }
    }
    Some(ids)
}

fn entries<'n>(ctx: &mut Ctx, node: &'n Node, key: &str) -> Option<&'n [(Node, Node)]> {
    match &node.value {
        Value::Map(entries) => Some(entries),
        _ => {
            ctx.report(
                node.pos,
                format!(
                    "`{key}` of the profile must be a mapping, not {}",
                    node.describe()
                ),
            );
            None
        }
    }
}

/// The targets, and where each code's entry is.
fn targets(ctx: &mut Ctx, model: &Model, node: &Node) -> (Targets, BTreeMap<String, Pos>) {
    let mut targets = Targets::default();
    let mut places = BTreeMap::new();
    for (key, value) in entries(ctx, node, "targets").unwrap_or_default() {
        let code = key.key_text();
        if code != "default" && !known_code(model, &code) {
            ctx.report(
                key.pos,
                format!(
                    "target names unknown code `{}`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC`",
                    shown(&code)
                ),
            );
            continue;
        }
        let level = match value.value {
            Value::Int(n @ 0..=3) => n as u8,
            _ => {
                let found = value.describe();
                ctx.report(
                    value.pos,
                    format!("target `{code}` must be a level 0..3, not {found}"),
                );
                continue;
            }
        };
        let duplicate = if code == "default" {
            targets.default.replace(level).is_some()
        } else {
            targets.by_code.insert(code.clone(), level).is_some()
        };
        if duplicate {
            ctx.report(key.pos, format!("target `{code}` is given twice"));
        }
        places.insert(code, key.pos);
    }
    if targets.default.is_none() {
        ctx.report(node.pos, "`targets` of the profile must set a `default`");
    }
    (targets, places)
}

fn known_code(model: &Model, code: &str) -> bool {
    match Code::parse(code) {
        Some(Code::Domain(d)) => model.domain(d).is_some(),
        Some(Code::Practice(p)) => model.practice(p).is_some(),
        _ => false,
    }
}

type Reasons = BTreeMap<String, (String, Pos)>;

fn reasons(ctx: &mut Ctx, f: &Fields) -> Option<Reasons> {
    let Some(node) = f.get("reasons") else {
        return Some(Reasons::new());
    };
    let mut reasons = Reasons::new();
    for (key, value) in entries(ctx, node, "reasons")? {
        let code = key.key_text();
        let Some(text) = walk::text(ctx, value, &code, "`reasons`") else {
            continue;
        };
        if reasons.insert(code.clone(), (text, key.pos)).is_some() {
            ctx.report(key.pos, format!("reason for `{}` is given twice", shown(&code)));
        }
    }
    Some(reasons)
}

/// Every target above the default has a reason; every reason belongs to a target.
fn check_reasons(ctx: &mut Ctx, targets: &Targets, places: &BTreeMap<String, Pos>, reasons: &Reasons) {
    let Some(default) = targets.default else {
        return; // already reported
    };
    for (code, level) in &targets.by_code {
        if *level > default && !reasons.contains_key(code) {
            ctx.report(
                places.get(code).copied().unwrap_or_default(),
                format!(
                    "target `{code}` is {level}, above the default {default}: give its reason under `reasons`"
                ),
            );
        }
    }
    for (code, (_, pos)) in reasons {
        if !targets.by_code.contains_key(code) {
            ctx.report(
                *pos,
                format!("reason for `{}`, which has no entry under `targets`", shown(code)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> Vec<Profile> {
        load(crate::embedded::model(), None).expect("the embedded profiles are valid")
    }

    #[test]
    fn the_embedded_profiles_load_in_order() {
        let ids: Vec<String> = embedded().into_iter().map(|p| p.id).collect();
        assert_eq!(
            ids,
            [
                "baseline",
                "llm-chatbot",
                "fraud-detection",
                "eu-high-risk",
                "gpai-provider",
                "deployer-high-risk",
                "agentic-ai",
                "genai-copilot"
            ]
        );
    }

    #[test]
    fn the_five_profiles_give_distinct_targets() {
        let model = crate::embedded::model();
        let profiles = embedded();
        let vectors: Vec<Vec<u8>> = profiles
            .iter()
            .map(|p| {
                model
                    .practices()
                    .map(|(d, pr)| p.practice_target(&d.id, &pr.id).expect("default").target)
                    .collect()
            })
            .collect();
        for (i, a) in vectors.iter().enumerate() {
            for b in &vectors[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // Spot checks: a practice entry, and the default.
        let high_risk = find(&profiles, "eu-high-risk").expect("present");
        let t = high_risk.practice_target("DM", "DM-QI").expect("set");
        assert_eq!((t.target, t.from), (3, "DM-QI"));
        assert!(t.reason.is_some_and(|r| r.contains("Art. 10")));
        let t = high_risk.practice_target("PR", "PR-UC").expect("set");
        assert_eq!((t.target, t.from, t.reason), (2, "default", None));
    }

    #[test]
    fn an_unknown_id_lists_the_known_ones() {
        let err = find(&embedded(), "chatbot").unwrap_err();
        assert_eq!(
            err,
            "unknown profile `chatbot`: expected `baseline`, `llm-chatbot`, `fraud-detection`, `eu-high-risk`, \
             `gpai-provider`, `deployer-high-risk`, `agentic-ai` or `genai-copilot` (see `aima profiles`)"
        );
    }

    fn problems_of(text: &str) -> Vec<String> {
        let mut problems = Problems::new();
        let mut out = Vec::new();
        parse_text(crate::embedded::model(), "p.yaml", text, &mut problems, &mut out);
        problems.list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn problems_are_located() {
        let text = "id: Web Bot\nname: x\ndescription: d\naudience: a\nframeworks: [eu-ai-act]\ntargets:\n  default: 1\n  GV-XX: 2\n  RA: 4\n  OP-IM: 3\nreasons:\n  DM-QI: why\n";
        assert_eq!(
            problems_of(text),
            [
                "p.yaml:1:5: bad profile id `Web Bot`: use lower-case letters, digits and `-`",
                "p.yaml:8:3: target names unknown code `GV-XX`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC`",
                "p.yaml:9:7: target `RA` must be a level 0..3, not the number 4",
                "p.yaml:10:3: target `OP-IM` is 3, above the default 1: give its reason under `reasons`",
                "p.yaml:12:3: reason for `DM-QI`, which has no entry under `targets`",
            ]
        );
    }

    #[test]
    fn a_missing_default_and_unknown_keys_are_reported() {
        let text =
            "id: x\nname: x\ndescription: d\naudience: a\nframeworks: []\ntargets: {GV: 1}\nowner: me\n";
        assert_eq!(
            problems_of(text),
            [
                "p.yaml:6:10: `targets` of the profile must set a `default`",
                "p.yaml:7:1: unknown key `owner` in the profile; expected `id`, `name`, `description`, `audience`, `frameworks`, `targets` or `reasons`",
            ]
        );
    }
}
