//! The real terminal: a [`Prompter`] on dialoguer, and the signal handling that keeps the
//! terminal usable when the interview is interrupted.
//!
//! Ctrl-C at a prompt arrives as a key (the prompt puts the terminal in raw mode); console
//! then raises SIGINT itself, which would kill the process with the cursor hidden. A
//! handler is installed so the prompt returns `ErrorKind::Interrupted` instead and the
//! interview ends normally (exit 130, cursor shown). A signal from outside (SIGTERM,
//! SIGHUP, `kill -INT`) while a prompt waits for a key cannot wake that prompt, so the
//! handler waits a moment for the interview to notice and otherwise restores the
//! terminal and exits itself, never in the middle of a save.

use std::io::{self, IsTerminal};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use dialoguer::Input;
use dialoguer::console::{Key, Term, truncate_str};
use dialoguer::theme::ColorfulTheme;

use super::prompter::{Check, Choice, Field, Prompter, Screen};
use super::screen;
use crate::base::error::ExitStatus;
use crate::base::sanitize::terminal_line;

/// True when the interview can run: keys come from a terminal and prompts go to one.
pub fn is_interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Runs `save` so that a signal handler exiting the process waits for it to finish.
pub fn guarded<R>(save: impl FnOnce() -> R) -> R {
    let _saving = SAVING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    save()
}

/// What to print if a signal ends the process while a prompt waits: what is saved and
/// how to continue. Kept up to date after every save.
pub fn set_interrupt_note(note: String) {
    *NOTE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = note;
}

/// The interview's lock file, removed by the signal handler when it ends the process.
pub fn set_lock_file(path: Option<std::path::PathBuf>) {
    *LOCK_FILE.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = path;
}

/// Prompts on standard error: the menu on console's keys, lines of text with dialoguer.
pub struct DialoguerPrompter {
    term: Term,
    theme: ColorfulTheme,
}

impl DialoguerPrompter {
    /// Takes over the terminal: installs the signal handler and remembers the terminal
    /// settings to restore. Check [`is_interactive`] first.
    pub fn new() -> io::Result<DialoguerPrompter> {
        STATE.store(IDLE, Ordering::SeqCst);
        tty::save();
        match ctrlc::try_set_handler(on_signal) {
            // A second interview in the same process keeps the first handler.
            Ok(()) | Err(ctrlc::Error::MultipleHandlers) => {}
            Err(e) => return Err(io::Error::other(format!("cannot handle Ctrl-C: {e}"))),
        }
        Ok(DialoguerPrompter {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        })
    }

    fn width(&self) -> usize {
        usize::from(self.term.size().1).saturating_sub(1)
    }

    /// Maps a prompt's result; Ctrl-C leaves the cursor on a fresh line.
    fn finish<T>(&self, result: dialoguer::Result<T>) -> io::Result<T> {
        result.map_err(|e| {
            let e = io::Error::from(e);
            if e.kind() == io::ErrorKind::Interrupted {
                claim_interrupt();
                let _ = self.term.write_line("");
            }
            e
        })
    }
}

impl DialoguerPrompter {
    /// A menu that acts on its letter keys at once, besides the arrows and Enter (see
    /// docs/interview.md). Redrawn on every key at the terminal's width then, each line cut
    /// to fit, so a narrow, tiny or resized terminal never wraps or breaks it.
    fn menu(&self, prompt: &str, labels: &[String], default: usize) -> io::Result<usize> {
        let mut cursor = default.min(labels.len().saturating_sub(1));
        let mut drawn = 0;
        self.term.hide_cursor()?;
        let picked = loop {
            let width = usize::from(self.term.size().1).saturating_sub(1).max(1);
            self.term.clear_last_lines(drawn)?;
            let mut lines = vec![format!("? {prompt} ›")];
            lines.extend(screen::menu_lines(labels, cursor, width.min(screen::MAX_WIDTH)));
            for line in &lines {
                self.term.write_line(&truncate_str(line, width, "…"))?;
            }
            drawn = lines.len();
            match self.term.read_key_raw()? {
                Key::CtrlC => return Err(interrupted()),
                Key::Enter => break cursor,
                Key::ArrowUp | Key::BackTab => cursor = (cursor + labels.len() - 1) % labels.len(),
                Key::ArrowDown | Key::Tab => cursor = (cursor + 1) % labels.len(),
                Key::Home | Key::PageUp => cursor = 0,
                Key::End | Key::PageDown => cursor = labels.len() - 1,
                Key::Char(c) => {
                    if let Some(choice) = Choice::for_key(c) {
                        break choice.index();
                    }
                }
                _ => {}
            }
        };
        self.term.clear_last_lines(drawn)?;
        let chosen = labels.get(picked).map_or("", String::as_str);
        let width = usize::from(self.term.size().1).saturating_sub(1).max(1);
        self.term
            .write_line(&truncate_str(&format!("{prompt} · {chosen}"), width, "…"))?;
        self.term.show_cursor()?;
        Ok(picked)
    }

    /// As [`Self::finish`], for the menu's own errors.
    fn finish_io<T>(&self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result
            && e.kind() == io::ErrorKind::Interrupted
        {
            claim_interrupt();
            let _ = self.term.show_cursor();
            let _ = self.term.write_line("");
        }
        result
    }
}

impl Drop for DialoguerPrompter {
    fn drop(&mut self) {
        let _ = self.term.show_cursor();
        // From here on the command is finishing: signals no longer need handling.
        STATE.store(CLOSED, Ordering::SeqCst);
    }
}

impl Prompter for DialoguerPrompter {
    fn message(&mut self, lines: &[String]) -> io::Result<()> {
        check_signal()?;
        self.term.clear_screen()?;
        for line in lines {
            for wrapped in
                crate::render::text::wrap(&terminal_line(line), self.width().min(screen::MAX_WIDTH))
            {
                self.term.write_line(&wrapped)?;
            }
        }
        self.term.write_line("")
    }

    fn choose(&mut self, screen: &Screen<'_>) -> io::Result<Choice> {
        check_signal()?;
        self.term.clear_screen()?;
        for line in screen::lines(screen, self.width()) {
            self.term.write_line(&line)?;
        }
        let labels = screen::menu(screen);
        let picked = self.menu(
            &screen::menu_prompt(screen),
            &labels,
            screen.default_choice().index(),
        );
        let index = self.finish_io(picked)?;
        Ok(Choice::MENU.get(index).copied().unwrap_or(Choice::Skip))
    }

    fn text(&mut self, field: Field, initial: &str, check: Check<'_>) -> io::Result<String> {
        check_signal()?;
        // The starting text comes from a file: shown safe. Kept as it was when accepted
        // unchanged, so confirming a note does not rewrite it.
        let shown = terminal_line(initial);
        let typed = Input::<String>::with_theme(&self.theme)
            .with_prompt(field.prompt())
            .with_initial_text(shown.as_ref())
            .allow_empty(true)
            .validate_with(|text: &String| match *text == *shown {
                true => check(initial),
                false => check(text),
            })
            .interact_text_on(&self.term);
        let typed = self.finish(typed)?;
        Ok(match typed == *shown {
            true => initial.to_string(),
            false => typed,
        })
    }
}

// Who handles a signal. The prompt thread claims an interruption it sees (a Ctrl-C key,
// or the flag at the start of a prompt); the handler thread exits the process only when
// nobody claimed it within GRACE.
const IDLE: u8 = 0;
const SIGNALLED: u8 = 1;
const CLAIMED: u8 = 2;
const HANDLER_EXITS: u8 = 3;
const CLOSED: u8 = 4;
const GRACE: Duration = Duration::from_millis(1500);

static STATE: AtomicU8 = AtomicU8::new(IDLE);
static SAVING: Mutex<()> = Mutex::new(());
static NOTE: Mutex<String> = Mutex::new(String::new());
static LOCK_FILE: Mutex<Option<std::path::PathBuf>> = Mutex::new(None);

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "interrupted")
}

/// At the start of a prompt: a signal that came in meanwhile interrupts the interview.
fn check_signal() -> io::Result<()> {
    match STATE.compare_exchange(SIGNALLED, CLAIMED, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => Err(interrupted()),
        Err(HANDLER_EXITS) => wait_for_exit(),
        Err(_) => Ok(()),
    }
}

/// A prompt returned `Interrupted`: the interview ends here, not in the handler.
fn claim_interrupt() {
    let claimed = STATE.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |s| match s {
        IDLE | SIGNALLED => Some(CLAIMED),
        _ => None,
    });
    if claimed == Err(HANDLER_EXITS) {
        wait_for_exit();
    }
}

/// The handler thread is restoring the terminal and exiting the process.
fn wait_for_exit() -> ! {
    loop {
        std::thread::park();
    }
}

/// Runs on ctrlc's thread for SIGINT, SIGTERM and SIGHUP.
fn on_signal() {
    if STATE
        .compare_exchange(IDLE, SIGNALLED, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return;
    }
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline {
        if STATE.load(Ordering::SeqCst) != SIGNALLED {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    if STATE
        .compare_exchange(SIGNALLED, HANDLER_EXITS, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return;
    }
    // Never exit halfway through a save; after it, the file on disk is complete.
    let _saving = SAVING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    tty::restore();
    if let Some(lock) = LOCK_FILE.lock().ok().and_then(|l| l.clone()) {
        let _ = std::fs::remove_file(lock);
    }
    let term = Term::stderr();
    let _ = term.show_cursor();
    let _ = term.write_line("");
    let note = NOTE.lock().map(|n| n.clone()).unwrap_or_default();
    for line in note.lines() {
        let _ = term.write_line(line);
    }
    std::process::exit(i32::from(ExitStatus::Interrupted));
}

/// Terminal settings saved before prompting, restored by the handler when it exits while
/// a prompt has the terminal in raw mode.
#[cfg(unix)]
mod tty {
    use std::sync::Mutex;

    static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

    pub fn save() {
        let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr writes a whole termios into the buffer when it returns 0;
        // the buffer is only read in that case.
        let saved = unsafe {
            (libc::tcgetattr(libc::STDIN_FILENO, settings.as_mut_ptr()) == 0).then(|| settings.assume_init())
        };
        *SAVED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = saved;
    }

    pub fn restore() {
        if let Some(settings) = *SAVED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) {
            // SAFETY: `settings` is a termios filled in by tcgetattr.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &settings);
            }
        }
    }
}

#[cfg(not(unix))]
mod tty {
    pub fn save() {}
    pub fn restore() {}
}
