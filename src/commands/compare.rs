//! `compare`: every eligible plan side by side, both billings, and the recommendation.

use super::recommend::PolicyArgs;
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
    /// Plan key to compare (repeatable; default: every plan)
    #[arg(long = "plan", value_name = "PLAN")]
    pub plans: Vec<String>,
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    #[command(flatten)]
    pub trials: TrialsArgs,
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    let catalog = g.catalog()?;
    let mut workload = Workload::load(&args.workload, &catalog)?;
    let calendar = args.horizon.apply(&mut workload)?;
    args.policy.apply(&mut workload);
    let options = Options {
        plans: args.plans.clone(),
        accounts: args.policy.accounts,
        trials: args.trials.get(),
        confidence: args.policy.confidence,
        progress: g.progress(),
        ..Options::default()
    };
    let (report, _) = Report::build(&catalog, &workload, calendar, &options, false)?;
    let text = match g.format {
        Format::Table => report::table::compare(&report, g.style()),
        Format::Json => serde_json::to_string_pretty(&Document::new(&report))? + "\n",
        Format::Markdown => report::markdown::compare(&report),
        Format::Csv => report::csv::periods(&report),
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}
