//! The command line (clap types only; no behaviour).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "aima",
    version,
    about = "OWASP AI Maturity Assessment (AIMA v1.0): interview, score, report, CI gate, portfolio and crosswalk",
    long_about = "OWASP AI Maturity Assessment (AIMA v1.0) in the terminal.\n\n\
        Run the 144-question interview (`aima assess`) or fill YAML worksheets (`aima worksheet`), \
        then score every practice by both AIMA rules (`aima score`), write the report (`aima report`), \
        gate CI on targets (`aima check`) and compare two assessments (`aima diff`). Bring the official \
        toolkit workbook in and out (`aima import`, `aima export`), follow every AI system \
        (`aima portfolio`, `aima trend`), see what AIMA evidences of the EU AI Act, ISO/IEC 42001, \
        NIST AI RMF and SAMM (`aima crosswalk`), and start from targets for your kind of system \
        (`aima profiles`).",
    after_help = "Exit codes: 0 success, 1 a gate failed (check or portfolio --check below target or stale, \
        diff --fail-on-regression), 2 bad input or usage, 130 interrupted."
)]
pub struct Cli {
    /// Load the model from DIR (model.yaml plus one YAML file per domain) instead of the
    /// embedded OWASP AIMA v1.0.
    #[arg(long, global = true, value_name = "DIR")]
    pub model: Option<PathBuf>,

    /// Read the project file aima.toml from FILE (default: the aima.toml of the answers files' folder or a parent, up to the repository root)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Add or replace crosswalks with the framework files in DIR
    #[arg(long, global = true, value_name = "DIR")]
    pub crosswalks: Option<PathBuf>,

    /// Add or replace use-case profiles with the profile files in DIR
    #[arg(long, global = true, value_name = "DIR")]
    pub profiles: Option<PathBuf>,

    /// Lay tables out for this many columns (default: the terminal's width; unlimited when not a terminal)
    #[arg(long, global = true, value_name = "COLUMNS")]
    pub width: Option<u16>,

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
    /// Write the merged assessment of several team files as one answers file
    Merge(MergeArgs),
    /// Read an official AIMA Toolkit workbook (.xlsx) or an aima CSV into an answers file
    Import(ImportArgs),
    /// Write answers as an official AIMA Toolkit workbook or as CSV
    Export(ExportArgs),
    /// The latest assessment of every AI system, side by side
    Portfolio(PortfolioArgs),
    /// The assessments of one AI system over time
    Trend(TrendArgs),
    /// The crosswalk to the EU AI Act, ISO/IEC 42001, NIST AI RMF and SAMM, and coverage
    Crosswalk(CrosswalkArgs),
    /// The use-case profiles and their targets
    Profiles(ProfilesArgs),
    /// Print a JSON Schema: the answers file, or a command's JSON output
    Schema(SchemaArgs),
    /// Policy as code: print the input that Rego policies read (`aima policy input FILE...`)
    Policy(PolicyArgs),
    /// Evidence items and their states (ok, expired, stale, undated, missing, changed, link); `hash` records digests
    Evidence(EvidenceArgs),
    /// Write an Ed25519 key pair: NAME.pem (private, mode 0600) and NAME.pub.pem
    Keygen(KeygenArgs),
    /// Sign the assessment as a DSSE envelope with an in-toto Statement (OUT.dsse.json)
    Attest(AttestArgs),
    /// Check an attestation's signature (and, with FILEs, their digests): exit 0 valid, 1 invalid
    Verify(VerifyArgs),
    /// Write a starting layout: aima.toml, assessments/, .gitignore, CI workflows, CODEOWNERS
    Init(InitArgs),
    /// Add a sign-off to answers files in place, comments kept (`--final` also sets `status: final`)
    Sign(SignArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write the layout into (default: the current folder); no file is overwritten
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The answers files to sign (each edited in place)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Who signs off
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// assessor, reviewer, approver, or other text
    #[arg(long, value_name = "ROLE")]
    pub role: String,
    /// The sign-off's date, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A note kept with the sign-off
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Also set `status: final` (needs an approver sign-off dated on or after the assessment)
    #[arg(long = "final")]
    pub make_final: bool,
}

/// Output formats: the type lives with the renderers; clap's view of it lives here.
pub use crate::render::{Document, Format};

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::Table, Format::Json, Format::Markdown]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        Some(match self {
            Format::Table => PossibleValue::new("table").help("A table for the terminal"),
            Format::Json => PossibleValue::new("json").help("JSON (its schema: `aima schema COMMAND`)"),
            Format::Markdown => PossibleValue::new("markdown").help("GitHub-flavoured Markdown"),
        })
    }
}

impl ValueEnum for Document {
    fn value_variants<'a>() -> &'a [Self] {
        &[Document::Markdown, Document::Html]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        Some(match self {
            Document::Markdown => PossibleValue::new("markdown").help("GitHub-flavoured Markdown"),
            Document::Html => {
                PossibleValue::new("html").help("One self-contained HTML page (print it to PDF)")
            }
        })
    }
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
    /// Start a re-assessment from OLD: its metadata, and its answers as the defaults
    #[arg(long, value_name = "OLD")]
    pub from: Option<PathBuf>,
    /// Write the targets of this use-case profile (see `aima profiles`) into a new file
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// The round of a new file (`assessment.round`, e.g. 2026-H2; docs/record.md)
    #[arg(long, value_name = "ID")]
    pub round: Option<String>,
    /// Reopen a `final` file: set it back to `draft`, its sign-offs kept under `superseded`
    #[arg(long)]
    pub reopen: bool,
}

/// `--system ID [--round ID]`: the files of one assessment, found under aima.toml's
/// `portfolio.paths` (or the PATHs given) instead of named.
#[derive(Debug, Clone, Default, Args)]
pub struct Select {
    /// Read the files of this system, found under aima.toml's `portfolio.paths` (or the PATHs given)
    #[arg(long, value_name = "ID")]
    pub system: Option<String>,
    /// With --system: the round (`assessment.round`, else the date); default: the latest
    #[arg(long, value_name = "ID", requires = "system")]
    pub round: Option<String>,
}

/// Where the targets below the answers files' own come from (docs/targets.md): shared by
/// score, report, check and `policy input`.
#[derive(Debug, Clone, Default, Args)]
pub struct TargetArgs {
    /// Target level 0..3 where the files set none for a practice or its domain
    #[arg(long, value_name = "N", value_parser = target_level)]
    pub target: Option<u8>,
    /// Use the targets of this use-case profile (see `aima profiles`) below the files' own
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answers files or folders of them, merged (one per team is fine; `-` reads standard input)
    #[arg(required_unless_present = "system", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub targets: TargetArgs,
    #[command(flatten)]
    pub select: Select,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Answers files or folders of them, merged (`-` reads standard input)
    #[arg(required_unless_present = "system", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the report to OUT.md (the radar chart to OUT.svg beside it) or to OUT.html
    #[arg(long, short, value_name = "OUT.md|OUT.html")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Add a crosswalk section (report) or gate only this framework's primary practices (check)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub framework: Vec<String>,
    /// markdown (default) or html; with -o, the file's extension chooses when this is not given
    #[arg(long, short, value_enum)]
    pub format: Option<Document>,
    /// The previous round's answers files or folder: the HTML page shows the change since it
    #[arg(long, value_name = "FILE")]
    pub previous: Vec<PathBuf>,
    /// The crosswalk sections show the dates in force on DATE, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE", value_parser = as_of_date)]
    pub as_of: Option<crate::answers::Date>,
    #[command(flatten)]
    pub select: Select,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Each side is one assessment: an answers file, a folder of team files (its *.yaml and \
    *.yml files, merged), or `-` for standard input. To give a side several files, add them with \
    --old FILE / --new FILE (repeatable). Examples:\n  \
    aima diff assessments/2026-05 assessments/2026-11\n  \
    aima diff old/gv.yaml new/gv.yaml --old old/dm.yaml --new new/dm.yaml\n  \
    aima diff --baseline HEAD~1 assessments/bot/gv.yaml assessments/bot/dm.yaml"
)]
pub struct DiffArgs {
    /// The earlier assessment: an answers file or a folder of team files (with --baseline:
    /// the files of the assessment, compared with themselves at REV)
    #[arg(required_unless_present_any = ["system", "baseline"])]
    pub old: Option<PathBuf>,
    /// The later assessment: an answers file or a folder of team files
    #[arg(required_unless_present_any = ["system", "baseline"])]
    pub new: Option<PathBuf>,
    /// Compare the files (FILE..., or those of --system) as they were at git revision REV
    /// with the files now
    #[arg(long, value_name = "REV", conflicts_with_all = ["round", "old_more", "old_model"])]
    pub baseline: Option<String>,
    /// Compare two rounds of this system, found under aima.toml's `portfolio.paths`
    #[arg(long, value_name = "ID", conflicts_with_all = ["old", "new", "old_more", "new_more"])]
    pub system: Option<String>,
    /// With --system: the rounds to compare, OLD..NEW (default: the previous round and the latest)
    #[arg(long, value_name = "OLD..NEW", requires = "system")]
    pub round: Option<String>,
    /// Another file or folder of the earlier assessment, merged with OLD (repeatable)
    #[arg(long = "old", value_name = "FILE", id = "old_more")]
    pub old_more: Vec<PathBuf>,
    /// Another file or folder of the later assessment, merged with NEW (repeatable)
    #[arg(long = "new", value_name = "FILE", id = "new_more")]
    pub new_more: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
    /// Exit 1 when any practice regressed
    #[arg(long)]
    pub fail_on_regression: bool,
    /// Load the old assessment's model from DIR (default: the same model as NEW)
    #[arg(long, value_name = "DIR")]
    pub old_model: Option<PathBuf>,
    /// Target level 0..3 where the files set none for a practice or its domain
    #[arg(long, value_name = "N", value_parser = target_level)]
    pub target: Option<u8>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Answers files or folders of them, merged (`-` reads standard input)
    #[arg(required_unless_present_any = ["system", "all"], value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// table, json, markdown, or junit (JUnit XML: a testsuite per assessment)
    #[arg(long, short, value_enum, default_value_t)]
    pub format: CheckFormat,
    /// Add a crosswalk section (report) or gate only this framework's primary practices (check)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub framework: Vec<String>,
    /// Run the Rego policies of this file or folder (besides `[policy] paths` of aima.toml)
    #[arg(long, value_name = "PATH")]
    pub policy: Vec<PathBuf>,
    /// Gate the evidence too: fail on items expired, missing or changed (see `aima evidence --check`)
    #[arg(long)]
    pub evidence: bool,
    #[command(flatten)]
    pub select: Select,
    /// Gate the latest round of every system under aima.toml's `portfolio.paths` (or the PATHs given)
    #[arg(long, conflicts_with = "system")]
    pub all: bool,
    /// Fail only where a practice below target regressed since git revision REV (old gaps pass)
    #[arg(long, value_name = "REV")]
    pub baseline: Option<String>,
    /// With --baseline: fail too on a practice below target that was not below target at REV
    #[arg(long, requires = "baseline")]
    pub no_new_gaps: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Answers files or folders: each checked on its own, then combined as `score` merges them
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check each file on its own only, without combining them (files of different assessments)
    #[arg(long)]
    pub separate: bool,
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
    /// Only these domains (comma-separated codes, e.g. GV or RA,GV)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub domain: Vec<String>,
    /// `yaml`: an answers file to fill in by hand; `html`: a questionnaire for the browser (docs/form.md)
    #[arg(long, short, value_enum, default_value_t)]
    pub format: WorksheetFormat,
    /// Write to OUT instead of standard output
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Prefill the metadata and answers of a previous assessment
    #[arg(long, value_name = "OLD.yaml")]
    pub from: Option<PathBuf>,
    /// The AI system assessed (`assessment.system`)
    #[arg(long, value_name = "ID")]
    pub system: Option<String>,
    /// The assessment round (`assessment.round`)
    #[arg(long, value_name = "ID")]
    pub round: Option<String>,
    /// The team that fills it (`assessment.team`)
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// The assessment date (`assessment.date`, YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_arg)]
    pub date: Option<crate::answers::Date>,
}

/// A YYYY-MM-DD date on the command line.
fn date_arg(text: &str) -> Result<crate::answers::Date, String> {
    crate::answers::Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: use YYYY-MM-DD"))
}

/// What `aima worksheet` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum WorksheetFormat {
    /// A blank answers file with the questions as comments
    #[default]
    Yaml,
    /// One self-contained HTML questionnaire that works offline (docs/form.md)
    Html,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Answers files or folders to merge (one per team is fine)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The merged answers file to write (`-`: standard output)
    #[arg(long, short, required = true, value_name = "OUT")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An AIMA Toolkit workbook, an aima CSV file, an OSCAL assessment-results document or
    /// a CISO Assistant audit export (told apart by their content)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the answers file here (default: standard output)
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The AI system (`assessment.system`), replacing what FILE says
    #[arg(long, value_name = "ID")]
    pub system: Option<String>,
    /// The assessment round (`assessment.round`, e.g. 2026-H2), replacing what FILE says
    #[arg(long, value_name = "ID")]
    pub round: Option<String>,
    /// The assessment date (`assessment.date`, YYYY-MM-DD), replacing what FILE says
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_arg)]
    pub date: Option<crate::answers::Date>,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportTo {
    /// The official AIMA Toolkit v1.0.1 workbook layout (.xlsx)
    Toolkit,
    /// One row per question (RFC 4180, UTF-8)
    Csv,
    /// The loaded model as an OSCAL 1.1 catalog (JSON; takes no FILE)
    OscalCatalog,
    /// An OSCAL 1.1 assessment-results document (JSON)
    Oscal,
    /// The loaded model as a CISO Assistant framework library (YAML; takes no FILE)
    CisoAssistantLibrary,
    /// CISO Assistant's audit import layout (.xlsx, or CSV when OUT ends in .csv)
    CisoAssistant,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Answers files or folders (merged); none for a model export (`--to oscal-catalog`,
    /// `--to ciso-assistant-library`)
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The format to write
    #[arg(long, value_enum)]
    pub to: ExportTo,
    /// The file to write (`-o -` prints the CSV on standard output)
    #[arg(long, short, required = true, value_name = "OUT")]
    pub output: PathBuf,
    /// With `--to toolkit`: fill your own copy of the official workbook (OWASP's texts,
    /// logo and sheets kept; only the answer and note cells and the sheet `aima` change)
    #[arg(long, value_name = "BOOK.xlsx")]
    pub template: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct EvidenceArgs {
    #[command(subcommand)]
    pub action: Option<EvidenceAction>,
    /// Answers files or folders of them (`-` reads standard input)
    #[arg(required_unless_present = "system", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub select: Select,
    /// Exit 1 when an item is expired, missing or changed (stale too with
    /// `[evidence] fail_on_stale`), or an answer lacks evidence `[evidence] require` asks for
    #[arg(long)]
    pub check: bool,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceAction {
    /// Record the SHA-256 (and today's date, when there is none) of every local evidence file
    Hash(EvidenceHashArgs),
}

#[derive(Debug, Args)]
pub struct EvidenceHashArgs {
    /// Answers files or folders of them, each rewritten in place (comments kept)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Files and folders (searched recursively); default: `portfolio.paths` of aima.toml
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The format (default table); with -o, the file's extension chooses when this is not given
    #[arg(long, short, value_enum)]
    pub format: Option<ListFormat>,
    /// Write OUT.md (and the heatmap, systems × practices, to OUT.svg beside it), OUT.html or OUT.xlsx
    #[arg(long, short, value_name = "OUT.md")]
    pub output: Option<PathBuf>,
    /// Mark assessments older than DAYS as stale (default: portfolio.max_age_days of aima.toml, else 365)
    #[arg(long, value_name = "DAYS")]
    pub max_age: Option<u32>,
    /// Exit 1 when any system is stale or has a practice below its target
    #[arg(long)]
    pub check: bool,
    /// Target level 0..3 where no source sets one for a practice or its domain
    #[arg(long, value_name = "N", value_parser = target_level)]
    pub target: Option<u8>,
    /// Use this use-case profile's targets instead of each system's profile in aima.toml
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
}

/// Output formats of `check`: the usual three and JUnit XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    /// A table for the terminal
    #[default]
    Table,
    /// JSON (its schema: `aima schema check`)
    Json,
    /// GitHub-flavoured Markdown
    Markdown,
    /// JUnit XML: a testsuite per assessment, a testcase per gated practice
    Junit,
}

impl CheckFormat {
    /// The text format, or `None` for JUnit.
    pub fn text(self) -> Option<Format> {
        match self {
            CheckFormat::Table => Some(Format::Table),
            CheckFormat::Json => Some(Format::Json),
            CheckFormat::Markdown => Some(Format::Markdown),
            CheckFormat::Junit => None,
        }
    }
}

/// Output formats of `portfolio` and `trend`: the usual three and CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    /// A table for the terminal
    #[default]
    Table,
    /// JSON (its schema: `aima schema portfolio` or `trend`)
    Json,
    /// GitHub-flavoured Markdown
    Markdown,
    /// CSV (RFC 4180, UTF-8), one row per system or per date
    Csv,
    /// One self-contained HTML page with the chart (print it to PDF)
    Html,
    /// An Excel workbook with the table, a heatmap and a chart (needs -o OUT.xlsx)
    Xlsx,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Files and folders (searched recursively); default: `portfolio.paths` of aima.toml
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The system to show (required when the files hold several)
    #[arg(long, value_name = "ID")]
    pub system: Option<String>,
    /// Show each practice too, not only the domains
    #[arg(long)]
    pub practices: bool,
    /// The format (default table); with -o, the file's extension chooses when this is not given
    #[arg(long, short, value_enum)]
    pub format: Option<ListFormat>,
    /// Write OUT.md (and a line chart of the domain scores to OUT.svg beside it), OUT.html or OUT.xlsx
    #[arg(long, short, value_name = "OUT.md")]
    pub output: Option<PathBuf>,
    /// Target level 0..3 where no source sets one for a practice or its domain
    #[arg(long, value_name = "N", value_parser = target_level)]
    pub target: Option<u8>,
    /// Use this use-case profile's targets instead of the system's profile in aima.toml
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
}

#[derive(Debug, Args)]
pub struct CrosswalkArgs {
    /// A framework id (eu-ai-act, iso-42001, nist-ai-rmf, owasp-llm-top10, owasp-samm)
    #[arg(value_name = "FRAMEWORK")]
    pub framework: Option<String>,
    /// Answers files or folders (merged): show each clause's status
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show the links clause by clause (default) or practice by practice
    #[arg(long, value_enum, default_value_t, value_name = "VIEW")]
    pub by: CrosswalkBy,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
    /// Target level 0..3 where the files set none for a practice or its domain (else 2)
    #[arg(long, value_name = "N", value_parser = target_level)]
    pub target: Option<u8>,
    /// Use the targets of this use-case profile (see `aima profiles`) below the files' own
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Show the dates in force on DATE, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE", value_parser = as_of_date)]
    pub as_of: Option<crate::answers::Date>,
    /// List when each group of obligations applies, earliest first (with FILE: and the actions for them)
    #[arg(long)]
    pub timeline: bool,
    #[command(flatten)]
    pub select: Select,
}

/// How `aima crosswalk ID` lists the links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CrosswalkBy {
    /// Each clause with the practices linked to it
    #[default]
    Clause,
    /// Each AIMA practice with the clauses linked to it
    Practice,
}

#[derive(Debug, Args)]
pub struct ProfilesArgs {
    /// A profile id: show its targets and reasons
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema: answers (the answers file, for --model's model), or the JSON output of
    /// score, check, diff, model, validate, portfolio, trend, crosswalk, profiles or policy-input (default: answers)
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub command: PolicyCommand,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the policy input of an assessment as JSON (what `check --policy` evaluates)
    Input(PolicyInputArgs),
}

#[derive(Debug, Args)]
pub struct PolicyInputArgs {
    /// Answers files or folders of them, merged (`-` reads standard input)
    #[arg(required_unless_present = "system", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub select: Select,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Also cover this framework in the input's `crosswalk`
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub framework: Vec<String>,
}

/// Parses `--as-of DATE`: a real calendar day, YYYY-MM-DD.
pub fn as_of_date(text: &str) -> Result<crate::answers::Date, String> {
    crate::answers::Date::parse(text.trim())
        .ok_or_else(|| "a date is a real calendar day written YYYY-MM-DD, e.g. 2027-12-02".to_string())
}

/// Parses `--target N`: a whole AIMA level from 0 to 3.
pub fn target_level(text: &str) -> Result<u8, String> {
    match text.trim().parse::<u8>() {
        Ok(level @ 0..=3) => Ok(level),
        _ => Err(format!(
            "a target is a whole AIMA level: 0, 1, 2 or 3{}",
            if text.contains(['.', ',']) {
                " (levels have no fractions)"
            } else {
                ""
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Writes NAME.pem (the private key, PKCS#8, mode 0600) and NAME.pub.pem (the public key)
    #[arg(short, long = "output", value_name = "NAME")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct AttestArgs {
    /// Answers files or folders of them: the assessment to attest
    #[arg(required_unless_present = "system", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub select: Select,
    /// The Ed25519 private key (PKCS#8 PEM, as `aima keygen` or `openssl genpkey -algorithm ed25519` write it)
    #[arg(long, value_name = "KEY.pem")]
    pub key: PathBuf,
    /// The DSSE envelope to write (e.g. OUT.dsse.json)
    #[arg(short, long = "output", value_name = "OUT")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The DSSE envelope (OUT.dsse.json)
    #[arg(value_name = "ENVELOPE")]
    pub envelope: PathBuf,
    /// The signer's public key (SubjectPublicKeyInfo PEM)
    #[arg(long, value_name = "PUB.pem")]
    pub key: PathBuf,
    /// Files whose digests must match the attested ones
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}
