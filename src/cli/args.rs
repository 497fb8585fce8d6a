//! Argument groups and value parsers shared by several commands: the horizon overrides, Monte
//! Carlo trials, billing, and the number and date parsers behind them.

use crate::engine::calendar::Calendar;
use crate::engine::montecarlo::{MAX_TRIALS, Trials};
use crate::input::catalog::Billing;
use crate::input::currency::Currency;
use crate::input::limits::{MAX_DAYS, MAX_MONTHS};
use crate::input::threshold::{Rise, Threshold, Tiers};
use crate::input::workload::{Horizon, Workload};
use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;

/// A `YYYY-MM-DD` date, or a message saying so.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    s.parse::<NaiveDate>().map_err(|e| format!("`{s}` is not a date (YYYY-MM-DD, e.g. 2027-01-31): {e}"))
}

/// `--max-work UNITS`: a number from 1 to `MAX_WORK` (`2e10` and `20000000000` alike).
pub fn parse_work(s: &str) -> Result<f64, String> {
    use crate::input::limits::MAX_WORK;
    match s.parse::<f64>() {
        Ok(x) if (1.0..=MAX_WORK).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a number of units from 1 to {MAX_WORK:.0e} (e.g. 5e9)")),
    }
}

/// `--trials N --seed S`: Monte Carlo over random demand (SPEC §5).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct TrialsArgs {
    /// Monte Carlo: run N trials of random demand (Poisson days, Gamma crunch weeks)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_TRIALS)))]
    pub trials: Option<u32>,
    /// Monte Carlo seed: the same seed gives the same output
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}

impl TrialsArgs {
    pub fn get(&self) -> Option<Trials> {
        self.trials.map(|n| Trials { n, seed: self.seed })
    }
}

/// `--start`, `--months`, `--days`: override the workload's horizon.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct HorizonArgs {
    /// First simulated day and billing anchor (overrides the workload's `start`)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Horizon in calendar months (overrides the workload)
    #[arg(long, conflicts_with = "days", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_MONTHS)))]
    pub months: Option<u32>,
    /// Horizon in days (overrides the workload)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DAYS)))]
    pub days: Option<u32>,
}

impl HorizonArgs {
    /// Applies the overrides and lays out the calendar.
    pub fn apply(&self, workload: &mut Workload) -> anyhow::Result<Calendar> {
        if let Some(start) = self.start {
            workload.start = start;
        }
        if let Some(m) = self.months {
            workload.horizon = Horizon::Months(m);
        }
        if let Some(d) = self.days {
            workload.horizon = Horizon::Days(d);
        }
        let calendar = Calendar::new(workload.start, workload.horizon).context(
            "the horizon runs past 9999-12-31, the last supported date: use an earlier start or a shorter horizon",
        )?;
        crate::engine::work::check_volume(workload, &calendar)?;
        Ok(calendar)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillingArg {
    Monthly,
    Annual,
}

impl From<BillingArg> for Billing {
    fn from(b: BillingArg) -> Billing {
        match b {
            BillingArg::Monthly => Billing::Monthly,
            BillingArg::Annual => Billing::Annual,
        }
    }
}

/// A number from 0 to 10^12 (USD, percent): anything larger is a typo, and would not fit the
/// cents and tokens the limits are compared with.
pub fn non_negative(s: &str) -> Result<f64, String> {
    const MAX: f64 = crate::input::limits::MAX_LIMIT_USD;
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=MAX).contains(&v) => Ok(v),
        Ok(v) if v > MAX => Err(format!("`{s}` is more than the largest accepted value, 1e12")),
        _ => Err(format!("expected a number ≥ 0, found `{s}`")),
    }
}

/// `12%`, `12` (percent) or `$20` (money): a `--warn-above`/`--fail-above` value.
pub fn threshold(s: &str) -> Result<Threshold, String> {
    Threshold::parse(s)
}

/// `5%` or `5`: a `--warn-above-tokens`/`--fail-above-tokens` value.
pub fn percent_threshold(s: &str) -> Result<Threshold, String> {
    Threshold::parse_percent(s)
}

/// The warn and fail tiers of a rise (`check` against its baseline, `diff` head against base).
/// A bare number is a percent, as `diff --fail-above PCT` always read it.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RiseArgs {
    /// Warn (exit 0, a warning line) when total cost rises more than this: `12%` (a bare `12` is
    /// a percent too) or an amount of money in the catalog's currency, such as `$20` (quote it
    /// in a shell)
    #[arg(long, value_name = "PCT|AMOUNT", value_parser = threshold)]
    pub warn_above: Option<Threshold>,
    /// Fail (exit 1) when total cost rises more than this: `12%`, `12` or an amount such as `$20`
    #[arg(long, value_name = "PCT|AMOUNT", value_parser = threshold)]
    pub fail_above: Option<Threshold>,
    /// Warn (exit 0, a warning line) when peak tokens per month rise more than PCT percent
    #[arg(long, value_name = "PCT", value_parser = percent_threshold)]
    pub warn_above_tokens: Option<Threshold>,
    /// Fail (exit 1) when peak tokens per month rise more than PCT percent
    #[arg(long, value_name = "PCT", value_parser = percent_threshold)]
    pub fail_above_tokens: Option<Threshold>,
}

impl RiseArgs {
    /// The tiers given as flags (each replaces the same tier of the workload's `[budget]`).
    pub fn rise(&self) -> Rise {
        Rise {
            cost: Tiers { warn: self.warn_above, fail: self.fail_above },
            tokens: Tiers { warn: self.warn_above_tokens, fail: self.fail_above_tokens },
        }
    }
}

/// The tiers in force (flags over `[budget]`), refused when a warn tier is not below its fail
/// tier or an amount is not in `currency`.
pub fn checked_rise(rise: Rise, currency: Currency) -> anyhow::Result<Rise> {
    for (tiers, what, flag, key) in [
        (&rise.cost, "total cost", "--warn-above", "warn_increase"),
        (&rise.tokens, "peak tokens per month", "--warn-above-tokens", "warn_tokens_increase"),
    ] {
        if let Some((w, f)) = tiers.misordered() {
            return Err(crate::error::usage(format!(
                "the warn tier for {what} ({}) is not below its fail tier ({}): the warning would never come \
                 first; lower the warn tier ({flag}, or {key} in the workload's [budget])",
                crate::engine::gate::show_threshold(&w),
                crate::engine::gate::show_threshold(&f)
            )));
        }
    }
    for (cents, c) in rise.amounts() {
        if c != currency {
            return Err(crate::error::usage(format!(
                "a rise limit of {} is in {c}, but the money compared is in {currency}: give the amount in \
                 {currency}, or a percent",
                crate::units::money_in(c, cents)
            )));
        }
    }
    Ok(rise)
}
