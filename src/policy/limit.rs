//! The bounds on a policy evaluation (docs/policy.md, "Limits"): time and memory.
//!
//! - **Time.** regorus's own execution timer (a cooperative check of the clock every few
//!   interpreter steps) ends a run that takes longer than [`Limits::time`] with an error.
//!   The evaluation also runs on a worker thread that the caller waits for at most
//!   `time` plus [`GRACE`]: a single built-in that runs long between two of regorus's
//!   checks cannot hold the command past that deadline either (the command then fails,
//!   exit 2, and the process exits with the worker abandoned).
//! - **Memory.** The binary installs [`Budgeted`] as its global allocator. It counts the
//!   bytes each policy worker thread holds; a request that would take a worker past
//!   [`Limits::memory`] ends the process at once with exit 2 and one `error:` line naming
//!   the policy (prepared before the evaluation started, so nothing is allocated on the
//!   way out). Other threads are not counted and pay one thread-local read per
//!   allocation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::mpsc;
use std::time::Duration;

/// What one evaluation may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time of one policy file's evaluation over one input.
    pub time: Duration,
    /// Bytes a worker may hold at once (the input, the engine's copy, and what the
    /// policies build).
    pub memory: usize,
}

/// The limits aima evaluates with: 5 seconds and 256 MiB per policy and input.
pub const DEFAULT: Limits = Limits {
    time: Duration::from_secs(5),
    memory: 256 * 1024 * 1024,
};

/// How long past the time limit the caller still waits for the worker.
pub const GRACE: Duration = Duration::from_secs(1);

/// Worker threads get a deep stack: policies nest expressions, and regorus recurses.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Why a bounded run did not return a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// The deadline passed.
    Deadline,
    /// The worker panicked (a bug in the interpreter); the message if it had one.
    Panicked(String),
}

/// Runs `work` on a worker thread whose allocations count against `limits.memory`
/// (when [`Budgeted`] is the global allocator; `on_exceeded` is the line printed if they
/// do), and waits for it at most `deadline`.
pub fn run_bounded<T, F>(
    limits: Limits,
    deadline: Duration,
    on_exceeded: String,
    work: F,
) -> Result<T, Stopped>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("aima-policy".to_string())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let message: &'static [u8] = Box::leak(on_exceeded.into_bytes().into_boxed_slice());
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let _budget = Budget::start(limits.memory, message);
                work()
            }));
            // The receiver may be gone (deadline passed): nothing to tell then.
            let _ = tx.send(outcome.map_err(|p| panic_text(&p)));
        });
    if let Err(e) = spawned {
        return Err(Stopped::Panicked(format!("cannot start a worker thread: {e}")));
    }
    match rx.recv_timeout(deadline) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(text)) => Err(Stopped::Panicked(text)),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Stopped::Deadline),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Stopped::Panicked(String::new())),
    }
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

thread_local! {
    /// The byte budget of this thread (`usize::MAX`: not counted).
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
    /// Bytes this thread allocated and has not freed since its budget started.
    static HELD: Cell<usize> = const { Cell::new(0) };
    /// The line to print when the budget is exceeded (address and length).
    static MESSAGE: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// A started budget; dropping it stops counting.
struct Budget;

impl Budget {
    fn start(limit: usize, message: &'static [u8]) -> Budget {
        MESSAGE.with(|m| m.set((message.as_ptr() as usize, message.len())));
        HELD.with(|h| h.set(0));
        LIMIT.with(|l| l.set(limit));
        Budget
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        LIMIT.with(|l| l.set(usize::MAX));
    }
}

/// The global allocator of the `aima` binary: the system allocator, with the per-thread
/// budget of policy workers (module comment).
pub struct Budgeted;

impl Budgeted {
    /// Counts `more` bytes on this thread, or ends the process when that passes its budget.
    #[inline]
    fn charge(more: usize) {
        let limit = LIMIT.try_with(Cell::get).unwrap_or(usize::MAX);
        if limit == usize::MAX {
            return;
        }
        let held = HELD.with(Cell::get).saturating_add(more);
        if held > limit {
            exceeded();
        }
        HELD.with(|h| h.set(held));
    }

    #[inline]
    fn refund(less: usize) {
        if LIMIT.try_with(Cell::get).unwrap_or(usize::MAX) != usize::MAX {
            HELD.with(|h| h.set(h.get().saturating_sub(less)));
        }
    }
}

/// Prints the prepared line and exits 2 without allocating or unwinding.
#[cold]
fn exceeded() -> ! {
    #[cfg(unix)]
    {
        let (ptr, len) = MESSAGE.with(Cell::get);
        // SAFETY: `ptr`/`len` describe a leaked, never-freed byte slice (set in
        // `Budget::start`); write(2) and _exit(2) are async-signal-safe and allocate nothing.
        unsafe {
            if len > 0 {
                libc::write(2, ptr as *const libc::c_void, len);
            }
            libc::_exit(2)
        }
    }
    #[cfg(not(unix))]
    std::process::abort()
}

// SAFETY: every call is forwarded to `System` unchanged; the counting touches only
// const-initialised thread-locals without destructors and never allocates.
unsafe impl GlobalAlloc for Budgeted {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::charge(layout.size());
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::charge(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Self::refund(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            Self::charge(new_size - layout.size());
        } else {
            Self::refund(layout.size() - new_size);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_run_returns_its_value() {
        let got = run_bounded(DEFAULT, Duration::from_secs(5), String::new(), || 6 * 7);
        assert_eq!(got, Ok(42));
    }

    #[test]
    fn a_run_past_its_deadline_is_stopped() {
        let got = run_bounded(DEFAULT, Duration::from_millis(50), String::new(), || {
            std::thread::sleep(Duration::from_millis(400));
        });
        assert_eq!(got, Err(Stopped::Deadline));
    }

    #[test]
    fn a_panicking_worker_is_an_error_not_a_crash() {
        let got: Result<(), Stopped> = run_bounded(DEFAULT, Duration::from_secs(5), String::new(), || {
            panic!("boom");
        });
        assert_eq!(got, Err(Stopped::Panicked("boom".to_string())));
    }
}
