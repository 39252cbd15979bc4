//! An assessment as an OSCAL assessment-results document: one result; an observation per
//! question the answers file has an entry for (answer, value, note as remarks, n/a reason,
//! evidence as relevant evidence); a finding per practice below its target; levels, scores
//! and targets as properties of aima's namespace; the metadata, assessor and sign-offs as
//! parties. It names the catalog (`import-ap` and back matter). See docs/interchange.md.

use super::catalog::objective_id;
use super::types::{
    AssessmentResult, AssessmentResults, BackMatter, ControlSelection, Finding, FindingTarget, ImportAp,
    IncludeAll, Metadata, OSCAL_VERSION, ObjectiveStatus, Observation, Party, Property, RelatedObservation,
    RelevantEvidence, Resource, ResponsibleParty, ResultsDocument, ReviewedControls, Rlink, Role,
};
use super::{catalog_uuid, markup, one_line, prop, text_prop, timestamp, uri_reference, uuid};
use crate::answers::evidence::Evidence;
use crate::answers::{Answer, Assessment, Date};
use crate::model::Model;
use crate::score::{self, PracticeResult, ScoreResult};

/// What names one assessment, for its UUIDs: the model, system, round or date, and scope.
fn identity(model: &Model, assessment: &Assessment) -> String {
    let m = &assessment.metadata;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = m.date.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "results:{}:{}:{}:{}:{}",
        model.key(),
        text(&m.organization),
        text(&m.system),
        date,
        text(&m.scope)
    )
}

/// The assessment-results document of `assessment`, dated by its date (else `today`).
pub fn results(model: &Model, assessment: &Assessment, today: Date) -> Result<ResultsDocument, String> {
    let date = assessment.metadata.date.unwrap_or(today);
    let time = timestamp(date)
        .ok_or_else(|| format!("the date {date} is outside the years OSCAL allows (1900-2999)"))?;
    let id = identity(model, assessment);
    let scored = score::score(model, assessment, score::Options::default());
    let catalog_resource = uuid(&format!("{id}:catalog"));
    let observations = observations(model, assessment, &id, &time);
    let findings = scored.gaps().map(|p| finding(p, &id, assessment)).collect();
    let result = AssessmentResult {
        uuid: uuid(&format!("{id}:result")),
        title: markup(&format!("AIMA assessment ({})", model.key())),
        description: markup(&format!(
            "Answers to {} of the {} questions of {}; {} unanswered.",
            assessment.answered(model),
            model.question_count(),
            model.name,
            scored.unanswered
        )),
        start: time.clone(),
        props: result_props(&scored, assessment),
        links: Vec::new(),
        reviewed_controls: ReviewedControls {
            control_selections: vec![ControlSelection {
                include_all: Some(IncludeAll {}),
            }],
        },
        observations,
        findings,
        remarks: None,
    };
    Ok(ResultsDocument {
        assessment_results: AssessmentResults {
            uuid: uuid(&id),
            metadata: metadata(model, assessment, &id, &time, date),
            import_ap: ImportAp {
                href: format!("#{catalog_resource}"),
                remarks: Some(markup(
                    "aima has no separate assessment plan: every control of the catalog in the back \
                     matter is assessed (aima export --to oscal-catalog writes it).",
                )),
            },
            results: vec![result],
            back_matter: Some(BackMatter {
                resources: vec![catalog_resource_of(model, catalog_resource)],
            }),
        },
    })
}

fn catalog_resource_of(model: &Model, uuid: String) -> Resource {
    let catalog = catalog_uuid(&model.key());
    Resource {
        uuid,
        title: Some(markup(&format!(
            "{} {} as an OSCAL catalog",
            model.name, model.version
        ))),
        description: Some(markup(&model.attribution)),
        props: vec![prop("catalog-uuid", catalog.clone()), prop("model", model.key())],
        rlinks: vec![Rlink {
            href: format!("urn:uuid:{catalog}"),
            media_type: Some("application/oscal.catalog+json".to_string()),
        }],
    }
}

fn metadata(model: &Model, assessment: &Assessment, id: &str, time: &str, date: Date) -> Metadata {
    let m = &assessment.metadata;
    let mut props = vec![prop("model", model.key())];
    let fields = [
        ("organization", &m.organization),
        ("scope", &m.scope),
        ("assessor", &m.assessor),
        ("system", &m.system),
        ("team", &m.team),
    ];
    for (name, value) in fields {
        if let Some(v) = value {
            props.push(text_prop(name, v));
        }
    }
    if let Some(d) = m.date {
        props.push(prop("date", d.to_string()));
    }
    if let Some(round) = &m.round {
        props.push(text_prop("round", round));
    }
    if let Some(status) = m.status {
        props.push(prop("status", status.as_str()));
    }
    let (mut roles, mut parties, mut responsible_parties) = parties(assessment, id);
    sign_offs(
        assessment,
        id,
        (&mut roles, &mut parties, &mut responsible_parties),
    );
    let title = match (&m.system, &m.organization) {
        (Some(s), _) => format!("AIMA assessment of {s}"),
        (None, Some(o)) => format!("AIMA assessment of {o}"),
        (None, None) => "AIMA assessment".to_string(),
    };
    Metadata {
        title: markup(&title),
        last_modified: time.to_string(),
        version: date.to_string(),
        oscal_version: OSCAL_VERSION.to_string(),
        props,
        links: Vec::new(),
        roles,
        parties,
        responsible_parties,
        remarks: m.scope.as_deref().map(markup),
    }
}

/// The organization and the assessor as parties, with their roles.
fn parties(assessment: &Assessment, id: &str) -> (Vec<Role>, Vec<Party>, Vec<ResponsibleParty>) {
    let m = &assessment.metadata;
    let mut roles = Vec::new();
    let mut parties = Vec::new();
    let mut responsible = Vec::new();
    let named = [
        (
            "organization",
            "organization",
            "Organization assessed",
            &m.organization,
        ),
        ("assessor", "person", "Assessor", &m.assessor),
    ];
    for (role, kind, title, name) in named {
        let Some(name) = name.as_deref().and_then(one_line) else {
            continue;
        };
        let party = uuid(&format!("{id}:party:{role}:{name}"));
        roles.push(Role {
            id: role.to_string(),
            title: title.to_string(),
        });
        parties.push(Party {
            uuid: party.clone(),
            kind: kind.to_string(),
            name: Some(name),
            props: Vec::new(),
            remarks: None,
        });
        responsible.push(ResponsibleParty {
            role_id: role.to_string(),
            party_uuids: vec![party],
            props: Vec::new(),
            remarks: None,
        });
    }
    (roles, parties, responsible)
}

/// The sign-offs (docs/record.md): each signer a person party whose props give the role
/// and date (the note in its remarks), listed under a responsible-party role per kind of
/// sign-off (`sign-off-assessor`, `-reviewer`, `-approver`, else `sign-off-other`).
fn sign_offs(
    assessment: &Assessment,
    id: &str,
    (roles, parties, responsible): (&mut Vec<Role>, &mut Vec<Party>, &mut Vec<ResponsibleParty>),
) {
    let meta = &assessment.metadata;
    for (i, s) in meta.superseded.iter().enumerate() {
        if let Some(mut party) = signer(id, "superseded", i, s) {
            // Set aside by `aima assess --reopen`: shown, never an approval (no role).
            party.props.push(prop("sign-off-superseded", "true"));
            parties.push(party);
        }
    }
    for (i, s) in meta.sign_off.iter().enumerate() {
        let Some(signer) = signer(id, "sign-off", i, s) else {
            continue;
        };
        let party = signer.uuid.clone();
        parties.push(signer);
        let kind = match s.role.as_str() {
            "assessor" | "reviewer" | "approver" => s.role.as_str(),
            _ => "other",
        };
        let role_id = format!("sign-off-{kind}");
        match responsible.iter_mut().find(|r| r.role_id == role_id) {
            Some(r) => r.party_uuids.push(party),
            None => {
                roles.push(Role {
                    id: role_id.clone(),
                    title: format!("Signed off the assessment ({kind})"),
                });
                responsible.push(ResponsibleParty {
                    role_id,
                    party_uuids: vec![party],
                    props: Vec::new(),
                    remarks: None,
                });
            }
        }
    }
}

/// The party of one sign-off; `None` when its name has nothing printable.
fn signer(id: &str, kind: &str, i: usize, s: &crate::answers::SignOff) -> Option<Party> {
    let name = one_line(&s.by)?;
    Some(Party {
        uuid: uuid(&format!("{id}:{kind}:{i}:{name}")),
        kind: "person".to_string(),
        name: Some(name),
        props: vec![
            text_prop("sign-off-role", &s.role),
            prop("sign-off-date", s.date.to_string()),
        ],
        remarks: s.note.as_deref().map(markup),
    })
}

/// Overall and per-practice level and score, completeness, and the targets.
fn result_props(scored: &ScoreResult, assessment: &Assessment) -> Vec<Property> {
    let mut props = vec![
        prop("level", scored.overall.label()),
        prop("score", scored.overall.score_text()),
        prop("unanswered", scored.unanswered.to_string()),
    ];
    for p in scored.practices() {
        let class = Some(p.id.clone());
        props.push(Property {
            class: class.clone(),
            ..prop("practice-level", p.rating.label())
        });
        props.push(Property {
            class,
            ..prop("practice-score", p.rating.score_text())
        });
    }
    let targets = &assessment.targets;
    if let Some(d) = targets.default {
        props.push(Property {
            class: Some("default".to_string()),
            ..prop("target", d.to_string())
        });
    }
    for (code, level) in &targets.by_code {
        props.push(Property {
            class: Some(code.clone()),
            ..prop("target", level.to_string())
        });
    }
    props
}

/// The observation UUID of a question.
fn observation_uuid(id: &str, question: &str) -> String {
    uuid(&format!("{id}:observation:{question}"))
}

fn observations(model: &Model, assessment: &Assessment, id: &str, time: &str) -> Vec<Observation> {
    model
        .questions()
        .filter_map(|q| {
            let code = &q.question.id;
            let answer = assessment.answers.get(code)?;
            Some(observation(code, answer, id, time))
        })
        .collect()
}

fn observation(code: &str, answer: &Answer, id: &str, time: &str) -> Observation {
    let mut props = vec![prop("question", code.to_string())];
    let description = match answer.word {
        Some(word) => {
            props.push(prop("answer", word.as_str()));
            if let Some(v) = word.value() {
                props.push(prop("value", v.to_string()));
            }
            format!("{code}: {word} ({})", word.meaning())
        }
        None => format!("{code}: not answered yet"),
    };
    if let Some(reason) = &answer.reason {
        props.push(text_prop("na-reason", reason));
    }
    Observation {
        uuid: observation_uuid(id, code),
        title: Some(code.to_string()),
        description: markup(&description),
        props,
        methods: vec!["INTERVIEW".to_string()],
        relevant_evidence: answer.evidence.iter().map(evidence).collect(),
        collected: time.to_string(),
        remarks: answer.note.as_deref().map(markup),
    }
}

/// An evidence item: its reference exactly (property `evidence`) and its other facts as
/// properties, and a link when the reference is a relative path or an http(s) URL (no other
/// scheme: a platform shows `href` as a link).
fn evidence(item: &Evidence) -> RelevantEvidence {
    let reference = &item.reference;
    let mut props = vec![text_prop("evidence", reference)];
    if let Some(title) = &item.title {
        props.push(text_prop("title", title));
    }
    if let Some(date) = item.date {
        props.push(prop("date", date.to_string()));
    }
    if let Some(expires) = item.expires {
        props.push(prop("expires", expires.to_string()));
    }
    if let Some(sha) = &item.sha256 {
        props.push(prop("sha256", sha.clone()));
    }
    if let Some(kind) = item.kind {
        props.push(prop("kind", kind.as_str()));
    }
    RelevantEvidence {
        href: linkable(reference).then(|| uri_reference(reference)),
        description: markup(item.title.as_deref().unwrap_or(reference)),
        props,
        remarks: None,
    }
}

fn linkable(item: &str) -> bool {
    let lower = item.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return true;
    }
    let scheme = item.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    !item.trim().is_empty() && !scheme && !item.starts_with('/') && !item.starts_with('\\')
}

fn finding(p: &PracticeResult, id: &str, assessment: &Assessment) -> Finding {
    let target = p.target.unwrap_or(0);
    let mut props = vec![
        prop("level", p.rating.label()),
        prop("score", p.rating.score_text()),
        prop("target", target.to_string()),
        prop("gap", p.gap.unwrap_or(0).to_string()),
    ];
    props.extend(p.actions.iter().map(|a| prop("action", a.clone())));
    Finding {
        uuid: uuid(&format!("{id}:finding:{}", p.id)),
        title: markup(&format!("{} {} below target", p.id, p.name)),
        description: markup(&format!(
            "{} is at level {} (toolkit score {}), target {}: {} question{} to meet.",
            p.id,
            p.rating.label(),
            p.rating.score_text(),
            target,
            p.actions.len(),
            if p.actions.len() == 1 { "" } else { "s" }
        )),
        props,
        target: FindingTarget {
            kind: "objective-id".to_string(),
            target_id: objective_id(&p.id),
            status: ObjectiveStatus {
                state: "not-satisfied".to_string(),
                reason: Some("fail".to_string()),
            },
        },
        related_observations: p
            .actions
            .iter()
            .filter(|a| assessment.answers.contains_key(*a))
            .map(|a| RelatedObservation {
                observation_uuid: observation_uuid(id, a),
            })
            .collect(),
    }
}
