//! R14: where a subscriber stands this cycle, from the balances the token counter shows today.
//!
//! A run from a start state begins on `today` with the stated balances. Period 0,
//! `[today, renews)`, is already paid: no R4 and no subscription charge in it; billing date
//! k ≥ 1 is `renews + (k − 1)` months from the `renews` anchor (R2) and applies R4 and R11 as
//! usual; R5 applies on day one; demand follows R6 with its running sums and growth counted
//! from today (windows, seasons and bursts keep their dates). Beside that run (`stay`), the
//! options over the same horizon and the same demand: the policy with `topup` first, and an
//! upgrade today (R13) to each eligible plan with more monthly tokens. The advice is the
//! cheapest feasible option (R9a feasibility), ties in list order.

use crate::engine::calendar::{By, Calendar, billing_date};
use crate::engine::eligibility::{ineligible, seats_factor};
use crate::engine::figures::{Figures, figures, trial_figures};
use crate::engine::ledger::{Bucket, NoJournal, Row, Start};
use crate::engine::money;
use crate::engine::montecarlo::{self, Histogram, PlanTrials, Trials};
use crate::engine::recommend::feasible;
use crate::engine::simulation::{Run, Scenario, Switch, Verdict};
use crate::input::catalog::{Billing, Catalog, Cents, Plan};
use crate::input::workload::{Fallback, Workload};
use crate::units::thousands;
use anyhow::{Context, bail};
use chrono::NaiveDate;
use rayon::prelude::*;

/// What the token counter shows at the start of `today`, and the horizon asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    pub today: NaiveDate,
    /// The next billing date (after `today`).
    pub renews: NaiveDate,
    /// Billing periods after the current one (`--months`; 0: to the day before `renews`).
    pub months: u32,
    pub balances: Start,
    /// The units of work the options and trials may take (`--max-work`, `engine::work`).
    pub max_work: f64,
}

/// The options R14 weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceKind {
    /// The run as the policy says.
    Stay,
    /// The policy with `topup` tried first.
    Topups,
    /// An upgrade to a bigger plan today (R13).
    Upgrade,
}

impl ChoiceKind {
    pub fn name(self) -> &'static str {
        match self {
            ChoiceKind::Stay => "stay",
            ChoiceKind::Topups => "topups",
            ChoiceKind::Upgrade => "upgrade",
        }
    }
}

/// One option's run over the horizon.
#[derive(Debug, Clone)]
pub struct Choice {
    pub kind: ChoiceKind,
    /// Catalog index of the plan the option ends on.
    pub plan: usize,
    pub run: Run,
    /// Subscription at billing dates k ≥ 1, top-ups, and an upgrade's price difference.
    pub cost_cents: Cents,
    pub verdict: Verdict,
    pub first_short: Option<NaiveDate>,
    /// R9a: nothing dropped or unfinished, waits and relaxed share within the policy.
    pub feasible: bool,
    pub trials: Option<ChoiceTrials>,
}

/// Monte Carlo figures of one option.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChoiceTrials {
    pub feasible_share: f64,
    /// The share of trials with a day short before the end.
    pub dry_share: f64,
}

/// Monte Carlo: when the `stay` run runs dry (its first short day, R8), over the trials.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DryDays {
    pub n: u32,
    pub seed: u64,
    /// The share of trials with a day short before the end.
    pub share: f64,
    /// Nearest-rank percentiles of the first short day among the trials that ran dry (`None`
    /// when none did).
    pub p10: Option<NaiveDate>,
    pub p50: Option<NaiveDate>,
    pub p90: Option<NaiveDate>,
}

/// R14 `next_renewal`: what R4 at the first billing date after the end does to what is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextRenewal {
    pub date: NaiveDate,
    /// Monthly tokens that move into the bank.
    pub rolls: u64,
    /// Tokens lost: monthly tokens beyond the bank's room.
    pub expires: u64,
    pub bank_after: u64,
    /// "Use it or lose it": per activity whose generations cost more than 0.
    pub buys: Vec<Buy>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buy {
    pub activity: usize,
    /// Tokens of one generation, without its operations.
    pub price: u64,
    /// `⌊expires / price⌋`.
    pub generations: u64,
}

/// Tokens a day the workload wants until renewal against what is left per day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Days from today to the day before `renews`.
    pub days: u32,
    /// Tokens the workload wants in those days.
    pub wanted: u64,
    /// The stated balances together.
    pub balance: u64,
    /// The plan's daily allowance or floor (R5).
    pub floor: u64,
}

impl Pace {
    pub fn wanted_per_day(&self) -> f64 {
        self.wanted as f64 / f64::from(self.days.max(1))
    }

    /// The balance spread over the days to renewal, or the R5 floor when that is more (each
    /// day's balance is lifted back to the floor).
    pub fn left_per_day(&self) -> f64 {
        (self.balance as f64 / f64::from(self.days.max(1))).max(self.floor as f64)
    }
}

/// Everything `status` reports.
#[derive(Debug, Clone)]
pub struct Status {
    pub state: State,
    /// Catalog index of the plan the subscriber is on.
    pub plan: usize,
    pub calendar: Calendar,
    /// SPEC §2.1 figures of the `stay` run, one row per billing period.
    pub figures: Figures,
    /// The `stay` run's ledger, when asked for.
    pub rows: Option<Vec<Row>>,
    pub next_renewal: NextRenewal,
    pub pace: Pace,
    /// `stay`, then `topups` (when it applies), then upgrades in catalog order.
    pub options: Vec<Choice>,
    /// Index into `options` of the cheapest feasible one.
    pub advice: Option<usize>,
    pub dry: Option<DryDays>,
}

impl Status {
    pub fn stay(&self) -> &Choice {
        &self.options[0]
    }

    /// The first billing date after `date` (the renewal a dry day comes before).
    pub fn renewal_after(&self, date: NaiveDate) -> NaiveDate {
        let cal = &self.calendar;
        cal.billing.iter().map(|&d| cal.date(d)).find(|&d| d > date).unwrap_or(self.next_renewal.date)
    }
}

/// R14 valid state: the plan eligible (R12), `renews` after `today`, each balance within the
/// plan's limit; otherwise an input error naming the flag and the limit.
pub fn check_state(catalog: &Catalog, workload: &Workload, plan: usize, state: &State) -> anyhow::Result<()> {
    let p = &catalog.plans[plan];
    if let Some(reason) = ineligible(p, workload, Billing::Monthly) {
        bail!("plan `{}` ({}) is not eligible for this workload: {reason}", p.key, p.label);
    }
    if state.renews <= state.today {
        bail!(
            "--renews {} is not after --today {}: give the next date your plan renews (its next billing date)",
            state.renews,
            state.today
        );
    }
    let sf = seats_factor(p, workload.seats);
    let seats = |per: u64| if p.per_seat { format!(" ({} × {sf} seats)", thousands(per)) } else { String::new() };
    let b = &state.balances;
    if b.monthly > p.monthly_tokens * sf {
        bail!(
            "--monthly {} is above {}'s monthly allowance of {} tokens{}: give the fast tokens left this cycle",
            b.monthly,
            p.label,
            thousands(p.monthly_tokens * sf),
            seats(p.monthly_tokens)
        );
    }
    if b.rollover > p.rollover_cap * sf {
        if p.rollover_cap == 0 {
            bail!(
                "--bank {}: {} has no rollover bank (its cap is 0), so the bank is 0; drop --bank",
                b.rollover,
                p.label
            );
        }
        bail!(
            "--bank {} is above {}'s bank cap of {} tokens{}",
            b.rollover,
            p.label,
            thousands(p.rollover_cap * sf),
            seats(p.rollover_cap)
        );
    }
    if b.topup > 0 && !p.topups {
        bail!("--topup {}: {} has no top-ups, so it holds no top-up tokens (limit 0); drop --topup", b.topup, p.label);
    }
    Ok(())
}

/// The R14 calendar of `state`.
pub fn calendar(state: &State) -> anyhow::Result<Calendar> {
    Calendar::renewing(state.today, state.renews, state.months).context(
        "the horizon runs past 9999-12-31, the last supported date: use a smaller --months or an earlier --renews",
    )
}

/// The policy with `topup` tried first (R14 `topups`), or `None` when the plan has no top-ups,
/// the catalog no pack, or the policy already tries `topup` first.
fn topups_first(workload: &Workload, plan: &Plan) -> Option<Workload> {
    let policy = &workload.policy;
    if !plan.topups || policy.topup_pack.is_none() || policy.when_out.first() == Some(&Fallback::Topup) {
        return None;
    }
    let mut w = workload.clone();
    w.policy.when_out.retain(|f| *f != Fallback::Topup);
    w.policy.when_out.insert(0, Fallback::Topup);
    Some(w)
}

/// One option to simulate: its kind, the plan it ends on, the scenario (policy) it runs under
/// and its R13 switch.
struct Spec<'s, 'c> {
    kind: ChoiceKind,
    plan: usize,
    scenario: &'s Scenario<'s>,
    switches: Vec<Switch<'c>>,
}

/// R14 for `plan` from `state`: the `stay` run (with its ledger when `ledger`), the next
/// renewal, the options and the advice; with `trials`, Monte Carlo over the same options
/// (common random numbers: every option sees the same draws in a trial), `tick` called with the
/// trials done.
pub fn run(
    catalog: &Catalog,
    workload: &Workload,
    plan: usize,
    state: &State,
    trials: Option<Trials>,
    ledger: bool,
    tick: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Status> {
    check_state(catalog, workload, plan, state)?;
    let calendar = calendar(state)?;
    let volume = crate::engine::work::volume(workload, &calendar)?;
    let p = &catalog.plans[plan];
    let sf = seats_factor(p, workload.seats);
    let scenario = Scenario::new(catalog, workload, calendar.clone());
    let demand = scenario.demand();
    let periods = calendar.periods(By::Month);
    let marks: Vec<u32> = periods.iter().map(|r| r.1).collect();
    let start = Some(state.balances);

    let topups_workload = topups_first(workload, p);
    let topups_scenario = topups_workload.as_ref().map(|w| Scenario::new(catalog, w, calendar.clone()));
    let mut specs = vec![Spec { kind: ChoiceKind::Stay, plan, scenario: &scenario, switches: Vec::new() }];
    if let Some(sc) = &topups_scenario {
        specs.push(Spec { kind: ChoiceKind::Topups, plan, scenario: sc, switches: Vec::new() });
    }
    for (i, q) in catalog.plans.iter().enumerate() {
        let bigger = q.monthly_tokens * seats_factor(q, workload.seats) > p.monthly_tokens * sf;
        if bigger && ineligible(q, workload, Billing::Monthly).is_none() {
            let switches = vec![Switch { day: 0, plan: q }];
            specs.push(Spec { kind: ChoiceKind::Upgrade, plan: i, scenario: &scenario, switches });
        }
    }

    // Bound every run before making any (SPEC §6): each option once, and once a trial.
    let request = crate::engine::work::Request {
        plans: specs.len(),
        trials: trials.map_or(0, |t| t.n),
        switches: 1,
        schedule_plans: None,
        rows_per_plan: marks.len(),
        max_work: state.max_work,
    };
    crate::engine::work::check(&request, &volume, &calendar)?;
    let (stay_run, rows) = if ledger {
        let (run, rows) = scenario.run_from(p, start, &[], &demand, Vec::new(), &marks);
        (run, Some(rows))
    } else {
        (scenario.run_from(p, start, &[], &demand, NoJournal, &marks).0, None)
    };
    let mut options = Vec::with_capacity(specs.len());
    for spec in &specs {
        let run = match spec.kind {
            ChoiceKind::Stay => stay_run.clone(),
            _ => spec.scenario.run_from(p, start, &spec.switches, &demand, NoJournal, &[]).0,
        };
        // Money must never wrap (see `Report::build`).
        anyhow::ensure!(
            run.flows.topup_cents <= crate::input::limits::MAX_TOPUP_CENTS as u64,
            "the top-up cost is too large to count in cents"
        );
        let cost_cents = money::cost(catalog, &calendar, plan, Billing::Monthly, &run).unwrap_or_default();
        options.push(Choice {
            kind: spec.kind,
            plan: spec.plan,
            cost_cents,
            verdict: run.verdict(),
            first_short: run.first_short.map(|d| calendar.date(d)),
            feasible: feasible(&run, &workload.policy),
            trials: None,
            run,
        });
    }
    let advice =
        options.iter().enumerate().filter(|(_, c)| c.feasible).min_by_key(|(i, c)| (c.cost_cents, *i)).map(|(i, _)| i);

    let mut figures = figures(catalog, workload, &calendar, plan, Billing::Monthly, &stay_run, &periods);
    let next_renewal = next_renewal(&scenario, p, sf, state, &stay_run);
    let pace = Pace {
        days: calendar.billing.get(1).copied().unwrap_or(calendar.days),
        wanted: figures.periods.first().map_or(0, |r| r.tokens_wanted),
        balance: state.balances.monthly + state.balances.rollover + state.balances.topup,
        floor: p.daily_tokens,
    };
    let mut dry = None;
    if let Some(t) = trials {
        let (stats, dry_counts, dry_days) = montecarlo(&specs, catalog, start, &scenario, t, tick)?;
        figures.trials = Some(trial_figures(&stats[0], t, figures.subscription_cents));
        for ((choice, s), d) in options.iter_mut().zip(&stats).zip(&dry_counts) {
            let dry_share = *d as f64 / f64::from(t.n);
            choice.trials = Some(ChoiceTrials { feasible_share: s.feasible_share(), dry_share });
        }
        let at = |q: f64| (dry_counts[0] > 0).then(|| calendar.date(dry_days.percentile(q) as u32));
        dry = Some(DryDays {
            n: t.n,
            seed: t.seed,
            share: dry_counts[0] as f64 / f64::from(t.n),
            p10: at(0.10),
            p50: at(0.50),
            p90: at(0.90),
        });
    }
    Ok(Status { state: *state, plan, calendar, figures, rows, next_renewal, pace, options, advice, dry })
}

/// R14 `next_renewal`: R4 at the first billing date after the end on the `stay` run's balances.
fn next_renewal(scenario: &Scenario, plan: &Plan, sf: u64, state: &State, run: &Run) -> NextRenewal {
    let balance = run.snapshots.last().map_or([0; 4], |s| s.balance);
    let (left, bank) = (balance[Bucket::Monthly as usize], balance[Bucket::Rollover as usize]);
    // R4: rollover' = min(cap, rollover + left); the rest expires.
    let bank_after = (plan.rollover_cap * sf).min(bank + left);
    let expires = bank + left - bank_after;
    let buys = (0..scenario.workload.activities.len())
        .map(|a| (a, scenario.generation_cost(a)))
        .filter(|&(_, price)| price > 0)
        .map(|(activity, price)| Buy { activity, price, generations: expires / price })
        .collect();
    NextRenewal {
        // Billing date months + 1, the day after the end.
        date: billing_date(state.renews, state.months).unwrap_or(scenario.calendar.end()),
        rolls: bank_after.saturating_sub(bank),
        expires,
        bank_after,
        buys,
    }
}

/// Trials run per parallel chunk (bounds the results waiting to be folded, as in §5's runs).
const CHUNK: u32 = 512;

/// Monte Carlo over every option (SPEC §5): trial t's demand drawn once, every option run on
/// it. Per option its statistics and the trials in which it ran dry; and the `stay` run's first
/// short days. Folded in trial order, so the result does not depend on the thread count.
fn montecarlo(
    specs: &[Spec],
    catalog: &Catalog,
    start: Option<Start>,
    scenario: &Scenario,
    trials: Trials,
    tick: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<(Vec<PlanTrials>, Vec<u64>, Histogram)> {
    let first = &catalog.plans[specs[0].plan];
    let mut stats = vec![PlanTrials::default(); specs.len()];
    let mut dry = vec![0u64; specs.len()];
    let mut days = Histogram::default();
    let mut from = 0;
    while from < trials.n {
        let to = (from + CHUNK).min(trials.n);
        let chunk: Vec<anyhow::Result<Vec<Run>>> = (from..to)
            .into_par_iter()
            .map(|t| {
                let demand = montecarlo::demand(scenario, trials, t)?;
                Ok(specs
                    .iter()
                    .map(|s| s.scenario.run_from(first, start, &s.switches, &demand, NoJournal, &[]).0)
                    .collect())
            })
            .collect();
        // The first trial in order that failed, whatever the threads did.
        let chunk = chunk.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
        for runs in &chunk {
            for (i, (run, spec)) in runs.iter().zip(specs).enumerate() {
                stats[i].record(run, spec.scenario);
                dry[i] += u64::from(run.first_short.is_some());
                if let (0, Some(d)) = (i, run.first_short) {
                    days.add(u64::from(d), f64::from(d));
                }
            }
        }
        tick(u64::from(to - from));
        from = to;
    }
    Ok((stats, dry, days))
}
