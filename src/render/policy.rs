//! The policy section of `check` (docs/policy.md): each policy's `deny` and `warn`
//! messages, for the terminal and for Markdown. JSON carries them in `check`'s document.

use std::fmt::Write;

use super::markdown::{header, row};
use super::text::md;
use crate::policy::PolicyResult;

/// Counts of messages over all policies: (deny, warn).
pub fn counts(results: &[PolicyResult]) -> (usize, usize) {
    results
        .iter()
        .fold((0, 0), |(d, w), r| (d + r.deny.len(), w + r.warn.len()))
}

/// The verdict line: `policies: failed: 2 denials from 1 of 3 policies; 1 warning.`
fn verdict(results: &[PolicyResult]) -> String {
    let (deny, warn) = counts(results);
    let failing = results.iter().filter(|r| !r.deny.is_empty()).count();
    let n = results.len();
    let plural = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    let head = if deny == 0 {
        format!("passed: {} denied nothing", plural(n, "policy", "policies"))
    } else {
        format!(
            "failed: {} from {failing} of {}",
            plural(deny, "denial", "denials"),
            plural(n, "policy", "policies")
        )
    };
    format!("{head}; {}.", plural(warn, "warning", "warnings"))
}

/// For the terminal: the verdict, then `deny` and `warn` lines naming the policy file.
pub fn table(results: &[PolicyResult]) -> String {
    if results.is_empty() {
        return String::new();
    }
    let mut out = format!("\npolicies: {}\n", verdict(results));
    for r in results {
        for m in &r.deny {
            let _ = writeln!(out, "  deny  {}: {}", r.file, m.line());
        }
        for m in &r.warn {
            let _ = writeln!(out, "  warn  {}: {}", r.file, m.line());
        }
    }
    out
}

/// For Markdown: a section with one row per message.
pub fn markdown(results: &[PolicyResult]) -> String {
    if results.is_empty() {
        return String::new();
    }
    let mut out = format!("\n### Policies\n\n{}\n", md(&capitalized(&verdict(results))));
    let messages: Vec<_> = results
        .iter()
        .flat_map(|r| {
            let deny = r.deny.iter().map(move |m| ("deny", r, m));
            deny.chain(r.warn.iter().map(move |m| ("warn", r, m)))
        })
        .collect();
    if messages.is_empty() {
        return out;
    }
    out.push('\n');
    out.push_str(&header(&["Rule", "Policy", "Message", "Practice", "Clause"], &[]));
    for (rule, r, m) in messages {
        out.push_str(&row(&[
            rule.to_string(),
            md(&r.file),
            md(&m.msg),
            m.practice.as_deref().map_or(String::new(), md),
            m.clause.as_deref().map_or(String::new(), md),
        ]));
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
