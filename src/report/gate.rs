//! Text tables for the CI gate commands: `check` (one row per limit) and `diff` (one block of
//! figures per changed plan, unchanged plans on one line).

use super::diff::{Diff, Figure, PlanDiff};
use super::table::{Style, right_align, table};
use crate::engine::gate::Check;
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
        t.add_row(vec![
            c.limit.label().to_string(),
            c.allowed_text(),
            c.measured_text(),
            if c.pass { "pass".into() } else { "FAIL".into() },
        ]);
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

/// `PASS: 4 of 4 limits met` or `FAIL: …` naming the breached limits.
pub fn result_line(checks: &[Check]) -> String {
    let failed: Vec<&str> = checks.iter().filter(|c| !c.pass).map(|c| c.limit.label()).collect();
    if failed.is_empty() {
        format!("PASS: {} of {} limits met", checks.len(), checks.len())
    } else {
        format!("FAIL: {} of {} limits breached: {}", failed.len(), checks.len(), failed.join(", "))
    }
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
