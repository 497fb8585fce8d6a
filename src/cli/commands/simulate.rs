//! `simulate`: per-plan timelines and totals.

use crate::cli::args::{BillingArg, HorizonArgs, TrialsArgs, parse_date};
use crate::cli::{Format, Global};
use crate::engine::calendar::By;
use crate::error::ExitCode;
use crate::plan::Options;
use crate::plan::Report;
use crate::plan::daily;
use crate::report;
use crate::report::chart::{self, Look};
use crate::report::{html, json::Document};
use crate::{input::limits, report::ledger_csv};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::PathBuf;

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
    /// Change plan on a date (monthly billing, one --plan): an upgrade at once, a
    /// downgrade at the next billing date (repeatable)
    #[arg(long = "switch", value_name = "PLAN@DATE", value_parser = parse_switch)]
    pub switches: Vec<(String, NaiveDate)>,
    /// Write every token movement as CSV (plan,date,kind,bucket,tokens,balance_after,reason)
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// Balance chart under the tables: `auto` draws it when writing to a terminal
    #[arg(long, value_enum, default_value_t = ChartArg::Auto, value_name = "WHEN")]
    pub chart: ChartArg,
    #[command(flatten)]
    pub trials: TrialsArgs,
}

/// `premium@2026-06-01`.
fn parse_switch(s: &str) -> Result<(String, NaiveDate), String> {
    let (plan, date) = s.split_once('@').ok_or("expected PLAN@DATE, e.g. premium@2026-06-01")?;
    let date = parse_date(date)?;
    Ok((plan.to_string(), date))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartArg {
    Auto,
    Always,
    Never,
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
    let (workload, calendar) = g.workload(&args.workload, &catalog, &args.horizon)?;
    if args.ledger.is_some() && crate::engine::work::check_volume(&workload, &calendar)? > limits::MAX_LEDGER_CHARGES {
        anyhow::bail!(
            "--ledger keeps one row per token movement; this run wants more than {} charges: \
             shorten the horizon or drop --ledger",
            limits::MAX_LEDGER_CHARGES
        );
    }
    let terminal = g.output.as_ref().is_none_or(|p| p.as_os_str() == "-") && std::io::stdout().is_terminal();
    let chart = args.chart == ChartArg::Always || (args.chart == ChartArg::Auto && terminal);
    let options = Options {
        plans: args.plans.clone(),
        billing: Some(args.billing.into()),
        by: args.by.into(),
        switches: args.switches.clone(),
        trials: args.trials.get(),
        progress: g.progress(),
        daily: g.format == Format::Html || (g.format == Format::Table && chart),
        max_work: g.max_work,
        ..Options::default()
    };
    let (report, runs) = Report::build(&catalog, &workload, calendar.clone(), &options, args.ledger.is_some())?;
    let text = match g.format {
        Format::Table => {
            let mut text = report::table::simulate(&report, g.style());
            if chart {
                let days = daily::series(&catalog, &calendar, &report, &runs);
                let look = Look { ascii: g.style().ascii, color: terminal && !g.style().ascii };
                text += &chart::render(&days, report.start, report.end, look);
            }
            text
        }
        Format::Json => serde_json::to_string_pretty(&Document::new(&report))? + "\n",
        Format::Csv => {
            for line in report::table::ineligible(&report).lines().filter(|l| !l.is_empty()) {
                crate::cli::messages::note(format!("note: {line}"));
            }
            report::csv::periods(&report)
        }
        Format::Markdown => report::markdown::simulate(&report),
        Format::Html => html::page(&report, &daily::series(&catalog, &calendar, &report, &runs)),
        Format::Junit | Format::Github => return Err(g.unsupported_format("simulate")),
    };
    let ledger = args.ledger.as_ref().map(|path| (path, ledger_csv::render(&catalog, &workload, &calendar, &runs)));
    let files: Vec<crate::cli::output::File> = ledger
        .iter()
        .map(|(p, csv)| crate::cli::output::File { what: "the ledger", path: p.as_path(), bytes: csv.as_bytes() })
        .collect();
    g.emit_with(&text, &files)?;
    Ok(ExitCode::Success)
}
