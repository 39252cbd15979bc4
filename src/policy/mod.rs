//! Policy as code (docs/policy.md): Rego policies (OPA's language, v1 syntax) run by an
//! embedded interpreter, regorus, over the policy input ([`input`]).
//!
//! A policy is one `.rego` file of `package aima`; its `deny` and `warn` rules are sets
//! of messages (text, or objects with `msg` and optional `practice`, `clause`). Files of
//! other packages are libraries: they are loaded beside every policy, so shared rules can
//! live in `package aima.lib`. Each policy is evaluated on its own (the set of `deny` it
//! gives is what `opa eval -d FILE -d LIBS... 'data.aima.deny'` gives), so the results
//! name the file that produced each message. Every failure is a located `error:` (exit 2).

pub mod gather;
pub mod input;
pub mod limit;
pub mod reads;
pub mod value;

use std::path::{Path, PathBuf};
use std::time::Duration;

use regorus::Value;
use serde::Serialize;

use crate::base::diag::{Pos, Problem};
use limit::{Limits, Stopped};

/// The package whose `deny` and `warn` rules are read.
pub const PACKAGE: &str = "aima";

/// The rules read, with the query that gives each.
const RULES: [(&str, &str); 2] = [("deny", "data.aima.deny"), ("warn", "data.aima.warn")];

/// Largest policy file read (regorus also bounds lines and columns).
const MAX_POLICY_BYTES: u64 = 1024 * 1024;

/// A message of a policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct Message {
    pub msg: String,
    /// The practice the message is about, when the policy names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice: Option<String>,
    /// The clause (`FRAMEWORK:CLAUSE` or a clause id) the message is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

impl Message {
    /// `msg`, with the practice and clause it names: `msg (DM-DT)`.
    pub fn line(&self) -> String {
        let named: Vec<&str> = [self.practice.as_deref(), self.clause.as_deref()]
            .into_iter()
            .flatten()
            .filter(|n| !self.msg.contains(n))
            .collect();
        if named.is_empty() {
            self.msg.clone()
        } else {
            format!("{} ({})", self.msg, named.join(", "))
        }
    }
}

/// What one policy file said about one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PolicyResult {
    /// The policy file as named (on the command line, or joined to aima.toml's folder).
    pub file: String,
    /// `data.aima.deny`, sorted: any message fails the check.
    pub deny: Vec<Message>,
    /// `data.aima.warn`, sorted: printed, does not fail.
    pub warn: Vec<Message>,
}

/// One loaded, compiled policy.
#[derive(Clone)]
struct Policy {
    file: String,
    /// The texts loaded (libraries, then the policy), for locating errors.
    sources: Vec<(String, String)>,
    engine: regorus::Engine,
    /// Of each of [`RULES`]: whether it can have a value (the policy declares it, or a
    /// library may); one that cannot is undefined without being evaluated.
    declared: [bool; 2],
}

fn borrowed(texts: &[(String, String)]) -> Vec<(&str, &str)> {
    texts.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect()
}

/// The policies of `--policy` and `[policy] paths`, parsed and compiled once.
#[derive(Clone, Default)]
pub struct PolicySet {
    policies: Vec<Policy>,
    limits: Option<Limits>,
    /// The top-level input keys the policies and libraries can read.
    reads: reads::Reads,
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.policies.iter().map(|p| &p.file))
            .finish()
    }
}

impl PolicySet {
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// The policy files, in evaluation order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.policies.iter().map(|p| p.file.as_str())
    }

    /// Evaluates with other limits than [`limit::DEFAULT`].
    pub fn with_limits(mut self, limits: Limits) -> PolicySet {
        self.limits = Some(limits);
        self
    }

    /// The top-level input keys the policies can read: what the input must hold for them.
    pub fn reads(&self) -> &reads::Reads {
        &self.reads
    }

    fn limits(&self) -> Limits {
        self.limits.unwrap_or(limit::DEFAULT)
    }
}

/// A path to load, and how messages show it.
#[derive(Debug, Clone)]
pub struct PolicyPath {
    pub path: PathBuf,
    pub display: String,
}

/// Reads every `.rego` file of `paths` (files, or folders searched recursively, sorted by
/// name; `*_test.rego` files and hidden entries skipped), parses and compiles them.
pub fn load(paths: &[PolicyPath]) -> Result<PolicySet, Problem> {
    let mut files = Vec::new();
    for p in paths {
        let found = rego_files(&p.path, &p.display)?;
        if found.is_empty() {
            return Err(Problem::new(
                &p.display,
                Pos::FILE,
                "the folder holds no .rego file (a policy is a .rego file of `package aima`)",
            ));
        }
        files.extend(found);
    }
    let mut sources = Vec::new();
    for (path, display) in files {
        let text = read_policy(&path, &display)?;
        sources.push((display, text));
    }
    compile(sources)
}

/// Compiles policies from text: each `(file, source)` of `package aima` is a policy, the
/// others are libraries loaded beside each of them.
pub fn compile(sources: Vec<(String, String)>) -> Result<PolicySet, Problem> {
    let mut libraries = Vec::new();
    let mut mains = Vec::new();
    let mut nested = false;
    for (file, text) in sources {
        // Each file is parsed once here; a policy's engine is the one that parsed it.
        let mut engine = new_engine();
        let package = engine
            .add_policy(file.clone(), text.clone())
            .map_err(|e| located(&file, &[(&file, &text)], &e))?;
        if package == format!("data.{PACKAGE}") {
            mains.push((file, text, engine));
        } else {
            nested |= package.starts_with(&format!("data.{PACKAGE}."));
            libraries.push((file, text));
        }
    }
    let reads = reads::Reads::of(
        libraries
            .iter()
            .map(|(_, t)| t.as_str())
            .chain(mains.iter().map(|(_, t, _)| t.as_str())),
    );
    let mut policies = Vec::new();
    for (file, source, engine) in mains {
        policies.push(policy(file, source, engine, &libraries, nested)?);
    }
    Ok(PolicySet {
        policies,
        limits: None,
        reads,
    })
}

/// A policy's engine with the libraries added, compiled (unsafe variables, conflicts)
/// once, here, rather than on every input. `nested`: a library's package lies under
/// `data.aima`, so a rule the policy does not declare may still have a value.
fn policy(
    file: String,
    source: String,
    mut engine: regorus::Engine,
    libraries: &[(String, String)],
    nested: bool,
) -> Result<Policy, Problem> {
    for (name, text) in libraries {
        engine
            .add_policy(name.clone(), text.clone())
            .map_err(|e| located(name, &[(name, text)], &e))?;
    }
    let mut texts = libraries.to_vec();
    texts.push((file.clone(), source));
    engine.set_input(Value::new_object());
    engine
        .eval_query("true".to_string(), false)
        .map_err(|e| located(&file, &borrowed(&texts), &e))?;
    let declared =
        RULES.map(|(rule, _)| nested || engine.has_declared_rule_rooted_at(&file, rule).unwrap_or(true));
    Ok(Policy {
        file,
        sources: texts,
        engine,
        declared,
    })
}

fn new_engine() -> regorus::Engine {
    let mut engine = regorus::Engine::new();
    // OPA's default: a built-in's error makes its expression undefined.
    engine.set_strict_builtin_errors(false);
    engine
}

/// The `.rego` files of a path: the file itself, or a folder's, recursively.
fn rego_files(path: &Path, display: &str) -> Result<Vec<(PathBuf, String)>, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| Problem::new(display, Pos::FILE, io_text(&e)))?;
    if !meta.is_dir() {
        return Ok(vec![(path.to_path_buf(), display.to_string())]);
    }
    let entries = crate::base::input::list_folder(path, usize::MAX)
        .map_err(|e| Problem::new(display, Pos::FILE, io_text(&e)))?;
    let mut found = Vec::new();
    for name in entries
        .into_iter()
        .map(|e| e.name)
        .filter(|n| !n.starts_with('.'))
    {
        let child = path.join(&name);
        let shown = format!("{}/{name}", display.trim_end_matches('/'));
        if child.is_dir() {
            found.extend(rego_files(&child, &shown)?);
        } else if name.ends_with(".rego") && !name.ends_with("_test.rego") {
            found.push((child, shown));
        }
    }
    Ok(found)
}

fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

fn read_policy(path: &Path, display: &str) -> Result<String, Problem> {
    let bytes = crate::base::input::read_bytes(path, display, MAX_POLICY_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        Problem::new(
            display,
            Pos::FILE,
            format!("is not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// A regorus error as a located problem: regorus writes `--> FILE:LINE:COL`, the source
/// line, a caret, and `error: MESSAGE`. regorus counts a tab as 4 columns; the column
/// given is the character's (1-based), as editors and OPA count it. `sources` are the
/// texts of the files an error may point into.
fn located(file: &str, sources: &[(&str, &str)], error: &impl std::fmt::Display) -> Problem {
    let text = format!("{error:#}");
    let message = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or(text.trim())
        .to_string();
    let pos = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|rest| {
            let mut parts = rest.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), Pos::new(line, column)))
        });
    match pos {
        Some((at, pos)) => {
            let text = sources.iter().find(|(f, _)| *f == at).map_or("", |(_, t)| *t);
            let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
            Problem::new(at, Pos::new(pos.line, char_column(line, pos.column)), message)
        }
        None => Problem::new(file, Pos::FILE, message),
    }
}

/// The 1-based character column of regorus's column `col` (tabs counted as 4) in `line`.
fn char_column(line: &str, col: usize) -> usize {
    let mut at = 1;
    let mut chars = 0;
    for c in line.chars() {
        if at >= col {
            break;
        }
        at += if c == '\t' { 4 } else { 1 };
        chars += 1;
    }
    // Past the end of the line: as many columns beyond it as regorus says.
    chars + 1 + col.saturating_sub(at)
}

/// Evaluates every policy over `input` (the policy input, [`value::to_value`]), each on a
/// bounded worker ([`limit`]). Results in policy order.
pub fn evaluate(set: &PolicySet, input: &Value) -> Result<Vec<PolicyResult>, Problem> {
    let limits = set.limits();
    let mut results = Vec::new();
    for policy in &set.policies {
        let on_exceeded = format!(
            "error: {}: the policy used more than the memory limit ({} MiB) and was stopped (docs/policy.md)\n",
            crate::base::sanitize::terminal_line(&policy.file),
            limits.memory / (1024 * 1024)
        );
        let worker = policy.clone();
        // Shared by every policy's worker (regorus's values are reference-counted).
        let input = input.clone();
        let deadline = limits.time + limit::GRACE;
        let got = limit::run_bounded(limits, deadline, on_exceeded, move || {
            run_one(worker, input, limits.time)
        });
        match got {
            Ok(result) => results.push(result?),
            Err(Stopped::Deadline) => return Err(too_long(&policy.file, limits.time)),
            Err(Stopped::Panicked(why)) => {
                return Err(Problem::new(
                    &policy.file,
                    Pos::FILE,
                    format!("the Rego interpreter failed: {why} (a bug; please report it)"),
                ));
            }
        }
    }
    Ok(results)
}

fn too_long(file: &str, limit: Duration) -> Problem {
    Problem::new(
        file,
        Pos::FILE,
        format!(
            "the policy ran longer than the time limit ({} s) and was stopped (docs/policy.md)",
            limit.as_secs_f64()
        ),
    )
}

/// One policy over one input, on the worker.
fn run_one(policy: Policy, input: Value, time: Duration) -> Result<PolicyResult, Problem> {
    let Policy {
        file,
        sources,
        mut engine,
        declared,
    } = policy;
    let texts = borrowed(&sources);
    let source = texts.last().map_or("", |(_, t)| *t);
    engine.set_input(input);
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: time,
        check_interval: std::num::NonZeroU32::MIN.saturating_add(99),
    });
    let mut sets = Vec::new();
    for ((rule, query), declared) in RULES.into_iter().zip(declared) {
        let value = match declared.then(|| value_of(&mut engine, query)) {
            None => Value::Undefined,
            Some(Ok(value)) => value,
            Some(Err(e)) if is_time_limit(&e) => return Err(too_long(&file, time)),
            Some(Err(e)) => return Err(located(&file, &texts, &e)),
        };
        sets.push(messages(&file, source, rule, &value)?);
    }
    let warn = sets.pop().unwrap_or_default();
    let deny = sets.pop().unwrap_or_default();
    Ok(PolicyResult { file, deny, warn })
}

/// The value of the rule `query` names: by the rule itself (no query to parse and plan),
/// and where regorus cannot take it so (a rule declared only by its children, such as
/// `deny.x := 1`), by the query, as `opa eval` asks it.
/// The error is regorus's, as its alternate form shows it.
fn value_of(engine: &mut regorus::Engine, query: &str) -> Result<Value, String> {
    match engine.eval_rule(query.to_string()) {
        Ok(value) => return Ok(value),
        Err(e) if is_time_limit(&e) => return Err(format!("{e:#}")),
        Err(_) => {}
    }
    let results = engine
        .eval_query(query.to_string(), false)
        .map_err(|e| format!("{e:#}"))?;
    Ok(results
        .result
        .into_iter()
        .next()
        .and_then(|r| r.expressions.into_iter().next())
        .map_or(Value::Undefined, |e| e.value))
}

/// regorus's timer error (`LimitError::TimeLimitExceeded`, as it displays).
fn is_time_limit(error: &impl std::fmt::Display) -> bool {
    format!("{error:#}").contains("execution exceeded time limit")
}

/// The messages of a rule's value: undefined is none; else it must be a set of text or
/// `{msg, practice?, clause?}` objects.
fn messages(file: &str, source: &str, rule: &str, value: &Value) -> Result<Vec<Message>, Problem> {
    let items = match value {
        Value::Undefined => return Ok(Vec::new()),
        Value::Set(items) => items,
        other => {
            return Err(Problem::new(
                file,
                rule_pos(source, rule),
                format!(
                    "`{rule}` must be a set of messages (write `{rule} contains msg if {{ ... }}`), not {}",
                    kind(other)
                ),
            ));
        }
    };
    let mut out = Vec::new();
    for item in items.iter() {
        out.push(message(item).ok_or_else(|| {
            Problem::new(
                file,
                rule_pos(source, rule),
                format!(
                    "a `{rule}` message must be text or an object {{msg, practice, clause}} with text values, not {}",
                    crate::base::diag::shown(&item.to_string())
                ),
            )
        })?);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn message(item: &Value) -> Option<Message> {
    if let Value::String(text) = item {
        return Some(Message {
            msg: text.to_string(),
            practice: None,
            clause: None,
        });
    }
    let Value::Object(fields) = item else {
        return None;
    };
    let text = |key: &str| -> Option<Option<String>> {
        match fields.get(&Value::from(key)) {
            None => Some(None),
            Some(Value::String(s)) => Some(Some(s.to_string())),
            Some(_) => None,
        }
    };
    Some(Message {
        msg: text("msg")??,
        practice: text("practice")?,
        clause: text("clause")?,
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
        Value::String(_) => "text",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
        _ => "a value of another kind",
    }
}

/// Where `rule` is first defined in `source` (a line that starts with it), else the file.
fn rule_pos(source: &str, rule: &str) -> Pos {
    source
        .lines()
        .enumerate()
        .find_map(|(i, line)| {
            let rest = line.trim_start().strip_prefix(rule)?;
            let column = line.len() - line.trim_start().len() + 1;
            (rest.is_empty() || rest.starts_with([' ', ':', '=', '[', '{', '.', '\t']))
                .then_some(Pos::new(i + 1, column))
        })
        .unwrap_or(Pos::FILE)
}

#[cfg(test)]
mod tests;
