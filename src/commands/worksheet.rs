//! `aima worksheet [--domain X,Y] [--format yaml|html] [-o OUT]`: a blank answers file, or
//! the questionnaire for the browser (docs/form.md).

use super::{Outcome, output_folder};
use crate::answers::write::{Kind, answers_file};
use crate::answers::{Assessment, parse};
use crate::base::diag::Problems;
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::{WorksheetArgs, WorksheetFormat};
use crate::context::Context;
use crate::model::{Domain, Model};
use crate::render::Render as _;
use crate::render::form::{Features, Form, FormView, form_id};

pub fn run(ctx: &Context, args: &WorksheetArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let domains = domains(model, &args.domain)?;
    let features = features(model);
    check_options(args, &features)?;
    let prefill = prefill(ctx, args)?;
    let text = match args.format {
        WorksheetFormat::Yaml => answers_file(model, &prefill, Kind::Worksheet, &|d| {
            domains.iter().any(|c| c.id == d.id)
        }),
        WorksheetFormat::Html => {
            let salt = format!("{}|{:?}|{:?}", model.key(), args.system, args.domain);
            let id = form_id(&salt);
            Form.render(&FormView {
                model,
                domains,
                prefill: &prefill,
                round: args.round.as_deref(),
                form_id: &id,
                features,
            })
        }
    };
    let Some(path) = &args.output else {
        return Ok(Outcome::output(text));
    };
    output_folder(path)?;
    crate::base::save::write_atomic(path, text.as_bytes()).map_err(|e| {
        Error::io(
            format!("cannot write {}", terminal_line(&path.display().to_string())),
            e,
        )
    })?;
    Ok(Outcome::output(format!(
        "wrote {} ({} KB)\n",
        terminal_line(&path.display().to_string()),
        text.len().div_ceil(1024)
    )))
}

/// `--round` needs a model whose answers files have rounds; `--system` a valid id.
fn check_options(args: &WorksheetArgs, features: &Features) -> Result<()> {
    if args.round.is_some() && !features.round {
        return Err(Error::Usage(
            "--round: the answers files of this aima have no `assessment.round` yet".to_string(),
        ));
    }
    for (name, id) in [("system", &args.system), ("round", &args.round)] {
        if let Some(id) = id.as_deref().filter(|id| !parse::is_system_id(id)) {
            return Err(Error::Usage(format!(
                "--{name} {}: use letters, digits, `-`, `_` and `.` only",
                terminal_line(id)
            )));
        }
    }
    Ok(())
}

/// What the worksheet starts from: a blank assessment, or with `--from OLD` a
/// re-assessment (docs/form.md): the old answers and metadata, but a new date and assessor,
/// as `aima assess --from` asks for them; `--system`, `--team`, `--round` and `--date` set.
fn prefill(ctx: &Context, args: &WorksheetArgs) -> Result<Assessment> {
    let mut prefill = match &args.from {
        Some(old) => {
            let mut previous = ctx.answers(std::slice::from_ref(old))?;
            let mut next = previous.metadata.next_round();
            // Asked of whoever fills the form, as `assess --from` asks them.
            (next.date, next.assessor) = (None, None);
            previous.metadata = next;
            previous
        }
        None => Assessment::new(ctx.model()?),
    };
    let m = &mut prefill.metadata;
    for (slot, given) in [
        (&mut m.system, &args.system),
        (&mut m.team, &args.team),
        (&mut m.round, &args.round),
    ] {
        if given.is_some() {
            slot.clone_from(given);
        }
    }
    if args.date.is_some() {
        m.date = args.date;
    }
    Ok(prefill)
}

/// The domains of `--domain` in model order (all without it). Codes are in capitals;
/// `--domain gv` is taken as `GV`.
fn domains<'m>(model: &'m Model, codes: &[String]) -> Result<Vec<&'m Domain>> {
    for code in codes {
        if model.domain(&code.to_uppercase()).is_none() {
            return Err(Error::Usage(unknown_domain(model, code)));
        }
    }
    Ok(model
        .domains
        .iter()
        .filter(|d| codes.is_empty() || codes.iter().any(|c| c.to_uppercase() == d.id))
        .collect())
}

/// The blank worksheet for one domain, or for the whole model.
pub fn worksheet(model: &Model, domain: Option<&str>) -> String {
    let blank = Assessment::new(model);
    answers_file(model, &blank, Kind::Worksheet, &|d| {
        domain.is_none_or(|code| d.id == code)
    })
}

/// The message for a domain code the model does not have.
pub fn unknown_domain(model: &Model, code: &str) -> String {
    model.unknown_domain(code)
}

/// What this aima's answers files accept, found by asking its own parser, so the form
/// never writes a key that `aima validate` would refuse.
pub fn features(model: &Model) -> Features {
    let Some(first) = model.questions().next() else {
        return Features {
            round: false,
            evidence_long: false,
        };
    };
    let accepts = |body: &str| {
        let text = format!("aima: 1\nmodel: \"{}\"\n{body}", model.key());
        crate::base::yaml::parse(&text).is_ok_and(|node| {
            let mut problems = Problems::new();
            parse::parse(model, "probe", &node, &mut problems).is_some() && problems.is_empty()
        })
    };
    Features {
        round: accepts("assessment:\n  round: \"r1\"\n"),
        evidence_long: accepts(&format!(
            "answers:\n  {}:\n    answer: yes\n    evidence:\n      - ref: \"a\"\n        date: \"2026-01-01\"\n",
            first.question.id
        )),
    }
}
