//! JSON that remembers where each value is, so an error can name its JSON pointer *and* its
//! line and column (serde_json's `Value` keeps no positions).
//!
//! serde_json checks the syntax first (its messages and positions for a syntax error are
//! good); this module then walks the text it accepted and records every value's byte span.
//! The walk never panics: anything unexpected comes back as `None`.

use std::borrow::Cow;
use std::ops::Range;

/// One value and its span in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub span: Range<usize>,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number as written.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Members in file order (a repeated key keeps both; `get` finds the first).
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

/// A syntax error as serde_json reports it (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl<'a> Node<'a> {
    /// The member `key` of an object (`None` for a missing key or a value that is no object).
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match &self.value {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of value this is, for messages ("expected a string, found an array").
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A non-negative integer that fits `u32`.
    pub fn as_u32(&self) -> Option<u32> {
        match self.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// Parses `text` into nodes with spans.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        return Err(SyntaxError { line: e.line().max(1), column: e.column().max(1), message });
    }
    let mut walk = Walk { text, bytes: text.as_bytes(), at: 0 };
    walk.value().ok_or_else(|| SyntaxError { line: 1, column: 1, message: "unreadable JSON".to_string() })
}

struct Walk<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Walk<'a> {
    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn value(&mut self) -> Option<Node<'a>> {
        self.space();
        let start = self.at;
        let value = match self.peek()? {
            b'{' => self.object()?,
            b'[' => self.array()?,
            b'"' => Value::String(self.string()?),
            b't' => self.word("true", Value::Bool(true))?,
            b'f' => self.word("false", Value::Bool(false))?,
            b'n' => self.word("null", Value::Null)?,
            _ => {
                while self.peek().is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')) {
                    self.at += 1;
                }
                if self.at == start {
                    return None;
                }
                Value::Number(self.text.get(start..self.at)?)
            }
        };
        Some(Node { span: start..self.at, value })
    }

    fn word(&mut self, word: &str, value: Value<'a>) -> Option<Value<'a>> {
        self.bytes.get(self.at..)?.starts_with(word.as_bytes()).then(|| {
            self.at += word.len();
            value
        })
    }

    /// A string at `"`; decoded through serde_json only when it has escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.at;
        self.at += 1;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
        self.at += 1;
        let raw = self.text.get(start..self.at)?;
        if escaped {
            serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
        } else {
            raw.get(1..raw.len() - 1).map(Cow::Borrowed)
        }
    }

    fn array(&mut self) -> Option<Value<'a>> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Value::Array(items));
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self) -> Option<Value<'a>> {
        self.at += 1;
        let mut members = Vec::new();
        self.space();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Value::Object(members));
        }
        loop {
            self.space();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.space();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            members.push((key, self.value()?));
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(Value::Object(members));
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_keeps_its_span() {
        let text = r#" {"a": [1, -2.5e3, "x\"y"], "b": {"c": null, "d": true}} "#;
        let root = parse(text).unwrap();
        assert_eq!(&text[root.span.clone()], &text[1..text.len() - 1]);
        let a = root.get("a").unwrap().as_array().unwrap();
        assert_eq!(&text[a[1].span.clone()], "-2.5e3");
        assert_eq!(a[2].as_str(), Some("x\"y"));
        assert_eq!(&text[a[2].span.clone()], r#""x\"y""#);
        let b = root.get("b").unwrap();
        assert!(b.get("c").unwrap().is_null());
        assert_eq!(b.get("d").unwrap().value, Value::Bool(true));
        assert_eq!(b.get("e"), None);
    }

    #[test]
    fn a_syntax_error_has_serde_json_s_position() {
        let e = parse("{\n  \"a\": [1, 2,]\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 14));
        assert!(!e.message.contains("at line"), "{}", e.message);
    }
}
