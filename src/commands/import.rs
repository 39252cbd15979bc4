//! `aima import FILE [-o OUT]`: an AIMA Toolkit workbook (.xlsx) or an aima CSV file → an
//! answers file, on standard output or written atomically to OUT (docs/interchange.md).

use super::Outcome;
use crate::answers::parse;
use crate::base::diag::Problems;
use crate::base::error::{Error, Result};
use crate::base::sanitize::{shown_path, terminal_line};
use crate::base::save::write_atomic;
use crate::cli::ImportArgs;
use crate::context::Context;
use crate::interchange::{self, answers_text};
use crate::model::Model;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    // The file name as messages and the comment show it: nothing in it reaches a terminal raw.
    let display = terminal_line(&args.file.display().to_string()).into_owned();
    if let Some(out) = &args.output
        && crate::base::input::Inputs::of(std::slice::from_ref(&args.file))
            .find(out)
            .is_some()
    {
        return Err(Error::Usage(format!(
            "-o {}: that is the file being imported; write the answers file elsewhere",
            terminal_line(&out.display().to_string())
        )));
    }
    let ids = record_ids(args)?;
    let mut imported = interchange::import(model, &args.file, &display)
        .map_err(|p| Error::Answers(Problems { list: vec![p] }))?;
    let mut replaced = set_record_ids(&mut imported.assessment.metadata, ids);
    if let Some(date) = args.date {
        let meta = &mut imported.assessment.metadata;
        if let Some(old) = meta.date.filter(|d| *d != date) {
            replaced.push(format!("note: --date {date} replaces the imported date {old}"));
        }
        meta.date = Some(date);
    }
    let text = answers_text(model, &imported, &display);
    check_valid(model, &text, &display)?;
    let mut outcome = match &args.output {
        None => Outcome::output(text),
        Some(out) => {
            // A file an interview holds is never replaced under it (docs/security.md).
            let lock = crate::interview::session::hold_for_writing(out)?;
            write_atomic(out, text.as_bytes())
                .map_err(|e| Error::io(format!("cannot write {}", shown_path(out)), e))?;
            drop(lock);
            let answered = imported.assessment.answered(model);
            Outcome::output(format!(
                "wrote {} from {display}: {answered} of {} questions answered\n",
                shown_path(out),
                model.question_count()
            ))
        }
    };
    outcome.stderr = vec![format!("note: {display}: read as {}", imported.origin)];
    outcome.stderr.extend(imported.warnings);
    outcome.stderr.extend(replaced);
    Ok(outcome)
}

/// `--system` and `--round`, checked (ids of letters, digits, `-`, `_` and `.`).
fn record_ids(args: &ImportArgs) -> Result<[(&'static str, Option<&str>); 2]> {
    let ids = [
        ("system", args.system.as_deref()),
        ("round", args.round.as_deref()),
    ];
    for (name, id) in ids {
        if let Some(id) = id.filter(|id| !crate::answers::parse::is_system_id(id)) {
            return Err(Error::Usage(format!(
                "--{name} {}: an id is letters, digits, `-`, `_` and `.` (e.g. 2026-H2)",
                terminal_line(id)
            )));
        }
    }
    Ok(ids)
}

/// Writes `--system` and `--round` into the imported metadata; a note for each value of
/// FILE it replaced.
fn set_record_ids(meta: &mut crate::answers::Metadata, ids: [(&str, Option<&str>); 2]) -> Vec<String> {
    let mut notes = Vec::new();
    for (name, id) in ids {
        let Some(id) = id else { continue };
        let slot = if name == "system" {
            &mut meta.system
        } else {
            &mut meta.round
        };
        if let Some(old) = slot.as_deref().filter(|old| *old != id) {
            notes.push(format!(
                "note: --{name} {id} replaces the imported {name} `{}`",
                terminal_line(old)
            ));
        }
        *slot = Some(id.to_string());
    }
    notes
}

/// The file written must read back as a valid answers file; anything else is a bug of the
/// importer, reported against the file imported (never a generated name and line).
fn check_valid(model: &Model, text: &str, display: &str) -> Result<()> {
    let mut problems = Problems::new();
    let parsed = crate::base::input::parse_yaml(text, display)
        .map(|node| parse::parse(model, display, &node, &mut problems));
    let first = match parsed {
        Ok(Some(_)) if problems.is_empty() => return Ok(()),
        Ok(_) => problems.list.into_iter().next().map(|p| p.message),
        Err(p) => Some(p.message),
    };
    let message = format!(
        "what was read from it does not make a valid answers file ({}); a bug in aima's import, \
         please report it",
        first.unwrap_or_default()
    );
    Err(Error::Answers(Problems {
        list: vec![crate::base::diag::Problem::new(
            display,
            crate::base::diag::Pos::FILE,
            message,
        )],
    }))
}
