//! Day-by-day series for pictures (terminal chart, HTML report). The plain report keeps one
//! snapshot per period, which is all a table needs; a chart needs every day, so this runs the
//! report's plans again with a snapshot per day. Only commands that draw pay for it.

use super::{Options, Report};
use crate::calendar::{By, Calendar};
use crate::catalog::{Catalog, Cents};
use crate::ledger::NoJournal;
use crate::simulation::{Billing, Scenario, Snapshot, subscription};
use crate::workload::Workload;

/// One eligible plan of a report, day by day.
#[derive(Debug, Clone)]
pub struct PlanDays {
    pub plan: String,
    pub label: String,
    pub billing: Billing,
    pub estimate: bool,
    /// State after each day: `days[d]` is after day `d` (cumulative tally, balances).
    pub days: Vec<Snapshot>,
    /// Money spent up to and including each day (subscription + packs, R11).
    pub cost: Vec<Cents>,
}

impl PlanDays {
    /// Spendable balance after day `d` (every bucket).
    pub fn spendable(&self, d: usize) -> u64 {
        self.days[d].balance.iter().sum()
    }

    /// What changed on day `d` (cumulative minus the day before): relaxed charges, charges that
    /// waited, charges dropped, packs bought.
    pub fn events(&self, d: usize) -> Events {
        let now = &self.days[d];
        let before = d.checked_sub(1).map(|p| &self.days[p]);
        let diff = |f: &dyn Fn(&Snapshot) -> u64| f(now) - before.map_or(0, f);
        Events {
            relaxed: diff(&|s| s.tally.charges.relaxed),
            waited: diff(&|s| s.tally.charges.waited),
            dropped: diff(&|s| s.tally.charges.dropped),
            packs: diff(&|s| s.flows.packs),
        }
    }
}

/// Counts of one day or a range of days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Events {
    pub relaxed: u64,
    pub waited: u64,
    pub dropped: u64,
    pub packs: u64,
}

impl Events {
    pub fn add(&mut self, o: Events) {
        self.relaxed += o.relaxed;
        self.waited += o.waited;
        self.dropped += o.dropped;
        self.packs += o.packs;
    }
}

/// Every eligible plan of `report`, in report order, simulated again with a snapshot per day.
pub fn series(
    catalog: &Catalog,
    workload: &Workload,
    calendar: &Calendar,
    report: &Report,
    options: &Options,
) -> anyhow::Result<Vec<PlanDays>> {
    let plans: Vec<usize> = report.plans.iter().filter_map(|p| catalog.plan(&p.plan)).collect();
    let switches = super::resolve_switches(catalog, workload, calendar, options, &plans)?;
    let accounts = options.accounts.max(1);
    let split = super::split(workload, accounts);
    let scenario = Scenario::new(catalog, workload, calendar.clone());
    let split_scenario = (accounts > 1).then(|| Scenario::new(catalog, &split, calendar.clone()));
    let marks: Vec<u32> = calendar.periods(By::Day).iter().map(|p| p.1).collect();
    let mut out = Vec::new();
    for p in &report.plans {
        let (Ok(f), Some(plan)) = (&p.figures, catalog.plan(&p.plan).map(|i| &catalog.plans[i])) else {
            continue;
        };
        // The same plan, switches and accounts as the report (see `Report::build`).
        let (sc, n) = match &split_scenario {
            Some(sc) if super::accounts_for(plan, workload, accounts) > 1 => (sc, accounts),
            _ => (&scenario, 1),
        };
        let run = sc.run_switching(plan, &switches, &sc.demand(), NoJournal, &marks).0.scaled(n);
        let subs = subscription(plan, p.billing, calendar, &run).unwrap_or_default();
        let mut cost = Vec::with_capacity(run.snapshots.len());
        let mut paid: Cents = 0;
        for s in &run.snapshots {
            paid += subs.iter().filter(|(d, _)| *d == s.last_day).map(|x| x.1).sum::<Cents>();
            cost.push(paid + s.flows.packs as Cents * run.pack_price);
        }
        out.push(PlanDays {
            plan: p.plan.clone(),
            label: p.label.clone(),
            billing: p.billing,
            estimate: f.estimate,
            days: run.snapshots,
            cost,
        });
    }
    Ok(out)
}
