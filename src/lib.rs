//! aima: the OWASP AI Maturity Assessment (AIMA v1.0) as a library and a command-line tool.
//!
//! Data flows one way: [`model`] → [`answers`] → [`score`] / [`diff`] → [`render`].
//! The library never prints; [`commands`] return what the binary prints.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
pub(crate) mod assessments;
pub mod attest;
pub mod base;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub(crate) mod crosswalk;
pub(crate) mod diff;
pub mod embedded;
pub mod evidence;
pub mod interchange;
pub mod interview;
pub mod layout;
pub mod model;
pub mod policy;
pub mod portfolio;
pub mod profiles;
pub mod render;
pub mod schema;
pub mod score;
#[cfg(test)]
mod testing;
pub(crate) mod validate;
