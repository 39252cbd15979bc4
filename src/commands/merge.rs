//! `aima merge FILE... -o OUT`: writes the merged assessment of several team files (or
//! folders of them) as one answers file. Answers with their notes, evidence and reasons,
//! the metadata (teams and assessors joined) and the targets are kept, so OUT validates and
//! scores exactly as the inputs do together. OUT is written atomically, and nothing is
//! written when an input has a problem.

use std::fmt::Write as _;
use std::path::Path;

use super::{Outcome, output_folder};
use crate::answers::Assessment;
use crate::answers::write::{Kind, answers_file};
use crate::base::error::{Error, Result};
use crate::base::sanitize::yaml_comment;
use crate::base::save::write_atomic;
use crate::cli::MergeArgs;
use crate::context::Context;
use crate::model::Model;

pub fn run(ctx: &Context, args: &MergeArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let to_stdout = args.output.as_os_str() == "-";
    if !to_stdout {
        output_folder(&args.output)?;
        refuse_overwriting_an_input(&args.output, &args.files)?;
    }
    let assessment = ctx.answers(&args.files)?;
    let text = merged_file(model, &assessment);
    if to_stdout {
        return Ok(Outcome::output(text));
    }
    // A file an interview holds is never replaced under it (docs/security.md).
    let lock = crate::interview::session::hold_for_writing(&args.output)?;
    write_atomic(&args.output, text.as_bytes())
        .map_err(|e| Error::io(format!("cannot write {}", args.output.display()), e))?;
    drop(lock);
    let answered = assessment.answered(model);
    Ok(Outcome::output(format!(
        "wrote {}: {} file{} merged, {answered} of {} questions answered\n",
        crate::base::sanitize::terminal_line(&args.output.display().to_string()),
        assessment.sources.len(),
        if assessment.sources.len() == 1 { "" } else { "s" },
        model.question_count()
    )))
}

/// The answers file of the merged assessment, with a comment naming the files merged.
pub fn merged_file(model: &Model, assessment: &Assessment) -> String {
    let mut out = String::from("# Merged by `aima merge` from:\n");
    for (source, team) in assessment.sources.iter().zip(&assessment.provenance.teams) {
        let team = team
            .as_ref()
            .map_or_else(String::new, |t| format!(" (team {})", yaml_comment(t)));
        let _ = writeln!(out, "#   {}{team}", yaml_comment(source));
    }
    out.push_str(&answers_file(model, assessment, Kind::Assessment, &|_| true));
    out
}

/// OUT must not be one of the files read (a merge into its own input loses the others'
/// answers on the next run, and would overwrite the file before all were read).
fn refuse_overwriting_an_input(output: &Path, inputs: &[std::path::PathBuf]) -> Result<()> {
    match crate::base::input::Inputs::of(inputs).find(output) {
        Some(_) => Err(Error::Usage(format!(
            "-o {}: that is one of the files being merged; write the merged file elsewhere",
            crate::base::sanitize::terminal_line(&output.display().to_string())
        ))),
        None => Ok(()),
    }
}
