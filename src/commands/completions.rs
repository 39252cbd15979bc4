//! `aima completions SHELL`.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> Outcome {
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "aima", &mut buffer);
    Outcome::output(String::from_utf8_lossy(&buffer).into_owned())
}
