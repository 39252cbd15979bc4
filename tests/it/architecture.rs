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
