//! `actions` (SPEC §3): the catalog's actions with their price (1 and 4 images, the per-pixel
//! formula with its modes, or "not published: give `tokens`"), the plans whose relaxed queue
//! takes them, legacy, estimate and source; as a table, JSON, CSV or Markdown. Current models
//! come first, legacy ones after them (each group in catalog order).

use crate::engine::eligibility::relaxed_on;
use crate::engine::price::quote;
use crate::input::catalog::{Action, Catalog, Pricing};
use crate::input::workload::Setting;
use crate::report::csv::record;
use crate::report::markdown;
use crate::report::table::{Style, right_align, table, wrap};
use crate::units::thousands;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement};
use serde::Serialize;
use std::fmt::Write;

/// The price cell of an action without a published price (SPEC §3).
pub const NOT_PUBLISHED: &str = "not published: give `tokens`";

/// One action as every format shows it.
pub struct Row<'a> {
    pub action: &'a Action,
    /// Tokens of one generation of 1 and of 4 images at the action's default mode and size
    /// (R1); `None` when the price is not published, or 4 is above `max_images`.
    pub tokens_1: Option<u64>,
    pub tokens_4: Option<u64>,
    /// Plan keys, in catalog order, whose relaxed queue takes the action (R8).
    pub relaxed_on: Vec<&'a str>,
}

/// Current actions first, then legacy ones, each in catalog order.
pub fn rows(catalog: &Catalog) -> Vec<Row<'_>> {
    let priced = |a: &Action, n: u32| {
        let published = !matches!(a.pricing, Pricing::Unpublished);
        (published && n <= a.max_images).then(|| quote(catalog, a, &Setting::images(n)).tokens)
    };
    let mut ordered: Vec<&Action> = catalog.actions.iter().filter(|a| !a.legacy).collect();
    ordered.extend(catalog.actions.iter().filter(|a| a.legacy));
    ordered
        .into_iter()
        .map(|a| Row { action: a, tokens_1: priced(a, 1), tokens_4: priced(a, 4), relaxed_on: relaxed_on(catalog, a) })
        .collect()
}

/// How the action is priced, as JSON and CSV name it.
fn pricing_name(a: &Action) -> &'static str {
    match a.pricing {
        Pricing::PerImage(_) => "per_image",
        Pricing::Table(_) => "table",
        Pricing::PerPixel { .. } => "per_pixel",
        Pricing::Unpublished => "not_published",
    }
}

/// A factor as the catalog writes it: `2.92`, `1`, or `1.23977e-5` for a tiny one.
fn factor(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-3 { format!("{x:e}") } else { format!("{x}") }
}

/// The per-pixel formula with its modes, in words (R1), or `None` for other pricings.
pub fn formula(a: &Action) -> Option<String> {
    let Pricing::PerPixel { per_pixel, modes, reference_factor, size } = &a.pricing else { return None };
    let modes: Vec<String> = modes
        .iter()
        .enumerate()
        .map(|(i, (name, f))| format!("{name} × {}{}", factor(*f), if i == 0 { " (default)" } else { "" }))
        .collect();
    let refs = if *reference_factor == 1.0 {
        String::new()
    } else {
        format!(" × {} with any reference image", factor(*reference_factor))
    };
    Some(format!(
        "ceil(images × width × height × {} × mode{refs}); modes {}; default size {}×{}",
        factor(*per_pixel),
        modes.join(", "),
        size.0,
        size.1
    ))
}

/// "16 / 26", "2 / -", "13 / 52" or "not published: give `tokens`"; `mark` follows an estimate.
fn price_cell(r: &Row, mark: &str) -> String {
    match r.tokens_1 {
        None => NOT_PUBLISHED.to_string(),
        Some(one) => format!(
            "{} / {}{}",
            thousands(one),
            r.tokens_4.map_or("-".to_string(), thousands),
            if r.action.estimate { mark } else { "" }
        ),
    }
}

/// Markdown's "Relaxed on" cell: the plan keys, or `-`.
fn relaxed_cell(r: &Row) -> String {
    if r.relaxed_on.is_empty() { "-".to_string() } else { r.relaxed_on.join(", ") }
}

fn heading(catalog: &Catalog, rows: &[Row]) -> String {
    let legacy = rows.iter().filter(|r| r.action.legacy).count();
    format!(
        "{}: {} actions ({} current, {} legacy){}",
        catalog.name,
        rows.len(),
        rows.len() - legacy,
        legacy,
        catalog.as_of.map(|d| format!(" · prices checked {d}")).unwrap_or_default()
    )
}

const TABLE_WIDTH: usize = 100;
const COLUMNS: [&str; 5] = ["Action", "Label", "Kind", "Tokens, 1 / 4 images", "Relaxed"];
const LEGACY_HEADING: &str = "Legacy: no longer offered by the platform, kept so old workloads still run";

/// The terminal table: current models, legacy ones, which plans relax which actions, the
/// per-pixel formulas, the notes and every action's source.
pub fn to_table(catalog: &Catalog, style: Style) -> String {
    let rows = rows(catalog);
    let mut out = heading(catalog, &rows) + "\n";
    for (title, legacy) in [("Current models", false), (LEGACY_HEADING, true)] {
        let group: Vec<&Row> = rows.iter().filter(|r| r.action.legacy == legacy).collect();
        if group.is_empty() {
            continue;
        }
        let mut t = table(style, &COLUMNS);
        for r in &group {
            let a = r.action;
            let relaxed = if r.relaxed_on.is_empty() { "-" } else { "yes" };
            t.add_row(vec![
                a.key.clone(),
                a.label.clone(),
                a.kind.name().to_string(),
                price_cell(r, " *"),
                relaxed.to_string(),
            ]);
        }
        right_align(&mut t, 3);
        for (i, c) in t.column_iter_mut().enumerate() {
            if i == 4 {
                c.set_cell_alignment(CellAlignment::Left);
            }
            if i != 1 {
                c.set_constraint(ColumnConstraint::ContentWidth); // only labels wrap
            }
        }
        if t.lines().next().is_some_and(|l| l.chars().count() > TABLE_WIDTH) {
            t.set_content_arrangement(ContentArrangement::Dynamic).set_width(TABLE_WIDTH as u16);
        }
        let _ = write!(out, "\n{title}\n{t}\n");
    }
    out += "\nRelaxed: once tokens run out, these plans' relaxed queue takes these actions:\n";
    for p in &catalog.plans {
        let keys: Vec<&str> =
            rows.iter().filter(|r| r.relaxed_on.contains(&p.key.as_str())).map(|r| r.action.key.as_str()).collect();
        let list = if keys.is_empty() { "none".to_string() } else { keys.join(", ") };
        out += &wrap(&format!("  {}: ", p.key), &list, TABLE_WIDTH, "    ");
        out.push('\n');
    }
    let formulas: Vec<String> = rows
        .iter()
        .filter_map(|r| formula(r.action).map(|f| wrap(&format!("  {}: ", r.action.key), &f, TABLE_WIDTH, "    ")))
        .collect();
    if !formulas.is_empty() {
        let _ =
            write!(out, "\nPer-pixel prices (the table shows the default mode and size):\n{}\n", formulas.join("\n"));
    }
    out += "\nnot published: the platform shows the price only on its Generate button; every activity\n\
            or `then` entry using the action gives `tokens = N`, that figure.\n\
            * estimate: the price comes from no official source.\n";
    let sources: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            r.action.source.as_ref().map(|s| wrap(&format!("  {}: ", r.action.key), s, TABLE_WIDTH, "    "))
        })
        .collect();
    if !sources.is_empty() {
        let _ = write!(out, "\nSources:\n{}\n", sources.join("\n"));
    }
    out
}

/// `actions --format json`.
#[derive(Serialize)]
pub struct ActionsDoc<'a> {
    schema: &'static str,
    catalog: CatalogRef<'a>,
    actions: Vec<ActionJson<'a>>,
}

#[derive(Serialize)]
struct CatalogRef<'a> {
    name: &'a str,
    as_of: Option<String>,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    action: &'a str,
    label: &'a str,
    kind: &'static str,
    legacy: bool,
    pricing: &'static str,
    tokens_1: Option<u64>,
    tokens_4: Option<u64>,
    per_pixel: Option<PerPixelJson<'a>>,
    max_images: u32,
    relaxed: bool,
    relaxed_on: &'a [&'a str],
    estimate: bool,
    model_ids: &'a [String],
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct PerPixelJson<'a> {
    per_pixel: f64,
    modes: Vec<ModeJson<'a>>,
    reference_factor: f64,
    size: [u32; 2],
}

#[derive(Serialize)]
struct ModeJson<'a> {
    mode: &'a str,
    factor: f64,
}

/// The JSON text of `actions --format json` (pretty, with a final newline).
pub fn to_json(catalog: &Catalog) -> serde_json::Result<String> {
    let rows = rows(catalog);
    let actions = rows
        .iter()
        .map(|r| {
            let a = r.action;
            let per_pixel = match &a.pricing {
                Pricing::PerPixel { per_pixel, modes, reference_factor, size } => Some(PerPixelJson {
                    per_pixel: *per_pixel,
                    modes: modes.iter().map(|(m, f)| ModeJson { mode: m, factor: *f }).collect(),
                    reference_factor: *reference_factor,
                    size: [size.0, size.1],
                }),
                _ => None,
            };
            ActionJson {
                action: &a.key,
                label: &a.label,
                kind: a.kind.name(),
                legacy: a.legacy,
                pricing: pricing_name(a),
                tokens_1: r.tokens_1,
                tokens_4: r.tokens_4,
                per_pixel,
                max_images: a.max_images,
                relaxed: a.relaxed,
                relaxed_on: &r.relaxed_on,
                estimate: a.estimate,
                model_ids: &a.model_ids,
                source: a.source.as_deref(),
            }
        })
        .collect();
    let doc = ActionsDoc {
        schema: super::json::SCHEMA,
        catalog: CatalogRef { name: &catalog.name, as_of: catalog.as_of.map(|d| d.to_string()) },
        actions,
    };
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

pub const CSV_HEADER: &str = "action,label,kind,legacy,pricing,tokens_1,tokens_4,formula,max_images,relaxed,\
relaxed_on,estimate,model_ids,source";

/// `actions --format csv`: one row per action; lists (`relaxed_on`, `model_ids`) joined by
/// spaces; an empty field where a figure is not published.
pub fn to_csv(catalog: &Catalog) -> String {
    let mut out = format!("{CSV_HEADER}\n");
    let num = |n: Option<u64>| n.map_or(String::new(), |n| n.to_string());
    for r in rows(catalog) {
        let a = r.action;
        record(
            &mut out,
            &[
                &a.key,
                &a.label,
                &a.kind.name(),
                &a.legacy,
                &pricing_name(a),
                &num(r.tokens_1),
                &num(r.tokens_4),
                &formula(a).unwrap_or_default(),
                &a.max_images,
                &a.relaxed,
                &r.relaxed_on.join(" "),
                &a.estimate,
                &a.model_ids.join(" "),
                &a.source.as_deref().unwrap_or_default(),
            ],
        );
    }
    out
}

/// `actions --format markdown`: a heading, one table per group (current, legacy) with the
/// sources in a column, the per-pixel formulas and the notes.
pub fn to_markdown(catalog: &Catalog) -> String {
    let rows = rows(catalog);
    let mut out = format!("**{}**\n", heading(catalog, &rows));
    for (title, legacy) in [("Current models", false), (LEGACY_HEADING, true)] {
        let group: Vec<&Row> = rows.iter().filter(|r| r.action.legacy == legacy).collect();
        if group.is_empty() {
            continue;
        }
        let _ = write!(out, "\n### {title}\n\n");
        out +=
            &markdown::header(&["Action", "Label", "Kind", "Tokens, 1 / 4 images", "Relaxed on", "Source"], "lllrll");
        for r in group {
            let a = r.action;
            out += &markdown::row(&[
                format!("`{}`", a.key),
                a.label.clone(),
                a.kind.name().to_string(),
                price_cell(r, " \\*"),
                relaxed_cell(r),
                a.source.clone().unwrap_or_default(),
            ]);
        }
    }
    for r in &rows {
        if let Some(f) = formula(r.action) {
            let _ = write!(out, "\nPer-pixel price of `{}`: {f}.\n", r.action.key);
        }
    }
    out += "\nNot published: the platform shows the price only on its Generate button; every activity or \
            `then` entry using the action gives `tokens = N`. Relaxed on: the plans whose relaxed queue takes \
            the action once tokens run out. \\* estimate: the price comes from no official source.\n";
    out
}
