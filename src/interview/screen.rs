//! What a question screen says, as plain text (pure, so it is snapshot-tested without a
//! terminal). The dialoguer prompter prints it above the menu.

use crate::answers::{Answer, Word};
use crate::base::sanitize::terminal_line;
use crate::render::text::wrap;

use super::prompter::{Choice, Screen};

/// The widest the screen gets, however wide the terminal: long lines are hard to read.
pub const MAX_WIDTH: usize = 80;

/// The lines above the menu, wrapped to `width` columns.
pub fn lines(screen: &Screen<'_>, width: usize) -> Vec<String> {
    let width = width.clamp(20, MAX_WIDTH);
    let q = &screen.question;
    let mut out = Vec::new();
    let para = |out: &mut Vec<String>, text: &str| out.extend(wrap(&shown(text), width));
    para(
        &mut out,
        &format!(
            "{} › {} › {} (stream {})",
            q.domain.name,
            q.practice.name,
            q.stream().name,
            crate::model::STREAMS[q.stream_index]
        ),
    );
    para(&mut out, &format!("Level {}: {}", q.level(), q.level_title()));
    out.push(String::new());
    para(&mut out, &q.question.text);
    out.push(String::new());
    para(&mut out, &format!("Guidance: {}", q.question.guidance));
    if let Some(entry) = screen.entry {
        let extra = entry_lines(entry, width, "");
        if !extra.is_empty() {
            out.push(String::new());
            out.extend(extra);
        }
    }
    if let Some(previous) = screen.previous {
        let word = previous.word.map_or("unanswered", Word::as_str);
        out.push(String::new());
        para(&mut out, &format!("Last assessment: {word}"));
        out.extend(entry_lines(previous, width, "  "));
    }
    // A notice sits right above the menu, where the eye is; otherwise a blank line.
    match &screen.notice {
        Some(notice) => para(&mut out, &format!("» {notice}")),
        None => out.push(String::new()),
    }
    out
}

/// Text from a file or a model as one paragraph: line breaks and tabs become spaces,
/// anything else unsafe is shown escaped (see docs/interview.md).
fn shown(text: &str) -> String {
    terminal_line(&text.replace(['\n', '\t'], " ")).into_owned()
}

/// The most characters of one reason, note or evidence item a screen shows (about ten lines);
/// the file keeps the whole text. A 7 MB note of `--from OLD` is not laid out on every screen.
pub const MAX_SHOWN_CHARS: usize = 800;

/// The most evidence items a screen lists.
const MAX_SHOWN_ITEMS: usize = 10;

/// `text` cut to [`MAX_SHOWN_CHARS`], saying how much more there is.
fn brief(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => {
            let more = text[end..].chars().count();
            std::borrow::Cow::Owned(format!(
                "{}… ({more} more characters, kept in the file)",
                &text[..end]
            ))
        }
    }
}

/// The reason, note and evidence of `entry`, wrapped, each line starting with `indent`; each
/// text cut to [`MAX_SHOWN_CHARS`], the evidence to [`MAX_SHOWN_ITEMS`] items.
fn entry_lines(entry: &Answer, width: usize, indent: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut para = |text: String| {
        let wrapped = wrap(&shown(&text), width.saturating_sub(indent.len()).max(10));
        out.extend(wrapped.into_iter().map(|l| format!("{indent}{l}")));
    };
    if let (Some(Word::Na), Some(reason)) = (entry.word, &entry.reason) {
        para(format!("Not applicable because: {}", brief(reason)));
    }
    if let Some(note) = &entry.note {
        para(format!("Note: {}", brief(note)));
    }
    match entry.evidence.as_slice() {
        [] => {}
        [one] => para(format!("Evidence: {}", brief(&one.to_string()))),
        many => {
            para("Evidence:".to_string());
            for item in many.iter().take(MAX_SHOWN_ITEMS) {
                para(format!("- {}", brief(&item.to_string())));
            }
            if many.len() > MAX_SHOWN_ITEMS {
                para(format!(
                    "- … and {} more, kept in the file",
                    many.len() - MAX_SHOWN_ITEMS
                ));
            }
        }
    }
    out
}

/// The menu's labels, in [`Choice::MENU`] order; the current answer is marked.
pub fn menu(screen: &Screen<'_>) -> Vec<String> {
    let current = screen.entry.and_then(|a| a.word);
    let previous = screen.previous.and_then(|a| a.word);
    let has_note = screen.entry.is_some_and(|a| a.note.is_some());
    Choice::MENU
        .iter()
        .map(|choice| {
            let label = match choice {
                Choice::Answer(Word::Na) => "not applicable (asks why)".to_string(),
                Choice::Answer(w) => w.to_string(),
                Choice::Skip => "skip".to_string(),
                Choice::Back => "back".to_string(),
                Choice::SaveAndQuit => "save and quit".to_string(),
                Choice::Note if has_note => "edit note…".to_string(),
                Choice::Note => "note…".to_string(),
                Choice::Evidence => "evidence…".to_string(),
                Choice::Domain => "domain…".to_string(),
            };
            let label = format!("[{}] {label}", choice.key());
            match choice {
                Choice::Answer(w) if Some(*w) == current => format!("{label}  ← current answer"),
                Choice::Answer(w) if current.is_none() && Some(*w) == previous => {
                    format!("{label}  ← last assessment")
                }
                _ => label,
            }
        })
        .collect()
}

/// The menu as drawn below its title, with the cursor on entry `cursor`: one answer a
/// line, then the other entries side by side as far as `width` allows, so that a question
/// screen fits a terminal of 80×24.
pub fn menu_lines(labels: &[String], cursor: usize, width: usize) -> Vec<String> {
    let answers = Choice::MENU
        .iter()
        .take_while(|c| matches!(c, Choice::Answer(_)))
        .count();
    let mark = |i: usize| if i == cursor { "❯ " } else { "  " };
    let mut lines: Vec<String> = (labels.iter().enumerate().take(answers))
        .map(|(i, label)| format!("{}{label}", mark(i)))
        .collect();
    let mut row = String::new();
    for (i, label) in labels.iter().enumerate().skip(answers) {
        let item = format!("{}{label}", mark(i));
        // The two columns of each entry's cursor mark set the entries apart.
        if !row.is_empty() && row.chars().count() + item.chars().count() > width {
            lines.push(std::mem::take(&mut row));
        }
        row.push_str(&item);
    }
    if !row.is_empty() {
        lines.push(row);
    }
    lines
}

/// The menu's title: the question code and the progress, answered/total in scope and,
/// when the scope spans several domains, in the question's domain.
pub fn menu_prompt(screen: &Screen<'_>) -> String {
    let mut prompt = format!(
        "{} · {}/{} answered",
        screen.question.question.id, screen.answered, screen.total
    );
    if screen.domain_total != screen.total {
        prompt.push_str(&format!(
            " · {} {}/{}",
            terminal_line(&screen.question.domain.name),
            screen.domain_answered,
            screen.domain_total
        ));
    }
    prompt
}
