//! The dependency rules of ARCHITECTURE.md: nothing below `commands` imports from
//! `commands` or `cli`, and clap is used only in src/cli.rs (and the binary's parse call).

use crate::common;

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Library files (relative to src/) outside `commands`, `cli` and the binary.
fn library_files() -> Vec<(String, String)> {
    let src = common::repo_file("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&src)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read_to_string(&p).expect("read"))
        })
        .filter(|(name, _)| !name.starts_with("commands/") && name != "cli.rs" && name != "main.rs")
        .collect();
    out.sort();
    assert!(out.len() > 20, "found the library files");
    out
}

#[test]
fn nothing_below_commands_imports_commands_or_cli() {
    let offenders: Vec<String> = library_files()
        .into_iter()
        .filter(|(name, text)| {
            name != "lib.rs" && (text.contains("crate::commands") || text.contains("crate::cli"))
        })
        .map(|(name, _)| name)
        .collect();
    assert!(offenders.is_empty(), "import from commands or cli: {offenders:?}");
}

#[test]
fn clap_is_only_in_cli() {
    let offenders: Vec<String> = library_files()
        .into_iter()
        .filter(|(_, text)| text.contains("clap::") || text.contains("use clap"))
        .map(|(name, _)| name)
        .collect();
    assert!(offenders.is_empty(), "clap outside cli.rs: {offenders:?}");
}

/// Every `.rs` file under `src/commands/` but `mod.rs`, by module name.
fn command_files() -> Vec<(String, String)> {
    let dir = common::repo_file("src/commands");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("read src/commands")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("mod.rs"))
        .map(|p| {
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("read"))
        })
        .collect();
    out.sort();
    assert!(out.len() > 15, "found the command modules");
    out
}

/// The names a file reaches through `super::` or `crate::commands::`: `super::a::b`
/// gives `a`, and `use super::{a, b::c}` gives `a` and `b`.
fn reached_through_commands(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for prefix in ["super::", "crate::commands::"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                names.extend(
                    group
                        .split(',')
                        .map(|item| item.trim().split("::").next().unwrap_or("").to_string()),
                );
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        }
    }
    names
}

#[test]
fn no_command_imports_another_command() {
    let files = command_files();
    let commands: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let mut offenders = Vec::new();
    for (name, text) in &files {
        for reached in reached_through_commands(text) {
            if reached != *name && commands.contains(&reached.as_str()) {
                offenders.push(format!("src/commands/{name}.rs uses commands::{reached}"));
            }
        }
    }
    // The check itself works: a file that reaches another command is caught.
    let caught = reached_through_commands("use super::portfolio::{Scoring};\nuse super::{Outcome, trend};");
    assert!(caught.contains(&"portfolio".to_string()) && caught.contains(&"trend".to_string()));
    assert!(offenders.is_empty(), "a command imports another: {offenders:?}");
}

#[test]
fn every_top_level_module_is_named_in_architecture_md() {
    let map = std::fs::read_to_string(common::repo_file("ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let src = common::repo_file("src");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&src).expect("read src") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let named = if path.is_dir() {
            format!("src/{name}/")
        } else if name.ends_with(".rs") {
            format!("src/{name}")
        } else {
            continue;
        };
        if !map.contains(&named) {
            missing.push(named);
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "not named in ARCHITECTURE.md: {missing:?}");
}

#[test]
fn no_thread_local_but_the_allocation_budget() {
    // Settings travel in the context (src/context.rs), never in a thread-local. The one
    // exception is the counting allocator of a policy evaluation (src/policy/limit.rs): an
    // allocator cannot be handed a value, and it must count only the evaluating thread.
    let offenders: Vec<String> = library_files()
        .into_iter()
        .chain(
            command_files()
                .into_iter()
                .map(|(n, t)| (format!("commands/{n}.rs"), t)),
        )
        .filter(|(name, text)| text.contains("thread_local!") && name != "policy/limit.rs")
        .map(|(name, _)| name)
        .collect();
    assert!(offenders.is_empty(), "thread_local! in {offenders:?}");
}

/// The functions of `text` longer than `limit` lines of code (blank lines and comment lines
/// not counted, as clippy's `too_many_lines` counts), as `name: lines`. A function runs from
/// its `fn` line to the first line that closes it at the same indentation (rustfmt's layout).
fn long_functions(text: &str, limit: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = trimmed
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ")
            .trim_start_matches("unsafe ");
        let Some(rest) = signature.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        let Some(end) = lines[i..].iter().position(|l| *l == close) else {
            continue;
        };
        let code = lines[i..=i + end]
            .iter()
            .filter(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with("//")
            })
            .count();
        if code > limit {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(format!("{name}: {code}"));
        }
    }
    out
}

#[test]
fn no_function_is_over_60_lines() {
    let mut files = Vec::new();
    rust_files(&common::repo_file("src"), &mut files);
    rust_files(&common::repo_file("tests"), &mut files);
    let mut offenders = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        for f in long_functions(&text, 60) {
            offenders.push(format!("{}: {f}", path.display()));
        }
    }
    let sample = format!(
        "fn long() {{\n{}}}\nfn short() {{\n    a();\n}}\n",
        "    a();\n".repeat(60)
    );
    assert_eq!(long_functions(&sample, 60), ["long: 62"], "the counter counts");
    assert!(offenders.is_empty(), "functions over 60 lines: {offenders:#?}");
    let clippy = std::fs::read_to_string(common::repo_file("clippy.toml")).expect("read clippy.toml");
    assert!(
        clippy.contains("too-many-lines-threshold = 60"),
        "clippy.toml keeps the limit"
    );
}

/// The module a library file belongs to, as build.rs names it: `base::diag` for
/// src/base/diag.rs, `model` for src/model/load.rs.
fn module_of(file: &str) -> String {
    let mut parts = file.trim_end_matches(".rs").split('/');
    match (parts.next(), parts.next()) {
        (Some("base"), Some(m)) => format!("base::{m}"),
        (Some(top), _) => top.to_string(),
        _ => String::new(),
    }
}

/// The module a `crate::` path names, in the same terms: `crate::base::walk::Fields` is
/// `base::walk`.
fn module_named(path: &str) -> String {
    let parts: Vec<&str> = path.split("::").collect();
    match parts.as_slice() {
        ["base", m, ..] => format!("base::{m}"),
        [top, ..] => (*top).to_string(),
        [] => String::new(),
    }
}

#[test]
fn the_modules_build_rs_compiles_import_only_each_other() {
    // build.rs compiles these through #[path]; anything else they import would not build.
    let build = std::fs::read_to_string(common::repo_file("build.rs")).expect("read build.rs");
    let mut subset = Vec::new();
    let mut in_base = false;
    for line in build.lines().map(str::trim) {
        if line == "mod base {" {
            in_base = true;
        } else if line == "}" {
            in_base = false;
        } else if let Some(m) = line
            .trim_start_matches("pub ")
            .strip_prefix("mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            subset.push(if in_base {
                format!("base::{m}")
            } else {
                m.to_string()
            });
        }
    }
    assert!(
        subset.len() >= 5 && subset.contains(&"model".to_string()),
        "build.rs's modules: {subset:?}"
    );
    assert_eq!(module_named("base::walk::Fields"), "base::walk");
    let mut offenders = Vec::new();
    for (name, text) in library_files() {
        if !subset.contains(&module_of(&name)) {
            continue;
        }
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (at, _) in code.match_indices("crate::") {
            let used: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if !subset.contains(&module_named(&used)) {
                offenders.push(format!("src/{name} uses crate::{used}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "build.rs's modules reach outside: {offenders:?}"
    );
}

#[test]
fn the_foundation_imports_nothing_above_it() {
    let mut offenders = Vec::new();
    for (name, text) in library_files()
        .into_iter()
        .filter(|(n, _)| n.starts_with("base/"))
    {
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + 7..];
                if !rest.starts_with("base") {
                    offenders.push(format!("src/{name}: {}", line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the foundation imports from above: {offenders:?}"
    );
}

#[test]
fn the_clock_is_read_once_by_the_context() {
    // `Date::today()` is the one clock (it honours SOURCE_DATE_EPOCH); only the context
    // reads it, and everything else takes `ctx.today` (ARCHITECTURE.md).
    let offenders: Vec<String> = library_files()
        .into_iter()
        .chain(
            command_files()
                .into_iter()
                .map(|(n, t)| (format!("commands/{n}.rs"), t)),
        )
        .filter(|(name, text)| {
            name != "context.rs"
                && name != "answers/mod.rs"
                && text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .any(|l| l.contains("Date::today"))
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        offenders.is_empty(),
        "the clock read outside the context: {offenders:?}"
    );
}
