//! `plans`: the catalog as loaded.

use crate::cli::{Format, Global};
use crate::error::ExitCode;
use crate::report;

pub fn run(g: &Global) -> anyhow::Result<ExitCode> {
    let catalog = g.catalog()?;
    let text = match g.format {
        Format::Table => report::table::plans(&catalog, g.style()),
        Format::Json => serde_json::to_string_pretty(&report::catalog_json::CatalogDoc::new(&catalog))? + "\n",
        Format::Csv | Format::Markdown | Format::Html | Format::Junit | Format::Github => {
            return Err(g.unsupported_format("plans"));
        }
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}
