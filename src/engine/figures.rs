//! The figures of one simulated plan under one billing (SPEC §2.1): totals, period rows,
//! the verdict (R9) and Monte Carlo statistics. Every command and report format reads these;
//! none recomputes them.

use crate::engine::calendar::Calendar;
use crate::engine::ledger::{Bucket, Row};
use crate::engine::money;
use crate::engine::montecarlo::{PlanTrials, Summary, Trials};
use crate::engine::simulation::{Run, Snapshot, Verdict};
use crate::input::catalog::Billing;
use crate::input::catalog::{Catalog, Cents};
use crate::input::workload::Workload;
use chrono::NaiveDate;

/// SPEC §2.1 figures of one eligible plan × billing.
#[derive(Debug, Clone)]
pub struct Figures {
    /// The subscription price per month under this billing, for the billed seats or accounts.
    pub price_per_month: Cents,
    pub verdict: Verdict,
    pub estimate: bool,
    pub cost_cents: Cents,
    pub subscription_cents: Cents,
    pub topup_cents: Cents,
    pub first_short: Option<NaiveDate>,
    pub run: Run,
    /// Monte Carlo statistics under this billing, when trials were run.
    pub trials: Option<TrialFigures>,
    pub periods: Vec<PeriodRow>,
}

/// SPEC §4.1 `trials`: one plan × billing over every trial.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialFigures {
    pub n: u32,
    pub seed: u64,
    pub feasible_share: f64,
    pub short_share: f64,
    pub cost_cents: Summary,
    pub peak_period_tokens: Summary,
    pub relaxed_share: Summary,
    pub max_wait_days: Summary,
    /// The histograms behind the summaries, for other percentiles (`check --percentile`).
    pub stats: PlanTrials,
    pub subscription_cents: Cents,
}

/// Serialised as SPEC §4.1 `periods` (dates as `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PeriodRow {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub tokens_wanted: u64,
    pub tokens_spent: u64,
    pub relaxed_charges: u64,
    pub topup_packs: u64,
    pub waited: u64,
    pub monthly_left: u64,
    pub rollover_end: u64,
    pub topup_end: u64,
    pub expired: u64,
    pub cost_cents: Cents,
}

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub plan: String,
    pub label: String,
    pub billing: Billing,
    pub feasible: bool,
    pub cost_cents: Cents,
    pub reasons: Vec<String>,
    /// Plan switches (R13) the recommendation makes, `(plan key, date)`; empty for a fixed plan.
    pub switches: Vec<(String, NaiveDate)>,
}

/// One simulated plan and the ledger rows it wrote, if asked for.
pub struct PlanRun {
    pub order: usize,
    /// Separate accounts this run stands for (1: one account or one shared pool).
    pub accounts: u32,
    pub run: Run,
    pub rows: Option<Vec<Row>>,
}

pub fn figures(
    catalog: &Catalog,
    workload: &Workload,
    calendar: &Calendar,
    order: usize,
    billing: Billing,
    run: &Run,
    periods: &[(u32, u32)],
) -> Figures {
    let plan = &catalog.plans[order];
    let subs = money::subscription(plan, billing, calendar, run).unwrap_or_default();
    let subscription_cents: Cents = subs.iter().map(|s| s.1).sum();
    let pack_estimate = run.flows.estimate_packs > 0;
    // §2.1: an action counts toward `estimate` only where its catalog price is used; a price
    // the user gave (`tokens`, R1) is theirs, not an estimate.
    let action_estimate = workload.activities.iter().any(|a| {
        (a.setting.tokens.is_none() && catalog.actions[a.action].estimate)
            || a.then.iter().any(|t| t.tokens.is_none() && catalog.actions[t.action].estimate)
    });
    let mut rows = Vec::with_capacity(periods.len());
    let mut before: Option<&Snapshot> = None;
    // The run may keep a snapshot per day (for pictures); a row reads the one of its last day.
    let mut snaps = run.snapshots.iter();
    for &(first, last) in periods {
        let Some(snap) = snaps.find(|s| s.last_day == last) else { break };
        let diff = |f: &dyn Fn(&Snapshot) -> u64| f(snap) - before.map_or(0, f);
        let packs = diff(&|s| s.flows.packs);
        let sub: Cents = subs.iter().filter(|(d, _)| (first..=last).contains(d)).map(|s| s.1).sum();
        rows.push(PeriodRow {
            start: calendar.date(first),
            end: calendar.date(last),
            tokens_wanted: diff(&|s| s.tally.tokens_wanted),
            tokens_spent: diff(&|s| s.flows.spent_total()),
            relaxed_charges: diff(&|s| s.tally.charges.relaxed),
            topup_packs: packs,
            waited: diff(&|s| s.tally.charges.waited),
            monthly_left: snap.balance[Bucket::Monthly as usize],
            rollover_end: snap.balance[Bucket::Rollover as usize],
            topup_end: snap.balance[Bucket::Topup as usize],
            expired: diff(&|s| s.flows.expired_total()),
            cost_cents: sub.saturating_add(Cents::try_from(diff(&|s| s.flows.topup_cents)).unwrap_or(Cents::MAX)),
        });
        before = Some(snap);
    }
    Figures {
        price_per_month: money::price_per_month(plan, billing, run.seats_factor),
        verdict: run.verdict(),
        estimate: plan.estimate || pack_estimate || action_estimate,
        cost_cents: subscription_cents + run.topup_cents(),
        subscription_cents,
        topup_cents: run.topup_cents(),
        first_short: run.first_short.map(|d| calendar.date(d)),
        trials: None,
        run: run.clone(),
        periods: rows,
    }
}

pub fn trial_figures(s: &PlanTrials, trials: Trials, subscription_cents: Cents) -> TrialFigures {
    TrialFigures {
        n: trials.n,
        seed: trials.seed,
        feasible_share: s.feasible_share(),
        short_share: s.short_share(),
        cost_cents: s.cost(subscription_cents),
        peak_period_tokens: s.peak(),
        relaxed_share: s.relaxed(),
        max_wait_days: s.wait(),
        stats: s.clone(),
        subscription_cents,
    }
}
