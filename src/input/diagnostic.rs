//! Input errors that point at the exact place in a file.
//!
//! Every load error carries the file name, a byte span and, where one exists, a suggestion, so
//! the user sees `file:line:col`, the offending line with a marker under it, and how to fix it.
//! Rendering is left to `annotate-snippets` (the renderer rustc's own diagnostics use), so the
//! layout stays familiar and we keep no hand-built formatting. The CLI maps every `Diagnostic`
//! to exit code 2.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt;
use std::ops::Range;

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: String,
    pub message: String,
    /// 1-based line and column of the span start, and the text of that line (boxed, so a
    /// `Result<_, Diagnostic>` stays small).
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
    /// A warning (SPEC §1.3): the file loads but probably does not say what its author meant.
    pub warning: bool,
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
            location: span.map(|s| Box::new(locate(source, s))),
            help: None,
            warning: false,
        }
    }

    /// A problem with a whole file (missing, unreadable).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic { file: file.to_string(), message: message.into(), location: None, help: None, warning: false }
    }

    /// The same, as a warning (`warning:` instead of `error:`).
    pub fn as_warning(mut self) -> Self {
        self.warning = true;
        self
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
    let start = char_start(source, span.start);
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    locate_on(source, span, start, line, line_start)
}

/// The char boundary at or before `at`, inside `source`.
fn char_start(source: &str, at: usize) -> usize {
    let mut start = at.min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    start
}

/// The location of `span`, whose (char-aligned) `start` lies on 1-based `line` beginning at
/// byte `line_start`.
fn locate_on(source: &str, span: Range<usize>, start: usize, line: usize, line_start: usize) -> Location {
    let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
    let text = source[line_start..line_end].trim_end_matches('\r').to_string();
    let column = source[line_start..start].chars().count() + 1;
    // A span may start on the line's trailing `\r`, past the trimmed text (found by fuzzing).
    let mut end = span.end.clamp(start, (line_start + text.len()).max(start));
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let width = source[start..end].chars().count().max(1);
    Location { line, column, text, width }
}

/// The line starts of one text, so that many problems in a large file (a history of 100,000
/// rows) are each located by a binary search instead of a scan from the top.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(source: &str) -> Self {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts }
    }

    /// A problem at `span` (byte offsets into `source`, the text these lines were taken from).
    pub fn at(&self, file: &str, source: &str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = char_start(source, span.start);
        let line = self.starts.partition_point(|&s| s <= start).max(1);
        let location = locate_on(source, span, start, line, self.starts[line - 1]);
        let mut d = Diagnostic::file(file, message);
        d.location = Some(Box::new(location));
        d
    }
}

impl Location {
    /// The marked span as byte offsets into `text` (at least one character wide).
    fn byte_span(&self) -> Range<usize> {
        let mut chars = self.text.char_indices().map(|(i, _)| i).chain(std::iter::once(self.text.len()));
        let start = chars.nth(self.column - 1).unwrap_or(self.text.len());
        let end = self.text[start..].char_indices().nth(self.width).map_or(self.text.len(), |(i, _)| start + i);
        start..end
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // With a snippet, the renderer prints `--> file:line:col`; without, name the file here.
        let title = match &self.location {
            Some(_) => self.message.clone(),
            None => format!("{}: {}", self.file, self.message),
        };
        let level = if self.warning { Level::WARNING } else { Level::ERROR };
        let mut group = Group::with_title(level.primary_title(&title));
        if let Some(loc) = &self.location {
            let snippet = Snippet::source(&loc.text)
                .line_start(loc.line)
                .path(&self.file)
                .annotation(AnnotationKind::Primary.span(loc.byte_span()));
            group = group.element(snippet);
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        f.write_str(&Renderer::plain().render(&[group]))
    }
}

impl std::error::Error for Diagnostic {}

/// Every problem found in one or more files (`validate` and loading report them all).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Problems in file order (line, then column), files kept in the order given.
    pub fn sorted(mut problems: Vec<Diagnostic>) -> Self {
        problems.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        Diagnostics(problems)
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
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
        let text = d.to_string();
        assert!(text.starts_with("error: bad key\n --> f.toml:2:1"), "{text}");
        assert!(text.contains("2 | bb = 2\n  | ^^"), "{text}");
        let text = d.as_warning().to_string();
        assert!(text.starts_with("warning: bad key\n --> f.toml:2:1"), "{text}");
    }

    #[test]
    fn indexed_lines_locate_like_a_scan() {
        let src = "a,b\n1,é2\n\nx,yz\n";
        let lines = Lines::new(src);
        for span in [0..1, 4..5, 6..9, 10..10, 11..12, 13..15, 16..16] {
            let scanned = Diagnostic::at("f.csv", src, Some(span.clone()), "m");
            assert_eq!(lines.at("f.csv", src, span, "m"), scanned);
        }
    }

    #[test]
    fn suggests_the_nearest_name() {
        assert_eq!(nearest("alchemyv2", ["default", "alchemy_v2"]), Some("alchemy_v2"));
        assert_eq!(nearest("zzzzzz", ["default", "alchemy_v2"]), None);
    }
}
