//! The `aima` binary: parse the command line, run the command, print, exit.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = aima::cli::Cli::parse();
    match aima::commands::run(cli) {
        Ok(outcome) => {
            for line in &outcome.stderr {
                eprintln!("{line}");
            }
            // A reader that stops early (`aima model | head`) is not an error.
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(outcome.stdout.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: cannot write the output: {e}");
                    ExitCode::from(aima::error::exit::BAD_INPUT)
                }
                _ => ExitCode::from(outcome.code),
            }
        }
        Err(e) => {
            for line in e.report() {
                eprintln!("{line}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
