//! `diff`: per-plan change between a base and a head, each a workload (simulated now) or a saved
//! `simulate --format json` run. Warn and fail tiers (`--warn-above`, `--fail-above`, … or the
//! head's `[budget]`) turn a rise into a warning line (exit 0) or exit code 1; `--quiet-below`
//! prints nothing when nothing moved enough to be worth a comment.

use crate::cli::args::non_negative;
use crate::cli::args::{BillingArg, HorizonArgs, RiseArgs, checked_rise};
use crate::cli::{Format, Global};
use crate::engine::gate::{Level, show_threshold};
use crate::error::{ExitCode, usage};
use crate::input::catalog::Billing;
use crate::input::catalog::Catalog;
use crate::input::currency::Currency;
use crate::input::saved;
use crate::input::saved::PlanSummary;
use crate::input::source::SourceFile;
use crate::input::threshold::{Rise, Threshold, Tiers};
use crate::plan::Options;
use crate::plan::Report;
use crate::report;
use crate::report::diff::{Amount, Diff, Figure, Measure, PlanDiff};
use crate::report::json::SCHEMA;
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The base: a workload (.toml) or a saved JSON run (.json)
    pub base: PathBuf,
    /// The head: a workload (.toml) or a saved JSON run (.json)
    pub head: PathBuf,
    /// Plan key to compare (repeatable; default: every plan)
    #[arg(long = "plan", value_name = "PLAN")]
    pub plans: Vec<String>,
    /// Billing to compare (default: a saved run's billing, else monthly)
    #[arg(long, value_enum)]
    pub billing: Option<BillingArg>,
    #[command(flatten)]
    pub rise: RiseArgs,
    /// Print nothing (exit 0) when no plan's cost or peak tokens per month changed by more than
    /// PCT percent and no plan is at a warn or fail tier: a CI step then posts no comment
    #[arg(long, value_name = "PCT", value_parser = non_negative)]
    pub quiet_below: Option<f64>,
}

/// One side once read: its workload name, plans, currency and (a workload's) `[budget]` tiers.
struct Read {
    name: String,
    plans: Vec<PlanSummary>,
    currency: Currency,
    rise: Option<Rise>,
}

/// One side before it is simulated: a workload to run, or a saved run; both read once.
enum Side {
    Workload(SourceFile),
    Saved(saved::SavedRun),
}

/// A saved run by extension, or by content (`{`) when the extension says neither (a pipe).
fn open(g: &Global, path: &Path) -> anyhow::Result<Side> {
    let file = g.read(path)?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let json = match ext.as_deref() {
        Some("json") => true,
        Some("toml") => false,
        _ => file.text.trim_start().starts_with('{'),
    };
    Ok(if json { Side::Saved(saved::parse(&file.name, &file.text)?) } else { Side::Workload(file) })
}

fn summaries(
    g: &Global,
    side: Side,
    file: &Path,
    catalog: &Catalog,
    plans: &[String],
    billing: Billing,
) -> anyhow::Result<Read> {
    match side {
        Side::Saved(run) => {
            let other =
                run.plans.first().map(|p| p.billing).filter(|_| !run.plans.iter().any(|p| p.billing == billing));
            if let Some(other) = other {
                return Err(usage(format!(
                    "{} holds plans billed {} and none billed {}: diff compares one billing; pass `--billing {}` or save both sides with the same --billing",
                    file.display(),
                    other.name(),
                    billing.name(),
                    other.name()
                )));
            }
            let kept = run
                .plans
                .into_iter()
                .filter(|p| p.billing == billing && (plans.is_empty() || plans.contains(&p.plan)))
                .collect();
            Ok(Read { name: run.workload, plans: kept, currency: run.currency, rise: None })
        }
        Side::Workload(source) => {
            let (workload, calendar) = g.workload_from(&source, catalog, |w| HorizonArgs::default().apply(w))?;
            let options =
                Options { plans: plans.to_vec(), billing: Some(billing), max_work: g.max_work, ..Options::default() };
            let (report, _) = Report::build(catalog, &workload, calendar, &options, false)?;
            Ok(Read {
                name: report.workload.clone(),
                plans: report.summaries(),
                currency: catalog.currency,
                rise: Some(workload.budget.rise),
            })
        }
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format == Format::Csv {
        return Err(g.unsupported_format("diff"));
    }
    let catalog = g.catalog()?;
    let (base, head) = (open(g, &args.base)?, open(g, &args.head)?);
    let saved_billing = [&base, &head].into_iter().find_map(|s| match s {
        Side::Saved(run) => run.plans.first().map(|p| p.billing),
        Side::Workload(_) => None,
    });
    let billing = args.billing.map(Billing::from).or(saved_billing).unwrap_or(Billing::Monthly);
    let base_side = summaries(g, base, &args.base, &catalog, &args.plans, billing)?;
    let head_side = summaries(g, head, &args.head, &catalog, &args.plans, billing)?;
    for key in &args.plans {
        if !base_side.plans.iter().chain(&head_side.plans).any(|p| &p.plan == key) {
            return Err(usage(format!("plan `{key}` billed {} is in neither side", billing.name())));
        }
    }
    if base_side.currency != head_side.currency {
        return Err(usage(format!(
            "cannot compare runs in two currencies: {} is in {}, {} in {}; convert one catalog's prices, or save both \
             runs from catalogs in one currency (a run saved before plan-budget recorded `catalog.currency` counts as USD)",
            args.base.display(),
            base_side.currency,
            args.head.display(),
            head_side.currency
        )));
    }
    let currency = head_side.currency;
    crate::units::set_currency(currency);
    // Flags over the [budget] of the head (or, when the head is a saved run, the base) workload.
    let budget = head_side.rise.or(base_side.rise).unwrap_or_default();
    let rise = checked_rise(args.rise.rise().or(budget), currency)?;
    let mut diff = Diff::new(base_side.name, base_side.plans, head_side.name, head_side.plans);
    diff.rise = rise;
    if let Some(pct) = args.quiet_below
        && diff.quiet_below(pct)
    {
        crate::cli::messages::note(format!(
            "diff: no plan's cost or peak tokens per month changed by more than {pct}%: nothing printed (--quiet-below)"
        ));
        g.emit("")?;
        return Ok(ExitCode::Success);
    }
    let file = args.head.display().to_string();
    let text = match g.format {
        Format::Table => report::gate::diff(&diff, g.style()),
        Format::Markdown => report::markdown::diff(&diff),
        Format::Json => serde_json::to_string_pretty(&document(&diff, args, currency))? + "\n",
        Format::Github => github(&diff, &file),
        Format::Csv | Format::Html | Format::Junit => return Err(g.unsupported_format("diff")),
    };
    g.emit(&text)?;
    if crate::cli::github_actions() && g.format != Format::Github {
        for line in report::github::diff(&diff, &file) {
            crate::cli::messages::note(line);
        }
    }
    for (level, word) in [(Level::Fail, "failed"), (Level::Warn, "warning")] {
        for m in Measure::ALL {
            let over: Vec<String> = diff.at(level, m).iter().map(|p| p.name()).collect();
            let tiers = diff.tiers(m);
            let t = if level == Level::Fail { tiers.fail } else { tiers.warn };
            if let (false, Some(t)) = (over.is_empty(), t) {
                crate::cli::messages::note(format!(
                    "diff {word}: {} rose more than {} for {}",
                    m.long(),
                    show_threshold(&t),
                    over.join(", ")
                ));
            }
        }
    }
    Ok(if diff.breaches().is_empty() { ExitCode::Success } else { ExitCode::Breach })
}

/// `--format github`: the annotations, then a notice with the summary.
fn github(d: &Diff, file: &str) -> String {
    let mut out = String::new();
    for line in report::github::diff(d, file) {
        out += &line;
        out.push('\n');
    }
    out += &report::github::command("notice", Some(file), "Token budget diff", &d.summary());
    out.push('\n');
    out
}

/// `diff --format json` (documented in docs/json-schema.md).
fn document(d: &Diff, args: &Args, currency: Currency) -> serde_json::Value {
    let side = |s: &Option<Result<crate::input::saved::Metrics, String>>| match s {
        None => serde_json::Value::Null,
        Some(Err(reason)) => json!({"eligible": false, "reason": reason}),
        Some(Ok(m)) => json!({
            "eligible": true, "verdict": m.verdict, "cost_cents": m.cost_cents,
            "peak_period_tokens": m.peak_period_tokens, "tokens_wanted": m.tokens_wanted,
            "relaxed_share": m.relaxed_share, "max_wait_days": m.max_wait_days,
        }),
    };
    let plan = |p: &PlanDiff| {
        let change = p.both().map(|(b, h)| {
            let mut o = serde_json::Map::new();
            for f in Figure::ALL {
                let amount = match f.amount(b, h) {
                    Amount::Whole(d) => json!(i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })),
                    Amount::Share(d) => json!(d),
                };
                o.insert(f.key().into(), json!({"amount": amount, "percent": f.percent(b, h)}));
            }
            o
        });
        json!({
            "plan": p.plan, "label": p.label, "billing": p.billing.name(), "status": p.status().name(),
            "before": side(&p.base), "after": side(&p.head), "change": change,
            "tier": d.level(p).map(Level::name),
        })
    };
    let threshold = |t: Option<Threshold>| match t {
        None => serde_json::Value::Null,
        Some(Threshold::Percent(p)) => json!({"percent": p}),
        Some(Threshold::Money(c, _)) => json!({"cents": c}),
    };
    let tiers = |t: &Tiers| json!({"warn": threshold(t.warn), "fail": threshold(t.fail)});
    let legacy = match d.rise.cost.fail {
        Some(Threshold::Percent(p)) => json!(p),
        _ => serde_json::Value::Null,
    };
    json!({
        "schema": SCHEMA,
        "base": {"workload": d.base, "file": args.base.display().to_string()},
        "head": {"workload": d.head, "file": args.head.display().to_string()},
        "currency": currency.code(),
        "fail_above": legacy,
        "thresholds": {"cost_cents": tiers(&d.rise.cost), "peak_period_tokens": tiers(&d.rise.tokens)},
        "breached": d.breaches().iter().map(|p| p.plan.as_str()).collect::<Vec<_>>(),
        "warned": d.warnings().iter().map(|p| p.plan.as_str()).collect::<Vec<_>>(),
        "plans": d.plans.iter().map(plan).collect::<Vec<_>>(),
    })
}
