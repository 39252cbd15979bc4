//! The library's errors and the exit codes they map to.

use crate::diag::Problems;

/// Exit codes of the contract.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    /// A gate failed: `check` below target, `diff --fail-on-regression` found a regression.
    pub const GATE_FAILED: u8 = 1;
    /// Bad input or usage.
    pub const BAD_INPUT: u8 = 2;
    /// Interrupted (answers given so far are saved).
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model directory has problems; all of them are shown.
    #[error("{0}")]
    Model(Problems),
    /// Answers files have problems; the first is shown, with a pointer to `aima validate`.
    #[error("{}", first_with_count(.0))]
    Answers(Problems),
    /// Bad usage that clap cannot catch (an unknown code, a missing terminal).
    #[error("{0}")]
    Usage(String),
    /// An output could not be written.
    #[error("{0}")]
    Output(String),
    /// A bug caught before it could pass unseen (a worker thread that panicked).
    #[error("internal error: {0}")]
    Internal(String),
    /// The interview was interrupted; the answers given so far are saved.
    #[error("{0}")]
    Interrupted(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted(_) => exit::INTERRUPTED,
            _ => exit::BAD_INPUT,
        }
    }

    /// The lines to print on standard error: `error: ...` lines, or for an interrupted
    /// interview, what was saved and how to continue.
    pub fn report(&self) -> Vec<String> {
        let lines = match self {
            Error::Model(p) => p.list.iter().map(|p| format!("error: {p}")).collect(),
            Error::Interrupted(message) => message.lines().map(str::to_string).collect(),
            other => vec![format!("error: {other}")],
        };
        // File names and quoted text reach the terminal only through the sanitizer.
        crate::sanitize::terminal_lines(lines)
    }
}

fn first_with_count(problems: &Problems) -> String {
    let Some(first) = problems.list.first() else {
        return "invalid answers file".to_string();
    };
    match problems.len() {
        1 => first.to_string(),
        n => format!(
            "{first} (and {} more problem{}; `aima validate` lists them all)",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
