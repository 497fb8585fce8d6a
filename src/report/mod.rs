//! What a command reports, independent of the output format: per plan × billing figures
//! (SPEC §2.1), period rows and the recommendation. `json`, `table`, … only lay it out.

pub mod catalog_json;
pub mod chart;
pub mod daily;
pub mod html;
pub mod json;
pub mod svg;
pub mod table;

use crate::calendar::{By, Calendar};
use crate::catalog::{Catalog, Cents};
use crate::demand::Demand;
use crate::ledger::{Bucket, NoJournal, Row};
use crate::recommend::{self, Candidate};
use crate::simulation::{Billing, Run, Scenario, Snapshot, Verdict, ineligible, subscription};
use crate::workload::Workload;
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
    pub plans: Vec<PlanReport>,
    pub recommendation: Option<Recommendation>,
}

#[derive(Debug, Clone)]
pub struct PlanReport {
    pub plan: String,
    pub label: String,
    pub billing: Billing,
    /// `Err(reason)` when the plan is not eligible (R12).
    pub figures: Result<Figures, String>,
}

/// SPEC §2.1 figures of one eligible plan × billing.
#[derive(Debug, Clone)]
pub struct Figures {
    pub seats: u64,
    pub verdict: Verdict,
    pub estimate: bool,
    pub cost_cents: Cents,
    pub subscription_cents: Cents,
    pub topup_cents: Cents,
    pub first_short: Option<NaiveDate>,
    pub run: Run,
    pub periods: Vec<PeriodRow>,
}

#[derive(Debug, Clone, PartialEq)]
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
    pub reasons: Vec<String>,
}

/// What to simulate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Plan keys (empty: every plan of the catalog, in catalog order).
    pub plans: Vec<String>,
    pub billing: Option<Billing>,
    pub by: By,
}

/// One simulated plan and the ledger rows it wrote, if asked for.
pub struct PlanRun {
    pub order: usize,
    pub run: Run,
    pub rows: Option<Vec<Row>>,
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
            options
                .plans
                .iter()
                .map(|k| {
                    catalog.plan(k).ok_or_else(|| {
                        let keys = catalog.plans.iter().map(|p| p.key.as_str());
                        crate::exit_codes::usage(format!("unknown plan `{k}`; {}", crate::diagnostic::suggest(k, keys)))
                    })
                })
                .collect::<anyhow::Result<_>>()?
        };
        let scenario = Scenario::new(catalog, workload, calendar);
        let calendar = &scenario.calendar;
        let demand = Demand::deterministic(workload, calendar);
        let periods = calendar.periods(options.by);
        let marks: Vec<u32> = periods.iter().map(|p| p.1).collect();
        let billing = options.billing.unwrap_or(Billing::Monthly);

        let mut runs = Vec::new();
        let mut entries = Vec::new();
        for &i in &plans {
            let plan = &catalog.plans[i];
            // Eligibility apart from billing decides whether the plan runs at all.
            if ineligible(plan, workload, Billing::Monthly).is_none() {
                let (run, rows) = if ledger {
                    let (run, rows) = scenario.run(plan, &demand, Vec::new(), &marks);
                    (run, Some(rows))
                } else {
                    (scenario.run(plan, &demand, NoJournal, &marks).0, None)
                };
                runs.push(PlanRun { order: i, run, rows });
            }
            let figures = match ineligible(plan, workload, billing) {
                Some(reason) => Err(reason),
                None => {
                    let run = &runs.last().expect("eligible plans were run").run;
                    Ok(figures(catalog, workload, calendar, i, billing, run, &periods))
                }
            };
            entries.push(PlanReport { plan: plan.key.clone(), label: plan.label.clone(), billing, figures });
        }
        let recommendation = recommendation(catalog, workload, calendar, &runs);
        let report = Report {
            workload: workload.name.clone(),
            start: calendar.start,
            end: calendar.end(),
            days: calendar.days,
            seats: workload.seats,
            catalog: catalog.name.clone(),
            as_of: catalog.as_of,
            plans: entries,
            recommendation,
        };
        Ok((report, runs))
    }
}

/// Total cost of a run under `billing` (R11), or `None` without an annual price.
pub fn cost(catalog: &Catalog, calendar: &Calendar, order: usize, billing: Billing, run: &Run) -> Option<Cents> {
    let subs = subscription(&catalog.plans[order], billing, calendar, run.seats_factor)?;
    Some(subs.iter().map(|s| s.1).sum::<Cents>() + run.topup_cents())
}

fn figures(
    catalog: &Catalog,
    workload: &Workload,
    calendar: &Calendar,
    order: usize,
    billing: Billing,
    run: &Run,
    periods: &[(u32, u32)],
) -> Figures {
    let plan = &catalog.plans[order];
    let subs = subscription(plan, billing, calendar, run.seats_factor).unwrap_or_default();
    let subscription_cents: Cents = subs.iter().map(|s| s.1).sum();
    let pack_estimate = run.flows.packs > 0 && workload.policy.topup_pack.is_some_and(|p| catalog.packs[p].estimate);
    let action_estimate = workload
        .activities
        .iter()
        .flat_map(|a| std::iter::once(a.action).chain(a.then.iter().map(|t| t.action)))
        .any(|a| catalog.actions[a].estimate);
    let mut rows = Vec::with_capacity(periods.len());
    let mut before: Option<&Snapshot> = None;
    for (&(first, last), snap) in periods.iter().zip(&run.snapshots) {
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
            cost_cents: sub + packs as Cents * run.pack_price,
        });
        before = Some(snap);
    }
    Figures {
        seats: if plan.per_seat { run.seats_factor } else { u64::from(workload.seats) },
        verdict: run.verdict(),
        estimate: plan.estimate || pack_estimate || action_estimate,
        cost_cents: subscription_cents + run.topup_cents(),
        subscription_cents,
        topup_cents: run.topup_cents(),
        first_short: run.first_short.map(|d| calendar.date(d)),
        run: run.clone(),
        periods: rows,
    }
}

/// R9a over every eligible plan × billing (monthly, and annual where priced).
fn recommendation(
    catalog: &Catalog,
    workload: &Workload,
    calendar: &Calendar,
    runs: &[PlanRun],
) -> Option<Recommendation> {
    let candidates: Vec<Candidate> = runs
        .iter()
        .flat_map(|r| {
            [Billing::Monthly, Billing::Annual].into_iter().filter_map(move |b| {
                let cost_cents = cost(catalog, calendar, r.order, b, &r.run)?;
                Some(Candidate { order: r.order, billing: b, cost_cents, run: &r.run })
            })
        })
        .collect();
    let pick = recommend::pick(&candidates, &workload.policy)?;
    let chosen = candidates.iter().find(|c| c.order == pick.order && c.billing == pick.billing)?;
    let plan = &catalog.plans[pick.order];
    let mut reasons = vec![reason_for(plan.label.as_str(), chosen, calendar)];
    if !pick.feasible {
        reasons.insert(0, "no plan is feasible under the workload's policy; this is the closest".to_string());
    }
    Some(Recommendation {
        plan: plan.key.clone(),
        label: plan.label.clone(),
        billing: pick.billing,
        feasible: pick.feasible,
        reasons,
    })
}

fn reason_for(label: &str, c: &Candidate, calendar: &Calendar) -> String {
    let g = &c.run.tally.generations;
    let mut s = format!("{label}, billed {}: {} over {} days", c.billing.name(), money(c.cost_cents), calendar.days);
    if g.relaxed == 0 && g.dropped + g.unfinished == 0 {
        s += &format!("; all {} generations at fast speed", thousands(g.wanted));
    } else {
        s += &format!(
            "; {} of {} generations fast, {} relaxed",
            thousands(g.paid),
            thousands(g.wanted),
            thousands(g.relaxed)
        );
    }
    if c.run.max_wait_days > 0 {
        s += &format!("; waits up to {} days", c.run.max_wait_days);
    }
    if c.run.rollover_peak > 0 {
        s += &format!("; bank peaks at {}", thousands(c.run.rollover_peak));
    }
    s
}

/// `$1,234.50` from cents.
pub fn money(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}${}.{:02}", thousands(c / 100), c % 100)
}

/// `12,345`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
