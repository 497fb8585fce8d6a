//! `status`: where you stand this cycle (R14), from the balances on the token counter, and what
//! to do about it; `--fail-if` turns the verdict into an exit code for scheduled jobs.

use crate::cli::args::{TrialsArgs, parse_date};
use crate::cli::{Format, Global};
use crate::engine::figures::PlanRun;
use crate::engine::ledger::Start;
use crate::engine::simulation::Verdict;
use crate::engine::status::State;
use crate::error::{Breach, ExitCode};
use crate::input::limits;
use crate::input::limits::MAX_MONTHS;
use crate::plan::plan_index;
use crate::report::ledger_csv;
use crate::report::status::View;
use chrono::NaiveDate;
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Workload file (TOML): what you make; its start and horizon are not used
    pub workload: PathBuf,
    /// The plan you are on
    #[arg(long, value_name = "PLAN")]
    pub plan: String,
    /// The next date your plan renews (its next billing date, after --today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub renews: NaiveDate,
    /// The day the balances are from [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Fast (monthly) tokens left this cycle, as the token counter shows them
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub monthly: u64,
    /// Tokens in the rollover bank
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub bank: u64,
    /// Top-up tokens left
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub topup: u64,
    /// Billing periods to look past the current one (0: to the day before --renews)
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_MONTHS)))]
    pub months: u32,
    /// Exit 1 when the verdict of staying on the plan is this or worse (short > waits > relaxed > topups)
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_if: Option<FailIf>,
    /// Write every token movement of the stay run as CSV (plan,date,kind,bucket,tokens,balance_after,reason)
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    #[command(flatten)]
    pub trials: TrialsArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailIf {
    Short,
    Waits,
    Relaxed,
    Topups,
}

impl From<FailIf> for Verdict {
    fn from(f: FailIf) -> Verdict {
        match f {
            FailIf::Short => Verdict::Short,
            FailIf::Waits => Verdict::Waits,
            FailIf::Relaxed => Verdict::Relaxed,
            FailIf::Topups => Verdict::Topups,
        }
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if matches!(g.format, Format::Csv | Format::Html) {
        return Err(g.unsupported_format("status"));
    }
    let catalog = g.catalog()?;
    let plan = plan_index(&catalog, &args.plan)?;
    let today = args.today.unwrap_or_else(crate::cli::today);
    let state = State {
        today,
        renews: args.renews,
        months: args.months,
        balances: Start { monthly: args.monthly, rollover: args.bank, topup: args.topup },
        max_work: g.max_work,
    };
    // The state is checked (R14) before its horizon is laid out; warnings are judged on it.
    let (workload, _) = g.workload_on(&args.workload, &catalog, |w| {
        crate::engine::status::check_state(&catalog, w, plan, &state)
            .map_err(|e| crate::error::usage(e.to_string()))?;
        crate::engine::status::calendar(&state)
    })?;
    if crate::engine::calendar::billing_date(today, 1).is_some_and(|d| args.renews > d) {
        crate::cli::messages::note(format!(
            "note: --renews {} is more than a month after {today}: monthly tokens renew every month, so period 0 \
             (already paid) runs longer than a billing month",
            args.renews
        ));
    }
    if args.ledger.is_some() {
        let calendar = crate::engine::status::calendar(&state)?;
        if crate::engine::work::check_volume(&workload, &calendar)? > limits::MAX_LEDGER_CHARGES {
            anyhow::bail!(
                "--ledger keeps one row per token movement; this run wants more than {} charges: \
                 use a smaller --months or drop --ledger",
                limits::MAX_LEDGER_CHARGES
            );
        }
    }
    let bar = (g.progress() && args.trials.trials.is_some_and(|n| n >= 2_000)).then(|| {
        let bar = indicatif::ProgressBar::new(u64::from(args.trials.trials.unwrap_or(0)));
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} trials {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let tick = |done: u64| {
        if let Some(b) = &bar {
            b.inc(done);
        }
    };
    let mut status =
        crate::engine::status::run(&catalog, &workload, plan, &state, args.trials.get(), args.ledger.is_some(), &tick)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let rows = status.rows.take();
    let view = View { catalog: &catalog, workload: &workload, status: &status };
    let text = match g.format {
        Format::Json => crate::report::status::json(&view)?,
        Format::Markdown => crate::report::status::markdown(&view),
        _ => crate::report::status::table_text(&view, g.style()),
    };
    let ledger = args.ledger.as_ref().map(|path| {
        let runs = [PlanRun { order: plan, accounts: 1, run: status.figures.run.clone(), rows }];
        (path, ledger_csv::render(&catalog, &workload, &status.calendar, &runs))
    });
    let files: Vec<crate::cli::output::File> = ledger
        .iter()
        .map(|(p, csv)| crate::cli::output::File { what: "the ledger", path: p.as_path(), bytes: csv.as_bytes() })
        .collect();
    g.emit_with(&text, &files)?;
    if let Some(reason) = args.fail_if.and_then(|f| crate::report::status::breach(&view, f.into())) {
        return Err(Breach(reason).into());
    }
    Ok(ExitCode::Success)
}
