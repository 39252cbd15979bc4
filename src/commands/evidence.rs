//! `aima evidence FILE... [--check]` lists every evidence item with its state;
//! `aima evidence hash FILE...` records the digest (and today's date) of local files, saved
//! atomically with comments kept. See docs/evidence.md.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Outcome;
use crate::answers::edit::{edit_answers, read_bytes};
use crate::answers::write::{Kind, answers_file};
use crate::answers::{self, Answer, Date};
use crate::base::error::{Error, ExitStatus, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::{EvidenceAction, EvidenceArgs, ListFormat};
use crate::config::Config;
use crate::context::Context;
use crate::evidence::gather;
use crate::evidence::{Fact, Filled, Findings, Rules, fill};
use crate::model::Model;
use crate::render::Format;
use crate::render::evidence::{EvidenceView, csv};

pub fn run(ctx: &Context, args: &EvidenceArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    if let Some(EvidenceAction::Hash(hash)) = &args.action {
        return run_hash(ctx, &hash.files);
    }
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    let config = ctx.config_for(&files)?;
    let (findings, rules) = findings(model, config, &files, ctx.today)?;
    let view = EvidenceView {
        findings: &findings,
        config: config.map(|c| c.display.as_str()),
        today: ctx.today.to_string(),
        max_age_days: rules.max_age_days,
    };
    let mut outcome = Outcome::output(match args.format {
        ListFormat::Table => ctx.render(Format::Table, &view),
        ListFormat::Json => ctx.render(Format::Json, &view),
        ListFormat::Markdown => ctx.render(Format::Markdown, &view),
        ListFormat::Csv => csv(&view),
        ListFormat::Html | ListFormat::Xlsx => {
            return Err(Error::Usage(
                "aima evidence shows --format table, json, markdown or csv".to_string(),
            ));
        }
    });
    if args.check && !findings.passed() {
        outcome.code = ExitStatus::GateFailed;
    }
    Ok(outcome)
}

/// The evidence findings of answers files (folders and `-` included): read, checked to
/// agree as one assessment, then looked at.
fn findings(
    model: &Model,
    config: Option<&Config>,
    files: &[PathBuf],
    today: Date,
) -> Result<(Findings, Rules)> {
    let files = answers::load_files(model, files).map_err(Error::Answers)?;
    answers::merge(model, files.clone()).map_err(Error::Answers)?;
    gather::of_files(&files, config, today).map_err(Error::Answers)
}

/// One answers file to be rewritten with the digests filled in.
struct Hashed {
    path: PathBuf,
    display: String,
    text: String,
    counts: [usize; 3],
    missing: Vec<String>,
}

fn run_hash(ctx: &Context, paths: &[PathBuf]) -> Result<Outcome> {
    let model = ctx.model()?;
    let config = ctx.config_for(paths)?;
    let root = config.as_ref().map(|c| c.dir.as_path());
    let today = ctx.today;
    let mut outcome = Outcome::default();
    let mut done = Vec::new();
    for source in answers::expand(paths).map_err(Error::Answers)? {
        let Some(path) = source.path.clone() else {
            return Err(Error::Usage(
                "`aima evidence hash` writes the digests into the answers file: name a file, not `-`"
                    .to_string(),
            ));
        };
        let file = answers::load_one(model, &source).map_err(Error::Answers)?;
        let located = gather::locate(std::slice::from_ref(&file), root).map_err(Error::Answers)?;
        let facts = gather::facts(&located, true).map_err(|p| Error::Usage(p.to_string()))?;
        let text =
            crate::base::input::read_text(&path, &source.display).map_err(|p| Error::Usage(p.to_string()))?;
        let mut answers: BTreeMap<String, Answer> = read_bytes(model, &source.display, text.as_bytes())
            .map_err(Error::Answers)?
            .answers;
        let mut hashed = Hashed {
            path,
            display: source.display.clone(),
            text: String::new(),
            counts: [0; 3],
            missing: Vec::new(),
        };
        for (l, fact) in located.iter().zip(&facts) {
            let item = answers
                .get_mut(l.question)
                .and_then(|a| a.evidence.get_mut(l.index));
            match (fact, item) {
                (Fact::File { sha256: Some(sha) }, Some(item)) => {
                    let i = match fill(item, sha, today) {
                        Filled::Recorded => 0,
                        Filled::Renewed => 1,
                        Filled::Unchanged => 2,
                    };
                    hashed.counts[i] += 1;
                }
                (Fact::Missing | Fact::File { sha256: None }, _) => hashed
                    .missing
                    .push(format!("{} ({})", l.item.reference, l.question)),
                _ => {}
            }
        }
        hashed.text = rewritten(model, &text, &answers, &mut outcome, &source.display)?;
        done.push(hashed);
    }
    write_hashed(&done, &mut outcome)?;
    Ok(outcome)
}

/// The file's text with `answers`, edited in place (comments kept) when it can be.
fn rewritten(
    model: &Model,
    text: &str,
    answers: &BTreeMap<String, Answer>,
    outcome: &mut Outcome,
    display: &str,
) -> Result<String> {
    if let Some(edited) = edit_answers(model, text, answers) {
        return Ok(edited);
    }
    let mut assessment = read_bytes(model, display, text.as_bytes()).map_err(Error::Answers)?;
    assessment.answers = answers.clone();
    if text.contains('#') {
        outcome.stderr.push(format!(
            "note: {display} could not be edited in place: it was written whole, and its comments were not kept"
        ));
    }
    Ok(answers_file(model, &assessment, Kind::Assessment, &|d| {
        answers.keys().any(|c| c.starts_with(&format!("{}-", d.id)))
    }))
}

/// Writes every changed file as one (all or none) and says what was done.
fn write_hashed(done: &[Hashed], outcome: &mut Outcome) -> Result<()> {
    let mut files: Vec<(&std::path::Path, &[u8])> = Vec::new();
    for h in done {
        let unchanged = std::fs::read(&h.path).is_ok_and(|old| old == h.text.as_bytes());
        if !unchanged {
            files.push((h.path.as_path(), h.text.as_bytes()));
        }
        let [recorded, renewed, same] = h.counts;
        outcome.stdout.push_str(&format!(
            "{}: {recorded} digest{} recorded, {renewed} renewed, {same} unchanged{}\n",
            terminal_line(&h.display),
            if recorded == 1 { "" } else { "s" },
            if unchanged { " (file not rewritten)" } else { "" }
        ));
        for m in &h.missing {
            outcome
                .stderr
                .push(format!("warning: {}: no file to hash for {m}", h.display));
        }
    }
    crate::base::save::write_all(&files).map_err(|e| Error::Output(e.to_string()))
}
