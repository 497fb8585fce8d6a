//! `diff`: per-plan change between a base and a head, each a workload (simulated now) or a saved
//! `simulate --format json` run; `--fail-above PCT` turns a cost rise into exit code 1.

use crate::cli::args::non_negative;
use crate::cli::args::{BillingArg, HorizonArgs};
use crate::cli::{Format, Global};
use crate::error::{ExitCode, usage};
use crate::input::catalog::Billing;
use crate::input::catalog::Catalog;
use crate::input::saved;
use crate::input::saved::PlanSummary;
use crate::input::source::SourceFile;
use crate::plan::Options;
use crate::plan::Report;
use crate::report;
use crate::report::diff::{Amount, Diff, Figure, PlanDiff};
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
    /// Exit 1 when any plan's total cost rises by more than PCT percent
    #[arg(long, value_name = "PCT", value_parser = non_negative)]
    pub fail_above: Option<f64>,
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
) -> anyhow::Result<(String, Vec<PlanSummary>)> {
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
            Ok((run.workload, kept))
        }
        Side::Workload(source) => {
            let mut workload = g.workload_from(&source, catalog)?;
            let calendar = HorizonArgs::default().apply(&mut workload)?;
            let options = Options { plans: plans.to_vec(), billing: Some(billing), ..Options::default() };
            let (report, _) = Report::build(catalog, &workload, calendar, &options, false)?;
            Ok((report.workload.clone(), report.summaries()))
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
    let (base_name, base_plans) = summaries(g, base, &args.base, &catalog, &args.plans, billing)?;
    let (head_name, head_plans) = summaries(g, head, &args.head, &catalog, &args.plans, billing)?;
    for key in &args.plans {
        if !base_plans.iter().chain(&head_plans).any(|p| &p.plan == key) {
            return Err(usage(format!("plan `{key}` billed {} is in neither side", billing.name())));
        }
    }
    let mut diff = Diff::new(base_name, base_plans, head_name, head_plans);
    diff.fail_above = args.fail_above;
    let text = match g.format {
        Format::Table => report::gate::diff(&diff, g.style()),
        Format::Markdown => report::markdown::diff(&diff),
        Format::Json => serde_json::to_string_pretty(&document(&diff, args))? + "\n",
        Format::Csv | Format::Html => return Err(g.unsupported_format("diff")),
    };
    g.emit(&text)?;
    let over = diff.breaches();
    if over.is_empty() {
        return Ok(ExitCode::Success);
    }
    let names: Vec<String> = over.iter().map(|p| p.name()).collect();
    crate::cli::messages::note(format!(
        "diff failed: total cost rose more than {}% for {}",
        args.fail_above.unwrap_or(0.0),
        names.join(", ")
    ));
    Ok(ExitCode::Breach)
}

/// `diff --format json` (documented in docs/json-schema.md).
fn document(d: &Diff, args: &Args) -> serde_json::Value {
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
        })
    };
    json!({
        "schema": SCHEMA,
        "base": {"workload": d.base, "file": args.base.display().to_string()},
        "head": {"workload": d.head, "file": args.head.display().to_string()},
        "fail_above": d.fail_above,
        "breached": d.breaches().iter().map(|p| p.plan.as_str()).collect::<Vec<_>>(),
        "plans": d.plans.iter().map(plan).collect::<Vec<_>>(),
    })
}
