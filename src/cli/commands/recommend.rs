//! `recommend`: the cheapest feasible plan and billing (R9a), and why not the cheaper ones.

use crate::cli::args::{HorizonArgs, TrialsArgs};
use crate::cli::messages::note;
use crate::cli::{Format, Global};
use crate::engine::calendar::Calendar;
use crate::engine::figures::PlanRun;
use crate::error::ExitCode;
use crate::input::catalog::Catalog;
use crate::input::workload::Workload;
use crate::plan::Options;
use crate::plan::Report;
use crate::report;
use crate::report::json::Document;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub decide: DecideArgs,
    /// Also consider switching plans for seasonal peaks (monthly billing; not with --trials)
    #[arg(long, conflicts_with = "trials")]
    pub allow_switch: bool,
}

/// What `compare` and `recommend` share: the workload, the plans, policy, horizon and trials.
#[derive(clap::Args, Debug)]
pub struct DecideArgs {
    /// Workload file (TOML)
    pub workload: PathBuf,
    /// Only these plans (repeatable; default: every plan)
    #[arg(long = "plan", value_name = "PLAN")]
    pub plans: Vec<String>,
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    #[command(flatten)]
    pub trials: TrialsArgs,
}

/// A decision's inputs, its report and the runs behind it (pictures read them).
pub struct Decided {
    pub catalog: Catalog,
    pub workload: Workload,
    pub calendar: Calendar,
    pub options: Options,
    pub report: Report,
    pub runs: Vec<PlanRun>,
}

impl DecideArgs {
    /// Loads the workload, applies the overrides and simulates both billings of every plan.
    /// `daily`: keep a snapshot per day for the pictures (`--format html`).
    pub fn decide(&self, g: &Global, allow_switch: bool, daily: bool) -> anyhow::Result<Decided> {
        let catalog = g.catalog()?;
        let (mut workload, calendar) = g.workload(&self.workload, &catalog, &self.horizon)?;
        self.policy.apply(&mut workload);
        for text in Workload::unknown_features(&self.policy.require, &catalog) {
            note(format!("note: --require: {text}"));
        }
        let options = Options {
            plans: self.plans.clone(),
            accounts: self.policy.accounts,
            allow_switch,
            trials: self.trials.get(),
            confidence: self.policy.confidence,
            progress: g.progress(),
            daily,
            max_work: g.max_work,
            ..Options::default()
        };
        let (report, runs) = Report::build(&catalog, &workload, calendar.clone(), &options, false)?;
        note_accounts_rounding(&runs, options.accounts);
        Ok(Decided { catalog, workload, calendar, options, report, runs })
    }
}

/// Feasibility limits (R9a) and seats, overriding the workload's `[policy]` and `require`.
#[derive(clap::Args, Debug, Clone)]
pub struct PolicyArgs {
    /// Longest acceptable wait in days (overrides policy.max_wait_days)
    #[arg(long, value_name = "DAYS")]
    pub max_wait_days: Option<u32>,
    /// Largest acceptable share of relaxed generations, 0–1 (overrides policy.max_relaxed_share)
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub max_relaxed_share: Option<f64>,
    /// A plan feature the workload needs (repeatable; added to `require`)
    #[arg(long = "require", value_name = "FEATURE")]
    pub require: Vec<String>,
    /// With --trials: the share of trials a plan must be feasible in
    #[arg(long, value_name = "SHARE", default_value_t = 0.9, value_parser = share, requires = "trials")]
    pub confidence: f64,
    /// Price single-seat plans as N separate accounts sharing the demand evenly
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub accounts: u32,
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a share between 0 and 1")),
    }
}

impl PolicyArgs {
    pub fn apply(&self, workload: &mut Workload) {
        if let Some(d) = self.max_wait_days {
            workload.policy.max_wait_days = d;
        }
        if let Some(s) = self.max_relaxed_share {
            workload.policy.max_relaxed_share = s;
        }
        for f in &self.require {
            if !workload.require.contains(f) {
                workload.require.push(f.clone());
            }
        }
    }
}

/// `--accounts N` rounds each account's share of the work on its own (R6): with small shares
/// that adds or loses demand. Say so when it moves the total by more than 1 %.
fn note_accounts_rounding(runs: &[PlanRun], accounts: u32) {
    let wanted = |split: bool| runs.iter().find(|r| (r.accounts > 1) == split).map(|r| r.run.tally.tokens_wanted);
    if let (Some(pooled), Some(split)) = (wanted(false), wanted(true)) {
        let drift = (split as f64 - pooled as f64) / (pooled.max(1) as f64);
        if drift.abs() > 0.01 {
            note(format!(
                "note: --accounts {accounts}: each account's share is rounded on its own, which changes the \
                 demand by {:+.1}% ({} tokens wanted over the accounts, {} in one pool); fewer accounts stay closer",
                drift * 100.0,
                crate::units::thousands(split),
                crate::units::thousands(pooled)
            ));
        }
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    let report = args.decide.decide(g, args.allow_switch, false)?.report;
    let text = match g.format {
        Format::Table => report::table::recommend(&report, g.style()),
        Format::Json => serde_json::to_string_pretty(&Document::new(&report))? + "\n",
        Format::Markdown => report::markdown::recommendation(&report),
        Format::Csv | Format::Html | Format::Junit | Format::Github => return Err(g.unsupported_format("recommend")),
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}
