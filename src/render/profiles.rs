//! `aima profiles [ID]` in every format. Profile text comes from files (`--profiles DIR`),
//! so it is sanitized for the terminal and escaped for Markdown like any user text.

use std::fmt::Write as _;

use serde::Serialize;

use super::markdown::{header, row};
use super::table::VERY_NARROW;
use super::text::md;
use super::{Json, Markdown, Render, Table};
use crate::base::sanitize::terminal_line;
use crate::model::Model;
use crate::profiles::Profile;

/// What `aima profiles` shows.
pub enum ProfilesView<'a> {
    /// Every profile.
    List(&'a [Profile]),
    /// One profile with each practice's target.
    One(&'a Model, &'a Profile),
}

/// Any JSON output of `aima profiles`: the list, or one profile.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(untagged)]
#[schemars(title = "aima profiles --format json")]
pub enum ProfilesJson<'a> {
    List(ProfileListJson<'a>),
    One(ProfileJson<'a>),
}

/// The JSON Schema of `aima profiles --format json`, for `aima schema profiles`.
pub fn schema() -> serde_json::Value {
    super::json::schema_of::<ProfilesJson<'static>>()
}

/// JSON of `aima profiles`: `{profiles:[{id, name, description}]}`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ProfileListJson<'a> {
    pub profiles: Vec<ProfileSummaryJson<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ProfileSummaryJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub audience: &'a str,
    pub frameworks: &'a [String],
}

/// JSON of `aima profiles ID`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ProfileJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub audience: &'a str,
    pub frameworks: &'a [String],
    /// The profile's own entries, as in an answers file's `targets`.
    pub targets: Vec<TargetEntryJson<'a>>,
    /// The resulting target of every practice.
    pub practices: Vec<PracticeTargetJson<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct TargetEntryJson<'a> {
    /// `default`, a domain code or a practice code.
    pub code: &'a str,
    pub target: u8,
    pub reason: Option<&'a str>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct PracticeTargetJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub target: Option<u8>,
    /// The entry that sets it: the practice code, its domain code or `default`.
    pub from: Option<&'a str>,
    pub reason: Option<&'a str>,
}

fn summary(p: &Profile) -> ProfileSummaryJson<'_> {
    ProfileSummaryJson {
        id: &p.id,
        name: &p.name,
        description: &p.description,
        audience: &p.audience,
        frameworks: &p.frameworks,
    }
}

fn entries(p: &Profile) -> Vec<TargetEntryJson<'_>> {
    let default = p.targets.default.map(|t| TargetEntryJson {
        code: "default",
        target: t,
        reason: None,
    });
    default
        .into_iter()
        .chain(p.targets.by_code.iter().map(|(code, t)| TargetEntryJson {
            code,
            target: *t,
            reason: p.reasons.get(code).map(String::as_str),
        }))
        .collect()
}

fn practices<'a>(model: &'a Model, p: &'a Profile) -> Vec<PracticeTargetJson<'a>> {
    model
        .practices()
        .map(|(d, pr)| {
            let t = p.practice_target(&d.id, &pr.id);
            PracticeTargetJson {
                id: &pr.id,
                name: &pr.name,
                target: t.as_ref().map(|t| t.target),
                from: t.as_ref().map(|t| t.from),
                reason: t.and_then(|t| t.reason),
            }
        })
        .collect()
}

impl Render<ProfilesView<'_>> for Json {
    fn render(&self, view: &ProfilesView) -> String {
        let value = match view {
            ProfilesView::List(list) => serde_json::to_value(ProfileListJson {
                profiles: list.iter().map(summary).collect(),
            }),
            ProfilesView::One(model, p) => {
                let s = summary(p);
                serde_json::to_value(ProfileJson {
                    id: s.id,
                    name: s.name,
                    description: s.description,
                    audience: s.audience,
                    frameworks: s.frameworks,
                    targets: entries(p),
                    practices: practices(model, p),
                })
            }
        };
        super::json::to_text(&value.unwrap_or_default())
    }
}

/// Where a practice's target comes from, in words.
fn source(t: &PracticeTargetJson) -> String {
    match (t.from, t.reason) {
        (Some(from), Some(reason)) if from == t.id => reason.to_string(),
        (Some(from), Some(reason)) => format!("({from}) {reason}"),
        (Some("default"), None) => "profile default".to_string(),
        (Some(from), None) => format!("set for {from}"),
        (None, _) => String::new(),
    }
}

const HINT: &str = "Use a profile's targets with --profile ID (score, report, check, portfolio; assess writes them into a new file).";

impl Render<ProfilesView<'_>> for Table {
    fn render(&self, view: &ProfilesView) -> String {
        let lay = self;
        let mut out = String::new();
        match view {
            ProfilesView::List(list) => {
                let mut t = lay.grid(&["Profile", "Name", "Default", "Frameworks"], &[2]);
                for p in *list {
                    t.add_row(vec![
                        terminal_line(&p.id).into_owned(),
                        terminal_line(&p.name).into_owned(),
                        p.targets.default.map_or(String::new(), |d| d.to_string()),
                        terminal_line(&p.frameworks.join(", ")).into_owned(),
                    ]);
                }
                let _ = writeln!(out, "{t}");
                out.push_str(
                    &lay.fit_line("Show one profile's targets and reasons with `aima profiles ID`."),
                );
                out.push_str(&lay.fit_line(HINT));
            }
            ProfilesView::One(model, p) => one_table(lay, &mut out, model, p),
        }
        out
    }
}

fn one_table(lay: &Table, out: &mut String, model: &Model, p: &Profile) {
    out.push_str(&lay.fit_line(&format!("{}: {}", terminal_line(&p.id), terminal_line(&p.name))));
    out.push_str(&lay.indented(&terminal_line(&p.description), "  ", 96));
    out.push_str(&lay.fit_line(&format!("For: {}", terminal_line(&p.audience))));
    out.push_str(&lay.fit_line(&format!(
        "Frameworks: {}",
        terminal_line(&p.frameworks.join(", "))
    )));
    let mut t = lay
        .grid(&["Practice", "Name", "Target", "Why"], &[2])
        .optional(1, VERY_NARROW);
    for row in practices(model, p) {
        let why = lay.fitted(&terminal_line(&source(&row)), 60);
        t.add_row(vec![
            row.id.to_string(),
            terminal_line(row.name).into_owned(),
            row.target.map_or(String::new(), |t| t.to_string()),
            why,
        ]);
    }
    let _ = writeln!(out, "{t}");
    out.push_str(&lay.fit_line(HINT));
}

impl Render<ProfilesView<'_>> for Markdown {
    fn render(&self, view: &ProfilesView) -> String {
        let mut out = String::new();
        match view {
            ProfilesView::List(list) => {
                out.push_str("# Use-case profiles\n\n");
                out.push_str(&header(
                    &["Profile", "Name", "For", "Default", "Frameworks"],
                    &[3],
                ));
                for p in *list {
                    out.push_str(&row(&[
                        format!("`{}`", md(&p.id)),
                        md(&p.name),
                        md(&p.audience),
                        p.targets.default.map_or(String::new(), |d| d.to_string()),
                        md(&p.frameworks.join(", ")),
                    ]));
                }
            }
            ProfilesView::One(model, p) => {
                let _ = writeln!(out, "# Profile `{}`: {}\n", md(&p.id), md(&p.name));
                let _ = writeln!(out, "{}\n", md(&p.description));
                let _ = writeln!(out, "- For: {}", md(&p.audience));
                let _ = writeln!(out, "- Frameworks: {}\n", md(&p.frameworks.join(", ")));
                out.push_str(&header(&["Practice", "Name", "Target", "Why"], &[2]));
                for r in practices(model, p) {
                    out.push_str(&row(&[
                        r.id.to_string(),
                        md(r.name),
                        r.target.map_or(String::new(), |t| t.to_string()),
                        md(&source(&r)),
                    ]));
                }
            }
        }
        let _ = writeln!(out, "\n{}", md(HINT));
        out
    }
}
