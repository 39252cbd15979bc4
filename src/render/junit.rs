//! `aima check --format junit`: JUnit XML (docs/record.md) — a `testsuite` per assessment,
//! a `testcase` per gated practice (one with a target), a `failure` with the gap and the
//! actions for each one below target, and a failing `testcase` per policy that denies.

use std::fmt::Write as _;

use super::CheckView;

/// One assessment's verdict, as a test suite named `name` (system and round).
pub struct Suite<'a> {
    pub name: String,
    pub view: CheckView<'a>,
}

/// The JUnit XML document of `suites`.
pub fn document(suites: &[Suite]) -> String {
    let cases: Vec<Vec<Case>> = suites.iter().map(|s| cases(&s.view)).collect();
    let tests: usize = cases.iter().map(Vec::len).sum();
    let failures: usize = cases.iter().flatten().filter(|c| c.failure.is_some()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"aima check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    for (suite, cases) in suites.iter().zip(&cases) {
        let failed = cases.iter().filter(|c| c.failure.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">",
            attr(&suite.name),
            cases.len()
        );
        for case in cases {
            write_case(&mut out, &suite.name, case);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// A test case: its name, and its failure (message, text) when it failed.
struct Case {
    name: String,
    failure: Option<(String, String)>,
}

fn cases(view: &CheckView) -> Vec<Case> {
    let mut out = Vec::new();
    for p in view.result.practices().filter(|p| p.target.is_some()) {
        let failure = p.gap.filter(|g| *g > 0).map(|gap| {
            let message = format!(
                "{} is at level {}, below its target {} (gap {gap})",
                p.id,
                p.rating.label(),
                p.target.unwrap_or(0)
            );
            let mut text = String::from("Answer these questions yes to reach the target:\n");
            for code in &p.actions {
                let question = view.model.question(code).map_or("", |q| q.question.text.as_str());
                let _ = writeln!(text, "{code}  {question}");
            }
            (message, text)
        });
        out.push(Case {
            name: format!("{} {}", p.id, p.name),
            failure,
        });
    }
    for policy in view.policies {
        let failure = (!policy.deny.is_empty()).then(|| {
            let text: Vec<&str> = policy.deny.iter().map(|m| m.msg.as_str()).collect();
            (format!("{} denied", policy.file), text.join("\n"))
        });
        out.push(Case {
            name: format!("policy {}", policy.file),
            failure,
        });
    }
    out
}

fn write_case(out: &mut String, suite: &str, case: &Case) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        attr(&case.name),
        attr(suite)
    );
    match &case.failure {
        None => out.push_str("/>\n"),
        Some((message, text)) => {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"below target\">{}</failure>\n    </testcase>",
                attr(message),
                escape(text)
            );
        }
    }
}

/// Text as XML character data or an attribute value: markup escaped, and the characters
/// XML 1.0 does not allow (most control characters) left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\r' | '\n' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text as an attribute value: escaped, each line break a space.
fn attr(text: &str) -> String {
    escape(&text.replace(['\n', '\r', '\t'], " "))
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_control_characters_never_reach_the_xml() {
        assert_eq!(escape("a<b>&\"'\u{1b}[31m"), "a&lt;b&gt;&amp;&quot;&apos;[31m");
    }
}
