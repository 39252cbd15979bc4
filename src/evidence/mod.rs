//! The states of evidence items (docs/evidence.md): a pure engine. What the files on disk
//! say (does a path exist, what is its digest) is gathered by [`gather`] and handed in as a
//! [`Fact`] per item; the clock is the `today` argument; the rules come from aima.toml's
//! `[evidence]`. Policy input, report, check and attestation all read [`Findings`].

pub mod gather;
pub mod hash;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::answers::evidence::{Evidence, Kind};
use crate::answers::{Date, Word};
use crate::config::EvidenceConfig;

/// Evidence older than this many days is stale unless aima.toml says otherwise.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 365;

/// The state of one evidence item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Dated, not expired, not stale; a local file that exists and, when it has a digest,
    /// still matches it.
    Ok,
    /// Past its `expires` date.
    Expired,
    /// Its `date` is older than `[evidence] max_age_days`.
    Stale,
    /// A local file without a `date`.
    Undated,
    /// A path that does not exist.
    Missing,
    /// A local file whose SHA-256 differs from the recorded one.
    Changed,
    /// A URL: aima never fetches one, so only its dates are checked.
    Link,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Ok,
        State::Expired,
        State::Stale,
        State::Undated,
        State::Missing,
        State::Changed,
        State::Link,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Expired => "expired",
            State::Stale => "stale",
            State::Undated => "undated",
            State::Missing => "missing",
            State::Changed => "changed",
            State::Link => "link",
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the gathering layer found for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// The reference is a URL.
    Url,
    /// A path that does not exist (or is not a regular file).
    Missing,
    /// A regular file; its SHA-256 when it was computed.
    File { sha256: Option<String> },
}

/// The rules of `[evidence]` in aima.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub max_age_days: u32,
    pub fail_on_stale: bool,
    /// Answers that must have evidence.
    pub require: Vec<Word>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            max_age_days: DEFAULT_MAX_AGE_DAYS,
            fail_on_stale: false,
            require: Vec::new(),
        }
    }
}

impl Rules {
    pub fn from_config(config: Option<&EvidenceConfig>) -> Rules {
        let Some(c) = config else {
            return Rules::default();
        };
        Rules {
            max_age_days: c.max_age_days.unwrap_or(DEFAULT_MAX_AGE_DAYS),
            fail_on_stale: c.fail_on_stale,
            require: c.require.iter().filter_map(|w| Word::parse(w)).collect(),
        }
    }

    /// Whether an item in `state` fails `evidence --check`.
    pub fn fails(&self, state: State) -> bool {
        match state {
            State::Expired | State::Missing | State::Changed => true,
            State::Stale => self.fail_on_stale,
            State::Ok | State::Undated | State::Link => false,
        }
    }
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    days_from_civil(to) - days_from_civil(from)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm, the inverse of
/// `Date::from_days_since_epoch`).
fn days_from_civil(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The state of `item`, given what was found on disk, today's date and the rules.
/// Precedence: missing, changed, expired, stale, then undated (a file) or link (a URL),
/// else ok.
pub fn state(item: &Evidence, fact: &Fact, today: Date, rules: &Rules) -> State {
    match fact {
        Fact::Missing => return State::Missing,
        Fact::File { sha256: Some(now) } if item.sha256.as_ref().is_some_and(|s| s != now) => {
            return State::Changed;
        }
        _ => {}
    }
    if item.expires.is_some_and(|e| e < today) {
        return State::Expired;
    }
    if item
        .date
        .is_some_and(|d| days_between(d, today) > i64::from(rules.max_age_days))
    {
        return State::Stale;
    }
    match (fact, item.date) {
        (Fact::Url, _) => State::Link,
        (_, None) => State::Undated,
        _ => State::Ok,
    }
}

/// One item with its place and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Entry {
    /// The answers file, as named.
    pub file: String,
    pub question: String,
    /// The answer word, or null when unanswered.
    pub answer: Option<String>,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: Option<String>,
    pub kind: Option<Kind>,
    pub date: Option<String>,
    pub expires: Option<String>,
    /// The recorded digest.
    pub sha256: Option<String>,
    /// The path as read (relative to the current folder), for a local file.
    pub path: Option<String>,
    /// The digest of the file now, when it was computed.
    pub actual_sha256: Option<String>,
    pub state: State,
    /// Whether this state fails `evidence --check`.
    pub fails: bool,
}

/// A `yes` or `mostly` (or another answer `[evidence] require` names) without evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Unevidenced {
    pub file: String,
    pub question: String,
    pub answer: String,
}

/// Every item's state and the answers that lack required evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Findings {
    pub items: Vec<Entry>,
    pub unevidenced: Vec<Unevidenced>,
}

impl Findings {
    /// True when `evidence --check` passes.
    pub fn passed(&self) -> bool {
        self.unevidenced.is_empty() && !self.items.iter().any(|e| e.fails)
    }

    /// How many items are in each state, in [`State::ALL`] order (states with none left out).
    pub fn counts(&self) -> Vec<(State, usize)> {
        State::ALL
            .into_iter()
            .map(|s| (s, self.items.iter().filter(|e| e.state == s).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The state of the item `reference` of `question`, when there is one.
    pub fn state_of(&self, question: &str, reference: &str) -> Option<State> {
        self.items
            .iter()
            .find(|e| e.question == question && e.reference == reference)
            .map(|e| e.state)
    }
}

/// What `aima evidence hash` did to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filled {
    /// The digest was recorded (and the date, when there was none).
    Recorded,
    /// The recorded digest differed from the file's and was replaced.
    Renewed,
    /// The digest was already the file's (a missing date was still filled in).
    Unchanged,
}

/// Records `sha256` (and `today` as the date when there is none) in `item`.
pub fn fill(item: &mut Evidence, sha256: &str, today: Date) -> Filled {
    let done = match &item.sha256 {
        None => Filled::Recorded,
        Some(old) if old == sha256 => Filled::Unchanged,
        Some(_) => Filled::Renewed,
    };
    item.sha256 = Some(sha256.to_string());
    if item.date.is_none() {
        item.date = Some(today);
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).expect("date")
    }

    fn item(date: Option<&str>, expires: Option<&str>, sha: Option<&str>) -> Evidence {
        Evidence {
            reference: "docs/a.pdf".into(),
            date: date.map(d),
            expires: expires.map(d),
            sha256: sha.map(str::to_string),
            ..Evidence::default()
        }
    }

    #[test]
    fn every_state_by_its_rule() {
        let today = d("2026-11-20");
        let rules = Rules::default();
        let file = |sha: &str| Fact::File {
            sha256: Some(sha.to_string()),
        };
        let cases = [
            (item(Some("2026-01-01"), None, Some("aa")), file("aa"), State::Ok),
            (
                item(Some("2026-01-01"), None, Some("aa")),
                file("bb"),
                State::Changed,
            ),
            (
                item(Some("2026-01-01"), None, None),
                Fact::Missing,
                State::Missing,
            ),
            (
                item(Some("2026-01-01"), Some("2026-11-19"), None),
                file("x"),
                State::Expired,
            ),
            (
                item(Some("2026-01-01"), Some("2026-11-20"), None),
                file("x"),
                State::Ok,
            ),
            (item(Some("2025-11-20"), None, None), file("x"), State::Ok),
            (item(Some("2025-11-19"), None, None), file("x"), State::Stale),
            (item(None, None, None), file("x"), State::Undated),
            (item(None, None, None), Fact::Url, State::Link),
            (item(Some("2020-01-01"), None, None), Fact::Url, State::Stale),
            (item(None, Some("2026-01-01"), None), Fact::Url, State::Expired),
        ];
        for (i, (item, fact, want)) in cases.into_iter().enumerate() {
            assert_eq!(state(&item, &fact, today, &rules), want, "case {i}");
        }
        let strict = Rules {
            fail_on_stale: true,
            ..Rules::default()
        };
        assert!(!rules.fails(State::Stale) && strict.fails(State::Stale));
        assert!(rules.fails(State::Changed) && !rules.fails(State::Undated) && !rules.fails(State::Link));
    }

    #[test]
    fn filling_records_a_digest_and_a_missing_date_only() {
        let today = d("2026-11-20");
        let mut fresh = item(None, None, None);
        assert_eq!(fill(&mut fresh, "aa", today), Filled::Recorded);
        assert_eq!((fresh.sha256.as_deref(), fresh.date), (Some("aa"), Some(today)));
        let mut dated = item(Some("2026-01-01"), None, Some("bb"));
        assert_eq!(fill(&mut dated, "aa", today), Filled::Renewed);
        assert_eq!(dated.date, Some(d("2026-01-01")));
        assert_eq!(fill(&mut dated, "aa", today), Filled::Unchanged);
    }

    #[test]
    fn days_between_dates() {
        assert_eq!(days_between(d("2025-11-20"), d("2026-11-20")), 365);
        assert_eq!(days_between(d("2024-02-28"), d("2024-03-01")), 2);
        assert_eq!(days_between(d("2026-01-02"), d("2026-01-01")), -1);
        for n in [0, 11_016, 20_414, 40_000] {
            assert_eq!(days_from_civil(Date::from_days_since_epoch(n)), n);
        }
    }
}
