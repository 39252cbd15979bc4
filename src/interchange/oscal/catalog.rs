//! The loaded model as an OSCAL catalog: a group per domain (class `domain`), in it a group
//! per practice (class `practice`, with its description and objectives as parts), in that a
//! control per question (class `question`; its statement and guidance as parts, its
//! stream, level and toolkit row as properties). The model's source, licence and
//! attribution are in the metadata. See docs/interchange.md.

use super::types::{
    BackMatter, Catalog, CatalogDocument, Control, Group, Link, Metadata, OSCAL_VERSION, Part, Property,
    Resource, Rlink,
};
use super::{catalog_uuid, markup, prop, text_prop, timestamp, uuid};
use crate::answers::Date;
use crate::model::{Domain, Model, Practice, QuestionRef};

/// The id of a practice's objectives part (a finding's target, docs/interchange.md).
pub fn objective_id(practice: &str) -> String {
    format!("{practice}_obj")
}

/// The catalog of `model`, last modified on `today` (`SOURCE_DATE_EPOCH` when set).
pub fn catalog(model: &Model, today: Date) -> Result<CatalogDocument, String> {
    let last_modified = timestamp(today)
        .ok_or_else(|| format!("today's date {today} is outside the years OSCAL allows (1900-2999)"))?;
    let key = model.key();
    let source = uuid(&format!("catalog:{key}:source"));
    Ok(CatalogDocument {
        catalog: Catalog {
            uuid: catalog_uuid(&key),
            metadata: Metadata {
                title: markup(&model.name),
                last_modified,
                version: model.version.clone(),
                oscal_version: OSCAL_VERSION.to_string(),
                props: vec![prop("model", key.clone()), text_prop("license", &model.license)],
                links: vec![Link {
                    href: format!("#{source}"),
                    rel: Some("source".to_string()),
                    media_type: None,
                    text: Some("Source of the model".to_string()),
                }],
                roles: Vec::new(),
                parties: Vec::new(),
                responsible_parties: Vec::new(),
                remarks: Some(markup(&model.attribution)),
            },
            groups: model.domains.iter().map(|d| domain_group(model, d)).collect(),
            back_matter: Some(BackMatter {
                resources: vec![Resource {
                    uuid: source,
                    title: Some(markup(&model.source)),
                    description: Some(markup(&model.attribution)),
                    props: vec![text_prop("license", &model.license)],
                    rlinks: source_links(&model.source),
                }],
            }),
        },
    })
}

/// The URLs in the model's source text, as resource links.
fn source_links(source: &str) -> Vec<Rlink> {
    source
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| Rlink {
            href: super::uri_reference(w.trim_end_matches(['.', ';', ')'])),
            media_type: None,
        })
        .collect()
}

fn domain_group(model: &Model, domain: &Domain) -> Group {
    Group {
        id: domain.id.clone(),
        class: "domain".to_string(),
        title: markup(&domain.name),
        props: Vec::new(),
        parts: vec![prose_part(None, "overview", &domain.description)],
        groups: domain
            .practices
            .iter()
            .map(|p| practice_group(model, domain, p))
            .collect(),
        controls: Vec::new(),
    }
}

fn practice_group(model: &Model, domain: &Domain, practice: &Practice) -> Group {
    let objectives = practice
        .objectives
        .iter()
        .enumerate()
        .map(|(i, o)| prose_part(Some(format!("{}_obj.{}", practice.id, i + 1)), "objective", o))
        .collect();
    let mut props: Vec<Property> = practice.aliases.iter().map(|a| text_prop("alias", a)).collect();
    for (i, title) in practice.level_titles.iter().enumerate() {
        props.push(Property {
            class: Some(format!("level-{}", i + 1)),
            ..text_prop("level-title", title)
        });
    }
    Group {
        id: practice.id.clone(),
        class: "practice".to_string(),
        title: markup(&practice.name),
        props,
        parts: vec![
            prose_part(None, "overview", &practice.description),
            super::types::Part {
                id: Some(objective_id(&practice.id)),
                name: "objective".to_string(),
                title: Some("Objectives".to_string()),
                prose: None,
                parts: objectives,
            },
        ],
        groups: Vec::new(),
        controls: model
            .questions()
            .filter(|q| q.domain.id == domain.id && q.practice.id == practice.id)
            .map(control)
            .collect(),
    }
}

fn control(q: QuestionRef<'_>) -> Control {
    let id = &q.question.id;
    Control {
        id: id.clone(),
        class: "question".to_string(),
        title: markup(&q.question.text),
        props: vec![
            prop("label", id.clone()),
            prop("stream", q.stream().id.clone()),
            text_prop("stream-name", &q.stream().name),
            prop("level", q.level().to_string()),
            text_prop("level-title", q.level_title()),
            prop("toolkit-row", q.question.toolkit_row.to_string()),
        ],
        parts: vec![
            prose_part(Some(format!("{id}_smt")), "statement", &q.question.text),
            prose_part(Some(format!("{id}_gdn")), "guidance", &q.question.guidance),
        ],
    }
}

fn prose_part(id: Option<String>, name: &str, text: &str) -> Part {
    Part {
        id,
        name: name.to_string(),
        title: None,
        prose: Some(markup(text)),
        parts: Vec::new(),
    }
}
