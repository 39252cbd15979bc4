//! Files as they were at a git revision (`check --baseline REV`; docs/record.md), read
//! through the `git` command: one `git cat-file --batch` process per revision, whatever the
//! number of files.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;

/// The files asked for, as they were at one revision.
#[derive(Debug)]
pub struct AtRevision {
    /// The revision as given (`HEAD~1`, a branch, a commit).
    pub rev: String,
    /// What each file held at the revision; `None` when it did not exist there.
    contents: HashMap<PathBuf, Option<Vec<u8>>>,
}

impl AtRevision {
    /// What `file` (as it was asked for) held at the revision; `None` when it did not exist.
    pub fn get(&self, file: &Path) -> Option<&[u8]> {
        self.contents.get(file).and_then(|c| c.as_deref())
    }

    /// Those of `files` that existed at the revision, as (`REV:file`, bytes): what
    /// `answers::load_bytes` reads.
    pub fn named<'a>(&'a self, files: &[PathBuf]) -> Vec<(String, &'a [u8])> {
        files
            .iter()
            .filter_map(|f| self.get(f).map(|b| (format!("{}:{}", self.rev, f.display()), b)))
            .collect()
    }
}

/// Reads `files` (paths on disk, in one git repository) as they were at `rev`.
pub fn read_at(rev: &str, files: &[PathBuf]) -> Result<AtRevision> {
    let shown_rev = terminal_line(rev);
    if rev.is_empty() || rev.chars().any(|c| c.is_whitespace() || c.is_control()) || rev.starts_with('-') {
        return Err(Error::Usage(format!(
            "--baseline {shown_rev}: not a git revision (e.g. HEAD~1, main, a commit id)"
        )));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute: Vec<PathBuf> = files
        .iter()
        .map(|f| {
            let joined = cwd.join(f);
            std::fs::canonicalize(&joined).unwrap_or(joined)
        })
        .collect();
    let start = absolute
        .first()
        .and_then(|f| f.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| cwd.clone());
    let root = repository_root(&start).ok_or_else(|| {
        Error::Usage(format!(
            "--baseline {shown_rev}: {} is not inside a git repository (no folder with .git above it)",
            terminal_line(&start.display().to_string())
        ))
    })?;
    let mut request = format!("{rev}^{{commit}}\n");
    let mut inside = Vec::new();
    for (given, abs) in files.iter().zip(&absolute) {
        let Ok(rel) = abs.strip_prefix(&root) else {
            return Err(Error::Usage(format!(
                "--baseline {shown_rev}: {} is outside the git repository {}",
                terminal_line(&given.display().to_string()),
                terminal_line(&root.display().to_string())
            )));
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        request.push_str(&format!("{rev}:{rel}\n"));
        inside.push(given.clone());
    }
    let output = cat_file(&root, request.into_bytes(), &shown_rev)?;
    let mut objects = parse_batch(&output, inside.len() + 1).into_iter();
    if !matches!(objects.next(), Some(Some((kind, _))) if kind == "commit") {
        return Err(Error::Usage(format!(
            "--baseline {shown_rev}: not a revision of the git repository {}",
            terminal_line(&root.display().to_string())
        )));
    }
    let contents = inside
        .into_iter()
        .zip(objects)
        .map(|(file, object)| (file, object.filter(|(k, _)| k == "blob").map(|(_, b)| b)))
        .collect();
    Ok(AtRevision {
        rev: rev.to_string(),
        contents,
    })
}

/// The nearest folder at or above `start` that holds `.git`.
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Runs `git cat-file --batch` in `root` with `request` on its standard input.
fn cat_file(root: &Path, request: Vec<u8>, shown_rev: &str) -> Result<Vec<u8>> {
    let cannot = |e: std::io::Error| Error::Usage(format!("--baseline {shown_rev}: cannot run git: {e}"));
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(cannot)?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| cannot(std::io::Error::other("no stdin")))?;
    // Written from another thread: git answers while it reads, and a full pipe would block.
    let writer = std::thread::spawn(move || stdin.write_all(&request));
    let mut output = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout.read_to_end(&mut output).map_err(cannot)?;
    }
    let _ = writer.join();
    let status = child.wait().map_err(cannot)?;
    if !status.success() {
        return Err(Error::Usage(format!(
            "--baseline {shown_rev}: git cat-file failed in {} ({status})",
            terminal_line(&root.display().to_string())
        )));
    }
    Ok(output)
}

/// The answers of `git cat-file --batch` to `count` requests: each object's type and bytes,
/// or `None` for one that is missing.
fn parse_batch(mut out: &[u8], count: usize) -> Vec<Option<(String, Vec<u8>)>> {
    let mut objects = Vec::with_capacity(count);
    for _ in 0..count {
        let Some(end) = out.iter().position(|b| *b == b'\n') else {
            objects.push(None);
            continue;
        };
        let header = String::from_utf8_lossy(&out[..end]).into_owned();
        out = &out[end + 1..];
        if header.ends_with(" missing") || header.ends_with(" ambiguous") {
            objects.push(None);
            continue;
        }
        let parts: Vec<&str> = header.split(' ').collect();
        match parts.as_slice() {
            [_, kind, size] => {
                let size: usize = size.parse().unwrap_or(0).min(out.len());
                objects.push(Some(((*kind).to_string(), out[..size].to_vec())));
                out = out.get(size + 1..).unwrap_or(&[]);
            }
            _ => objects.push(None),
        }
    }
    objects
}

#[cfg(test)]
mod tests {
    use super::parse_batch;

    #[test]
    fn batch_output_is_split_into_objects() {
        let out = b"abc commit 3\nxyz\nHEAD:a.yaml missing\ndef blob 2\nhi\n";
        let objects = parse_batch(out, 3);
        assert_eq!(objects[0], Some(("commit".to_string(), b"xyz".to_vec())));
        assert_eq!(objects[1], None);
        assert_eq!(objects[2], Some(("blob".to_string(), b"hi".to_vec())));
    }
}
