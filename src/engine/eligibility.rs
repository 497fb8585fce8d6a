//! R12 seats and eligibility, in one place: the seats a plan bills, whether a workload may use
//! a plan (and the first reason it may not), how many separate accounts `--accounts` prices a
//! single-seat plan as, and which plans' relaxed queue takes an action (R8).

use crate::input::catalog::{Action, Billing, Catalog, Plan};
use crate::input::workload::Workload;

/// R12: `max(seats, min_seats)` on per-seat plans, 1 otherwise.
pub fn seats_factor(plan: &Plan, seats: u32) -> u64 {
    if plan.per_seat { u64::from(seats.max(plan.min_seats)) } else { 1 }
}

/// R12: why `plan` is not eligible for `workload` under `billing`, if it is not.
pub fn ineligible(plan: &Plan, workload: &Workload, billing: Billing) -> Option<String> {
    if workload.seats > plan.max_seats {
        return Some(format!("needs {} seats, plan allows {}", workload.seats, plan.max_seats));
    }
    if let Some(f) = workload.require.iter().find(|f| !plan.features.contains(f)) {
        return Some(format!("lacks feature `{f}`"));
    }
    if billing == Billing::Annual && plan.price_annual.is_none() {
        return Some("no annual price".to_string());
    }
    None
}

/// How many separate accounts price `plan` (R12 with `--accounts`): the accounts asked for when
/// the plan is single-seat and the team has outgrown it, else 1 (one account or a shared pool).
pub fn accounts_for(plan: &Plan, workload: &Workload, accounts: u32) -> u32 {
    if accounts > 1 && !plan.per_seat && workload.seats > plan.max_seats { accounts } else { 1 }
}

/// R8: the plan's relaxed queue takes `action` (its `relaxed` list holds the action's kind and
/// the action is `relaxed = true`); an activity's `relaxed_ok` is the third condition.
pub fn relaxes(plan: &Plan, action: &Action) -> bool {
    action.relaxed && plan.relaxed.contains(&action.kind)
}

/// The plans of `catalog`, in catalog order, whose relaxed queue takes `action` (R8).
pub fn relaxed_on<'a>(catalog: &'a Catalog, action: &Action) -> Vec<&'a str> {
    catalog.plans.iter().filter(|p| relaxes(p, action)).map(|p| p.key.as_str()).collect()
}
