//! What a command reports, independent of the output format: per plan × billing figures
//! (SPEC §2.1), period rows and the recommendation. `json`, `table`, … only lay it out.

pub mod daily;

use crate::engine::calendar::{By, Calendar};
use crate::engine::eligibility::ineligible;
use crate::engine::figures::{Figures, PlanRun, Recommendation, figures, trial_figures};
use crate::engine::ledger::NoJournal;
use crate::engine::money::cost;
use crate::engine::montecarlo::{PlanTrials, Trials};
use crate::engine::recommend::{self, Candidate};
use crate::engine::simulation::{Scenario, Switch};
use crate::error::usage;
use crate::input::catalog::Billing;
use crate::input::catalog::{Catalog, Cents};
use crate::input::currency::Currency;
use crate::input::diagnostic::suggest;
use crate::input::saved::{Metrics, PlanSummary};
use crate::input::workload::Workload;
use chrono::NaiveDate;

/// The whole result of a run over several plans.
#[derive(Debug, Clone)]
pub struct Report {
    pub workload: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: u32,
    pub seats: u32,
    pub catalog: String,
    pub as_of: Option<NaiveDate>,
    /// The catalog's currency, which every money figure is in.
    pub currency: Currency,
    pub plans: Vec<PlanReport>,
    pub recommendation: Option<Recommendation>,
    /// The prices the workload gives itself (`tokens`, R1), one line each, for the reports to
    /// say which figures are the user's own.
    pub user_prices: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PlanReport {
    pub plan: String,
    pub label: String,
    pub billing: Billing,
    /// The billed seats (§2.1): `seats_factor` on per-seat plans, else the workload's seats.
    pub seats: u64,
    /// `Err(reason)` when the plan is not eligible (R12).
    pub figures: Result<Figures, String>,
    /// The plan costs nothing on any billing (Free): the tables print no "no annual price"
    /// line for it, as there is no billing to choose.
    pub free: bool,
}

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Plan keys (empty: every plan of the catalog, in catalog order).
    pub plans: Vec<String>,
    /// The billing to report; `None`: monthly and, where priced, annual (`compare`).
    pub billing: Option<Billing>,
    pub by: By,
    /// `--accounts N`: single-seat plans priced as N separate accounts sharing the demand evenly.
    pub accounts: u32,
    /// `--switch PLAN@DATE` (R13), for a single plan.
    pub switches: Vec<(String, NaiveDate)>,
    /// `--allow-switch`: the recommendation may switch plans for seasonal peaks.
    pub allow_switch: bool,
    /// `--trials N --seed S`: Monte Carlo statistics per plan (SPEC §5).
    pub trials: Option<Trials>,
    /// With trials: the share of feasible trials a plan needs to be recommended.
    pub confidence: f64,
    /// Show a progress bar on stderr for long Monte Carlo runs.
    pub progress: bool,
    /// Keep a snapshot per day in each run, for the chart and the HTML page (`daily::series`).
    pub daily: bool,
    /// The units of work the report may take (`--max-work`, `engine::work`).
    pub max_work: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            plans: Vec::new(),
            billing: None,
            by: By::Month,
            accounts: 1,
            switches: Vec::new(),
            allow_switch: false,
            trials: None,
            confidence: 0.9,
            progress: false,
            daily: false,
            max_work: crate::input::limits::DEFAULT_WORK,
        }
    }
}

/// The index of plan `key`, or a usage error naming the nearest key.
pub fn plan_index(catalog: &Catalog, key: &str) -> anyhow::Result<usize> {
    catalog.plan(key).ok_or_else(|| {
        let keys = catalog.plans.iter().map(|p| p.key.as_str());
        usage(format!("unknown plan `{key}`; {}", suggest(key, keys)))
    })
}

/// The workload one of `n` separate accounts carries: every count split evenly, one seat.
pub fn split(workload: &Workload, n: u32) -> Workload {
    let mut w = workload.clone();
    w.seats = 1;
    for a in &mut w.activities {
        a.count /= f64::from(n);
    }
    w
}

impl Report {
    /// Runs every requested plan over the workload and assembles the report.
    pub fn build(
        catalog: &Catalog,
        workload: &Workload,
        calendar: Calendar,
        options: &Options,
        ledger: bool,
    ) -> anyhow::Result<(Report, Vec<PlanRun>)> {
        let plans: Vec<usize> = if options.plans.is_empty() {
            (0..catalog.plans.len()).collect()
        } else {
            let mut picked: Vec<usize> = Vec::new();
            for k in &options.plans {
                let i = plan_index(catalog, k)?;
                if !picked.contains(&i) {
                    picked.push(i); // `--plan premium --plan premium` runs Premium once
                }
            }
            picked
        };
        let switches = resolve_switches(catalog, workload, &calendar, options, &plans)?;
        let accounts = options.accounts.max(1);
        // Bound every run this report makes before making any (SPEC §6).
        let split_plan = |i: usize| crate::engine::eligibility::accounts_for(&catalog.plans[i], workload, accounts) > 1;
        let eligible: Vec<usize> = plans
            .iter()
            .copied()
            .filter(|&i| split_plan(i) || ineligible(&catalog.plans[i], workload, Billing::Monthly).is_none())
            .collect();
        let single = eligible.iter().filter(|&&i| !split_plan(i)).count();
        let billings = if options.billing.is_some() { 1 } else { 2 };
        let rows_per_plan =
            billings * calendar.periods(options.by).len() + if options.daily { calendar.days as usize } else { 0 };
        let request = crate::engine::work::Request {
            plans: eligible.len(),
            trials: options.trials.map_or(0, |t| t.n),
            switches: switches.len(),
            schedule_plans: options.allow_switch.then_some(single),
            rows_per_plan,
            max_work: options.max_work,
        };
        crate::engine::work::check(&request, &crate::engine::work::volume(workload, &calendar)?, &calendar)?;
        let split_workload = split(workload, accounts);
        let scenario = Scenario::new(catalog, workload, calendar);
        let calendar = &scenario.calendar;
        let demand = scenario.demand();
        let split_run = (accounts > 1).then(|| {
            let sc = Scenario::new(catalog, &split_workload, calendar.clone());
            let demand = sc.demand();
            (sc, demand)
        });
        let periods = calendar.periods(options.by);
        let marks: Vec<u32> =
            if options.daily { (0..calendar.days).collect() } else { periods.iter().map(|p| p.1).collect() };
        let billings: &[Billing] = match options.billing {
            Some(Billing::Monthly) => &[Billing::Monthly],
            Some(Billing::Annual) => &[Billing::Annual],
            None => &[Billing::Monthly, Billing::Annual],
        };

        let mut runs = Vec::new();
        let mut entries = Vec::new();
        for &i in &plans {
            let plan = &catalog.plans[i];
            let (sc, dm, n) = match &split_run {
                Some((sc, dm)) if crate::engine::eligibility::accounts_for(plan, workload, accounts) > 1 => {
                    (sc, dm, accounts)
                }
                _ => (&scenario, &demand, 1),
            };
            let label = if n > 1 { format!("{} ×{n} accounts", plan.label) } else { plan.label.clone() };
            let seats = if plan.per_seat {
                crate::engine::eligibility::seats_factor(plan, workload.seats)
            } else {
                u64::from(workload.seats)
            };
            // Eligibility apart from billing decides whether the plan runs at all.
            if let Some(reason) = ineligible(plan, sc.workload, Billing::Monthly) {
                let billing = billings[0];
                let free = plan.price_monthly == 0;
                entries.push(PlanReport { plan: plan.key.clone(), label, billing, seats, figures: Err(reason), free });
                continue;
            }
            let (run, rows) = if ledger {
                let (run, rows) = sc.run_switching(plan, &switches, dm, Vec::new(), &marks);
                (run, Some(rows))
            } else {
                (sc.run_switching(plan, &switches, dm, NoJournal, &marks).0, None)
            };
            // Money must never wrap: the one product the input limits cannot cap (src/limits.rs).
            let run = run.scaled(n);
            let topup = i64::try_from(run.flows.topup_cents).ok();
            anyhow::ensure!(
                topup.is_some_and(|c| c <= crate::input::limits::MAX_TOPUP_CENTS),
                "plan `{}`: the top-up cost is too large to count in cents",
                plan.key
            );
            for &billing in billings {
                let figures = match ineligible(plan, sc.workload, billing) {
                    Some(_) if options.billing.is_none() => continue, // compare: no annual price, no column
                    Some(reason) => Err(reason),
                    None => Ok(figures(catalog, workload, calendar, i, billing, &run, &periods)),
                };
                let free = plan.price_monthly == 0;
                entries.push(PlanReport {
                    plan: plan.key.clone(),
                    label: label.clone(),
                    billing,
                    seats,
                    figures,
                    free,
                });
            }
            runs.push(PlanRun { order: i, accounts: n, run, rows });
        }
        let trial_stats = match options.trials {
            Some(trials) => {
                // One shared pool per plan; `--accounts` plans draw one account's demand and
                // count N times its tokens and money, as their deterministic run does.
                let shared: Vec<usize> = runs.iter().filter(|r| r.accounts == 1).map(|r| r.order).collect();
                let stats = montecarlo_run(&scenario, &shared, &switches, 1, trials, options.progress)?;
                let mut all: Vec<(usize, PlanTrials)> = shared.into_iter().zip(stats).collect();
                let split: Vec<usize> = runs.iter().filter(|r| r.accounts > 1).map(|r| r.order).collect();
                if let (Some((sc, _)), false) = (&split_run, split.is_empty()) {
                    let stats = montecarlo_run(sc, &split, &switches, accounts, trials, options.progress)?;
                    all.extend(split.into_iter().zip(stats));
                }
                all
            }
            None => Vec::new(),
        };
        for e in &mut entries {
            let Some(order) = catalog.plan(&e.plan) else { continue };
            let (Ok(f), Some((_, stats)), Some(trials)) =
                (&mut e.figures, trial_stats.iter().find(|(o, _)| *o == order), options.trials)
            else {
                continue;
            };
            f.trials = Some(trial_figures(stats, trials, f.subscription_cents));
        }
        if !switches.is_empty() {
            let to: Vec<String> =
                switches.iter().map(|s| format!("{} on {}", s.plan.label, calendar.date(s.day))).collect();
            for e in &mut entries {
                e.label = format!("{} → {}", e.label, to.join(" → "));
            }
        }
        let mc =
            options.trials.map(|trials| MonteCarlo { trials, confidence: options.confidence, stats: &trial_stats });
        let mut recommendation = recommendation(catalog, workload, calendar, &runs, &switches, mc);
        if options.allow_switch
            && let Some(better) = crate::engine::schedule::seasonal(catalog, workload, &scenario, &demand, &runs)
            && recommendation.as_ref().is_none_or(|r| !r.feasible || better.cost_cents < r.cost_cents)
        {
            recommendation = Some(better.into_recommendation(catalog, calendar, recommendation.as_ref()));
        }
        let report = Report {
            workload: workload.name.clone(),
            start: calendar.start,
            end: calendar.end(),
            days: calendar.days,
            seats: workload.seats,
            catalog: catalog.name.clone(),
            as_of: catalog.as_of,
            currency: catalog.currency,
            plans: entries,
            recommendation,
            user_prices: user_prices(catalog, workload),
        };
        Ok((report, runs))
    }
}

/// R1 "a price given by the user": each activity or `then` entry that gives `tokens`, with the
/// catalog's figure beside it ("not published" for an unpriced action).
pub fn user_prices(catalog: &Catalog, workload: &Workload) -> Vec<String> {
    use crate::engine::price::quote;
    use crate::input::catalog::Pricing;
    let theirs =
        |action: &crate::input::catalog::Action, setting: &crate::input::workload::Setting| match action.pricing {
            Pricing::Unpublished => format!("{} has no published price", action.key),
            _ => {
                let catalog_price =
                    quote(catalog, action, &crate::input::workload::Setting { tokens: None, ..setting.clone() });
                format!("{}: the catalog's is {}", action.key, catalog_price.tokens)
            }
        };
    let mut lines = Vec::new();
    for act in &workload.activities {
        let action = &catalog.actions[act.action];
        if let Some(t) = act.setting.tokens {
            lines.push(format!("{}: {t} tokens a generation ({})", act.name, theirs(action, &act.setting)));
        }
        for then in act.then.iter().filter(|t| t.tokens.is_some()) {
            let op = &catalog.actions[then.action];
            let t = then.tokens.unwrap_or_default();
            lines.push(format!(
                "{}, then {}: {t} tokens an operation ({})",
                act.name,
                op.key,
                theirs(op, &then.setting())
            ));
        }
    }
    lines
}

/// `--switch PLAN@DATE` as R13 switches: one starting plan, dates inside the horizon, in order.
pub(crate) fn resolve_switches<'c>(
    catalog: &'c Catalog,
    workload: &Workload,
    calendar: &Calendar,
    options: &Options,
    plans: &[usize],
) -> anyhow::Result<Vec<Switch<'c>>> {
    if options.switches.is_empty() {
        return Ok(Vec::new());
    }
    if options.plans.is_empty() {
        return Err(usage("--switch needs the starting plan: add --plan PLAN"));
    }
    if plans.len() != 1 {
        return Err(usage("--switch follows one starting plan: give --plan once"));
    }
    if options.billing == Some(Billing::Annual) {
        return Err(usage("--switch models monthly billing only: drop --billing annual"));
    }
    let mut out: Vec<Switch> = Vec::new();
    for (key, date) in &options.switches {
        let plan = &catalog.plans[plan_index(catalog, key)?];
        if let Some(reason) = ineligible(plan, workload, Billing::Monthly) {
            return Err(usage(format!("cannot switch to `{key}`: {reason}")));
        }
        if *date < calendar.start || *date > calendar.end() {
            return Err(usage(format!(
                "--switch {key}@{date}: the date is outside the horizon {} to {}",
                calendar.start,
                calendar.end()
            )));
        }
        let day = (*date - calendar.start).num_days() as u32;
        if out.last().is_some_and(|s| s.day >= day) {
            return Err(usage("--switch dates must be in increasing order, one switch a day"));
        }
        out.push(Switch { day, plan });
    }
    Ok(out)
}

/// R9a over every eligible plan × billing (monthly, and annual where priced). With Monte Carlo
/// (`mc`: trials, confidence, per-plan statistics), a candidate is feasible in at least
/// `confidence` of the trials and costs its mean over them.
fn recommendation(
    catalog: &Catalog,
    workload: &Workload,
    calendar: &Calendar,
    runs: &[PlanRun],
    switches: &[Switch],
    mc: Option<MonteCarlo>,
) -> Option<Recommendation> {
    // A `--switch` schedule is one candidate, billed monthly (R13), named as the schedule.
    let billings: &[Billing] =
        if switches.is_empty() { &[Billing::Monthly, Billing::Annual] } else { &[Billing::Monthly] };
    let schedule: String =
        switches.iter().map(|s| format!(" → {} on {}", s.plan.label, calendar.date(s.day))).collect();
    let candidates: Vec<Candidate> = runs
        .iter()
        .flat_map(|r| {
            billings.iter().copied().filter_map(move |b| {
                let cost_cents = cost(catalog, calendar, r.order, b, &r.run)?;
                let deterministic = Candidate {
                    order: r.order,
                    billing: b,
                    cost_cents,
                    run: &r.run,
                    feasible: recommend::feasible(&r.run, &workload.policy),
                    trials: None,
                };
                let Some(MonteCarlo { trials, confidence, stats }) = mc else { return Some(deterministic) };
                let Some((_, s)) = stats.iter().find(|(o, _)| *o == r.order) else { return Some(deterministic) };
                let subscription = cost_cents - r.run.topup_cents();
                Some(Candidate {
                    cost_cents: s.cost(subscription).mean.round() as Cents,
                    feasible: s.feasible_share() >= confidence,
                    trials: Some(recommend::TrialsFit {
                        share: s.feasible_share(),
                        n: trials.n,
                        confidence,
                        topup_mean_cents: s.cost(0).mean,
                    }),
                    ..deterministic
                })
            })
        })
        .collect();
    let pick = recommend::pick(&candidates)?;
    let chosen = candidates.iter().find(|c| c.order == pick.order && c.billing == pick.billing)?;
    let label = |order: usize| {
        let plan = &catalog.plans[order];
        match runs.iter().find(|r| r.order == order) {
            Some(r) if r.accounts > 1 => format!("{} ×{} accounts{schedule}", plan.label, r.accounts),
            _ => format!("{}{schedule}", plan.label),
        }
    };
    let reasons = recommend::explain(&candidates, chosen, pick.feasible, &workload.policy, calendar, &label);
    let plan = &catalog.plans[pick.order];
    Some(Recommendation {
        plan: plan.key.clone(),
        label: label(pick.order),
        billing: pick.billing,
        feasible: pick.feasible,
        cost_cents: chosen.cost_cents,
        reasons,
        switches: switches.iter().map(|s| (s.plan.key.clone(), calendar.date(s.day))).collect(),
    })
}

/// What a Monte Carlo run gives the recommendation.
#[derive(Clone, Copy)]
struct MonteCarlo<'a> {
    trials: Trials,
    confidence: f64,
    stats: &'a [(usize, PlanTrials)],
}

/// Runs the trials, with a progress bar on stderr when asked and the run is long.
fn montecarlo_run(
    scenario: &Scenario,
    plans: &[usize],
    switches: &[Switch],
    accounts: u32,
    trials: Trials,
    progress: bool,
) -> anyhow::Result<Vec<PlanTrials>> {
    let bar = (progress && trials.n >= 2_000).then(|| {
        let bar = indicatif::ProgressBar::new(u64::from(trials.n));
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} trials {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let stats = crate::engine::montecarlo::run(scenario, plans, switches, accounts, trials, &|done| {
        if let Some(b) = &bar {
            b.inc(done);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    stats
}

impl Report {
    /// The figures `diff` and `check --baseline` compare, per plan × billing.
    pub fn summaries(&self) -> Vec<PlanSummary> {
        self.plans
            .iter()
            .map(|p| PlanSummary {
                plan: p.plan.clone(),
                label: p.label.clone(),
                billing: p.billing,
                metrics: p.figures.as_ref().map_err(Clone::clone).map(|f| Metrics {
                    peak_period_tokens: f.run.peak_period_tokens(),
                    tokens_wanted: f.run.tally.tokens_wanted,
                    cost_cents: f.cost_cents,
                    relaxed_share: f.run.relaxed_share(),
                    max_wait_days: f.run.max_wait_days,
                    verdict: f.verdict.name().to_string(),
                }),
            })
            .collect()
    }
}
