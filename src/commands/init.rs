//! `aima init [DIR]`: the starting layout (docs/record.md). It never overwrites a file: one
//! that exists is kept and named.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::InitArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: &InitArgs) -> Result<Outcome> {
    let dir = args.dir.clone().unwrap_or_default();
    let mut written = Vec::new();
    let mut kept = Vec::new();
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    for (name, text) in crate::layout::files(ctx.today) {
        let path = dir.join(&name);
        if name == ".gitignore" && path.is_file() {
            // An existing .gitignore gets the lock-file line, unless it has it.
            let old = crate::base::input::read_text(&path, &name).map_err(|p| Error::Usage(p.to_string()))?;
            if old.contains(".aima-lock") {
                kept.push(name);
            } else {
                let sep = if old.is_empty() || old.ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                writes.push((path, format!("{old}{sep}{text}")));
                written.push(format!("{name} (lock-file line added)"));
            }
            continue;
        }
        if std::fs::symlink_metadata(&path).is_ok() {
            kept.push(name);
            continue;
        }
        writes.push((path, text));
        written.push(name);
    }
    for (path, _) in &writes {
        if let Some(parent) = path.parent() {
            make_dir(parent)?;
        }
    }
    let pairs: Vec<(&Path, &[u8])> = writes.iter().map(|(p, t)| (p.as_path(), t.as_bytes())).collect();
    crate::base::save::write_all(&pairs)
        .map_err(|e| Error::io(format!("cannot write {}", e.path.display()), e.error))?;
    let shown = match &args.dir {
        Some(d) => terminal_line(&d.display().to_string()).into_owned(),
        None => "this folder".to_string(),
    };
    let mut out = String::new();
    for name in &written {
        out.push_str(&format!(
            "wrote {}\n",
            terminal_line(&dir.join(name).display().to_string())
        ));
    }
    let mut outcome = Outcome::output(out);
    for name in &kept {
        outcome.stderr.push(format!(
            "note: kept {}: aima init never overwrites a file",
            terminal_line(&dir.join(name).display().to_string())
        ));
    }
    outcome.stderr.push(format!(
        "next: commit the layout in {shown}, answer assessments/example/ (aima assess), and raise its targets in aima.toml"
    ));
    Ok(outcome)
}

fn make_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create the folder {}", dir.display()), e))
}
