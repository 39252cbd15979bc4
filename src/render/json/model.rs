//! The document of `aima model [CODE] --format json`: the whole model, or one domain,
//! practice, stream or question.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Named, to_text};
use crate::model::{Domain, Model, Practice, Question, QuestionRef, Stream};
use crate::render::{Json, ModelView, Render};

/// `aima model [CODE] --format json`: the model (no CODE), a domain (GV), a practice
/// (GV-PC), a stream (GV-PC-A) or a question in its context (GV-PC-A-1).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(title = "aima model --format json")]
pub enum ModelDoc<'a> {
    Model(ModelJson<'a>),
    Domain(DomainJson<'a>),
    Practice(PracticeJson<'a>),
    Stream(StreamJson<'a>),
    Question(QuestionInContext<'a>),
}

/// The whole model.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ModelJson<'a> {
    pub id: &'a str,
    pub version: &'a str,
    pub name: &'a str,
    pub source: &'a str,
    pub license: &'a str,
    pub attribution: &'a str,
    pub domains: Vec<DomainJson<'a>>,
}

/// A domain and its practices.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DomainJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub practices: Vec<PracticeJson<'a>>,
}

/// A practice: its level titles and its two streams.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PracticeJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Other names AIMA's own files give the practice (docs/model.md).
    pub aliases: &'a [String],
    pub description: &'a str,
    pub objectives: &'a [String],
    pub levels: Vec<LevelTitle<'a>>,
    pub streams: Vec<StreamJson<'a>>,
}

/// The title of a maturity level of a practice.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LevelTitle<'a> {
    pub level: usize,
    pub title: &'a str,
}

/// A stream and its questions, level 1 to 3.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StreamJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// AIMA's generic role of the stream (Create & Promote, Measure & Improve).
    pub role: &'a str,
    pub questions: Vec<QuestionJson<'a>>,
}

/// A question.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QuestionJson<'a> {
    pub id: &'a str,
    pub level: u8,
    /// The question's row in the AIMA Toolkit v1.0.1 sheet `Assessment Questions`.
    pub toolkit_row: u32,
    pub text: &'a str,
    pub guidance: &'a str,
}

/// A question with the domain, practice, stream and level title above it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QuestionInContext<'a> {
    #[serde(flatten)]
    pub question: QuestionJson<'a>,
    pub domain: Named<'a>,
    pub practice: Named<'a>,
    pub stream: StreamRef<'a>,
    pub level_title: &'a str,
}

/// The stream a question belongs to.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StreamRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: &'a str,
}

impl<'a> From<&'a Question> for QuestionJson<'a> {
    fn from(q: &'a Question) -> Self {
        QuestionJson {
            id: &q.id,
            level: q.level,
            toolkit_row: q.toolkit_row,
            text: &q.text,
            guidance: &q.guidance,
        }
    }
}

impl<'a> From<&'a Stream> for StreamJson<'a> {
    fn from(s: &'a Stream) -> Self {
        StreamJson {
            id: &s.id,
            name: &s.name,
            role: &s.role,
            questions: s.questions.iter().map(QuestionJson::from).collect(),
        }
    }
}

impl<'a> From<&'a Practice> for PracticeJson<'a> {
    fn from(p: &'a Practice) -> Self {
        PracticeJson {
            id: &p.id,
            name: &p.name,
            aliases: &p.aliases,
            description: &p.description,
            objectives: &p.objectives,
            levels: (p.level_titles.iter().enumerate())
                .map(|(i, title)| LevelTitle { level: i + 1, title })
                .collect(),
            streams: p.streams.iter().map(StreamJson::from).collect(),
        }
    }
}

impl<'a> From<&'a Domain> for DomainJson<'a> {
    fn from(d: &'a Domain) -> Self {
        DomainJson {
            id: &d.id,
            name: &d.name,
            description: &d.description,
            practices: d.practices.iter().map(PracticeJson::from).collect(),
        }
    }
}

impl<'a> From<&'a Model> for ModelJson<'a> {
    fn from(m: &'a Model) -> Self {
        ModelJson {
            id: &m.id,
            version: &m.version,
            name: &m.name,
            source: &m.source,
            license: &m.license,
            attribution: &m.attribution,
            domains: m.domains.iter().map(DomainJson::from).collect(),
        }
    }
}

impl<'a> From<&QuestionRef<'a>> for QuestionInContext<'a> {
    fn from(q: &QuestionRef<'a>) -> Self {
        let named = |id: &'a String, name: &'a String| Named { id, name };
        QuestionInContext {
            question: q.question.into(),
            domain: named(&q.domain.id, &q.domain.name),
            practice: named(&q.practice.id, &q.practice.name),
            stream: StreamRef {
                id: &q.stream().id,
                name: &q.stream().name,
                role: &q.stream().role,
            },
            level_title: q.level_title(),
        }
    }
}

impl<'a> ModelDoc<'a> {
    pub fn new(view: &ModelView<'a>) -> Self {
        match view {
            ModelView::All(m) => ModelDoc::Model((*m).into()),
            ModelView::Domain(_, d) => ModelDoc::Domain((*d).into()),
            ModelView::Practice(_, _, p) => ModelDoc::Practice((*p).into()),
            ModelView::Stream(_, _, p, i) => ModelDoc::Stream((&p.streams[*i]).into()),
            ModelView::Question(_, q) => ModelDoc::Question(q.into()),
        }
    }
}

impl Render<ModelView<'_>> for Json {
    fn render(&self, view: &ModelView) -> String {
        to_text(&ModelDoc::new(view))
    }
}
