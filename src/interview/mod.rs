//! The interactive interview.
