//! Human-readable tables (comfy-table), readable at 100 columns. Estimates are marked `*`.

use crate::engine::figures::Figures;
use crate::engine::price::Quote;
use crate::input::catalog::Catalog;
use crate::plan::Report;
use crate::report::columns::PERIOD_COLUMNS;
use crate::report::columns::SUMMARY_COLUMNS;
use crate::units::money;
use crate::units::percent;
use crate::units::thousands;
use comfy_table::presets::{ASCII_BORDERS_ONLY_CONDENSED, UTF8_BORDERS_ONLY};
use comfy_table::{CellAlignment, ContentArrangement, Table};
use std::fmt::Write;

/// Table style: Unicode box drawing, or plain ASCII.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub ascii: bool,
}

pub(crate) fn table(style: Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(if style.ascii { ASCII_BORDERS_ONLY_CONDENSED } else { UTF8_BORDERS_ONLY })
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().copied());
    t
}

/// Right-aligns columns `from..` (numbers) and tightens padding to two spaces between columns.
pub(crate) fn right_align(t: &mut Table, from: usize) {
    let n = t.column_count();
    for (i, c) in t.column_iter_mut().enumerate() {
        c.set_padding(match i {
            0 => (1, 0),
            i if i + 1 == n => (1, 1),
            _ => (1, 0),
        });
        if i >= from {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// `first` then `text`, broken at spaces into lines of at most `width` characters (a longer
/// word, such as an address, keeps a line of its own), each later line starting with `indent`.
pub(crate) fn wrap(first: &str, text: &str, width: usize, indent: &str) -> String {
    let mut out = first.to_string();
    let mut line_len = first.chars().count();
    let mut fresh = true;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if !fresh && line_len + 1 + n > width {
            out.push('\n');
            out.push_str(indent);
            line_len = indent.chars().count();
        } else if !fresh {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += n;
        fresh = false;
    }
    out
}

/// `simulate`: a summary of every plan, each plan's timeline, and the recommendation.
pub fn simulate(report: &Report, style: Style) -> String {
    let mut out = header(report);
    out += &summary(report, style);
    out.push('\n');
    out += &trials(report, style);
    for p in &report.plans {
        if let Ok(f) = &p.figures {
            let _ = writeln!(out, "\n{}", crate::report::columns::plan_heading(p, f, " *"));
            out += &timeline(f, style);
            out.push('\n');
        }
    }
    for line in crate::report::columns::period_legend(report) {
        let _ = writeln!(out, "{line}");
    }
    out += &footer(report, true);
    out
}

/// One row per eligible plan (cost, verdict and what explains it), then the ineligible ones.
pub fn summary(report: &Report, style: Style) -> String {
    let mut t = table(style, &SUMMARY_COLUMNS);
    for p in &report.plans {
        if let Ok(f) = &p.figures {
            t.add_row(crate::report::columns::summary_cells(f, &p.label, " *"));
        }
    }
    right_align(&mut t, 1);
    if let Some(c) = t.column_mut(2) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    t.to_string() + &ineligible(report)
}

/// Monte Carlo: per plan × billing, the share of feasible trials and p50/p90 side by side.
pub fn trials(report: &Report, style: Style) -> String {
    let rows: Vec<(&crate::plan::PlanReport, &crate::engine::figures::TrialFigures)> = report
        .plans
        .iter()
        .filter_map(|p| p.figures.as_ref().ok().and_then(|f| f.trials.as_ref()).map(|t| (p, t)))
        .collect();
    let Some((_, first)) = rows.first() else { return String::new() };
    let mut t = table(
        style,
        &["Plan", "Feasible", "Unfinished", "Cost p50", "Cost p90", "Peak p50", "Peak p90", "Relax p90", "Wait p90"],
    );
    for (p, tr) in &rows {
        t.add_row(vec![
            if p.billing == crate::input::catalog::Billing::Annual {
                format!("{} (annual)", p.label)
            } else {
                p.label.clone()
            },
            percent(tr.feasible_share),
            percent(tr.short_share),
            money(tr.cost_cents.p50 as i64),
            money(tr.cost_cents.p90 as i64),
            thousands(tr.peak_period_tokens.p50 as u64),
            thousands(tr.peak_period_tokens.p90 as u64),
            percent(tr.relaxed_share.p90),
            format!("{} d", tr.max_wait_days.p90),
        ]);
    }
    right_align(&mut t, 1);
    format!(
        "\nMonte Carlo: {} trials, seed {} (p50 = median, p90 = a bad month's worth of luck)\n{t}\n",
        thousands(u64::from(first.n)),
        first.seed
    )
}

/// Plans that were not simulated, with the reason (R12).
pub fn ineligible(report: &Report) -> String {
    let mut out = String::new();
    for p in super::compare::ineligible(report) {
        if let Err(reason) = &p.figures {
            let _ = write!(out, "\nnot eligible: {} ({}): {reason}", p.label, p.billing.name());
        }
    }
    out
}

/// A plan's periods: demand, spend, fallbacks and balances.
pub fn timeline(f: &Figures, style: Style) -> String {
    let mut t = table(style, &PERIOD_COLUMNS);
    for r in &f.periods {
        t.add_row(crate::report::columns::period_cells(r));
    }
    right_align(&mut t, 1);
    t.to_string()
}

/// `compare`: the side-by-side grid, ineligible plans, and the recommendation.
pub fn compare(report: &Report, style: Style) -> String {
    let grid = super::compare::grid(report);
    let mut out = header(report);
    if grid[0].len() > 1 {
        let mut t = table(style, &grid[0].iter().map(String::as_str).collect::<Vec<_>>());
        for row in &grid[1..] {
            t.add_row(row.clone());
        }
        right_align(&mut t, 1);
        t.set_content_arrangement(ContentArrangement::Dynamic).set_width(100);
        out += &t.to_string();
    }
    out += &ineligible(report);
    out.push('\n');
    out += &trials(report, style);
    out += &footer(report, true);
    out
}

/// `recommend`: the pick and its reasons.
pub fn recommend(report: &Report, style: Style) -> String {
    let mut out = header(report);
    let ineligible = ineligible(report);
    if !ineligible.is_empty() {
        out += &ineligible;
        out.push('\n');
    }
    out += &trials(report, style);
    out += &footer(report, false);
    out
}

fn header(report: &Report) -> String {
    format!("{}\n{}\n", report.workload, crate::report::columns::workload_line(report))
}

/// The recommendation and the estimate footnote; `plans_shown` when the report listed the plans
/// (each marked `*`), else the footnote follows only a recommended plan that is an estimate.
fn footer(report: &Report, plans_shown: bool) -> String {
    let mut out = String::new();
    let estimate = |plan: &str, billing| {
        report
            .plans
            .iter()
            .any(|p| p.plan == plan && p.billing == billing && p.figures.as_ref().is_ok_and(|f| f.estimate))
    };
    let mut marked = plans_shown && report.plans.iter().any(|p| p.figures.as_ref().is_ok_and(|f| f.estimate));
    if let Some(r) = &report.recommendation {
        let star = !plans_shown && estimate(&r.plan, r.billing);
        marked |= star;
        let _ = writeln!(
            out,
            "\nRecommendation: {}{}, billed {}{}",
            r.label,
            if star { " *" } else { "" },
            r.billing.adverb(),
            if r.feasible { "" } else { " (nothing is feasible; the closest)" }
        );
        for reason in &r.reasons {
            let _ = writeln!(out, "  - {reason}");
        }
    } else {
        out += "\nNo recommendation: no plan is eligible for this workload (reasons above).\n";
    }
    out += &user_prices(report, "");
    if marked {
        out += "\n* a figure behind this plan is an estimate (no official source): see `plan-budget plans`\n";
    }
    out
}

/// `plans`: the catalog's plans, then packs.
pub fn plans(catalog: &Catalog, style: Style) -> String {
    let mut out = format!(
        "{} ({}){}\n",
        catalog.name,
        catalog.currency,
        catalog.as_of.map(|d| format!(" · figures checked {d}")).unwrap_or_default()
    );
    let mut t = table(
        style,
        &["Plan", "Monthly", "Annual/mo", "Tokens/mo", "Bank cap", "Daily", "Top-ups", "Relaxed", "Seats"],
    );
    for p in &catalog.plans {
        let seats = match (p.per_seat, p.min_seats == p.max_seats) {
            (true, _) => format!("{}+ (per seat)", p.min_seats),
            (false, true) => p.min_seats.to_string(),
            (false, false) => format!("{}–{}", p.min_seats, p.max_seats),
        };
        let relaxed: Vec<&str> = p.relaxed.iter().map(|k| k.name()).collect();
        t.add_row(vec![
            format!("{}{}", p.key, if p.estimate { " *" } else { "" }),
            money(p.price_monthly),
            p.price_annual.map_or("-".into(), money),
            thousands(p.monthly_tokens),
            thousands(p.rollover_cap),
            thousands(p.daily_tokens),
            if p.topups { "yes".into() } else { "no".into() },
            if relaxed.is_empty() { "-".into() } else { relaxed.join(", ") },
            seats,
        ]);
    }
    right_align(&mut t, 1);
    for c in [6, 7, 8] {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Left);
        }
    }
    out += &t.to_string();
    out.push('\n');
    if !catalog.packs.is_empty() {
        let mut t = table(style, &["Top-up pack", "Tokens", "Price"]);
        for p in &catalog.packs {
            t.add_row(vec![
                format!("{}{}", p.key, if p.estimate { " *" } else { "" }),
                thousands(p.tokens),
                money(p.price),
            ]);
        }
        right_align(&mut t, 2);
        out += &t.to_string();
        out.push('\n');
    }
    let sources: Vec<String> = catalog
        .plans
        .iter()
        .filter_map(|p| p.source.as_ref().map(|s| format!("  {}: {s}", p.key)))
        .chain(catalog.packs.iter().filter_map(|p| p.source.as_ref().map(|s| format!("  pack {}: {s}", p.key))))
        .collect();
    if !sources.is_empty() {
        out += "\nSources:\n";
        out += &sources.join("\n");
        out.push('\n');
    }
    out += "\n* estimate: a figure here comes from no official source\n";
    out
}

/// `cost`: the breakdown of one generation.
pub fn cost(quote: &Quote, style: Style) -> String {
    let mut t = table(style, &["Part", "Tokens"]);
    for p in &quote.parts {
        t.add_row(vec![p.what.clone(), thousands(p.tokens)]);
    }
    t.add_row(vec!["Total".to_string(), thousands(quote.tokens)]);
    right_align(&mut t, 1);
    format!("{t}\n")
}

/// The prices the workload gave itself (R1): yours, not the catalog's and not estimates.
/// `quote` wraps names for Markdown (`` ` ``), nothing for a table.
pub fn user_prices(report: &Report, quote: &str) -> String {
    if report.user_prices.is_empty() {
        return String::new();
    }
    let mut out = format!("\nPrices you gave ({quote}tokens{quote}; your figures, not estimates):\n");
    for line in &report.user_prices {
        out += &format!("  - {line}\n");
    }
    out
}
