//! Command-line interface: the clap types shared by every command and the dispatch to
//! `commands::*`. The engine modules never see these types.

use crate::cli::messages::note;
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
    /// Output format
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
    /// Replace a write-protected --output or --ledger file; with `init`, overwrite an
    /// existing --output file
    #[arg(long, global = true)]
    pub force: bool,
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
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate the token ledger day by day for one or every plan
    Simulate(commands::simulate::Args),
    /// What one generation costs, with the breakdown (R1)
    Cost(commands::cost::Args),
    /// The catalog: plans, allowances, banks, prices, relaxed kinds, sources
    Plans,
    /// Plans side by side (both billings) with the recommendation
    Compare(commands::compare::Args),
    /// The cheapest feasible plan and billing, and why not the cheaper ones
    Recommend(commands::recommend::Args),
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
    /// Print the man page (roff)
    Man,
    /// Check catalogs and workloads; report every problem, not only the first
    Validate(commands::validate::Args),
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

    /// The `--catalog` files merged in order, or the embedded default.
    pub fn catalog(&self) -> anyhow::Result<Catalog> {
        let files = self.catalog.iter().map(|p| self.read(p)).collect::<Result<Vec<_>, _>>()?;
        let catalog = Catalog::load_merged(&files)?;
        if let Some(warning) = catalog.staleness(today()) {
            note(format!("warning: {warning}"));
        }
        Ok(catalog)
    }

    /// The workload at `path`, checked against `catalog`; notes on stderr for a `require`d
    /// feature no plan has.
    pub fn workload(&self, path: &Path, catalog: &Catalog) -> anyhow::Result<Workload> {
        self.workload_from(&self.read(path)?, catalog)
    }

    /// `workload` from a file already read.
    pub fn workload_from(&self, file: &SourceFile, catalog: &Catalog) -> anyhow::Result<Workload> {
        let workload = crate::engine::validate::load_workload(file, catalog)?;
        for text in Workload::unknown_features(&workload.require, catalog) {
            note(format!("note: {}: {text}", file.name));
        }
        Ok(workload)
    }

    /// Writes a command's output to `--output` (atomically) or stdout.
    pub fn emit(&self, text: &str) -> anyhow::Result<()> {
        self.emit_with(text, &[])
    }

    /// `emit` together with other files of the same run (the ledger): all or none are written.
    pub fn emit_with(&self, text: &str, files: &[crate::cli::output::File]) -> anyhow::Result<()> {
        let mut all = files.to_vec();
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
        let offered = match command {
            "recommend" | "check" | "diff" => "table, json, markdown",
            "capacity" => "table, json, csv, markdown",
            "cost" | "plans" => "table, json",
            _ => "table (the default; leave --format out)",
        };
        let format = format!("{:?}", self.format).to_lowercase();
        usage(format!("--format {format} is not available for `{command}`; it offers {offered}"))
    }
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
        _ => (vec![], vec![]),
    }
}

/// Parses the command line, runs it and returns the exit code; errors are printed once here.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
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
    match &cli.command {
        Command::Simulate(args) => commands::simulate::run(g, args),
        Command::Cost(args) => commands::cost::run(g, args),
        Command::Plans => commands::plans::run(g),
        Command::Compare(args) => commands::compare::run(g, args),
        Command::Recommend(args) => commands::recommend::run(g, args),
        Command::Init(args) => commands::init::run(g, args),
        Command::Capacity(args) => commands::capacity::run(g, args),
        Command::Check(args) => commands::check::run(g, args),
        Command::Diff(args) => commands::diff::run(g, args),
        Command::Completions(args) => commands::completions::run(g, args),
        Command::Man => commands::completions::man(g),
        Command::Validate(args) => commands::validate::run(g, args),
    }
}
