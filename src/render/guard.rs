//! Limits on what one rendering may cost, so a writer's template can end only in an error.
//!
//! This module owns the four bounds on a template: its output ([`MAX_OUTPUT`] bytes, through
//! [`Capped`]), its loops over `range` ([`MAX_RANGE_STEPS`] per rendering, through the
//! `range` function registered in place of Tera's), its time ([`watch`]: a watchdog thread
//! that ends the process with an error naming the template) and its memory (a single
//! allocation above [`MAX_ALLOCATION`] while a template renders, checked by
//! [`CappedAllocator`], the binary's global allocator). Time and memory cannot be taken back
//! from a running Tera rendering, so those two end the process, with exit code 2; they are
//! armed only by the command layer (the library alone never exits).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Most bytes one rendering may write: a speech is a few hundred kilobytes at most, so more
/// means a runaway loop in a writer's template.
pub const MAX_OUTPUT: usize = 20_000_000;

/// Most numbers all `range(…)` calls of one rendering may produce together: nested loops over
/// `range` multiply, and a template that lays out a speech needs a few hundred at most.
pub const MAX_RANGE_STEPS: u64 = 1_000_000;

/// Largest single allocation a rendering may make: output is capped far below this, so only
/// a string doubled in a loop gets here.
pub const MAX_ALLOCATION: usize = 256 << 20;

/// How long one rendering may take when the command layer arms [`watch`].
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// A buffer that refuses to grow past [`MAX_OUTPUT`], so a runaway template ends in an error
/// instead of filling the memory.
pub(super) struct Capped {
    pub(super) bytes: Vec<u8>,
    pub(super) hit: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.hit = true;
            return Err(std::io::Error::other("template output too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

thread_local! {
    /// `range` steps left for the rendering running on this thread.
    static RANGE_LEFT: Cell<u64> = const { Cell::new(MAX_RANGE_STEPS) };
}

/// `range(end=…, start=0, step_by=1)` as Tera's, counting its numbers against the rendering's
/// budget of [`MAX_RANGE_STEPS`].
pub(super) fn range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with step_by=0"));
    }
    let span = if step > 0 {
        end.saturating_sub(start)
    } else {
        start.saturating_sub(end)
    };
    let len = if span <= 0 {
        0
    } else {
        (span.saturating_add(step.saturating_abs() - 1) / step.saturating_abs()) as u128
    };
    let left = RANGE_LEFT.with(Cell::get);
    if len > u128::from(left) {
        RANGE_LEFT.with(|c| c.set(0));
        return Err(tera::Error::message(format!(
            "the template's loops over `range` ask for more than {MAX_RANGE_STEPS} steps in one \
             speech; look for a loop that runs too long"
        )));
    }
    RANGE_LEFT.with(|c| c.set(left - len as u64));
    let mut out = Vec::with_capacity(len as usize);
    let mut x = start;
    for _ in 0..len {
        out.push(x);
        x = x.saturating_add(step);
    }
    Ok(out)
}

/// Renderings in progress (for the allocator's check).
static RENDERING: AtomicUsize = AtomicUsize::new(0);
static NEXT_ID: AtomicU64 = AtomicU64::new(0);
/// Renderings in progress, for the watchdog: id, start and the template's file.
static ACTIVE: Mutex<Vec<(u64, Instant, String)>> = Mutex::new(Vec::new());
/// The time limit, once [`watch`] armed it.
static LIMIT: OnceLock<Duration> = OnceLock::new();

/// One rendering in progress: its `range` budget is fresh, and the watchdog and allocator
/// know its template until it is dropped.
pub(super) struct Rendering {
    id: u64,
}

impl Rendering {
    pub(super) fn start(file: &str) -> Rendering {
        RANGE_LEFT.with(|c| c.set(MAX_RANGE_STEPS));
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        if LIMIT.get().is_some() {
            let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
            active.push((id, Instant::now(), file.to_owned()));
        }
        RENDERING.fetch_add(1, Ordering::SeqCst);
        Rendering { id }
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        RENDERING.fetch_sub(1, Ordering::SeqCst);
        if LIMIT.get().is_some() {
            let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
            active.retain(|(id, ..)| *id != self.id);
        }
    }
}

/// Arms the time limit: from now on a rendering that runs longer than `limit` ends the
/// process with an error naming its template (exit code 2). Called once by the commands.
pub fn watch(limit: Duration) {
    if LIMIT.set(limit).is_err() {
        return;
    }
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(100).min(limit));
        let late = {
            let active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
            active
                .iter()
                .find(|(_, start, _)| start.elapsed() > limit)
                .map(|(_, _, file)| file.clone())
        };
        if let Some(file) = late {
            let d = crate::diag::Diagnostic::new(format!(
                "the template {file} took more than {} s to render one speech",
                limit.as_secs()
            ))
            .hint("look for a loop that never ends or runs far too long");
            eprintln!("{d}");
            std::process::exit(2);
        }
    });
}

/// The system allocator, refusing (by ending the process with an error, exit code 2) any
/// single allocation above [`MAX_ALLOCATION`] while a template renders. Install it in the
/// binary with `#[global_allocator]`.
pub struct CappedAllocator;

// SAFETY: every call is passed to `System` unchanged; the only addition is a check that may
// end the process before the allocation is made.
unsafe impl GlobalAlloc for CappedAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[inline]
fn check(size: usize) {
    if size > MAX_ALLOCATION && RENDERING.load(Ordering::Relaxed) > 0 {
        too_much_memory();
    }
}

#[cold]
fn too_much_memory() -> ! {
    use std::io::Write;
    // Allocate nothing here: write fixed text, and the template's name if its lock is free.
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(b"error: the template ");
    if let Ok(active) = ACTIVE.try_lock() {
        if let Some((_, _, file)) = active.first() {
            let _ = err.write_all(file.as_bytes());
            let _ = err.write_all(b" ");
        }
    }
    let _ = err.write_all(
        b"built a value of more than 256 MB while rendering one speech\n  = help: look for a \
          string that grows in a loop (`set_global` with `~`)\n",
    );
    let _ = err.flush();
    std::process::exit(2);
}
