//! R11 money, in one place: what a plan charges at its billing dates under monthly or annual
//! billing, what a run costs in all, and the monthly price an upgrade (R13) pays the
//! difference of. Money is integer cents throughout.

use crate::engine::calendar::Calendar;
use crate::engine::simulation::Run;
use crate::input::catalog::{Billing, Catalog, Cents, Plan};

/// The monthly price of `plan` for `seats_factor` seats (R11, R13's price difference).
pub fn monthly_price(plan: &Plan, seats_factor: u64) -> Cents {
    plan.price_monthly * seats_factor as Cents
}

/// The price per month under `billing` for `seats_factor` seats (0 without an annual price).
pub fn price_per_month(plan: &Plan, billing: Billing, seats_factor: u64) -> Cents {
    let price = match billing {
        Billing::Monthly => plan.price_monthly,
        Billing::Annual => plan.price_annual.unwrap_or(0),
    };
    price * seats_factor as Cents
}

/// R11: the subscription charges `(day, cents)` of `run` (a run of `plan`) under `billing`, or
/// `None` when the plan has no annual price. Monthly billing is what the run's plans billed.
pub fn subscription(plan: &Plan, billing: Billing, calendar: &Calendar, run: &Run) -> Option<Vec<(u32, Cents)>> {
    match billing {
        Billing::Monthly => Some(run.monthly_charges.clone()),
        Billing::Annual => {
            let price = plan.price_annual?;
            let sf = run.seats_factor as Cents;
            Some(calendar.billing.iter().step_by(12).map(|&d| (d, 12 * price * sf)).collect())
        }
    }
}

/// Total cost of a run under `billing` (R11), or `None` without an annual price.
pub fn cost(catalog: &Catalog, calendar: &Calendar, order: usize, billing: Billing, run: &Run) -> Option<Cents> {
    let subs = subscription(&catalog.plans[order], billing, calendar, run)?;
    Some(subs.iter().map(|s| s.1).sum::<Cents>() + run.topup_cents())
}
