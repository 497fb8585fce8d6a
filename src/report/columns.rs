//! The table skeleton shared by the terminal table, Markdown and HTML: column names and the
//! cells of a plan's summary row and of a period row, so the three formats cannot drift.

use crate::engine::figures::{Figures, PeriodRow};
use crate::plan::{PlanReport, Report};
use crate::units::{money, percent, thousands};

/// Column names of a plan's summary row, as tables show them.
pub const SUMMARY_COLUMNS: [&str; 9] =
    ["Plan", "Cost", "Verdict", "Wanted", "Relaxed", "Packs", "Max wait", "First short", "Bank peak"];

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
