//! A TOML input file held in memory, so every later error can point into its text.

use crate::input::diagnostic::{Diagnostic, nearest};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A table read with its broken keys taken out (`SourceFile::de_lenient`).
pub struct Partial<T> {
    pub value: T,
    /// The keys taken out, each with its problem already reported.
    pub removed: Vec<String>,
}

impl<T> Partial<T> {
    /// Was `key` taken out? Then its absence is no further problem.
    pub fn lost(&self, key: &str) -> bool {
        self.removed.iter().any(|k| k == key)
    }
}

/// The name and text of one input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            let help = match e.kind() {
                std::io::ErrorKind::IsADirectory => "name a file inside it, not the directory",
                std::io::ErrorKind::PermissionDenied => "check the file's permissions",
                _ => "check the path; it is relative to the current directory",
            };
            Diagnostic::file(&name, format!("cannot read the file: {e}")).with_help(help)
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            // The valid prefix is the same in the lossy text; U+FFFD stands for the bad byte.
            let at = e.utf8_error().valid_up_to();
            let shown = String::from_utf8_lossy(e.as_bytes());
            Diagnostic::at(&name, &shown, Some(at..at + '\u{FFFD}'.len_utf8()), "not UTF-8 text: an invalid byte")
                .with_help("workloads and catalogs are TOML text files; save this one as UTF-8")
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

    /// Parses the TOML syntax and checks `schema = 1`; the table keeps every value's span.
    pub fn table(&self) -> Result<Spanned<DeTable<'_>>, Diagnostic> {
        let table = DeTable::parse(&self.text).map_err(|e| self.toml_error(&e, None))?;
        match table.get_ref().get("schema").map(|v| (v.span(), v.get_ref())) {
            None => Err(self.error(Some(0..0), "missing `schema`").with_help("add `schema = 1` as the first line")),
            Some((_, DeValue::Integer(i))) if i.as_str() == "1" && i.radix() == 10 => Ok(table),
            Some((span, other)) => Err(self
                .error(Some(span), format!("unsupported schema {}: this version reads schema 1", show(other)))
                .with_help("set `schema = 1`")),
        }
    }

    /// The span of a top-level key's value, for a problem found after the file was read
    /// (`None` when the key is absent or the text does not parse).
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        let table = DeTable::parse(&self.text).ok()?;
        table.get_ref().get(key).map(|v| v.span())
    }

    /// Deserializes one value (the whole file, one plan, one activity) into `T`; a "missing
    /// field" error points at the value that lacks it.
    pub fn de<T: DeserializeOwned>(&self, value: Spanned<DeValue<'_>>) -> Result<T, Diagnostic> {
        let span = value.span();
        T::deserialize(ValueDeserializer::from(value)).map_err(|e| self.toml_error(&e, Some(span)))
    }

    /// Like `de`, but finds every problem of a table: after each error the key it points at is
    /// taken out and the table deserialized again (a later "missing field" for a key taken out
    /// is not reported). `None` when there was any problem.
    pub fn de_all<T: DeserializeOwned>(
        &self,
        value: Spanned<DeValue<'_>>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let before = problems.len();
        let partial = self.de_lenient::<T>(value, problems)?;
        (problems.len() == before).then_some(partial.value)
    }

    /// Like `de_all`, but returns what is left once the broken keys are taken out, so the
    /// caller can go on checking the keys that did read (every problem of an entry in one
    /// run). `None` only when nothing could be read (a missing field, a non-table value).
    pub fn de_lenient<T: DeserializeOwned>(
        &self,
        value: Spanned<DeValue<'_>>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Partial<T>> {
        let span = value.span();
        let mut table = match value.into_inner() {
            DeValue::Table(t) => t,
            other => {
                return self
                    .de::<T>(Spanned::new(span, other))
                    .map_err(|e| problems.push(e))
                    .ok()
                    .map(|value| Partial { value, removed: Vec::new() });
            }
        };
        let mut removed: Vec<String> = Vec::new();
        loop {
            let attempt = Spanned::new(span.clone(), DeValue::Table(table.clone()));
            let error = match T::deserialize(ValueDeserializer::from(attempt)) {
                Ok(value) => return Some(Partial { value, removed }),
                Err(e) => e,
            };
            let echo = removed.iter().any(|k| error.message().starts_with(&format!("missing field `{k}`")));
            if !echo {
                problems.push(self.toml_error(&error, Some(span.clone())));
            }
            let inside =
                |outer: Range<usize>, inner: &Range<usize>| outer.start <= inner.start && inner.end <= outer.end;
            let culprit = error.span().and_then(|at| {
                table
                    .iter()
                    .find(|(k, v)| inside(k.span(), &at) || inside(v.span(), &at))
                    .map(|(k, _)| k.get_ref().to_string())
            });
            match culprit {
                Some(key) if removed.len() < 100 => {
                    table.remove(key.as_str());
                    removed.push(key);
                }
                _ => return None,
            }
        }
    }

    /// "missing field `x`" for the table at `span`, worded and placed as the TOML reader's own
    /// (for a key a lenient struct reads as optional).
    pub fn missing(&self, span: Range<usize>, field: &str) -> Diagnostic {
        let span = self.header_of(span);
        let message = format!("missing field `{field}`");
        let help = missing_field_help(&message, span.start == 0);
        self.error(Some(span), message).with_help_opt(help)
    }

    /// Removes the table-valued `key` from `root` and returns its entries in file order
    /// (`[plans.x]` tables or `[[activity]]` array entries), so each is checked on its own.
    pub fn take_entries<'t>(
        &self,
        root: &mut DeTable<'t>,
        key: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<(String, Spanned<DeValue<'t>>)> {
        let Some(value) = root.remove(key) else { return Vec::new() };
        let span = value.span();
        match value.into_inner() {
            DeValue::Table(t) => t.into_iter().map(|(k, v)| (k.into_inner().into_owned(), v)).collect(),
            DeValue::Array(a) => a.into_iter().enumerate().map(|(i, v)| ((i + 1).to_string(), v)).collect(),
            other => {
                problems.push(self.error(Some(span), format!("`{key}` must be a table, found {}", show(&other))));
                Vec::new()
            }
        }
    }

    /// The `[[key]]` entries of `root`. A single `[key]` table (one bracket short) or a plain
    /// value is reported as such, rather than as a list of bad entries.
    pub fn take_array<'t>(
        &self,
        root: &mut DeTable<'t>,
        key: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<(String, Spanned<DeValue<'t>>)> {
        match root.get(key).map(|v| (v.span(), v.get_ref())) {
            None | Some((_, DeValue::Array(_))) => self.take_entries(root, key, problems),
            Some((span, value)) => {
                let message = match value {
                    DeValue::Table(_) => format!("`[{key}]` is a single table; each {key} is one entry of `[[{key}]]`"),
                    other => format!("`{key}` must be an array of tables `[[{key}]]`, found {}", show(other)),
                };
                problems.push(
                    self.error(Some(self.header_of(span)), message)
                        .with_help(format!("start every {key} with `[[{key}]]` (two brackets)")),
                );
                root.remove(key);
                Vec::new()
            }
        }
    }

    fn toml_error(&self, e: &toml::de::Error, fallback: Option<Range<usize>>) -> Diagnostic {
        if e.span().is_none() && e.message().trim() == "recursion limit" {
            return self.nesting_error();
        }
        let message = readable(e.message().trim());
        let span = e.span().or(fallback).map(|s| self.header_of(s));
        let top_level = span.as_ref().is_some_and(|s| s.start == 0);
        let help = unknown_field_help(&message).or_else(|| missing_field_help(&message, top_level));
        self.error(span, message).with_help_opt(help)
    }

    /// The TOML reader refuses a key with too many dotted parts but says not where: the
    /// line with the most dots is the one.
    fn nesting_error(&self) -> Diagnostic {
        let mut offset = 0;
        let mut worst = 0..0;
        let mut most = 0;
        for line in self.text.split_inclusive('\n') {
            // A key's dots: a `[header]` line, or what comes before `=`; comments do not count.
            let code = line.trim_start();
            let key = if code.starts_with('#') {
                ""
            } else if code.starts_with('[') {
                code
            } else {
                code.split('=').next().unwrap_or("")
            };
            let dots = key.matches('.').count();
            if dots > most {
                (most, worst) = (dots, offset..offset + line.trim_end().len());
            }
            offset += line.len();
        }
        self.error(Some(worst), "this key is nested too deeply (a dotted key of too many parts)")
            .with_help("workloads and catalogs nest a few levels at most, e.g. [plans.premium]")
    }

    /// A table's span starts at its first key (or covers several lines): point at its
    /// `[header]` line when it has one. A one-line span (a key, a value) is kept as it is.
    fn header_of(&self, span: Range<usize>) -> Range<usize> {
        let Some(covered) = self.text.get(span.clone()) else { return span };
        if span.end > span.start + 1 && !covered.contains('\n') {
            return span;
        }
        let before = &self.text[..span.start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let prev = before[..line_start].trim_end();
        let s = prev.rfind('\n').map_or(0, |i| i + 1);
        let header = &prev[s..];
        if header.trim_start().starts_with('[') && before[line_start..].trim().is_empty() {
            s + (header.len() - header.trim_start().len())..prev.len()
        } else {
            span
        }
    }
}

/// A name or label as reports print it: control characters (an ESC that would drive the
/// terminal, a newline that would break a table row) become U+FFFD.
pub fn printable(text: String) -> String {
    if text.chars().any(char::is_control) {
        text.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect()
    } else {
        text
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

/// "missing field `x`": say how to add it, and where.
fn missing_field_help(message: &str, top_level: bool) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    let (word, _) = rest.split_once('`')?;
    let place = if top_level { "at the top of the file, before any [table]" } else { "to this table" };
    Some(format!("add `{word} = …` {place}"))
}

/// serde's type names in words a TOML author knows.
fn readable(message: &str) -> String {
    [
        ("expected i64", "expected an integer"),
        ("expected u32", "expected an integer"),
        ("expected f64", "expected a number"),
        ("expected a string", "expected a string in quotes"),
        ("expected a sequence", "expected an array [..]"),
        ("expected a map", "expected a table"),
        ("expected a boolean", "expected true or false"),
        ("expected a TOML datetime", "expected a date YYYY-MM-DD"),
    ]
    .iter()
    .fold(message.to_string(), |m, (from, to)| m.replace(from, to))
}

/// A short description of a TOML value for messages.
fn show(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) => "an array".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}
