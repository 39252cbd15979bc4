//! Output of `aima validate FILE...` as text (table and Markdown formats alike: one line
//! per file on standard output, the problems and warnings for standard error).

use super::{Markdown, ModelCheckView, Render, Table, ValidateView};

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn text(view: &ValidateView) -> String {
    let total = view.model.question_count();
    let mut out = String::new();
    for r in view.reports {
        let line = if !r.problems.is_empty() {
            let n = r.problems.len();
            format!("{}: {n} problem{}\n", r.file, plural(n))
        } else if r.unanswered.is_empty() {
            format!("{}: ok, all {total} questions answered\n", r.file)
        } else {
            let answered = total - r.unanswered.len();
            format!("{}: ok, {answered} of {total} answered\n", r.file)
        };
        out.push_str(&line);
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
    /// The lines for standard error: every problem (`error: ...`), and a warning naming
    /// the first unanswered questions of each valid file.
    pub fn messages(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for r in self.reports {
            lines.extend(r.problems.list.iter().map(|p| format!("error: {p}")));
            if !r.problems.is_empty() || r.unanswered.is_empty() {
                continue;
            }
            let n = r.unanswered.len();
            let shown: Vec<&str> = r.unanswered.iter().take(5).map(String::as_str).collect();
            lines.push(format!(
                "warning: {}: {n} question{} unanswered ({}{})",
                r.file,
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
