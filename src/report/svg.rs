//! A small SVG writer for the HTML report. The charts are a handful of rectangles, paths, lines
//! and labels; a plotting crate would pull in font handling for that, so this writes the
//! elements directly. Every text and attribute value goes through [`escape`].

use std::fmt::Write;

/// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG document under construction, sized by its `viewBox` so it scales to any width.
pub struct Svg {
    body: String,
}

/// Coordinates rounded to 0.1 keep the files small.
fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

impl Svg {
    /// A `width` × `height` drawing with an accessible title.
    pub fn new(width: f64, height: f64, title: &str) -> Svg {
        let mut body = String::new();
        let _ = write!(
            body,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" class="chart"><title>{}</title>"#,
            n(width),
            n(height),
            escape(title)
        );
        Svg { body }
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            escape(class)
        );
    }

    /// A rectangle with a hover tooltip.
    pub fn rect_titled(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str, title: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            escape(class),
            escape(title)
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, class: &str) {
        let _ = write!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}"/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            escape(class)
        );
    }

    /// A closed polygon (`fill`) or open polyline through `points`.
    pub fn path(&mut self, points: &[(f64, f64)], closed: bool, class: &str, title: &str) {
        let mut d = String::new();
        for (i, &(x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, n(x), n(y));
        }
        if closed {
            d.push('Z');
        }
        let _ = write!(self.body, r#"<path d="{d}" class="{}"><title>{}</title></path>"#, escape(class), escape(title));
    }

    /// Text anchored `start`, `middle` or `end` at (x, y).
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, text: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{}" y="{}" text-anchor="{}" class="{}">{}</text>"#,
            n(x),
            n(y),
            escape(anchor),
            escape(class),
            escape(text)
        );
    }

    pub fn finish(mut self) -> String {
        self.body.push_str("</svg>");
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut s = Svg::new(10.0, 10.0, "a <b> & \"c\"");
        s.text(1.0, 2.0, "start", "x'y", "<script>");
        let out = s.finish();
        assert!(out.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"));
        assert!(out.contains(r#"class="x&#39;y">&lt;script&gt;</text>"#));
        assert!(!out.contains("<script>"));
    }

    #[test]
    fn coordinates_are_rounded_to_a_tenth() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.25), "1.3");
        assert_eq!(n(-0.04), "0");
    }
}
