//! The work a command asks for, measured before anything runs and bounded (SPEC §6: a run is
//! linear in its work, or refused up front with a message naming the limit).
//!
//! One *unit* of work is one day of one activity, or one charge the workload wants (R6's
//! expected count, before rounding), on one plan in one run. A command's work is the sum over
//! every run it makes: each plan simulated, each Monte Carlo trial of each plan, each
//! `capacity` probe, each schedule `--allow-switch` tries, and for a run with R13 switches one
//! more pass over its charges per plan change (the first backlog pass after a change may try
//! every waiting charge). The day loop costs a bounded time per unit (a day's cell, a charge
//! that runs or changes state), so the work limit bounds the time (`DEFAULT_WORK`, a few
//! seconds; `--max-work` raises it, at most to `MAX_WORK`); `MAX_CELLS` and `MAX_CHARGES`
//! bound one run's memory. The bounds are input limits (`input::limits`).

use crate::engine::calendar::Calendar;
use crate::engine::demand::expected;
use crate::input::limits::{MAX_CELLS, MAX_CHARGES, MAX_ROWS, MAX_WORK};

/// Units of work of a run besides its days, cells and charges (setting it up and reading it).
const RUN_UNITS: f64 = 100.0;
/// Units of work of drawing one day of one activity in a Monte Carlo trial (a Gamma week,
/// a Poisson day), shared by every plan of the trial.
const DRAW_UNITS: f64 = 10.0;
use crate::input::workload::Workload;

/// What one run of one plan over a workload holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Volume {
    pub days: u32,
    /// Day × activity cells.
    pub cells: u64,
    /// Expected charges (generations and their operations) over the horizon.
    pub charges: f64,
}

impl Volume {
    /// Units of work of one run with `changes` plan changes (R13).
    pub fn units(&self, changes: usize) -> f64 {
        RUN_UNITS + f64::from(self.days) + self.cells as f64 + self.charges * (1 + changes) as f64
    }
}

/// The volume of one run, or an error when one run alone would be larger than the limits.
pub fn volume(workload: &Workload, calendar: &Calendar) -> anyhow::Result<Volume> {
    let cells = u64::from(calendar.days) * workload.activities.len() as u64;
    if cells > MAX_CELLS {
        anyhow::bail!(
            "the run is too large: {} days × {} activities = {cells} day-activity cells, the limit is {MAX_CELLS}; \
             shorten the horizon (--months/--days) or merge activities",
            calendar.days,
            workload.activities.len()
        );
    }
    let mut charges = 0.0;
    for (a, act) in workload.activities.iter().enumerate() {
        let per_generation = 1.0 + act.then.iter().map(|t| t.share * f64::from(act.setting.images)).sum::<f64>();
        // 0 × ∞ (a zero count under extreme growth) is NaN and makes no generations (R6 rounding).
        let gens: f64 = (0..calendar.days).map(|d| expected(workload, calendar, a, d)).filter(|q| !q.is_nan()).sum();
        charges += gens * per_generation;
    }
    if charges > MAX_CHARGES {
        anyhow::bail!(
            "the run is too large: the workload wants {} charges over the horizon, the limit is {MAX_CHARGES:.0}; \
             lower `count`, `growth`, season or burst factors, or shorten the horizon",
            about(charges)
        );
    }
    Ok(Volume { days: calendar.days, cells, charges })
}

/// The expected number of charges over the horizon (R6 before rounding), or an error when
/// one run would be larger than the limits.
pub fn check_volume(workload: &Workload, calendar: &Calendar) -> anyhow::Result<f64> {
    Ok(volume(workload, calendar)?.charges)
}

/// What a report asks for (`Report::build`): its plans, trials, switches and schedule search.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// Plans simulated (the eligible ones).
    pub plans: usize,
    /// Monte Carlo trials (0: none); each runs every plan once more.
    pub trials: u32,
    /// R13 switches of every run (`--switch`).
    pub switches: usize,
    /// `--allow-switch`: single-account plans the schedule search may pair.
    pub schedule_plans: Option<usize>,
    /// Rows the report keeps per plan: period rows of each billing, and a snapshot a day for
    /// the pictures.
    pub rows_per_plan: usize,
    /// The units of work allowed (`--max-work`).
    pub max_work: f64,
}

/// The end of a refusal: how to raise the limit, while it can be raised.
fn raise(limit: f64) -> String {
    if limit < MAX_WORK {
        format!(", or raise the limit with --max-work (at most {MAX_WORK:.0e})")
    } else {
        String::new()
    }
}

/// Schedules `--allow-switch` may try for `pairs` base/peak pairs over `billing` billing dates:
/// per pair, the base alone, the peak from each billing date, and each window between two.
pub fn schedules(pairs: usize, billing: usize) -> f64 {
    let b = billing as f64;
    pairs as f64 * (1.0 + b + b * (b + 1.0) / 2.0)
}

/// Every run of `request` together under its `max_work`; the refusal names the limit and the most
/// the input may ask for.
pub fn check(request: &Request, volume: &Volume, calendar: &Calendar) -> anyhow::Result<()> {
    let rows = request.plans.saturating_mul(request.rows_per_plan);
    if rows > MAX_ROWS {
        anyhow::bail!(
            "the report is too large: {} plans × {} rows (periods of each billing, days for a chart) = {rows} rows, \
             the limit is {MAX_ROWS} (each row is kept in memory and printed); use fewer plans (--plan), longer rows \
             (--by week or month), or a shorter horizon",
            request.plans,
            request.rows_per_plan
        );
    }
    let runs = request.plans as f64 * (1.0 + f64::from(request.trials));
    let per_run = volume.units(2 * request.switches);
    let draws = f64::from(request.trials) * volume.cells as f64 * DRAW_UNITS;
    let fixed = runs * per_run + draws;
    let search = request.schedule_plans.map_or(0.0, |n| {
        let pairs = n * n.saturating_sub(1) / 2;
        schedules(pairs, calendar.billing.len()) * volume.units(2)
    });
    let (work, limit) = (fixed + search, request.max_work);
    if work <= limit {
        return Ok(());
    }
    let what = format!(
        "about {work:.3e} units of work (a unit is one day of one activity, or one charge, on one plan in one run), \
         the limit is {limit:.1e}"
    );
    let raise = raise(limit);
    if search > 0.0 && search >= fixed {
        // The schedule search grows with the square of the billing months: say how many fit.
        let n = request.schedule_plans.unwrap_or(0);
        let pairs = n * n.saturating_sub(1) / 2;
        let per_month = volume.units(2) / calendar.billing.len().max(1) as f64;
        let most = (1..=calendar.billing.len())
            .rev()
            .find(|&b| fixed + schedules(pairs, b) * per_month * b as f64 <= limit)
            .map_or(String::new(), |m| format!("at most {m} months (--months), or "));
        anyhow::bail!(
            "the run is too large: --allow-switch tries up to {:.3e} schedules of {pairs} plan pairs over {} billing months, \
             {what}; use {most}fewer plans (--plan){raise}",
            schedules(pairs, calendar.billing.len()),
            calendar.billing.len()
        );
    }
    if request.trials > 0 {
        let per_trial = request.plans as f64 * per_run + volume.cells as f64 * DRAW_UNITS;
        let most = ((limit - request.plans as f64 * per_run) / per_trial).floor();
        anyhow::bail!(
            "the run is too large: {} trials × {} plans × about {per_run:.3e} units, {what}; use at most {} trials \
             (--trials), fewer plans (--plan), or a shorter horizon{raise}",
            request.trials,
            request.plans,
            most.max(0.0)
        );
    }
    let most = (limit / per_run).floor();
    anyhow::bail!(
        "the run is too large: {} plans × about {per_run:.3e} units, {what}; simulate at most {most} plans at a time \
         (--plan){raise}",
        request.plans
    )
}

/// `capacity`: every plan probed up to `probes` times, each probe a run of `volume`, under
/// `limit` units.
pub fn check_capacity(plans: usize, probes: u32, volume: &Volume, limit: f64) -> anyhow::Result<()> {
    let per_plan = f64::from(probes) * volume.units(0);
    let work = plans as f64 * per_plan;
    if work <= limit {
        return Ok(());
    }
    let most = (limit / per_plan).floor();
    let raise = raise(limit);
    anyhow::bail!(
        "the run is too large: capacity probes each of {plans} plans up to {probes} times, about {per_plan:.3e} units \
         of work a plan (a unit is one day of one activity, or one charge, in one run), {work:.3e} in all, the limit \
         is {limit:.1e}; probe at most {most} plans (--plan), or shorten the horizon{raise}"
    )
}

/// A Monte Carlo trial's draws, counted as they are drawn: more charges than one run may hold
/// stop the run with an error instead of exhausting memory or overflowing a sum.
pub fn check_drawn(trial: u32, seed: u64, charges: f64) -> anyhow::Result<()> {
    if charges > MAX_CHARGES {
        anyhow::bail!(
            "the run is too large: Monte Carlo trial {trial} (seed {seed}) drew about {charges:.3e} charges, more than \
             one run may hold ({MAX_CHARGES:.0}); a large `variability` makes some weeks enormous: lower it, or \
             `count`, or shorten the horizon"
        );
    }
    Ok(())
}

/// "about 1.234e7" charges, or "more than 1e18" when growth or factors overflow the sum (an
/// infinite count is no count to print).
fn about(charges: f64) -> String {
    if charges.is_finite() && charges <= 1e18 { format!("about {charges:.3e}") } else { "more than 1e18".into() }
}
