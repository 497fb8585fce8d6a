//! The measure of work a run asks for, checked before anything is simulated: day-activity
//! cells and expected charges (R6 before rounding), times trials for Monte Carlo. The bounds
//! themselves are input limits (`input::limits`).

use crate::engine::calendar::Calendar;
use crate::engine::demand::expected;
use crate::input::limits::{MAX_CELLS, MAX_CHARGES, MAX_TRIAL_CHARGES};
use crate::input::workload::Workload;

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
            "the run is too large: the workload wants {} charges over the horizon, the limit is {MAX_CHARGES:.0}; \
             lower `count`, `growth`, season or burst factors, or shorten the horizon",
            about(charges)
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
            "the run is too large: {trials} trials × {} charges = {total:.3e}, the limit is \
             {MAX_TRIAL_CHARGES:.1e}; use at most {most} trials (--trials), or shorten the horizon",
            about(charges)
        );
    }
    Ok(())
}

/// "about 1.234e7" charges, or "more than 1e18" when growth or factors overflow the sum (an
/// infinite count is no count to print).
fn about(charges: f64) -> String {
    if charges.is_finite() && charges <= 1e18 { format!("about {charges:.3e}") } else { "more than 1e18".into() }
}
