//! `aima attest FILE... --key NAME.pem -o OUT.dsse.json`: a signed DSSE envelope with an
//! in-toto Statement about the assessment (docs/attestation.md).

use super::Outcome;
use crate::answers;
use crate::attest::{self, Parts, keys};
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::AttestArgs;
use crate::context::Context;
use crate::render::{Format, ScoreView};
use crate::score::{self, Options};

pub fn run(ctx: &Context, args: &AttestArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    if files.iter().any(|f| f.as_os_str() == "-") {
        return Err(Error::Usage(
            "aima attest signs files: name them, not `-` (standard input)".to_string(),
        ));
    }
    let key_display = args.key.display().to_string();
    let key = keys::read_private(&args.key, &key_display).map_err(|e| Error::Usage(e.to_string()))?;
    not_over_an_input(args, &files)?;
    let (assessment, layers) = ctx.answers_and_layers(&files, None)?;
    let result = score::score(
        model,
        &assessment,
        Options {
            target: None,
            layers: &layers,
        },
    );
    let score_json = ctx.render(
        Format::Json,
        &ScoreView {
            model,
            assessment: &assessment,
            result: &result,
            config: None,
        },
    );
    let config = ctx.config_for(&files)?;
    let loaded = answers::load_files(model, &files).map_err(Error::Answers)?;
    let today = ctx.today;
    let (findings, _) = crate::evidence::gather::of_files(&loaded, config, today).map_err(Error::Answers)?;
    let names: Vec<String> = loaded.iter().map(|f| f.file.clone()).collect();
    let subjects = attest::subjects(&names, &findings)
        .map_err(|(file, e)| Error::io(format!("cannot read {}", terminal_line(&file)), e))?;
    let statement = attest::statement_of(Parts {
        model,
        assessment: &assessment,
        score: serde_json::from_str(&score_json).unwrap_or_default(),
        findings,
        subjects,
        today,
    });
    let envelope = attest::sign(&statement, &key);
    write(&args.output, &envelope)?;
    Ok(Outcome::output(format!(
        "wrote {}: {} subjects ({} answers file{}), signed with key id {}\n",
        terminal_line(&args.output.display().to_string()),
        statement.subject.len(),
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        envelope.signatures[0].keyid
    )))
}

/// OUT must not be one of the answers files or the key, and its folder must exist.
fn not_over_an_input(args: &AttestArgs, files: &[std::path::PathBuf]) -> Result<()> {
    super::output_folder(&args.output)?;
    let mut inputs = files.to_vec();
    inputs.push(args.key.clone());
    match crate::base::input::Inputs::of(&inputs).find(&args.output) {
        Some(input) => Err(Error::Usage(format!(
            "-o {}: that is {}, one of the inputs; write the envelope elsewhere",
            terminal_line(&args.output.display().to_string()),
            terminal_line(&input.display().to_string())
        ))),
        None => Ok(()),
    }
}

/// Writes the envelope as pretty JSON, atomically.
fn write(out: &std::path::Path, envelope: &attest::Envelope) -> Result<()> {
    let mut text = serde_json::to_string_pretty(envelope).unwrap_or_default();
    text.push('\n');
    crate::base::save::write_atomic(out, text.as_bytes()).map_err(|e| {
        Error::io(
            format!("cannot write {}", terminal_line(&out.display().to_string())),
            e,
        )
    })
}
