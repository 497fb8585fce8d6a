//! `check`: the CI gate. One plan × billing is simulated and measured against the workload's
//! `[budget]` (flags override it) and, optionally, a saved baseline run; exit 1 on any breach.

use crate::cli::args::non_negative;
use crate::cli::args::{BillingArg, HorizonArgs, TrialsArgs};
use crate::cli::args::{RiseArgs, checked_rise};
use crate::cli::messages::note;
use crate::cli::{Format, Global};
use crate::engine::gate::{Baseline, Check, Gate, Level};
use crate::error::{ExitCode, usage};
use crate::input::catalog::Billing;
use crate::input::catalog::cents;
use crate::input::currency::Currency;
use crate::input::saved;
use crate::input::threshold::{Rise, Threshold};
use crate::plan::Options;
use crate::plan::Report;
use crate::report;
use crate::report::json::{CheckJson, Document};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Workload file (TOML); its `[budget]` table gives the default limits
    pub workload: PathBuf,
    /// Plan key to check
    #[arg(long, value_name = "PLAN")]
    pub plan: String,
    /// Billing to check
    #[arg(long, value_enum, default_value_t = BillingArg::Monthly)]
    pub billing: BillingArg,
    /// Most the horizon may cost, in the catalog's currency (USD by default; overrides
    /// `budget.max_cost`)
    #[arg(long, value_name = "AMOUNT", value_parser = non_negative)]
    pub max_cost: Option<f64>,
    /// Most tokens any billing period may want (peak_period_tokens; overrides the workload)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=crate::input::limits::MAX_TOKEN_LIMIT))]
    pub max_tokens_per_month: Option<u64>,
    /// Largest share of generations that may go to the relaxed queue, 0–1 (overrides the workload)
    #[arg(long, value_name = "F", value_parser = share)]
    pub max_relaxed_share: Option<f64>,
    /// Longest any charge may wait, in days (overrides the workload)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=i64::from(crate::input::limits::MAX_DAYS)))]
    pub max_wait_days: Option<u32>,
    /// A saved `simulate --format json` run to compare against (with --max-increase, the tier
    /// flags below, or the rise keys of the workload's `[budget]`)
    #[arg(long, value_name = "FILE.json")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: the most cost or peak tokens per month may rise, in percent (the same
    /// as `--fail-above PCT% --fail-above-tokens PCT`)
    #[arg(long, value_name = "PCT", value_parser = non_negative, requires = "baseline",
          conflicts_with_all = ["fail_above", "fail_above_tokens"])]
    pub max_increase: Option<f64>,
    /// With --baseline: warn and fail tiers of the rise
    #[command(flatten)]
    pub rise: RiseArgs,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    #[command(flatten)]
    pub trials: TrialsArgs,
    /// With --trials: measure each limit at this percentile of the trials (e.g. 90)
    #[arg(long, value_name = "P", value_parser = percentile)]
    pub percentile: Option<f64>,
}

fn percentile(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 100.0 => Ok(p),
        _ => Err(format!("`{s}` is not a percentile (0 < P ≤ 100)")),
    }
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("expected a share between 0 and 1 (0.2 = 20 %), found `{s}`")),
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format == Format::Csv {
        return Err(g.unsupported_format("check"));
    }
    if let (Some(base), Some(out)) = (&args.baseline, &g.output)
        && g.format != Format::Json
        && crate::cli::output::same_file(base, out)
    {
        return Err(usage(format!(
            "--output {} would replace the baseline {} with a {} report, which no later check can read; \
             add --format json to keep it a baseline, or write the report to another file",
            out.display(),
            base.display(),
            format!("{:?}", g.format).to_lowercase()
        )));
    }
    let catalog = g.catalog()?;
    let (workload, calendar) = g.workload(&args.workload, &catalog, &args.horizon)?;
    let billing: Billing = args.billing.into();
    match (args.percentile, args.trials.trials) {
        (Some(_), None) => return Err(usage("--percentile measures Monte Carlo trials: add --trials N")),
        (None, Some(_)) => {
            return Err(usage(
                "check --trials needs --percentile P: the percentile of the trials each limit is measured at",
            ));
        }
        _ => {}
    }
    let mut limits = Gate {
        budget: workload.budget.clone(),
        baseline: None,
        rise: Rise::default(),
        percentile: args.percentile.map(|p| p / 100.0),
    };
    let b = &mut limits.budget;
    b.max_cost = args.max_cost.map(cents).or(b.max_cost);
    b.max_tokens_per_month = args.max_tokens_per_month.or(b.max_tokens_per_month);
    b.max_relaxed_share = args.max_relaxed_share.or(b.max_relaxed_share);
    b.max_wait_days = args.max_wait_days.or(b.max_wait_days);
    let mut flags = args.rise.rise();
    if let Some(pct) = args.max_increase {
        flags.cost.fail = Some(Threshold::Percent(pct));
        flags.tokens.fail = Some(Threshold::Percent(pct));
    }
    match &args.baseline {
        None if !flags.is_empty() => {
            return Err(usage(
                "--warn-above, --fail-above, --warn-above-tokens and --fail-above-tokens limit the rise over a \
                 baseline: add --baseline FILE.json (a saved `plan-budget simulate --format json` run)",
            ));
        }
        None => {}
        Some(path) => {
            let rise = checked_rise(flags.or(workload.budget.rise), catalog.currency)?;
            if rise.is_empty() {
                return Err(usage(
                    "--baseline needs a limit on the rise: --max-increase PCT, --fail-above, --warn-above, \
                     --fail-above-tokens or --warn-above-tokens, or max_increase, warn_increase, max_tokens_increase \
                     or warn_tokens_increase in the workload's [budget]",
                ));
            }
            limits.baseline = Some(baseline(g, path, &workload.name, &args.plan, billing, catalog.currency)?);
            limits.rise = rise;
        }
    }
    if limits.is_empty() && args.baseline.is_none() && !workload.budget.rise.is_empty() {
        return Err(usage(format!(
            "nothing to check: the [budget] of {} limits only the rise over a baseline (max_increase, warn_increase, \
             max_tokens_increase, warn_tokens_increase): pass --baseline FILE.json, a saved \
             `plan-budget simulate --format json` run",
            args.workload.display()
        )));
    }
    if limits.is_empty() {
        return Err(usage(format!(
            "nothing to check: {} has no [budget] limits and none was given as a flag; add a [budget] table \
             (max_cost, max_tokens_per_month, max_relaxed_share, max_wait_days) or pass --max-cost, \
             --max-tokens-per-month, --max-relaxed-share, --max-wait-days or --baseline with --max-increase",
            args.workload.display()
        )));
    }
    let options = Options {
        plans: vec![args.plan.clone()],
        billing: Some(billing),
        trials: args.trials.get(),
        progress: g.progress(),
        max_work: g.max_work,
        ..Options::default()
    };
    let (mut report, _) = Report::build(&catalog, &workload, calendar, &options, false)?;
    report.recommendation = None; // SPEC §4.1: recommendations belong to simulate/compare/recommend
    let figures = match report.plans.first().map(|p| &p.figures) {
        Some(Ok(f)) => f,
        Some(Err(reason)) => {
            return Err(usage(format!(
                "plan `{}` billed {} cannot be checked: it is not eligible for this workload ({reason})",
                args.plan,
                billing.name()
            )));
        }
        None => return Err(usage(format!("unknown plan `{}`", args.plan))),
    };
    let checks = limits.evaluate(figures);
    let file = args.workload.display().to_string();
    let subject = report.plans.first().map_or(String::new(), |p| {
        format!("{} on {} ({}), billed {}", report.workload, p.label, p.plan, p.billing.name())
    });
    let text = match g.format {
        Format::Table => report::gate::check(&report, &checks, g.style()) + &measured_at(args),
        Format::Markdown => report::markdown::check(&report, &checks) + &measured_at(args),
        Format::Junit => report::junit::check(&report, &checks, &file, &measured_at(args)),
        Format::Github => {
            let mut out = String::new();
            for line in report::github::check(&subject, &checks, &file) {
                out += &line;
                out.push('\n');
            }
            let summary = format!("{} ({subject})", report::gate::result_line(&checks));
            out + &report::github::command("notice", Some(&file), "Token budget check", &summary) + "\n"
        }
        Format::Json => {
            let mut doc = Document::new(&report);
            doc.recommendation = None;
            doc.checks = Some(checks.iter().map(CheckJson::from).collect());
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Format::Csv | Format::Html => return Err(g.unsupported_format("check")),
    };
    let passed = checks.iter().all(Check::pass);
    // A ratchet that a failing check moved would pass on the next run: the baseline stays.
    let baseline_kept = match (&args.baseline, &g.output) {
        (Some(base), Some(out)) if !passed && crate::cli::output::same_file(base, out) => Some(base),
        _ => None,
    };
    match baseline_kept {
        Some(base) => note(format!("baseline {} kept: the check failed", base.display())),
        None => g.emit(&text)?,
    }
    if crate::cli::github_actions() && g.format != Format::Github {
        for line in report::github::check(&subject, &checks, &file) {
            note(line);
        }
    }
    let line = report::gate::result_line(&checks);
    if passed {
        if checks.iter().any(|c| c.level == Level::Warn) {
            note(format!("plan-budget check: {line}"));
        }
        return Ok(ExitCode::Success);
    }
    note(format!("plan-budget check: {line}"));
    Ok(ExitCode::Breach)
}

/// What the Measured column holds when trials ran.
fn measured_at(args: &Args) -> String {
    match (args.percentile, args.trials.trials) {
        (Some(p), Some(n)) => format!(
            "Measured: the {p}th percentile of {n} Monte Carlo trials (baseline rows: the expected run, as saved).\n"
        ),
        _ => String::new(),
    }
}

/// The same plan and billing's figures in a saved run.
fn baseline(
    g: &Global,
    path: &std::path::Path,
    name: &str,
    plan: &str,
    billing: Billing,
    currency: Currency,
) -> anyhow::Result<Baseline> {
    let file = g.read(path)?;
    let run = saved::parse(&file.name, &file.text)?;
    if run.currency != currency {
        return Err(usage(format!(
            "baseline {} is in {}, but the catalog's prices are in {currency}: a rise cannot be measured across \
             currencies; save the baseline again with this catalog (a run saved before plan-budget recorded \
             `catalog.currency` counts as USD)",
            path.display(),
            run.currency
        )));
    }
    if run.workload != name {
        note(format!(
            "warning: baseline {} was saved from workload \"{}\", not \"{name}\": is it the right file?",
            path.display(),
            run.workload
        ));
    }
    let entry = run.plans.iter().find(|p| p.plan == plan && p.billing == billing).ok_or_else(|| {
        let have: Vec<String> = run.plans.iter().map(|p| format!("{} ({})", p.plan, p.billing.name())).collect();
        usage(format!(
            "baseline {} has no entry for plan `{plan}` billed {}; it has: {}",
            path.display(),
            billing.name(),
            if have.is_empty() { "no plans".to_string() } else { have.join(", ") }
        ))
    })?;
    match &entry.metrics {
        Ok(m) => Ok(Baseline { cost_cents: m.cost_cents, peak_period_tokens: m.peak_period_tokens }),
        Err(reason) => Err(usage(format!(
            "baseline {}: plan `{plan}` billed {} was not eligible there ({reason}), so there is nothing to compare",
            path.display(),
            billing.name()
        ))),
    }
}
