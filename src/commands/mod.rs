//! One module per subcommand. Commands return what to print; only `main` prints.

pub mod assess;
pub(crate) mod attest;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod crosswalk;
pub(crate) mod diff;
pub(crate) mod evidence;
pub(crate) mod export;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod keygen;
pub(crate) mod merge;
pub(crate) mod model;
pub(crate) mod policy;
pub(crate) mod portfolio;
pub(crate) mod profiles;
pub(crate) mod report;
pub(crate) mod schema;
pub mod score;
pub(crate) mod sign;
pub(crate) mod trend;
pub(crate) mod validate;
pub(crate) mod verify;
pub mod worksheet;

use std::path::Path;

use crate::base::error::{Error, ExitStatus, Result};
use crate::base::save::write_all;
use crate::cli::{Cli, Command, ListFormat};
use crate::context::{Context, Globals};

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
    outcome.stderr = crate::base::sanitize::terminal_lines(outcome.stderr);
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
    let ctx = Context::new(Globals {
        model: cli.model,
        profiles: cli.profiles,
        crosswalks: cli.crosswalks,
        config: cli.config,
        width: cli.width,
    });
    let ctx = &ctx;
    let mut outcome = command(ctx, cli.command)?;
    // Every output that used an aima.toml names it (docs/record.md).
    if let Some(config) = ctx.config_used() {
        outcome.stderr.insert(0, format!("note: using {config}"));
    }
    Ok(outcome)
}

fn command(ctx: &Context, command: Command) -> Result<Outcome> {
    match command {
        Command::Assess(args) => assess::run(ctx, &args),
        Command::Score(args) => score::run(ctx, &args),
        Command::Report(args) => report::run(ctx, &args),
        Command::Diff(args) => diff::run(ctx, &args),
        Command::Check(args) => check::run(ctx, &args),
        Command::Validate(args) => validate::run(ctx, &args),
        Command::Model(args) => model::run(ctx, &args),
        Command::Worksheet(args) => worksheet::run(ctx, &args),
        Command::Completions(args) => Ok(completions::run(&args)),
        Command::Merge(args) => merge::run(ctx, &args),
        Command::Import(args) => import::run(ctx, &args),
        Command::Export(args) => export::run(ctx, &args),
        Command::Portfolio(args) => portfolio::run(ctx, &args),
        Command::Trend(args) => trend::run(ctx, &args),
        Command::Crosswalk(args) => crosswalk::run(ctx, &args),
        Command::Profiles(args) => profiles::run(ctx, &args),
        Command::Schema(args) => schema::run(ctx, &args),
        Command::Policy(args) => policy::run(ctx, &args),
        Command::Evidence(args) => evidence::run(ctx, &args),
        Command::Keygen(args) => keygen::run(&args),
        Command::Attest(args) => attest::run(ctx, &args),
        Command::Verify(args) => verify::run(&args),
        Command::Sign(args) => sign::run(ctx, &args),
        Command::Init(args) => init::run(ctx, &args),
    }
}

/// Checks that the folder an output file goes into exists, so that `-o reports/x.md`
/// into a missing folder says what to do (and nothing is written).
pub fn output_folder(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Error::Usage(format!(
            "-o {}: the folder {} does not exist; create it first (mkdir -p {})",
            crate::base::sanitize::terminal_line(&path.display().to_string()),
            crate::base::sanitize::terminal_line(&dir.display().to_string()),
            crate::base::sanitize::terminal_line(&dir.display().to_string()),
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
        crate::base::sanitize::terminal_line(&out.display().to_string()),
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
    (out, inputs): (Option<&Path>, &crate::base::input::Inputs),
    text: impl Fn(ListFormat) -> String,
    markdown: impl Fn(&str) -> (String, String),
    xlsx: impl Fn() -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError>,
) -> Result<Outcome> {
    if let Some((o, input)) = out.and_then(|o| inputs.find(o).map(|i| (o, i))) {
        let (o, input) = (o.display().to_string(), input.display().to_string());
        let (o, input) = (
            crate::base::sanitize::terminal_line(&o),
            crate::base::sanitize::terminal_line(&input),
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
            let (page, chart) = markdown(&chart_name(out)?);
            return write_with_chart(out, &page, &chart, inputs);
        }
        ListFormat::Xlsx => xlsx().map_err(|e| Error::Usage(format!("cannot write the workbook: {e}")))?,
        other => text(other).into_bytes(),
    };
    write_all(&[(out, &bytes)])
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    Ok(Outcome::output(format!(
        "wrote {}\n",
        crate::base::sanitize::terminal_line(&out.display().to_string())
    )))
}

/// The file name of the chart beside `out` (`out` with `.svg`).
pub fn chart_name(out: &Path) -> Result<String> {
    let chart_path = out.with_extension("svg");
    match chart_path.file_name() {
        Some(name) if out.file_name().is_some() && chart_path != out => {
            Ok(name.to_string_lossy().into_owned())
        }
        _ => Err(Error::Usage(format!(
            "-o {}: give the Markdown file's name, e.g. -o portfolio.md (the chart goes beside it as .svg)",
            out.display()
        ))),
    }
}

/// Writes the Markdown to `out` and a chart beside it (`out` with `.svg`), chart first.
/// Neither may replace a file read (`inputs`, by identity: docs/security.md).
pub fn write_with_chart(
    out: &Path,
    markdown: &str,
    chart: &str,
    inputs: &crate::base::input::Inputs,
) -> Result<Outcome> {
    chart_name(out)?;
    output_folder(out)?;
    let chart_path = out.with_extension("svg");
    for output in [out, chart_path.as_path()] {
        if let Some(input) = inputs.find(output) {
            return Err(Error::Usage(format!(
                "-o {}: writing {} would overwrite the answers file {}",
                crate::base::sanitize::terminal_line(&out.display().to_string()),
                crate::base::sanitize::terminal_line(&output.display().to_string()),
                crate::base::sanitize::terminal_line(&input.display().to_string())
            )));
        }
    }
    // Both staged before either is put in place: a failed Markdown leaves no chart behind.
    write_all(&[(&chart_path, chart.as_bytes()), (out, markdown.as_bytes())])
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    Ok(Outcome::output(format!(
        "wrote {} and {}\n",
        crate::base::sanitize::terminal_line(&out.display().to_string()),
        crate::base::sanitize::terminal_line(&chart_path.display().to_string())
    )))
}
