//! The loaded model as a CISO Assistant framework library (YAML): a framework scored 0 to 3
//! whose requirement nodes are the domains and practices (headings, not assessable) and
//! the questions (assessable, each with one `unique_choice` question whose four choices
//! no, partly, mostly, yes add 0..3 to the score). `ref_id`s are the AIMA codes. Every text
//! is a double-quoted or safe plain YAML scalar, Markdown escaped. See docs/interchange.md.

use std::fmt::Write as _;

use super::{CHOICES, LIBRARY_VERSION, compliance_result, node_urn, question_urn, ref_id, urn};
use crate::interchange::oscal::markup;
use crate::model::{Model, QuestionRef};

/// The most characters CISO Assistant stores in a `name`.
pub const MAX_NAME_CHARS: usize = 200;

/// Text for a YAML scalar: Markdown escaped, then double-quoted (CISO Assistant reads YAML
/// 1.1, where a plain `no` or `yes` is a boolean).
fn text(t: &str) -> String {
    dq(&markup(t))
}

/// A double-quoted YAML scalar: a JSON string (valid YAML), every character a terminal
/// would act on escaped.
fn dq(t: &str) -> String {
    crate::base::sanitize::json(serde_json::Value::from(t).to_string())
}

/// At most [`MAX_NAME_CHARS`] characters (the rest cut, with `…`), on one line.
fn name(t: &str) -> String {
    let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= MAX_NAME_CHARS {
        return text(&one);
    }
    let cut: String = one.chars().take(MAX_NAME_CHARS - 1).collect();
    text(&format!("{cut}…"))
}

/// The library's YAML text.
pub fn library(model: &Model) -> String {
    let mut out = String::new();
    let desc = format!(
        "{} ({}), exported by aima: 8 domains, 24 practices, 144 questions, each answered no, partly, \
         mostly or yes (0 to 3, the AIMA Toolkit's values). {}",
        model.name,
        model.key(),
        model.source
    );
    let _ = writeln!(out, "urn: {}", urn(model, "library"));
    let _ = writeln!(out, "locale: en");
    let _ = writeln!(out, "ref_id: {}", dq(&ref_id(model)));
    let _ = writeln!(
        out,
        "name: {}",
        name(&format!("{} {}", model.name, model.version))
    );
    let _ = writeln!(out, "description: {}", text(&desc));
    let _ = writeln!(
        out,
        "copyright: {}",
        text(&format!("{} Licence: {}.", model.attribution, model.license))
    );
    let _ = writeln!(out, "version: {LIBRARY_VERSION}");
    let _ = writeln!(out, "provider: OWASP");
    let _ = writeln!(out, "packager: aima");
    let _ = writeln!(out, "objects:");
    let _ = writeln!(out, "  framework:");
    let _ = writeln!(out, "    urn: {}", urn(model, "framework"));
    let _ = writeln!(out, "    ref_id: {}", dq(&ref_id(model)));
    let _ = writeln!(
        out,
        "    name: {}",
        name(&format!("{} {}", model.name, model.version))
    );
    let _ = writeln!(out, "    description: {}", text(&desc));
    let _ = writeln!(out, "    min_score: 0");
    let _ = writeln!(out, "    max_score: 3");
    let _ = writeln!(out, "    scores_definition:");
    for (word, score) in CHOICES {
        let _ = writeln!(out, "    - score: {score}");
        let _ = writeln!(out, "      name: {}", dq(word.as_str()));
        let _ = writeln!(out, "      description: {}", text(word.meaning()));
    }
    let _ = writeln!(out, "    requirement_nodes:");
    requirement_nodes(&mut out, model);
    out
}

/// The nodes: each domain, its practices (with their objectives) and their questions.
fn requirement_nodes(out: &mut String, model: &Model) {
    for domain in &model.domains {
        node(out, model, &domain.id, None, &domain.name, &domain.description);
        for practice in &domain.practices {
            let mut description = practice.description.clone();
            for objective in &practice.objectives {
                let _ = write!(description, "\n\n• {objective}");
            }
            node(
                out,
                model,
                &practice.id,
                Some(&domain.id),
                &practice.name,
                &description,
            );
            for q in model.questions().filter(|q| q.practice.id == practice.id) {
                question(out, model, q);
            }
        }
    }
}

/// A heading node (a domain or practice).
fn node(out: &mut String, model: &Model, code: &str, parent: Option<&str>, title: &str, description: &str) {
    let _ = writeln!(out, "    - urn: {}", node_urn(model, code));
    let _ = writeln!(out, "      assessable: false");
    if let Some(parent) = parent {
        let _ = writeln!(out, "      parent_urn: {}", node_urn(model, parent));
    }
    let _ = writeln!(out, "      ref_id: {}", dq(code));
    let _ = writeln!(out, "      name: {}", name(title));
    let _ = writeln!(out, "      description: {}", text(description));
}

fn question(out: &mut String, model: &Model, q: QuestionRef<'_>) {
    let code = &q.question.id;
    let node = node_urn(model, code);
    let _ = writeln!(out, "    - urn: {node}");
    let _ = writeln!(out, "      assessable: true");
    let _ = writeln!(out, "      parent_urn: {}", node_urn(model, &q.practice.id));
    let _ = writeln!(out, "      ref_id: {}", dq(code));
    let _ = writeln!(out, "      name: {}", name(&q.question.text));
    let about = format!(
        "Stream {} ({}), level {}: {}",
        q.stream().id,
        q.stream().name,
        q.level(),
        q.level_title()
    );
    let _ = writeln!(out, "      description: {}", text(&about));
    let _ = writeln!(out, "      annotation: {}", text(&q.question.guidance));
    let _ = writeln!(out, "      questions:");
    let _ = writeln!(out, "        {}:", question_urn(model, code));
    let _ = writeln!(out, "          type: unique_choice");
    let _ = writeln!(out, "          text: {}", question_text(q));
    let _ = writeln!(out, "          choices:");
    for (word, score) in CHOICES {
        let _ = writeln!(
            out,
            "          - urn: {}:choice:{score}",
            question_urn(model, code)
        );
        let _ = writeln!(out, "            value: {}", dq(word.as_str()));
        let _ = writeln!(out, "            description: {}", text(word.meaning()));
        let _ = writeln!(out, "            add_score: {score}");
        let _ = writeln!(out, "            compute_result: {}", compliance_result(word));
    }
}

/// The question's text as the library holds it: the audit's `answers` column repeats it
/// before ` >> `, so it is one line.
pub fn question_text(q: QuestionRef<'_>) -> String {
    text(&one_line(&q.question.text))
}

/// The question text on one line, as [`question_text`] writes it before escaping.
pub fn one_line(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}
