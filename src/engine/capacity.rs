//! `capacity`: how many generations of one setting a plan gives, fast, for the user's own
//! settings (R1, R6–R9a).
//!
//! The capacity is the largest `count` of one extra activity `{action, images, add-ons, per}`
//! that keeps it fast-feasible over the horizon: none of its charges waits, is dropped or
//! unfinished, runs relaxed or needs a top-up pack. The extra activity gets no fallback at all
//! (`when_out = []`), so any shortage drops one of its charges and shows as infeasible; with a
//! base workload (`--on`) the workload's own activities keep their policy. `count` is searched
//! by bisection in hundredths of a generation per period.

use crate::engine::calendar::Calendar;
use crate::engine::ledger::{Bucket, NoJournal};
use crate::engine::price::quote;
use crate::engine::simulation::{Run, Scenario};
use crate::input::catalog::{Catalog, Cents, Plan};
use crate::input::limits::{MAX_CHARGES, MAX_COUNT};
use crate::input::workload::Setting;
use crate::input::workload::{Activity, Per, Workload};

/// The generation setting whose capacity is asked for.
#[derive(Debug, Clone)]
pub struct Probe {
    pub action: usize,
    pub setting: Setting,
    pub per: Per,
}

/// What runs out first when the count goes one hundredth past the capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// Free's daily allowance (a plan without monthly tokens).
    Daily,
    /// The monthly allowance, before the bank was ever drawn on.
    Monthly,
    /// The rollover bank: the month's allowance and the bank were both spent.
    Bank,
    /// Nothing within the search limit.
    None,
}

impl Binding {
    pub fn name(self) -> &'static str {
        match self {
            Binding::Daily => "daily allowance",
            Binding::Monthly => "monthly allowance",
            Binding::Bank => "bank",
            Binding::None => "none",
        }
    }
}

/// One plan's capacity.
#[derive(Debug, Clone)]
pub struct Capacity {
    pub plan: usize,
    /// Generations per period, rounded down to hundredths.
    pub count: f64,
    pub images_per_period: f64,
    /// Images the feasible run made, per month of the horizon (days / 30.4375).
    pub images_per_month: f64,
    pub binding: Binding,
    /// Extra generations per period the `--topup-budget` would buy (plans with top-ups).
    pub topup_extra: Option<f64>,
    /// The plan's relaxed queue takes this action: beyond `count`, unlimited but slow.
    pub relaxed_beyond: bool,
    /// Tokens of one generation (R1).
    pub tokens: u64,
}

/// The workload `base` with the probe as its last activity, `count` per period.
pub fn with_probe(base: &Workload, probe: &Probe, count: f64) -> Workload {
    let mut w = base.clone();
    w.activities.push(Activity {
        name: "capacity probe".into(),
        action: probe.action,
        setting: probe.setting.clone(),
        count,
        per: probe.per,
        on: probe.per.default_days(),
        relaxed_ok: false,
        from: None,
        until: None,
        variability: 0.0,
        then: Vec::new(),
        when_out: Some(Vec::new()),
        marks: Default::default(),
    });
    w
}

/// Runs `plan` with the probe at `hundredths / 100` per period; also the probe's generations.
fn probe_run(
    catalog: &Catalog,
    base: &Workload,
    calendar: &Calendar,
    plan: &Plan,
    probe: &Probe,
    hundredths: u64,
) -> (Run, u64) {
    let w = with_probe(base, probe, hundredths as f64 / 100.0);
    let sc = Scenario::new(catalog, &w, calendar.clone());
    let demand = sc.demand();
    let last = w.activities.len() - 1;
    let generations = (0..calendar.days).map(|d| u64::from(demand.gens(d, last))).sum();
    (sc.run(plan, &demand, NoJournal, &[]).0, generations)
}

/// Fast-feasible: the probe (the last activity) lost nothing.
fn fast((run, _): &(Run, u64)) -> bool {
    run.dropped_by_activity.last().is_none_or(|&d| d == 0)
}

/// Doublings of the bracket (from 1 to `MAX_COUNT` per period, in hundredths).
const DOUBLINGS: u32 = 18;
/// Bisection steps between a bracket's ends.
const BISECTIONS: u32 = 24;
/// The most probe runs the search makes for one plan: what `work::check_capacity` bounds.
pub const MOST_PROBES: u32 = DOUBLINGS + 1 + BISECTIONS + 1;

/// The largest count (in hundredths per period) the search may probe: `MAX_COUNT`, or less
/// when the probe's charges on top of `base` would pass one run's limit (`MAX_CHARGES`). An
/// error when not even one hundredth fits.
pub fn search_limit(base: &Workload, calendar: &Calendar, probe: &Probe) -> anyhow::Result<u64> {
    let most = (MAX_COUNT * 100.0) as u64;
    let base_charges = crate::engine::work::volume(base, calendar)?.charges;
    // R6: the probe's expected charges grow linearly with its count.
    let w = with_probe(base, probe, 1.0);
    let last = w.activities.len() - 1;
    let per_count: f64 = (0..calendar.days)
        .map(|d| crate::engine::demand::expected(&w, calendar, last, d))
        .filter(|q| !q.is_nan())
        .sum();
    if per_count <= 0.0 {
        return Ok(most);
    }
    let hundredths = ((MAX_CHARGES - base_charges) / per_count * 100.0).floor();
    if hundredths < 1.0 {
        anyhow::bail!(
            "the run is too large: one more generation per period wants about {per_count:.3e} charges over the horizon \
             (the workload's growth, seasons and bursts apply to it), the limit is {MAX_CHARGES:.0} a run; shorten the \
             horizon or use a coarser --per"
        );
    }
    Ok(most.min(hundredths as u64))
}

/// The capacity of `plan` for `probe` on top of `base`.
pub fn capacity(
    catalog: &Catalog,
    base: &Workload,
    calendar: &Calendar,
    plan_index: usize,
    probe: &Probe,
    topup_budget: Option<Cents>,
) -> anyhow::Result<Capacity> {
    let plan = &catalog.plans[plan_index];
    let run = |h: u64| probe_run(catalog, base, calendar, plan, probe, h);
    let limit = search_limit(base, calendar, probe)?;
    // Bracket: lo feasible, hi infeasible (or the limit, feasible). Each end keeps its run:
    // the answer's generations are lo's, and what binds is read from hi's (one hundredth past).
    let (mut lo, mut hi) = (0u64, 100u64.min(limit));
    let (mut lo_run, mut hi_run) = (None, None);
    loop {
        let r = run(hi);
        if !fast(&r) {
            hi_run = Some(r);
            break;
        }
        (lo, lo_run) = (hi, Some(r));
        if hi == limit {
            break;
        }
        hi = (hi * 2).min(limit);
    }
    if hi_run.is_some() {
        // R6 rounding can make feasibility non-monotone at small scales: the bisection ends on
        // a feasible lo with lo + 0.01 infeasible.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            let r = run(mid);
            if fast(&r) {
                (lo, lo_run) = (mid, Some(r));
            } else {
                (hi, hi_run) = (mid, Some(r));
            }
        }
    }
    let tokens = quote(catalog, &catalog.actions[probe.action], &probe.setting).tokens;
    let generations = lo_run.map_or_else(|| run(lo).1, |r| r.1);
    let images = f64::from(probe.setting.images);
    let months = f64::from(calendar.days) / 30.4375;
    let binding = match &hi_run {
        None => Binding::None,
        Some(_) if plan.monthly_tokens == 0 => Binding::Daily,
        Some((r, _)) if r.flows.spent[Bucket::Rollover as usize] > 0 => Binding::Bank,
        Some(_) => Binding::Monthly,
    };
    let action = &catalog.actions[probe.action];
    let per_month_periods = periods_per_month(probe.per);
    let topup_extra = match (
        topup_budget,
        plan.topups,
        crate::engine::topup::budget_pack(&base.policy, &catalog.packs).map(|p| &catalog.packs[p]),
    ) {
        (Some(budget), true, Some(pack)) if pack.price > 0 && tokens > 0 => {
            let tokens_per_month = (budget / pack.price) as u64 * pack.tokens;
            Some(((tokens_per_month / tokens) as f64 / per_month_periods * 100.0).floor() / 100.0)
        }
        _ => None,
    };
    Ok(Capacity {
        plan: plan_index,
        count: lo as f64 / 100.0,
        images_per_period: lo as f64 / 100.0 * images,
        images_per_month: generations as f64 * images / months,
        binding,
        topup_extra,
        relaxed_beyond: crate::engine::eligibility::relaxes(plan, action),
        tokens,
    })
}

/// `capacity` of each of `plans` (all eligible), in that order: the plans' searches are
/// independent, so they run in parallel.
pub fn capacities(
    catalog: &Catalog,
    base: &Workload,
    calendar: &Calendar,
    plans: &[usize],
    probe: &Probe,
    topup_budget: Option<Cents>,
) -> anyhow::Result<Vec<Capacity>> {
    use rayon::prelude::*;
    plans.par_iter().map(|&i| capacity(catalog, base, calendar, i, probe, topup_budget)).collect()
}

/// Periods of `per` in an average month (30.4375 days).
fn periods_per_month(per: Per) -> f64 {
    match per {
        Per::Day => 30.4375,
        Per::Weekday => 30.4375 * 5.0 / 7.0,
        Per::Weekend => 30.4375 * 2.0 / 7.0,
        Per::Week => 30.4375 / 7.0,
        Per::Month => 1.0,
    }
}
