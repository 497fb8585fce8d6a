//! The table skeleton shared by the terminal table, Markdown and HTML: column names and the
//! cells of a plan's summary row and of a period row, so the three formats cannot drift.

use crate::engine::figures::{Figures, PeriodRow};
use crate::plan::{PlanReport, Report};
use crate::units::{money, percent, thousands};

/// Column names of a plan's summary row, as tables show them.
pub const SUMMARY_COLUMNS: [&str; 9] =
    ["Plan", "Cost", "Verdict", "Wanted", "Relaxed", "Packs", "Max wait", "Ran dry", "Bank peak"];

/// A summary row under `SUMMARY_COLUMNS`; `mark` follows the label of an estimate.
pub fn summary_cells(f: &Figures, label: &str, mark: &str) -> Vec<String> {
    let r = &f.run;
    vec![
        format!("{label}{}", if f.estimate { mark } else { "" }),
        money(f.cost_cents),
        f.verdict.name().to_string(),
        thousands(r.tally.tokens_wanted),
        percent(r.relaxed_share()),
        thousands(r.flows.packs),
        format!("{} d", r.max_wait_days),
        f.first_short.map_or("-".into(), |d| d.to_string()),
        thousands(r.rollover_peak),
    ]
}

/// Column names of a period row, as tables show them.
pub const PERIOD_COLUMNS: [&str; 11] =
    ["From", "Wanted", "Spent", "Relaxed", "Packs", "Waited", "Left", "Bank", "Top-up", "Expired", "Cost"];

/// A period row's cells under `PERIOD_COLUMNS`.
pub fn period_cells(r: &PeriodRow) -> Vec<String> {
    vec![
        r.start.to_string(),
        thousands(r.tokens_wanted),
        thousands(r.tokens_spent),
        thousands(r.relaxed_charges),
        thousands(r.topup_packs),
        thousands(r.waited),
        thousands(r.monthly_left),
        thousands(r.rollover_end),
        thousands(r.topup_end),
        thousands(r.expired),
        money(r.cost_cents),
    ]
}

/// The heading over a plan's timeline: "Essential (essential, billed monthly)" and `mark` for an
/// estimate.
pub fn plan_heading(p: &PlanReport, f: &Figures, mark: &str) -> String {
    format!("{} ({}, billed {}){}", p.label, p.plan, p.billing.name(), if f.estimate { mark } else { "" })
}

/// The workload line every report starts with: horizon, days, seats, catalog.
pub fn workload_line(report: &Report) -> String {
    format!(
        "{} to {} · {} days · {} seat{} · catalog {}{}",
        report.start,
        report.end,
        report.days,
        report.seats,
        if report.seats == 1 { "" } else { "s" },
        report.catalog,
        report.as_of.map(|d| format!(" (as of {d})")).unwrap_or_default()
    )
}

/// The units of the period columns and what surprises in them, one note each (wrapped for a
/// terminal; Markdown joins the lines): which columns
/// are tokens and which are counts; on a plan whose daily tokens expire (Free), the day's lag
/// (SPEC §2.1: yesterday's daily tokens expire today); after a plan change, the voided
/// allowance counted in `Expired`.
pub fn period_legend(report: &Report) -> Vec<String> {
    let shown: Vec<&PlanReport> = report.plans.iter().filter(|p| p.figures.is_ok()).collect();
    if shown.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        "Wanted, Spent, Left, Bank, Top-up and Expired are tokens; Relaxed and Waited count charges\n\
         (generations and operations); Packs counts top-up packs bought."
            .to_string(),
    ];
    if shown.iter().any(|p| p.free) {
        lines.push(
            "On Free a day's unspent tokens expire the next day: a row's Expired counts the day before it\n\
             and its own days but the last (the first row one day fewer)."
                .to_string(),
        );
    }
    if shown.iter().any(|p| p.label.contains(" → ")) {
        lines.push(
            "After a plan change, Expired includes the old plan's allowance voided by the change (the\n\
             ledger's reason: \"voided by the plan change\")."
                .to_string(),
        );
    }
    lines
}
