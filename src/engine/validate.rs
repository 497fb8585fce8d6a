//! `validate`: checks catalogs and workloads and reports every problem, not only the first.
//!
//! Loading already reports every syntax, schema and range problem of a file (each plan,
//! action, activity … is checked on its own). On top of that, `validate` looks for files that
//! load but cannot mean what their author wants: a bank smaller than one month's allowance, a
//! relaxed kind no action can use, an activity no plan can ever pay for.

use crate::engine::eligibility::ineligible;
use crate::engine::price::quote;
use crate::input::catalog::Billing;
use crate::input::catalog::Catalog;
use crate::input::diagnostic::{Diagnostic, Diagnostics};
use crate::input::kind::{FileKind, detect};
use crate::input::limits::MAX_CHARGE_TOKENS;
use crate::input::source::SourceFile;
use crate::input::workload::Setting;
use crate::input::workload::{Fallback, Workload};
use std::ops::Range;

/// Loads a workload and bounds the price of every charge (R1 against `MAX_CHARGE_TOKENS`), so
/// no sum of tokens can overflow. Every command loads workloads through here.
pub fn load_workload(file: &SourceFile, catalog: &Catalog) -> Result<Workload, Diagnostics> {
    let workload = Workload::parse(file, catalog)?;
    let problems = charge_problems(file, catalog, &workload);
    if problems.is_empty() { Ok(workload) } else { Err(Diagnostics::sorted(problems)) }
}

/// Charges dearer than `MAX_CHARGE_TOKENS` tokens (one generation, or one operation).
fn charge_problems(file: &SourceFile, catalog: &Catalog, workload: &Workload) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, act) in workload.activities.iter().enumerate() {
        let cost = quote(catalog, &catalog.actions[act.action], &act.setting).tokens;
        if cost > MAX_CHARGE_TOKENS {
            problems.push(
                file.error(
                    activity_span(file, i),
                    format!("one generation costs {cost} tokens, above the limit of {MAX_CHARGE_TOKENS} per charge"),
                )
                .with_help("use fewer images, a smaller size or fewer add-on units"),
            );
            continue;
        }
        for t in &act.then {
            let cost = quote(catalog, &catalog.actions[t.action], &Setting::images(1)).tokens;
            if cost > MAX_CHARGE_TOKENS {
                problems.push(file.error(
                    table_field(file, |line| line == "[[activity]]", i, "then"),
                    format!("one operation costs {cost} tokens, above the limit of {MAX_CHARGE_TOKENS} per charge"),
                ));
                break;
            }
        }
    }
    problems
}

/// Loads and checks one file of either kind; workloads are checked against `catalog`.
pub fn check(file: &SourceFile, catalog: &Catalog) -> Result<FileKind, Diagnostics> {
    let kind = detect(file)?;
    let problems = match kind {
        FileKind::Catalog => catalog_problems(file, &Catalog::parse(file)?),
        FileKind::Workload => workload_problems(file, catalog, &load_workload(file, catalog)?),
    };
    if problems.is_empty() { Ok(kind) } else { Err(Diagnostics::sorted(problems)) }
}

/// Problems of a catalog that loads.
pub fn catalog_problems(file: &SourceFile, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for plan in &catalog.plans {
        if plan.rollover_cap > 0 && plan.rollover_cap < plan.monthly_tokens {
            problems.push(
                file.error(
                    entry_span(file, "plans", &plan.key, "rollover_cap"),
                    format!(
                        "plan `{}`: `rollover_cap` ({}) is below `monthly_tokens` ({}), so one unused month overflows the bank",
                        plan.key, plan.rollover_cap, plan.monthly_tokens
                    ),
                )
                .with_help("raise `rollover_cap` to at least `monthly_tokens`, or set it to 0 for no rollover"),
            );
        }
        if catalog.actions.is_empty() {
            continue;
        }
        for kind in &plan.relaxed {
            if !catalog.actions.iter().any(|a| a.kind == *kind && a.relaxed) {
                problems.push(
                    file.error(
                        entry_span(file, "plans", &plan.key, "relaxed"),
                        format!(
                            "plan `{}` relaxes kind `{}`, but no action of that kind may run relaxed",
                            plan.key,
                            kind.name()
                        ),
                    )
                    .with_help(format!(
                        "remove `{}` from `relaxed`, or mark a `{}` action `relaxed = true`",
                        kind.name(),
                        kind.name()
                    )),
                );
            }
        }
    }
    problems
}

/// Problems of a workload that loads: activities that no eligible plan can ever pay for.
pub fn workload_problems(file: &SourceFile, catalog: &Catalog, workload: &Workload) -> Vec<Diagnostic> {
    let eligible: Vec<_> =
        catalog.plans.iter().filter(|p| ineligible(p, workload, Billing::Monthly).is_none()).collect();
    let when_out = &workload.policy.when_out;
    let mut problems = Vec::new();
    for (i, act) in workload.activities.iter().enumerate() {
        let mut charges = vec![(act.action, act.setting.clone())];
        charges.extend(act.then.iter().map(|t| (t.action, Setting::images(1))));
        for (action, setting) in charges {
            let action = &catalog.actions[action];
            let cost = quote(catalog, action, &setting).tokens;
            // The most a plan can ever hold (R4 grants on top of a full bank; R5 lifts to the floor),
            // unless a fallback (R8) can run the charge anyway.
            let payable = |p: &&crate::input::catalog::Plan| {
                let sf = crate::engine::eligibility::seats_factor(p, workload.seats);
                let most = p.daily_tokens.max(sf.saturating_mul(p.monthly_tokens.saturating_add(p.rollover_cap)));
                let relaxed = when_out.contains(&Fallback::Relaxed)
                    && act.relaxed_ok
                    && action.relaxed
                    && p.relaxed.contains(&action.kind);
                let topup = when_out.contains(&Fallback::Topup) && p.topups && workload.policy.topup_pack.is_some();
                cost <= most || relaxed || topup
            };
            if !eligible.is_empty() && !eligible.iter().any(payable) {
                let most = eligible
                    .iter()
                    .map(|p| {
                        p.daily_tokens.max(
                            crate::engine::eligibility::seats_factor(p, workload.seats)
                                .saturating_mul(p.monthly_tokens.saturating_add(p.rollover_cap)),
                        )
                    })
                    .max()
                    .unwrap_or(0);
                problems.push(
                    file.error(
                        activity_span(file, i),
                        format!(
                            "activity `{}` can never be paid on any plan: one `{}` charge costs {cost} tokens, the most an eligible plan can hold is {most}, and no fallback can run it",
                            act.name, action.key
                        ),
                    )
                    .with_help("use fewer images or a cheaper action, or allow `topup` or `relaxed` in `policy.when_out`"),
                );
            }
        }
    }
    problems
}

/// The `field = …` line of the `[section.key]` table (or that header when the field is absent).
fn entry_span(file: &SourceFile, section: &str, key: &str, field: &str) -> Option<Range<usize>> {
    let header = format!("[{section}.{key}]");
    table_field(file, |line| line == header, 0, field)
}

/// The `action = …` line of the n-th `[[activity]]` table.
fn activity_span(file: &SourceFile, n: usize) -> Option<Range<usize>> {
    table_field(file, |line| line == "[[activity]]", n, "action")
}

fn table_field(file: &SourceFile, is_header: impl Fn(&str) -> bool, nth: usize, field: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    let mut seen = 0;
    let mut header: Option<Range<usize>> = None;
    for line in file.text.split_inclusive('\n') {
        let trimmed = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        if trimmed.starts_with('[') {
            if header.is_some() {
                break;
            }
            if is_header(trimmed) {
                if seen == nth {
                    header = Some(start..start + trimmed.len());
                }
                seen += 1;
            }
        } else if header.is_some()
            && let Some(rest) = trimmed.strip_prefix(field)
            && rest.trim_start().starts_with('=')
        {
            return Some(start..start + trimmed.len());
        }
    }
    header
}
