//! Text tables for the CI gate commands: `check` (one row per limit) and `diff` (one block of
//! figures per changed plan, unchanged plans on one line).

use super::diff::{Diff, Figure, PlanDiff};
use super::table::{Style, right_align, table};
use crate::engine::gate::{Check, Level};
use crate::input::saved::Metrics;
use crate::plan::Report;
use std::fmt::Write;

/// `check`: which plan, one row per limit, and the overall result.
pub fn check(report: &Report, checks: &[Check], style: Style) -> String {
    let (plan, key, billing) =
        report.plans.first().map_or(("", "", ""), |p| (p.label.as_str(), p.plan.as_str(), p.billing.name()));
    let mut out = format!(
        "Budget check: {} on {plan} ({key}), billed {billing}\n{} to {} · {} days\n",
        report.workload, report.start, report.end, report.days
    );
    let mut t = table(style, &["Limit", "Allowed", "Measured", "Result"]);
    for c in checks {
        t.add_row(vec![c.limit.label().to_string(), c.allowed_text(), c.measured_text(), c.level.word().into()]);
    }
    right_align(&mut t, 1);
    if let Some(col) = t.column_mut(3) {
        col.set_cell_alignment(comfy_table::CellAlignment::Left);
    }
    out += &t.to_string();
    out.push('\n');
    out += &result_line(checks);
    out.push('\n');
    out
}

/// `PASS: 4 of 4 limits met`, `WARN: …` naming the limits above their warn tier, or `FAIL: …`
/// naming the breached limits (and the warned ones).
pub fn result_line(checks: &[Check]) -> String {
    let at = |level| -> Vec<&str> { checks.iter().filter(|c| c.level == level).map(|c| c.limit.label()).collect() };
    let (failed, warned) = (at(Level::Fail), at(Level::Warn));
    let n = checks.len();
    let mut line = match (failed.is_empty(), warned.is_empty()) {
        (true, true) => format!("PASS: {n} of {n} limits met"),
        (true, false) => format!("WARN: {n} of {n} limits met"),
        (false, _) => format!("FAIL: {} of {n} limits breached: {}", failed.len(), failed.join(", ")),
    };
    if !warned.is_empty() {
        line += &format!("; {} above the warn tier: {}", warned.len(), warned.join(", "));
    }
    line
}

/// `diff`: the summary line, then a table of every changed plan's figures.
pub fn diff(d: &Diff, style: Style) -> String {
    let mut out = d.summary() + "\n";
    let changed: Vec<&PlanDiff> = d.changed().collect();
    if !changed.is_empty() {
        let mut t = table(style, &["Plan", "Figure", "Before", "After", "Change"]);
        for p in changed {
            let (base, head) = (eligible(&p.base), eligible(&p.head));
            for (i, f) in Figure::ALL.into_iter().enumerate() {
                let show = |m: Option<&Metrics>| m.map_or("—".into(), |m| f.show(m));
                let change = match p.both() {
                    Some((b, h)) if !f.same(b, h) => f.change(b, h),
                    Some(_) => "-".into(),
                    None => String::new(),
                };
                let name = if i == 0 { p.name() } else { String::new() };
                t.add_row(vec![name, f.label().into(), show(base), show(head), change]);
            }
            let (b, h) = (PlanDiff::verdict(&p.base), PlanDiff::verdict(&p.head));
            t.add_row(vec![String::new(), "Verdict".into(), b, h, String::new()]);
            if !d.rise.is_empty() {
                t.add_row(vec![
                    String::new(),
                    "Budget tier".into(),
                    String::new(),
                    String::new(),
                    d.tier_cell(p, false),
                ]);
            }
        }
        right_align(&mut t, 2);
        out += &t.to_string();
        out.push('\n');
    }
    let unchanged = d.unchanged_line();
    if !unchanged.is_empty() {
        let _ = writeln!(out, "unchanged: {unchanged}");
    }
    out
}

/// A side's figures when the plan is there and eligible.
fn eligible(side: &Option<Result<Metrics, String>>) -> Option<&Metrics> {
    side.as_ref().and_then(|r| r.as_ref().ok())
}
