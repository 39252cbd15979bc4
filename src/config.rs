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
use crate::base::diag::{Pos, Problem, shown};
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
    pub evidence: EvidenceConfig,
    pub policy: PolicyConfig,
}

/// `[evidence]` (docs/evidence.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceConfig {
    /// Items collected longer ago are `stale` (default 365).
    pub max_age_days: Option<u32>,
    /// `stale` fails `evidence --check` too.
    pub fail_on_stale: bool,
    /// Answer words (`yes`, `mostly`, …) that must have evidence.
    pub require: Vec<String>,
}

/// `[policy]` (docs/policy.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyConfig {
    /// `.rego` files and folders, already joined to the file's folder.
    pub paths: Vec<PathBuf>,
}

/// `[portfolio]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PortfolioConfig {
    /// Folders and files, already joined to the file's folder.
    pub paths: Vec<PathBuf>,
    pub max_age_days: Option<u32>,
    /// `portfolio --check` fails for a system whose latest round is less advanced
    /// (docs/record.md).
    pub require_status: Option<crate::answers::Status>,
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
    /// The supplier, for a third-party system.
    pub vendor: Option<String>,
    /// The vendor's public key (PEM) that verifies its attestations, joined to the file's folder.
    pub vendor_key: Option<PathBuf>,
    pub lifecycle: Option<Lifecycle>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    /// The system's place under the EU AI Act (docs/crosswalk.md, applicability).
    pub eu_ai_act: Option<EuAiAct>,
}

/// `lifecycle` of a system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    Planned,
    Development,
    Production,
    Retired,
}

/// `eu_ai_act = { role, risk, annex, gpai }` of a system.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EuAiAct {
    pub role: AiActRole,
    pub risk: AiActRisk,
    /// The Annex III point, e.g. `III-4(a)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex: Option<String>,
    #[serde(default)]
    pub gpai: Gpai,
}

/// The operator's role under the EU AI Act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AiActRole {
    Provider,
    Deployer,
    Importer,
    Distributor,
}

/// The system's risk class under the EU AI Act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AiActRisk {
    Prohibited,
    HighRisk,
    Limited,
    Minimal,
}

impl AiActRisk {
    /// As aima.toml spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            AiActRisk::Prohibited => "prohibited",
            AiActRisk::HighRisk => "high-risk",
            AiActRisk::Limited => "limited",
            AiActRisk::Minimal => "minimal",
        }
    }
}

/// Whether the system is (built on) a general-purpose AI model, and of which tier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Gpai {
    #[default]
    None,
    Gpai,
    Systemic,
}

impl Config {
    /// A path of this file's (`portfolio.paths`, a `vendor_key`, a policy path) as messages
    /// show it: beside the file as it is shown.
    pub fn shown_path(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.dir).unwrap_or(path);
        let base = Path::new(&self.display).parent().unwrap_or(Path::new(""));
        base.join(rel).display().to_string()
    }

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
    evidence: Option<RawEvidence>,
    policy: Option<RawPolicy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    max_age_days: Option<Spanned<i64>>,
    #[serde(default)]
    fail_on_stale: bool,
    #[serde(default)]
    require: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPortfolio {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    max_age_days: Option<Spanned<i64>>,
    require_status: Option<Spanned<String>>,
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
    vendor: Option<String>,
    vendor_key: Option<Spanned<String>>,
    lifecycle: Option<Lifecycle>,
    #[serde(default)]
    tags: Vec<String>,
    description: Option<String>,
    eu_ai_act: Option<EuAiAct>,
}

/// The nearest `aima.toml`: in `start` or a parent, stopping at the repository root (the
/// first folder that holds `.git`; docs/record.md).
pub fn discover(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The folder discovery starts from for `paths` (the answers files or folders a command
/// reads): the folder of the first one (itself when it is a folder), else `cwd`; absolute.
pub fn start_for(paths: &[PathBuf], cwd: &Path) -> PathBuf {
    let folder = match paths.first() {
        Some(p) if p.as_os_str() != "-" => {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        }
        _ => PathBuf::new(),
    };
    let joined = cwd.join(folder);
    std::fs::canonicalize(&joined).unwrap_or(joined)
}

/// How a found file is shown: relative to `cwd` when it is below it or in a parent of it,
/// else its full path.
pub fn display_for(found: &Path, cwd: &Path) -> String {
    let Some(dir) = found.parent() else {
        return found.display().to_string();
    };
    if let Ok(rest) = found.strip_prefix(cwd) {
        return rest.display().to_string();
    }
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
    let text = crate::base::input::read_text(path, display)?;
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
        config.portfolio = check_portfolio(p, dir).map_err(|(span, m)| located(Some(span), &m))?;
    }
    if let Some(e) = raw.evidence {
        config.evidence = check_evidence(e).map_err(|(span, m)| located(Some(span), &m))?;
    }
    if let Some(p) = raw.policy {
        for path in p.paths {
            let joined = inside(dir, &path, "policy.paths").map_err(|(span, m)| located(Some(span), &m))?;
            config.policy.paths.push(joined);
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
        let mut checked = check_system(system, dir, model).map_err(|(span, m)| located(Some(span), &m))?;
        checked.profile_pos = profile_pos;
        config.systems.insert(id.into_inner(), checked);
    }
    Ok(config)
}

/// The `[portfolio]` table, checked: paths inside the project, a known status, a number of days.
fn check_portfolio(p: RawPortfolio, dir: &Path) -> Result<PortfolioConfig, (Range<usize>, String)> {
    let mut out = PortfolioConfig::default();
    for path in p.paths {
        let joined = inside(dir, &path, "portfolio.paths")?;
        out.paths.push(joined);
    }
    if let Some(status) = p.require_status {
        let value = crate::answers::Status::parse(status.get_ref()).ok_or_else(|| {
            (
                status.span(),
                "`portfolio.require_status` must be `draft`, `in-review` or `final`".to_string(),
            )
        })?;
        out.require_status = Some(value);
    }
    if let Some(days) = p.max_age_days {
        let value = u32::try_from(*days.get_ref()).map_err(|_| {
            (
                days.span(),
                "`portfolio.max_age_days` must be a whole number of days, 0 or more".to_string(),
            )
        })?;
        out.max_age_days = Some(value);
    }
    Ok(out)
}

/// A problem at a byte range of the file.
pub type Located = (Range<usize>, String);

fn check_system(raw: RawSystem, dir: &Path, model: &Model) -> Result<SystemConfig, Located> {
    let mut out = SystemConfig {
        name: raw.name,
        owner: raw.owner,
        vendor: raw.vendor,
        lifecycle: raw.lifecycle,
        tags: raw.tags,
        description: raw.description,
        eu_ai_act: raw.eu_ai_act,
        ..SystemConfig::default()
    };
    if let Some(key) = raw.vendor_key {
        out.vendor_key = Some(inside(dir, &key, "vendor_key")?);
    }
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

/// `[evidence]`: the stale limit, whether stale fails, and the answers that need evidence.
fn check_evidence(raw: RawEvidence) -> Result<EvidenceConfig, Located> {
    let mut out = EvidenceConfig {
        fail_on_stale: raw.fail_on_stale,
        ..EvidenceConfig::default()
    };
    if let Some(days) = raw.max_age_days {
        let value = u32::try_from(*days.get_ref()).map_err(|_| {
            (
                days.span(),
                "`evidence.max_age_days` must be a whole number of days, 0 or more".to_string(),
            )
        })?;
        out.max_age_days = Some(value);
    }
    for word in raw.require {
        if !matches!(word.get_ref().as_str(), "yes" | "mostly" | "partly" | "no") {
            let message = format!(
                "`evidence.require` takes answer words `yes`, `mostly`, `partly`, `no`, not `{}`",
                shown(word.get_ref())
            );
            return Err((word.span(), message));
        }
        out.require.push(word.into_inner());
    }
    Ok(out)
}

/// A path of aima.toml joined to its folder, refused when it is empty, absolute or climbs
/// out of that folder (docs/security.md).
pub fn inside(dir: &Path, path: &Spanned<String>, key: &str) -> Result<PathBuf, Located> {
    let text = path.get_ref();
    let relative = Path::new(text);
    let climbs = relative
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    if text.trim().is_empty() || relative.is_absolute() || climbs {
        let message = format!(
            "`{key}` must be a path inside the folder of aima.toml, not `{}`",
            shown(text)
        );
        return Err((path.span(), message));
    }
    Ok(dir.join(relative))
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
            "aima.toml:2:1: unknown field `path`, expected one of `paths`, `max_age_days`, `require_status`"
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
    fn reads_system_records_evidence_and_policy() {
        let c = check(
            "[evidence]\nmax_age_days = 180\nfail_on_stale = true\nrequire = [\"yes\", \"mostly\"]\n\
             [policy]\npaths = [\"policies\"]\n\
             [systems.cv]\nvendor = \"HireCo\"\nvendor_key = \"keys/hireco.pub.pem\"\n\
             lifecycle = \"production\"\ntags = [\"hr\"]\ndescription = \"CV screening\"\n\
             eu_ai_act = { role = \"deployer\", risk = \"high-risk\", annex = \"III-4(a)\" }\n",
        )
        .unwrap();
        assert_eq!(c.evidence.max_age_days, Some(180));
        assert!(c.evidence.fail_on_stale);
        assert_eq!(c.evidence.require, vec!["yes", "mostly"]);
        assert_eq!(c.policy.paths, vec![PathBuf::from("/p/policies")]);
        let s = c.system("cv").unwrap();
        assert_eq!(s.vendor.as_deref(), Some("HireCo"));
        assert_eq!(s.vendor_key, Some(PathBuf::from("/p/keys/hireco.pub.pem")));
        assert_eq!(s.lifecycle, Some(Lifecycle::Production));
        let act = s.eu_ai_act.as_ref().unwrap();
        assert_eq!(
            (act.role, act.risk, act.gpai),
            (AiActRole::Deployer, AiActRisk::HighRisk, Gpai::None)
        );
        assert_eq!(act.annex.as_deref(), Some("III-4(a)"));
    }

    #[test]
    fn record_problems_are_located() {
        assert_eq!(
            check("[systems.a]\nlifecycle = \"live\"\n").unwrap_err(),
            "aima.toml:2:13: unknown variant `live`, expected one of `planned`, `development`, `production`, `retired`"
        );
        assert_eq!(
            check("[systems.a]\neu_ai_act = { role = \"user\", risk = \"limited\" }\n").unwrap_err(),
            "aima.toml:2:22: unknown variant `user`, expected one of `provider`, `deployer`, `importer`, `distributor`"
        );
        assert_eq!(
            check("[systems.a]\nvendor_key = \"../k.pem\"\n").unwrap_err(),
            "aima.toml:2:14: `vendor_key` must be a path inside the folder of aima.toml, not `../k.pem`"
        );
        assert_eq!(
            check("[policy]\npaths = [\"/etc\"]\n").unwrap_err(),
            "aima.toml:2:10: `policy.paths` must be a path inside the folder of aima.toml, not `/etc`"
        );
        assert_eq!(
            check("[evidence]\nrequire = [\"na\"]\n").unwrap_err(),
            "aima.toml:2:12: `evidence.require` takes answer words `yes`, `mostly`, `partly`, `no`, not `na`"
        );
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
