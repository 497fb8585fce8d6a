//! Upper bounds that keep every run bounded in time and memory and every sum inside `u64`.
//!
//! The bounds are chosen so that overflow is impossible rather than detected late:
//! - a plan grants at most `MAX_TOKENS × MAX_SEATS` = 10^15 tokens at a billing date, and
//!   over `MAX_MONTHS` + 1 grants that is 1.2 × 10^18 < `u64::MAX` (1.8 × 10^19);
//! - one charge costs at most `MAX_CHARGE_TOKENS` = 10^10, a run has at most `MAX_CHARGES`
//!   = 10^7 charges, so tokens wanted, spent, relaxed and bought stay below 2 × 10^17;
//! - a price is at most `MAX_PRICE_USD`, so `price × seats × billing dates` stays below
//!   1.2 × 10^16 cents. Top-up money is the one product that the bounds cannot cap (a
//!   1-token pack at a huge price), so it is computed with `checked_mul` and refused.
//!
//! Work and memory grow with day-activity cells (demand is stored per cell) and with charges
//! (each one is tried on every plan), so both are capped before anything is simulated.

use crate::calendar::Calendar;
use crate::demand::expected;
use crate::workload::Workload;

/// Tokens in any one catalog figure (allowance, bank, floor, pack, price per image).
pub const MAX_TOKENS: u64 = 10_000_000_000;
/// Tokens of one charge (a generation with its add-ons, or one operation).
pub const MAX_CHARGE_TOKENS: u64 = 10_000_000_000;
/// USD in any one catalog price.
pub const MAX_PRICE_USD: f64 = 1_000_000.0;
/// Seats on a plan (`min_seats`, `max_seats`) or in a workload.
pub const MAX_SEATS: u64 = 100_000;
/// Day × activity cells of one run: 10 years × 2,700 activities, or 100 years × 270.
pub const MAX_CELLS: u64 = 10_000_000;
/// Charges (generations and operations) a run may want over its horizon.
pub const MAX_CHARGES: f64 = 10_000_000.0;
/// Charges over all Monte Carlo trials (`--trials` × charges a run wants): 100,000 trials of a
/// 50,000-charge year. The slowest rate measured (27,000 generations a day, short on every
/// plan: 600 trials of 9.9 million charges in 162 s, release build) makes that about 2.3 minutes.
pub const MAX_TRIAL_CHARGES: f64 = 5_000_000_000.0;
/// Charges a run may want when every ledger row is kept (`--ledger`).
pub const MAX_LEDGER_CHARGES: f64 = 500_000.0;

/// The expected number of charges over the horizon (R6 before rounding), or an error when
/// the run would be larger than the limits above.
pub fn check_volume(workload: &Workload, calendar: &Calendar) -> anyhow::Result<f64> {
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
            "the run is too large: the workload wants about {charges:.3e} charges over the horizon, the limit is {MAX_CHARGES:.0}; \
             lower `count`, `growth`, season or burst factors, or shorten the horizon"
        );
    }
    Ok(charges)
}

/// `--trials N` on top of `check_volume`: the trials together stay under `MAX_TRIAL_CHARGES`.
pub fn check_trials(workload: &Workload, calendar: &Calendar, trials: u32) -> anyhow::Result<()> {
    let charges = check_volume(workload, calendar)?;
    let total = charges * f64::from(trials);
    if total > MAX_TRIAL_CHARGES {
        let most = (MAX_TRIAL_CHARGES / charges.max(1.0)).floor();
        anyhow::bail!(
            "the run is too large: {trials} trials × about {charges:.3e} charges = {total:.3e}, the limit is \
             {MAX_TRIAL_CHARGES:.1e}; use at most {most} trials (--trials), or shorten the horizon"
        );
    }
    Ok(())
}
