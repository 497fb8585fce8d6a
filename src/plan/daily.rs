//! Day-by-day series for pictures (terminal chart, HTML report). The plain report keeps one
//! snapshot per period, which is all a table needs; a chart needs every day, so a command that
//! draws builds its report with `Options::daily` and this reads the same runs the tables use.

use super::Report;
use crate::engine::calendar::Calendar;
use crate::engine::figures::PlanRun;
use crate::engine::money::subscription;
use crate::engine::simulation::Snapshot;
use crate::input::catalog::{Billing, Catalog, Cents};

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

    /// Each bucket at the start of day `d`, once its grants and expiries are in and before its
    /// charges (R10 read backwards: what the day spent is added back, the packs it bought are
    /// taken out of `topup`). On Free this is the day's 150, where the balance after the day's
    /// charges is about 0 all year.
    pub fn opening(&self, d: usize) -> [u64; 4] {
        let now = &self.days[d];
        let before = d.checked_sub(1).map(|p| &self.days[p].flows);
        let mut open = now.balance;
        for (b, o) in open.iter_mut().enumerate() {
            *o += now.flows.spent[b] - before.map_or(0, |f| f.spent[b]);
        }
        let bought = now.flows.bought - before.map_or(0, |f| f.bought);
        open[3] -= bought.min(open[3]);
        open
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

/// Every eligible plan of `report`, in report order, day by day, from the runs `Report::build`
/// made with `Options::daily` (one snapshot per day); nothing is simulated again.
pub fn series(catalog: &Catalog, calendar: &Calendar, report: &Report, runs: &[PlanRun]) -> Vec<PlanDays> {
    let mut out = Vec::new();
    for p in &report.plans {
        let (Ok(f), Some(order)) = (&p.figures, catalog.plan(&p.plan)) else { continue };
        let Some(r) = runs.iter().find(|r| r.order == order) else { continue };
        let run = &r.run;
        let subs = subscription(&catalog.plans[order], p.billing, calendar, run).unwrap_or_default();
        let mut cost = Vec::with_capacity(run.snapshots.len());
        let mut paid: Cents = 0;
        for s in &run.snapshots {
            paid += subs.iter().filter(|(d, _)| *d == s.last_day).map(|x| x.1).sum::<Cents>();
            cost.push(paid.saturating_add(Cents::try_from(s.flows.topup_cents).unwrap_or(Cents::MAX)));
        }
        out.push(PlanDays {
            plan: p.plan.clone(),
            label: p.label.clone(),
            billing: p.billing,
            estimate: f.estimate,
            days: run.snapshots.clone(),
            cost,
        });
    }
    out
}
