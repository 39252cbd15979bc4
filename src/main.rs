//! The `aima` binary: parse the command line, run the command, print, exit.
//!
//! The only place that writes to the terminal. A closed or full standard output or error
//! is never a panic: a reader that stops early (`aima model | head`) is not an error, and
//! a message that cannot be shown is dropped.

#![deny(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::process::ExitCode;

use aima::base::error::ExitStatus;
use clap::Parser;

/// The system allocator, counting what policy workers hold so a policy that allocates
/// without end is stopped (docs/policy.md, "Limits").
#[global_allocator]
static ALLOCATOR: aima::policy::limit::Budgeted = aima::policy::limit::Budgeted;

fn main() -> ExitCode {
    quiet_panics();
    let cli = match aima::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    // A panic (a bug) has printed its one `error:` line (`quiet_panics`); it ends with exit 2,
    // never Rust's 101 (docs/exit-codes.md).
    let Ok(result) = std::panic::catch_unwind(|| run(cli)) else {
        return ExitCode::from(ExitStatus::BadInput);
    };
    let status = match result {
        Ok(outcome) => {
            to_stderr(&outcome.stderr);
            match to_stdout(&outcome.stdout) {
                Ok(()) => outcome.code,
                Err(e) => {
                    to_stderr(&[format!("error: cannot write the output: {e}")]);
                    ExitStatus::BadInput
                }
            }
        }
        Err(e) => {
            to_stderr(&e.report());
            e.exit_status()
        }
    };
    ExitCode::from(status)
}

/// Runs the command. A debug build panics on purpose when `AIMA_TEST_PANIC` is set, so the
/// tests can hold the panic path to its promise.
fn run(cli: aima::cli::Cli) -> aima::base::error::Result<aima::commands::Outcome> {
    if cfg!(debug_assertions) && std::env::var_os("AIMA_TEST_PANIC").is_some() {
        panic!("AIMA_TEST_PANIC is set");
    }
    aima::commands::run(cli)
}

/// A panic (a bug) shows one `error:` line, not a backtrace hint; a worker thread's panic
/// also becomes an error of the command (see `validate::check_files`).
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let what = (payload.downcast_ref::<&str>().copied())
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unexpected state");
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        to_stderr(&[format!(
            "error: internal error: {}{place} (a bug in aima; please report it)",
            aima::base::sanitize::terminal_line(what)
        )]);
    }));
}

/// Help, version or a usage error from clap: printed where clap says; help that cannot
/// be written (other than to a closed pipe) is an error. clap's text quotes the command line
/// (file names a shell glob expanded, bad values), so it is rendered as plain text and made
/// safe like any outside text before it is printed (docs/security.md).
fn usage(e: &clap::Error) -> ExitCode {
    let code = u8::try_from(e.exit_code()).unwrap_or(ExitStatus::BadInput.code());
    let text = e.render().to_string();
    let text = aima::base::sanitize::terminal_text(&text);
    if e.use_stderr() {
        let text = aima::base::sanitize::no_workflow_commands(&text);
        to_stderr(&[text.trim_end_matches('\n').to_string()]);
        return ExitCode::from(code);
    }
    match to_stdout(&text) {
        Err(io) => {
            to_stderr(&[format!("error: cannot write the output: {io}")]);
            ExitStatus::BadInput.into()
        }
        Ok(()) => ExitCode::from(code),
    }
}

/// Writes `text` to standard output; a closed pipe is not an error. No line of it may be
/// taken for a CI workflow command (`aima::base::sanitize::no_workflow_commands`).
fn to_stdout(text: &str) -> std::io::Result<()> {
    let text = aima::base::sanitize::no_workflow_commands(text);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes lines to standard error, ignoring failures (there is nowhere left to report them).
fn to_stderr(lines: &[String]) {
    let mut stderr = std::io::stderr().lock();
    for line in lines {
        let line = aima::base::sanitize::no_workflow_commands(line);
        if writeln!(stderr, "{line}").is_err() {
            return;
        }
    }
    let _ = stderr.flush();
}
