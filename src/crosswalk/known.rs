//! Which frameworks and clauses an answers file's `clauses:` may name (docs/answers-format.md,
//! the organisation's own evidence for a clause): the embedded frameworks, plus or replaced
//! by those of `--crosswalks DIR` when a command was given one ([`set_user_dir`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::base::diag::{shown, suggest};
use crate::model::Model;

/// The framework ids and, for each, its clause ids and titles in file order.
type Ids = Vec<(String, Vec<(String, String)>)>;

static USER_DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
static IDS: OnceLock<Ids> = OnceLock::new();

/// Records `--crosswalks DIR` for the checks of `clauses:` (once per process; later calls
/// are ignored).
pub fn set_user_dir(dir: Option<&Path>) {
    let _ = USER_DIR.set(dir.map(Path::to_path_buf));
}

/// The known framework and clause ids. A `--crosswalks DIR` that does not load adds
/// nothing here: the command that reads it reports its problems.
fn ids(model: &Model) -> &'static Ids {
    IDS.get_or_init(|| {
        let mut out: Ids = Vec::new();
        let mut add = |frameworks: Vec<super::Framework>| {
            for f in frameworks {
                out.retain(|(id, _)| *id != f.id);
                out.push((f.id, f.clauses.into_iter().map(|c| (c.id, c.title)).collect()));
            }
        };
        if let Ok(c) = super::load::load(crate::embedded::model(), None) {
            add(c.frameworks);
        }
        if let Some(Some(dir)) = USER_DIR.get()
            && let Ok(user) = super::load::load_dir(model, dir)
        {
            add(user);
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    })
}

/// Splits a `clauses:` key `FRAMEWORK:CLAUSE` at its first colon (clause ids may hold one:
/// `owasp-llm-top10:LLM01:2025`).
pub fn split(key: &str) -> Option<(&str, &str)> {
    let (framework, clause) = key.split_once(':')?;
    let plain = !framework.is_empty()
        && framework
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (plain && !clause.trim().is_empty() && clause.trim() == clause).then_some((framework, clause))
}

/// Why `key` names no clause a crosswalk knows, or `None` when it names one.
pub fn problem(model: &Model, key: &str) -> Option<String> {
    let Some((framework, clause)) = split(key) else {
        return Some(format!(
            "`{}` is not a clause key: write FRAMEWORK:CLAUSE, as in `eu-ai-act:Art. 14` (`aima crosswalk` lists the frameworks)",
            shown(key)
        ));
    };
    let all = ids(model);
    let Some((_, clauses)) = all.iter().find(|(id, _)| id == framework) else {
        let names: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
        let hint = suggest(framework, &names).map_or_else(
            || format!("the frameworks are {}", names.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        return Some(format!(
            "unknown framework `{}` in clause key: {hint}",
            shown(framework)
        ));
    };
    if clauses.iter().any(|(c, _)| c == clause) {
        return None;
    }
    let refs: Vec<&str> = clauses.iter().map(|(c, _)| c.as_str()).collect();
    let hint = suggest(clause, &refs).map_or_else(
        || format!("`aima crosswalk {framework}` lists its clauses"),
        |s| format!("did you mean `{s}`?"),
    );
    Some(format!(
        "framework `{framework}` has no clause `{}`: {hint}",
        shown(clause)
    ))
}

/// Every `FRAMEWORK:CLAUSE` key a `clauses:` entry may have, with the clause's title, in
/// framework order (for the answers schema).
pub fn keys(model: &Model) -> Vec<(String, &'static str)> {
    ids(model)
        .iter()
        .flat_map(|(f, clauses)| {
            clauses
                .iter()
                .map(move |(c, title)| (format!("{f}:{c}"), title.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_a_framework_and_one_of_its_clauses() {
        let model = crate::embedded::model();
        assert_eq!(problem(model, "eu-ai-act:Art. 14"), None);
        assert_eq!(problem(model, "owasp-llm-top10:LLM01:2025"), None);
        assert_eq!(
            problem(model, "eu-ai-act:Art. 99").as_deref(),
            Some("framework `eu-ai-act` has no clause `Art. 99`: did you mean `Art. 9`?")
        );
        assert!(problem(model, "eu-ai-akt:Art. 14").is_some_and(|m| m.contains("did you mean `eu-ai-act`?")));
        assert!(problem(model, "Art. 14").is_some_and(|m| m.contains("FRAMEWORK:CLAUSE")));
        assert!(problem(model, "eu-ai-act: Art. 14").is_some());
    }
}
