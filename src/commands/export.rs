//! `aima export FILE... --to toolkit|csv -o OUT`: answers → an AIMA Toolkit v1.0.1 workbook
//! or aima's CSV, written atomically (docs/interchange.md).

use super::import::shown_path;
use super::{Outcome, load_answers};
use crate::cli::{ExportArgs, ExportTo};
use crate::error::{Error, Result};
use crate::interchange::{self, toolkit};
use crate::model::Model;
use crate::save::write_atomic;

pub fn run(model: &Model, args: &ExportArgs) -> Result<Outcome> {
    if let Some(input) = crate::input::Inputs::of(&args.files).find(&args.output) {
        return Err(Error::Usage(format!(
            "-o {}: that is an answers file being read; write the export elsewhere",
            shown_path(input)
        )));
    }
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && args.to == ExportTo::Toolkit {
        return Err(Error::Usage(
            "-o -: a workbook is binary; give its file name, e.g. -o assessment.xlsx".to_string(),
        ));
    }
    let assessment = load_answers(model, &args.files)?;
    let bytes = match args.to {
        ExportTo::Toolkit => toolkit::write::workbook(model, &assessment),
        ExportTo::Csv => interchange::csv::write(model, &assessment),
    }
    .map_err(Error::Output)?;
    if to_stdout {
        // CSV is UTF-8 text, so it can go to standard output as it is; when that is a
        // terminal a person reads it, and outside text is shown escaped (docs/security.md).
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Ok(Outcome::output(
                crate::sanitize::terminal_text(&text).into_owned(),
            ));
        }
        return Ok(Outcome::output(text));
    }
    let out = &args.output;
    write_atomic(out, &bytes).map_err(|e| Error::Output(format!("cannot write {}: {e}", shown_path(out))))?;
    let mut outcome = Outcome::output(format!(
        "wrote {}: {} of {} questions answered\n",
        shown_path(out),
        assessment.answered(model),
        model.question_count()
    ));
    let na = interchange::na_codes(model, &assessment);
    if args.to == ExportTo::Toolkit && !na.is_empty() {
        let shown: Vec<&str> = na.iter().take(5).map(String::as_str).collect();
        let more = if na.len() > 5 {
            format!(" and {} more", na.len() - 5)
        } else {
            String::new()
        };
        outcome.stderr.push(format!(
            "warning: {} answer{} n/a ({}{more}): the toolkit has no n/a, and its own formula counts \
             {} as 0; the workbook's practice scores are lower than aima's (`aima import` restores the n/a \
             from the sheet `aima`)",
            na.len(),
            if na.len() == 1 { " is" } else { "s are" },
            shown.join(", "),
            if na.len() == 1 { "it" } else { "them" },
        ));
    }
    Ok(outcome)
}
