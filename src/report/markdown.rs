//! `--format markdown`: GitHub-flavoured Markdown for pull-request comments and job summaries.
//! Functions over the format-free report types, so every command can reuse them.

use super::diff::{Diff, Figure};
use crate::engine::figures::Figures;
use crate::engine::gate::{Check, Level};
use crate::plan::Report;
use crate::report::columns::PERIOD_COLUMNS;
use crate::report::columns::SUMMARY_COLUMNS;
use std::fmt::Write;

/// A table row; `|` inside a cell is escaped so it cannot split the cell.
pub(crate) fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Header and alignment rows; `align` has one letter per column: `l`eft or `r`ight (numbers).
pub(crate) fn header(names: &[&str], align: &str) -> String {
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let align: Vec<String> = align.chars().map(|c| if c == 'r' { "---:".into() } else { "---".into() }).collect();
    row(&names) + &row(&align)
}

/// One row per eligible plan, then the ineligible ones on one line.
pub fn summary(report: &Report) -> String {
    let mut out = header(&SUMMARY_COLUMNS, "lrlrrrrrr");
    for p in &report.plans {
        if let Ok(f) = &p.figures {
            out += &row(&crate::report::columns::summary_cells(f, &p.label, " \\*"));
        }
    }
    let ineligible: Vec<String> = report
        .plans
        .iter()
        .filter_map(|p| p.figures.as_ref().err().map(|reason| format!("{} ({}): {reason}", p.label, p.billing.name())))
        .collect();
    if !ineligible.is_empty() {
        let _ = write!(out, "\nNot eligible: {}.\n", ineligible.join("; "));
    }
    out
}

/// A plan's periods.
pub fn timeline(f: &Figures) -> String {
    let mut out = header(&PERIOD_COLUMNS, "lrrrrrrrrrr");
    for r in &f.periods {
        out += &row(&crate::report::columns::period_cells(r));
    }
    out
}

/// The recommendation and the estimate note.
fn footer(report: &Report) -> String {
    let mut out = recommendation(report);
    out += &crate::report::table::user_prices(report, "`");
    if report.plans.iter().any(|p| p.figures.as_ref().is_ok_and(|f| f.estimate)) {
        out += "\n\\* a figure behind this plan is an estimate (no official source): see `plan-budget plans`\n";
    }
    out
}

/// `simulate`: summary, each plan's timeline, recommendation.
pub fn simulate(report: &Report) -> String {
    let mut out = format!("### {}\n\n{}\n\n", report.workload, crate::report::columns::workload_line(report));
    out += &summary(report);
    for p in &report.plans {
        if let Ok(f) = &p.figures {
            let _ = write!(out, "\n#### {}\n\n", crate::report::columns::plan_heading(p, f, " \\*"));
            out += &timeline(f);
        }
    }
    let legend = crate::report::columns::period_legend(report);
    if !legend.is_empty() {
        let notes: Vec<String> = legend.iter().map(|l| l.replace('\n', " ")).collect();
        let _ = write!(out, "\n{}\n", notes.join("  \n"));
    }
    out + &footer(report)
}

/// `check`: the verdict line, then one row per limit.
pub fn check(report: &Report, checks: &[Check]) -> String {
    let count = |level| checks.iter().filter(|c| c.level == level).count();
    let (failed, warned) = (count(Level::Fail), count(Level::Warn));
    let warned_text = format!("{warned} of {} limits above the warn tier", checks.len());
    let verdict = match (failed, warned) {
        (0, 0) => "pass".to_string(),
        (0, _) => format!("WARN ({warned_text})"),
        (_, 0) => format!("FAIL ({failed} of {} limits breached)", checks.len()),
        (_, _) => format!("FAIL ({failed} of {} limits breached; {warned_text})", checks.len()),
    };
    let (plan, billing) = report.plans.first().map_or(("", ""), |p| (p.label.as_str(), p.billing.name()));
    let mut out = format!(
        "**Budget check: {verdict}** · {} on {plan}, billed {billing}\n\n{}\n\n",
        report.workload,
        crate::report::columns::workload_line(report)
    );
    out += &header(&["Limit", "Allowed", "Measured", "Result"], "lrrl");
    for c in checks {
        out += &row(&[
            c.limit.label().to_string(),
            c.allowed_text(),
            c.measured_text(),
            match c.level {
                Level::Fail => "**FAIL**".into(),
                level => level.word().into(),
            },
        ]);
    }
    out
}

/// The hidden first line of a `diff` comment, `<!-- plan-budget: NAME -->`, by which a CI step
/// finds the comment it posted before and edits it in place. NAME is the head's workload
/// name; a `--` inside it (which would end an HTML comment) is written `-‐`.
pub fn marker(workload: &str) -> String {
    let mut name = String::with_capacity(workload.len());
    for ch in workload.chars() {
        if ch == '-' && name.ends_with('-') {
            name.push('\u{2010}');
        } else {
            name.push(ch);
        }
    }
    format!("<!-- plan-budget: {} -->", name.trim())
}

/// `diff`: a pull-request comment. The marker line, a summary line, one row per changed plan
/// (each cell `before → after (change)`, and the budget tier when tiers are set), and the
/// unchanged plans collapsed into one line.
pub fn diff(d: &Diff) -> String {
    let mut out = format!("{}\n**Token budget diff:** {}\n", marker(&d.head), d.summary());
    let changed: Vec<_> = d.changed().collect();
    if !changed.is_empty() {
        let tiers = !d.rise.is_empty();
        let mut names = vec!["Plan"];
        names.extend(Figure::ALL.iter().map(|f| f.label()));
        names.push("Verdict");
        if tiers {
            names.push("Budget tier");
        }
        out += "\n";
        out += &header(&names, if tiers { "lrrrrrll" } else { "lrrrrrl" });
        for p in changed {
            let mut cells = vec![p.name()];
            cells.extend(Figure::ALL.iter().map(|&f| p.cell(f)));
            cells.push(p.verdict_cell());
            if tiers {
                cells.push(d.tier_cell(p, true));
            }
            out += &row(&cells);
        }
    }
    let unchanged = d.unchanged_line();
    if !unchanged.is_empty() {
        let _ = write!(out, "\nUnchanged: {}.\n", unchanged);
    }
    out
}

/// `compare`: the side-by-side grid (plans as columns), ineligible plans, the recommendation.
pub fn compare(report: &Report) -> String {
    let grid = super::compare::grid(report);
    let mut out = format!("**{}** · {}\n\n", report.workload, crate::report::columns::workload_line(report));
    let names: Vec<&str> = grid[0].iter().map(String::as_str).collect();
    out += &header(&names, &format!("l{}", "r".repeat(names.len() - 1)));
    for cells in &grid[1..] {
        out += &row(cells);
    }
    for p in super::compare::ineligible(report) {
        if let Err(reason) = &p.figures {
            let _ = write!(out, "\nNot eligible: {} ({reason})", p.label);
        }
    }
    out.push('\n');
    out + &footer(report)
}

/// The recommendation: the pick, then its reasons as a list.
pub fn recommendation(report: &Report) -> String {
    let Some(r) = &report.recommendation else { return "\nNo plan is eligible for this workload.\n".into() };
    let closest = if r.feasible { "" } else { " (nothing is feasible; the closest)" };
    let mut out = format!("\n**Recommendation:** {}, billed {}{closest}\n\n", r.label, r.billing.adverb());
    for reason in &r.reasons {
        let _ = writeln!(out, "- {reason}");
    }
    out
}
