//! The diff engine (pure; no I/O): what changed between two scored assessments.
//!
//! The two sides may be scored against different models (a newer AIMA version, say).
//! Domains and practices are matched by id and questions by code; whatever only one side
//! has is listed as added or removed rather than compared.
//!
//! Status of a practice, domain or the overall result (docs/scoring.md, "Diff"): **improved** when the
//! AIMA level went up, or the level is the same and the toolkit score went up;
//! **regressed** symmetrically; otherwise **unchanged**. The level is the whole number, as
//! in the JSON's `level`: a `+` gained or lost at the same level counts through the score.
//! Scores compare exactly, not as rounded. A result that is not
//! applicable (n/a) on either side has no level to compare, so it is **unchanged**: making
//! questions `na` is a scope decision the changed answers show, not a regression.

use std::collections::BTreeSet;

use crate::answers::{Assessment, Date, Word};
use crate::model::Model;
use crate::score::{PracticeResult, Rating, ScoreResult};

/// One side of a diff: a model, an assessment scored against it, and its score.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub model: &'a Model,
    pub assessment: &'a Assessment,
    pub result: &'a ScoreResult,
}

/// How a rating moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Improved,
    Regressed,
    Unchanged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Improved => "improved",
            Status::Regressed => "regressed",
            Status::Unchanged => "unchanged",
        }
    }

    /// The status of a move from `old` to `new` (see the module documentation).
    pub fn of(old: &Rating, new: &Rating) -> Status {
        let (
            Rating::Rated {
                level: old_level,
                score: old_score,
            },
            Rating::Rated {
                level: new_level,
                score: new_score,
            },
        ) = (old, new)
        else {
            return Status::Unchanged;
        };
        let (old_level, new_level) = (old_level.level, new_level.level);
        if new_level > old_level || (new_level == old_level && new_score > old_score) {
            Status::Improved
        } else if new_level < old_level || (new_level == old_level && new_score < old_score) {
            Status::Regressed
        } else {
            Status::Unchanged
        }
    }
}

/// Where a side came from, for headings.
#[derive(Debug, Clone, PartialEq)]
pub struct SideInfo {
    /// `id@version` of its model.
    pub model: String,
    pub sources: Vec<String>,
    pub date: Option<Date>,
}

/// A domain's or the overall rating on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingChange {
    pub id: String,
    pub name: String,
    pub old: Rating,
    pub new: Rating,
    pub status: Status,
}

/// A practice on one side: its rating and target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PracticeSide {
    pub rating: Rating,
    pub target: Option<u8>,
    pub gap: Option<u8>,
    pub unanswered: usize,
}

impl PracticeSide {
    fn of(p: &PracticeResult) -> PracticeSide {
        PracticeSide {
            rating: p.rating,
            target: p.target,
            gap: p.gap,
            unanswered: p.unanswered,
        }
    }

    /// True when a target applies and is met.
    pub fn meets_target(&self) -> bool {
        self.target.is_some() && self.gap == Some(0)
    }

    /// True when a target applies and is not met.
    pub fn below_target(&self) -> bool {
        self.gap.is_some_and(|g| g > 0)
    }
}

/// A practice both models have, on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeChange {
    pub id: String,
    pub name: String,
    pub old: PracticeSide,
    pub new: PracticeSide,
    pub status: Status,
}

/// A question both models have whose answer word changed (None = unanswered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerChange {
    pub id: String,
    /// The question's text in the new model.
    pub text: String,
    pub old: Option<Word>,
    pub new: Option<Word>,
}

/// A domain, practice or question that only one side's model has.
#[derive(Debug, Clone, PartialEq)]
pub struct Only {
    pub id: String,
    /// Its name (domain, practice) or text (question).
    pub name: String,
    /// For a practice or domain: its rating on that side. For a question: None.
    pub rating: Option<Rating>,
    /// For a question: its answer on that side.
    pub answer: Option<Word>,
}

/// What only one side's model has, by kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OneSided {
    pub domains: Vec<Only>,
    pub practices: Vec<Only>,
    pub questions: Vec<Only>,
}

impl OneSided {
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty() && self.practices.is_empty() && self.questions.is_empty()
    }
}

/// Everything that changed between two assessments.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub old: SideInfo,
    pub new: SideInfo,
    pub overall: RatingChange,
    /// Domains both models have, in the new model's order.
    pub domains: Vec<RatingChange>,
    /// Practices both models have, in the new model's order.
    pub practices: Vec<PracticeChange>,
    /// Questions both models have whose answer changed, in the new model's worksheet order.
    pub changed_answers: Vec<AnswerChange>,
    /// Practices with a target on both sides that now meet it and did not before.
    pub targets_met: Vec<String>,
    /// Practices with a target on both sides that met it before and no longer do.
    pub targets_lost: Vec<String>,
    /// Only in the new model.
    pub added: OneSided,
    /// Only in the old model.
    pub removed: OneSided,
}

impl Diff {
    /// True when any practice regressed (what `--fail-on-regression` gates on).
    pub fn regressed(&self) -> bool {
        self.practices.iter().any(|p| p.status == Status::Regressed)
    }

    /// How many practices have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.practices.iter().filter(|p| p.status == status).count()
    }

    /// True when nothing at all changed: ratings, answers, targets and models.
    pub fn is_empty(&self) -> bool {
        self.practices
            .iter()
            .all(|p| p.status == Status::Unchanged && p.old == p.new)
            && self.domains.iter().all(|d| d.old == d.new)
            && self.overall.old == self.overall.new
            && self.changed_answers.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
    }
}

fn info(side: &Side) -> SideInfo {
    SideInfo {
        model: side.result.model.clone(),
        sources: side.assessment.sources.clone(),
        date: side.assessment.metadata.date,
    }
}

/// Compares `old` with `new`.
pub fn diff(old: Side, new: Side) -> Diff {
    let overall = RatingChange {
        id: "overall".to_string(),
        name: "Overall".to_string(),
        old: old.result.overall,
        new: new.result.overall,
        status: Status::of(&old.result.overall, &new.result.overall),
    };
    let mut added = OneSided::default();
    let mut removed = OneSided::default();
    let domains = compare_domains(&old, &new, &mut added, &mut removed);
    let practices = compare_practices(&old, &new, &mut added, &mut removed);
    let changed_answers = compare_answers(&old, &new, &mut added, &mut removed);
    let (targets_met, targets_lost) = target_moves(&practices);
    Diff {
        old: info(&old),
        new: info(&new),
        overall,
        domains,
        practices,
        changed_answers,
        targets_met,
        targets_lost,
        added,
        removed,
    }
}

impl Only {
    /// A domain or practice with its rating on its side.
    fn rated(id: &str, name: &str, rating: Rating) -> Only {
        Only {
            id: id.to_string(),
            name: name.to_string(),
            rating: Some(rating),
            answer: None,
        }
    }

    /// A question with its text and answer on its side.
    fn question(id: &str, text: &str, answer: Option<Word>) -> Only {
        Only {
            id: id.to_string(),
            name: text.to_string(),
            rating: None,
            answer,
        }
    }
}

/// Domains both sides have, in the new model's order; the others go to `added`/`removed`.
fn compare_domains(
    old: &Side,
    new: &Side,
    added: &mut OneSided,
    removed: &mut OneSided,
) -> Vec<RatingChange> {
    let mut domains = Vec::new();
    for d in &new.result.domains {
        match old.result.domains.iter().find(|o| o.id == d.id) {
            Some(o) => domains.push(RatingChange {
                id: d.id.clone(),
                name: d.name.clone(),
                old: o.rating,
                new: d.rating,
                status: Status::of(&o.rating, &d.rating),
            }),
            None => added.domains.push(Only::rated(&d.id, &d.name, d.rating)),
        }
    }
    for o in &old.result.domains {
        if !new.result.domains.iter().any(|d| d.id == o.id) {
            removed.domains.push(Only::rated(&o.id, &o.name, o.rating));
        }
    }
    domains
}

/// Practices both sides have, in the new model's order; the others go to `added`/`removed`.
fn compare_practices(
    old: &Side,
    new: &Side,
    added: &mut OneSided,
    removed: &mut OneSided,
) -> Vec<PracticeChange> {
    let mut practices = Vec::new();
    for p in new.result.practices() {
        let Some(o) = old.result.practice(&p.id) else {
            added.practices.push(Only::rated(&p.id, &p.name, p.rating));
            continue;
        };
        practices.push(PracticeChange {
            id: p.id.clone(),
            name: p.name.clone(),
            old: PracticeSide::of(o),
            new: PracticeSide::of(p),
            status: Status::of(&o.rating, &p.rating),
        });
    }
    for o in old.result.practices() {
        if new.result.practice(&o.id).is_none() {
            removed.practices.push(Only::rated(&o.id, &o.name, o.rating));
        }
    }
    practices
}

/// Practices that now meet their target and did not before, and those that met it and
/// no longer do.
fn target_moves(practices: &[PracticeChange]) -> (Vec<String>, Vec<String>) {
    let ids = |keep: fn(&PracticeChange) -> bool| -> Vec<String> {
        practices
            .iter()
            .filter(|p| keep(p))
            .map(|p| p.id.clone())
            .collect()
    };
    (
        ids(|p| p.old.below_target() && p.new.meets_target()),
        ids(|p| p.old.meets_target() && p.new.below_target()),
    )
}

/// Questions both models have whose answer changed, in the new model's worksheet order;
/// questions only one model has go to `added`/`removed` with their answer.
fn compare_answers(
    old: &Side,
    new: &Side,
    added: &mut OneSided,
    removed: &mut OneSided,
) -> Vec<AnswerChange> {
    let old_codes: BTreeSet<&str> = old.model.questions().map(|q| q.question.id.as_str()).collect();
    let new_codes: BTreeSet<&str> = new.model.questions().map(|q| q.question.id.as_str()).collect();
    let mut changed_answers = Vec::new();
    for q in new.model.questions() {
        let (id, text) = (q.question.id.as_str(), q.question.text.as_str());
        let new_word = new.assessment.word(id);
        if !old_codes.contains(id) {
            added.questions.push(Only::question(id, text, new_word));
            continue;
        }
        let old_word = old.assessment.word(id);
        if old_word != new_word {
            changed_answers.push(AnswerChange {
                id: id.to_string(),
                text: text.to_string(),
                old: old_word,
                new: new_word,
            });
        }
    }
    for q in old.model.questions() {
        let id = q.question.id.as_str();
        if !new_codes.contains(id) {
            let answer = old.assessment.word(id);
            removed
                .questions
                .push(Only::question(id, &q.question.text, answer));
        }
    }
    changed_answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Answer;
    use crate::score::{Options, score};

    fn model() -> Model {
        crate::embedded::model().clone()
    }

    /// An assessment answering every question of `model` with `word`, then `overrides`.
    fn assessment(model: &Model, word: Option<Word>, overrides: &[(&str, Option<Word>)]) -> Assessment {
        let mut a = Assessment::new(model);
        for q in model.questions() {
            a.answers.insert(
                q.question.id.clone(),
                Answer {
                    word,
                    ..Answer::default()
                },
            );
        }
        for (code, w) in overrides {
            let answer = a.answers.entry(code.to_string()).or_default();
            answer.word = *w;
            answer.reason = (*w == Some(Word::Na)).then(|| "out of scope".to_string());
        }
        a
    }

    fn run(
        old_model: &Model,
        old: &Assessment,
        new_model: &Model,
        new: &Assessment,
        target: Option<u8>,
    ) -> Diff {
        let options = Options {
            target,
            ..Options::default()
        };
        let old_result = score(old_model, old, options);
        let new_result = score(new_model, new, options);
        diff(
            Side {
                model: old_model,
                assessment: old,
                result: &old_result,
            },
            Side {
                model: new_model,
                assessment: new,
                result: &new_result,
            },
        )
    }

    fn practice<'d>(d: &'d Diff, id: &str) -> &'d PracticeChange {
        d.practices.iter().find(|p| p.id == id).expect("practice in diff")
    }

    const YES: Option<Word> = Some(Word::Yes);
    const MOSTLY: Option<Word> = Some(Word::Mostly);
    const PARTLY: Option<Word> = Some(Word::Partly);
    const NO: Option<Word> = Some(Word::No);
    const NA: Option<Word> = Some(Word::Na);

    #[test]
    fn the_same_assessment_shows_no_change() {
        let m = model();
        let a = assessment(&m, MOSTLY, &[("GV-PC-A-1", YES), ("OP-EM-B-3", None)]);
        let d = run(&m, &a, &m, &a, Some(2));
        assert!(d.is_empty());
        assert!(!d.regressed());
        assert_eq!(d.count(Status::Unchanged), 24);
        assert_eq!(d.overall.status, Status::Unchanged);
        assert!(d.domains.iter().all(|d| d.status == Status::Unchanged));
        assert!(d.targets_met.is_empty() && d.targets_lost.is_empty());
    }

    #[test]
    fn a_level_up_improves_even_when_the_score_drops() {
        let m = model();
        // Old: level 1 (A-2 mostly), score (3+3+2+3+3+3)/6 = 2.83.
        let old = assessment(&m, YES, &[("GV-PC-A-2", MOSTLY)]);
        // New: level 2 (+: A-3 met), score (3+3+3+3+3+0)/6 = 2.50.
        let new = assessment(&m, YES, &[("GV-PC-B-3", NO)]);
        let d = run(&m, &old, &m, &new, None);
        let p = practice(&d, "GV-PC");
        assert_eq!(p.old.rating.label(), "1+");
        assert_eq!(p.new.rating.label(), "2+");
        assert_eq!(p.old.rating.score_text(), "2.83");
        assert_eq!(p.new.rating.score_text(), "2.50");
        assert_eq!(p.status, Status::Improved);
        // And back again is a regression.
        let back = run(&m, &new, &m, &old, None);
        assert_eq!(practice(&back, "GV-PC").status, Status::Regressed);
        assert!(back.regressed());
    }

    #[test]
    fn a_plus_at_the_same_level_counts_through_the_score() {
        let m = model();
        // 1 (3+3+2+2)/6 = 1.67  →  1+ (3+3+3)/6 = 1.50: same level, lower score.
        let old = assessment(
            &m,
            NO,
            &[
                ("DM-QI-A-1", YES),
                ("DM-QI-B-1", YES),
                ("DM-QI-A-2", MOSTLY),
                ("DM-QI-B-2", MOSTLY),
            ],
        );
        let new = assessment(
            &m,
            NO,
            &[("DM-QI-A-1", YES), ("DM-QI-B-1", YES), ("DM-QI-A-3", YES)],
        );
        let d = run(&m, &old, &m, &new, None);
        let p = practice(&d, "DM-QI");
        assert_eq!(
            (p.old.rating.label(), p.new.rating.label()),
            ("1".into(), "1+".into())
        );
        assert_eq!(p.status, Status::Regressed);
        let back = run(&m, &new, &m, &old, None);
        assert_eq!(practice(&back, "DM-QI").status, Status::Improved);
    }

    #[test]
    fn at_the_same_level_the_score_decides() {
        let m = model();
        let old = assessment(&m, PARTLY, &[]);
        let up = assessment(&m, PARTLY, &[("VE-ST-A-2", MOSTLY)]);
        let d = run(&m, &old, &m, &up, None);
        let p = practice(&d, "VE-ST");
        assert_eq!(p.old.rating.label(), p.new.rating.label());
        assert_eq!(
            (p.old.rating.score_text(), p.new.rating.score_text()),
            ("1.00".into(), "1.17".into())
        );
        assert_eq!(p.status, Status::Improved);
        assert_eq!(d.count(Status::Improved), 1);
        assert_eq!(d.count(Status::Unchanged), 23);
        // Domain and overall follow the same rule.
        let ve = d.domains.iter().find(|d| d.id == "VE").expect("VE");
        assert_eq!(ve.status, Status::Improved);
        assert_eq!(d.overall.status, Status::Improved);
        assert_eq!(
            d.domains.iter().filter(|d| d.status == Status::Unchanged).count(),
            7
        );

        let down = assessment(&m, PARTLY, &[("VE-ST-A-2", NO)]);
        let d = run(&m, &old, &m, &down, None);
        assert_eq!(practice(&d, "VE-ST").status, Status::Regressed);
        assert_eq!(d.overall.status, Status::Regressed);
        assert!(d.regressed());
    }

    #[test]
    fn a_changed_word_with_the_same_level_and_score_is_unchanged() {
        let m = model();
        // mostly+partly swapped: the same level 0 and the same score 0.50.
        let old = assessment(&m, NO, &[("IM-SB-A-2", MOSTLY), ("IM-SB-B-2", PARTLY)]);
        let new = assessment(&m, NO, &[("IM-SB-A-2", PARTLY), ("IM-SB-B-2", MOSTLY)]);
        let d = run(&m, &old, &m, &new, None);
        assert_eq!(practice(&d, "IM-SB").status, Status::Unchanged);
        assert!(!d.is_empty(), "the answers changed");
        assert_eq!(
            d.changed_answers,
            vec![
                AnswerChange {
                    id: "IM-SB-A-2".into(),
                    text: m.question("IM-SB-A-2").expect("q").question.text.clone(),
                    old: MOSTLY,
                    new: PARTLY,
                },
                AnswerChange {
                    id: "IM-SB-B-2".into(),
                    text: m.question("IM-SB-B-2").expect("q").question.text.clone(),
                    old: PARTLY,
                    new: MOSTLY,
                },
            ]
        );
    }

    #[test]
    fn not_applicable_on_either_side_is_unchanged() {
        let m = model();
        let all_na: Vec<(&str, Option<Word>)> = m
            .practice("PR-MP")
            .expect("PR-MP")
            .1
            .streams
            .iter()
            .flat_map(|s| s.questions.iter().map(|q| (q.id.as_str(), NA)))
            .collect();
        let rated = assessment(&m, YES, &[]);
        let na = assessment(&m, YES, &all_na);
        for (old, new) in [(&rated, &na), (&na, &rated)] {
            let d = run(&m, old, &m, new, Some(2));
            let p = practice(&d, "PR-MP");
            assert_eq!(p.status, Status::Unchanged);
            assert_ne!(p.old.rating, p.new.rating);
            assert_eq!(d.changed_answers.len(), 6);
            assert!(!d.regressed());
            assert!(!d.is_empty());
            // A target no longer applies to an n/a practice: neither met nor lost.
            assert!(d.targets_met.is_empty() && d.targets_lost.is_empty());
        }
        let d = run(&m, &na, &m, &na, None);
        assert_eq!(practice(&d, "PR-MP").status, Status::Unchanged);
        assert!(d.is_empty());
    }

    #[test]
    fn unanswered_shows_as_none_in_changed_answers() {
        let m = model();
        let old = assessment(&m, YES, &[("OP-EM-A-1", None)]);
        let new = assessment(&m, YES, &[("OP-EM-B-1", None)]);
        let d = run(&m, &old, &m, &new, None);
        let changes: Vec<(&str, Option<Word>, Option<Word>)> = d
            .changed_answers
            .iter()
            .map(|c| (c.id.as_str(), c.old, c.new))
            .collect();
        assert_eq!(changes, vec![("OP-EM-A-1", None, YES), ("OP-EM-B-1", YES, None)]);
    }

    #[test]
    fn targets_met_and_lost() {
        let m = model();
        // Target 1 everywhere. GV-SM reaches level 1; DE-SA drops below it.
        let old = assessment(&m, YES, &[("GV-SM-A-1", NO)]);
        let new = assessment(&m, YES, &[("DE-SA-B-1", PARTLY)]);
        let d = run(&m, &old, &m, &new, Some(1));
        assert_eq!(d.targets_met, vec!["GV-SM".to_string()]);
        assert_eq!(d.targets_lost, vec!["DE-SA".to_string()]);
        assert_eq!(practice(&d, "DE-SA").old.gap, Some(0));
        assert_eq!(practice(&d, "DE-SA").new.gap, Some(1));
        // Without targets, none are met or lost.
        let d = run(&m, &old, &m, &new, None);
        assert!(d.targets_met.is_empty() && d.targets_lost.is_empty());
    }

    /// A newer model: version 1.1, where practice DM-DT is renamed DM-DX (all its question
    /// codes change) and a domain is dropped.
    fn newer_model() -> Model {
        let mut m = model();
        m.version = "1.1".to_string();
        let dm = m.domains.iter_mut().find(|d| d.id == "DM").expect("DM");
        let dt = dm.practices.iter_mut().find(|p| p.id == "DM-DT").expect("DM-DT");
        dt.id = "DM-DX".to_string();
        dt.name = "Data for Training".to_string();
        for (s, letter) in dt.streams.iter_mut().zip(['A', 'B']) {
            s.id = format!("DM-DX-{letter}");
            for q in &mut s.questions {
                q.id = format!("DM-DX-{letter}-{}", q.level);
            }
        }
        m.domains.retain(|d| d.id != "OP");
        m
    }

    #[test]
    fn different_model_versions_compare_by_code() {
        let old_model = model();
        let new_model = newer_model();
        let old = assessment(&old_model, PARTLY, &[("GV-PC-A-1", NO), ("DM-DT-A-1", YES)]);
        let new = assessment(&new_model, PARTLY, &[("GV-PC-A-1", YES), ("DM-DX-B-2", None)]);
        let d = run(&old_model, &old, &new_model, &new, None);
        assert_eq!(d.old.model, "owasp-aima@1.0");
        assert_eq!(d.new.model, "owasp-aima@1.1");
        // Only the practices both models have are compared.
        assert_eq!(d.practices.len(), 20);
        assert!(d.practices.iter().all(|p| p.id != "DM-DT" && p.id != "DM-DX"));
        assert_eq!(d.domains.len(), 7);
        let ids = |o: &[Only]| o.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&d.added.practices), vec!["DM-DX"]);
        assert_eq!(
            ids(&d.removed.practices),
            vec!["DM-DT", "OP-IM", "OP-EM", "OP-OM"]
        );
        assert_eq!(ids(&d.added.domains), Vec::<String>::new());
        assert_eq!(ids(&d.removed.domains), vec!["OP"]);
        assert_eq!(
            ids(&d.added.questions),
            vec![
                "DM-DX-A-1",
                "DM-DX-B-1",
                "DM-DX-A-2",
                "DM-DX-B-2",
                "DM-DX-A-3",
                "DM-DX-B-3"
            ]
        );
        assert_eq!(d.added.questions[3].answer, None);
        assert_eq!(d.added.questions[0].answer, PARTLY);
        assert_eq!(d.removed.questions.len(), 6 + 18);
        assert_eq!(d.removed.questions[0].id, "DM-DT-A-1");
        assert_eq!(d.removed.questions[0].answer, YES);
        // Answers are compared for the codes both have.
        let changed: Vec<&str> = d.changed_answers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(changed, vec!["GV-PC-A-1"]);
        assert_eq!(practice(&d, "GV-PC").status, Status::Improved);
        assert!(!d.is_empty());
    }
}
