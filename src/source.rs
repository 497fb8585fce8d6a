//! A TOML input file held in memory, so every later error can point into its text.

use crate::diagnostic::{Diagnostic, nearest};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;

/// The name and text of one input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::file(&name, format!("cannot read the file: {e}"))
                .with_help("check the path; it is relative to the current directory")
        })?;
        Ok(SourceFile { name, text })
    }

    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { name: name.into(), text: text.into() }
    }

    /// A problem at `span` in this file.
    pub fn error(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.name, &self.text, span, message)
    }

    /// Checks `schema = 1`, then deserializes the whole file (unknown keys are errors).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let table: toml::Spanned<toml::Table> = toml::from_str(&self.text).map_err(|e| self.toml_error(&e))?;
        match table.get_ref().get("schema") {
            None => {
                return Err(self.error(Some(0..0), "missing `schema`").with_help("add `schema = 1` as the first line"));
            }
            Some(toml::Value::Integer(1)) => {}
            Some(other) => {
                let span = self.key_span("schema");
                return Err(self
                    .error(span, format!("unsupported schema {other}: this version reads schema 1"))
                    .with_help("set `schema = 1`"));
            }
        }
        toml::from_str(&self.text).map_err(|e| self.toml_error(&e))
    }

    fn toml_error(&self, e: &toml::de::Error) -> Diagnostic {
        let message = e.message().trim().to_string();
        let help = unknown_field_help(&message);
        self.error(e.span(), message).with_help_opt(help)
    }

    /// Span of the first top-level `key = …` line (for errors found after parsing).
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                let start = offset + (line.len() - trimmed.len());
                return Some(start..start + key.len());
            }
            offset += line.len();
        }
        None
    }
}

/// serde says "unknown field `x`, expected one of `a`, `b`": suggest the nearest.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (word, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let near = nearest(word, expected.iter().copied())?;
    Some(format!("did you mean `{near}`?"))
}
