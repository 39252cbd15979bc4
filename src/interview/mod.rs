//! The interactive interview behind `aima assess`.
//!
//! - [`flow`]: the question flow as a pure state machine over the questions in scope
//!   (order, back, skip, resume, `--review`, notes, `na` reasons); saving is a callback.
//! - [`prompter`]: the [`Prompter`] trait, the only way the flow talks to a person.
//! - [`terminal`]: the dialoguer prompter and the signal handling that restores the
//!   terminal on Ctrl-C or SIGTERM.
//! - [`scripted`]: a prompter that plays back scripted answers, for tests.
//! - [`screen`]: the text of a question screen.
//! - [`lock`]: one interview per answers file at a time.
//! - [`session`]: where and how the interview saves FILE (lock, merge of an editor's save,
//!   atomic swap) and what it says about it; usable by any front end.

pub mod flow;
pub mod lock;
pub mod prompter;
pub mod screen;
pub mod scripted;
pub mod session;
pub mod terminal;

pub use flow::{End, Event, Interview, Scope, Walk, ask_metadata, ask_reassessment};
pub use prompter::{Choice, Field, Prompter, Screen};
pub use session::Session;
