//! `recommend`: the cheapest feasible plan and billing (R9a), and why not the cheaper ones.

use super::simulate::{HorizonArgs, TrialsArgs};
use crate::cli::{Format, Global};
use crate::exit_codes::ExitCode;
use crate::report::{self, Options, Report, json::Document};
use crate::workload::Workload;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Workload file (TOML)
    pub workload: PathBuf,
    /// Only consider these plans (repeatable; default: every plan)
    #[arg(long = "plan", value_name = "PLAN")]
    pub plans: Vec<String>,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Also consider switching plans for seasonal peaks (R13, monthly billing)
    #[arg(long)]
    pub allow_switch: bool,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    #[command(flatten)]
    pub trials: TrialsArgs,
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
    #[arg(long, value_name = "SHARE", default_value_t = 0.9, value_parser = share)]
    pub confidence: f64,
    /// Price single-seat plans as N separate accounts sharing the demand evenly (R12)
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

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    let catalog = g.catalog()?;
    let mut workload = Workload::load(&args.workload, &catalog)?;
    let calendar = args.horizon.apply(&mut workload)?;
    args.policy.apply(&mut workload);
    let options = Options {
        plans: args.plans.clone(),
        accounts: args.policy.accounts,
        allow_switch: args.allow_switch,
        trials: args.trials.get(),
        confidence: args.policy.confidence,
        progress: g.progress(),
        ..Options::default()
    };
    let (report, _) = Report::build(&catalog, &workload, calendar, &options, false)?;
    let text = match g.format {
        Format::Table => report::table::recommend(&report, g.style()),
        Format::Json => serde_json::to_string_pretty(&Document::new(&report))? + "\n",
        Format::Markdown => report::markdown::recommendation(&report),
        Format::Csv => return Err(g.unsupported_format("recommend")),
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}
