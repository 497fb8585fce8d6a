//! `capacity`: turn a plan into an image count for one generation setting.

use super::cost::SettingArgs;
use crate::cli::args::HorizonArgs;
use crate::cli::{Format, Global};
use crate::engine::capacity::{Capacity, Probe, capacities};
use crate::engine::eligibility::ineligible;
use crate::error::ExitCode;
use crate::input::catalog::Billing;
use crate::input::catalog::{Catalog, cents};
use crate::input::workload::{Budget, Fallback, Horizon, Per, Policy, TopupPack, Workload};
use crate::report::csv::field;
use crate::report::json::SCHEMA;
use crate::units::thousands;
use clap::ValueEnum;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Action key, e.g. alchemy_v2
    pub action: String,
    #[command(flatten)]
    pub setting: SettingArgs,
    /// The period the count is per
    #[arg(long, value_enum, default_value_t = PerArg::Month)]
    pub per: PerArg,
    /// Plan key (repeatable; default: every eligible plan)
    #[arg(long = "plan", value_name = "PLAN")]
    pub plans: Vec<String>,
    /// Capacity left on top of this workload (its start and horizon; its policy for its own work)
    #[arg(long, value_name = "WORKLOAD")]
    pub on: Option<PathBuf>,
    /// Also show what this much money (in the catalog's currency) of top-up packs per month
    /// would add
    #[arg(long, value_name = "AMOUNT", value_parser = crate::cli::args::non_negative)]
    pub topup_budget: Option<f64>,
    #[command(flatten)]
    pub horizon: HorizonArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerArg {
    Day,
    Weekday,
    Weekend,
    Week,
    Month,
}

impl PerArg {
    fn per(self) -> Per {
        match self {
            PerArg::Day => Per::Day,
            PerArg::Weekday => Per::Weekday,
            PerArg::Weekend => Per::Weekend,
            PerArg::Week => Per::Week,
            PerArg::Month => Per::Month,
        }
    }

    fn name(self) -> &'static str {
        match self {
            PerArg::Day => "day",
            PerArg::Weekday => "weekday",
            PerArg::Weekend => "weekend",
            PerArg::Week => "week",
            PerArg::Month => "month",
        }
    }
}

/// No workload: nothing but the probe, from today over 12 months.
fn empty_workload(catalog: &Catalog) -> Workload {
    Workload {
        name: "capacity".into(),
        start: crate::cli::today(),
        horizon: Horizon::Months(12),
        seats: 1,
        require: Vec::new(),
        growth: 0.0,
        policy: Policy {
            when_out: vec![Fallback::Relaxed, Fallback::Topup, Fallback::Wait],
            topup_pack: catalog.smallest_pack().map(TopupPack::Pack),
            max_wait_days: 0,
            max_relaxed_share: 0.5,
        },
        budget: Budget::default(),
        activities: Vec::new(),
        seasons: Vec::new(),
        bursts: Vec::new(),
        marks: Default::default(),
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    let catalog = g.catalog()?;
    let (action, setting) = args.setting.resolve(&catalog, &args.action)?;
    let (base, calendar) = match &args.on {
        Some(path) => g.workload(path, &catalog, &args.horizon)?,
        None => {
            let mut base = empty_workload(&catalog);
            let calendar = args.horizon.apply(&mut base)?;
            (base, calendar)
        }
    };
    let probe = Probe { action, setting, per: args.per.per() };
    let mut plans: Vec<usize> = if args.plans.is_empty() {
        (0..catalog.plans.len()).collect()
    } else {
        args.plans.iter().map(|k| crate::plan::plan_index(&catalog, k)).collect::<anyhow::Result<_>>()?
    };
    // Sorted by what the plan bills a month for this workload's seats.
    plans.sort_by_key(|&i| {
        (
            crate::engine::money::monthly_price(
                &catalog.plans[i],
                crate::engine::eligibility::seats_factor(&catalog.plans[i], base.seats),
            ),
            i,
        )
    });
    plans.dedup(); // sorted: a plan named twice is adjacent
    // Bound the whole search before probing (SPEC §6): every eligible plan, up to MOST_PROBES
    // runs each of the workload with the probe.
    let n_eligible =
        plans.iter().filter(|&&i| ineligible(&catalog.plans[i], &base, Billing::Monthly).is_none()).count();
    crate::engine::capacity::search_limit(&base, &calendar, &probe)?;
    let volume = crate::engine::work::volume(&crate::engine::capacity::with_probe(&base, &probe, 0.0), &calendar)?;
    crate::engine::work::check_capacity(n_eligible, crate::engine::capacity::MOST_PROBES, &volume, g.max_work)?;
    let mut eligible = Vec::new();
    let mut skipped = Vec::new();
    for i in plans {
        match ineligible(&catalog.plans[i], &base, Billing::Monthly) {
            Some(reason) => skipped.push((i, reason)),
            None => eligible.push(i),
        }
    }
    let rows = capacities(&catalog, &base, &calendar, &eligible, &probe, args.topup_budget.map(cents))?;
    let a = &catalog.actions[action];
    let tokens = crate::engine::price::quote(&catalog, a, &probe.setting).tokens;
    let what = format!(
        "{} × {} image{} ({tokens} token{} a generation{})",
        a.label,
        probe.setting.images,
        if probe.setting.images == 1 { "" } else { "s" },
        if tokens == 1 { "" } else { "s" },
        if probe.setting.tokens.is_some() { ", your price from --tokens" } else { "" },
    );
    let title = Title { what, horizon: format!("{} to {} ({} days)", calendar.start, calendar.end(), calendar.days) };
    let per = args.per.name();
    let text = match g.format {
        Format::Json => json(&catalog, &rows, &skipped, a.key.as_str(), probe.setting.images, per)?,
        Format::Table => table(g, &catalog, &rows, &skipped, &title, per, args.on.is_some()),
        Format::Markdown => markdown(&catalog, &rows, &skipped, &title, per),
        Format::Csv => csv(&catalog, &rows, per),
        Format::Html | Format::Junit | Format::Github => return Err(g.unsupported_format("capacity")),
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}

fn cells(catalog: &Catalog, r: &Capacity) -> Vec<String> {
    let plan = &catalog.plans[r.plan];
    vec![
        format!("{}{}", plan.label, if plan.estimate { " *" } else { "" }),
        decimal(r.count),
        decimal(r.images_per_period),
        thousands(r.images_per_month.floor() as u64),
        r.binding.name().to_string(),
        r.topup_extra.map_or("-".into(), |x| format!("+{}", decimal(x))),
        if r.relaxed_beyond { "relaxed, no cap".into() } else { "-".into() },
    ]
}

fn header(per: &str) -> Vec<String> {
    ["Plan", &format!("Gens/{per}"), &format!("Images/{per}"), "Avg images/mo", "Binds", "+Top-ups", "Beyond"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// `1,439.10`: two decimals, thousands separated, like the other figures in the tables.
fn decimal(x: f64) -> String {
    let text = format!("{x:.2}"); // the same rounding as CSV and JSON
    match text.split_once('.') {
        Some((whole, frac)) if whole.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}.{frac}", thousands(whole.parse().unwrap_or(0)))
        }
        _ => text,
    }
}

fn notes(catalog: &Catalog, skipped: &[(usize, String)]) -> String {
    let mut out = String::new();
    for (i, reason) in skipped {
        let _ = writeln!(out, "not eligible: {} ({reason})", catalog.plans[*i].label);
    }
    out
}

/// What was probed, and over which days.
struct Title {
    what: String,
    horizon: String,
}

fn table(
    g: &Global,
    catalog: &Catalog,
    rows: &[Capacity],
    skipped: &[(usize, String)],
    title: &Title,
    per: &str,
    on: bool,
) -> String {
    let Title { what, horizon } = title;
    let head = header(per);
    let mut t = crate::report::table::table(g.style(), &head.iter().map(String::as_str).collect::<Vec<_>>());
    for r in rows {
        t.add_row(cells(catalog, r));
    }
    crate::report::table::right_align(&mut t, 1);
    format!(
        "Fast capacity of {what}\n{horizon}: nothing waits, nothing relaxed, no top-ups\n{t}\n{}\
         Gens/{per}: the `count` of one more activity (per {per}){on}. Avg images/mo: the images\n\
         it makes over the horizon per average month (after rounding). Binds: what runs out first one\n\
         hundredth past the capacity. Beyond: the plan's relaxed queue takes this action (slow, no cap).\n",
        notes(catalog, skipped),
        // On a workload the legend's first line would run past 100 columns: break it.
        on = if on { ",\nscaled like the workload's own by growth, seasons and bursts" } else { "" }
    )
}

fn markdown(catalog: &Catalog, rows: &[Capacity], skipped: &[(usize, String)], title: &Title, per: &str) -> String {
    let mut out = format!("**Fast capacity of {}** · {}\n\n", title.what, title.horizon);
    let head = header(per);
    let names: Vec<&str> = head.iter().map(String::as_str).collect();
    out += &crate::report::markdown::header(&names, "lrrrlrl"); // text columns left, numbers right
    for r in rows {
        out += &crate::report::markdown::row(&cells(catalog, r));
    }
    out + "\n" + &notes(catalog, skipped)
}

fn csv(catalog: &Catalog, rows: &[Capacity], per: &str) -> String {
    let mut out =
        String::from("plan,per,count,images_per_period,images_per_month,binding,topup_extra,relaxed_beyond\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{},{per},{:.2},{:.2},{:.2},{},{},{}",
            field(&catalog.plans[r.plan].key),
            r.count,
            r.images_per_period,
            r.images_per_month,
            r.binding.name(),
            r.topup_extra.map(|x| format!("{x:.2}")).unwrap_or_default(),
            r.relaxed_beyond
        );
    }
    out
}

fn json(
    catalog: &Catalog,
    rows: &[Capacity],
    skipped: &[(usize, String)],
    action: &str,
    images: u32,
    per: &str,
) -> anyhow::Result<String> {
    let plans: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let plan = &catalog.plans[r.plan];
            serde_json::json!({
                "plan": plan.key, "billing": "monthly", "per": per,
                "count": r.count, "images_per_period": r.images_per_period,
                "images_per_month": (r.images_per_month * 100.0).floor() / 100.0,
                "binding": r.binding.name(), "tokens_per_generation": r.tokens,
                "topup_extra": r.topup_extra, "relaxed_beyond": r.relaxed_beyond,
                "price_monthly_cents": plan.price_monthly, "estimate": plan.estimate,
            })
        })
        .chain(skipped.iter().map(|(i, reason)| {
            serde_json::json!({"plan": catalog.plans[*i].key, "billing": "monthly", "eligible": false, "reason": reason})
        }))
        .collect();
    let doc = serde_json::json!({"schema": SCHEMA, "action": action, "images": images, "per": per, "plans": plans});
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}
