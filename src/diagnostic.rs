//! Input errors that point at the exact place in a file.
//!
//! Every load error carries the file name, a byte span and, where one exists, a suggestion, so
//! the user sees `file:line:col`, the offending line with a marker under it, and how to fix it.
//! The CLI maps every `Diagnostic` to exit code 2.

use std::fmt;
use std::ops::Range;

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: String,
    pub message: String,
    /// 1-based line and column of the span start, and the text of that line.
    pub location: Option<Location>,
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub text: String,
    pub width: usize,
}

impl Diagnostic {
    /// A problem at `span` (byte offsets into `source`).
    pub fn at(file: &str, source: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            message: message.into(),
            location: span.map(|s| locate(source, s)),
            help: None,
        }
    }

    /// A problem with a whole file (missing, unreadable).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic { file: file.to_string(), message: message.into(), location: None, help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

fn locate(source: &str, span: Range<usize>) -> Location {
    let start = span.start.min(source.len());
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
    let text = source[line_start..line_end].trim_end_matches('\r').to_string();
    let column = source[line_start..start].chars().count() + 1;
    let end = span.end.clamp(start, line_end);
    let width = source[start..end].chars().count().max(1);
    Location { line, column, text, width }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => {
                writeln!(f, "{}:{}:{}: {}", self.file, loc.line, loc.column, self.message)?;
                let gutter = loc.line.to_string().len();
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{} | {}", loc.line, loc.text)?;
                write!(f, "{:gutter$} | {}{}", "", " ".repeat(loc.column - 1), "^".repeat(loc.width))?;
            }
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Several problems found in one pass (`validate` reports them all).
#[derive(Debug)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The closest of `choices` to `word` (edit distance at most a third of its length, or 2).
pub fn nearest<'a>(word: &str, choices: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    choices
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// "unknown action `x`" help: the nearest choice and the full list.
pub fn suggest<'a>(word: &str, choices: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let list: Vec<String> = choices.clone().into_iter().map(|c| format!("`{c}`")).collect();
    match nearest(word, choices) {
        Some(n) => format!("did you mean `{n}`? valid choices: {}", list.join(", ")),
        None => format!("valid choices: {}", list.join(", ")),
    }
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let src = "a = 1\nbb = 2\n";
        let d = Diagnostic::at("f.toml", src, Some(6..8), "bad key");
        let loc = d.location.clone().unwrap();
        assert_eq!((loc.line, loc.column, loc.width), (2, 1, 2));
        assert!(d.to_string().starts_with("f.toml:2:1: bad key"));
    }

    #[test]
    fn suggests_the_nearest_name() {
        assert_eq!(nearest("alchemyv2", ["default", "alchemy_v2"]), Some("alchemy_v2"));
        assert_eq!(nearest("zzzzzz", ["default", "alchemy_v2"]), None);
    }
}
