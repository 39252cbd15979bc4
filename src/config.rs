//! The project file `aima.toml` (docs/targets.md): portfolio paths, the stale limit, and per
//! AI system its name, owner, use-case profile, frameworks and targets.
//!
//! Found in the current folder or the nearest parent (like `Cargo.toml`), or named with
//! `--config FILE`. Read with the `toml` crate; unknown keys and bad values are located
//! problems (`aima.toml:LINE:COLUMN: ...`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::answers::Targets;
use crate::diag::{Pos, Problem, shown};
use crate::model::Model;

/// The file name searched for.
pub const FILE_NAME: &str = "aima.toml";

/// A checked `aima.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file as shown in messages (`aima.toml`, `../aima.toml`, or as named).
    pub display: String,
    /// The folder that holds the file: `portfolio.paths` are relative to it.
    pub dir: PathBuf,
    pub portfolio: PortfolioConfig,
    /// Systems by id.
    pub systems: BTreeMap<String, SystemConfig>,
}

/// `[portfolio]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PortfolioConfig {
    /// Folders and files, already joined to the file's folder.
    pub paths: Vec<PathBuf>,
    pub max_age_days: Option<u32>,
}

/// `[systems.ID]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemConfig {
    pub name: Option<String>,
    pub owner: Option<String>,
    /// A use-case profile id (checked for shape; resolved by the commands).
    pub profile: Option<String>,
    /// Where `profile` is written, for the error when no profile has that id.
    pub profile_pos: Pos,
    /// Framework ids (checked for shape; resolved by the commands).
    pub frameworks: Vec<String>,
    pub targets: Targets,
}

impl Config {
    /// The targets of `system`, if aima.toml names it.
    pub fn system(&self, system: &str) -> Option<&SystemConfig> {
        self.systems.get(system)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    portfolio: Option<RawPortfolio>,
    #[serde(default)]
    systems: BTreeMap<Spanned<String>, RawSystem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPortfolio {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    max_age_days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSystem {
    name: Option<String>,
    owner: Option<String>,
    profile: Option<Spanned<String>>,
    #[serde(default)]
    frameworks: Vec<Spanned<String>>,
    #[serde(default)]
    targets: BTreeMap<Spanned<String>, Spanned<i64>>,
}

/// The nearest `aima.toml`: in `start` or its nearest parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// How a found file is shown: relative to `cwd` when it is there or in a parent.
pub fn display_for(found: &Path, cwd: &Path) -> String {
    let Some(dir) = found.parent() else {
        return found.display().to_string();
    };
    match cwd.strip_prefix(dir) {
        Ok(rest) => {
            let ups = rest.components().count();
            let mut shown = "../".repeat(ups);
            shown.push_str(FILE_NAME);
            shown
        }
        Err(_) => found.display().to_string(),
    }
}

/// Reads and checks `path` (shown as `display`) against `model`.
pub fn load(path: &Path, display: &str, model: &Model) -> Result<Config, Problem> {
    let text = crate::input::read_text(path, display)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(&text, display, &dir, model)
}

/// Checks the text of an aima.toml. `dir` is the folder that holds it.
pub fn parse(text: &str, display: &str, dir: &Path, model: &Model) -> Result<Config, Problem> {
    let located = |span: Option<Range<usize>>, message: &str| {
        let pos = span.map_or(Pos::new(1, 1), |s| position(text, s.start));
        Problem::new(display, pos, message.to_string())
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| located(e.span(), e.message().trim()))?;
    let mut config = Config {
        display: display.to_string(),
        dir: dir.to_path_buf(),
        ..Config::default()
    };
    if let Some(p) = raw.portfolio {
        for path in p.paths {
            if path.get_ref().trim().is_empty() {
                return Err(located(
                    Some(path.span()),
                    "`portfolio.paths` must not hold an empty path",
                ));
            }
            config.portfolio.paths.push(dir.join(path.get_ref()));
        }
        if let Some(days) = p.max_age_days {
            let value = u32::try_from(*days.get_ref()).map_err(|_| {
                located(
                    Some(days.span()),
                    "`portfolio.max_age_days` must be a whole number of days, 0 or more",
                )
            })?;
            config.portfolio.max_age_days = Some(value);
        }
    }
    for (id, system) in raw.systems {
        if !is_system_id(id.get_ref()) {
            let message = format!(
                "system id `{}` may hold only letters, digits, `-`, `_` and `.`",
                shown(id.get_ref())
            );
            return Err(located(Some(id.span()), &message));
        }
        let profile_pos = system
            .profile
            .as_ref()
            .map_or(Pos::FILE, |p| position(text, p.span().start));
        let mut checked = check_system(system, model).map_err(|(span, m)| located(Some(span), &m))?;
        checked.profile_pos = profile_pos;
        config.systems.insert(id.into_inner(), checked);
    }
    Ok(config)
}

type Located = (Range<usize>, String);

fn check_system(raw: RawSystem, model: &Model) -> Result<SystemConfig, Located> {
    let mut out = SystemConfig {
        name: raw.name,
        owner: raw.owner,
        ..SystemConfig::default()
    };
    if let Some(profile) = raw.profile {
        check_id(&profile, "profile")?;
        out.profile = Some(profile.into_inner());
    }
    for framework in raw.frameworks {
        check_id(&framework, "framework")?;
        out.frameworks.push(framework.into_inner());
    }
    for (code, level) in raw.targets {
        let value = u8::try_from(*level.get_ref())
            .ok()
            .filter(|v| *v <= 3)
            .ok_or_else(|| {
                (
                    level.span(),
                    format!(
                        "target `{}` must be a level 0..3, not {}",
                        shown(code.get_ref()),
                        level.get_ref()
                    ),
                )
            })?;
        if code.get_ref() == "default" {
            out.targets.default = Some(value);
            continue;
        }
        let known = model.domains.iter().any(|d| d.id == *code.get_ref())
            || model.practices().any(|(_, p)| p.id == *code.get_ref());
        if !known {
            return Err((
                code.span(),
                format!(
                    "unknown target `{}`: use `default`, a domain code (GV) or a practice code (GV-PC)",
                    shown(code.get_ref())
                ),
            ));
        }
        out.targets.by_code.insert(code.into_inner(), value);
    }
    Ok(out)
}

/// Profile and framework ids: lower-case letters, digits and `-`.
fn check_id(id: &Spanned<String>, what: &str) -> Result<(), Located> {
    let ok = !id.get_ref().is_empty()
        && id
            .get_ref()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err((
            id.span(),
            format!(
                "{what} id `{}` may hold only lower-case letters, digits and `-`",
                shown(id.get_ref())
            ),
        ))
    }
}

/// A system id as answers files accept it: letters, digits, `-`, `_`, `.`.
pub fn is_system_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos::new(line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Config, String> {
        parse(text, "aima.toml", Path::new("/p"), crate::embedded::model()).map_err(|p| p.to_string())
    }

    #[test]
    fn reads_the_documented_example() {
        let c = check(
            "[portfolio]\npaths = [\"assessments\"]\nmax_age_days = 365\n\n\
             [systems.fraud-model]\nname = \"Transaction fraud model\"\nowner = \"Risk analytics\"\n\
             profile = \"fraud-detection\"\nframeworks = [\"eu-ai-act\"]\n\
             targets = { default = 2, GV = 3, DM-QI = 3 }\n",
        )
        .unwrap();
        assert_eq!(c.portfolio.paths, vec![PathBuf::from("/p/assessments")]);
        assert_eq!(c.portfolio.max_age_days, Some(365));
        let s = c.system("fraud-model").unwrap();
        assert_eq!(s.profile.as_deref(), Some("fraud-detection"));
        assert_eq!(s.profile_pos, Pos::new(8, 11));
        assert_eq!(s.frameworks, vec!["eu-ai-act".to_string()]);
        assert_eq!(s.targets.default, Some(2));
        assert_eq!(s.targets.by_code.get("DM-QI"), Some(&3));
        assert_eq!(s.targets.by_code.get("GV"), Some(&3));
    }

    #[test]
    fn problems_are_located() {
        assert_eq!(
            check("[portfolio]\npath = []\n").unwrap_err(),
            "aima.toml:2:1: unknown field `path`, expected `paths` or `max_age_days`"
        );
        assert_eq!(
            check("[systems.a]\ntargets = { GV = 4 }\n").unwrap_err(),
            "aima.toml:2:18: target `GV` must be a level 0..3, not 4"
        );
        assert_eq!(
            check("[systems.a]\ntargets = { XX = 1 }\n").unwrap_err(),
            "aima.toml:2:13: unknown target `XX`: use `default`, a domain code (GV) or a practice code (GV-PC)"
        );
        assert_eq!(
            check("[portfolio]\nmax_age_days = -1\n").unwrap_err(),
            "aima.toml:2:16: `portfolio.max_age_days` must be a whole number of days, 0 or more"
        );
        assert_eq!(
            check("[systems.\"a b\"]\n").unwrap_err(),
            "aima.toml:1:10: system id `a b` may hold only letters, digits, `-`, `_` and `.`"
        );
        assert!(check("[portfolio\n").unwrap_err().starts_with("aima.toml:1:"));
    }

    #[test]
    fn found_files_are_shown_relative() {
        assert_eq!(
            display_for(Path::new("/a/aima.toml"), Path::new("/a")),
            "aima.toml"
        );
        assert_eq!(
            display_for(Path::new("/a/aima.toml"), Path::new("/a/b/c")),
            "../../aima.toml"
        );
        assert_eq!(
            display_for(Path::new("/x/aima.toml"), Path::new("/a")),
            "/x/aima.toml"
        );
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("ab\ncé d", 7), Pos::new(2, 4));
        assert_eq!(position("x", 0), Pos::new(1, 1));
    }
}
