//! R1: what one generation costs, with its breakdown (the price on the Generate button).

use crate::input::catalog::{Action, Catalog, Pricing};
use crate::input::workload::Setting;

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub what: String,
    pub tokens: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub tokens: u64,
    pub parts: Vec<Part>,
}

/// `ceil`, where a value within 1e-9 of an integer counts as that integer (R1).
fn round_up(x: f64) -> u64 {
    let nearest = x.round();
    let v = if (x - nearest).abs() <= 1e-9 { nearest } else { x.ceil() };
    if v <= 0.0 {
        0
    } else if v >= u64::MAX as f64 {
        u64::MAX
    } else {
        v as u64
    }
}

/// R1 table pricing: exact entry, else linear interpolation/extrapolation, rounded up.
fn table_price(rows: &[(u32, u64)], n: u32) -> u64 {
    if let Some(&(_, t)) = rows.iter().find(|(k, _)| *k == n) {
        return t;
    }
    if let [(k, t)] = rows {
        return round_up(*t as f64 * f64::from(n) / f64::from(*k));
    }
    // The segment holding n, or the first/last segment beyond the table's ends.
    let i = rows.iter().position(|(k, _)| *k > n).unwrap_or(rows.len()).clamp(1, rows.len() - 1);
    let (a, ta) = (f64::from(rows[i - 1].0), rows[i - 1].1 as f64);
    let (b, tb) = (f64::from(rows[i].0), rows[i].1 as f64);
    round_up(ta + (tb - ta) * (f64::from(n) - a) / (b - a))
}

/// Does this setting carry reference images? (`references = r` is `addons.reference = r`.)
fn reference_units(catalog: &Catalog, setting: &Setting) -> u32 {
    setting.addons.iter().filter(|(i, _)| catalog.addons[*i].key == "reference").map(|(_, u)| *u).sum()
}

/// R1: the tokens of one generation of `action` with `setting`. A price the user gave
/// (`setting.tokens`) replaces everything else and is exact.
pub fn quote(catalog: &Catalog, action: &Action, setting: &Setting) -> Quote {
    let n = setting.images;
    let plural = if n == 1 { "image" } else { "images" };
    if let Some(tokens) = setting.tokens {
        let catalog_price = match action.pricing {
            Pricing::Unpublished => "not published".to_string(),
            _ => format!(
                "the catalog's is {}",
                quote(catalog, action, &Setting { tokens: None, ..setting.clone() }).tokens
            ),
        };
        let what = format!("{} × {n} {plural}: your price ({catalog_price})", action.label);
        return Quote { tokens, parts: vec![Part { what, tokens }] };
    }
    let mut parts = Vec::new();
    let base = match &action.pricing {
        Pricing::PerImage(t) => t.saturating_mul(u64::from(n)),
        Pricing::Table(rows) => table_price(rows, n),
        // Only reached without a user's price, which loading requires for every use (R1).
        Pricing::Unpublished => 0,
        Pricing::PerPixel { per_pixel, modes, reference_factor, size } => {
            let (w, h) = setting.size.unwrap_or(*size);
            let (mode_name, mode) = &modes[setting.mode.unwrap_or(0)];
            let refs = reference_units(catalog, setting) > 0;
            let mut x = f64::from(n) * f64::from(w) * f64::from(h) * per_pixel * mode;
            if refs {
                x *= reference_factor;
            }
            let base = round_up(x);
            let refs_note = if refs { format!(", references × {reference_factor}") } else { String::new() };
            parts.push(Part {
                what: format!("{} × {n} {plural}, {w}×{h}, {mode_name} × {mode}{refs_note}", action.label),
                tokens: base,
            });
            base
        }
    };
    if parts.is_empty() {
        parts.push(Part { what: format!("{} × {n} {plural}", action.label), tokens: base });
    }
    let per_pixel = matches!(action.pricing, Pricing::PerPixel { .. });
    let mut total = base;
    for &(i, units) in &setting.addons {
        let addon = &catalog.addons[i];
        if per_pixel && addon.key == "reference" {
            continue; // R1: on a per-pixel action references act only through reference_factor
        }
        let units = u64::from(units);
        let tokens = addon
            .per_image
            .saturating_mul(u64::from(n))
            .saturating_mul(units)
            .saturating_add(addon.per_generation.saturating_mul(units.saturating_sub(addon.free)));
        parts.push(Part { what: format!("{} × {units}", addon.label), tokens });
        total = total.saturating_add(tokens);
    }
    Quote { tokens: total, parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r1_table_interpolates_and_rounds_up() {
        // R1 examples: {1 = 8, 4 = 18} at 2 images → 11.33 → 12; {1 = 16, 4 = 26} at 8 → 40.
        assert_eq!(table_price(&[(1, 8), (4, 18)], 2), 12);
        assert_eq!(table_price(&[(1, 16), (4, 26)], 8), 40);
        assert_eq!(table_price(&[(1, 16), (4, 26)], 4), 26);
        assert_eq!(table_price(&[(1, 16), (4, 26)], 1), 16);
    }

    #[test]
    fn r1_one_entry_table_scales_proportionally() {
        assert_eq!(table_price(&[(4, 10)], 2), 5);
        assert_eq!(table_price(&[(4, 10)], 3), 8); // 7.5 → 8
    }

    #[test]
    fn r1_below_the_smallest_entry_uses_the_first_slope() {
        // {2 = 10, 4 = 14}: slope 2 per image, so 1 image = 8.
        assert_eq!(table_price(&[(2, 10), (4, 14)], 1), 8);
    }

    #[test]
    fn r1_a_price_given_by_the_user_replaces_the_catalogs_and_every_add_on() {
        let c = Catalog::default_catalog().unwrap();
        let action = &c.actions[c.action("alchemy_v2").unwrap()];
        let mut s = Setting::images(4);
        s.addons = vec![(c.addon("prompt_magic_v2").unwrap(), 1)];
        assert_eq!(quote(&c, action, &s).tokens, 30); // 26 + 4 × 1
        s.tokens = Some(48);
        let q = quote(&c, action, &s);
        assert_eq!(q.tokens, 48);
        assert_eq!(q.parts.len(), 1);
        assert!(q.parts[0].what.contains("your price (the catalog's is 30)"), "{}", q.parts[0].what);
    }

    #[test]
    fn r1_rounding_tolerates_float_noise() {
        assert_eq!(round_up(3.0000000001), 3);
        assert_eq!(round_up(3.00001), 4);
        assert_eq!(round_up(-1.0), 0);
    }
}
