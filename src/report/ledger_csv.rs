//! SPEC §4.2: the ledger as CSV (`plan,date,kind,bucket,tokens,balance_after,reason`).

use crate::engine::calendar::Calendar;
use crate::engine::figures::PlanRun;
use crate::engine::ledger::Reason;
use crate::input::catalog::Catalog;
use crate::input::workload::Workload;
use std::fmt::Write;

/// RFC 4180 quoting when a field needs it.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn reason(catalog: &Catalog, workload: &Workload, r: Reason) -> String {
    match r {
        Reason::MonthlyGrant => "R4 monthly allowance".into(),
        Reason::DailyGrant => "R5 daily allowance".into(),
        Reason::DailyExpiry => "R5 unspent daily tokens".into(),
        Reason::Rollover => "R4 rollover".into(),
        Reason::BankCap => "R4 bank over its cap".into(),
        Reason::PlanChange => "R13 plan change".into(),
        Reason::Stated => "R14 balance stated for today".into(),
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
                field(&reason(catalog, workload, row.reason)),
            );
        }
    }
    out
}
