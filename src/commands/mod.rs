//! One module per subcommand. Commands return what to print; only `main` prints.

pub mod assess;
pub mod attest;
pub mod check;
pub mod completions;
pub mod crosswalk;
pub mod diff;
pub mod evidence;
pub mod export;
pub mod import;
pub mod keygen;
pub mod merge;
pub mod model;
pub mod policy;
pub mod portfolio;
pub mod profiles;
pub mod report;
pub mod schema;
pub mod score;
pub mod trend;
pub mod validate;
pub mod verify;
pub mod worksheet;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::answers::{self, Assessment, Targets};
use crate::cli::{Cli, Command, ListFormat};
use crate::config::{self, Config};
use crate::error::{Error, ExitStatus, Result};
use crate::model::Model;

/// What a command produced: standard output, lines for standard error (warnings and
/// notes, printed as they are), and how the process ends.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: Vec<String>,
    pub code: ExitStatus,
}

impl Outcome {
    pub fn output(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: Vec::new(),
            code: ExitStatus::Success,
        }
    }
}

/// Runs a parsed command line.
pub fn run(mut cli: Cli) -> Result<Outcome> {
    dash_is_stdout(&mut cli.command);
    let mut outcome = dispatch(cli)?;
    // Warnings and notes quote file names and file content: never raw to the terminal.
    outcome.stderr = crate::sanitize::terminal_lines(outcome.stderr);
    Ok(outcome)
}

/// `-o -` is standard output for `report`, `portfolio` and `trend` too, as for `export`,
/// `import` and `merge`: never a file named `-`.
fn dash_is_stdout(command: &mut Command) {
    let output = match command {
        Command::Report(args) => &mut args.output,
        Command::Portfolio(args) => &mut args.output,
        Command::Trend(args) => &mut args.output,
        _ => return,
    };
    if output.as_ref().is_some_and(|o| o.as_os_str() == "-") {
        *output = None;
    }
}

fn dispatch(cli: Cli) -> Result<Outcome> {
    crate::render::table::set_width(crate::render::table::detect_width(cli.width));
    let model_dir = cli.model.as_deref();
    let sources = Sources {
        profiles: cli.profiles.as_deref(),
        crosswalks: cli.crosswalks.as_deref(),
        config: cli.config.as_deref(),
    };
    match cli.command {
        Command::Assess(args) => assess::run(&*load_model(model_dir)?, model_dir, sources.profiles, &args),
        Command::Score(args) => score::run_with(&*load_model(model_dir)?, &sources, &args),
        Command::Report(args) => report::run(&*load_model(model_dir)?, &sources, &args),
        Command::Diff(args) => diff::run(model_dir, &args),
        Command::Check(args) => check::run(&*load_model(model_dir)?, &sources, &args),
        Command::Validate(args) => validate::run(model_dir, sources.config, &args),
        Command::Model(args) => model::run(&*load_model(model_dir)?, &args),
        Command::Worksheet(args) => worksheet::run(&*load_model(model_dir)?, &args),
        Command::Completions(args) => Ok(completions::run(&args)),
        Command::Merge(args) => merge::run(&*load_model(model_dir)?, &args),
        Command::Import(args) => import::run(&*load_model(model_dir)?, &args),
        Command::Export(args) => export::run(&*load_model(model_dir)?, &args),
        Command::Portfolio(args) => portfolio::run(&*load_model(model_dir)?, &sources, &args),
        Command::Trend(args) => trend::run(&*load_model(model_dir)?, &sources, &args),
        Command::Crosswalk(args) => crosswalk::run(
            &*load_model(model_dir)?,
            &sources,
            crate::render::table::width(),
            &args,
        ),
        Command::Profiles(args) => profiles::run(&*load_model(model_dir)?, cli.profiles.as_deref(), &args),
        Command::Schema(args) => schema::run(&*load_model(model_dir)?, &args),
        Command::Policy(args) => policy::run(&*load_model(model_dir)?, &sources, &args),
        Command::Evidence(args) => evidence::run(&*load_model(model_dir)?, &sources, &args),
        Command::Keygen(args) => keygen::run(&args),
        Command::Attest(args) => attest::run(&*load_model(model_dir)?, &sources, &args),
        Command::Verify(args) => verify::run(&args),
    }
}

/// The model of `--model DIR`, or the embedded one.
pub fn load_model(dir: Option<&Path>) -> Result<Cow<'static, Model>> {
    match dir {
        None => Ok(Cow::Borrowed(crate::embedded::model())),
        Some(dir) => crate::model::load::load_dir(dir)
            .map(Cow::Owned)
            .map_err(Error::Model),
    }
}

/// Where the extra data a command may need comes from: `--profiles DIR`, `--crosswalks DIR`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    pub profiles: Option<&'a Path>,
    pub crosswalks: Option<&'a Path>,
    /// `--config FILE` (else aima.toml is searched from the current folder up).
    pub config: Option<&'a Path>,
}

/// The target layers below the answers files for `--profile ID` (docs/targets.md): the
/// profile's targets, or nothing without one.
pub fn profile_layers(model: &Model, dir: Option<&Path>, id: Option<&str>) -> Result<Vec<Targets>> {
    let Some(id) = id else {
        return Ok(Vec::new());
    };
    let all = crate::profiles::load(model, dir).map_err(Error::Model)?;
    let profile = crate::profiles::find(&all, id).map_err(Error::Usage)?;
    Ok(vec![profile.targets.clone()])
}

/// The evidence findings of answers files (docs/evidence.md), by the `[evidence]` rules of
/// the project's aima.toml: for `check --evidence` and the report.
pub fn evidence_findings(
    model: &Model,
    sources: &Sources,
    files: &[PathBuf],
) -> Result<(crate::evidence::Findings, crate::evidence::Rules)> {
    if files.iter().any(|f| f.as_os_str() == "-") {
        return Err(Error::Usage(
            "evidence paths are relative to the answers file: name the file, not `-` (standard input)"
                .to_string(),
        ));
    }
    let config = load_config(model, sources.config)?;
    let files = answers::load_files(model, files).map_err(Error::Answers)?;
    crate::evidence::gather::of_files(&files, config.as_ref(), answers::Date::today()).map_err(Error::Answers)
}

/// Reads, checks and merges answers files.
pub fn load_answers(model: &Model, files: &[PathBuf]) -> Result<Assessment> {
    answers::load(model, files).map_err(Error::Answers)
}

/// Checks that the folder an output file goes into exists, so that `-o reports/x.md`
/// into a missing folder says what to do (and nothing is written).
pub fn output_folder(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Error::Usage(format!(
            "-o {}: the folder {} does not exist; create it first (mkdir -p {})",
            crate::sanitize::terminal_line(&path.display().to_string()),
            crate::sanitize::terminal_line(&dir.display().to_string()),
            crate::sanitize::terminal_line(&dir.display().to_string()),
        ))),
        _ => Ok(()),
    }
}

/// The format of a command's output: `--format` when given, else the extension of `-o OUT`
/// (`by_extension`, lower-case, without the dot), else `default`. An `-o` whose extension
/// names no format is a usage error naming the choices (docs/reports.md).
pub fn output_format<F: Copy>(
    given: Option<F>,
    out: Option<&Path>,
    by_extension: &[(&str, F)],
    default: F,
) -> Result<F> {
    if let Some(format) = given {
        return Ok(format);
    }
    let Some(out) = out else { return Ok(default) };
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some((_, format)) = by_extension.iter().find(|(e, _)| Some(*e) == ext.as_deref()) {
        return Ok(*format);
    }
    let mut names: Vec<String> = by_extension.iter().map(|(e, _)| format!(".{e}")).collect();
    let last = names.pop().unwrap_or_default();
    Err(Error::Usage(format!(
        "-o {}: cannot tell the format from the file's extension; name it {} or {last}, or choose \
         one with --format",
        crate::sanitize::terminal_line(&out.display().to_string()),
        names.join(", ")
    )))
}

/// The extensions of `-o` for `portfolio` and `trend`, and the formats they choose.
pub const LIST_EXTENSIONS: [(&str, ListFormat); 7] = [
    ("md", ListFormat::Markdown),
    ("markdown", ListFormat::Markdown),
    ("html", ListFormat::Html),
    ("htm", ListFormat::Html),
    ("xlsx", ListFormat::Xlsx),
    ("json", ListFormat::Json),
    ("csv", ListFormat::Csv),
];

/// The output of `portfolio` or `trend` in the format `given`, else the one `-o`'s extension
/// names (else a table): on standard output, or with `-o OUT`
/// written to OUT (Markdown with its chart beside it, as OUT.svg). `text` renders the text
/// formats, `markdown(chart)` the Markdown that links the chart and the chart, `xlsx` the
/// workbook, which needs `-o`. Nothing is written over one of `inputs`.
pub fn list_output(
    given: Option<ListFormat>,
    (out, inputs): (Option<&Path>, &crate::input::Inputs),
    text: impl Fn(ListFormat) -> String,
    markdown: impl Fn(&str) -> (String, String),
    xlsx: impl Fn() -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError>,
) -> Result<Outcome> {
    if let Some((o, input)) = out.and_then(|o| inputs.find(o).map(|i| (o, i))) {
        let (o, input) = (o.display().to_string(), input.display().to_string());
        let (o, input) = (
            crate::sanitize::terminal_line(&o),
            crate::sanitize::terminal_line(&input),
        );
        return Err(Error::Usage(format!(
            "-o {o}: writing {o} would overwrite the answers file {input}"
        )));
    }
    let format = output_format(given, out, &LIST_EXTENSIONS, ListFormat::Table)?;
    let Some(out) = out else {
        if format == ListFormat::Xlsx {
            return Err(Error::Usage(
                "--format xlsx writes a workbook, not text: give the file with -o OUT.xlsx".to_string(),
            ));
        }
        return Ok(Outcome::output(text(format)));
    };
    output_folder(out)?;
    let bytes = match format {
        ListFormat::Markdown => {
            let (page, chart) = markdown(&portfolio::chart_name(out)?);
            return portfolio::write_with_chart(out, &page, &chart, inputs);
        }
        ListFormat::Xlsx => xlsx().map_err(|e| Error::Usage(format!("cannot write the workbook: {e}")))?,
        other => text(other).into_bytes(),
    };
    crate::save::write_all(&[(out, &bytes)])
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    Ok(Outcome::output(format!(
        "wrote {}\n",
        crate::sanitize::terminal_line(&out.display().to_string())
    )))
}

/// The project file: `--config FILE`, else `aima.toml` in the current folder or the nearest
/// parent; `None` when there is none. A broken file is an error (exit 2), located.
pub fn load_config(model: &Model, named: Option<&Path>) -> Result<Option<Config>> {
    let (path, display) = match named {
        Some(path) => (path.to_path_buf(), path.display().to_string()),
        None => {
            let Ok(cwd) = std::env::current_dir() else {
                return Ok(None);
            };
            let Some(found) = config::discover(&cwd) else {
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

/// The use-case profiles, loaded only when `needed` (the embedded ones and `--profiles DIR`).
pub fn profiles_if(model: &Model, sources: &Sources, needed: bool) -> Result<Vec<crate::profiles::Profile>> {
    if needed {
        crate::profiles::load(model, sources.profiles).map_err(Error::Model)
    } else {
        Ok(Vec::new())
    }
}

/// The target sources below the answers files (docs/targets.md), nearest first: the
/// system's targets in aima.toml, then its use-case profile (`profile`, from `--profile`,
/// replaces the one aima.toml names), looked up in `profiles`.
pub fn target_layers(
    profiles: &[crate::profiles::Profile],
    config: Option<&Config>,
    system: Option<&str>,
    profile: Option<&str>,
) -> Result<Vec<Targets>> {
    let entry = system.and_then(|s| config.and_then(|c| c.system(s)));
    let mut layers = Vec::new();
    if let Some(entry) = entry {
        layers.push(entry.targets.clone());
    }
    if let Some(id) = profile {
        let found = crate::profiles::find(profiles, id).map_err(Error::Usage)?;
        layers.push(found.targets.clone());
    } else if let (Some(entry), Some(config)) = (entry, config)
        && let Some(id) = entry.profile.as_deref()
    {
        // Named in aima.toml: the error points there.
        let found = crate::profiles::find(profiles, id).map_err(|e| {
            Error::Usage(format!(
                "{}: {e}",
                crate::diag::place(&config.display, entry.profile_pos)
            ))
        })?;
        layers.push(found.targets.clone());
    }
    Ok(layers)
}

/// [`target_layers`] for one assessment of `system`: aima.toml read (`--config` or found),
/// profiles loaded when one applies.
/// The frameworks a report or check covers: `--framework`, else the system's `frameworks`
/// in aima.toml (docs/targets.md), else none. The second value is true when they come
/// from aima.toml.
pub fn frameworks_for(
    model: &Model,
    sources: &Sources,
    system: Option<&str>,
    given: &[String],
) -> Result<(Vec<String>, bool)> {
    if !given.is_empty() {
        return Ok((given.to_vec(), false));
    }
    let config = load_config(model, sources.config)?;
    let listed = system
        .and_then(|s| config.as_ref().and_then(|c| c.system(s)))
        .map(|entry| entry.frameworks.clone())
        .unwrap_or_default();
    let from_config = !listed.is_empty();
    Ok((listed, from_config))
}

/// The merged answers of `files` and the target layers below them (`--profile`, the
/// system's entry in aima.toml and its profile): what score, report and check start from.
pub fn answers_and_layers(
    model: &Model,
    sources: &Sources,
    files: &[PathBuf],
    profile: Option<&str>,
) -> Result<(Assessment, Vec<Targets>)> {
    let assessment = load_answers(model, files)?;
    let system = assessment.metadata.system.as_deref();
    let layers = layers_for(model, sources, system, profile)?;
    Ok((assessment, layers))
}

/// The system's `eu_ai_act` in aima.toml, which scopes the EU AI Act's clauses
/// (docs/crosswalk.md, applicability); `None` without a system, aima.toml or entry.
pub fn eu_ai_act_for(
    model: &Model,
    sources: &Sources,
    system: Option<&str>,
) -> Result<Option<config::EuAiAct>> {
    let Some(system) = system else {
        return Ok(None);
    };
    let config = load_config(model, sources.config)?;
    Ok(config
        .as_ref()
        .and_then(|c| c.system(system))
        .and_then(|e| e.eu_ai_act.clone()))
}

pub fn layers_for(
    model: &Model,
    sources: &Sources,
    system: Option<&str>,
    profile: Option<&str>,
) -> Result<Vec<Targets>> {
    let config = load_config(model, sources.config)?;
    let entry = system.and_then(|s| config.as_ref().and_then(|c| c.system(s)));
    let needed = profile.is_some() || entry.is_some_and(|e| e.profile.is_some());
    let profiles = profiles_if(model, sources, needed)?;
    target_layers(&profiles, config.as_ref(), system, profile)
}
