//! Argument groups and value parsers shared by several commands: the horizon overrides, Monte
//! Carlo trials, billing, and the number and date parsers behind them.

use crate::engine::calendar::Calendar;
use crate::engine::montecarlo::{MAX_TRIALS, Trials};
use crate::input::catalog::Billing;
use crate::input::workload::{Horizon, MAX_DAYS, MAX_MONTHS, Workload};
use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;

/// A `YYYY-MM-DD` date, or a message saying so.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    s.parse::<NaiveDate>().map_err(|e| format!("`{s}` is not a date (YYYY-MM-DD, e.g. 2027-01-31): {e}"))
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
