//! The I/O side of evidence: where each item's path leads, whether it stays in the project
//! folder, whether it exists, and its digest (files hashed in parallel, each distinct file
//! once). The states themselves come from the pure [`super::state`].

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::{Entry, Fact, Findings, Rules, Unevidenced, state};
use crate::answers::Date;
use crate::answers::evidence::Evidence;
use crate::answers::parse::AnswersFile;
use crate::base::diag::{Problem, Problems};

/// What to look at.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The project folder (the aima.toml folder), for the answers files inside it; other
    /// files (and all, with `None`) keep to their own folder.
    pub root: Option<&'a Path>,
    pub today: Date,
    pub rules: &'a Rules,
    /// Compute digests (needed for `changed`); without, only existence is checked.
    pub hash: bool,
}

/// One item to look at: its file, question, the item, and the path it leads to.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    pub file: &'a AnswersFile,
    pub question: &'a str,
    pub answer: Option<crate::answers::Word>,
    pub item: &'a Evidence,
    /// The item's place in its answer's evidence list.
    pub index: usize,
    /// The path as shown (relative like the answers file's name), for a local file.
    pub path: Option<PathBuf>,
}

/// The folder of an answers file named `file` (`<stdin>` and bare names: the current folder).
pub fn folder_of(file: &str) -> PathBuf {
    match Path::new(file).parent() {
        Some(p) if !p.as_os_str().is_empty() && file != crate::answers::STDIN_NAME => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` with `.` dropped and `..` applied to what precedes it, without touching the disk.
/// Returns `None` when a `..` climbs above the start of a relative path.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => {
                out.pop();
                depth -= 1;
            }
            Component::ParentDir => return None,
            Component::Normal(_) => {
                out.push(c);
                depth += 1;
            }
            Component::RootDir | Component::Prefix(_) => {
                out.push(c);
                depth = 0;
            }
        }
    }
    Some(out)
}

/// Every item of `files`, with the path of each local one, checked to stay inside the
/// project folder (lexically, and again through symbolic links once it exists).
pub fn locate<'a>(files: &'a [AnswersFile], root: Option<&Path>) -> Result<Vec<Located<'a>>, Problems> {
    let mut problems = Problems::new();
    let mut out = Vec::new();
    for file in files {
        let folder = folder_of(&file.file);
        let root = project_folder(&folder, root);
        for (question, _, answer) in &file.answers {
            for (index, item) in answer.evidence.iter().enumerate() {
                let path = if item.is_url() {
                    None
                } else {
                    match inside(&folder, &root, &item.reference) {
                        Ok(path) => Some(path),
                        Err(message) => {
                            problems.push(&file.file, item.pos, message);
                            continue;
                        }
                    }
                };
                out.push(Located {
                    file,
                    question,
                    answer: answer.word,
                    item,
                    index,
                    path,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The folder paths of an answers file in `folder` must stay in: the aima.toml folder
/// `root` when the file is inside it, else the file's own folder.
pub fn project_folder(folder: &Path, root: Option<&Path>) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).ok().and_then(|a| normalize(&a));
    match root {
        Some(root) if abs(folder).zip(abs(root)).is_some_and(|(f, r)| f.starts_with(r)) => root.to_path_buf(),
        _ => folder.to_path_buf(),
    }
}

/// The path `reference` leads to from `folder`, when it stays inside `root`.
fn inside(folder: &Path, root: &Path, reference: &str) -> Result<PathBuf, String> {
    let climbs = || {
        format!(
            "evidence `{}` leads outside the project folder {}: a path stays inside the folder of aima.toml (or, without one, of the answers file)",
            crate::base::sanitize::terminal_line(reference),
            crate::base::sanitize::terminal_line(&root.display().to_string())
        )
    };
    let shown_path = normalize(&folder.join(reference)).unwrap_or_else(|| folder.join(reference));
    let abs = |p: &Path| std::path::absolute(p).ok().and_then(|a| normalize(&a));
    let (Some(target), Some(top)) = (abs(&folder.join(reference)), abs(root)) else {
        return Err(climbs());
    };
    if !target.starts_with(&top) {
        return Err(climbs());
    }
    // Once it exists, a symbolic link must not lead out either.
    if let (Ok(real), Ok(real_top)) = (std::fs::canonicalize(&target), std::fs::canonicalize(&top))
        && !real.starts_with(&real_top)
    {
        return Err(format!(
            "evidence `{}` leads outside the project folder through a symbolic link",
            crate::base::sanitize::terminal_line(reference)
        ));
    }
    Ok(shown_path)
}

/// The facts of every located item: each distinct file looked at (and hashed) once, the
/// files in parallel.
pub fn facts(items: &[Located<'_>], hash: bool) -> Result<Vec<Fact>, Problem> {
    let mut distinct: BTreeMap<&Path, usize> = BTreeMap::new();
    for path in items.iter().filter_map(|l| l.path.as_deref()) {
        let next = distinct.len();
        distinct.entry(path).or_insert(next);
    }
    let mut paths: Vec<(&Path, usize)> = distinct.iter().map(|(p, i)| (*p, *i)).collect();
    paths.sort_by_key(|(_, i)| *i);
    let found = crate::base::parallel::map(&paths, |_, (path, _)| look(path, hash))
        .map_err(|e| Problem::new("evidence", crate::base::diag::Pos::FILE, e.to_string()))?;
    Ok(items
        .iter()
        .map(|l| match &l.path {
            None => Fact::Url,
            Some(p) => found[distinct[p.as_path()]].clone(),
        })
        .collect())
}

fn look(path: &Path, hash: bool) -> Fact {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Fact::File {
            sha256: if hash {
                crate::evidence::hash::sha256_file(path).ok()
            } else {
                None
            },
        },
        _ => Fact::Missing,
    }
}

/// The findings of `files`: every item's state, and the answers that lack evidence the
/// rules require.
pub fn findings(files: &[AnswersFile], options: &Options<'_>) -> Result<Findings, Problems> {
    let located = locate(files, options.root)?;
    let facts = facts(&located, options.hash).map_err(|p| Problems { list: vec![p] })?;
    let items = located
        .iter()
        .zip(&facts)
        .map(|(l, fact)| {
            let state = state(l.item, fact, options.today, options.rules);
            Entry {
                file: l.file.file.clone(),
                question: l.question.to_string(),
                answer: l.answer.map(|w| w.as_str().to_string()),
                reference: l.item.reference.clone(),
                title: l.item.title.clone(),
                kind: l.item.kind,
                date: l.item.date.map(|d| d.to_string()),
                expires: l.item.expires.map(|d| d.to_string()),
                sha256: l.item.sha256.clone(),
                path: l.path.as_ref().map(|p| p.display().to_string()),
                actual_sha256: match fact {
                    Fact::File { sha256 } => sha256.clone(),
                    _ => None,
                },
                state,
                fails: options.rules.fails(state),
            }
        })
        .collect();
    Ok(Findings {
        items,
        unevidenced: unevidenced(files, options.rules),
    })
}

/// The findings of answers files by the rules of `config`'s `[evidence]` (defaults without
/// one), paths kept inside its folder, as of `today`, files hashed. What `aima evidence`,
/// `check --evidence`, the report, attestations and the policy input show.
pub fn of_files(
    files: &[AnswersFile],
    config: Option<&crate::config::Config>,
    today: Date,
) -> Result<(Findings, Rules), Problems> {
    let rules = Rules::from_config(config.map(|c| &c.evidence));
    let options = Options {
        root: config.map(|c| c.dir.as_path()),
        today,
        rules: &rules,
        hash: true,
    };
    Ok((findings(files, &options)?, rules))
}

/// The answers of a merged assessment as one [`AnswersFile`] per source, each holding the
/// answers that came from it (an answer without a recorded origin, unanswered, goes to the
/// first source): what [`of_files`] needs, without reading the files again (standard input
/// included). Metadata and targets are left empty; evidence needs neither.
pub fn files_of(assessment: &crate::answers::Assessment) -> Vec<AnswersFile> {
    let mut files: Vec<AnswersFile> = assessment
        .sources
        .iter()
        .map(|name| AnswersFile {
            file: name.clone(),
            ..AnswersFile::default()
        })
        .collect();
    if files.is_empty() {
        return files;
    }
    for (code, answer) in &assessment.answers {
        if answer.evidence.is_empty() && answer.word.is_none() {
            continue;
        }
        let origin = assessment.provenance.origins.get(code).copied().unwrap_or(0);
        let index = origin.min(files.len() - 1);
        let kept = crate::answers::Answer {
            word: answer.word,
            evidence: answer.evidence.clone(),
            ..crate::answers::Answer::default()
        };
        files[index]
            .answers
            .push((code.clone(), crate::base::diag::Pos::FILE, kept));
    }
    files
}

fn unevidenced(files: &[AnswersFile], rules: &Rules) -> Vec<Unevidenced> {
    files
        .iter()
        .flat_map(|f| {
            f.answers.iter().filter_map(|(question, _, a)| {
                let word = a.word?;
                (rules.require.contains(&word) && a.evidence.is_empty()).then(|| Unevidenced {
                    file: f.file.clone(),
                    question: question.clone(),
                    answer: word.as_str().to_string(),
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_without_the_disk() {
        let n = |p: &str| normalize(Path::new(p)).map(|p| p.display().to_string());
        assert_eq!(n("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(n("a/../../c"), None);
        assert_eq!(n("/x/../y").as_deref(), Some("/y"));
    }

    #[test]
    fn paths_stay_in_the_project() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path();
        let sub = root.join("assessments/bot");
        std::fs::create_dir_all(&sub).expect("mkdir");
        assert!(inside(&sub, root, "../../docs/a.pdf").is_ok());
        assert!(
            inside(&sub, root, "../../../a.pdf")
                .unwrap_err()
                .contains("leads outside the project folder")
        );
        assert!(inside(&sub, &sub, "../x.pdf").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", sub.join("link")).expect("symlink");
            assert!(inside(&sub, root, "link").unwrap_err().contains("symbolic link"));
        }
    }
}
