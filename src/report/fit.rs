//! `fit`: the fitted workload as a commented TOML file that `validate` and `simulate` load as
//! it is (SPEC §5.1). Each activity's comments give its evidence: rows, span, weeks and the raw
//! figures before rounding; the header says what is not fitted.

use crate::engine::fit::{DAYS, Fit, Fitted, FittedThen, Price};
use crate::input::catalog::{Catalog, Pricing};
use crate::units::plural;
use crate::units::thousands;
use chrono::NaiveDate;
use std::fmt::Write;

/// What the file says besides the fit.
pub struct Meta<'a> {
    /// The history's file name, as given.
    pub source: &'a str,
    pub name: &'a str,
    pub start: NaiveDate,
    pub months: u32,
    /// The start is the default (the day after the history).
    pub default_start: bool,
}

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A rounded figure as TOML writes a float (always with a decimal point).
fn number(x: f64) -> String {
    let s = format!("{x}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// A raw figure for comments: up to 6 decimals, trailing zeros dropped.
fn raw(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() { "0".to_string() } else { s.to_string() }
}

/// The price comment of a generation or an operation.
fn price_note(p: &Price, what: &str) -> String {
    let catalog = match p.catalog {
        Some(t) => format!("the catalog's price is {}", thousands(t)),
        None => "the catalog publishes no price".to_string(),
    };
    let paid = |m: u64| {
        format!(
            "paid {} {what} (the median of {})",
            plural(m, "token", "tokens"),
            plural(p.priced_rows, "priced row", "priced rows")
        )
    };
    match (p.median, p.tokens, p.catalog) {
        (None, _, Some(t)) => {
            format!("the catalog's {} {what}; the history gives no prices", plural(t, "token", "tokens"))
        }
        (None, _, None) => format!("{catalog}, and the history gives none"),
        (Some(m), Some(_), _) => format!("{}; {catalog}, so `tokens = {m}`", paid(m)),
        (Some(m), None, _) => format!("{}, the catalog's price", paid(m)),
    }
}

/// `text` as comment lines of at most 96 characters, continued with an indent.
fn comment(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split(' ') {
        if line.chars().count() + 1 + word.chars().count() > 96 && line.len() > 4 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

fn days_list(days: &[bool; 7]) -> String {
    match days {
        [true, true, true, true, true, true, true] => "all days".to_string(),
        [true, true, true, true, true, false, false] => "weekdays only".to_string(),
        [false, false, false, false, false, true, true] => "weekends only".to_string(),
        _ => {
            let on: Vec<&str> = DAYS.iter().zip(days).filter(|(_, on)| **on).map(|(d, _)| *d).collect();
            format!("{} only", on.join(" "))
        }
    }
}

fn settings_text(catalog: &Catalog, action: usize, s: &crate::engine::fit::Settings) -> String {
    let mut t = plural(u64::from(s.images), "image", "images");
    if let (Some(m), Pricing::PerPixel { modes, .. }) = (s.mode, &catalog.actions[action].pricing) {
        t += &format!(", {}", modes[m].0);
    }
    if let Some((w, h)) = s.size {
        t += &format!(", {w}x{h}");
    }
    if s.references > 0 {
        t += &format!(", {}", plural(u64::from(s.references), "reference", "references"));
    }
    t
}

fn then_entry(catalog: &Catalog, t: &FittedThen) -> String {
    let tokens = t.price.tokens.map(|x| format!(", tokens = {x}")).unwrap_or_default();
    format!("{{ action = {}, share = {}{tokens} }}", quoted(&catalog.actions[t.action].key), number(t.share))
}

fn activity(out: &mut String, catalog: &Catalog, f: &Fitted, fit: &Fit) {
    let action = &catalog.actions[f.action];
    let _ = writeln!(out, "\n# {}", "-".repeat(92));
    comment(
        out,
        &format!(
            "Evidence: {} ({}), {} to {}; rows on {}.",
            plural(f.generations, "generation", "generations"),
            plural(f.images, "image", "images"),
            f.first,
            f.last,
            days_list(&f.days_with_rows)
        ),
    );
    if f.seen.len() > 1 {
        let seen: Vec<String> = f
            .seen
            .iter()
            .map(|(s, n)| format!("{} × {}", settings_text(catalog, f.action, s), thousands(*n)))
            .collect();
        comment(out, &format!("Settings seen: {}; the most frequent is written.", seen.join(", ")));
    }
    let filled: Vec<&str> =
        DAYS.iter().enumerate().filter(|(wd, _)| f.on[*wd] && !f.days_with_rows[*wd]).map(|(_, d)| *d).collect();
    if !filled.is_empty() {
        comment(out, &format!("On without rows ({}): the span holds fewer than 4 of each.", filled.join(" ")));
    }
    comment(
        out,
        &format!(
            "count: {} / {} on days = {} a day.",
            thousands(f.generations),
            thousands(u64::from(f.on_days)),
            raw(f.rate)
        ),
    );
    match (&f.weeks, f.variability) {
        (None, _) => {
            comment(out, &format!("variability: not fitted, the span has {} whole weeks (4 needed).", fit.blocks));
        }
        (Some(w), v) => {
            comment(
                out,
                &format!(
                    "variability: {} weeks, mean {}, variance {}: √(max(0, v − m)) / m = {}{}.",
                    w.blocks,
                    raw(w.mean),
                    raw(w.variance),
                    raw(w.raw),
                    match v {
                        None => ", so none is written (the weeks vary no more than Poisson days alone)",
                        Some(_) if w.raw > 10.0 => ", written as 10 (the most a workload allows)",
                        Some(_) => "",
                    }
                ),
            );
        }
    }
    for t in &f.then {
        comment(
            out,
            &format!(
                "then {}: {} / {} = {}; {}.",
                catalog.actions[t.action].key,
                plural(t.operations, "operation", "operations"),
                plural(f.images, "image", "images"),
                raw(t.raw),
                price_note(&t.price, "an operation")
            ),
        );
    }
    comment(out, &format!("price: {}.", price_note(&f.price, "a generation")));
    out.push_str("[[activity]]\n");
    let _ = writeln!(out, "name = {}", quoted(&f.name));
    let _ = writeln!(out, "action = {}", quoted(&action.key));
    let s = &f.settings;
    if s.images != 1 {
        let _ = writeln!(out, "images = {}", s.images);
    }
    match f.price.tokens {
        Some(t) => {
            let mut extra = Vec::new();
            if let (Some(m), Pricing::PerPixel { modes, .. }) = (s.mode, &action.pricing) {
                extra.push(format!("mode {}", modes[m].0));
            }
            if let Some((w, h)) = s.size {
                extra.push(format!("size {w}x{h}"));
            }
            if s.references > 0 {
                extra.push(plural(u64::from(s.references), "reference", "references"));
            }
            let note = if extra.is_empty() { String::new() } else { format!(" (includes {})", extra.join(", ")) };
            let _ = writeln!(out, "{:<34} # the median paid per generation{note}", format!("tokens = {t}"));
        }
        None => {
            if let Pricing::PerPixel { modes, size, .. } = &action.pricing {
                if let Some(m) = s.mode.filter(|&m| m != 0) {
                    let _ = writeln!(out, "mode = {}", quoted(&modes[m].0));
                }
                if let Some((w, h)) = s.size.filter(|wh| wh != size) {
                    let _ = writeln!(out, "size = [{w}, {h}]");
                }
            }
            if s.references > 0 {
                let _ = writeln!(out, "references = {}", s.references);
            }
        }
    }
    let _ = writeln!(out, "count = {}", number(f.count));
    let _ = writeln!(out, "per = {}", quoted(f.per.name()));
    if let Some(on) = f.on_list() {
        let days: Vec<String> = on.iter().map(|d| quoted(d)).collect();
        let _ = writeln!(out, "on = [{}]", days.join(", "));
    }
    if let Some(v) = f.variability {
        let _ = writeln!(out, "variability = {}", number(v));
    }
    match f.then.as_slice() {
        [] => {}
        [t] => {
            let _ = writeln!(out, "then = [{}]", then_entry(catalog, t));
        }
        many => {
            out.push_str("then = [\n");
            for t in many {
                let _ = writeln!(out, "  {},", then_entry(catalog, t));
            }
            out.push_str("]\n");
        }
    }
}

/// The fitted workload file.
pub fn workload(fit: &Fit, catalog: &Catalog, meta: &Meta) -> String {
    let mut out = String::new();
    let rule = "=".repeat(92);
    let _ = writeln!(out, "# {rule}");
    let _ = writeln!(out, "# Fitted by `plan-budget fit` from {}.", meta.source);
    let _ = writeln!(
        out,
        "# History: {} ({}, {}),\n# {} to {} ({}, {} whole weeks).",
        plural(fit.generations + fit.operations, "row", "rows"),
        plural(fit.generations, "generation", "generations"),
        plural(fit.operations, "operation", "operations"),
        fit.first,
        fit.last,
        plural(u64::from(fit.days), "day", "days"),
        fit.blocks
    );
    out.push_str(
        "#\n\
         # Not fitted: seasons, bursts, growth and activity windows (`from`/`until`). Each count is\n\
         # the average over the span; add [[season]] and [[burst]] tables and `growth` where the\n\
         # work has them (`plan-budget init` shows every key). Policy and budget are the defaults.\n",
    );
    let _ = writeln!(out, "# {rule}");
    out.push_str("schema = 1\n");
    let _ = writeln!(out, "name = {}", quoted(meta.name));
    let why = if meta.default_start { "the day after the history" } else { "--start" };
    let _ = writeln!(out, "{:<34} # {why}", format!("start = {}", meta.start));
    let _ = writeln!(out, "months = {}", meta.months);
    for f in &fit.activities {
        activity(&mut out, catalog, f, fit);
    }
    out
}
