//! `validate`: checks catalogs and workloads and reports every problem, not only the first.
//!
//! Loading already reports every syntax, schema and range problem of a file (each plan,
//! action, activity … is checked on its own). On top of that, `validate` looks for files that
//! load but cannot mean what their author wants: a bank smaller than one month's allowance, a
//! relaxed kind no action can use, an activity no plan can ever pay for.

use crate::engine::calendar::Calendar;
use crate::engine::demand::expected;
use crate::engine::eligibility::ineligible;
use crate::engine::price::quote;
use crate::engine::topup::cover_entries;
use crate::input::catalog::Billing;
use crate::input::catalog::Catalog;
use crate::input::diagnostic::{Diagnostic, Diagnostics};
use crate::input::kind::{FileKind, detect};
use crate::input::limits::{MAX_CHARGE_TOKENS, MAX_COVER_ENTRIES};
use crate::input::source::SourceFile;
use crate::input::workload::{Fallback, TopupPack, Workload, missing_feature};
use crate::units::thousands;
use chrono::Datelike;
use std::ops::Range;

/// Loads a workload and bounds the price of every charge (R1 against `MAX_CHARGE_TOKENS`), so
/// no sum of tokens can overflow. Every command loads workloads through here.
pub fn load_workload(file: &SourceFile, catalog: &Catalog) -> Result<Workload, Diagnostics> {
    let workload = Workload::parse(file, catalog)?;
    let mut problems = charge_problems(file, catalog, &workload);
    problems.extend(cover_problem(file, catalog, &workload));
    if problems.is_empty() { Ok(workload) } else { Err(Diagnostics::sorted(problems)) }
}

/// `topup_pack = "cheapest"` over packs whose cheapest-mix table is above `MAX_COVER_ENTRIES`.
fn cover_problem(file: &SourceFile, catalog: &Catalog, workload: &Workload) -> Option<Diagnostic> {
    let entries = cover_entries(&catalog.packs);
    if workload.policy.topup_pack != Some(TopupPack::Cheapest) || entries <= MAX_COVER_ENTRIES {
        return None;
    }
    let sizes: Vec<String> = catalog.packs.iter().map(|p| thousands(p.tokens)).collect();
    Some(
        file.error(
            table_field(file, |line| line == "[policy]", 0, "topup_pack"),
            format!(
                "`topup_pack = \"cheapest\"` over packs of {} tokens needs a table of {} entries to find \
                 the cheapest mix, above the limit of {}",
                sizes.join(", "),
                thousands(entries),
                thousands(MAX_COVER_ENTRIES)
            ),
        )
        .with_help("name one pack, or use pack sizes with a larger common divisor"),
    )
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
            let cost = quote(catalog, &catalog.actions[t.action], &t.setting()).tokens;
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

/// Loads and checks one file of either kind; workloads are checked against `catalog`, and
/// their warnings (§1.3) judged on the file's own horizon.
pub fn check(file: &SourceFile, catalog: &Catalog) -> Result<(FileKind, Vec<Diagnostic>), Diagnostics> {
    let kind = detect(file)?;
    let (problems, found) = match kind {
        FileKind::Catalog => (catalog_problems(file, &Catalog::parse(file)?), Vec::new()),
        FileKind::Workload => {
            let workload = load_workload(file, catalog)?;
            let found = Calendar::new(workload.start, workload.horizon)
                .map(|calendar| warnings(file, catalog, &workload, &calendar))
                .unwrap_or_default();
            (workload_problems(file, catalog, &workload), found)
        }
    };
    if problems.is_empty() { Ok((kind, found)) } else { Err(Diagnostics::sorted(problems)) }
}

/// SPEC §1.3 warnings: a workload that loads but probably does not say what its author meant,
/// judged on `calendar`, the horizon the command runs over. In file order.
pub fn warnings(file: &SourceFile, catalog: &Catalog, workload: &Workload, calendar: &Calendar) -> Vec<Diagnostic> {
    let (start, end) = (calendar.start, calendar.end());
    let horizon = format!("{start} to {end}");
    let move_it = "or move the horizon with --start/--months";
    let mut found = Vec::new();
    for (a, act) in workload.activities.iter().enumerate() {
        if act.count <= 0.0 {
            continue;
        }
        let total: f64 = (0..calendar.days).map(|d| expected(workload, calendar, a, d)).sum();
        if total != 0.0 {
            continue; // some demand (or NaN from absurd growth: not this warning's business)
        }
        let (span, why, help) = wants_nothing(workload, calendar, a);
        found.push(
            file.error(span, format!("activity `{}` wants nothing from {horizon}: {why}", act.name))
                .with_help(help)
                .as_warning(),
        );
    }
    for b in &workload.bursts {
        if b.until < start || b.from > end {
            found.push(
                file.error(
                    b.marks.get("from"),
                    format!("burst from {} to {} lies outside the horizon {horizon}", b.from, b.until),
                )
                .with_help(format!("it multiplies nothing: check its year, {move_it}"))
                .as_warning(),
            );
        }
    }
    let months = months_in(calendar);
    for s in &workload.seasons {
        if !s.months.iter().any(|m| months.contains(m)) {
            let listed: Vec<String> = s.months.iter().map(u32::to_string).collect();
            let message = if listed.is_empty() {
                "this season lists no months, so it multiplies nothing".to_string()
            } else {
                format!("season months {} do not occur in the horizon {horizon}", listed.join(", "))
            };
            let covered: Vec<String> = months.iter().map(u32::to_string).collect();
            found.push(
                file.error(s.marks.get("months"), message)
                    .with_help(format!(
                        "the horizon covers months {}: check `months`, or lengthen the horizon with --months",
                        covered.join(", ")
                    ))
                    .as_warning(),
            );
        }
    }
    for (feature, span) in workload.require.iter().zip(workload.marks.all("require")) {
        if let Some((message, help)) = missing_feature(feature, catalog) {
            found.push(file.error(Some(span), message).with_help(help).as_warning());
        }
    }
    Diagnostics::sorted(found).0
}

/// Why activity `a` wants nothing over `calendar`, where to point, and what to do.
fn wants_nothing(workload: &Workload, calendar: &Calendar, a: usize) -> (Option<Range<usize>>, String, String) {
    let act = &workload.activities[a];
    let (start, end) = (calendar.start, calendar.end());
    let horizon = format!(
        "the horizon runs {start} to {end}: check the year of `from` and `until`, or move the horizon with --start/--months"
    );
    if let Some(f) = act.from.filter(|f| *f > end) {
        return (act.marks.get("from"), format!("its window starts {f}"), horizon);
    }
    if let Some(u) = act.until.filter(|u| *u < start) {
        return (act.marks.get("until"), format!("its window ended {u}"), horizon);
    }
    let (first, last) = (act.from.unwrap_or(start).max(start), act.until.unwrap_or(end).min(end));
    let works = (0..7u64).map(|i| first + chrono::Days::new(i)).any(|d| d <= last && act.on.has(d.weekday()));
    if !works {
        let span = act.marks.get("on").or_else(|| act.marks.get("per"));
        let why = format!("none of its days ({}) falls between {first} and {last}", act.on.names().join(", "));
        return (span, why, "add a day that falls in that span to `on`, or widen its window".to_string());
    }
    let help =
        "a factor of 0 removes the work it covers: give a factor above 0, or name other activities in its `activities`"
            .to_string();
    if let Some(s) = workload.seasons.iter().find(|s| s.factor == 0.0 && s.applies(a)) {
        let months: Vec<String> = s.months.iter().map(u32::to_string).collect();
        let why = format!("a season of factor 0 (months {}) covers every day it works", months.join(", "));
        return (s.marks.get("factor"), why, help);
    }
    if let Some(b) = workload.bursts.iter().find(|b| b.factor == 0.0 && b.applies(a)) {
        let why = format!("a burst of factor 0 ({} to {}) covers every day it works", b.from, b.until);
        return (b.marks.get("factor"), why, help);
    }
    (act.marks.get("count"), "its demand is 0 on every day".to_string(), help)
}

/// The calendar months (1–12) that days of the horizon fall in, in order.
fn months_in(calendar: &Calendar) -> Vec<u32> {
    let mut months = Vec::new();
    let mut day = calendar.start.with_day(1).unwrap_or(calendar.start);
    while day <= calendar.end() && months.len() < 12 {
        months.push(day.month());
        match day.checked_add_months(chrono::Months::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    months.sort_unstable();
    months
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
        charges.extend(act.then.iter().map(|t| (t.action, t.setting())));
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
