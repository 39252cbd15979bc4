//! Output of `aima validate FILE...` as text (table and Markdown formats alike: one line
//! per file on standard output, the problems and warnings for standard error).

use super::{Markdown, ModelCheckView, Render, Table, ValidateView};

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One group's lines: each file's verdict (named when there are several), the
/// combination's conflicts, then how much the combination answers.
fn text(view: &ValidateView) -> String {
    let total = view.model.question_count();
    let mut out = String::new();
    for c in view.combined {
        let group = &view.reports[c.files.clone()];
        for r in group {
            if !r.problems.is_empty() {
                let n = r.problems.len();
                out.push_str(&format!("{}: {n} problem{}\n", r.file, plural(n)));
            } else if group.len() > 1 {
                out.push_str(&format!("{}: ok\n", r.file));
            }
        }
        if !c.problems.is_empty() {
            let n = c.problems.len();
            out.push_str(&format!("{}: {n} problem{}\n", c.name, plural(n)));
        }
        let own = match c.clauses.len() {
            0 => String::new(),
            1 => ", own evidence for 1 clause".to_string(),
            n => format!(", own evidence for {n} clauses"),
        };
        match c.unanswered.as_deref() {
            Some([]) => out.push_str(&format!("{}: ok, all {total} questions answered{own}\n", c.name)),
            Some(open) => {
                let answered = total - open.len();
                out.push_str(&format!("{}: ok, {answered} of {total} answered{own}\n", c.name));
            }
            None => {}
        }
    }
    out
}

impl Render<ValidateView<'_>> for Table {
    fn render(&self, view: &ValidateView) -> String {
        text(view)
    }
}

impl Render<ValidateView<'_>> for Markdown {
    fn render(&self, view: &ValidateView) -> String {
        text(view)
    }
}

impl ValidateView<'_> {
    /// The lines for standard error: every problem (`error: ...`) of each file and each
    /// combination, and a warning naming the first unanswered questions of a combination.
    pub fn messages(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for c in self.combined {
            for r in &self.reports[c.files.clone()] {
                lines.extend(r.problems.list.iter().map(|p| format!("error: {p}")));
            }
            lines.extend(c.problems.list.iter().map(|p| format!("error: {p}")));
            let Some(open) = c.unanswered.as_deref().filter(|u| !u.is_empty()) else {
                continue;
            };
            let n = open.len();
            let shown: Vec<&str> = open.iter().take(5).map(String::as_str).collect();
            lines.push(format!(
                "warning: {}: {n} question{} unanswered ({}{})",
                c.name,
                plural(n),
                shown.join(", "),
                if n > shown.len() { ", ..." } else { "" }
            ));
        }
        lines
    }
}

fn model_line(view: &ModelCheckView) -> String {
    let m = view.model;
    format!(
        "{}: model {} is valid: {} domains, {} practices, {} questions\n",
        view.directory,
        m.key(),
        m.domains.len(),
        m.practices().count(),
        m.question_count()
    )
}

impl Render<ModelCheckView<'_>> for Table {
    fn render(&self, view: &ModelCheckView) -> String {
        model_line(view)
    }
}

impl Render<ModelCheckView<'_>> for Markdown {
    fn render(&self, view: &ModelCheckView) -> String {
        model_line(view)
    }
}
