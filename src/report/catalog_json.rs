//! `plans --format json`: the catalog as loaded, with estimate marks and sources.

use crate::input::catalog::{Catalog, Pricing};
use serde::Serialize;

#[derive(Serialize)]
pub struct CatalogDoc<'a> {
    schema: &'static str,
    name: &'a str,
    currency: &'a str,
    as_of: Option<String>,
    source: &'a str,
    plans: Vec<serde_json::Value>,
    topup_packs: Vec<serde_json::Value>,
    actions: Vec<serde_json::Value>,
    addons: Vec<serde_json::Value>,
}

impl<'a> CatalogDoc<'a> {
    pub fn new(c: &'a Catalog) -> Self {
        use serde_json::json;
        CatalogDoc {
            schema: super::json::SCHEMA,
            name: &c.name,
            currency: c.currency.code(),
            as_of: c.as_of.map(|d| d.to_string()),
            source: &c.source,
            plans: c
                .plans
                .iter()
                .map(|p| {
                    json!({"plan": p.key, "label": p.label, "price_monthly_cents": p.price_monthly,
                        "price_annual_cents": p.price_annual, "monthly_tokens": p.monthly_tokens,
                        "rollover_cap": p.rollover_cap, "daily_tokens": p.daily_tokens, "topups": p.topups,
                        "relaxed": p.relaxed.iter().map(|k| k.name()).collect::<Vec<_>>(), "features": p.features,
                        "per_seat": p.per_seat, "min_seats": p.min_seats, "max_seats": p.max_seats,
                        "estimate": p.estimate, "source": p.source})
                })
                .collect(),
            topup_packs: c
                .packs
                .iter()
                .map(|p| json!({"pack": p.key, "label": p.label, "tokens": p.tokens, "price_cents": p.price, "estimate": p.estimate, "source": p.source}))
                .collect(),
            actions: c
                .actions
                .iter()
                .map(|a| {
                    let pricing = match &a.pricing {
                        Pricing::PerImage(t) => json!({"per_image": t}),
                        Pricing::Table(rows) => json!({"table": rows.iter().map(|(k, t)| json!({"images": k, "tokens": t})).collect::<Vec<_>>()}),
                        Pricing::PerPixel { per_pixel, modes, reference_factor, size } => json!({"per_pixel": per_pixel,
                            "modes": modes.iter().map(|(n, f)| json!({"mode": n, "factor": f})).collect::<Vec<_>>(),
                            "reference_factor": reference_factor, "size": [size.0, size.1]}),
                        Pricing::Unpublished => json!({"unpublished": true}),
                    };
                    json!({"action": a.key, "label": a.label, "kind": a.kind.name(), "relaxed": a.relaxed,
                        "max_images": a.max_images, "pricing": pricing, "estimate": a.estimate, "source": a.source})
                })
                .collect(),
            addons: c
                .addons
                .iter()
                .map(|a| json!({"addon": a.key, "label": a.label, "per_image": a.per_image, "per_generation": a.per_generation, "free": a.free, "estimate": a.estimate}))
                .collect(),
        }
    }
}
