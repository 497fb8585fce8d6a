//! `actions` (SPEC §3): the catalog's actions with price, relaxed plans, legacy, estimate and
//! source.

use crate::cli::{Format, Global};
use crate::error::ExitCode;
use crate::report;

pub fn run(g: &Global) -> anyhow::Result<ExitCode> {
    let catalog = g.catalog()?;
    let text = match g.format {
        Format::Table => report::actions::to_table(&catalog, g.style()),
        Format::Json => report::actions::to_json(&catalog)?,
        Format::Csv => report::actions::to_csv(&catalog),
        Format::Markdown => report::actions::to_markdown(&catalog),
        Format::Html | Format::Junit | Format::Github => return Err(g.unsupported_format("actions")),
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}
