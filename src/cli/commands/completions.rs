//! `completions SHELL` and `man`: generated from the clap definition, so they never drift from
//! the real flags.

use crate::cli::{Cli, Format, Global};
use crate::error::ExitCode;
use clap::CommandFactory;
use clap_complete::Shell;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("completions"));
    }
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "plan-budget", &mut out);
    g.emit(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::Success)
}

pub fn man(g: &Global) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("man"));
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    g.emit(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::Success)
}
