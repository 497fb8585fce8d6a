//! `recommend --allow-switch`: a base plan most of the year and a bigger one for the peak
//! (R13), found among every upgrade window between billing dates, cheapest subscription first.
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
    // Every schedule, with what its subscription alone bills (R11, R13: the months of the
    // window at the peak's price, the others at the base's; top-ups only add to it), in the
    // order the search has always tried them.
    struct Candidate {
        base: usize,
        peak: usize,
        up: usize,
        down: Option<usize>,
        subscription: Cents,
    }
    let months = cal.billing.len();
    let price = |r: &PlanRun| crate::engine::money::monthly_price(&catalog.plans[r.order], r.run.seats_factor);
    let mut candidates = Vec::new();
    for (b, base) in single.iter().enumerate().filter(|(_, r)| !feasible(&r.run, policy)) {
        if fixed_best.is_some_and(|f| monthly_cost(&base.run) >= f) {
            continue;
        }
        for (p, peak) in single.iter().enumerate().filter(|(_, p)| tokens(p) > tokens(base)) {
            for up in 0..months {
                for down in (up + 1..months).map(Some).chain([None]) {
                    let window = down.unwrap_or(months) - up;
                    let subscription = price(base) * (months - window) as Cents + price(peak) * window as Cents;
                    candidates.push(Candidate { base: b, peak: p, up, down, subscription });
                }
            }
        }
    }
    // Cheapest subscription first (ties in the old order): once a subscription alone is not
    // below the best found (or the best fixed plan), no later schedule can win, so most are
    // never run. The pick is the old one: the first, in the old order, of the cheapest.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| (candidates[i].subscription, i));
    let mut best: Option<(usize, Seasonal)> = None;
    for i in order {
        let c = &candidates[i];
        if fixed_best.is_some_and(|f| c.subscription >= f)
            || best.as_ref().is_some_and(|(bi, b)| (c.subscription, i) > (b.cost_cents, *bi))
        {
            break;
        }
        let (base, peak) = (single[c.base], single[c.peak]);
        let (base_plan, peak_plan) = (&catalog.plans[base.order], &catalog.plans[peak.order]);
        let (up, down) = (cal.billing[c.up], c.down.map(|d| cal.billing[d]));
        let mut switches = vec![Switch { day: up, plan: peak_plan }];
        switches.extend(down.map(|day| Switch { day, plan: base_plan }));
        let run = scenario.run_switching(base_plan, &switches, demand, NoJournal, &[]).0;
        debug_assert_eq!(run.monthly_charges.iter().map(|m| m.1).sum::<Cents>(), c.subscription);
        let cost_cents = monthly_cost(&run);
        let beats = fixed_best.is_none_or(|f| cost_cents < f)
            && best.as_ref().is_none_or(|(bi, b)| (cost_cents, i) < (b.cost_cents, *bi));
        if beats && feasible(&run, policy) {
            best = Some((i, Seasonal { base: base.order, peak: peak.order, up, down, cost_cents, run }));
        }
    }
    best.map(|(_, s)| s)
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
        let mut reasons = vec![format!("{schedule} (plan switches, billed monthly): {}", money(self.cost_cents))];
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
