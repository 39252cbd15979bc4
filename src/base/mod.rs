//! The foundation: what every layer above builds on, and that imports nothing above it
//! (ARCHITECTURE.md). Located YAML trees and their checked reading, located problems and
//! the library's errors, the one reader of input files and the one atomic writer, the one
//! sanitizer of outside text, the one worker pool and files at a git revision.

pub mod diag;
pub mod error;
pub mod git;
pub mod input;
pub(crate) mod parallel;
pub mod sanitize;
pub mod save;
pub(crate) mod walk;
pub mod yaml;
