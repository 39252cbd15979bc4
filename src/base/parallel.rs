//! The one worker pool: a function over a list on all cores, results in input order.
//! A worker that panics (a bug) is an error, never a silent gap in the results, so a file
//! that was never checked cannot pass unseen (docs/security.md).

use std::sync::atomic::{AtomicUsize, Ordering};

/// A worker thread panicked: a bug, reported as an error rather than as fewer results.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error: a worker thread failed (a bug in aima; please report it)")]
pub struct WorkerFailed;

/// `f` over `items` on all cores (`f` gets each item's index too), results in input order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Result<Vec<R>, WorkerFailed> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let done: Vec<std::thread::Result<Vec<(usize, R)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(i, item)));
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join()).collect()
    });
    let mut all = Vec::with_capacity(items.len());
    for worker in done {
        all.extend(worker.map_err(|_| WorkerFailed)?);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<usize> = (0..500).collect();
        let doubled = map(&items, |i, n| (i, n * 2)).expect("no panic");
        assert!(
            doubled
                .iter()
                .enumerate()
                .all(|(i, (j, d))| i == *j && *d == 2 * i)
        );
    }

    #[test]
    fn a_panicking_worker_is_an_error() {
        let items: Vec<usize> = (0..50).collect();
        let result = map(&items, |_, n| if *n == 37 { panic!("boom") } else { *n });
        assert_eq!(result, Err(WorkerFailed));
    }
}
