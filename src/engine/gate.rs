//! `check`'s limits (SPEC §3): the workload's `[budget]` overridden by flags, plus an optional
//! saved baseline run. Each limit is measured on one plan × billing and passes or fails; the
//! command turns any failure into exit code 1, so a CI job fails with the reason in its log.

use crate::engine::figures::Figures;
use crate::input::catalog::Cents;
use crate::input::threshold::{Rise, Threshold, Tiers};
use crate::input::workload::Budget;
use crate::units::money;
use crate::units::thousands;
use serde::Serialize;

/// Which limit a check measures; `key()` is its name in the JSON `checks` array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    MaxCost,
    MaxTokensPerMonth,
    MaxRelaxedShare,
    MaxWaitDays,
    /// `--baseline`: how far cost may rise (`--max-increase`, `--warn-above`, `--fail-above`).
    MaxCostIncrease,
    /// `--baseline`: how far `peak_period_tokens` may rise (`--max-increase`,
    /// `--warn-above-tokens`, `--fail-above-tokens`).
    MaxTokensPerMonthIncrease,
}

impl Limit {
    pub fn key(self) -> &'static str {
        match self {
            Limit::MaxCost => "max_cost",
            Limit::MaxTokensPerMonth => "max_tokens_per_month",
            Limit::MaxRelaxedShare => "max_relaxed_share",
            Limit::MaxWaitDays => "max_wait_days",
            Limit::MaxCostIncrease => "max_cost_increase",
            Limit::MaxTokensPerMonthIncrease => "max_tokens_per_month_increase",
        }
    }

    /// Human label for tables and Markdown.
    pub fn label(self) -> &'static str {
        match self {
            Limit::MaxCost => "total cost",
            Limit::MaxTokensPerMonth => "peak tokens per month",
            Limit::MaxRelaxedShare => "relaxed share",
            Limit::MaxWaitDays => "max wait",
            Limit::MaxCostIncrease => "total cost vs baseline",
            Limit::MaxTokensPerMonthIncrease => "peak tokens per month vs baseline",
        }
    }
}

/// A measured or allowed amount. Serialized as a bare JSON number (money in cents).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Amount {
    Cents(Cents),
    Tokens(u64),
    Share(f64),
    Days(u32),
}

impl Amount {
    pub fn show(self) -> String {
        match self {
            Amount::Cents(c) => money(c),
            Amount::Tokens(t) => thousands(t),
            Amount::Share(s) => format!("{:.2}%", s * 100.0),
            Amount::Days(d) => format!("{d} d"),
        }
    }
}

/// Which tier a measured figure reached: below the warn tier, above it (exit 0 with a warning),
/// or above the fail tier (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Pass,
    Warn,
    Fail,
}

impl Level {
    /// As a table's Result column writes it.
    pub fn word(self) -> &'static str {
        match self {
            Level::Pass => "pass",
            Level::Warn => "WARN",
            Level::Fail => "FAIL",
        }
    }

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Level::Pass => "pass",
            Level::Warn => "warn",
            Level::Fail => "fail",
        }
    }
}

/// `5%`, `$20.00` (in the process's currency of money).
pub fn show_threshold(t: &Threshold) -> String {
    match *t {
        Threshold::Percent(p) => format!("{p}%"),
        Threshold::Money(c, currency) => crate::units::money_in(currency, c),
    }
}

/// The most `base` may rise to under `t`: the largest whole amount at most `t` above it.
pub fn allowed(base: i64, t: &Threshold) -> i64 {
    match *t {
        Threshold::Percent(p) => {
            let cap = ceiling(base as f64, p);
            if cap >= i64::MAX as f64 { i64::MAX } else { cap as i64 }
        }
        Threshold::Money(c, _) => base.saturating_add(c),
    }
}

/// The tier `now` reaches over `base`: above the fail tier's allowed value is `Fail`, else
/// above the warn tier's is `Warn`.
pub fn level(base: i64, now: i64, tiers: &Tiers) -> Level {
    let above = |t: &Option<Threshold>| t.as_ref().is_some_and(|t| now > allowed(base, t));
    if above(&tiers.fail) {
        Level::Fail
    } else if above(&tiers.warn) {
        Level::Warn
    } else {
        Level::Pass
    }
}

/// One limit, what was measured, and which tier it reached. An absolute limit (`max_cost`, …)
/// has only a fail tier; a baseline limit may have a warn tier, a fail tier or both.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub limit: Limit,
    /// The most the figure may reach and pass (the fail tier); `None` with a warn tier only.
    pub value: Option<Amount>,
    /// The most the figure may reach without a warning, when there is a warn tier.
    pub warn: Option<Amount>,
    pub measured: Amount,
    pub level: Level,
    /// Baseline checks: the baseline's figure and the tiers of the allowed rise.
    pub baseline: Option<(Amount, Tiers)>,
}

impl Check {
    /// Not at the fail tier (a warning passes).
    pub fn pass(&self) -> bool {
        self.level != Level::Fail
    }

    /// The allowed value as a reader wants it: `$396.00 (baseline $360.00 + 10%)`, and with a
    /// warn tier `…, warn above $378.00 (+5%)`.
    pub fn allowed_text(&self) -> String {
        let Some((base, tiers)) = &self.baseline else {
            return self.value.map_or_else(String::new, Amount::show);
        };
        let base = base.show();
        match (self.value, self.warn, tiers.fail, tiers.warn) {
            (Some(v), None, Some(f), _) => format!("{} (baseline {base} + {})", v.show(), show_threshold(&f)),
            (Some(v), Some(w), Some(f), Some(wt)) => format!(
                "{} (baseline {base} + {}); warn above {} (+{})",
                v.show(),
                show_threshold(&f),
                w.show(),
                show_threshold(&wt)
            ),
            (None, Some(w), _, Some(wt)) => {
                format!("warn above {} (baseline {base} + {})", w.show(), show_threshold(&wt))
            }
            _ => self.value.map_or_else(String::new, Amount::show),
        }
    }

    /// The measured value, with its change against the baseline when there is one.
    pub fn measured_text(&self) -> String {
        let base = match self.baseline {
            Some((Amount::Cents(b), _)) => b as f64,
            Some((Amount::Tokens(b), _)) => b as f64,
            _ => return self.measured.show(),
        };
        let now = match self.measured {
            Amount::Cents(c) => c as f64,
            Amount::Tokens(t) => t as f64,
            other => return other.show(),
        };
        match change_pct(base, now) {
            Some(p) => format!("{} ({p:+.1}%)", self.measured.show()),
            None => self.measured.show(),
        }
    }
}

/// Percent change from `before` to `after`, or `None` when `before` is 0.
pub fn change_pct(before: f64, after: f64) -> Option<f64> {
    (before != 0.0).then(|| (after - before) / before * 100.0)
}

/// The baseline figures `check --baseline` compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Baseline {
    pub cost_cents: Cents,
    pub peak_period_tokens: u64,
}

/// Every limit a check applies.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// The absolute limits (`budget.rise` is not read here: see `rise`).
    pub budget: Budget,
    /// The saved run that the rise tiers compare with.
    pub baseline: Option<Baseline>,
    /// How far cost and peak tokens per month may rise over the baseline (flags over `[budget]`).
    pub rise: Rise,
    /// Measure at this percentile (0–1) of the Monte Carlo trials instead of the expected run.
    pub percentile: Option<f64>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        let b = &self.budget;
        b.max_cost.is_none()
            && b.max_tokens_per_month.is_none()
            && b.max_relaxed_share.is_none()
            && b.max_wait_days.is_none()
            && (self.baseline.is_none() || self.rise.is_empty())
    }

    /// Measures every limit on one plan's figures, in a fixed order.
    pub fn evaluate(&self, f: &Figures) -> Vec<Check> {
        let b = &self.budget;
        let run = &f.run;
        let (cost, peak, share, wait) = match (self.percentile, &f.trials) {
            (Some(p), Some(t)) => t.stats.at(p, t.subscription_cents),
            _ => (f.cost_cents, run.peak_period_tokens(), run.relaxed_share(), run.max_wait_days),
        };
        let mut checks = Vec::new();
        let mut add = |limit, value: Amount, measured, pass: bool| {
            let level = if pass { Level::Pass } else { Level::Fail };
            checks.push(Check { limit, value: Some(value), warn: None, measured, level, baseline: None });
        };
        if let Some(max) = b.max_cost {
            add(Limit::MaxCost, Amount::Cents(max), Amount::Cents(cost), cost <= max);
        }
        if let Some(max) = b.max_tokens_per_month {
            add(Limit::MaxTokensPerMonth, Amount::Tokens(max), Amount::Tokens(peak), peak <= max);
        }
        if let Some(max) = b.max_relaxed_share {
            add(Limit::MaxRelaxedShare, Amount::Share(max), Amount::Share(share), share <= max);
        }
        if let Some(max) = b.max_wait_days {
            add(Limit::MaxWaitDays, Amount::Days(max), Amount::Days(wait), wait <= max);
        }
        if let Some(base) = self.baseline {
            // A saved run holds the expected run's figures: compare like with like.
            let (cost, peak) = (f.cost_cents, run.peak_period_tokens());
            let tiers = self.rise.cost;
            if !tiers.is_empty() {
                let cap = |t: &Threshold| Amount::Cents(allowed(base.cost_cents, t));
                checks.push(Check {
                    limit: Limit::MaxCostIncrease,
                    value: tiers.fail.as_ref().map(cap),
                    warn: tiers.warn.as_ref().map(cap),
                    measured: Amount::Cents(cost),
                    level: level(base.cost_cents, cost, &tiers),
                    baseline: Some((Amount::Cents(base.cost_cents), tiers)),
                });
            }
            let tiers = self.rise.tokens;
            if !tiers.is_empty() {
                let base_peak = i64::try_from(base.peak_period_tokens).unwrap_or(i64::MAX);
                let cap = |t: &Threshold| Amount::Tokens(allowed(base_peak, t).max(0) as u64);
                checks.push(Check {
                    limit: Limit::MaxTokensPerMonthIncrease,
                    value: tiers.fail.as_ref().map(cap),
                    warn: tiers.warn.as_ref().map(cap),
                    measured: Amount::Tokens(peak),
                    level: level(base_peak, i64::try_from(peak).unwrap_or(i64::MAX), &tiers),
                    baseline: Some((Amount::Tokens(base.peak_period_tokens), tiers)),
                });
            }
        }
        checks
    }
}

/// The largest whole amount that is not more than `pct` percent above `base` (a value within
/// 1e-9 of a whole number counts as it, as in R1).
fn ceiling(base: f64, pct: f64) -> f64 {
    (base * (1.0 + pct / 100.0) + 1e-9).floor().max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ten_percent_increase_allows_exactly_ten_percent_more() {
        assert_eq!(ceiling(36000.0, 10.0), 39600.0);
        assert_eq!(ceiling(333.0, 10.0), 366.0); // 366.3 → 366: 367 would be more than 10 % above
        assert_eq!(ceiling(0.0, 50.0), 0.0); // from nothing, any rise is more than PCT percent
    }

    #[test]
    fn a_rise_reaches_the_warn_tier_then_the_fail_tier() {
        let usd = crate::input::currency::Currency::USD;
        let tiers = Tiers { warn: Some(Threshold::Money(2000, usd)), fail: Some(Threshold::Percent(10.0)) };
        // base $400.00: warn above $420.00, fail above $440.00 (inclusive caps).
        assert_eq!(level(40000, 42000, &tiers), Level::Pass);
        assert_eq!(level(40000, 42001, &tiers), Level::Warn);
        assert_eq!(level(40000, 44000, &tiers), Level::Warn);
        assert_eq!(level(40000, 44001, &tiers), Level::Fail);
        // From zero, any rise is more than any percent; an amount still allows its amount.
        assert_eq!(level(0, 1, &Tiers { warn: None, fail: Some(Threshold::Percent(50.0)) }), Level::Fail);
        assert_eq!(level(0, 2000, &Tiers { warn: None, fail: Some(Threshold::Money(2000, usd)) }), Level::Pass);
    }

    #[test]
    fn percent_change_is_undefined_from_zero() {
        assert_eq!(change_pct(0.0, 5.0), None);
        assert_eq!(change_pct(200.0, 250.0), Some(25.0));
    }
}
