//! The maturity model: domains → practices → streams A and B → one question per level.
//!
//! The structure is fixed by the types: every practice has exactly two streams and three
//! level titles, every stream exactly three questions (levels 1, 2, 3). The loader
//! ([`load`]) guarantees it for any model directory.
//!
//! This module and `load` are also compiled into `build.rs` (which turns `domains/` into
//! the embedded model), so they depend only on `crate::base::diag` and `crate::base::yaml`.

pub mod load;

/// Stream letters, in model order.
pub const STREAMS: [char; 2] = ['A', 'B'];
/// Maturity levels, in order.
pub const LEVELS: [u8; 3] = [1, 2, 3];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub id: String,
    pub version: String,
    pub name: String,
    pub source: String,
    pub license: String,
    pub attribution: String,
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub id: String,
    pub name: String,
    pub description: String,
    pub practices: Vec<Practice>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    pub id: String,
    pub name: String,
    /// Other names AIMA's own files give the practice (toolkit, worksheet, file names,
    /// diagram), verbatim; empty when AIMA uses only `name`. See docs/model.md.
    pub aliases: Vec<String>,
    pub description: String,
    pub objectives: Vec<String>,
    /// Titles of levels 1, 2 and 3.
    pub level_titles: [String; 3],
    /// Streams A and B.
    pub streams: [Stream; 2],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    pub id: String,
    pub name: String,
    /// AIMA's generic role of the stream: "Create & Promote" (A), "Measure & Improve" (B).
    pub role: String,
    /// Questions of levels 1, 2 and 3.
    pub questions: [Question; 3],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub level: u8,
    /// The question's row in the AIMA Toolkit v1.0.1 sheet `Assessment Questions`.
    pub toolkit_row: u32,
    pub text: String,
    pub guidance: String,
}

/// A question with everything above it.
#[derive(Debug, Clone, Copy)]
pub struct QuestionRef<'m> {
    pub domain: &'m Domain,
    pub practice: &'m Practice,
    /// 0 for stream A, 1 for stream B.
    pub stream_index: usize,
    pub question: &'m Question,
}

impl<'m> QuestionRef<'m> {
    pub fn stream(&self) -> &'m Stream {
        &self.practice.streams[self.stream_index]
    }

    pub fn level(&self) -> u8 {
        self.question.level
    }

    pub fn level_title(&self) -> &'m str {
        &self.practice.level_titles[usize::from(self.question.level) - 1]
    }
}

impl Model {
    /// `id@version`, as answers files name the model.
    pub fn key(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    pub fn domain(&self, code: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == code)
    }

    pub fn practice(&self, code: &str) -> Option<(&Domain, &Practice)> {
        let domain = self.domain(code.split('-').next()?)?;
        let practice = domain.practices.iter().find(|p| p.id == code)?;
        Some((domain, practice))
    }

    /// Looks a question up by its code (`GV-PC-B-2`) without scanning the whole model.
    pub fn question(&self, code: &str) -> Option<QuestionRef<'_>> {
        let Code::Question {
            practice,
            stream,
            level,
            ..
        } = Code::parse(code)?
        else {
            return None;
        };
        let (domain, practice) = self.practice(practice)?;
        let stream_index = usize::from(stream == 'B');
        let question = &practice.streams[stream_index].questions[usize::from(level) - 1];
        (question.id == code).then_some(QuestionRef {
            domain,
            practice,
            stream_index,
            question,
        })
    }

    /// All questions in worksheet order: domain, practice, level 1..3, stream A then B.
    pub fn questions(&self) -> impl Iterator<Item = QuestionRef<'_>> {
        self.domains
            .iter()
            .flat_map(|domain| domain.practices.iter().map(move |p| (domain, p)))
            .flat_map(|(domain, practice)| {
                (0..3).flat_map(move |level| {
                    (0..2).map(move |stream_index| QuestionRef {
                        domain,
                        practice,
                        stream_index,
                        question: &practice.streams[stream_index].questions[level],
                    })
                })
            })
    }

    pub fn practices(&self) -> impl Iterator<Item = (&Domain, &Practice)> {
        self.domains
            .iter()
            .flat_map(|d| d.practices.iter().map(move |p| (d, p)))
    }

    pub fn question_count(&self) -> usize {
        self.domains.iter().map(|d| d.practices.len() * 6).sum()
    }

    /// The message for a domain code this model does not have.
    pub fn unknown_domain(&self, code: &str) -> String {
        let codes: Vec<&str> = self.domains.iter().map(|d| d.id.as_str()).collect();
        format!(
            "unknown domain `{}`: model {} has {}",
            crate::base::diag::shown(code),
            self.key(),
            codes.join(", ")
        )
    }
}

/// The shape of a model code. Domain and practice parts are two upper-case letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code<'a> {
    Domain(&'a str),
    Practice(&'a str),
    Stream {
        practice: &'a str,
        stream: char,
    },
    Question {
        practice: &'a str,
        stream_id: &'a str,
        stream: char,
        level: u8,
    },
}

impl<'a> Code<'a> {
    /// Parses a well-formed code; `None` when the text has no code shape.
    pub fn parse(text: &'a str) -> Option<Code<'a>> {
        // At most four parts; a fifth means the text is no code.
        let mut split = text.split('-');
        let parts: [Option<&str>; 5] = std::array::from_fn(|_| split.next());
        let count = parts.iter().take_while(|p| p.is_some()).count();
        let part = |i: usize| parts[i].unwrap_or("");
        let two_letters = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
        if !(0..count.min(2)).all(|i| two_letters(part(i))) {
            return None;
        }
        let stream = |s: &str| match s {
            "A" => Some('A'),
            "B" => Some('B'),
            _ => None,
        };
        // Every part is checked before the text is sliced: the slices below fall on ASCII
        // boundaries only because the parts before them are ASCII.
        match count {
            1 => Some(Code::Domain(text)),
            2 => Some(Code::Practice(text)),
            3 => Some(Code::Stream {
                stream: stream(part(2))?,
                practice: text.get(..5)?,
            }),
            4 => Some(Code::Question {
                stream: stream(part(2))?,
                level: match part(3) {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    _ => return None,
                },
                practice: text.get(..5)?,
                stream_id: text.get(..7)?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_code_shapes() {
        assert_eq!(Code::parse("GV"), Some(Code::Domain("GV")));
        assert_eq!(Code::parse("GV-PC"), Some(Code::Practice("GV-PC")));
        assert_eq!(
            Code::parse("GV-PC-B"),
            Some(Code::Stream {
                practice: "GV-PC",
                stream: 'B'
            })
        );
        assert_eq!(
            Code::parse("GV-PC-B-2"),
            Some(Code::Question {
                practice: "GV-PC",
                stream_id: "GV-PC-B",
                stream: 'B',
                level: 2
            })
        );
        for bad in [
            "",
            "gv",
            "G",
            "GV-P",
            "GV-PC-C",
            "GV-PC-A-4",
            "GV-PC-A-1-1",
            "GV_PC",
            "GV-PC-A-",
            "GV-PC-é-1",
            "GV-PC-é",
            "GV-PC-A-é",
            "GÉ-PC-A-1",
            "GV-ÉC",
        ] {
            assert_eq!(Code::parse(bad), None, "{bad}");
        }
    }
}
