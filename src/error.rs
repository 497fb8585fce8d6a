//! Exit codes in one place: 0 success, 1 a limit breached, 2 bad usage or input. The error
//! decides its own code (`code`), so no command maps errors by hand; `main` only prints.

use crate::input::diagnostic::shorten;
use crate::input::diagnostic::{Diagnostic, Diagnostics};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    Breach = 1,
    BadInput = 2,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// A command-line mistake (unknown plan, bad flag value) that clap cannot catch.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// A limit breached, with the reason (`status --fail-if`): exit 1, not an input error.
#[derive(Debug)]
pub struct Breach(pub String);

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Breach {}

/// The exit code an error ends the process with.
pub fn code(e: &anyhow::Error) -> ExitCode {
    if e.is::<Breach>() { ExitCode::Breach } else { ExitCode::BadInput }
}

/// The error as stderr shows it: diagnostics render their own `error:` header and snippet.
pub fn render(e: &anyhow::Error) -> String {
    // Diagnostics cut their own messages (their snippets must stay as rendered); any other
    // error may quote a value a user gave (a plan key, a saved run's field): cut it here.
    if e.is::<Diagnostics>() || e.is::<Diagnostic>() {
        format!("{e}")
    } else if e.is::<Breach>() {
        shorten(&format!("plan-budget: {e:#}"))
    } else {
        shorten(&format!("error: {e:#}"))
    }
}
