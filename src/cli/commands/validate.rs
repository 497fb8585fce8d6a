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
    /// Exit 2 when a file has warnings, not only when it has errors
    #[arg(long)]
    pub strict: bool,
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("validate"));
    }
    let catalog = g.catalog()?;
    let mut ok = String::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for path in &args.files {
        let checked = g.read(path).map_err(Diagnostics::from).and_then(|f| validate::check(&f, &catalog));
        match checked {
            Ok((kind, found)) if found.is_empty() => {
                ok.push_str(&format!("ok: {} ({})\n", path.display(), kind.name()))
            }
            Ok((kind, found)) => {
                ok.push_str(&format!("ok, {}: {} ({})\n", plural(found.len(), "warning"), path.display(), kind.name()));
                warnings.extend(found);
            }
            Err(d) => problems.extend(d.0),
        }
    }
    g.emit(&ok)?;
    if !warnings.is_empty() {
        let files = count_files(&warnings);
        let strict = if args.strict { " (--strict: exit 2)" } else { "" };
        crate::cli::messages::note(format_args!(
            "{}\n\n{} in {}{strict}",
            Diagnostics(warnings.clone()),
            plural(warnings.len(), "warning"),
            plural(files, "file")
        ));
        if problems.is_empty() {
            return Ok(if args.strict { ExitCode::BadInput } else { ExitCode::Success });
        }
        crate::cli::messages::note("");
    }
    if problems.is_empty() {
        return Ok(ExitCode::Success);
    }
    let files = count_files(&problems);
    crate::cli::messages::error(format!(
        "{}\n\n{} in {}",
        Diagnostics(problems.clone()),
        plural(problems.len(), "problem"),
        plural(files, "file")
    ));
    Ok(ExitCode::BadInput)
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn count_files(found: &[crate::input::diagnostic::Diagnostic]) -> usize {
    found.iter().map(|d| d.file.as_str()).collect::<std::collections::BTreeSet<_>>().len()
}
