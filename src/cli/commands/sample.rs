//! `sample`: one Monte Carlo trial of a workload's demand written as a usage history (§5.1).

use crate::cli::args::HorizonArgs;
use crate::cli::{Format, Global};
use crate::engine::montecarlo::{self, Trials};
use crate::engine::simulation::Scenario;
use crate::error::ExitCode;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Workload file (TOML)
    pub workload: PathBuf,
    /// Monte Carlo seed: the history is trial 0 of `--trials N --seed S`
    #[arg(long, value_name = "S")]
    pub seed: u64,
    #[command(flatten)]
    pub horizon: HorizonArgs,
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if !matches!(g.format, Format::Table | Format::Csv) {
        return Err(g.unsupported_format("sample"));
    }
    let catalog = g.catalog()?;
    let (workload, calendar) = g.workload(&args.workload, &catalog, &args.horizon)?;
    let scenario = Scenario::new(&catalog, &workload, calendar);
    // Trial 0 of `--trials N --seed S`: the same draws as that run's first trial (§5).
    let demand = montecarlo::demand(&scenario, Trials { n: 1, seed: args.seed }, 0)?;
    g.emit(&crate::report::history::sample(&scenario, &demand))?;
    Ok(ExitCode::Success)
}
