//! R6: how many generations each activity wants on each day, and their `then` operations.
//!
//! Demand does not depend on the plan, so it is computed once per run (or once per Monte
//! Carlo trial) and every plan replays the same days: plan differences are never noise.

use crate::calendar::{Calendar, days_in_month};
use crate::workload::{Per, Workload};
use chrono::{Datelike, Weekday};

/// Generations per (day, activity), and each generation's operations per `then` entry.
#[derive(Debug, Clone, Default)]
pub struct Demand {
    activities: usize,
    /// `gens[day * activities + a]`.
    gens: Vec<u32>,
    /// Start of that cell's operations in `ops`: generation g, entry j at `start + g * J + j`.
    op_start: Vec<u32>,
    ops: Vec<u32>,
}

/// The R6 rounding: whole generations from a running sum.
fn rounded(sum: f64) -> f64 {
    (sum + 0.5 + 1e-9).floor()
}

/// R6: the expected quantity `q` of activity `a` on `day`.
pub fn expected(workload: &Workload, calendar: &Calendar, a: usize, day: u32) -> f64 {
    let act = &workload.activities[a];
    let date = calendar.date(day);
    if act.from.is_some_and(|f| date < f) || act.until.is_some_and(|u| date > u) {
        return 0.0;
    }
    let w = match act.per {
        Per::Day => 1.0,
        Per::Weekday => match date.weekday() {
            Weekday::Sat | Weekday::Sun => 0.0,
            _ => 1.0,
        },
        Per::Week => 1.0 / 7.0,
        Per::Month => 1.0 / f64::from(days_in_month(date)),
    };
    let month = date.month();
    let season = workload.seasons.iter().filter(|s| s.months.contains(&month)).fold(1.0, |f, s| f * s.factor);
    let burst = workload.bursts.iter().filter(|b| b.from <= date && date <= b.until).fold(1.0, |f, b| f * b.factor);
    let m = calendar.period_of[day as usize];
    act.count * w * season * burst * (1.0 + workload.growth).powf(f64::from(m))
}

impl Demand {
    /// Deterministic demand: R6 rounding of the running sum per activity.
    pub fn deterministic(workload: &Workload, calendar: &Calendar) -> Demand {
        let mut sums = vec![0.0f64; workload.activities.len()];
        Demand::build(workload, calendar, |a, day| {
            let before = sums[a];
            sums[a] += expected(workload, calendar, a, day);
            (rounded(sums[a]) - rounded(before)) as u32
        })
    }

    /// Demand from any per-(activity, day) generation count, called day by day, activity by
    /// activity; `then` operations follow R6 from those counts.
    pub fn build(workload: &Workload, calendar: &Calendar, mut count: impl FnMut(usize, u32) -> u32) -> Demand {
        let n = workload.activities.len();
        let mut demand = Demand { activities: n, ..Demand::default() };
        demand.gens.reserve(calendar.days as usize * n);
        demand.op_start.reserve(calendar.days as usize * n);
        // One running sum T per (activity, then entry).
        let mut t: Vec<Vec<f64>> = workload.activities.iter().map(|a| vec![0.0; a.then.len()]).collect();
        for day in 0..calendar.days {
            for (a, act) in workload.activities.iter().enumerate() {
                let g = count(a, day);
                demand.gens.push(g);
                demand.op_start.push(demand.ops.len() as u32);
                if act.then.is_empty() {
                    continue;
                }
                let images = f64::from(act.setting.images);
                for _ in 0..g {
                    for (j, then) in act.then.iter().enumerate() {
                        let before = t[a][j];
                        t[a][j] += then.share * images;
                        demand.ops.push((rounded(t[a][j]) - rounded(before)) as u32);
                    }
                }
            }
        }
        demand
    }

    /// Generations activity `a` wants on `day`.
    #[inline]
    pub fn gens(&self, day: u32, a: usize) -> u32 {
        self.gens[day as usize * self.activities + a]
    }

    /// Index in `ops` of the first operation count of that cell.
    #[inline]
    pub fn op_start(&self, day: u32, a: usize) -> u32 {
        self.op_start[day as usize * self.activities + a]
    }

    /// Operations of `then` entry j for the generation whose counts start at `at`.
    #[inline]
    pub fn ops(&self, at: u32, j: usize) -> u32 {
        self.ops[at as usize + j]
    }
}
