//! The context of one run: what the command line's global options, aima.toml, the profiles
//! and the environment say, resolved once and passed to every command (ARCHITECTURE.md).
//!
//! It holds the one clock (`today`, which honours `SOURCE_DATE_EPOCH`), the terminal layout
//! (`--width`, else the terminal's) and the sources of extra data (`--model`, `--profiles`,
//! `--crosswalks`, `--config`). The model, aima.toml, the profiles and the crosswalks are read
//! when a command first asks for them, then kept: a command that needs none of them never
//! fails on a broken aima.toml, and none is read twice.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::answers::{self, Assessment, Date, TargetSource, Targets};
use crate::assessments::Scoring;
use crate::base::error::{Error, Result};
use crate::config::{self, Config};
use crate::crosswalk::Catalogue;
use crate::model::Model;
use crate::profiles::Profile;
use crate::render::{Choice, Table};

/// The global options of the command line (`aima --model DIR --width N ... COMMAND`).
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub model: Option<PathBuf>,
    pub profiles: Option<PathBuf>,
    pub crosswalks: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub width: Option<u16>,
}

/// The context of one run. Built once by [`Context::new`] (or [`Context::with`] in tests).
#[derive(Debug)]
pub struct Context {
    globals: Globals,
    /// Today (UTC): the one clock of aima (`SOURCE_DATE_EPOCH` when set).
    pub today: Date,
    /// How terminal tables and text are laid out.
    pub table: Table,
    model: OnceLock<Cow<'static, Model>>,
    config: OnceLock<Option<Config>>,
    profiles: OnceLock<Vec<Profile>>,
    catalogue: OnceLock<Catalogue>,
}

impl Context {
    /// The context of this process: the clock and the terminal's width read here, once.
    pub fn new(globals: Globals) -> Context {
        let width = crate::render::table::detect_width(globals.width);
        // The answers parser checks `clauses:` keys against the known frameworks, these
        // of `--crosswalks DIR` included (docs/answers-format.md).
        crate::crosswalk::known::set_user_dir(globals.crosswalks.as_deref());
        Context::with(globals, Date::today(), width)
    }

    /// A context with a given clock and width (`None`: tables as wide as their content).
    pub fn with(globals: Globals, today: Date, width: Option<u16>) -> Context {
        Context {
            globals,
            today,
            table: Table::new(width),
            model: OnceLock::new(),
            config: OnceLock::new(),
            profiles: OnceLock::new(),
            catalogue: OnceLock::new(),
        }
    }

    /// `--model DIR`, when given.
    pub fn model_dir(&self) -> Option<&Path> {
        self.globals.model.as_deref()
    }

    /// `--profiles DIR`, when given.
    pub fn profiles_dir(&self) -> Option<&Path> {
        self.globals.profiles.as_deref()
    }

    /// `--config FILE`, when given.
    pub fn config_path(&self) -> Option<&Path> {
        self.globals.config.as_deref()
    }

    /// Renders `view` in `format` (the one way commands render: docs/reports.md).
    pub fn render<V: ?Sized, C: Choice<V>>(&self, format: C, view: &V) -> String {
        crate::render::render(format, view, self.table)
    }

    /// The model of `--model DIR`, or the embedded one.
    pub fn model(&self) -> Result<&Model> {
        if let Some(model) = self.model.get() {
            return Ok(model);
        }
        let loaded = load_model(self.model_dir())?;
        Ok(self.model.get_or_init(|| loaded))
    }

    /// The project file: `--config FILE`, else the `aima.toml` found from the current folder
    /// (see [`Context::config_for`]); `None` when there is none. Read once: the first call
    /// decides which file a run uses. A broken file is an error (exit 2), located.
    pub fn config(&self) -> Result<Option<&Config>> {
        self.config_for(&[])
    }

    /// The project file for a command that reads `paths` (answers files or folders):
    /// `--config FILE`, else `aima.toml` in the folder of the first path or a parent of it,
    /// stopping at the repository root (a folder with `.git`); the current folder when no
    /// path is given (docs/record.md).
    pub fn config_for(&self, paths: &[PathBuf]) -> Result<Option<&Config>> {
        if let Some(config) = self.config.get() {
            return Ok(config.as_ref());
        }
        let loaded = self.read_config(paths)?;
        Ok(self.config.get_or_init(|| loaded).as_ref())
    }

    /// How the aima.toml this run used is shown, when it used one (for the `note: using`
    /// line and the `config` key of JSON outputs).
    pub fn config_used(&self) -> Option<&str> {
        self.config.get()?.as_ref().map(|c| c.display.as_str())
    }

    fn read_config(&self, paths: &[PathBuf]) -> Result<Option<Config>> {
        let model = self.model()?;
        let (path, display) = match self.config_path() {
            Some(path) => (path.to_path_buf(), path.display().to_string()),
            None => {
                let Ok(cwd) = std::env::current_dir() else {
                    return Ok(None);
                };
                let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
                let Some(found) = config::discover(&config::start_for(paths, &cwd)) else {
                    return Ok(None);
                };
                let display = config::display_for(&found, &cwd);
                (found, display)
            }
        };
        config::load(&path, &display, model)
            .map(Some)
            .map_err(|p| Error::Usage(p.to_string()))
    }

    /// The use-case profiles: the embedded ones and those of `--profiles DIR`.
    pub fn profiles(&self) -> Result<&[Profile]> {
        if let Some(profiles) = self.profiles.get() {
            return Ok(profiles);
        }
        let loaded = crate::profiles::load(self.model()?, self.profiles_dir()).map_err(Error::Model)?;
        Ok(self.profiles.get_or_init(|| loaded))
    }

    /// The profiles, read only when `needed` (else none).
    pub fn profiles_if(&self, needed: bool) -> Result<&[Profile]> {
        if needed { self.profiles() } else { Ok(&[]) }
    }

    /// The embedded frameworks plus those of `--crosswalks DIR`.
    pub fn catalogue(&self) -> Result<&Catalogue> {
        if let Some(catalogue) = self.catalogue.get() {
            return Ok(catalogue);
        }
        let dir = self.globals.crosswalks.as_deref();
        let loaded = crate::crosswalk::load::load(self.model()?, dir).map_err(Error::Model)?;
        Ok(self.catalogue.get_or_init(|| loaded))
    }

    /// How portfolio and trend score each round: `--target`, `--profile`, aima.toml, and the
    /// profiles, read only when `--profile` or a system in aima.toml names one.
    pub fn scoring<'a>(&'a self, target: Option<u8>, profile: Option<&'a str>) -> Result<Scoring<'a>> {
        let (model, config) = (self.model()?, self.config()?);
        let needed =
            profile.is_some() || config.is_some_and(|c| c.systems.values().any(|s| s.profile.is_some()));
        Ok(Scoring {
            target,
            profile,
            ..Scoring::new(model, config, self.profiles_if(needed)?)
        })
    }

    /// A catalogue that holds at least the frameworks `ids`: the whole one when a command
    /// has read it already, else only those files (a policy input needs no more).
    pub fn catalogue_of(&self, ids: &[String]) -> Result<Cow<'_, Catalogue>> {
        if let Some(catalogue) = self.catalogue.get() {
            return Ok(Cow::Borrowed(catalogue));
        }
        let dir = self.globals.crosswalks.as_deref();
        crate::crosswalk::load::load_only(self.model()?, dir, ids)
            .map(Cow::Owned)
            .map_err(Error::Model)
    }

    /// The answers files a command reads: `given`, or with `--system ID` the files of that
    /// system's round `round` (default the latest) found under `given` or aima.toml's
    /// `portfolio.paths` (docs/record.md).
    pub fn files_for(
        &self,
        given: &[PathBuf],
        system: Option<&str>,
        round: Option<&str>,
    ) -> Result<Vec<PathBuf>> {
        let Some(system) = system else {
            return Ok(given.to_vec());
        };
        let config = self.config_for(given)?;
        let paths = crate::assessments::paths_or_config(given, config)?;
        // Vendor envelopes are read too, so that one that does not verify is refused here as
        // in portfolio, and a round held only as an envelope is named (docs/attestation.md).
        let (catalog, files) = crate::attest::vendor::read_catalog(self.model()?, &paths, config)?;
        let round = crate::assessments::pick_round(&catalog, &paths, system, round)?;
        let files = crate::assessments::round_files(round, &files);
        match files.iter().find(|f| crate::assessments::is_envelope(f)) {
            Some(envelope) => Err(Error::Usage(format!(
                "--system {}: round `{}` is held only as a vendor's attestation, {}: `aima verify` shows \
                 what it attests, and portfolio, trend and check --all count it; this command reads answers files",
                crate::base::diag::shown_id(system),
                crate::base::diag::shown_id(&round.id),
                crate::base::sanitize::terminal_line(&envelope.display().to_string())
            ))),
            None => Ok(files),
        }
    }

    /// Reads, checks and merges answers files.
    pub fn answers(&self, files: &[PathBuf]) -> Result<Assessment> {
        answers::load(self.model()?, files).map_err(Error::Answers)
    }

    /// The merged answers of `files` and the target layers below them (`--profile`, the
    /// system's entry in aima.toml and its profile): what score, report and check start from.
    pub fn answers_and_layers(
        &self,
        files: &[PathBuf],
        profile: Option<&str>,
    ) -> Result<(Assessment, Vec<Targets>)> {
        self.config_for(files)?;
        let assessment = self.answers(files)?;
        let layers = self.layers_for(assessment.metadata.system.as_deref(), profile)?;
        Ok((assessment, layers))
    }

    /// The target layers below the answers files for `system` (docs/targets.md): its
    /// targets in aima.toml, then its use-case profile (`profile`, from `--profile`,
    /// replaces the one aima.toml names). Profiles are read only when one applies.
    pub fn layers_for(&self, system: Option<&str>, profile: Option<&str>) -> Result<Vec<Targets>> {
        let config = self.config()?;
        let entry = system.and_then(|s| config.and_then(|c| c.system(s)));
        let needed = profile.is_some() || entry.is_some_and(|e| e.profile.is_some());
        let profiles = self.profiles_if(needed)?;
        target_layers(profiles, config, system, profile)
    }

    /// The target layers for `--profile ID` alone (the interview): the profile's targets,
    /// or nothing without one.
    pub fn profile_layers(&self, id: Option<&str>) -> Result<Vec<Targets>> {
        let Some(id) = id else {
            return Ok(Vec::new());
        };
        let profile = crate::profiles::find(self.profiles()?, id).map_err(Error::Usage)?;
        Ok(vec![profile.targets.clone()])
    }

    /// The frameworks a report or check covers: `given` (`--framework`), else the system's
    /// `frameworks` in aima.toml (docs/targets.md), else none. The second value is true when
    /// they come from aima.toml.
    pub fn frameworks_for(&self, system: Option<&str>, given: &[String]) -> Result<(Vec<String>, bool)> {
        if !given.is_empty() {
            return Ok((given.to_vec(), false));
        }
        let config = self.config()?;
        let listed = system
            .and_then(|s| config.and_then(|c| c.system(s)))
            .map(|entry| entry.frameworks.clone())
            .unwrap_or_default();
        let from_config = !listed.is_empty();
        Ok((listed, from_config))
    }

    /// The system's `eu_ai_act` in aima.toml, which scopes the EU AI Act's clauses
    /// (docs/crosswalk.md, applicability); `None` without a system, aima.toml or entry.
    pub fn eu_ai_act_for(&self, system: Option<&str>) -> Result<Option<config::EuAiAct>> {
        let Some(system) = system else {
            return Ok(None);
        };
        Ok(self
            .config()?
            .and_then(|c| c.system(system))
            .and_then(|e| e.eu_ai_act.clone()))
    }

    /// The evidence findings of answers files (docs/evidence.md), by the `[evidence]` rules
    /// of the project's aima.toml: for `check --evidence` and the report.
    pub fn evidence_findings(
        &self,
        files: &[PathBuf],
    ) -> Result<(crate::evidence::Findings, crate::evidence::Rules)> {
        if files.iter().any(|f| f.as_os_str() == "-") {
            return Err(Error::Usage(
                "evidence paths are relative to the answers file: name the file, not `-` (standard input)"
                    .to_string(),
            ));
        }
        let config = self.config_for(files)?;
        let files = answers::load_files(self.model()?, files).map_err(Error::Answers)?;
        crate::evidence::gather::of_files(&files, config, self.today).map_err(Error::Answers)
    }
}

/// The model of `dir` (`--model DIR`), or the embedded one.
pub fn load_model(dir: Option<&Path>) -> Result<Cow<'static, Model>> {
    match dir {
        None => Ok(Cow::Borrowed(crate::embedded::model())),
        Some(dir) => crate::model::load::load_dir(dir)
            .map(Cow::Owned)
            .map_err(Error::Model),
    }
}

/// The target sources below the answers files (docs/targets.md), nearest first: the
/// system's targets in aima.toml, then its use-case profile (`profile`, from `--profile`,
/// replaces the one aima.toml names), looked up in `profiles`.
pub fn target_layers(
    profiles: &[Profile],
    config: Option<&Config>,
    system: Option<&str>,
    profile: Option<&str>,
) -> Result<Vec<Targets>> {
    let entry = system.and_then(|s| config.and_then(|c| c.system(s)));
    let mut layers = Vec::new();
    if let Some(entry) = entry {
        layers.push(Targets {
            source: TargetSource::Config,
            ..entry.targets.clone()
        });
    }
    let of_profile = |found: &Profile| Targets {
        source: TargetSource::Profile(found.id.clone()),
        ..found.targets.clone()
    };
    if let Some(id) = profile {
        let found = crate::profiles::find(profiles, id).map_err(Error::Usage)?;
        layers.push(of_profile(found));
    } else if let (Some(entry), Some(config)) = (entry, config)
        && let Some(id) = entry.profile.as_deref()
    {
        // Named in aima.toml: the error points there.
        let found = crate::profiles::find(profiles, id).map_err(|e| {
            Error::Usage(format!(
                "{}: {e}",
                crate::base::diag::place(&config.display, entry.profile_pos)
            ))
        })?;
        layers.push(of_profile(found));
    }
    Ok(layers)
}
