//! `aima export FILE... --to toolkit|csv -o OUT`: answers → an AIMA Toolkit v1.0.1 workbook
//! or aima's CSV, written atomically (docs/interchange.md).

use std::path::Path;

use super::Outcome;
use crate::answers::Assessment;
use crate::base::error::{Error, Result};
use crate::base::sanitize::shown_path;
use crate::base::save::write_atomic;
use crate::cli::{ExportArgs, ExportTo};
use crate::context::Context;
use crate::interchange::{self, toolkit};
use crate::model::Model;

/// The user's own copy of the official workbook, filled (docs/interchange.md).
fn filled(model: &Model, assessment: &Assessment, book: &Path, out: &Path) -> Result<Vec<u8>> {
    if crate::base::input::Inputs::of(&[book.to_path_buf()])
        .find(out)
        .is_some()
    {
        return Err(Error::Usage(format!(
            "-o {}: that is the template; write the filled workbook elsewhere (the template stays as it is)",
            shown_path(out)
        )));
    }
    let display = shown_path(book);
    let bytes = interchange::read_bytes(book, &display).map_err(problem)?;
    toolkit::template::fill(model, assessment, &display, &bytes).map_err(problem)
}

fn problem(p: crate::base::diag::Problem) -> Error {
    Error::Answers(crate::base::diag::Problems { list: vec![p] })
}

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    if let Some(input) = crate::base::input::Inputs::of(&args.files).find(&args.output) {
        return Err(Error::Usage(format!(
            "-o {}: that is an answers file being read; write the export elsewhere",
            shown_path(input)
        )));
    }
    let to_stdout = args.output.as_os_str() == "-";
    super::output_folder(&args.output)?;
    if to_stdout && matches!(args.to, ExportTo::Toolkit | ExportTo::CisoAssistant) {
        return Err(Error::Usage(
            "-o -: a workbook is binary; give its file name, e.g. -o assessment.xlsx".to_string(),
        ));
    }
    if let Some(bytes) = model_export(model, args, ctx.today)? {
        return write_model(&args.output, &bytes);
    }
    if args.files.is_empty() {
        return Err(Error::Usage(
            "no FILE: export writes the assessment in the answers files given (a folder stands for its files)"
                .to_string(),
        ));
    }
    let assessment = ctx.answers(&args.files)?;
    let bytes = assessment_bytes(model, &assessment, args, ctx.today)?;
    if to_stdout {
        return csv_to_stdout(&bytes);
    }
    let out = &args.output;
    // A file an interview holds is never replaced under it (docs/security.md).
    let lock = crate::interview::session::hold_for_writing(out)?;
    write_atomic(out, &bytes).map_err(|e| Error::io(format!("cannot write {}", shown_path(out)), e))?;
    drop(lock);
    let mut outcome = Outcome::output(format!(
        "wrote {}: {} of {} questions answered\n",
        shown_path(out),
        assessment.answered(model),
        model.question_count()
    ));
    if args.to == ExportTo::Toolkit {
        outcome
            .stderr
            .extend(na_warning(&interchange::na_codes(model, &assessment)));
    }
    Ok(outcome)
}

/// CSV on standard output (docs/security.md, "CSV on standard output").
fn csv_to_stdout(bytes: &[u8]) -> Result<Outcome> {
    // CSV is UTF-8 text, so it can go to standard output as it is; when that is a
    // terminal a person reads it, and outside text is shown escaped (docs/security.md).
    let text = String::from_utf8_lossy(bytes).into_owned();
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Ok(Outcome::output(
            crate::base::sanitize::terminal_text(&text).into_owned(),
        ));
    }
    // To a pipe the CSV goes exactly as written, or not at all: a character a terminal
    // would act on (`| cat`), or a line a CI runner would take as a command, is refused
    // (docs/security.md, "CSV on standard output").
    if let Some(problem) = unsafe_on_a_stream(&text) {
        return Err(Error::Usage(format!(
            "-o -: {problem}, which aima does not write to standard output; write the CSV to a \
             file (-o FILE.csv), where it is kept exactly"
        )));
    }
    Ok(Outcome::output(text))
}

/// The warning of a toolkit export with n/a answers: the workbook counts them as 0.
fn na_warning(na: &[String]) -> Option<String> {
    if na.is_empty() {
        return None;
    }
    let shown: Vec<&str> = na.iter().take(5).map(String::as_str).collect();
    let more = if na.len() > 5 {
        format!(" and {} more", na.len() - 5)
    } else {
        String::new()
    };
    Some(format!(
        "warning: {} answer{} n/a ({}{more}): the toolkit has no n/a, and its own formula counts \
         {} as 0; the workbook's practice scores are lower than aima's (`aima import` restores the n/a \
         from the sheet `aima`)",
        na.len(),
        if na.len() == 1 { " is" } else { "s are" },
        shown.join(", "),
        if na.len() == 1 { "it" } else { "them" },
    ))
}

/// The bytes of an export of an assessment.
fn assessment_bytes(
    model: &Model,
    assessment: &crate::answers::Assessment,
    args: &ExportArgs,
    today: crate::answers::Date,
) -> Result<Vec<u8>> {
    let bytes = match (&args.template, args.to) {
        (Some(book), ExportTo::Toolkit) => filled(model, assessment, book, &args.output)?,
        (Some(_), _) => {
            return Err(Error::Usage(
                "--template goes with --to toolkit: it names your copy of the official workbook".to_string(),
            ));
        }
        (None, ExportTo::Toolkit) => {
            toolkit::write::workbook(model, assessment, today).map_err(Error::Output)?
        }
        (None, ExportTo::Csv) => interchange::csv::write(model, assessment).map_err(Error::Output)?,
        (None, ExportTo::Oscal) => {
            interchange::oscal::results_json(model, assessment, today).map_err(Error::Output)?
        }
        (None, ExportTo::CisoAssistant) if is_csv(&args.output) => {
            interchange::ciso::audit::csv(model, assessment).map_err(Error::Output)?
        }
        (None, ExportTo::CisoAssistant) => {
            interchange::ciso::audit::workbook(model, assessment, today).map_err(Error::Output)?
        }
        (None, ExportTo::OscalCatalog | ExportTo::CisoAssistantLibrary) => unreachable!("a model export"),
    };
    Ok(bytes)
}

/// The bytes of an export of the model itself (no answers), or `None` for an assessment.
fn model_export(model: &Model, args: &ExportArgs, today: crate::answers::Date) -> Result<Option<Vec<u8>>> {
    let bytes = match args.to {
        ExportTo::OscalCatalog => interchange::oscal::catalog_json(model, today),
        ExportTo::CisoAssistantLibrary => Ok(interchange::ciso::library::library(model).into_bytes()),
        _ => return Ok(None),
    };
    if let Some(file) = args.files.first() {
        let to = if args.to == ExportTo::OscalCatalog {
            "oscal-catalog"
        } else {
            "ciso-assistant-library"
        };
        return Err(Error::Usage(format!(
            "{}: --to {to} writes the model, not answers; give no FILE",
            shown_path(file)
        )));
    }
    bytes.map(Some).map_err(Error::Output)
}

fn is_csv(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn write_model(out: &std::path::Path, bytes: &[u8]) -> Result<Outcome> {
    if out.as_os_str() == "-" {
        // JSON and YAML aima writes escape every character a terminal would act on.
        return Ok(Outcome::output(crate::base::sanitize::json(
            String::from_utf8_lossy(bytes).into_owned(),
        )));
    }
    // A file an interview holds is never replaced under it (docs/security.md).
    let lock = crate::interview::session::hold_for_writing(out)?;
    write_atomic(out, bytes).map_err(|e| Error::io(format!("cannot write {}", shown_path(out)), e))?;
    drop(lock);
    Ok(Outcome::output(format!("wrote {}\n", shown_path(out))))
}

/// What in a CSV must not go raw to a stream: a control, bidirectional or invisible character
/// (other than the tab and the CSV's own line breaks), or a line that starts a workflow
/// command. Says what and on which line.
fn unsafe_on_a_stream(text: &str) -> Option<String> {
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let bad = line
            .chars()
            .find(|c| crate::base::sanitize::is_unsafe(*c) && *c != '\t' && *c != '\r');
        if let Some(c) = bad {
            return Some(format!(
                "line {} of the CSV holds the character U+{:04X} (a control, bidirectional or invisible character)",
                i + 1,
                u32::from(c)
            ));
        }
        if crate::base::sanitize::starts_workflow_command(line) {
            return Some(format!(
                "line {} of the CSV starts with `::` (a GitHub Actions workflow command)",
                i + 1
            ));
        }
    }
    None
}
