//! Notes, warnings and errors on stderr, through helpers that know `--quiet`, so no command
//! decides on its own whether to speak (after ripgrep's `messages.rs`), and none can panic on
//! a closed or full stderr (`2>&-`, `2>/dev/full`, `2>&1 | head -1`): a message must never
//! change a command's exit code. Nothing in `src/` writes to stderr any other way.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Set once from `--quiet` before a command runs.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes a note or warning to stderr unless `--quiet`. A closed or full stderr is ignored.
pub fn note(text: impl std::fmt::Display) {
    if !quiet() {
        error(text);
    }
}

/// Writes an error report to stderr, even under `--quiet` (the problems `validate` found, the
/// error that ends a run). A closed or full stderr is ignored.
pub fn error(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Records that the process started with stdout closed (`>&-`). The Rust runtime puts
/// `/dev/null` on a closed standard stream before `main` runs, so the binary looks first (a
/// constructor in `src/main.rs`) and says so here.
pub fn set_stdout_closed() {
    STDOUT_CLOSED.store(true, Ordering::Relaxed);
}

/// Whether stdout was closed when the process started: a report sent there would be lost.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}
