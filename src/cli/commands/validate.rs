//! `validate FILE…`: check catalogs and workloads, reporting every problem (SPEC §3).

use crate::cli::{Format, Global};
use crate::engine::validate;
use crate::error::ExitCode;
use crate::input::diagnostic::Diagnostics;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Catalog or workload files (TOML); workloads are checked against --catalog
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("validate"));
    }
    let catalog = g.catalog()?;
    let mut ok = String::new();
    let mut problems = Vec::new();
    for path in &args.files {
        let checked = g.read(path).map_err(Diagnostics::from).and_then(|f| validate::check(&f, &catalog));
        match checked {
            Ok(kind) => ok.push_str(&format!("ok: {} ({})\n", path.display(), kind.name())),
            Err(d) => problems.extend(d.0),
        }
    }
    g.emit(&ok)?;
    if problems.is_empty() {
        return Ok(ExitCode::Success);
    }
    let files = problems.iter().map(|d| d.file.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    let s = if problems.len() == 1 { "" } else { "s" };
    crate::cli::messages::error(format!(
        "{}\n\n{} problem{s} in {files} file{}",
        Diagnostics(problems.clone()),
        problems.len(),
        if files == 1 { "" } else { "s" }
    ));
    Ok(ExitCode::BadInput)
}
