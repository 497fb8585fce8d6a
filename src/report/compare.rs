//! `compare`: plans side by side — one column per plan, one row per figure — so the eye reads
//! across a row. The grid is laid out as a terminal table or as Markdown.

use crate::engine::figures::Figures;
use crate::input::catalog::Billing;
use crate::plan::PlanReport;
use crate::plan::Report;
use crate::units::money;
use crate::units::money_fine;
use crate::units::percent;
use crate::units::thousands;

/// Rows of cells; the first row is the header.
pub type Grid = Vec<Vec<String>>;

/// One column per eligible plan: its monthly- and annual-billing figures.
struct Column<'a> {
    label: String,
    /// The billing-independent figures (tokens, waits, verdict) of either billing.
    any: &'a Figures,
    monthly: Option<&'a Figures>,
    annual: Option<&'a Figures>,
}

fn columns(report: &Report) -> Vec<Column<'_>> {
    let mut cols: Vec<(String, Column)> = Vec::new();
    for p in &report.plans {
        let Ok(f) = &p.figures else { continue };
        let i = match cols.iter().position(|(k, _)| *k == p.plan) {
            Some(i) => i,
            None => {
                let label = format!("{}{}", p.label, if f.estimate { " *" } else { "" });
                cols.push((p.plan.clone(), Column { label, any: f, monthly: None, annual: None }));
                cols.len() - 1
            }
        };
        match p.billing {
            Billing::Monthly => cols[i].1.monthly = Some(f),
            Billing::Annual => cols[i].1.annual = Some(f),
        }
    }
    cols.into_iter().map(|(_, c)| c).collect()
}

/// The comparison grid: header row of plan labels, then one row per figure.
pub fn grid(report: &Report) -> Grid {
    let cols = columns(report);
    let mut g: Grid = vec![std::iter::once(String::new()).chain(cols.iter().map(|c| c.label.clone())).collect()];
    let mut row = |name: &str, cell: &dyn Fn(&Column) -> String| {
        g.push(std::iter::once(name.to_string()).chain(cols.iter().map(cell)).collect());
    };
    row("Price/mo, monthly", &|c| c.monthly.map_or("-".into(), |f| money(f.price_per_month)));
    row("Price/mo, annual", &|c| c.annual.map_or("-".into(), |f| money(f.price_per_month)));
    row("Total, monthly", &|c| c.monthly.map_or("-".into(), |f| money(f.cost_cents)));
    row("Total, annual", &|c| c.annual.map_or("-".into(), |f| money(f.cost_cents)));
    row("Tokens wanted", &|c| thousands(c.any.run.tally.tokens_wanted));
    for (i, name) in ["Spent: daily", "Spent: monthly", "Spent: bank", "Spent: top-up"].iter().enumerate() {
        row(name, &|c| thousands(c.any.run.flows.spent[i]));
    }
    row("Top-up packs", &|c| thousands(c.any.run.flows.packs));
    row("Relaxed share", &|c| percent(c.any.run.relaxed_share()));
    row("Waited (gens)", &|c| thousands(c.any.run.tally.generations.waited));
    row("Longest wait", &|c| format!("{} d", c.any.run.max_wait_days));
    row("Ran dry", &|c| c.any.first_short.map_or("-".into(), |d| d.to_string()));
    row("Verdict", &|c| c.any.verdict.name().to_string());
    row("Cost per image", &|c| {
        let f = c.any;
        let cheapest = [c.monthly, c.annual].iter().flatten().map(|f| f.cost_cents).min().unwrap_or(0);
        let images = f.run.tally.images_finished;
        if images == 0 { "-".into() } else { money_fine(cheapest as f64 / 100.0 / images as f64, 4) }
    });
    g
}

/// Plans not compared, with the reason (R12).
/// The plans not eligible, as the tables list them: a free plan has no annual line (nothing
/// to bill), though the JSON lists it.
pub fn ineligible(report: &Report) -> Vec<&PlanReport> {
    report.plans.iter().filter(|p| p.figures.is_err() && !(p.free && p.billing == Billing::Annual)).collect()
}
