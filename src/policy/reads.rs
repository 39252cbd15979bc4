//! Which keys of the input a set of policies can read (docs/policy.md, "What a check
//! computes"): the keys named right after `input` (`input.evidence`, `input["evidence"]`)
//! outside comments and strings, and of each, the keys named right after it
//! (`input.score.by_practice`). Any other use of `input` (bare, with a computed key, `with
//! input as`, `import input`) can read anything, and any other use of `input.score` all of
//! `score`. Conservative by construction: a key is left out only when no text of any
//! policy or library names it.

use std::collections::{BTreeMap, BTreeSet};

/// The input keys read: `None` when any may be; per top-level key, the keys of it read
/// (`None`: all of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads(Option<BTreeMap<String, Option<BTreeSet<String>>>>);

impl Reads {
    /// Every key (what `aima policy input` prints).
    pub fn all() -> Reads {
        Reads(None)
    }

    /// True when `key` may be read.
    pub fn has(&self, key: &str) -> bool {
        self.0.as_ref().is_none_or(|keys| keys.contains_key(key))
    }

    /// The keys of `key` that may be read, when only some may (`None`: all of them).
    pub fn fields(&self, key: &str) -> Option<&BTreeSet<String>> {
        self.0.as_ref()?.get(key)?.as_ref()
    }

    /// The keys read by the Rego `sources`.
    pub fn of<'a>(sources: impl IntoIterator<Item = &'a str>) -> Reads {
        let mut keys = BTreeMap::new();
        for source in sources {
            if !scan(source, &mut keys) {
                return Reads::all();
            }
        }
        Reads(Some(keys))
    }
}

/// Adds the keys `source` reads to `keys`; false when it may read any.
fn scan(source: &str, keys: &mut BTreeMap<String, Option<BTreeSet<String>>>) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_until(bytes, i + 1, b'\n'),
            b'`' => i = skip_until(bytes, i + 1, b'`') + 1,
            b'"' => i = skip_string(bytes, i + 1),
            c if is_ident(c) => {
                let start = i;
                while i < bytes.len() && is_ident(bytes[i]) {
                    i += 1;
                }
                let after_dot = start > 0 && bytes[start - 1] == b'.';
                if &bytes[start..i] == b"input" && !after_dot {
                    let Some((key, end)) = key_after(bytes, i) else {
                        return false;
                    };
                    let field = key_after(bytes, end).map(|(field, _)| field);
                    add(keys, key, field);
                }
            }
            _ => i += 1,
        }
    }
    true
}

/// Records that `key` is read: only its `field`, or (`None`) all of it.
fn add(keys: &mut BTreeMap<String, Option<BTreeSet<String>>>, key: String, field: Option<String>) {
    let entry = keys.entry(key).or_insert_with(|| Some(BTreeSet::new()));
    match (entry.as_mut(), field) {
        (Some(fields), Some(field)) => {
            fields.insert(field);
        }
        (Some(_), None) => *entry = None,
        (None, _) => {}
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The index of the first `end` at or after `from` (the length when there is none).
fn skip_until(bytes: &[u8], from: usize, end: u8) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|&c| c == end)
        .map_or(bytes.len(), |p| from + p)
}

/// The index just past the string whose body starts at `from`.
fn skip_string(bytes: &[u8], mut from: usize) -> usize {
    while from < bytes.len() {
        match bytes[from] {
            b'\\' => from += 2,
            b'"' => return from + 1,
            _ => from += 1,
        }
    }
    bytes.len()
}

/// The key read at `at` (just past a word or a key): `.key` or `["key"]`, and where it ends.
fn key_after(bytes: &[u8], at: usize) -> Option<(String, usize)> {
    let rest = &bytes[at.min(bytes.len())..];
    if let Some(tail) = rest.strip_prefix(b".") {
        let len = tail.iter().take_while(|&&c| is_ident(c)).count();
        return (len > 0).then(|| (String::from_utf8_lossy(&tail[..len]).into_owned(), at + 1 + len));
    }
    let tail = rest.strip_prefix(b"[\"")?;
    let len = tail.iter().take_while(|&&c| is_ident(c) || c == b'-').count();
    tail[len..].starts_with(b"\"]").then(|| {
        (
            String::from_utf8_lossy(&tail[..len]).into_owned(),
            at + 2 + len + 2,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> Option<Vec<String>> {
        Reads::of([source]).0.map(|k| k.into_keys().collect())
    }

    #[test]
    fn the_keys_of_a_key_are_read_when_named_each_time() {
        let reads = Reads::of([
            "a := input.score.by_practice[\"DM-DT\"]\nb := input[\"score\"][\"by_domain\"]\nc := input.system.eu_ai_act\nd := input.system",
        ]);
        let fields = |k| reads.fields(k).map(|f| f.iter().cloned().collect::<Vec<_>>());
        assert_eq!(
            fields("score"),
            Some(vec!["by_domain".to_string(), "by_practice".to_string()])
        );
        // `input.system` alone reads all of it, whatever else names a key of it.
        assert_eq!(fields("system"), None);
        assert!(reads.has("system") && !reads.has("evidence"));
        for whole in [
            "x := input.score[k]",
            "x := input.score",
            "some k, v in input.score",
        ] {
            assert_eq!(Reads::of([whole]).fields("score"), None, "{whole}");
            assert!(Reads::of([whole]).has("score"));
        }
    }

    #[test]
    fn keys_named_after_input_are_read() {
        let got = keys(
            "package aima\n# input.config in a comment\ndeny contains \"input.attestation\" if {\n\
             \tinput.score.by_practice[\"DM-DT\"].level < 2\n\tinput[\"evidence\"].passed\n\
             \tx := `input.crosswalk`\n\ty := data.input.system\n}\n",
        );
        assert_eq!(got, Some(vec!["evidence".to_string(), "score".to_string()]));
    }

    #[test]
    fn any_other_use_of_input_reads_everything() {
        for source in [
            "x := input",
            "x := input[k]",
            "x := object.keys(input)",
            "import input\n",
            "deny contains 1 if { true with input as {} }",
            "x := input [\"score\"]",
        ] {
            assert_eq!(keys(source), None, "{source}");
        }
        assert!(Reads::all().has("crosswalk"));
        assert!(!Reads::of(["x := input.score"]).has("crosswalk"));
    }
}
