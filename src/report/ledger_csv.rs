//! SPEC §4.2: the ledger as CSV (`plan,date,kind,bucket,tokens,balance_after,reason`).

use crate::engine::calendar::Calendar;
use crate::engine::figures::PlanRun;
use crate::engine::ledger::{Reason, RowKind};
use crate::input::catalog::Catalog;
use crate::input::workload::Workload;
use crate::report::csv::field;
use std::fmt::Write;

/// The reason column in plain words (the rule numbers stay in the code: R4, R5, R13, R14).
fn reason(catalog: &Catalog, workload: &Workload, kind: RowKind, r: Reason) -> String {
    match r {
        Reason::MonthlyGrant => "monthly allowance granted at the billing date".into(),
        Reason::DailyGrant => "daily allowance granted at the daily reset".into(),
        Reason::DailyExpiry => "unspent daily tokens expire at the daily reset".into(),
        Reason::Rollover => "unspent monthly tokens roll into the bank at the billing date".into(),
        Reason::BankCap => "bank over its cap at the billing date".into(),
        Reason::PlanChange if kind == RowKind::Expire => "voided by the plan change".into(),
        Reason::PlanChange => "new plan's allowance at the plan change".into(),
        Reason::Stated => "balance stated for today".into(),
        Reason::Packs(p) => format!("top-up pack {}", catalog.packs[p].key),
        Reason::Charge { activity, then } => {
            let act = &workload.activities[activity];
            match then {
                None => format!("{}: {}", act.name, catalog.actions[act.action].key),
                Some(j) => format!("{}: then {}", act.name, catalog.actions[act.then[j].action].key),
            }
        }
    }
}

/// All plans' rows, plan by plan, each in time order.
pub fn render(catalog: &Catalog, workload: &Workload, calendar: &Calendar, runs: &[PlanRun]) -> String {
    let mut out = String::from("plan,date,kind,bucket,tokens,balance_after,reason\n");
    for run in runs {
        let plan = &catalog.plans[run.order].key;
        for row in run.rows.iter().flatten() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{}",
                field(plan),
                calendar.date(row.day),
                row.kind.name(),
                row.bucket.map_or("", |b| b.name()),
                row.tokens,
                row.balance_after.map(|b| b.to_string()).unwrap_or_default(),
                field(&reason(catalog, workload, row.kind, row.reason)),
            );
        }
    }
    out
}
