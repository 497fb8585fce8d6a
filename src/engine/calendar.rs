//! R2: the simulated days, billing dates and report periods.
//!
//! Billing date n is always computed from the anchor (31 Jan → 28/29 Feb → 31 Mar), never
//! from the previous billing date, so a short month does not drag later dates.

use crate::input::workload::Horizon;
use chrono::{Datelike, Months, NaiveDate};

/// The horizon `[start, end]` as day indices `0..days`, with billing periods.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub start: NaiveDate,
    pub days: u32,
    /// Day index of each billing date inside the horizon (the first is 0).
    pub billing: Vec<u32>,
    /// Billing period index of each day.
    pub period_of: Vec<u32>,
}

/// R2: billing date `n` = anchor + n months, the day clamped to the month's length.
pub fn billing_date(anchor: NaiveDate, n: u32) -> Option<NaiveDate> {
    anchor.checked_add_months(Months::new(n))
}

pub fn days_in_month(date: NaiveDate) -> u32 {
    let first = date.with_day(1).unwrap_or(date);
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    (next - first).num_days() as u32
}

/// How a report groups days into rows (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    Day,
    Week,
    #[default]
    Month,
}

impl Calendar {
    pub fn new(start: NaiveDate, horizon: Horizon) -> Option<Calendar> {
        let end = match horizon {
            Horizon::Months(m) => billing_date(start, m)?.pred_opt()?,
            Horizon::Days(d) => start.checked_add_days(chrono::Days::new(u64::from(d) - 1))?,
        };
        // Dates print as YYYY-MM-DD (§4.1): four-digit years only.
        if end > NaiveDate::from_ymd_opt(9999, 12, 31)? {
            return None;
        }
        let days = (end - start).num_days() as u32 + 1;
        let mut billing = Vec::new();
        for n in 0.. {
            let d = billing_date(start, n)?;
            if d > end {
                break;
            }
            billing.push((d - start).num_days() as u32);
        }
        Some(Calendar::with_billing(start, days, billing))
    }

    /// R14: a horizon that starts on `today` inside a billing period already paid for. Period 0
    /// is `[today, renews)`; billing date k ≥ 1 is `renews + (k − 1)` months, clamped, with
    /// `renews` as the anchor (R2); the horizon ends the day before billing date `months + 1`.
    /// `None` when `renews` is not after `today` or the horizon runs past 9999-12-31.
    pub fn renewing(today: NaiveDate, renews: NaiveDate, months: u32) -> Option<Calendar> {
        if renews <= today {
            return None;
        }
        let end = billing_date(renews, months)?.pred_opt()?;
        if end > NaiveDate::from_ymd_opt(9999, 12, 31)? {
            return None;
        }
        let days = (end - today).num_days() as u32 + 1;
        let mut billing = vec![0];
        for k in 0..months {
            billing.push((billing_date(renews, k)? - today).num_days() as u32);
        }
        Some(Calendar::with_billing(today, days, billing))
    }

    /// The calendar of `days` days from `start` with billing dates on the day indices `billing`
    /// (ascending, the first 0).
    fn with_billing(start: NaiveDate, days: u32, billing: Vec<u32>) -> Calendar {
        let mut period_of = Vec::with_capacity(days as usize);
        for (p, &first) in billing.iter().enumerate() {
            let next = billing.get(p + 1).copied().unwrap_or(days);
            period_of.extend(std::iter::repeat_n(p as u32, (next - first) as usize));
        }
        Calendar { start, days, billing, period_of }
    }

    pub fn date(&self, day: u32) -> NaiveDate {
        self.start + chrono::Days::new(u64::from(day))
    }

    pub fn end(&self) -> NaiveDate {
        self.date(self.days - 1)
    }

    /// Report rows as inclusive `(first_day, last_day)`: billing periods, 7-day blocks from
    /// `start` (the last cut at `end`), or single days.
    pub fn periods(&self, by: By) -> Vec<(u32, u32)> {
        match by {
            By::Month => self
                .billing
                .iter()
                .enumerate()
                .map(|(i, &first)| (first, self.billing.get(i + 1).map_or(self.days, |n| *n) - 1))
                .collect(),
            By::Week => (0..self.days).step_by(7).map(|d| (d, (d + 6).min(self.days - 1))).collect(),
            By::Day => (0..self.days).map(|d| (d, d)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r2_billing_dates_clamp_from_the_anchor() {
        // R2: 31 Jan → 28/29 Feb → 31 Mar.
        assert_eq!(billing_date(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
        assert_eq!(billing_date(d(2026, 1, 31), 2), Some(d(2026, 3, 31)));
        assert_eq!(billing_date(d(2028, 1, 31), 1), Some(d(2028, 2, 29)));
    }

    #[test]
    fn r2_end_is_the_day_before_billing_date_months() {
        let c = Calendar::new(d(2026, 5, 31), Horizon::Months(7)).unwrap();
        assert_eq!(c.end(), d(2026, 12, 30));
        assert_eq!(c.days, 214);
        assert_eq!(c.billing.len(), 7);
        assert_eq!(c.date(c.billing[1]), d(2026, 6, 30));
    }

    #[test]
    fn r14_period_0_runs_from_today_to_the_day_before_renews() {
        // R14: today 20 Mar, renews 31 Mar, one more month: billing dates 31 Mar and 30 Apr
        // (from the 31 Mar anchor), the end the day before 30 Apr.
        let c = Calendar::renewing(d(2026, 3, 20), d(2026, 3, 31), 1).unwrap();
        assert_eq!(c.end(), d(2026, 4, 29));
        assert_eq!(c.days, 41);
        assert_eq!(c.billing, vec![0, 11]);
        assert_eq!(c.periods(By::Month), vec![(0, 10), (11, 40)]);
        // months = 0: the rest of the cycle only.
        let c = Calendar::renewing(d(2026, 3, 20), d(2026, 3, 31), 0).unwrap();
        assert_eq!((c.days, c.billing.clone()), (11, vec![0]));
        assert!(Calendar::renewing(d(2026, 3, 20), d(2026, 3, 20), 0).is_none());
    }

    #[test]
    fn r14_billing_dates_clamp_from_the_renews_anchor() {
        // R2 from the anchor 31 Jan: 28 Feb, then 31 Mar (not 28 Mar).
        let c = Calendar::renewing(d(2026, 1, 20), d(2026, 1, 31), 2).unwrap();
        let dates: Vec<NaiveDate> = c.billing.iter().map(|&b| c.date(b)).collect();
        assert_eq!(dates, vec![d(2026, 1, 20), d(2026, 1, 31), d(2026, 2, 28)]);
        assert_eq!(c.end(), d(2026, 3, 30));
    }

    #[test]
    fn r2_a_days_horizon_cuts_the_last_period() {
        let c = Calendar::new(d(2026, 3, 30), Horizon::Days(12)).unwrap();
        assert_eq!(c.end(), d(2026, 4, 10));
        assert_eq!(c.periods(By::Month), vec![(0, 11)]);
        assert_eq!(c.periods(By::Week), vec![(0, 6), (7, 11)]);
    }
}
