//! Command-line interface: the clap types shared by every command and the dispatch to
//! `commands::*`. The engine modules never see these types.

use crate::error::{ExitCode, usage};
use crate::input::catalog::Catalog;
use crate::input::source::SourceFile;
use crate::input::workload::Workload;
use crate::report::table::Style;
pub mod args;
pub mod commands;
pub mod messages;
pub mod output;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "plan-budget",
    version,
    about = "Token budget planner for token-billed AI image platforms (Leonardo.Ai first)",
    after_help = "Exit codes: 0 success, 1 a budget limit breached, 2 bad usage or invalid input."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug)]
pub struct Global {
    /// Catalog file to load instead of the embedded default (repeatable; later files replace
    /// entries of the same key)
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Vec<PathBuf>,
    /// Output format (each command's help lists the formats it offers)
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the output to FILE (atomically; `-` = stdout)
    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No colour or Unicode box drawing (also when NO_COLOR is set and not empty)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// No progress or warnings on stderr
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// You checked the catalog's prices against the Generate button on DATE: the stale-price
    /// warning counts from then (for CI: the environment variable)
    #[arg(long, global = true, value_name = "DATE", env = "PLAN_BUDGET_PRICES_CHECKED", value_parser = args::parse_date)]
    pub prices_checked: Option<chrono::NaiveDate>,
    /// Replace a write-protected --output or --ledger file; with `init`, overwrite an
    /// existing --output file
    #[arg(long, global = true)]
    pub force: bool,
    /// The most work a run may take, in units (one day of one activity, or one charge, on one
    /// plan in one run): 4e9 by default, a few seconds; at most 2e10
    #[arg(long, global = true, value_name = "UNITS", default_value_t = crate::input::limits::DEFAULT_WORK, value_parser = args::parse_work)]
    pub max_work: f64,
    /// The stale-price warning, held for the end of table output (shown once).
    #[arg(skip)]
    pub stale: std::cell::RefCell<Option<String>>,
    /// Every input file as first read (see `read`).
    #[arg(skip)]
    pub inputs: Inputs,
}

/// The input files of one run, each read once into memory: a pipe (`<(cat w.toml)`,
/// `/dev/stdin`) can be read only once, and a file read twice could change in between.
#[derive(Debug, Default)]
pub struct Inputs(std::cell::RefCell<Vec<(PathBuf, SourceFile)>>);

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    /// A self-contained HTML page with SVG charts (`simulate`, `compare`)
    Html,
    /// JUnit XML, one testcase per limit (`check`)
    Junit,
    /// GitHub Actions annotations: `::error::` and `::warning::` lines (`check`, `diff`)
    Github,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate the token ledger day by day for one or every plan
    Simulate(commands::simulate::Args),
    /// What one generation costs, with the breakdown
    Cost(commands::cost::Args),
    /// The catalog: plans, allowances, banks, prices, relaxed kinds, sources
    Plans,
    /// The catalog's actions: price (1 and 4 images, formula, or "not published"), relaxed
    /// plans, legacy, estimate, source
    Actions,
    /// Plans side by side (both billings) with the recommendation
    Compare(commands::compare::Args),
    /// The cheapest feasible plan and billing, and why not the cheaper ones
    Recommend(commands::recommend::Args),
    /// Where you stand this cycle: the day you run dry or what expires at renewal, and the options
    Status(commands::status::Args),
    /// Print a commented starter workload
    Init(commands::init::Args),
    /// How many generations of one setting each plan gives, fast
    Capacity(commands::capacity::Args),
    /// CI gate: check one plan against budget limits (exit 1 when a limit is breached)
    Check(commands::check::Args),
    /// Per-plan change between two workloads or saved JSON runs
    Diff(commands::diff::Args),
    /// Print shell completions
    Completions(commands::completions::Args),
    /// Print a man page (roff): the main page, one per subcommand, or the workload format
    Man(commands::completions::ManArgs),
    /// Check catalogs and workloads; report every problem, not only the first
    Validate(commands::validate::Args),
    /// One Monte Carlo trial of a workload's demand, written as a usage history (CSV)
    Sample(commands::sample::Args),
    /// A workload fitted from a usage history (CSV, or the platform's history JSON)
    Fit(commands::fit::Args),
}

impl Global {
    pub fn style(&self) -> Style {
        // no-color.org: NO_COLOR counts when it is present and not empty.
        Style { ascii: self.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) }
    }

    /// The text of the input at `path`, read on first use and kept: every command reads its
    /// inputs through here, so none is read twice.
    pub fn read(&self, path: &Path) -> Result<SourceFile, crate::input::diagnostic::Diagnostic> {
        if let Some((_, file)) = self.inputs.0.borrow().iter().find(|(p, _)| p == path) {
            return Ok(file.clone());
        }
        let file = SourceFile::read(path)?;
        self.inputs.0.borrow_mut().push((path.to_path_buf(), file.clone()));
        Ok(file)
    }

    /// The `--catalog` files merged in order, or the embedded default. A stale catalog's
    /// warning goes once to the end of table output (whatever `--quiet`), or to stderr for the
    /// other formats (unless `--quiet`); `--prices-checked` moves the date it counts from.
    pub fn catalog(&self) -> anyhow::Result<Catalog> {
        let files = self.catalog.iter().map(|p| self.read(p)).collect::<Result<Vec<_>, _>>()?;
        let catalog = Catalog::load_merged(&files)?;
        crate::units::set_currency(catalog.currency);
        let today = today();
        if let Some(checked) = self.prices_checked
            && checked > today
        {
            return Err(usage(format!(
                "--prices-checked {checked} (or PLAN_BUDGET_PRICES_CHECKED) is after today, {today}: give the day you checked the prices"
            )));
        }
        if let Some(warning) = catalog.staleness(today, self.prices_checked) {
            let warning = format!("warning: {warning}");
            if self.format == Format::Table {
                *self.stale.borrow_mut() = Some(warning);
            } else {
                crate::cli::messages::note(warning);
            }
        }
        Ok(catalog)
    }

    /// The workload at `path`, checked against `catalog`, and the calendar of the horizon
    /// `horizon` makes of it (`--start`, `--months`, `--days`). Its warnings (SPEC §1.3),
    /// judged on that horizon, go to stderr unless `--quiet`.
    pub fn workload(
        &self,
        path: &Path,
        catalog: &Catalog,
        horizon: &crate::cli::args::HorizonArgs,
    ) -> anyhow::Result<(Workload, crate::engine::calendar::Calendar)> {
        self.workload_on(path, catalog, |w| horizon.apply(w))
    }

    /// `workload` with the calendar made by `calendar` (`status` runs from today, R14).
    pub fn workload_on(
        &self,
        path: &Path,
        catalog: &Catalog,
        calendar: impl FnOnce(&mut Workload) -> anyhow::Result<crate::engine::calendar::Calendar>,
    ) -> anyhow::Result<(Workload, crate::engine::calendar::Calendar)> {
        self.workload_from(&self.read(path)?, catalog, calendar)
    }

    /// `workload_on` from a file already read (a `diff` side).
    pub fn workload_from(
        &self,
        file: &SourceFile,
        catalog: &Catalog,
        calendar: impl FnOnce(&mut Workload) -> anyhow::Result<crate::engine::calendar::Calendar>,
    ) -> anyhow::Result<(Workload, crate::engine::calendar::Calendar)> {
        let mut workload = crate::engine::validate::load_workload(file, catalog)?;
        let calendar = calendar(&mut workload)?;
        for warning in crate::engine::validate::warnings(file, catalog, &workload, &calendar) {
            crate::cli::messages::note(format_args!("{warning}\n"));
        }
        Ok((workload, calendar))
    }

    /// Writes a command's output to `--output` (atomically) or stdout.
    pub fn emit(&self, text: &str) -> anyhow::Result<()> {
        self.emit_with(text, &[])
    }

    /// `emit` together with other files of the same run (the ledger): all or none are written.
    pub fn emit_with(&self, text: &str, files: &[crate::cli::output::File]) -> anyhow::Result<()> {
        let mut all = files.to_vec();
        let text = match self.stale.borrow_mut().take() {
            Some(warning) => {
                format!("{text}{}\n{warning}\n", if text.is_empty() || text.ends_with('\n') { "" } else { "\n" })
            }
            None => text.to_string(),
        };
        all.push(crate::cli::output::File {
            what: "the report",
            path: self.output.as_deref().unwrap_or(Path::new("-")),
            bytes: text.as_bytes(),
        });
        crate::cli::output::write_all(&all, self.force)
    }

    /// Progress bars only on a terminal, never under `--quiet`.
    pub fn progress(&self) -> bool {
        !self.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())
    }

    /// An error for a `--format` this command does not offer.
    pub fn unsupported_format(&self, command: &str) -> anyhow::Error {
        let format = format!("{:?}", self.format).to_lowercase();
        usage(format!("--format {format} is not available for `{command}`; it offers {}", formats(command)))
    }
}

/// Running as a GitHub Actions step (`GITHUB_ACTIONS=true`): `check` and `diff` then add
/// `::error::`/`::warning::` annotation lines on stderr.
pub fn github_actions() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// The `--format` values a command offers, as its help and its refusal say.
pub fn formats(command: &str) -> &'static str {
    match command {
        "recommend" => "table, json, markdown",
        "check" => "table, json, markdown, junit, github",
        "diff" => "table, json, markdown, github",
        "simulate" | "compare" => "table, json, csv, markdown, html",
        "capacity" | "actions" => "table, json, csv, markdown",
        "cost" | "plans" => "table, json",
        "status" => "table, json, markdown",
        "sample" => "csv (the default; leave --format out)",
        "fit" => "TOML only (leave --format out)",
        _ => "table (the default; leave --format out)",
    }
}

/// The clap command, each subcommand's help ending with the `--format` values it offers
/// (`--format` is global, so its own list names every format of every command).
pub fn command() -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let formats = format!("Formats (--format): {}", formats(&name));
        cmd = cmd.mut_subcommand(&name, |sub| sub.after_help(formats));
    }
    cmd
}

/// Today's date, or `PLAN_BUDGET_TODAY` (YYYY-MM-DD) when set: reproducible runs and tests.
pub fn today() -> chrono::NaiveDate {
    std::env::var("PLAN_BUDGET_TODAY")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The files a command reads besides `--catalog`, and the files it writes besides `--output`.
fn files(command: &Command) -> (Vec<&Path>, Vec<(&'static str, &Path)>) {
    match command {
        Command::Simulate(a) => (vec![&a.workload], a.ledger.iter().map(|l| ("--ledger", l.as_path())).collect()),
        Command::Compare(a) => (vec![&a.decide.workload], vec![]),
        Command::Recommend(a) => (vec![&a.decide.workload], vec![]),
        Command::Capacity(a) => (a.on.iter().map(PathBuf::as_path).collect(), vec![]),
        // A baseline is read whole first and may be replaced (a ratchet).
        Command::Check(a) => (vec![&a.workload], vec![]),
        Command::Diff(a) => (vec![&a.base, &a.head], vec![]),
        Command::Validate(a) => (a.files.iter().map(PathBuf::as_path).collect(), vec![]),
        Command::Status(a) => (vec![&a.workload], a.ledger.iter().map(|l| ("--ledger", l.as_path())).collect()),
        Command::Sample(a) => (vec![&a.workload], vec![]),
        Command::Fit(a) => (vec![&a.history], vec![]),
        _ => (vec![], vec![]),
    }
}

/// The subcommand's name, as typed.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Simulate(_) => "simulate",
        Command::Cost(_) => "cost",
        Command::Plans => "plans",
        Command::Actions => "actions",
        Command::Compare(_) => "compare",
        Command::Recommend(_) => "recommend",
        Command::Init(_) => "init",
        Command::Capacity(_) => "capacity",
        Command::Check(_) => "check",
        Command::Diff(_) => "diff",
        Command::Completions(_) => "completions",
        Command::Man(_) => "man",
        Command::Validate(_) => "validate",
        Command::Status(_) => "status",
        Command::Sample(_) => "sample",
        Command::Fit(_) => "fit",
    }
}

/// Parses the command line, runs it and returns the exit code; errors are printed once here.
pub fn main() -> ExitCode {
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    crate::cli::messages::set_quiet(cli.global.quiet);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            crate::cli::messages::error(crate::error::render(&e));
            crate::error::code(&e)
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    crate::cli::messages::set_quiet(g.quiet);
    let (mut inputs, mut outputs) = files(&cli.command);
    inputs.extend(g.catalog.iter().map(PathBuf::as_path));
    outputs.push(("--output", g.output.as_deref().unwrap_or(Path::new("-"))));
    crate::cli::output::refuse_clashes(&inputs, &outputs).map_err(|e| usage(e.to_string()))?;
    // The CI formats belong to the CI commands: refused before anything is read or simulated.
    let ci = match &cli.command {
        Command::Check(_) => Some("check"),
        Command::Diff(_) => Some("diff"),
        _ => None,
    };
    let refused = match g.format {
        Format::Junit => ci != Some("check"),
        Format::Github => ci.is_none(),
        _ => false,
    };
    if refused {
        return Err(g.unsupported_format(ci.unwrap_or_else(|| command_name(&cli.command))));
    }
    match &cli.command {
        Command::Simulate(args) => commands::simulate::run(g, args),
        Command::Cost(args) => commands::cost::run(g, args),
        Command::Plans => commands::plans::run(g),
        Command::Actions => commands::actions::run(g),
        Command::Compare(args) => commands::compare::run(g, args),
        Command::Recommend(args) => commands::recommend::run(g, args),
        Command::Init(args) => commands::init::run(g, args),
        Command::Capacity(args) => commands::capacity::run(g, args),
        Command::Check(args) => commands::check::run(g, args),
        Command::Diff(args) => commands::diff::run(g, args),
        Command::Completions(args) => commands::completions::run(g, args),
        Command::Man(args) => commands::completions::man(g, args),
        Command::Validate(args) => commands::validate::run(g, args),
        Command::Status(args) => commands::status::run(g, args),
        Command::Sample(args) => commands::sample::run(g, args),
        Command::Fit(args) => commands::fit::run(g, args),
    }
}
