//! SPEC §5.1 `fit`: a workload's activities from a usage history.
//!
//! - The span is the first to the last date of the file (every row).
//! - Generations (rows without `parent`) are grouped by `activity` where a row has one (split by
//!   action when one label has several: an activity has one action), otherwise by action and
//!   settings (images, mode, size, references); one activity per group.
//! - `on`: a day of the week is on when the group has a generation on it, or when the span holds
//!   fewer than 4 of that day; Mon–Fri is `per = "weekday"`, Sat–Sun `per = "weekend"`.
//! - `count` = generations / the group's on days in the span, per day.
//! - `variability` from the generations per whole 7-day block of the span (at least 4 blocks):
//!   mean m, sample variance v, `√(max(0, v − m)) / m`; left out when 0.
//! - Activities come in the order of their first generation (date, time of day as written,
//!   file order), so a page listed newest first fits like the same rows sorted.
//! - `then`: per action, the operations whose parent is in the group / the group's images.
//! - `tokens`: the median paid price (the lower middle value) when it differs from the
//!   catalog's price for the group's setting, or the action has no published price.
//! - `count`, `variability` and `share` are rounded to 4 decimals.
//!
//! The work is linear in the rows (one sort per group's days), so 100,000 rows fit in
//! milliseconds.

use crate::engine::price::quote;
use crate::input::catalog::{Catalog, Pricing};
use crate::input::history::History;
use crate::input::limits::MAX_COUNT;
use crate::input::limits::MAX_THEN;
use crate::input::workload::Setting;
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};

/// Days of the week, Monday first, as workloads write them.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// How a fitted activity's days are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Every day, or (with `on`) the listed days.
    Day,
    Weekday,
    Weekend,
}

impl Per {
    pub fn name(self) -> &'static str {
        match self {
            Per::Day => "day",
            Per::Weekday => "weekday",
            Per::Weekend => "weekend",
        }
    }
}

/// A generation's settings, as a history row gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Settings {
    pub images: u32,
    pub mode: Option<usize>,
    pub size: Option<(u32, u32)>,
    pub references: u32,
}

/// What the rows paid, against the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Price {
    /// Rows with a price (given, or from `--tokens`).
    pub priced_rows: u64,
    /// Their median (lower middle value).
    pub median: Option<u64>,
    /// The catalog's price for the setting (`None`: not published).
    pub catalog: Option<u64>,
    /// What the fitted workload says: the median, where it differs from the catalog's.
    pub tokens: Option<u64>,
}

/// The generations per whole 7-day block of the span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weeks {
    pub blocks: u32,
    pub mean: f64,
    pub variance: f64,
    /// `√(max(0, v − m)) / m`, unrounded.
    pub raw: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FittedThen {
    pub action: usize,
    pub operations: u64,
    /// Operations / images, unrounded.
    pub raw: f64,
    pub share: f64,
    pub price: Price,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub name: String,
    /// The history's `activity` label it came from (`None`: grouped by action and settings).
    pub label: Option<String>,
    pub action: usize,
    /// The group's most frequent settings (first seen on ties): the activity's.
    pub settings: Settings,
    /// Every setting seen with its generations, most frequent first (more than one only for a
    /// labelled group).
    pub seen: Vec<(Settings, u64)>,
    pub generations: u64,
    pub images: u64,
    /// Days of the week with a generation.
    pub days_with_rows: [bool; 7],
    pub on: [bool; 7],
    pub per: Per,
    /// The group's on days in the span.
    pub on_days: u32,
    /// Generations per on day, unrounded, and rounded to 4 decimals.
    pub rate: f64,
    pub count: f64,
    pub weeks: Option<Weeks>,
    pub variability: Option<f64>,
    pub then: Vec<FittedThen>,
    pub price: Price,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Fitted {
    /// `on` as the workload writes it: `None` for all seven days or a `per` that says it.
    pub fn on_list(&self) -> Option<Vec<&'static str>> {
        (self.per == Per::Day && self.on != [true; 7])
            .then(|| DAYS.iter().zip(self.on).filter(|(_, on)| *on).map(|(d, _)| *d).collect())
    }
}

/// A fitted history.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub days: u32,
    /// Whole 7-day blocks of the span.
    pub blocks: u32,
    pub generations: u64,
    pub operations: u64,
    pub activities: Vec<Fitted>,
}

/// Rounded to 4 decimals (§5.1).
pub fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The lower middle value (§5.1), in linear time.
fn median(values: &mut [u64]) -> Option<u64> {
    if values.is_empty() {
        return None;
    }
    let mid = (values.len() - 1) / 2;
    Some(*values.select_nth_unstable(mid).1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Label(u32, usize),
    Setting(usize, Settings),
}

#[derive(Default)]
struct Group {
    /// The earliest generation: (day, time of day, row index).
    first: (u32, u32, usize),
    days: Vec<u32>,
    images: u64,
    prices: Vec<u64>,
    settings: Vec<(Settings, u64)>,
    /// Per operation action, in order of first appearance: (action, count, prices).
    ops: Vec<(usize, u64, Vec<u64>)>,
}

/// How many of each day of the week (Monday first) the `days` days from `first` hold.
pub fn weekdays_in(first: NaiveDate, days: u32) -> [u32; 7] {
    let w0 = first.weekday().num_days_from_monday();
    std::array::from_fn(|wd| days / 7 + u32::from((wd as u32 + 7 - w0) % 7 < days % 7))
}

/// The reference add-on's units as a workload setting.
fn setting(catalog: &Catalog, s: &Settings) -> Setting {
    let addons = match (s.references, catalog.addon("reference")) {
        (r, Some(i)) if r > 0 => vec![(i, r)],
        _ => Vec::new(),
    };
    Setting { images: s.images, addons, mode: s.mode, size: s.size, ..Setting::default() }
}

/// The catalog's price of one charge, or `None` for an action without a published price.
fn catalog_price(catalog: &Catalog, action: usize, s: &Setting) -> Option<u64> {
    let a = &catalog.actions[action];
    (!matches!(a.pricing, Pricing::Unpublished)).then(|| quote(catalog, a, s).tokens)
}

fn price(catalog_price: Option<u64>, prices: &mut [u64]) -> Price {
    let median = median(prices);
    let tokens = median.filter(|m| catalog_price != Some(*m));
    Price { priced_rows: prices.len() as u64, median, catalog: catalog_price, tokens }
}

/// The name of a group without a label.
fn setting_name(catalog: &Catalog, action: usize, s: &Settings) -> String {
    let a = &catalog.actions[action];
    let mut name = format!("{}, {} {}", a.key, s.images, if s.images == 1 { "image" } else { "images" });
    if let (Some(m), Pricing::PerPixel { modes, .. }) = (s.mode, &a.pricing) {
        name += &format!(", {}", modes[m].0);
    }
    if let Some((w, h)) = s.size {
        name += &format!(", {w}x{h}");
    }
    if s.references > 0 {
        name += &format!(", {} {}", s.references, if s.references == 1 { "reference" } else { "references" });
    }
    name
}

/// Fits `history`; `fill[action]` prices rows without one (`--tokens ACTION=T`, per image).
/// Errors: every group whose price is unknown, and figures beyond the workload's limits.
pub fn fit(history: &History, catalog: &Catalog, fill: &[Option<u64>]) -> Result<Fit, Vec<String>> {
    let rows = &history.rows;
    let (Some(first), Some(last)) = (rows.iter().map(|r| r.date).min(), rows.iter().map(|r| r.date).max()) else {
        return Err(vec!["the history has no generations to fit".to_string()]);
    };
    let days = ((last - first).num_days() + 1) as u32;
    let blocks = days / 7;
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: Vec<u32> = vec![u32::MAX; rows.len()];
    let paid = |r: &crate::input::history::Row| {
        r.tokens.or_else(|| fill.get(r.action).copied().flatten().map(|t| t.saturating_mul(u64::from(r.images))))
    };
    for (i, r) in rows.iter().enumerate().filter(|(_, r)| r.parent.is_none()) {
        let s = Settings { images: r.images, mode: r.mode, size: r.size, references: r.references };
        let key = match r.activity {
            Some(label) => Key::Label(label, r.action),
            None => Key::Setting(r.action, s),
        };
        let day = (r.date - first).num_days() as u32;
        let g = *index.entry(key).or_insert_with(|| {
            groups.push(Group { first: (day, r.time, i), ..Group::default() });
            groups.len() - 1
        });
        group_of[i] = g as u32;
        let group = &mut groups[g];
        group.first = group.first.min((day, r.time, i));
        group.days.push(day);
        group.images += u64::from(r.images);
        if let Some(t) = paid(r) {
            group.prices.push(t);
        }
        match group.settings.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => group.settings.push((s, 1)),
        }
    }
    let mut operations = 0;
    for r in rows {
        let Some(p) = r.parent else { continue };
        operations += 1;
        let group = &mut groups[group_of[p as usize] as usize];
        let price = paid(r);
        match group.ops.iter_mut().find(|(a, _, _)| *a == r.action) {
            Some((_, n, prices)) => {
                *n += 1;
                prices.extend(price);
            }
            None => group.ops.push((r.action, 1, price.into_iter().collect())),
        }
    }
    let keys: Vec<Key> = {
        let mut k: Vec<(Key, usize)> = index.into_iter().collect();
        k.sort_by_key(|(_, g)| *g);
        k.into_iter().map(|(k, _)| k).collect()
    };
    // Labels carrying more than one action are split, each part named after its action too.
    let mut actions_per_label: HashMap<u32, usize> = HashMap::new();
    for k in &keys {
        if let Key::Label(l, _) = k {
            *actions_per_label.entry(*l).or_insert(0) += 1;
        }
    }
    let in_span = weekdays_in(first, days);
    let mut problems = Vec::new();
    let mut fitted: Vec<((u32, u32, usize), Fitted)> = Vec::new();
    for (key, mut g) in keys.into_iter().zip(groups) {
        let (action, label) = match key {
            Key::Label(l, a) => (a, Some(l)),
            Key::Setting(a, _) => (a, None),
        };
        let a = &catalog.actions[action];
        g.days.sort_unstable();
        // The most frequent setting, the first seen on ties (a stable sort keeps file order).
        g.settings.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let settings = g.settings[0].0;
        let name = match label {
            Some(l) if actions_per_label[&l] > 1 => format!("{} ({})", history.labels[l as usize], a.key),
            Some(l) => history.labels[l as usize].clone(),
            None => setting_name(catalog, action, &settings),
        };
        let mut days_with_rows = [false; 7];
        for &d in &g.days {
            days_with_rows[(first + chrono::Days::new(u64::from(d))).weekday().num_days_from_monday() as usize] = true;
        }
        let on: [bool; 7] = std::array::from_fn(|wd| days_with_rows[wd] || in_span[wd] < 4);
        let per = match on {
            [true, true, true, true, true, false, false] => Per::Weekday,
            [false, false, false, false, false, true, true] => Per::Weekend,
            _ => Per::Day,
        };
        let on_days: u32 = (0..7).filter(|&wd| on[wd]).map(|wd| in_span[wd]).sum();
        let generations = g.days.len() as u64;
        let rate = generations as f64 / f64::from(on_days);
        let count = round4(rate);
        if count > MAX_COUNT {
            problems.push(format!(
                "activity `{name}`: {count} generations a day is more than a workload's `count` allows ({MAX_COUNT})"
            ));
        }
        let weeks = (blocks >= 4).then(|| {
            let (mut sum, mut sumsq, mut run, mut block) = (0f64, 0f64, 0f64, u32::MAX);
            for &d in g.days.iter().take_while(|&&d| d < blocks * 7) {
                if d / 7 != block {
                    sumsq += run * run;
                    (run, block) = (0.0, d / 7);
                }
                run += 1.0;
                sum += 1.0;
            }
            sumsq += run * run;
            let b = f64::from(blocks);
            let mean = sum / b;
            let variance = ((sumsq - b * mean * mean) / (b - 1.0)).max(0.0);
            let raw = if mean > 0.0 { (variance - mean).max(0.0).sqrt() / mean } else { 0.0 };
            Weeks { blocks, mean, variance, raw }
        });
        let variability = weeks.map(|w| round4(w.raw.min(10.0))).filter(|v| *v > 0.0);
        let gen_price = price(catalog_price(catalog, action, &setting(catalog, &settings)), &mut g.prices);
        if gen_price.median.is_none() && gen_price.catalog.is_none() {
            problems.push(format!(
                "activity `{name}`: `{}` has no published price and the history gives none: add a `tokens` column \
                 (the price each generation showed on the Generate button), or pass --tokens {}=T (tokens per image)",
                a.key, a.key
            ));
        }
        if g.ops.len() > MAX_THEN {
            problems.push(format!(
                "activity `{name}`: {} kinds of post-processing, a workload activity has at most {MAX_THEN} `then` entries",
                g.ops.len()
            ));
        }
        let then = g
            .ops
            .into_iter()
            .map(|(op, n, mut prices)| {
                let raw = n as f64 / g.images as f64;
                let p = price(catalog_price(catalog, op, &Setting::images(1)), &mut prices);
                if p.median.is_none() && p.catalog.is_none() {
                    let key = &catalog.actions[op].key;
                    problems.push(format!(
                        "activity `{name}`: its operations of `{key}` have no published price and the history gives none: \
                         add a `tokens` column, or pass --tokens {key}=T"
                    ));
                }
                if raw > 1000.0 {
                    problems.push(format!(
                        "activity `{name}`: {raw:.1} operations of `{}` per image, more than a `share` allows (1000)",
                        catalog.actions[op].key
                    ));
                }
                FittedThen { action: op, operations: n, raw, share: round4(raw), price: p }
            })
            .collect();
        let (f, l) = (g.days[0], *g.days.last().unwrap_or(&g.days[0]));
        let day = |d: u32| first + chrono::Days::new(u64::from(d));
        fitted.push((
            g.first,
            Fitted {
                name,
                label: label.map(|l| history.labels[l as usize].clone()),
                action,
                settings,
                seen: g.settings,
                generations,
                images: g.images,
                days_with_rows,
                on,
                per,
                on_days,
                rate,
                count,
                weeks,
                variability,
                then,
                price: gen_price,
                first: day(f),
                last: day(l),
            },
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Activities in order of their first generation (date, time of day, then file order).
    fitted.sort_by_key(|(first, _)| *first);
    let mut names: HashSet<String> = HashSet::new();
    let mut activities = Vec::with_capacity(fitted.len());
    for (_, mut f) in fitted {
        let base = f.name.clone();
        let mut k = 2;
        while !names.insert(f.name.clone()) {
            f.name = format!("{base} ({k})");
            k += 1;
        }
        activities.push(f);
    }
    Ok(Fit { first, last, days, blocks, generations: history.generations() as u64, operations, activities })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_in_a_span_count_each_day_of_the_week() {
        // 2026-03-02 is a Monday; 10 days: Mon–Wed twice, Thu–Sun once.
        let mon = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(weekdays_in(mon, 10), [2, 2, 2, 1, 1, 1, 1]);
        // From a Saturday, 3 days: Sat, Sun, Mon.
        let sat = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(weekdays_in(sat, 3), [1, 0, 0, 0, 0, 1, 1]);
        assert_eq!(weekdays_in(sat, 14), [2; 7]);
    }

    #[test]
    fn the_median_is_the_lower_middle_value() {
        assert_eq!(median(&mut [5, 1, 9, 3]), Some(3));
        assert_eq!(median(&mut [5, 1, 9]), Some(5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn four_decimals() {
        assert_eq!(round4(1.0 / 3.0), 0.3333);
        assert_eq!(round4(1.23456), 1.2346);
    }
}
