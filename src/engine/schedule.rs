//! `recommend --allow-switch`: a base plan most of the year and a bigger one for the peak
//! (R13), found by trying every upgrade window between billing dates.
//!
//! Only plans that are not feasible on their own and cost less than the best fixed plan can
//! win by switching, so only those are tried as the base; the window runs from one billing
//! date to a later one (or to the end), under monthly billing.

use crate::engine::calendar::Calendar;
use crate::engine::demand::Demand;
use crate::engine::figures::PlanRun;
use crate::engine::figures::Recommendation;
use crate::engine::ledger::NoJournal;
use crate::engine::recommend::feasible;
use crate::engine::simulation::{Run, Scenario, Switch};
use crate::input::catalog::Billing;
use crate::input::catalog::{Catalog, Cents};
use crate::input::workload::Workload;
use crate::units::money;
use crate::units::thousands;

/// The cheapest feasible base → peak → base schedule.
#[derive(Debug, Clone)]
pub struct Seasonal {
    pub base: usize,
    pub peak: usize,
    /// Day indices of the upgrade and of the downgrade (`None`: the peak plan to the end).
    pub up: u32,
    pub down: Option<u32>,
    pub cost_cents: Cents,
    pub run: Run,
}

fn monthly_cost(run: &Run) -> Cents {
    run.monthly_charges.iter().map(|c| c.1).sum::<Cents>() + run.topup_cents()
}

/// The cheapest feasible seasonal schedule that beats every feasible fixed plan, if any.
pub fn seasonal(
    catalog: &Catalog,
    workload: &Workload,
    scenario: &Scenario,
    demand: &Demand,
    runs: &[PlanRun],
) -> Option<Seasonal> {
    let policy = &workload.policy;
    let cal = &scenario.calendar;
    let fixed_best = runs
        .iter()
        .filter(|r| feasible(&r.run, policy))
        .flat_map(|r| {
            crate::engine::money::cost(catalog, cal, r.order, Billing::Monthly, &r.run)
                .into_iter()
                .chain(crate::engine::money::cost(catalog, cal, r.order, Billing::Annual, &r.run))
        })
        .min();
    let single: Vec<&PlanRun> = runs.iter().filter(|r| r.accounts == 1).collect();
    let tokens = |r: &PlanRun| catalog.plans[r.order].monthly_tokens * r.run.seats_factor;
    let mut best: Option<Seasonal> = None;
    for base in single.iter().filter(|r| !feasible(&r.run, policy)) {
        if fixed_best.is_some_and(|f| monthly_cost(&base.run) >= f) {
            continue;
        }
        for peak in single.iter().filter(|p| tokens(p) > tokens(base)) {
            let (base_plan, peak_plan) = (&catalog.plans[base.order], &catalog.plans[peak.order]);
            for (i, &up) in cal.billing.iter().enumerate() {
                for down in cal.billing[i + 1..].iter().map(|&d| Some(d)).chain([None]) {
                    let mut switches = vec![Switch { day: up, plan: peak_plan }];
                    switches.extend(down.map(|day| Switch { day, plan: base_plan }));
                    let run = scenario.run_switching(base_plan, &switches, demand, NoJournal, &[]).0;
                    let cost_cents = monthly_cost(&run);
                    let beats = fixed_best.is_none_or(|f| cost_cents < f)
                        && best.as_ref().is_none_or(|b| cost_cents < b.cost_cents);
                    if beats && feasible(&run, policy) {
                        best = Some(Seasonal { base: base.order, peak: peak.order, up, down, cost_cents, run });
                    }
                }
            }
        }
    }
    best
}

impl Seasonal {
    /// The recommendation this schedule makes, compared with the best fixed pick.
    pub fn into_recommendation(
        self,
        catalog: &Catalog,
        calendar: &Calendar,
        fixed: Option<&Recommendation>,
    ) -> Recommendation {
        let (base, peak) = (&catalog.plans[self.base], &catalog.plans[self.peak]);
        let (up, down) = (calendar.date(self.up), self.down.map(|d| calendar.date(d)));
        let schedule = match (self.up, down) {
            (0, Some(d)) => format!("{} until {d}, then {}", peak.label, base.label),
            (_, Some(d)) => format!("{}, with {} from {up} to {d}", base.label, peak.label),
            (_, None) => format!("{} until {up}, then {}", base.label, peak.label),
        };
        let mut reasons = vec![format!("{schedule} (R13 switches, billed monthly): {}", money(self.cost_cents))];
        let g = &self.run.tally.generations;
        reasons.push(format!(
            "{} of {} generations fast, {} relaxed",
            thousands(g.paid),
            thousands(g.wanted),
            thousands(g.relaxed)
        ));
        match fixed {
            Some(f) if f.feasible => reasons.push(format!(
                "saves {} over the best fixed plan ({}, billed {}: {})",
                money(f.cost_cents - self.cost_cents),
                f.label,
                f.billing.adverb(),
                money(f.cost_cents)
            )),
            _ => reasons.push("no fixed plan is feasible; this schedule is".to_string()),
        }
        let mut switches = vec![(peak.key.clone(), calendar.date(self.up))];
        switches.extend(self.down.map(|d| (base.key.clone(), calendar.date(d))));
        Recommendation {
            plan: base.key.clone(),
            label: schedule,
            billing: Billing::Monthly,
            feasible: true,
            cost_cents: self.cost_cents,
            reasons,
            switches,
        }
    }
}
