//! `cost`: what one generation costs, with the breakdown (R1).

use crate::cli::{Format, Global};
use crate::engine::price::quote;
use crate::error::{ExitCode, usage};
use crate::input::catalog::{Catalog, Pricing};
use crate::input::diagnostic::{nearest, suggest};
use crate::input::workload::Setting;
use crate::report;

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Action key, e.g. alchemy_v2
    pub action: String,
    #[command(flatten)]
    pub setting: SettingArgs,
}

/// How one generation is set up: images, add-ons, references, mode, size.
#[derive(clap::Args, Debug, Clone)]
pub struct SettingArgs {
    /// Images per generation
    #[arg(long, default_value_t = 1)]
    pub images: u32,
    /// Add-on, with units (default 1), e.g. --addon prompt_magic_v2
    #[arg(long = "addon", value_name = "NAME[=UNITS]")]
    pub addons: Vec<String>,
    /// Reference images (the `reference` add-on)
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub references: Option<u32>,
    /// Mode of a per-pixel action
    #[arg(long)]
    pub mode: Option<String>,
    /// Size of a per-pixel action, WxH
    #[arg(long, value_name = "WxH")]
    pub size: Option<String>,
    /// Your price for one generation, settings included: the figure on the Generate button
    /// (needed for an action with no published price; on a priced one it replaces the
    /// catalog's price)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=crate::input::limits::MAX_CHARGE_TOKENS))]
    pub tokens: Option<u64>,
}

impl SettingArgs {
    /// Resolves `action` and these flags against the catalog, with the same checks as a
    /// workload activity.
    pub fn resolve(&self, catalog: &Catalog, action: &str) -> anyhow::Result<(usize, Setting)> {
        let keys = catalog.actions.iter().map(|a| a.key.as_str());
        let index = catalog.action(action).ok_or_else(|| {
            let near = nearest(action, keys).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
            usage(format!("unknown action `{action}`; {near}`plan-budget actions` lists every action with its price"))
        })?;
        let action = &catalog.actions[index];
        if self.images < 1 || self.images > action.max_images {
            let range = match action.max_images {
                1 => "1".to_string(),
                most => format!("between 1 and {most}"),
            };
            return Err(usage(format!("--images must be {range} for `{}` (its max_images)", action.key)));
        }
        let mut setting = Setting::images(self.images);
        if let Some(tokens) = self.tokens {
            // R1: the user's price replaces everything, add-ons and per-pixel settings included.
            if !self.addons.is_empty() || self.references.is_some() || self.mode.is_some() || self.size.is_some() {
                return Err(usage(
                    "--tokens is the whole price of one generation, settings included: leave out --addon, --references, --mode and --size",
                ));
            }
            setting.tokens = Some(tokens);
            return Ok((index, setting));
        }
        if matches!(action.pricing, Pricing::Unpublished) {
            return Err(usage(format!(
                "`{}` has no published price: give --tokens N, the price the Generate button shows for one generation with your settings",
                action.key
            )));
        }
        for spec in &self.addons {
            let (name, units) = match spec.split_once('=') {
                Some((n, u)) => {
                    let units = u.parse::<u32>().ok().filter(|u| *u <= 1000);
                    (
                        n,
                        units.ok_or_else(|| {
                            usage(format!("--addon {spec}: units must be a whole number from 0 to 1000"))
                        })?,
                    )
                }
                None => (spec.as_str(), 1),
            };
            let keys = catalog.addons.iter().map(|a| a.key.as_str());
            let i = catalog
                .addon(name)
                .ok_or_else(|| usage(format!("unknown add-on `{name}`; {}", suggest(name, keys))))?;
            setting.addons.push((i, units));
        }
        if let Some(r) = self.references {
            match (&action.pricing, catalog.addon("reference")) {
                // R1: on a per-pixel action references act only through `reference_factor`.
                (Pricing::PerPixel { .. }, _) => setting.references = r,
                (_, Some(i)) => setting.addons.push((i, r)),
                (_, None) => return Err(usage("the catalog has no `reference` add-on")),
            }
        }
        match &action.pricing {
            Pricing::PerPixel { modes, .. } => {
                if let Some(m) = &self.mode {
                    let names = modes.iter().map(|(n, _)| n.as_str());
                    let i = modes.iter().position(|(n, _)| n == m).ok_or_else(|| {
                        usage(format!("unknown mode `{m}` for `{}`; {}", action.key, suggest(m, names)))
                    })?;
                    setting.mode = Some(i);
                }
                if let Some(s) = &self.size {
                    let parsed = s
                        .split_once(['x', 'X'])
                        .and_then(|(w, h)| Some((w.parse::<u64>().ok()?, h.parse::<u64>().ok()?)));
                    match parsed {
                        Some((w, h)) if (1..=100_000).contains(&w) && (1..=100_000).contains(&h) => {
                            setting.size = Some((w as u32, h as u32))
                        }
                        Some(_) => {
                            return Err(usage(format!(
                                "--size {s}: the width and height must each be 1 to 100000 pixels, as a workload's `size`"
                            )));
                        }
                        None => {
                            return Err(usage(format!("--size {s}: expected WIDTHxHEIGHT in pixels, e.g. 1536x1024")));
                        }
                    }
                }
            }
            _ => {
                if self.mode.is_some() || self.size.is_some() {
                    return Err(usage(format!(
                        "`{}` has no mode or size: --mode and --size are only for per-pixel actions",
                        action.key
                    )));
                }
            }
        }
        Ok((index, setting))
    }
}

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    let catalog = g.catalog()?;
    let (index, setting) = args.setting.resolve(&catalog, &args.action)?;
    let action = &catalog.actions[index];
    let q = quote(&catalog, action, &setting);
    if q.tokens > crate::input::limits::MAX_CHARGE_TOKENS {
        return Err(usage(format!(
            "one generation would cost {} tokens, above the limit of {} per charge; use fewer add-on units or a smaller size",
            q.tokens,
            crate::input::limits::MAX_CHARGE_TOKENS
        )));
    }
    // §2.1: a price the user gave is theirs, not an estimate.
    let estimate = action.estimate && setting.tokens.is_none();
    let note = if setting.tokens.is_some() {
        " (your price, from --tokens)"
    } else if estimate {
        " (estimate: no official figure)"
    } else {
        ""
    };
    let text = match g.format {
        Format::Table => format!(
            "{} ({}): {}{note}\n{}",
            action.label,
            action.key,
            crate::units::plural(q.tokens, "token", "tokens"),
            report::table::cost(&q, g.style())
        ),
        Format::Html => return Err(g.unsupported_format("cost")),
        Format::Json => {
            let doc = serde_json::json!({
                "schema": report::json::SCHEMA,
                "action": action.key,
                "images": setting.images,
                "tokens": q.tokens,
                "estimate": estimate,
                "parts": q.parts.iter().map(|p| serde_json::json!({"what": p.what, "tokens": p.tokens})).collect::<Vec<_>>(),
            });
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Format::Csv | Format::Markdown | Format::Junit | Format::Github => return Err(g.unsupported_format("cost")),
    };
    g.emit(&text)?;
    Ok(ExitCode::Success)
}
