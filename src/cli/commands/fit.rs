//! `fit`: a workload fitted from a usage history (§5.1): a history CSV, or the platform's
//! generation-history JSON.

use crate::cli::args::parse_date;
use crate::cli::messages::note;
use crate::cli::{Format, Global};
use crate::error::{ExitCode, usage};
use crate::input::diagnostic::nearest;
use crate::input::history::{self, ModelMap};
use crate::input::limits::MAX_MONTHS;
use crate::input::source::SourceFile;
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Usage history: a CSV with a header row (date, action, images, tokens, ...) or the JSON of the platform's generation-history API
    pub history: PathBuf,
    /// Name of the fitted workload (default: "Fitted from FILE")
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// First day of the fitted workload (default: the day after the history)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Horizon of the fitted workload in calendar months
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_MONTHS)))]
    pub months: u32,
    /// JSON: count generations of model ID as ACTION (repeatable; ID may be `none` for
    /// generations without a model id, or a variation type such as UPSCALE)
    #[arg(long = "map", value_name = "ID=ACTION", value_parser = pair)]
    pub map: Vec<(String, String)>,
    /// Price the rows that give none: T tokens per image of ACTION (repeatable)
    #[arg(long = "tokens", value_name = "ACTION=T", value_parser = price)]
    pub tokens: Vec<(String, u64)>,
}

/// `KEY=VALUE`.
fn pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => Ok((k.trim().into(), v.trim().into())),
        _ => Err(format!("expected ID=ACTION, e.g. 7b592283-e8a7-4c5a-9ba6-d18c31f258b9=lucid_origin, found `{s}`")),
    }
}

/// `ACTION=T`.
fn price(s: &str) -> Result<(String, u64), String> {
    let bad = || format!("expected ACTION=T (tokens per image), e.g. lucid_origin=8, found `{s}`");
    let (k, v) = s.split_once('=').ok_or_else(bad)?;
    let t = v.trim().parse::<u64>().ok().filter(|&t| t <= crate::input::limits::MAX_CHARGE_TOKENS).ok_or_else(bad)?;
    Ok((k.trim().to_string(), t))
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("fit"));
    }
    let catalog = g.catalog()?;
    let map = ModelMap::new(&catalog, &args.map).map_err(usage)?;
    let mut fill = vec![None; catalog.actions.len()];
    for (key, t) in &args.tokens {
        let Some(i) = catalog.action(key) else {
            let near = nearest(key, catalog.actions.iter().map(|a| a.key.as_str()))
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            return Err(usage(format!(
                "--tokens {key}={t}: unknown action `{key}`; {near}`plan-budget actions` lists the catalog's actions"
            )));
        };
        fill[i] = Some(*t);
    }
    let file = SourceFile::read_at_most(&args.history, crate::input::limits::MAX_HISTORY_BYTES)?;
    let history = history::read(&file, &catalog, &map)?;
    for n in &history.notes {
        note(format!("note: {}: {n}", file.name));
    }
    let fit = crate::engine::fit::fit(&history, &catalog, &fill).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
        anyhow::anyhow!("{}: cannot fit this history:\n{}", file.name, list.join("\n"))
    })?;
    let start =
        match args.start {
            Some(s) => s,
            None => fit.last.succ_opt().filter(|d| *d <= NaiveDate::MAX.min(last_date())).ok_or_else(|| {
                usage(format!("the history ends on {}, the last supported date: give --start", fit.last))
            })?,
        };
    let source = args.history.file_name().map_or(file.name.clone(), |n| n.to_string_lossy().into_owned());
    let name = args.name.clone().unwrap_or_else(|| format!("Fitted from {source}"));
    let meta = crate::report::fit::Meta {
        source: &source,
        name: &name,
        start,
        months: args.months,
        default_start: args.start.is_none(),
    };
    let text = crate::report::fit::workload(&fit, &catalog, &meta);
    // §5.1: the file must load as it is. It can only fail on a figure beyond a workload's
    // limits (one charge above 10^10 tokens, say); nothing is written then.
    let fitted = SourceFile::new(format!("the workload fitted from {}", file.name), text.as_str());
    if let Err(problems) = crate::engine::validate::load_workload(&fitted, &catalog) {
        anyhow::bail!("{}: the fitted workload would not load, so it is not written:\n{problems}", file.name);
    }
    g.emit(&text)?;
    Ok(ExitCode::Success)
}

/// 9999-12-31: a TOML date has four digits.
fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}
