//! Dates in force (pure; no I/O): which application dates of a clause apply on a given day,
//! the published (original) dates beside them when an amendment in force changed them, and
//! the timeline of a framework (docs/crosswalk.md, dates).
//!
//! An amendment's dates replace the published ones from the day it is in force
//! (`amendment.status: in force`, `amendment.in_force`); an amendment only adopted or
//! proposed changes nothing and is shown beside. A clause without `amended` keeps its
//! published dates.

use serde::Serialize;

use super::{AmendmentStatus, Clause, Dated, Framework};
use crate::answers::Date;

/// One application date of a clause and whether it is in effect on the day asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DateInForce {
    pub date: String,
    pub scope: String,
    /// True when `date` is on or before the day asked about (`--as-of`, default today).
    pub in_effect: bool,
}

/// The dates of one clause on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ClauseDates {
    /// The dates that apply: the amendment's when it is in force and changes the clause,
    /// else those published.
    pub applies: Vec<DateInForce>,
    /// Whose dates `applies` are: the amendment's name, or `as published`.
    pub source: String,
    /// `in force`, `adopted` or `proposed`: the status of the dates in `applies`.
    pub status: AmendmentStatus,
    /// The other dates that are not among those that apply: the published ones when the
    /// amendment's apply, or an amendment's not (yet) in force.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub original: Vec<Dated>,
}

impl ClauseDates {
    /// Whether any date that applies is in effect (the clause applies, at least in part).
    pub fn in_effect(&self) -> bool {
        self.applies.iter().any(|d| d.in_effect)
    }

    /// Whether the dates that apply are the amendment's.
    pub fn amended(&self) -> bool {
        self.source != AS_PUBLISHED
    }
}

/// The source of dates an amendment did not change.
pub const AS_PUBLISHED: &str = "as published";

/// Whether the framework's amendment sets the dates on `as_of`.
pub fn amendment_applies(framework: &Framework, as_of: Date) -> bool {
    framework.amendment.as_ref().is_some_and(|a| {
        a.status == AmendmentStatus::InForce
            && a.in_force
                .as_deref()
                .and_then(Date::parse)
                .is_none_or(|d| d <= as_of)
    })
}

/// The dates of `clause` on `as_of`; `None` when it has none.
pub fn clause_dates(framework: &Framework, clause: &Clause, as_of: Date) -> Option<ClauseDates> {
    if clause.dates.is_empty() && clause.amended.is_empty() {
        return None;
    }
    let amendment = framework.amendment.as_ref();
    let by_amendment = amendment_applies(framework, as_of) && !clause.amended.is_empty();
    let (applies, other) = if by_amendment {
        (&clause.amended, &clause.dates)
    } else {
        (&clause.dates, &clause.amended)
    };
    // The other dates that are not among those that apply (a date kept by the amendment
    // is not repeated).
    let original: Vec<Dated> = other
        .iter()
        .filter(|o| !applies.iter().any(|a| a.date == o.date))
        .cloned()
        .collect();
    let (source, status) = match amendment.filter(|_| by_amendment) {
        Some(a) => (a.name.clone(), a.status),
        None => (AS_PUBLISHED.to_string(), AmendmentStatus::InForce),
    };
    Some(ClauseDates {
        applies: applies
            .iter()
            .map(|d| DateInForce {
                date: d.date.clone(),
                scope: d.scope.clone(),
                in_effect: Date::parse(&d.date).is_some_and(|day| day <= as_of),
            })
            .collect(),
        source,
        status,
        original,
    })
}

/// One date of a framework's timeline: the clauses (and their scopes) that apply from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone<'f> {
    pub date: String,
    pub in_effect: bool,
    /// (clause, scope) in file order.
    pub clauses: Vec<(&'f Clause, String)>,
}

/// The dates that apply on `as_of` of every clause of `framework` given by `include`,
/// earliest first, each with the clauses it concerns.
pub fn milestones<'f>(
    framework: &'f Framework,
    as_of: Date,
    include: impl Fn(&Clause) -> bool,
) -> Vec<Milestone<'f>> {
    let mut out: Vec<Milestone> = Vec::new();
    for clause in framework.clauses.iter().filter(|c| include(c)) {
        let Some(dates) = clause_dates(framework, clause, as_of) else {
            continue;
        };
        for d in dates.applies {
            match out.iter_mut().find(|m| m.date == d.date) {
                Some(m) => m.clauses.push((clause, d.scope)),
                None => out.push(Milestone {
                    date: d.date,
                    in_effect: d.in_effect,
                    clauses: vec![(clause, d.scope)],
                }),
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}

/// One line on a dated framework's dates on `as_of` for the system: whose dates apply, and
/// the next dates from which obligations apply, with their clauses (the HTML report's first
/// page). `None` for a framework without dates.
pub fn dates_line(
    framework: &Framework,
    as_of: Date,
    act: Option<&crate::config::EuAiAct>,
) -> Option<String> {
    use super::status::{Applicability, applicability};
    if !framework.has_dates() {
        return None;
    }
    let whose = match framework
        .amendment
        .as_ref()
        .filter(|_| amendment_applies(framework, as_of))
    {
        Some(a) => format!("dates as the {} sets them ({})", a.name, a.status.as_str()),
        None => "dates as published".to_string(),
    };
    let applies = |c: &Clause| {
        !matches!(
            applicability(c.applies.as_ref(), act),
            Applicability::DoesNotApply(_)
        )
    };
    let next: Vec<String> = milestones(framework, as_of, applies)
        .into_iter()
        .filter(|m| !m.in_effect)
        .take(2)
        .map(|m| {
            let mut ids: Vec<&str> = m.clauses.iter().map(|(c, _)| c.id.as_str()).collect();
            ids.dedup();
            let shown = if ids.len() > 4 {
                format!("{} and {} more", ids[..3].join(", "), ids.len() - 3)
            } else {
                ids.join(", ")
            };
            format!("from {}: {shown}", m.date)
        })
        .collect();
    let next = if next.is_empty() {
        "every obligation listed applies".to_string()
    } else {
        next.join("; ")
    };
    Some(format!("On {as_of}, {whose}: {next}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eu() -> Framework {
        let c = super::super::load::load(crate::embedded::model(), None).expect("embedded");
        c.get("eu-ai-act").expect("eu-ai-act").clone()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    #[test]
    fn the_amendment_in_force_sets_the_dates_and_the_original_is_kept_beside() {
        let f = eu();
        let art9 = f.clause("Art. 9").expect("Art. 9");
        let now = clause_dates(&f, art9, day("2026-12-01")).expect("dates");
        let dates: Vec<&str> = now.applies.iter().map(|d| d.date.as_str()).collect();
        assert_eq!(dates, ["2027-12-02", "2028-08-02"]);
        assert!(now.amended() && !now.in_effect());
        let original: Vec<&str> = now.original.iter().map(|d| d.date.as_str()).collect();
        assert_eq!(original, ["2026-08-02", "2027-08-02"]);
        // Before the amendment was in force, the published dates applied.
        let before = clause_dates(&f, art9, day("2026-07-01")).expect("dates");
        assert_eq!(before.applies[0].date, "2026-08-02");
        assert!(!before.amended() && before.source == AS_PUBLISHED);
        let later = clause_dates(&f, art9, day("2027-12-02")).expect("dates");
        assert_eq!(
            later.applies.iter().map(|d| d.in_effect).collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn new_prohibitions_apply_from_their_own_date() {
        let f = eu();
        let art5 = f.clause("Art. 5").expect("Art. 5");
        let before = clause_dates(&f, art5, day("2026-12-01")).expect("dates");
        assert_eq!(
            before
                .applies
                .iter()
                .map(|d| (d.date.as_str(), d.in_effect))
                .collect::<Vec<_>>(),
            [("2025-02-02", true), ("2026-12-02", false)]
        );
        let after = clause_dates(&f, art5, day("2026-12-02")).expect("dates");
        assert!(after.applies.iter().all(|d| d.in_effect));
    }

    #[test]
    fn milestones_are_in_date_order() {
        let f = eu();
        let all = milestones(&f, day("2026-12-01"), |_| true);
        let dates: Vec<&str> = all.iter().map(|m| m.date.as_str()).collect();
        let mut sorted = dates.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(dates, sorted);
        assert_eq!(dates.first(), Some(&"2025-02-02"));
        assert!(dates.contains(&"2026-12-02") && dates.contains(&"2027-12-02"));
    }
}
