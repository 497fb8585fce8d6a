//! `compare`: every eligible plan side by side, both billings, and the recommendation.

use super::recommend::DecideArgs;
use crate::cli::{Format, Global};
use crate::error::ExitCode;
use crate::report;
use crate::report::json::Document;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub decide: DecideArgs,
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    let d = args.decide.decide(g, false, g.format == Format::Html)?;
    let report = &d.report;
    let text = match g.format {
        Format::Table => report::table::compare(report, g.style()),
        Format::Json => serde_json::to_string_pretty(&Document::new(report))? + "\n",
        Format::Markdown => report::markdown::compare(report),
        Format::Csv => report::csv::periods(report),
        Format::Html => {
            report::html::page(report, &crate::plan::daily::series(&d.catalog, &d.calendar, report, &d.runs))
        }
        Format::Junit | Format::Github => return Err(g.unsupported_format("compare")),
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}
