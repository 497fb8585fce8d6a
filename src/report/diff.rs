//! `diff`: the per-plan change between two runs (a base and a head), each from a workload or a
//! saved JSON run. Only the figures a budget review needs are compared; `markdown` and `gate`
//! lay them out.

use crate::engine::gate::{Level, change_pct, level, show_threshold};
use crate::input::catalog::Billing;
use crate::input::saved::{Metrics, PlanSummary};
use crate::input::threshold::{Rise, Tiers};
use crate::units::money;
use crate::units::thousands;

/// Equal figures; shares within 1e-9 count as equal, since a saved run from another writer
/// may differ in the last digit of a float.
impl PartialEq for Metrics {
    fn eq(&self, other: &Metrics) -> bool {
        Figure::ALL.iter().all(|f| f.same(self, other)) && self.verdict == other.verdict
    }
}

/// A numeric figure the diff compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Cost,
    PeakPeriodTokens,
    TokensWanted,
    RelaxedShare,
    MaxWaitDays,
}

impl Figure {
    pub const ALL: [Figure; 5] =
        [Figure::Cost, Figure::PeakPeriodTokens, Figure::TokensWanted, Figure::RelaxedShare, Figure::MaxWaitDays];

    pub fn label(self) -> &'static str {
        match self {
            Figure::Cost => "Cost",
            Figure::PeakPeriodTokens => "Peak tokens/month",
            Figure::TokensWanted => "Tokens wanted",
            Figure::RelaxedShare => "Relaxed share",
            Figure::MaxWaitDays => "Max wait",
        }
    }

    /// The SPEC §4.1 field name.
    pub fn key(self) -> &'static str {
        match self {
            Figure::Cost => "cost_cents",
            Figure::PeakPeriodTokens => "peak_period_tokens",
            Figure::TokensWanted => "tokens_wanted",
            Figure::RelaxedShare => "relaxed_share",
            Figure::MaxWaitDays => "max_wait_days",
        }
    }

    pub fn value(self, m: &Metrics) -> f64 {
        match self {
            Figure::Cost => m.cost_cents as f64,
            Figure::PeakPeriodTokens => m.peak_period_tokens as f64,
            Figure::TokensWanted => m.tokens_wanted as f64,
            Figure::RelaxedShare => m.relaxed_share,
            Figure::MaxWaitDays => f64::from(m.max_wait_days),
        }
    }

    pub fn same(self, a: &Metrics, b: &Metrics) -> bool {
        (self.value(a) - self.value(b)).abs() <= 1e-9
    }

    pub fn show(self, m: &Metrics) -> String {
        match self {
            Figure::Cost => money(m.cost_cents),
            Figure::PeakPeriodTokens => thousands(m.peak_period_tokens),
            Figure::TokensWanted => thousands(m.tokens_wanted),
            Figure::RelaxedShare => format!("{:.2}%", m.relaxed_share * 100.0),
            Figure::MaxWaitDays => format!("{} d", m.max_wait_days),
        }
    }

    /// The change as an amount and, where the base is not zero, a percent:
    /// `+$12.00, +7.5%`; a share changes in percentage points (`+2.5 pp`).
    pub fn change(self, before: &Metrics, after: &Metrics) -> String {
        let (b, a) = (self.value(before), self.value(after));
        let amount = match self {
            Figure::Cost => {
                let d = after.cost_cents - before.cost_cents;
                format!("{}{}", if d >= 0 { "+" } else { "" }, money(d))
            }
            Figure::PeakPeriodTokens | Figure::TokensWanted => signed_thousands(a as i64 - b as i64),
            Figure::RelaxedShare => return format!("{:+.2} pp", (a - b) * 100.0),
            Figure::MaxWaitDays => format!("{:+} d", a as i64 - b as i64),
        };
        match change_pct(b, a) {
            Some(p) => format!("{amount}, {p:+.1}%"),
            None => amount,
        }
    }
}

fn signed_thousands(n: i64) -> String {
    format!("{}{}", if n < 0 { "-" } else { "+" }, thousands(n.unsigned_abs()))
}

/// What happened to a plan between base and head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Unchanged,
    Changed,
    /// Only in head.
    Added,
    /// Only in base.
    Removed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Changed => "changed",
            Status::Added => "added",
            Status::Removed => "removed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct PlanDiff {
    pub plan: String,
    pub label: String,
    pub billing: Billing,
    pub base: Option<Result<Metrics, String>>,
    pub head: Option<Result<Metrics, String>>,
}

impl PlanDiff {
    pub fn status(&self) -> Status {
        match (&self.base, &self.head) {
            (Some(b), Some(h)) if b == h => Status::Unchanged,
            (Some(_), Some(_)) => Status::Changed,
            (None, _) => Status::Added,
            (Some(_), None) => Status::Removed,
        }
    }

    /// Both sides' figures when the plan is eligible on both.
    pub fn both(&self) -> Option<(&Metrics, &Metrics)> {
        match (&self.base, &self.head) {
            (Some(Ok(b)), Some(Ok(h))) => Some((b, h)),
            _ => None,
        }
    }

    /// "Essential" or "Essential (annual)".
    pub fn name(&self) -> String {
        match self.billing {
            Billing::Monthly => self.label.clone(),
            Billing::Annual => format!("{} (annual)", self.label),
        }
    }

    /// One side's verdict as a reader sees it.
    pub fn verdict(side: &Option<Result<Metrics, String>>) -> String {
        match side {
            None => "—".into(),
            Some(Ok(m)) => m.verdict.clone(),
            Some(Err(reason)) => format!("not eligible ({reason})"),
        }
    }

    /// `before → after (change)` for one figure; just the value when it did not move.
    pub fn cell(&self, fig: Figure) -> String {
        let side = |s: &Option<Result<Metrics, String>>| match s {
            Some(Ok(m)) => Some(fig.show(m)),
            _ => None,
        };
        if let Some((b, h)) = self.both() {
            return if fig.same(b, h) {
                fig.show(h)
            } else {
                format!("{} → {} ({})", fig.show(b), fig.show(h), fig.change(b, h))
            };
        }
        let (b, h) = (side(&self.base), side(&self.head));
        match (b, h) {
            (None, None) => "—".into(),
            (b, h) => format!("{} → {}", b.unwrap_or_else(|| "—".into()), h.unwrap_or_else(|| "—".into())),
        }
    }

    pub fn verdict_cell(&self) -> String {
        let (b, h) = (Self::verdict(&self.base), Self::verdict(&self.head));
        if b == h { h } else { format!("{b} → {h}") }
    }
}

/// A figure the warn and fail tiers follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Cost,
    /// Peak tokens per month (`peak_period_tokens`).
    Tokens,
}

impl Measure {
    pub const ALL: [Measure; 2] = [Measure::Cost, Measure::Tokens];

    pub fn figure(self) -> Figure {
        match self {
            Measure::Cost => Figure::Cost,
            Measure::Tokens => Figure::PeakPeriodTokens,
        }
    }

    /// In a Markdown cell: `cost > 5%`.
    pub fn short(self) -> &'static str {
        match self {
            Measure::Cost => "cost",
            Measure::Tokens => "peak",
        }
    }

    /// In sentences: `total cost rose more than 5%`.
    pub fn long(self) -> &'static str {
        match self {
            Measure::Cost => "total cost",
            Measure::Tokens => "peak tokens per month",
        }
    }

    fn values(self, m: &Metrics) -> i64 {
        match self {
            Measure::Cost => m.cost_cents,
            Measure::Tokens => i64::try_from(m.peak_period_tokens).unwrap_or(i64::MAX),
        }
    }
}

/// A plan's figure above one of its tiers.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub measure: Measure,
    pub level: Level,
    /// The change, as the tables show it: `+$40.00, +7.2%`.
    pub change: String,
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct Diff {
    pub base: String,
    pub head: String,
    pub plans: Vec<PlanDiff>,
    /// The warn and fail tiers (`--warn-above`, `--fail-above`, … or the head's `[budget]`).
    pub rise: Rise,
}

impl Diff {
    /// Pairs plans by key and billing: head's order first, then plans only in base.
    pub fn new(base: String, base_plans: Vec<PlanSummary>, head: String, head_plans: Vec<PlanSummary>) -> Diff {
        let mut base_plans: Vec<Option<PlanSummary>> = base_plans.into_iter().map(Some).collect();
        let mut plans = Vec::new();
        for h in head_plans {
            let b = base_plans
                .iter_mut()
                .find(|b| b.as_ref().is_some_and(|b| b.plan == h.plan && b.billing == h.billing))
                .and_then(Option::take);
            plans.push(PlanDiff {
                plan: h.plan,
                label: h.label,
                billing: h.billing,
                base: b.map(|b| b.metrics),
                head: Some(h.metrics),
            });
        }
        for b in base_plans.into_iter().flatten() {
            plans.push(PlanDiff {
                plan: b.plan,
                label: b.label,
                billing: b.billing,
                base: Some(b.metrics),
                head: None,
            });
        }
        Diff { base, head, plans, rise: Rise::default() }
    }

    pub fn tiers(&self, measure: Measure) -> &Tiers {
        match measure {
            Measure::Cost => &self.rise.cost,
            Measure::Tokens => &self.rise.tokens,
        }
    }

    /// The figures of a plan (eligible on both sides) above a tier, cost first.
    pub fn hits(&self, p: &PlanDiff) -> Vec<Hit> {
        let Some((b, h)) = p.both() else { return Vec::new() };
        Measure::ALL
            .into_iter()
            .filter_map(|m| {
                let level = level(m.values(b), m.values(h), self.tiers(m));
                (level != Level::Pass).then(|| Hit { measure: m, level, change: m.figure().change(b, h) })
            })
            .collect()
    }

    /// The tier a plan reached: `None` when no tier is set or the plan is not eligible on both
    /// sides (nothing rose, or it cannot be told).
    pub fn level(&self, p: &PlanDiff) -> Option<Level> {
        if self.rise.is_empty() || p.both().is_none() {
            return None;
        }
        Some(self.hits(p).iter().map(|h| h.level).max().unwrap_or(Level::Pass))
    }

    /// Plans at the fail tier (cost or peak tokens per month).
    pub fn breaches(&self) -> Vec<&PlanDiff> {
        self.plans.iter().filter(|p| self.level(p) == Some(Level::Fail)).collect()
    }

    /// Plans at the warn tier and not the fail tier.
    pub fn warnings(&self) -> Vec<&PlanDiff> {
        self.plans.iter().filter(|p| self.level(p) == Some(Level::Warn)).collect()
    }

    /// Plans whose `measure` is exactly at `level`.
    pub fn at(&self, level: Level, measure: Measure) -> Vec<&PlanDiff> {
        self.plans.iter().filter(|p| self.hits(p).iter().any(|h| h.measure == measure && h.level == level)).collect()
    }

    /// The tier a plan reached as a table cell: `pass`, `WARN (cost > 2%)`,
    /// `FAIL (cost > 5%, peak > 5%)`, `—` when it cannot be told.
    pub fn tier_cell(&self, p: &PlanDiff, bold: bool) -> String {
        let Some(level) = self.level(p) else { return "—".into() };
        if level == Level::Pass {
            return "pass".into();
        }
        let hits = self.hits(p);
        let mut parts = Vec::new();
        for l in [Level::Fail, Level::Warn] {
            let at: Vec<String> = hits
                .iter()
                .filter(|h| h.level == l)
                .map(|h| {
                    let tiers = self.tiers(h.measure);
                    let t = if l == Level::Fail { tiers.fail } else { tiers.warn };
                    format!("{} > {}", h.measure.short(), t.map(|t| show_threshold(&t)).unwrap_or_default())
                })
                .collect();
            if !at.is_empty() {
                let word = if bold && l == Level::Fail { "**FAIL**" } else { l.word() };
                parts.push(format!("{word} ({})", at.join(", ")));
            }
        }
        parts.join("; ")
    }

    /// True when every plan is on both sides with the same eligibility, no plan's cost or peak
    /// tokens per month moved by more than `pct` percent (any move from 0 is more), and no plan
    /// is at a tier: `--quiet-below` then prints nothing.
    pub fn quiet_below(&self, pct: f64) -> bool {
        self.plans.iter().all(|p| {
            let moved = |m: Measure, b: &Metrics, h: &Metrics| {
                let (x, y) = (m.values(b) as f64, m.values(h) as f64);
                match change_pct(x, y) {
                    Some(c) => c.abs() > pct + 1e-9,
                    None => y != x,
                }
            };
            match (&p.base, &p.head) {
                (Some(Ok(b)), Some(Ok(h))) => {
                    !Measure::ALL.iter().any(|&m| moved(m, b, h)) && self.level(p).is_none_or(|l| l == Level::Pass)
                }
                (Some(Err(_)), Some(Err(_))) => true,
                _ => false,
            }
        })
    }

    pub fn changed(&self) -> impl Iterator<Item = &PlanDiff> {
        self.plans.iter().filter(|p| p.status() != Status::Unchanged)
    }

    pub fn unchanged(&self) -> impl Iterator<Item = &PlanDiff> {
        self.plans.iter().filter(|p| p.status() == Status::Unchanged)
    }

    /// The unchanged plans on one line: `Premium, Free (not eligible)`.
    pub fn unchanged_line(&self) -> String {
        let names: Vec<String> = self
            .unchanged()
            .map(|p| if matches!(p.head, Some(Err(_))) { format!("{} (not eligible)", p.name()) } else { p.name() })
            .collect();
        names.join(", ")
    }

    /// The one-line summary that heads every format: what moved and whether the gate holds.
    pub fn summary(&self) -> String {
        let count = |status| self.plans.iter().filter(|p| p.status() == status).count();
        let changed = count(Status::Changed);
        let mut s = if self.base == self.head {
            format!("{}: {changed} of {} plans changed", self.head, self.plans.len())
        } else {
            format!("{} → {}: {changed} of {} plans changed", self.base, self.head, self.plans.len())
        };
        // A plan on one side only did not change: it was not compared.
        for (status, side) in [(Status::Added, "head"), (Status::Removed, "base")] {
            match count(status) {
                0 => {}
                n => s += &format!("; {n} only in {side}"),
            }
        }
        let biggest = self
            .plans
            .iter()
            .filter_map(|p| Some((p, p.both()?)))
            .filter(|(_, (b, h))| b.cost_cents != h.cost_cents)
            .max_by_key(|(_, (b, h))| (h.cost_cents - b.cost_cents).abs());
        if let Some((p, (b, h))) = biggest {
            s += &format!("; largest cost change: {} {}", p.name(), Figure::Cost.change(b, h));
        }
        for part in self.tier_sentences() {
            s += "; ";
            s += &part;
        }
        s
    }

    /// `FAIL: cost rose more than 5% for Plus, Max` and `WARN: …` per figure, or, when no plan
    /// reached a tier, `no cost rise above 5%`.
    pub fn tier_sentences(&self) -> Vec<String> {
        let mut hits = Vec::new();
        let mut calm = Vec::new();
        for m in Measure::ALL {
            let tiers = self.tiers(m);
            let name = if m == Measure::Cost { "cost" } else { "peak tokens/month" };
            for (level, t) in [(Level::Fail, tiers.fail), (Level::Warn, tiers.warn)] {
                let Some(t) = t else { continue };
                let over: Vec<String> = self.at(level, m).iter().map(|p| p.name()).collect();
                if !over.is_empty() {
                    hits.push(format!(
                        "{}: {name} rose more than {} for {}",
                        level.word(),
                        show_threshold(&t),
                        over.join(", ")
                    ));
                }
            }
            let show = |t: Option<crate::input::threshold::Threshold>| t.map(|t| show_threshold(&t));
            match (show(tiers.warn), show(tiers.fail)) {
                (None, None) => {}
                (None, Some(f)) => calm.push(format!("no {name} rise above {f}")),
                (Some(w), None) => calm.push(format!("no {name} rise above {w} (warn tier)")),
                (Some(w), Some(f)) => calm.push(format!("no {name} rise above {w} (warn) or {f} (fail)")),
            }
        }
        if hits.is_empty() { calm } else { hits }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::catalog::Cents;

    fn m(cost: Cents, peak: u64) -> Metrics {
        Metrics {
            peak_period_tokens: peak,
            tokens_wanted: peak * 12,
            cost_cents: cost,
            relaxed_share: 0.0,
            max_wait_days: 0,
            verdict: "fits".into(),
        }
    }

    fn summary(plan: &str, metrics: Metrics) -> PlanSummary {
        PlanSummary { plan: plan.into(), label: plan.into(), billing: Billing::Monthly, metrics: Ok(metrics) }
    }

    #[test]
    fn plans_pair_by_key_and_a_cost_rise_above_the_limit_breaches() {
        let base = vec![summary("a", m(10000, 100)), summary("b", m(20000, 100)), summary("gone", m(1, 1))];
        let head = vec![summary("b", m(21000, 100)), summary("a", m(11001, 100)), summary("new", m(5, 5))];
        let mut d = Diff::new("w".into(), base, "w".into(), head);
        d.rise.cost.fail = Some(crate::input::threshold::Threshold::Percent(10.0));
        let status: Vec<(&str, Status)> = d.plans.iter().map(|p| (p.plan.as_str(), p.status())).collect();
        assert_eq!(
            status,
            [("b", Status::Changed), ("a", Status::Changed), ("new", Status::Added), ("gone", Status::Removed)]
        );
        // a: 100.00 → 110.01 is +10.01 % (> 10); b: +5 %.
        let over: Vec<&str> = d.breaches().iter().map(|p| p.plan.as_str()).collect();
        assert_eq!(over, ["a"]);
        assert_eq!(d.plans[1].cell(Figure::Cost), "$100.00 → $110.01 (+$10.01, +10.0%)");
        assert_eq!(d.plans[1].cell(Figure::PeakPeriodTokens), "100");
    }
}
