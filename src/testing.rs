//! Helpers shared by the unit tests of the engines (compiled for tests only).

use crate::answers::{Answer, Assessment, Word};

/// An assessment of the embedded model from `(practice, "A-1 B-1 A-2 B-2 A-3 B-3")`, six
/// answer words in the toolkit's row order; `~` is unanswered, `na` gets a reason.
pub fn assessment(practices: &[(&str, &str)]) -> Assessment {
    let mut a = Assessment::new(crate::embedded::model());
    for (practice, words) in practices {
        let codes = ["A-1", "B-1", "A-2", "B-2", "A-3", "B-3"];
        let words: Vec<&str> = words.split_whitespace().collect();
        assert_eq!(words.len(), 6, "six answers for {practice}");
        for (code, word) in codes.iter().zip(words) {
            if word == "~" {
                continue;
            }
            let word = Word::parse(word).expect("an answer word");
            let mut answer = Answer::word(word);
            if word == Word::Na {
                answer.reason = Some("not used".to_string());
            }
            a.answers.insert(format!("{practice}-{code}"), answer);
        }
    }
    a
}
