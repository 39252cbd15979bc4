//! The command line (clap types only; no behaviour).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "aima",
    version,
    about = "OWASP AI Maturity Assessment (AIMA v1.0): interview, score, report, diff and CI gate",
    long_about = "OWASP AI Maturity Assessment (AIMA v1.0) in the terminal.\n\n\
        Run the 144-question interview (`aima assess`) or fill YAML worksheets (`aima worksheet`), \
        then score every practice by both AIMA rules (`aima score`), write the report (`aima report`), \
        gate CI on targets (`aima check`) and compare two assessments (`aima diff`).",
    after_help = "Exit codes: 0 success, 1 a gate failed (check below target, diff --fail-on-regression), \
        2 bad input or usage, 130 interrupted."
)]
pub struct Cli {
    /// Load the model from DIR (model.yaml plus one YAML file per domain) instead of the
    /// embedded OWASP AIMA v1.0.
    #[arg(long, global = true, value_name = "DIR")]
    pub model: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the interactive interview, saving after every answer
    Assess(AssessArgs),
    /// Maturity per stream, practice, domain and overall
    Score(ScoreArgs),
    /// Write the Markdown report (and, with -o, a radar chart beside it)
    Report(ReportArgs),
    /// Show what changed between two assessments
    Diff(DiffArgs),
    /// CI gate: exit 1 when any applicable practice is below its target
    Check(CheckArgs),
    /// Check answers files (each on its own), or with --model and no file, the model
    Validate(ValidateArgs),
    /// Browse the model: all domains, or one domain, practice, stream or question
    Model(ModelArgs),
    /// Print a blank answers file to fill in by hand
    Worksheet(WorksheetArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// A table for the terminal
    #[default]
    Table,
    /// JSON with the contract's keys
    Json,
    /// GitHub-flavoured Markdown
    Markdown,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The answers file to write (resumed when it exists)
    #[arg(default_value = "assessment.yaml")]
    pub file: PathBuf,
    /// Limit the interview to these domains (comma-separated codes, e.g. RA,GV)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub domain: Vec<String>,
    /// Walk answered questions too, with the current answer as the default
    #[arg(long)]
    pub review: bool,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answers files (merged; one per team is fine)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
    /// Target level 0..3 where the files set none for a practice or its domain
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
    pub target: Option<u8>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Answers files (merged)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the report to OUT.md and the radar chart to OUT.svg beside it
    #[arg(long, short, value_name = "OUT.md")]
    pub output: Option<PathBuf>,
    /// Target level 0..3 where the files set none for a practice or its domain
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
    pub target: Option<u8>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier assessment
    pub old: PathBuf,
    /// The later assessment
    pub new: PathBuf,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
    /// Exit 1 when any practice regressed
    #[arg(long)]
    pub fail_on_regression: bool,
    /// Load the old assessment's model from DIR (default: the same model as NEW)
    #[arg(long, value_name = "DIR")]
    pub old_model: Option<PathBuf>,
    /// Target level 0..3 where the files set none for a practice or its domain
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
    pub target: Option<u8>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Answers files (merged)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Target level 0..3 where the files set none for a practice or its domain
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
    pub target: Option<u8>,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Answers files, each checked on its own
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// A domain (GV), practice (GV-PC), stream (GV-PC-A) or question (GV-PC-A-1) code
    pub code: Option<String>,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct WorksheetArgs {
    /// Only this domain (e.g. GV)
    #[arg(long, value_name = "CODE")]
    pub domain: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
