//! The library's errors and the exit codes they map to.

use crate::base::diag::Problems;

/// How the process ends (docs/exit-codes.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExitStatus {
    /// 0: done.
    #[default]
    Success,
    /// 1: a gate failed: `check` below target, `diff --fail-on-regression` found a regression.
    GateFailed,
    /// 2: bad input or usage; nothing was written.
    BadInput,
    /// 130: interrupted (answers given so far are saved).
    Interrupted,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::GateFailed => 1,
            ExitStatus::BadInput => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.code())
    }
}

/// Compares with a process exit code (`status == 0`).
impl PartialEq<u8> for ExitStatus {
    fn eq(&self, code: &u8) -> bool {
        self.code() == *code
    }
}

impl From<ExitStatus> for i32 {
    fn from(status: ExitStatus) -> Self {
        i32::from(status.code())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model directory has problems; all of them are shown.
    #[error("{0}")]
    Model(Problems),
    /// Answers files have problems; the first is shown, with a pointer to `aima validate`.
    #[error("{}", first_with_count(.0))]
    Answers(Problems),
    /// Problems in several input files (a portfolio); all of them are shown.
    #[error("{0}")]
    Files(Problems),
    /// Bad usage that clap cannot catch (an unknown code, a missing terminal).
    #[error("{0}")]
    Usage(String),
    /// An output could not be written (a message without the I/O error; prefer [`Error::Io`]).
    #[error("{0}")]
    Output(String),
    /// A file could not be read or written; `what` says which and how ("cannot write x.md").
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// A bug: a worker thread panicked.
    #[error(transparent)]
    Internal(#[from] crate::base::parallel::WorkerFailed),
    /// The interview was interrupted; the answers given so far are saved.
    #[error("{0}")]
    Interrupted(String),
}

impl Error {
    /// An I/O error with what was being done.
    pub fn io(what: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            what: what.into(),
            source,
        }
    }

    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Interrupted(_) => ExitStatus::Interrupted,
            _ => ExitStatus::BadInput,
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.exit_status().code()
    }

    /// The lines to print on standard error: `error: ...` lines, or for an interrupted
    /// interview, what was saved and how to continue.
    pub fn report(&self) -> Vec<String> {
        let lines = match self {
            Error::Model(p) | Error::Files(p) => p.list.iter().map(|p| format!("error: {p}")).collect(),
            Error::Interrupted(message) => message.lines().map(str::to_string).collect(),
            other => vec![format!("error: {other}")],
        };
        // File names and quoted text reach the terminal only through the sanitizer.
        crate::base::sanitize::terminal_lines(lines)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_statuses_are_the_documented_codes() {
        let codes: Vec<u8> = [
            ExitStatus::Success,
            ExitStatus::GateFailed,
            ExitStatus::BadInput,
            ExitStatus::Interrupted,
        ]
        .into_iter()
        .map(ExitStatus::code)
        .collect();
        assert_eq!(codes, [0, 1, 2, 130]);
        assert_eq!(ExitStatus::GateFailed, 1);
    }

    #[test]
    fn io_errors_keep_their_source() {
        let e = Error::io(
            "cannot write out.md",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"),
        );
        assert_eq!(e.to_string(), "cannot write out.md: denied");
        let source = std::error::Error::source(&e).expect("source kept");
        assert_eq!(source.to_string(), "denied");
        assert_eq!(e.exit_status(), ExitStatus::BadInput);
        assert_eq!(e.report(), ["error: cannot write out.md: denied"]);
    }
}
