//! The scoring engine (pure; no I/O). Implements the contract's §3 to the letter:
//!
//! * **AIMA level** (the AIMA v1.0 document's gated rule): the largest L in 0..3 such that
//!   every applicable question at levels 1..L is met (`yes`); `+` when L < 3 and some
//!   applicable question above L is met. Unanswered questions are not met.
//! * **Toolkit score** (the AIMA Toolkit v1.0.1 formula): the mean of answer values
//!   (yes 3, mostly 2, partly 1, no 0) over applicable questions, unanswered counted as 0.
//! * Domain and overall roll-ups (this tool's own): weakest-link level, with `+` when any
//!   part has a met question above it; mean score of the applicable parts.
//!
//! Scores are kept as exact fractions and rounded half-up to two decimals only when shown,
//! so 2.345 shows as 2.35 and roll-ups do not accumulate rounding.

use std::fmt;

use crate::answers::{Assessment, Word};
use crate::model::{Model, Practice};

/// An exact non-negative fraction.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    num: u64,
    den: u64,
}

impl Ratio {
    pub fn new(num: u64, den: u64) -> Ratio {
        assert!(den > 0, "a ratio needs a non-zero denominator");
        let g = gcd(num, den);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    /// The mean of `items` (None when there are none).
    pub fn mean(items: impl IntoIterator<Item = Ratio>) -> Option<Ratio> {
        let mut sum = Ratio::new(0, 1);
        let mut count = 0u64;
        for r in items {
            let den = sum.den / gcd(sum.den, r.den) * r.den;
            sum = Ratio::new(sum.num * (den / sum.den) + r.num * (den / r.den), den);
            count += 1;
        }
        (count > 0).then(|| Ratio::new(sum.num, sum.den * count))
    }

    /// Rounded half-up to hundredths, as an integer (2.345 → 235).
    pub fn hundredths(self) -> u64 {
        (self.num * 200 + self.den) / (2 * self.den)
    }

    /// Rounded to two decimals.
    pub fn rounded(self) -> f64 {
        self.hundredths() as f64 / 100.0
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Ratio) -> bool {
        u128::from(self.num) * u128::from(other.den) == u128::from(other.num) * u128::from(self.den)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<std::cmp::Ordering> {
        (u128::from(self.num) * u128::from(other.den))
            .partial_cmp(&(u128::from(other.num) * u128::from(self.den)))
    }
}

impl fmt::Display for Ratio {
    /// Two decimals, always (`2.00`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.hundredths();
        write!(f, "{}.{:02}", h / 100, h % 100)
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// An AIMA level with its `+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Level {
    pub level: u8,
    pub plus: bool,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.level, if self.plus { "+" } else { "" })
    }
}

/// The result of a stream, practice, domain or the whole assessment: both scores, or
/// not applicable (every question `na`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rating {
    NotApplicable,
    Rated { level: Level, score: Ratio },
}

impl Rating {
    pub fn level(&self) -> Option<Level> {
        match self {
            Rating::Rated { level, .. } => Some(*level),
            Rating::NotApplicable => None,
        }
    }

    pub fn score(&self) -> Option<Ratio> {
        match self {
            Rating::Rated { score, .. } => Some(*score),
            Rating::NotApplicable => None,
        }
    }

    /// `1+`, `2`, or `n/a`.
    pub fn label(&self) -> String {
        self.level().map_or_else(|| "n/a".to_string(), |l| l.to_string())
    }

    /// The score with two decimals, or `n/a`.
    pub fn score_text(&self) -> String {
        self.score().map_or_else(|| "n/a".to_string(), |s| s.to_string())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StreamResult {
    pub id: String,
    pub rating: Rating,
    pub unanswered: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PracticeResult {
    pub id: String,
    pub name: String,
    pub rating: Rating,
    pub streams: [StreamResult; 2],
    pub unanswered: usize,
    /// None when no target applies, and always for a not-applicable practice.
    pub target: Option<u8>,
    pub gap: Option<u8>,
    /// Question codes to answer `yes` to reach the target, in roadmap order.
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DomainResult {
    pub id: String,
    pub name: String,
    pub rating: Rating,
    pub practices: Vec<PracticeResult>,
    pub unanswered: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreResult {
    /// `id@version` of the model.
    pub model: String,
    pub overall: Rating,
    pub domains: Vec<DomainResult>,
    pub unanswered: usize,
    pub questions: usize,
}

impl ScoreResult {
    pub fn complete(&self) -> bool {
        self.unanswered == 0
    }

    pub fn practices(&self) -> impl Iterator<Item = &PracticeResult> {
        self.domains.iter().flat_map(|d| d.practices.iter())
    }

    pub fn practice(&self, id: &str) -> Option<&PracticeResult> {
        self.practices().find(|p| p.id == id)
    }

    /// Applicable practices below their target, in model order.
    pub fn gaps(&self) -> impl Iterator<Item = &PracticeResult> {
        self.practices().filter(|p| p.gap.is_some_and(|g| g > 0))
    }

    /// True when any applicable practice has a target.
    pub fn has_targets(&self) -> bool {
        self.practices().any(|p| p.target.is_some())
    }

    /// The roadmap: every action, grouped by level (phase 1 = level-1 actions, ...),
    /// each phase in model order, stream A before B. Empty phases are left out.
    pub fn roadmap(&self) -> Vec<(u8, Vec<(&PracticeResult, &str)>)> {
        (1..=3u8)
            .map(|level| {
                let actions = self
                    .practices()
                    .flat_map(|p| p.actions.iter().map(move |a| (p, a.as_str())))
                    .filter(|(_, a)| a.ends_with(&format!("-{level}")))
                    .collect::<Vec<_>>();
                (level, actions)
            })
            .filter(|(_, actions)| !actions.is_empty())
            .collect()
    }
}

/// Scoring options from the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `--target N`: used where no practice or domain target applies, over `default`.
    pub target: Option<u8>,
}

/// An answer as the rules see it: level, stream index, word (None = unanswered).
#[derive(Debug, Clone, Copy)]
struct Item {
    level: u8,
    word: Option<Word>,
}

impl Item {
    fn applicable(self) -> bool {
        self.word != Some(Word::Na)
    }
    fn met(self) -> bool {
        self.word == Some(Word::Yes)
    }
}

/// Scores `assessment` against `model`.
pub fn score(model: &Model, assessment: &Assessment, options: Options) -> ScoreResult {
    let domains: Vec<DomainResult> = model
        .domains
        .iter()
        .map(|domain| {
            let practices: Vec<PracticeResult> = domain
                .practices
                .iter()
                .map(|p| score_practice(p, &domain.id, assessment, options))
                .collect();
            let items: Vec<Vec<Item>> = domain
                .practices
                .iter()
                .map(|p| items_of(p, assessment, None))
                .collect();
            let rating = roll_up(
                practices
                    .iter()
                    .map(|p| p.rating)
                    .zip(items.iter().map(Vec::as_slice)),
            );
            DomainResult {
                id: domain.id.clone(),
                name: domain.name.clone(),
                rating,
                unanswered: practices.iter().map(|p| p.unanswered).sum(),
                practices,
            }
        })
        .collect();
    let all_items: Vec<Vec<Item>> = model
        .domains
        .iter()
        .map(|d| {
            d.practices
                .iter()
                .flat_map(|p| items_of(p, assessment, None))
                .collect()
        })
        .collect();
    let overall = roll_up(
        domains
            .iter()
            .map(|d| d.rating)
            .zip(all_items.iter().map(Vec::as_slice)),
    );
    ScoreResult {
        model: model.key(),
        overall,
        unanswered: domains.iter().map(|d| d.unanswered).sum(),
        questions: model.question_count(),
        domains,
    }
}

/// The items of a practice, or of one of its streams.
fn items_of(practice: &Practice, assessment: &Assessment, stream: Option<usize>) -> Vec<Item> {
    practice
        .streams
        .iter()
        .enumerate()
        .filter(|(i, _)| stream.is_none_or(|s| s == *i))
        .flat_map(|(_, s)| s.questions.iter())
        .map(|q| Item {
            level: q.level,
            word: assessment.word(&q.id),
        })
        .collect()
}

/// Both rules over the questions of one stream or practice.
fn rate(items: &[Item]) -> Rating {
    let applicable: Vec<Item> = items.iter().copied().filter(|i| i.applicable()).collect();
    if applicable.is_empty() {
        return Rating::NotApplicable;
    }
    let mut level = 0;
    for l in 1..=3 {
        if applicable.iter().filter(|i| i.level == l).all(|i| i.met()) {
            level = l;
        } else {
            break;
        }
    }
    let plus = level < 3 && applicable.iter().any(|i| i.level > level && i.met());
    let total: u64 = applicable
        .iter()
        .map(|i| u64::from(i.word.and_then(Word::value).unwrap_or(0)))
        .sum();
    Rating::Rated {
        level: Level { level, plus },
        score: Ratio::new(total, applicable.len() as u64),
    }
}

/// The weakest-link roll-up over parts (each with its rating and its questions).
fn roll_up<'a>(parts: impl Iterator<Item = (Rating, &'a [Item])>) -> Rating {
    let rated: Vec<(Level, Ratio, &[Item])> = parts
        .filter_map(|(r, items)| match r {
            Rating::Rated { level, score } => Some((level, score, items)),
            Rating::NotApplicable => None,
        })
        .collect();
    let Some(level) = rated.iter().map(|(l, _, _)| l.level).min() else {
        return Rating::NotApplicable;
    };
    let plus = rated
        .iter()
        .flat_map(|(_, _, items)| items.iter())
        .any(|i| i.applicable() && i.met() && i.level > level);
    let score = Ratio::mean(rated.iter().map(|(_, s, _)| *s)).unwrap_or(Ratio::new(0, 1));
    Rating::Rated {
        level: Level { level, plus },
        score,
    }
}

fn score_practice(
    practice: &Practice,
    domain: &str,
    assessment: &Assessment,
    options: Options,
) -> PracticeResult {
    let items = items_of(practice, assessment, None);
    let rating = rate(&items);
    let streams = [0, 1].map(|i| {
        let items = items_of(practice, assessment, Some(i));
        StreamResult {
            id: practice.streams[i].id.clone(),
            rating: rate(&items),
            unanswered: items.iter().filter(|i| i.word.is_none()).count(),
        }
    });
    let target = match rating {
        Rating::NotApplicable => None,
        Rating::Rated { .. } => target_of(practice, domain, assessment, options),
    };
    let (gap, actions) = match (target, rating.level()) {
        (Some(target), Some(level)) => {
            let mut actions = Vec::new();
            for l in 1..=target {
                for stream in &practice.streams {
                    let q = &stream.questions[usize::from(l) - 1];
                    let word = assessment.word(&q.id);
                    if word != Some(Word::Na) && word != Some(Word::Yes) {
                        actions.push(q.id.clone());
                    }
                }
            }
            (Some(target.saturating_sub(level.level)), actions)
        }
        _ => (None, Vec::new()),
    };
    PracticeResult {
        id: practice.id.clone(),
        name: practice.name.clone(),
        rating,
        streams,
        unanswered: items.iter().filter(|i| i.word.is_none()).count(),
        target,
        gap,
        actions,
    }
}

/// Target precedence: practice entry, domain entry, `--target`, `default`.
fn target_of(practice: &Practice, domain: &str, assessment: &Assessment, options: Options) -> Option<u8> {
    let t = &assessment.targets;
    t.by_code
        .get(&practice.id)
        .or_else(|| t.by_code.get(domain))
        .copied()
        .or(options.target)
        .or(t.default)
}
