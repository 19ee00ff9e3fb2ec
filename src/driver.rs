//! Cleaning many pages on all cores, with memory that stays flat whatever the input size.
//!
//! [`Driver::run`] pulls jobs from an iterator on the calling thread (a record reader need not
//! be `Send`), hands them to worker threads over a bounded channel, and gives the results to a
//! sink on the calling thread: in input order by default, or as they finish with
//! [`Driver::unordered`]. At most [`Driver::window`] jobs are in flight (queued, running, or
//! finished and waiting for an earlier one), so a slow page holds back memory, not the run.
//! With one thread, everything runs in turn on the calling thread.
//!
//! A panic inside the work function (a bug, never expected) is caught per job and handed to
//! the sink as [`JobOutcome::Panicked`] with its message: one bad page never ends a corpus
//! run, and nothing is dropped silently.
//!
//! ```
//! use pagewash::driver::{Driver, JobOutcome};
//!
//! let mut out = Vec::new();
//! Driver::new().threads(2).run(
//!     (1..=5).map(|n| n * 10),
//!     |n: u32| n + 1,
//!     |seq, outcome| {
//!         if let JobOutcome::Done(v) = outcome {
//!             out.push((seq, v));
//!         }
//!     },
//! );
//! assert_eq!(out, [(0, 11), (1, 21), (2, 31), (3, 41), (4, 51)]);
//! ```

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;

/// What became of one job.
#[derive(Debug)]
pub enum JobOutcome<R> {
    /// The work function returned.
    Done(R),
    /// The work function panicked; the message, when it was a string.
    Panicked(String),
}

/// Runs a work function over jobs on worker threads. See the module docs.
#[derive(Clone, Debug)]
pub struct Driver {
    threads: usize,
    window: usize,
    ordered: bool,
}

impl Default for Driver {
    fn default() -> Self {
        let threads = thread::available_parallelism().map_or(1, NonZeroUsize::get);
        Driver {
            threads,
            window: threads * 8,
            ordered: true,
        }
    }
}

impl Driver {
    /// All cores, a window of eight jobs per thread, input order.
    pub fn new() -> Self {
        Self::default()
    }

    /// Worker threads (at least 1; default: the number of cores). The window grows to at
    /// least twice this.
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n.max(1);
        self.window = self.window.max(self.threads * 2);
        self
    }

    /// Most jobs in flight at once (at least the thread count; default eight per thread: fewer
    /// left workers idle while the calling thread was descheduled, on a 2-core machine the
    /// 2-thread run went from 1.74x to 1.95x the 1-thread one). Memory is bounded by the
    /// window times the largest job.
    pub fn window(mut self, n: usize) -> Self {
        self.window = n.max(self.threads);
        self
    }

    /// Hand results to the sink as they finish instead of in input order.
    pub fn unordered(mut self, yes: bool) -> Self {
        self.ordered = !yes;
        self
    }

    /// Runs `work` over every job and gives each outcome to `sink` with the job's sequence
    /// number (0-based, input order). Returns the number of jobs.
    pub fn run<J, R, I, W, S>(&self, jobs: I, work: W, mut sink: S) -> u64
    where
        I: IntoIterator<Item = J>,
        J: Send,
        R: Send,
        W: Fn(J) -> R + Sync,
        S: FnMut(u64, JobOutcome<R>),
    {
        if self.threads == 1 {
            // One thread means one: read, clean and write in turn on the calling thread
            // (no hand-off to pay for, and `--threads 1` measures a single core).
            let mut n = 0u64;
            for job in jobs {
                sink(n, run_one(&work, job));
                n += 1;
            }
            return n;
        }
        let (job_tx, job_rx) = mpsc::sync_channel::<(u64, J)>(self.threads * 4);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (result_tx, result_rx) = mpsc::channel::<(u64, JobOutcome<R>)>();
        thread::scope(|scope| {
            for _ in 0..self.threads {
                let job_rx = Arc::clone(&job_rx);
                let result_tx = result_tx.clone();
                let work = &work;
                scope.spawn(move || worker(&job_rx, &result_tx, work));
            }
            drop(result_tx);
            let mut order = Reorder::new(self.ordered);
            let mut sent = 0u64;
            for job in jobs {
                // Keep the window: wait for a result before sending more.
                while sent - order.emitted() >= self.window as u64 {
                    match result_rx.recv() {
                        Ok((seq, outcome)) => order.push(seq, outcome, &mut sink),
                        Err(_) => break, // every worker is gone (cannot happen: panics are caught)
                    }
                }
                if job_tx.send((sent, job)).is_err() {
                    break;
                }
                sent += 1;
                while let Ok((seq, outcome)) = result_rx.try_recv() {
                    order.push(seq, outcome, &mut sink);
                }
            }
            drop(job_tx);
            for (seq, outcome) in result_rx {
                order.push(seq, outcome, &mut sink);
            }
            sent
        })
    }
}

fn worker<J, R, W: Fn(J) -> R>(
    jobs: &Mutex<Receiver<(u64, J)>>,
    results: &mpsc::Sender<(u64, JobOutcome<R>)>,
    work: &W,
) {
    loop {
        // The lock is held only while taking one job.
        let next = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok((seq, job)) = next else {
            return; // the producer is done
        };
        if results.send((seq, run_one(work, job))).is_err() {
            return;
        }
    }
}

/// Runs one job, catching a panic.
fn run_one<J, R, W: Fn(J) -> R>(work: &W, job: J) -> JobOutcome<R> {
    match panic::catch_unwind(AssertUnwindSafe(|| work(job))) {
        Ok(r) => JobOutcome::Done(r),
        Err(payload) => JobOutcome::Panicked(panic_message(payload.as_ref())),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

/// Puts results back in input order (or passes them straight through).
struct Reorder<R> {
    ordered: bool,
    next: u64,
    emitted: u64,
    waiting: BTreeMap<u64, JobOutcome<R>>,
}

impl<R> Reorder<R> {
    fn new(ordered: bool) -> Self {
        Reorder {
            ordered,
            next: 0,
            emitted: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Results handed to the sink so far.
    fn emitted(&self) -> u64 {
        self.emitted
    }

    fn push(
        &mut self,
        seq: u64,
        outcome: JobOutcome<R>,
        sink: &mut impl FnMut(u64, JobOutcome<R>),
    ) {
        if !self.ordered {
            self.emitted += 1;
            sink(seq, outcome);
            return;
        }
        self.waiting.insert(seq, outcome);
        while let Some(outcome) = self.waiting.remove(&self.next) {
            sink(self.next, outcome);
            self.next += 1;
            self.emitted += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn ordered_output_equals_the_sequential_map() {
        let mut got = Vec::new();
        let n = Driver::new().threads(4).run(
            0..1000u64,
            |x| {
                if x % 7 == 0 {
                    thread::sleep(Duration::from_micros(200)); // finish out of order
                }
                x * x
            },
            |seq, o| match o {
                JobOutcome::Done(v) => got.push((seq, v)),
                JobOutcome::Panicked(m) => panic!("{m}"),
            },
        );
        assert_eq!(n, 1000);
        let want: Vec<(u64, u64)> = (0..1000).map(|x| (x, x * x)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn unordered_output_has_every_result_once() {
        let mut got = Vec::new();
        Driver::new().threads(3).unordered(true).run(
            0..500u64,
            |x| x + 1,
            |seq, o| {
                if let JobOutcome::Done(v) = o {
                    assert_eq!(v, seq + 1);
                    got.push(seq);
                }
            },
        );
        got.sort_unstable();
        assert_eq!(got, (0..500).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_than_the_window_is_in_flight() {
        let in_flight = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let started = AtomicUsize::new(0);
        let mut finished = 0usize;
        Driver::new().threads(2).window(4).run(
            (0..200).inspect(|_| {
                // Jobs are created when sent: count them here.
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
            }),
            |i: i32| {
                started.fetch_add(1, Ordering::SeqCst);
                thread::sleep(Duration::from_micros(50));
                i
            },
            |_, _| {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                finished += 1;
            },
        );
        assert_eq!(finished, 200);
        // The iterator may create one job beyond the window before the driver waits.
        assert!(
            peak.load(Ordering::SeqCst) <= 5,
            "peak {}",
            peak.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn a_panicking_job_is_reported_and_the_run_goes_on() {
        let mut outcomes = Vec::new();
        let prev = panic::take_hook();
        panic::set_hook(Box::new(|_| {})); // keep the test output clean
        Driver::new().threads(2).run(
            0..10,
            |x: i32| {
                assert!(x != 3, "job three is broken");
                x
            },
            |seq, o| outcomes.push((seq, matches!(o, JobOutcome::Done(_)))),
        );
        panic::set_hook(prev);
        assert_eq!(outcomes.len(), 10);
        assert_eq!(outcomes[3], (3, false));
        assert!(outcomes.iter().filter(|o| o.1).count() == 9);
    }

    #[test]
    fn one_thread_runs_in_turn_on_the_calling_thread() {
        let caller = thread::current().id();
        let mut got = Vec::new();
        Driver::new().threads(1).run(
            0..5,
            |x: i32| (x, thread::current().id()),
            |seq, o| {
                if let JobOutcome::Done((x, id)) = o {
                    assert_eq!(id, caller);
                    got.push((seq, x));
                }
            },
        );
        assert_eq!(got, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]);
    }

    #[test]
    fn no_jobs_no_calls() {
        let mut calls = 0;
        let n = Driver::new().run(std::iter::empty::<u8>(), |x| x, |_, _| calls += 1);
        assert_eq!((n, calls), (0, 0));
    }
}
