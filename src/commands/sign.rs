//! `aima sign FILE... --by NAME --role ROLE [--date D] [--note TEXT] [--final]`: a sign-off
//! added to each file in place (docs/record.md). Every file is edited and read back before
//! any is written; then all are written atomically, or none.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::answers::sign::{Signing, sign};
use crate::answers::{Date, SignOff};
use crate::base::diag::{Pos, Problem, Problems};
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::SignArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: &SignArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let date = match &args.date {
        None => ctx.today,
        Some(text) => Date::parse(text)
            .ok_or_else(|| Error::Usage(format!("--date {}: not a date YYYY-MM-DD", terminal_line(text))))?,
    };
    if args.by.trim().is_empty() || args.role.trim().is_empty() {
        return Err(Error::Usage(
            "--by and --role need text (who signs off, and as what)".to_string(),
        ));
    }
    let sign_off = SignOff {
        by: args.by.clone(),
        role: args.role.clone(),
        date,
        note: args.note.clone(),
    };
    let signing = Signing {
        sign_off: &sign_off,
        make_final: args.make_final,
    };
    let mut edited: Vec<(PathBuf, String)> = Vec::new();
    let mut problems = Problems::new();
    for file in &args.files {
        match sign_one(model, file, &signing) {
            Ok(text) => edited.push((file.clone(), text)),
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Answers(problems));
    }
    let writes: Vec<(&Path, &[u8])> = edited.iter().map(|(p, t)| (p.as_path(), t.as_bytes())).collect();
    crate::base::save::write_all(&writes)
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    let names: Vec<String> = args
        .files
        .iter()
        .map(|f| terminal_line(&f.display().to_string()).into_owned())
        .collect();
    Ok(Outcome::output(format!(
        "signed {} by {} ({}, {date}){}\n",
        names.join(", "),
        terminal_line(&args.by),
        terminal_line(&args.role),
        if args.make_final { "; status: final" } else { "" }
    )))
}

/// The text of `file` signed, read back as an answers file; or its problems, located.
fn sign_one(model: &crate::model::Model, file: &Path, signing: &Signing) -> Result<String, Problems> {
    let display = file.display().to_string();
    let one = |pos: Pos, message: String| Problems {
        list: vec![Problem::new(&display, pos, message)],
    };
    if file.as_os_str() == "-" {
        return Err(one(
            Pos::FILE,
            "aima sign edits files in place: name the file, not `-`".to_string(),
        ));
    }
    // Read and checked as it is first: a broken file is reported as itself.
    crate::answers::load(model, &[file.to_path_buf()])?;
    let text = crate::base::input::read_text(file, &display).map_err(|p| Problems { list: vec![p] })?;
    let signed = sign(&text, signing).map_err(|m| one(Pos::FILE, format!("cannot sign in place: {m}")))?;
    crate::answers::load_bytes(model, &[(display.clone(), signed.as_bytes())])?;
    Ok(signed)
}
