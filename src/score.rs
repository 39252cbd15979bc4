//! The scoring engine (pure; no I/O). Implements docs/scoring.md to the letter:
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

use crate::answers::{Assessment, TargetSource, Targets, Word};
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

    /// `self - other`, exactly, then rounded half away from zero to hundredths (7/3 - 5/3 →
    /// 67: the change shown is not the difference of two rounded scores).
    pub fn minus_hundredths(self, other: Ratio) -> i64 {
        let num = i128::from(self.num) * i128::from(other.den) - i128::from(other.num) * i128::from(self.den);
        let den = i128::from(self.den) * i128::from(other.den);
        let abs = (num.abs() * 200 + den) / (2 * den);
        let signed = if num < 0 { -abs } else { abs };
        i64::try_from(signed).unwrap_or(0)
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

#[cfg(test)]
mod exact_difference {
    use super::Ratio;

    #[test]
    fn the_change_is_the_exact_difference_rounded() {
        // 1.67 → 2.33 shown, but 5/3 → 7/3 is +0.67, not +0.66.
        assert_eq!(Ratio::new(7, 3).minus_hundredths(Ratio::new(5, 3)), 67);
        assert_eq!(Ratio::new(5, 3).minus_hundredths(Ratio::new(7, 3)), -67);
        assert_eq!(Ratio::new(2, 1).minus_hundredths(Ratio::new(2, 1)), 0);
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
    /// Where the target was set (docs/targets.md); None when no target applies.
    pub target_source: Option<TargetSource>,
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

/// Scoring options: where targets come from besides the answers files.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'t> {
    /// `--target N`: used where no practice or domain target applies, over `default`.
    pub target: Option<u8>,
    /// Further target sources below the answers files, nearest first: the system's targets
    /// in aima.toml, then its use-case profile (docs/targets.md).
    pub layers: &'t [Targets],
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
    let (target, target_source) = match rating {
        Rating::NotApplicable => (None, None),
        Rating::Rated { .. } => target_of(practice, domain, assessment, options).unzip(),
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
        target_source,
        gap,
        actions,
    }
}

/// Target precedence: the most specific code wins (practice entry, then domain entry, then
/// a default); at the same specificity the nearest source wins: `--target` (a default), the
/// answers files, then each layer in order.
fn target_of(
    practice: &Practice,
    domain: &str,
    assessment: &Assessment,
    options: Options,
) -> Option<(u8, TargetSource)> {
    let sources = || std::iter::once(&assessment.targets).chain(options.layers);
    let by_code = |code: &str| sources().find_map(|t| t.by_code.get(code).map(|v| (*v, t.source.clone())));
    by_code(&practice.id)
        .or_else(|| by_code(domain))
        .or(options.target.map(|t| (t, TargetSource::CommandLine)))
        .or_else(|| sources().find_map(|t| t.default.map(|v| (v, t.source.clone()))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Assessment;

    fn model() -> &'static Model {
        crate::embedded::model()
    }

    use crate::testing::assessment;

    fn practice<'r>(r: &'r ScoreResult, id: &str) -> &'r PracticeResult {
        r.practice(id).expect("practice exists")
    }

    fn shown(rating: &Rating) -> (String, String) {
        (rating.label(), rating.score_text())
    }

    fn pair(label: &str, score: &str) -> (String, String) {
        (label.to_string(), score.to_string())
    }

    #[test]
    fn the_worked_example_of_docs_scoring() {
        let mut a = assessment(&[("GV-PC", "yes yes yes mostly yes no")]);
        a.targets.by_code.insert("GV-PC".into(), 2);
        let r = score(model(), &a, Options::default());
        let p = practice(&r, "GV-PC");
        assert_eq!(shown(&p.rating), pair("1+", "2.33"));
        assert_eq!(shown(&p.streams[0].rating), pair("3", "3.00"));
        assert_eq!(shown(&p.streams[1].rating), pair("1", "1.67"));
        assert_eq!(p.target, Some(2));
        assert_eq!(p.gap, Some(1));
        assert_eq!(p.actions, vec!["GV-PC-B-2".to_string()]);
        assert_eq!(p.unanswered, 0);
    }

    #[test]
    fn na_answers_are_left_out_of_both_rules() {
        // Applicable: B-1 yes (L1), A-2 yes (L2), A-3 no, B-3 partly (L3).
        let r = score(
            model(),
            &assessment(&[("GV-SM", "na yes yes na no partly")]),
            Options::default(),
        );
        let p = practice(&r, "GV-SM");
        assert_eq!(shown(&p.rating), pair("2", "1.75"));
        // Stream A: A-1 na, A-2 yes, A-3 no → level 2 over its applicable questions.
        assert_eq!(shown(&p.streams[0].rating), pair("2", "1.50"));
        assert_eq!(shown(&p.streams[1].rating), pair("2", "2.00"));
    }

    #[test]
    fn an_all_na_practice_is_not_applicable_and_left_out_of_roll_ups() {
        let a = assessment(&[
            ("GV-SM", "yes yes yes yes no no"),
            ("GV-PC", "na na na na na na"),
            ("GV-EG", "yes yes no no no no"),
        ]);
        let mut with_target = a.clone();
        with_target.targets.default = Some(3);
        let r = score(model(), &with_target, Options::default());
        let pc = practice(&r, "GV-PC");
        assert_eq!(pc.rating, Rating::NotApplicable);
        assert_eq!(shown(&pc.rating), pair("n/a", "n/a"));
        assert_eq!(pc.streams[0].rating, Rating::NotApplicable);
        assert_eq!((pc.target, pc.gap), (None, None));
        assert!(pc.actions.is_empty());
        let gv = &r.domains[1];
        // Weakest link over GV-SM (2) and GV-EG (1); GV-SM has met level-2 questions: `+`.
        // Score: mean of 2.00 and 1.00.
        assert_eq!(shown(&gv.rating), pair("1+", "1.50"));
    }

    #[test]
    fn a_stream_whose_questions_are_all_na_is_not_applicable() {
        let r = score(
            model(),
            &assessment(&[("DM-DT", "yes na yes na yes na")]),
            Options::default(),
        );
        let p = practice(&r, "DM-DT");
        assert_eq!(p.streams[1].rating, Rating::NotApplicable);
        assert_eq!(shown(&p.rating), pair("3", "3.00"));
    }

    #[test]
    fn out_of_order_answers_give_zero_plus() {
        let r = score(
            model(),
            &assessment(&[("DE-TA", "no no no no yes yes")]),
            Options::default(),
        );
        assert_eq!(shown(&practice(&r, "DE-TA").rating), pair("0+", "1.00"));
    }

    #[test]
    fn level_one_missed_by_one_stream_caps_the_practice() {
        // Stream A reaches 3, stream B misses level 1: the practice is 0+.
        let r = score(
            model(),
            &assessment(&[("IM-SB", "yes no yes no yes no")]),
            Options::default(),
        );
        let p = practice(&r, "IM-SB");
        assert_eq!(shown(&p.rating), pair("0+", "1.50"));
        assert_eq!(shown(&p.streams[0].rating), pair("3", "3.00"));
        assert_eq!(shown(&p.streams[1].rating), pair("0", "0.00"));
    }

    #[test]
    fn partial_answers_count_in_the_score_but_do_not_meet_a_level() {
        let r = score(
            model(),
            &assessment(&[("OP-IM", "mostly mostly mostly mostly mostly mostly")]),
            Options::default(),
        );
        assert_eq!(shown(&practice(&r, "OP-IM").rating), pair("0", "2.00"));
    }

    #[test]
    fn unanswered_questions_count_as_zero_and_not_met() {
        let r = score(
            model(),
            &assessment(&[("PR-UC", "yes ~ ~ ~ yes ~")]),
            Options::default(),
        );
        let p = practice(&r, "PR-UC");
        assert_eq!(shown(&p.rating), pair("0+", "1.00"));
        assert_eq!(p.unanswered, 4);
        assert_eq!(p.streams[0].unanswered, 1);
        assert_eq!(p.streams[1].unanswered, 3);
        assert_eq!(r.unanswered, 142);
        assert!(!r.complete());
    }

    #[test]
    fn level_three_has_no_plus() {
        let r = score(
            model(),
            &assessment(&[("VE-ST", "yes yes yes yes yes yes")]),
            Options::default(),
        );
        assert_eq!(shown(&practice(&r, "VE-ST").rating), pair("3", "3.00"));
    }

    #[test]
    fn domain_level_is_the_weakest_practice_with_plus_from_any_higher_met_question() {
        let r = score(
            model(),
            &assessment(&[
                ("GV-SM", "yes yes yes yes no no"),
                ("GV-PC", "yes yes yes mostly yes no"),
                ("GV-EG", "yes yes no no no no"),
            ]),
            Options::default(),
        );
        // Levels 2, 1+, 1 → 1, plus from GV-SM's level-2 yeses; scores 12/6, 14/6, 6/6 → 32/18.
        assert_eq!(shown(&r.domains[1].rating), pair("1+", "1.78"));
        let r = score(
            model(),
            &assessment(&[
                ("GV-SM", "yes yes no no no no"),
                ("GV-PC", "yes yes partly no no no"),
                ("GV-EG", "yes yes mostly no no no"),
            ]),
            Options::default(),
        );
        assert_eq!(shown(&r.domains[1].rating), pair("1", "1.17"));
    }

    #[test]
    fn overall_applies_the_same_rule_over_domains() {
        let mut practices: Vec<(String, &str)> = Vec::new();
        for (d, domain) in model().domains.iter().enumerate() {
            for p in &domain.practices {
                // Every practice at level 2 except in OP (level 1), and RA-EV shows 2+.
                let words = match (d, p.id.as_str()) {
                    (_, "RA-EV") => "yes yes yes yes yes no",
                    (7, _) => "yes yes no no no no",
                    _ => "yes yes yes yes no no",
                };
                practices.push((p.id.clone(), words));
            }
        }
        let refs: Vec<(&str, &str)> = practices.iter().map(|(p, w)| (p.as_str(), *w)).collect();
        let r = score(model(), &assessment(&refs), Options::default());
        assert_eq!(shown(&r.domains[7].rating), pair("1", "1.00"));
        assert_eq!(shown(&r.domains[0].rating), pair("2+", "2.17"));
        // Domains: RA 2+ (13/6), five at 2 (2.00), OP 1 (1.00), ... → min 1, plus (others above).
        // Mean of domain scores: (13/6 + 6×2 + 1) / 8 = (2.1667 + 12 + 1) / 8 = 1.8958 → 1.90.
        assert_eq!(shown(&r.overall), pair("1+", "1.90"));
        assert!(r.complete());
    }

    #[test]
    fn nothing_answered_gives_zero_everywhere_and_all_unanswered() {
        let r = score(model(), &Assessment::new(model()), Options::default());
        assert_eq!(shown(&r.overall), pair("0", "0.00"));
        assert_eq!(r.unanswered, 144);
        assert_eq!(r.questions, 144);
    }

    #[test]
    fn target_precedence_is_practice_then_domain_then_option_then_default() {
        let mut a = assessment(&[]);
        a.targets.default = Some(1);
        a.targets.by_code.insert("GV".into(), 2);
        a.targets.by_code.insert("GV-PC".into(), 3);
        let targets = |r: &ScoreResult| ["GV-PC", "GV-SM", "RA-EV"].map(|id| practice(r, id).target);
        let r = score(model(), &a, Options::default());
        assert_eq!(targets(&r), [Some(3), Some(2), Some(1)]);
        let r = score(
            model(),
            &a,
            Options {
                target: Some(0),
                ..Options::default()
            },
        );
        assert_eq!(targets(&r), [Some(3), Some(2), Some(0)]);
        let r = score(model(), &assessment(&[]), Options::default());
        assert_eq!(targets(&r), [None, None, None]);
        assert!(!r.has_targets());
        let r = score(
            model(),
            &assessment(&[]),
            Options {
                target: Some(2),
                ..Options::default()
            },
        );
        assert_eq!(targets(&r), [Some(2), Some(2), Some(2)]);
    }

    #[test]
    fn layers_rank_below_the_files_at_the_same_specificity_but_a_code_beats_a_default() {
        let targets_of = |entries: &[(&str, u8)]| {
            let mut t = Targets::default();
            for (code, level) in entries {
                match *code {
                    "default" => t.default = Some(*level),
                    code => {
                        t.by_code.insert(code.to_string(), *level);
                    }
                }
            }
            t
        };
        // The answers file sets a default only; the system (aima.toml) a domain; the profile
        // a practice and a default.
        let mut a = assessment(&[]);
        a.targets = targets_of(&[("default", 1)]);
        let layers = [
            targets_of(&[("GV", 2), ("DM-QI", 1)]),
            targets_of(&[("default", 3), ("GV-PC", 3), ("DM-QI", 3), ("RA-EV", 0)]),
        ];
        let options = Options {
            target: None,
            layers: &layers,
        };
        let ids = ["GV-PC", "GV-SM", "DM-QI", "RA-EV", "RA-TE"];
        let r = score(model(), &a, options);
        // GV-PC: the profile's practice entry beats the system's domain entry.
        // DM-QI: the system's practice entry is nearer than the profile's.
        // RA-TE: the file's default is nearer than the profile's default.
        assert_eq!(
            ids.map(|id| practice(&r, id).target),
            [Some(3), Some(2), Some(1), Some(0), Some(1)]
        );
        // `--target` is the nearest default of all, but still below every code entry.
        let r = score(
            model(),
            &a,
            Options {
                target: Some(2),
                ..options
            },
        );
        assert_eq!(
            ids.map(|id| practice(&r, id).target),
            [Some(3), Some(2), Some(1), Some(0), Some(2)]
        );
        // Without a default in the file, the profile's default applies.
        let r = score(model(), &assessment(&[]), options);
        assert_eq!(practice(&r, "RA-TE").target, Some(3));
    }

    #[test]
    fn gap_uses_the_level_without_plus_and_never_goes_negative() {
        let mut a = assessment(&[
            ("DE-SA", "yes yes yes no yes yes"),
            ("DE-SR", "yes yes yes yes yes yes"),
        ]);
        a.targets.default = Some(2);
        let r = score(model(), &a, Options::default());
        let sa = practice(&r, "DE-SA");
        assert_eq!((sa.rating.label(), sa.gap), ("1+".to_string(), Some(1)));
        assert_eq!(sa.actions, vec!["DE-SA-B-2".to_string()]);
        let sr = practice(&r, "DE-SR");
        assert_eq!((sr.gap, sr.actions.len()), (Some(0), 0));
    }

    #[test]
    fn actions_are_ordered_by_level_then_stream_and_skip_na_and_met() {
        let mut a = assessment(&[("RA-FB", "~ na no yes partly ~")]);
        a.targets.default = Some(3);
        let r = score(model(), &a, Options::default());
        assert_eq!(
            practice(&r, "RA-FB").actions,
            vec!["RA-FB-A-1", "RA-FB-A-2", "RA-FB-A-3", "RA-FB-B-3"]
        );
        let mut a = assessment(&[]);
        a.targets.default = Some(3);
        let r = score(model(), &a, Options::default());
        assert_eq!(
            practice(&r, "OP-OM").actions,
            vec![
                "OP-OM-A-1",
                "OP-OM-B-1",
                "OP-OM-A-2",
                "OP-OM-B-2",
                "OP-OM-A-3",
                "OP-OM-B-3"
            ]
        );
    }

    #[test]
    fn the_roadmap_groups_actions_by_level_in_model_order() {
        let mut a = assessment(&[("RA-EV", "yes no no no no no"), ("GV-PC", "no yes yes no no no")]);
        a.targets.by_code.insert("RA-EV".into(), 2);
        a.targets.by_code.insert("GV-PC".into(), 2);
        let r = score(model(), &a, Options::default());
        let phases: Vec<(u8, Vec<&str>)> = r
            .roadmap()
            .into_iter()
            .map(|(level, actions)| (level, actions.into_iter().map(|(_, q)| q).collect()))
            .collect();
        assert_eq!(
            phases,
            vec![
                (1, vec!["RA-EV-B-1", "GV-PC-A-1"]),
                (2, vec!["RA-EV-A-2", "RA-EV-B-2", "GV-PC-B-2"]),
            ]
        );
    }

    #[test]
    fn ratios_round_half_up_to_hundredths() {
        assert_eq!(Ratio::new(469, 200).to_string(), "2.35");
        assert_eq!(Ratio::new(1, 6).to_string(), "0.17");
        assert_eq!(Ratio::new(5, 6).to_string(), "0.83");
        assert_eq!(Ratio::new(2, 3).to_string(), "0.67");
        assert_eq!(Ratio::new(3, 1).to_string(), "3.00");
        assert_eq!(Ratio::new(14, 6).rounded(), 2.33);
        let mean = Ratio::mean([Ratio::new(14, 6), Ratio::new(1, 1), Ratio::new(5, 3)]).expect("mean");
        assert_eq!(mean, Ratio::new(5, 3));
    }
}
