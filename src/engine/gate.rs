//! `check`'s limits (SPEC §3): the workload's `[budget]` overridden by flags, plus an optional
//! saved baseline run. Each limit is measured on one plan × billing and passes or fails; the
//! command turns any failure into exit code 1, so a CI job fails with the reason in its log.

use crate::engine::figures::Figures;
use crate::input::catalog::Cents;
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
    /// `--baseline`: cost may rise by at most `--max-increase` percent.
    MaxCostIncrease,
    /// `--baseline`: `peak_period_tokens` may rise by at most `--max-increase` percent.
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

/// One limit, what was measured, and whether it held (`measured ≤ value`).
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub limit: Limit,
    pub value: Amount,
    pub measured: Amount,
    pub pass: bool,
    /// Baseline checks: the baseline's figure and the allowed increase in percent.
    pub baseline: Option<(Amount, f64)>,
}

impl Check {
    /// The allowed value as a reader wants it: `$396.00 (baseline $360.00 + 10%)`.
    pub fn allowed_text(&self) -> String {
        match self.baseline {
            Some((base, pct)) => format!("{} (baseline {} + {pct}%)", self.value.show(), base.show()),
            None => self.value.show(),
        }
    }

    /// The measured value, with its change against the baseline when there is one.
    pub fn measured_text(&self) -> String {
        let base = match self.baseline {
            Some((Amount::Cents(b), _)) => i128::from(b),
            Some((Amount::Tokens(b), _)) => i128::from(b),
            _ => return self.measured.show(),
        };
        let now = match self.measured {
            Amount::Cents(c) => i128::from(c),
            Amount::Tokens(t) => i128::from(t),
            other => return other.show(),
        };
        match change_pct_whole(base, now) {
            Some(p) => format!("{} ({p:+.1}%)", self.measured.show()),
            None => self.measured.show(),
        }
    }
}

/// Percent change from `before` to `after`, or `None` when `before` is 0.
pub fn change_pct(before: f64, after: f64) -> Option<f64> {
    (before != 0.0).then(|| (after - before) / before * 100.0)
}

/// `change_pct` of whole numbers, from their exact difference (so 2^60 + 1 against 2^60 is a
/// rise, not 0).
pub fn change_pct_whole(before: i128, after: i128) -> Option<f64> {
    (before != 0).then(|| (after - before) as f64 / before as f64 * 100.0)
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
    pub budget: Budget,
    /// The baseline and the allowed increase in percent.
    pub baseline: Option<(Baseline, f64)>,
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
            && self.baseline.is_none()
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
        let mut add = |limit, value, measured, pass, baseline| {
            checks.push(Check { limit, value, measured, pass, baseline });
        };
        if let Some(max) = b.max_cost {
            add(Limit::MaxCost, Amount::Cents(max), Amount::Cents(cost), cost <= max, None);
        }
        if let Some(max) = b.max_tokens_per_month {
            add(Limit::MaxTokensPerMonth, Amount::Tokens(max), Amount::Tokens(peak), peak <= max, None);
        }
        if let Some(max) = b.max_relaxed_share {
            add(Limit::MaxRelaxedShare, Amount::Share(max), Amount::Share(share), share <= max, None);
        }
        if let Some(max) = b.max_wait_days {
            add(Limit::MaxWaitDays, Amount::Days(max), Amount::Days(wait), wait <= max, None);
        }
        if let Some((base, pct)) = self.baseline {
            // A saved run holds the expected run's figures: compare like with like.
            let (cost, peak) = (f.cost_cents, run.peak_period_tokens());
            let cost_cap = Cents::try_from(ceiling(base.cost_cents.into(), pct)).unwrap_or(Cents::MAX);
            add(
                Limit::MaxCostIncrease,
                Amount::Cents(cost_cap),
                Amount::Cents(cost),
                cost <= cost_cap,
                Some((Amount::Cents(base.cost_cents), pct)),
            );
            let token_cap = u64::try_from(ceiling(base.peak_period_tokens.into(), pct)).unwrap_or(u64::MAX);
            add(
                Limit::MaxTokensPerMonthIncrease,
                Amount::Tokens(token_cap),
                Amount::Tokens(peak),
                peak <= token_cap,
                Some((Amount::Tokens(base.peak_period_tokens), pct)),
            );
        }
        checks
    }
}

/// The largest whole amount that is not more than `pct` percent above `base`, in whole
/// numbers: `pct` is taken to a millionth of a percent (`--max-increase` is at most 10^12,
/// a base at most 2 × 10^18, so the product stays far inside i128).
fn ceiling(base: i128, pct: f64) -> i128 {
    let pct = (pct * 1e6).round() as i128;
    (base * (100_000_000 + pct)).div_euclid(100_000_000).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ten_percent_increase_allows_exactly_ten_percent_more() {
        assert_eq!(ceiling(36000, 10.0), 39600);
        assert_eq!(ceiling(333, 10.0), 366); // 366.3 → 366: 367 would be more than 10 % above
        assert_eq!(ceiling(0, 50.0), 0); // from nothing, any rise is more than PCT percent
        assert_eq!(ceiling(1 << 60, 0.0), 1 << 60); // exact beyond 2^53
        assert_eq!(ceiling(999_999_999_999_999_999, 10.0), 1_099_999_999_999_999_998); // floor of …998.9
    }

    #[test]
    fn percent_change_is_undefined_from_zero() {
        assert_eq!(change_pct(0.0, 5.0), None);
        assert_eq!(change_pct(200.0, 250.0), Some(25.0));
    }
}
