//! JSON output. Keys follow the contract (§4); extra keys are additions it allows.

use serde_json::{Map, Value, json};

use super::{CheckView, Json, ModelView, Render, ScoreView};
use crate::model::{Domain, Model, Practice, QuestionRef, Stream};
use crate::score::{PracticeResult, Rating, ScoreResult};

/// Pretty JSON with a final newline.
pub fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    text.push('\n');
    // The same JSON value, with escapes for what must not reach a terminal raw.
    crate::sanitize::json(text)
}

/// `level`, `plus`, `label`, `score` of a rating (nulls and `n/a` when not applicable).
pub fn rating(r: &Rating) -> Map<String, Value> {
    let mut m = Map::new();
    match r {
        Rating::Rated { level, score } => {
            m.insert("level".into(), json!(level.level));
            m.insert("plus".into(), json!(level.plus));
            m.insert("label".into(), json!(level.to_string()));
            m.insert("score".into(), json!(score.rounded()));
        }
        Rating::NotApplicable => {
            m.insert("level".into(), Value::Null);
            m.insert("plus".into(), Value::Null);
            m.insert("label".into(), json!("n/a"));
            m.insert("score".into(), Value::Null);
        }
    }
    m
}

fn with(mut head: Map<String, Value>, tail: Map<String, Value>) -> Value {
    head.extend(tail);
    Value::Object(head)
}

fn practice_result(p: &PracticeResult) -> Value {
    let mut head = Map::new();
    head.insert("id".into(), json!(p.id));
    head.insert("name".into(), json!(p.name));
    let mut tail = Map::new();
    tail.insert("unanswered".into(), json!(p.unanswered));
    tail.insert("target".into(), json!(p.target));
    tail.insert("gap".into(), json!(p.gap));
    tail.insert("actions".into(), json!(p.actions));
    let streams: Vec<Value> = p
        .streams
        .iter()
        .map(|s| {
            let mut head = Map::new();
            head.insert("id".into(), json!(s.id));
            let mut tail = Map::new();
            tail.insert("unanswered".into(), json!(s.unanswered));
            with(head, rating(&s.rating).into_iter().chain(tail).collect())
        })
        .collect();
    tail.insert("streams".into(), json!(streams));
    with(head, rating(&p.rating).into_iter().chain(tail).collect())
}

/// The `score` document (also embedded in others).
pub fn score_value(view: &ScoreView) -> Value {
    let r: &ScoreResult = view.result;
    let meta = &view.assessment.metadata;
    let domains: Vec<Value> = r
        .domains
        .iter()
        .map(|d| {
            let mut head = Map::new();
            head.insert("id".into(), json!(d.id));
            head.insert("name".into(), json!(d.name));
            let mut tail = Map::new();
            tail.insert("unanswered".into(), json!(d.unanswered));
            tail.insert(
                "practices".into(),
                Value::Array(d.practices.iter().map(practice_result).collect()),
            );
            with(head, rating(&d.rating).into_iter().chain(tail).collect())
        })
        .collect();
    json!({
        "model": r.model,
        "complete": r.complete(),
        "unanswered": r.unanswered,
        "questions": r.questions,
        "assessment": {
            "organization": meta.organization,
            "scope": meta.scope,
            "assessor": meta.assessor,
            "date": meta.date.map(|d| d.to_string()),
            "files": view.assessment.sources,
        },
        "overall": Value::Object(rating(&r.overall)),
        "domains": domains,
    })
}

impl Render<ScoreView<'_>> for Json {
    fn render(&self, view: &ScoreView) -> String {
        to_text(&score_value(view))
    }
}

impl Render<CheckView<'_>> for Json {
    fn render(&self, view: &CheckView) -> String {
        let gaps: Vec<Value> = view
            .result
            .gaps()
            .map(|p| {
                json!({
                    "id": p.id,
                    "name": p.name,
                    "level": p.rating.level().map(|l| l.level),
                    "plus": p.rating.level().map(|l| l.plus),
                    "label": p.rating.label(),
                    "score": p.rating.score().map(|s| s.rounded()),
                    "target": p.target,
                    "gap": p.gap,
                    "actions": p.actions,
                })
            })
            .collect();
        to_text(&json!({
            "passed": view.passed(),
            "model": view.result.model,
            "complete": view.result.complete(),
            "unanswered": view.result.unanswered,
            "gaps": gaps,
        }))
    }
}

fn question_value(q: &crate::model::Question) -> Value {
    json!({
        "id": q.id,
        "level": q.level,
        "toolkit_row": q.toolkit_row,
        "text": q.text,
        "guidance": q.guidance,
    })
}

fn stream_value(s: &Stream) -> Value {
    json!({
        "id": s.id,
        "name": s.name,
        "role": s.role,
        "questions": s.questions.iter().map(question_value).collect::<Vec<_>>(),
    })
}

fn practice_value(p: &Practice) -> Value {
    json!({
        "id": p.id,
        "name": p.name,
        "aliases": p.aliases,
        "description": p.description,
        "objectives": p.objectives,
        "levels": p.level_titles.iter().enumerate()
            .map(|(i, t)| json!({ "level": i + 1, "title": t }))
            .collect::<Vec<_>>(),
        "streams": p.streams.iter().map(stream_value).collect::<Vec<_>>(),
    })
}

fn domain_value(d: &Domain) -> Value {
    json!({
        "id": d.id,
        "name": d.name,
        "description": d.description,
        "practices": d.practices.iter().map(practice_value).collect::<Vec<_>>(),
    })
}

fn model_value(m: &Model) -> Value {
    json!({
        "id": m.id,
        "version": m.version,
        "name": m.name,
        "source": m.source,
        "license": m.license,
        "attribution": m.attribution,
        "domains": m.domains.iter().map(domain_value).collect::<Vec<_>>(),
    })
}

fn question_in_context(q: &QuestionRef) -> Value {
    let mut v = question_value(q.question);
    if let Value::Object(m) = &mut v {
        m.insert(
            "domain".into(),
            json!({ "id": q.domain.id, "name": q.domain.name }),
        );
        m.insert(
            "practice".into(),
            json!({ "id": q.practice.id, "name": q.practice.name }),
        );
        m.insert(
            "stream".into(),
            json!({ "id": q.stream().id, "name": q.stream().name, "role": q.stream().role }),
        );
        m.insert("level_title".into(), json!(q.level_title()));
    }
    v
}

impl Render<ModelView<'_>> for Json {
    fn render(&self, view: &ModelView) -> String {
        let value = match view {
            ModelView::All(m) => model_value(m),
            ModelView::Domain(_, d) => domain_value(d),
            ModelView::Practice(_, _, p) => practice_value(p),
            ModelView::Stream(_, _, p, i) => stream_value(&p.streams[*i]),
            ModelView::Question(_, q) => question_in_context(q),
        };
        to_text(&value)
    }
}
