//! `simulate`: per-plan timelines and totals.

use crate::calendar::{By, Calendar};
use crate::cli::{Format, Global};
use crate::exit_codes::ExitCode;
use crate::montecarlo::{MAX_TRIALS, Trials};
use crate::report::chart::{self, Look};
use crate::report::{self, Options, Report, daily, html, json::Document};
use crate::simulation::Billing;
use crate::workload::{Horizon, MAX_DAYS, MAX_MONTHS, Workload};
use crate::{ledger_csv, limits};
use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Workload file (TOML)
    pub workload: PathBuf,
    /// Plan key to simulate (repeatable; default: every plan)
    #[arg(long = "plan", value_name = "PLAN")]
    pub plans: Vec<String>,
    /// Billing to report
    #[arg(long, value_enum, default_value_t = BillingArg::Monthly)]
    pub billing: BillingArg,
    /// Rows of the timeline
    #[arg(long, value_enum, default_value_t = ByArg::Month)]
    pub by: ByArg,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    /// Change plan on a date (R13; monthly billing, one --plan): an upgrade at once, a
    /// downgrade at the next billing date (repeatable)
    #[arg(long = "switch", value_name = "PLAN@DATE", value_parser = parse_switch)]
    pub switches: Vec<(String, NaiveDate)>,
    /// Write every token movement as CSV (SPEC §4.2)
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Balance chart under the tables: `auto` draws it when writing to a terminal
    #[arg(long, value_enum, default_value_t = ChartArg::Auto, value_name = "WHEN")]
    pub chart: ChartArg,
    #[command(flatten)]
    pub trials: TrialsArgs,
}

/// `premium@2026-06-01`.
/// A `YYYY-MM-DD` date, or a message saying so.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    s.parse::<NaiveDate>().map_err(|e| format!("`{s}` is not a date (YYYY-MM-DD, e.g. 2027-01-31): {e}"))
}

fn parse_switch(s: &str) -> Result<(String, NaiveDate), String> {
    let (plan, date) = s.split_once('@').ok_or("expected PLAN@DATE, e.g. premium@2026-06-01")?;
    let date = parse_date(date)?;
    Ok((plan.to_string(), date))
}

/// `--trials N --seed S`: Monte Carlo over random demand (SPEC §5).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct TrialsArgs {
    /// Monte Carlo: run N trials of random demand (Poisson days, Gamma crunch weeks)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_TRIALS)))]
    pub trials: Option<u32>,
    /// Monte Carlo seed: the same seed gives the same output
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}

impl TrialsArgs {
    pub fn get(&self) -> Option<Trials> {
        self.trials.map(|n| Trials { n, seed: self.seed })
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartArg {
    Auto,
    Always,
    Never,
}

/// `--start`, `--months`, `--days`: override the workload's horizon.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct HorizonArgs {
    /// First simulated day and billing anchor (overrides the workload's `start`)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Horizon in calendar months (overrides the workload)
    #[arg(long, conflicts_with = "days", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_MONTHS)))]
    pub months: Option<u32>,
    /// Horizon in days (overrides the workload)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DAYS)))]
    pub days: Option<u32>,
}

impl HorizonArgs {
    /// Applies the overrides and lays out the calendar.
    pub fn apply(&self, workload: &mut Workload) -> anyhow::Result<Calendar> {
        if let Some(start) = self.start {
            workload.start = start;
        }
        if let Some(m) = self.months {
            workload.horizon = Horizon::Months(m);
        }
        if let Some(d) = self.days {
            workload.horizon = Horizon::Days(d);
        }
        let calendar = Calendar::new(workload.start, workload.horizon).context(
            "the horizon runs past 9999-12-31, the last supported date: use an earlier start or a shorter horizon",
        )?;
        limits::check_volume(workload, &calendar)?;
        Ok(calendar)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillingArg {
    Monthly,
    Annual,
}

impl From<BillingArg> for Billing {
    fn from(b: BillingArg) -> Billing {
        match b {
            BillingArg::Monthly => Billing::Monthly,
            BillingArg::Annual => Billing::Annual,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByArg {
    Day,
    Week,
    Month,
}

impl From<ByArg> for By {
    fn from(b: ByArg) -> By {
        match b {
            ByArg::Day => By::Day,
            ByArg::Week => By::Week,
            ByArg::Month => By::Month,
        }
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    let catalog = g.catalog()?;
    let mut workload = g.workload(&args.workload, &catalog)?;
    let calendar = args.horizon.apply(&mut workload)?;
    if args.ledger.is_some() && limits::check_volume(&workload, &calendar)? > limits::MAX_LEDGER_CHARGES {
        anyhow::bail!(
            "--ledger keeps one row per token movement; this run wants more than {} charges: \
             shorten the horizon or drop --ledger",
            limits::MAX_LEDGER_CHARGES
        );
    }
    let options = Options {
        plans: args.plans.clone(),
        billing: Some(args.billing.into()),
        by: args.by.into(),
        switches: args.switches.clone(),
        trials: args.trials.get(),
        progress: g.progress(),
        ..Options::default()
    };
    let (report, runs) = Report::build(&catalog, &workload, calendar.clone(), &options, args.ledger.is_some())?;
    let terminal = g.output.as_ref().is_none_or(|p| p.as_os_str() == "-") && std::io::stdout().is_terminal();
    let text = match g.format {
        Format::Table => {
            let mut text = report::table::simulate(&report, g.style());
            if args.chart == ChartArg::Always || (args.chart == ChartArg::Auto && terminal) {
                let days = daily::series(&catalog, &workload, &calendar, &report, &options)?;
                let look = Look { ascii: g.style().ascii, color: terminal && !g.style().ascii };
                text += &chart::render(&days, report.start, report.end, look);
            }
            text
        }
        Format::Json => serde_json::to_string_pretty(&Document::new(&report))? + "\n",
        Format::Csv => {
            if !g.quiet {
                for line in report::table::ineligible(&report).lines().filter(|l| !l.is_empty()) {
                    eprintln!("note: {line}");
                }
            }
            report::csv::periods(&report)
        }
        Format::Markdown => report::markdown::simulate(&report),
        Format::Html => html::page(&report, &daily::series(&catalog, &workload, &calendar, &report, &options)?),
    };
    let ledger = args.ledger.as_ref().map(|path| (path, ledger_csv::render(&catalog, &workload, &calendar, &runs)));
    let files: Vec<(&Path, &[u8])> = ledger.iter().map(|(p, csv)| (p.as_path(), csv.as_bytes())).collect();
    g.emit_with(&text, &files)?;
    Ok(ExitCode::Success)
}
