//! Notes and warnings on stderr, through one helper that knows `--quiet`, so no command
//! decides on its own whether to speak (after ripgrep's `messages.rs`).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Set once from `--quiet` before a command runs.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes a note to stderr unless `--quiet`. A closed or full stderr is ignored: a note must
/// never change a command's exit code.
pub fn note(text: impl std::fmt::Display) {
    if !quiet() {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}
