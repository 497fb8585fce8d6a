//! What a creator produces (SPEC §1.2): activities, seasons, bursts, growth, policy, budget.
//!
//! Like the catalog, a workload is read into `Raw*` mirror structs (unknown keys are errors),
//! then checked against the catalog and resolved to indices, so a typo can never turn into a
//! silently different plan. Every entry is checked key by key: a broken key is taken out and
//! the rest still checked, so one run reports every problem of every entry (SPEC §3 `validate`).

use crate::input::catalog::{Catalog, Cents, Pricing, cents, date, keep, non_negative_f64, size_pair};
use crate::input::currency::Currency;
use crate::input::diagnostic::{Diagnostic, Diagnostics, nearest, suggest};
use crate::input::limits::{
    MAX_CHARGE_TOKENS, MAX_COUNT, MAX_DAYS, MAX_LIMIT_USD, MAX_MONTHS, MAX_SEATS, MAX_THEN, MAX_TOKEN_LIMIT,
};
use crate::input::source::{Partial, SourceFile, printable};
use crate::input::threshold::{Rise, Threshold, Tiers};
use chrono::{NaiveDate, Weekday};
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::ops::Range;
use toml::Spanned;
use toml::de::DeValue;
use toml::value::Datetime;

#[derive(Debug, Clone)]
pub struct Workload {
    pub name: String,
    pub start: NaiveDate,
    pub horizon: Horizon,
    pub seats: u32,
    pub require: Vec<String>,
    pub growth: f64,
    pub policy: Policy,
    pub budget: Budget,
    pub activities: Vec<Activity>,
    pub seasons: Vec<Season>,
    pub bursts: Vec<Burst>,
    /// Where the file's keys are (`require` entries), for warnings after loading.
    pub marks: Marks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    Months(u32),
    Days(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Day,
    /// `day` on Monday–Friday.
    Weekday,
    /// `day` on Saturday and Sunday.
    Weekend,
    Week,
    Month,
}

impl Per {
    pub const NAMES: [&'static str; 5] = ["day", "weekday", "weekend", "week", "month"];
    pub fn parse(s: &str) -> Option<Per> {
        Some(match s {
            "day" => Per::Day,
            "weekday" => Per::Weekday,
            "weekend" => Per::Weekend,
            "week" => Per::Week,
            "month" => Per::Month,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Per::NAMES[self as usize]
    }

    /// The days `weekday` and `weekend` stand for; `None` for the periods that take `on`.
    pub fn fixed_days(self) -> Option<Days> {
        match self {
            Per::Weekday => Some(Days::WEEKDAYS),
            Per::Weekend => Some(Days::WEEKEND),
            _ => None,
        }
    }

    /// The days this period works on without `on`.
    pub fn default_days(self) -> Days {
        self.fixed_days().unwrap_or(Days::ALL)
    }
}

/// Days of the week as a set (bit 0 = Monday … bit 6 = Sunday): an activity's `on` (R6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days(pub u8);

impl Default for Days {
    fn default() -> Self {
        Days::ALL
    }
}

impl Days {
    pub const ALL: Days = Days(0x7f);
    pub const WEEKDAYS: Days = Days(0x1f);
    pub const WEEKEND: Days = Days(0x60);
    /// `on` names, Monday first.
    pub const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    #[inline]
    pub fn has(self, day: Weekday) -> bool {
        (self.0 >> day.num_days_from_monday()) & 1 == 1
    }

    /// |on|: how many days of the week.
    #[inline]
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// The names of the days in the set, Monday first.
    pub fn names(self) -> Vec<&'static str> {
        (0..7).filter(|i| (self.0 >> i) & 1 == 1).map(|i| Days::NAMES[i]).collect()
    }
}

/// Where the keys of one entry are in its file, kept so warnings found after loading (on the
/// horizon a command runs over) can point at them. Empty for entries built in code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks(Vec<(&'static str, Range<usize>)>);

impl Marks {
    /// The first span recorded for `key`.
    pub fn get(&self, key: &str) -> Option<Range<usize>> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone())
    }

    /// Every span recorded for `key`, in file order (the entries of a list).
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.0.iter().filter(move |(k, _)| *k == key).map(|(_, s)| s.clone())
    }

    fn put(&mut self, key: &'static str, span: Option<Range<usize>>) {
        if let Some(span) = span {
            self.0.push((key, span));
        }
    }
}

/// R8 fallbacks, tried in order when tokens don't cover a charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    Relaxed,
    Topup,
    Wait,
}

impl Fallback {
    pub const NAMES: [&'static str; 3] = ["relaxed", "topup", "wait"];
}

/// The settings of one generation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Setting {
    pub images: u32,
    /// (add-on index, units); `references` is folded in here as the `reference` add-on,
    /// except on a per-pixel action.
    pub addons: Vec<(usize, u32)>,
    /// `references = r` on a per-pixel action (R1: it acts only through `reference_factor`,
    /// and the catalog need not have a `reference` add-on).
    pub references: u32,
    /// Mode index into the action's `modes` (per-pixel actions); `None` = the first.
    pub mode: Option<usize>,
    /// Width and height (per-pixel actions); `None` = the action's default.
    pub size: Option<(u32, u32)>,
    /// The user's price for one generation (R1 "a price given by the user"): replaces the
    /// catalog's price and every add-on, mode and size.
    pub tokens: Option<u64>,
}

impl Setting {
    pub fn images(images: u32) -> Self {
        Setting { images, ..Setting::default() }
    }
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub name: String,
    pub action: usize,
    pub setting: Setting,
    pub count: f64,
    pub per: Per,
    /// The days of the week that carry this work (R6): `on`, or the days of `weekday` /
    /// `weekend`, or all seven.
    pub on: Days,
    pub relaxed_ok: bool,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub variability: f64,
    pub then: Vec<Then>,
    /// Fallbacks for this activity instead of `policy.when_out` (not in the file format: used by
    /// `capacity` to keep its probe activity fast-only).
    pub when_out: Option<Vec<Fallback>>,
    pub marks: Marks,
}

/// A post-processing entry (R6): `share` operations of `action` per image generated.
#[derive(Debug, Clone)]
pub struct Then {
    pub action: usize,
    pub share: f64,
    /// The user's price of each operation (R1), instead of the catalog's.
    pub tokens: Option<u64>,
}

impl Then {
    /// R1: an operation is one charge at `images = 1`, no add-ons, default size and mode, or
    /// the entry's own `tokens`.
    pub fn setting(&self) -> Setting {
        Setting { tokens: self.tokens, ..Setting::images(1) }
    }
}

/// Which packs R8 `topup` buys: always one pack (the SPEC's policy), or the cheapest mix of
/// the catalog's packs covering the shortfall (`topup_pack = "cheapest"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopupPack {
    Pack(usize),
    Cheapest,
}

impl TopupPack {
    /// The word that asks for the cheapest mix; no pack may be called so.
    pub const CHEAPEST: &'static str = "cheapest";
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub when_out: Vec<Fallback>,
    /// `None` when the catalog has no packs.
    pub topup_pack: Option<TopupPack>,
    pub max_wait_days: u32,
    pub max_relaxed_share: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Budget {
    pub max_cost: Option<Cents>,
    pub max_tokens_per_month: Option<u64>,
    pub max_relaxed_share: Option<f64>,
    pub max_wait_days: Option<u32>,
    /// How far cost and peak tokens per month may rise over a baseline (`check --baseline`)
    /// or a diff's base: `warn_increase`/`max_increase` (cost: a percent or an amount) and
    /// `warn_tokens_increase`/`max_tokens_increase` (peak: a percent).
    pub rise: Rise,
}

#[derive(Debug, Clone)]
pub struct Season {
    pub months: Vec<u32>,
    pub factor: f64,
    /// The activities it multiplies (indices); `None` = all.
    pub activities: Option<Vec<usize>>,
    pub marks: Marks,
}

#[derive(Debug, Clone)]
pub struct Burst {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub factor: f64,
    /// The activities it multiplies (indices); `None` = all.
    pub activities: Option<Vec<usize>>,
    pub marks: Marks,
}

impl Season {
    /// Does this season multiply activity `a`? (R6: only the activities it applies to.)
    #[inline]
    pub fn applies(&self, a: usize) -> bool {
        self.activities.as_ref().is_none_or(|list| list.contains(&a))
    }
}

impl Burst {
    /// Does this burst multiply activity `a`?
    #[inline]
    pub fn applies(&self, a: usize) -> bool {
        self.activities.as_ref().is_none_or(|list| list.contains(&a))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    #[allow(dead_code)]
    schema: i64,
    name: String,
    start: Spanned<Datetime>,
    months: Option<Spanned<i64>>,
    days: Option<Spanned<i64>>,
    seats: Option<Spanned<i64>>,
    #[serde(default)]
    require: Vec<Spanned<String>>,
    growth: Option<Spanned<f64>>,
    // Checked on their own (`Workload::parse`); named here so a typo gets them suggested.
    #[allow(dead_code)]
    policy: Option<IgnoredAny>,
    #[allow(dead_code)]
    budget: Option<IgnoredAny>,
    #[allow(dead_code)]
    activity: Option<IgnoredAny>,
    #[allow(dead_code)]
    season: Option<IgnoredAny>,
    #[allow(dead_code)]
    burst: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    when_out: Option<Vec<Spanned<String>>>,
    topup_pack: Option<Spanned<String>>,
    max_wait_days: Option<Spanned<i64>>,
    max_relaxed_share: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    max_cost: Option<Spanned<f64>>,
    max_tokens_per_month: Option<Spanned<Whole>>,
    max_relaxed_share: Option<Spanned<f64>>,
    max_wait_days: Option<Spanned<i64>>,
    warn_increase: Option<Spanned<RawThreshold>>,
    max_increase: Option<Spanned<RawThreshold>>,
    warn_tokens_increase: Option<Spanned<RawThreshold>>,
    max_tokens_increase: Option<Spanned<RawThreshold>>,
}

/// A TOML integer of either sign or size (a limit may be given above `i64::MAX`, as the flag
/// takes it), checked against its own bound.
struct Whole(i128);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Whole;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Whole, E> {
                Ok(Whole(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Whole, E> {
                Ok(Whole(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Whole, E> {
                Ok(Whole(i128::try_from(v).unwrap_or(i128::MAX)))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A rise limit as written: a number (percent) or a string (`"12%"`, `"$20"`).
enum RawThreshold {
    Number(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for RawThreshold {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = RawThreshold;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a percent (10, or \"10%\") or an amount of money (\"$20\")")
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawThreshold, E> {
                Ok(RawThreshold::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawThreshold, E> {
                Ok(RawThreshold::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawThreshold, E> {
                Ok(RawThreshold::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawThreshold, E> {
                Ok(RawThreshold::Text(v.to_string()))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Every key optional to serde: a missing `action`, `count` or `per` is reported by
/// `resolve`, so the keys that are there are still checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActivity {
    name: Option<String>,
    action: Option<Spanned<String>>,
    images: Option<Spanned<i64>>,
    count: Option<Spanned<f64>>,
    per: Option<Spanned<String>>,
    addons: Option<Spanned<IndexMap<Spanned<String>, Spanned<i64>>>>,
    references: Option<Spanned<i64>>,
    mode: Option<Spanned<String>>,
    size: Option<Spanned<Vec<Spanned<i64>>>>,
    relaxed_ok: Option<bool>,
    on: Option<Spanned<Vec<Spanned<String>>>>,
    tokens: Option<Spanned<i64>>,
    from: Option<Spanned<Datetime>>,
    until: Option<Spanned<Datetime>>,
    variability: Option<Spanned<f64>>,
    #[serde(default)]
    then: Vec<RawThen>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThen {
    action: Spanned<String>,
    share: Spanned<f64>,
    tokens: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeason {
    months: Option<Spanned<Vec<Spanned<i64>>>>,
    factor: Option<Spanned<f64>>,
    activities: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBurst {
    from: Option<Spanned<Datetime>>,
    until: Option<Spanned<Datetime>>,
    factor: Option<Spanned<f64>>,
    activities: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One `[[…]]` entry as read: its span and the keys taken out for their problems.
struct Entry<'e> {
    file: &'e SourceFile,
    at: Range<usize>,
    removed: Vec<String>,
}

impl Entry<'_> {
    /// A key the entry must have: `None` (with "missing field" reported, unless the key was
    /// there but broken and already reported) when it is absent.
    fn required<'v, T>(&self, value: &'v Option<T>, key: &str, problems: &mut Vec<Diagnostic>) -> Option<&'v T> {
        if value.is_none() && !self.removed.iter().any(|k| k == key) {
            problems.push(self.file.missing(self.at.clone(), key));
        }
        value.as_ref()
    }

    fn lost(&self, key: &str) -> bool {
        self.removed.iter().any(|k| k == key)
    }
}

/// The `name` of an `[[activity]]` entry as written (before any check), for `activities` lists.
fn raw_name(value: &Spanned<DeValue<'_>>) -> Option<String> {
    match value.get_ref() {
        DeValue::Table(t) => match t.get("name").map(|n| n.get_ref()) {
            Some(DeValue::String(s)) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    }
}

impl Workload {
    /// Reads and checks a workload against `catalog` (SPEC §1.2, §1.3), reporting every
    /// problem: the header, policy, budget and each activity, season and burst are checked on
    /// their own, key by key, so one bad key hides no other.
    pub fn parse(file: &SourceFile, catalog: &Catalog) -> Result<Workload, Diagnostics> {
        let table = file.table()?;
        if let Ok(crate::input::kind::FileKind::Catalog) = crate::input::kind::kind_of(table.get_ref()) {
            let help = "give the workload (the file with `start` and [[activity]] tables) here, and catalogs with --catalog FILE";
            return Err(file.error(None, "this is a catalog, not a workload").with_help(help).into());
        }
        let span = table.span();
        let mut root = table.into_inner();
        let mut problems = Vec::new();
        let activities = file.take_array(&mut root, "activity", &mut problems);
        let seasons = file.take_array(&mut root, "season", &mut problems);
        let bursts = file.take_array(&mut root, "burst", &mut problems);
        let policy = root.remove("policy");
        let budget = root.remove("budget");
        let head = file.de_lenient::<RawWorkload>(Spanned::new(span, DeValue::Table(root)), &mut problems);
        let head = head.and_then(|h| h.value.resolve(file, catalog, &mut problems));
        let policy = match policy {
            None => Some(default_policy(catalog)),
            Some(v) => file
                .de_lenient::<RawPolicy>(v, &mut problems)
                .and_then(|p| resolve_policy(file, catalog, p.value, &mut problems)),
        };
        let budget = match budget {
            None => Some(Budget::default()),
            Some(v) => file
                .de_lenient::<RawBudget>(v, &mut problems)
                .and_then(|b| resolve_budget(file, b.value, catalog.currency, &mut problems)),
        };
        let names: Vec<String> = activities
            .iter()
            .enumerate()
            .map(|(i, (_, v))| raw_name(v).unwrap_or_else(|| format!("activity {}", i + 1)))
            .collect();
        let activities: Vec<Activity> = activities
            .into_iter()
            .enumerate()
            .filter_map(|(i, (_, v))| {
                let at = v.span();
                let Partial { value, removed } = file.de_lenient::<RawActivity>(v, &mut problems)?;
                value.resolve(catalog, i, &Entry { file, at, removed }, &mut problems)
            })
            .collect();
        let seasons: Vec<Season> = seasons
            .into_iter()
            .filter_map(|(_, v)| {
                let at = v.span();
                let Partial { value, removed } = file.de_lenient::<RawSeason>(v, &mut problems)?;
                value.resolve(&Entry { file, at, removed }, &names, &mut problems)
            })
            .collect();
        let bursts: Vec<Burst> = bursts
            .into_iter()
            .filter_map(|(_, v)| {
                let at = v.span();
                let Partial { value, removed } = file.de_lenient::<RawBurst>(v, &mut problems)?;
                value.resolve(&Entry { file, at, removed }, &names, &mut problems)
            })
            .collect();
        match (head, policy, budget) {
            (Some(w), Some(policy), Some(budget)) if problems.is_empty() => {
                Ok(Workload { policy, budget, activities, seasons, bursts, ..w })
            }
            _ => Err(Diagnostics::sorted(problems)),
        }
    }

    /// A `require`d feature that no plan has is not an error, but it leaves every plan
    /// ineligible (SPEC §1.3). One note per feature, with the nearest feature for a typo.
    pub fn unknown_features(required: &[String], catalog: &Catalog) -> Vec<String> {
        required
            .iter()
            .filter_map(|f| {
                let (message, _) = missing_feature(f, catalog)?;
                Some(message)
            })
            .collect()
    }
}

/// For a feature no plan of `catalog` has: the message ("no plan has feature `privat`; did
/// you mean `private`?") and a help line listing the features there are.
pub fn missing_feature(feature: &str, catalog: &Catalog) -> Option<(String, String)> {
    let mut known: Vec<&str> = Vec::new();
    for f in catalog.plans.iter().flat_map(|p| p.features.iter().map(String::as_str)) {
        if !known.contains(&f) {
            known.push(f);
        }
    }
    if known.contains(&feature) {
        return None;
    }
    let near = nearest(feature, known.iter().copied());
    let hint = near.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
    let listed: Vec<String> = known.iter().map(|f| format!("`{f}`")).collect();
    let help = if listed.is_empty() {
        "every plan lacks it, so no plan is eligible; no plan of this catalog lists any feature".to_string()
    } else {
        format!("every plan lacks it, so no plan is eligible; the catalog's features: {}", listed.join(", "))
    };
    Some((format!("no plan has feature `{feature}`{hint}"), help))
}

/// An integer in `lo..=hi`, or an error at its span.
fn bounded(file: &SourceFile, v: &Spanned<i64>, what: &str, lo: i64, hi: i64) -> Result<u32, Diagnostic> {
    let x = *v.get_ref();
    if (lo..=hi).contains(&x) {
        Ok(x as u32)
    } else {
        let range = if lo == hi { format!("{lo}") } else { format!("between {lo} and {hi}") };
        Err(file.error(Some(v.span()), format!("`{what}` must be {range}, found {x}")))
    }
}

fn share(file: &SourceFile, v: &Spanned<f64>, what: &str) -> Result<f64, Diagnostic> {
    let x = non_negative_f64(file, v, what)?;
    if x > 1.0 {
        return Err(file.error(Some(v.span()), format!("`{what}` is a share between 0 and 1, found {x}")));
    }
    Ok(x)
}

fn lookup(file: &SourceFile, name: &Spanned<String>, what: &str, keys: &[&str]) -> Result<usize, Diagnostic> {
    keys.iter().position(|k| *k == name.get_ref()).ok_or_else(|| {
        file.error(Some(name.span()), format!("unknown {what} `{}`", name.get_ref()))
            .with_help(suggest(name.get_ref(), keys.iter().copied()))
    })
}

/// `topup_pack`: a pack key, or `"cheapest"` for the cheapest mix (the catalog needs packs,
/// and none of them may be called `cheapest`).
fn topup_pack(file: &SourceFile, catalog: &Catalog, p: &Spanned<String>) -> Result<TopupPack, Diagnostic> {
    let keys: Vec<&str> = catalog.packs.iter().map(|p| p.key.as_str()).collect();
    if p.get_ref() != TopupPack::CHEAPEST {
        return lookup(file, p, "top-up pack", &keys).map(TopupPack::Pack);
    }
    if keys.is_empty() {
        return Err(file
            .error(Some(p.span()), "`topup_pack = \"cheapest\"` needs top-up packs, and the catalog has none")
            .with_help("drop `topup_pack`, or load a catalog with `[topup_packs.*]` tables"));
    }
    if keys.contains(&TopupPack::CHEAPEST) {
        return Err(file
            .error(Some(p.span()), "`cheapest` is both a pack of the catalog and the word for the cheapest mix")
            .with_help("rename the catalog's `[topup_packs.cheapest]` to say which you mean"));
    }
    Ok(TopupPack::Cheapest)
}

/// The later of two clashing keys (SPEC §1.3: an error points at the later one).
fn later(a: Range<usize>, b: Range<usize>) -> Range<usize> {
    if a.start > b.start { a } else { b }
}

/// A price given by the user (R1): `0 ≤ tokens ≤ MAX_CHARGE_TOKENS`.
fn user_tokens(file: &SourceFile, v: &Spanned<i64>) -> Result<u64, Diagnostic> {
    let x = *v.get_ref();
    u64::try_from(x).ok().filter(|&t| t <= MAX_CHARGE_TOKENS).ok_or_else(|| {
        file.error(Some(v.span()), format!("`tokens` must be between 0 and {MAX_CHARGE_TOKENS}, found {x}"))
            .with_help("`tokens` is the price the Generate button shows, a whole number of tokens")
    })
}

/// An action with no published price used without `tokens` (R1): where the price is shown.
fn unpriced(
    file: &SourceFile,
    at: &Spanned<String>,
    action: &crate::input::catalog::Action,
    entry: &str,
) -> Diagnostic {
    let named = if action.label == action.key { String::new() } else { format!(" ({})", action.label) };
    let help = match entry {
        "activity" => {
            "the Generate button shows the price of one generation with your settings: write it here as `tokens = N`"
        }
        _ => {
            "its button shows the price of one operation: give the entry `tokens`, e.g. { action = \"…\", share = 0.25, tokens = 5 }"
        }
    };
    file.error(
        Some(at.span()),
        format!("`{}`{named} has no published price: this {entry} must give `tokens`", action.key),
    )
    .with_help(help)
}

/// A misspelled day: the nearest name, else the day it starts like ("saturday" → `sat`).
fn suggest_day(word: &str) -> String {
    let lower = word.to_lowercase();
    let list: Vec<String> = Days::NAMES.iter().map(|d| format!("`{d}`")).collect();
    let near = nearest(&lower, Days::NAMES).or_else(|| Days::NAMES.iter().copied().find(|d| lower.starts_with(d)));
    match near {
        Some(n) => format!("did you mean `{n}`? valid choices: {}", list.join(", ")),
        None => format!("valid choices: {}", list.join(", ")),
    }
}

/// `on = ["sat", "sun"]`: known days, no repeats, not empty (SPEC §1.3).
fn days_of(file: &SourceFile, list: &Spanned<Vec<Spanned<String>>>, problems: &mut Vec<Diagnostic>) -> Option<Days> {
    if list.get_ref().is_empty() {
        problems.push(
            file.error(Some(list.span()), "`on` needs at least one day")
                .with_help("list days as \"mon\" … \"sun\", or leave `on` out for all seven"),
        );
        return None;
    }
    let mut days = 0u8;
    let mut ok = true;
    for d in list.get_ref() {
        match Days::NAMES.iter().position(|n| n == d.get_ref()) {
            None => {
                ok = false;
                problems.push(
                    file.error(Some(d.span()), format!("unknown day `{}` in `on`", d.get_ref()))
                        .with_help(suggest_day(d.get_ref())),
                );
            }
            Some(i) if days & (1 << i) != 0 => {
                ok = false;
                problems.push(
                    file.error(Some(d.span()), format!("`{}` is listed twice in `on`", d.get_ref()))
                        .with_help("list each day once"),
                );
            }
            Some(i) => days |= 1 << i,
        }
    }
    ok.then_some(Days(days))
}

/// A season's or burst's `activities`: the indices of the activities named (all of the same
/// name), every name known (SPEC §1.3). `Some(None)` when the key is absent (all activities).
fn scope(
    file: &SourceFile,
    list: &Option<Spanned<Vec<Spanned<String>>>>,
    names: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Option<Option<Vec<usize>>> {
    let Some(list) = list else { return Some(None) };
    if list.get_ref().is_empty() {
        problems.push(
            file.error(Some(list.span()), "`activities` is empty, so this applies to no activity")
                .with_help("name the activities it multiplies, or leave `activities` out for all of them"),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for name in list.get_ref() {
        let hits = names.iter().enumerate().filter(|(_, n)| *n == name.get_ref()).map(|(i, _)| i);
        let before = out.len();
        out.extend(hits);
        if out.len() == before {
            ok = false;
            let help = if names.is_empty() {
                "the file has no [[activity]]".to_string()
            } else {
                suggest(name.get_ref(), names.iter().map(String::as_str))
            };
            problems.push(
                file.error(Some(name.span()), format!("no activity is named `{}`", name.get_ref())).with_help(help),
            );
        }
    }
    out.sort_unstable();
    out.dedup();
    ok.then_some(Some(out))
}

impl RawWorkload {
    /// The header fields, each checked on its own; `None` when any has a problem.
    fn resolve(self, file: &SourceFile, catalog: &Catalog, problems: &mut Vec<Diagnostic>) -> Option<Workload> {
        let start = keep(date(file, &self.start, "start"), problems);
        let horizon = match (&self.months, &self.days) {
            (Some(m), Some(d)) => {
                let later = if m.span().start > d.span().start { m.span() } else { d.span() };
                Err(file.error(Some(later), "give `months` or `days`, not both").with_help("remove one of them"))
            }
            (None, Some(d)) => bounded(file, d, "days", 1, MAX_DAYS.into()).map(Horizon::Days),
            (Some(m), None) => bounded(file, m, "months", 1, MAX_MONTHS.into()).map(Horizon::Months),
            (None, None) => Ok(Horizon::Months(12)),
        };
        let horizon = keep(horizon, problems);
        let seats =
            keep(self.seats.as_ref().map_or(Ok(1), |s| bounded(file, s, "seats", 1, MAX_SEATS as i64)), problems);
        let growth = match &self.growth {
            Some(g) if !(g.get_ref().is_finite() && *g.get_ref() > -1.0 && *g.get_ref() <= 10.0) => Err(file
                .error(Some(g.span()), format!("`growth` must be above -1 and at most 10, found {}", g.get_ref()))
                .with_help("0.05 means 5 % more demand each billing period")),
            Some(g) => Ok(*g.get_ref()),
            None => Ok(0.0),
        };
        let growth = keep(growth, problems);
        let mut marks = Marks::default();
        for r in &self.require {
            marks.put("require", Some(r.span()));
        }
        Some(Workload {
            name: printable(self.name),
            start: start?,
            horizon: horizon?,
            seats: seats?,
            require: self.require.into_iter().map(Spanned::into_inner).collect(),
            growth: growth?,
            policy: default_policy(catalog),
            budget: Budget::default(),
            activities: Vec::new(),
            seasons: Vec::new(),
            bursts: Vec::new(),
            marks,
        })
    }
}

/// One `[budget]` rise limit. `money`: whether an amount may be given (cost) or only a
/// percent (tokens); an amount must be in the catalog's currency.
fn threshold(
    file: &SourceFile,
    v: &Spanned<RawThreshold>,
    key: &str,
    money: bool,
    currency: Currency,
) -> Result<Threshold, Diagnostic> {
    let at = |message: String| file.error(Some(v.span()), message);
    let t = match v.get_ref() {
        RawThreshold::Number(x) if x.is_finite() && *x >= 0.0 && *x <= 1e12 => Threshold::Percent(*x),
        RawThreshold::Number(x) => {
            return Err(at(format!("`{key}` must be a percent from 0 to 1e12, found {x}"))
                .with_help("10 means 10 % above the baseline"));
        }
        RawThreshold::Text(text) => Threshold::parse(text).map_err(|e| {
            let example = if money { "`10` or `\"10%\"` (percent), `\"$20\"` (money)" } else { "`10` or `\"10%\"`" };
            at(format!("`{key}`: {e}")).with_help(format!("write {example}"))
        })?,
    };
    match t {
        Threshold::Money(..) if !money => {
            Err(at(format!("`{key}` is a percent of peak tokens per month: tokens are not money"))
                .with_help("write a percent, such as `10` or `\"10%\"`"))
        }
        Threshold::Money(_, c) if c != currency => {
            Err(at(format!("`{key}` is an amount in {c}, but the catalog's prices are in {currency}"))
                .with_help(format!("give the amount in {currency}, or a percent")))
        }
        t => Ok(t),
    }
}

/// The `[budget]` rise tiers, with a warn tier that would never show before its fail tier
/// refused at the warn key.
fn resolve_rise(file: &SourceFile, b: &RawBudget, currency: Currency) -> Result<Rise, Diagnostic> {
    let get = |v: &Option<Spanned<RawThreshold>>, key, money| {
        v.as_ref().map(|v| threshold(file, v, key, money, currency)).transpose()
    };
    let rise = Rise {
        cost: Tiers {
            warn: get(&b.warn_increase, "warn_increase", true)?,
            fail: get(&b.max_increase, "max_increase", true)?,
        },
        tokens: Tiers {
            warn: get(&b.warn_tokens_increase, "warn_tokens_increase", false)?,
            fail: get(&b.max_tokens_increase, "max_tokens_increase", false)?,
        },
    };
    for (tiers, warn, warn_key, fail_key) in [
        (&rise.cost, &b.warn_increase, "warn_increase", "max_increase"),
        (&rise.tokens, &b.warn_tokens_increase, "warn_tokens_increase", "max_tokens_increase"),
    ] {
        if tiers.misordered().is_some() {
            let span = warn.as_ref().map(|w| w.span());
            return Err(file
                .error(span, format!("`{warn_key}` is not below `{fail_key}`: the warning would never come first"))
                .with_help(format!("lower `{warn_key}`, or remove it to fail without a warning")));
        }
    }
    Ok(rise)
}

fn resolve_budget(
    file: &SourceFile,
    b: RawBudget,
    currency: Currency,
    problems: &mut Vec<Diagnostic>,
) -> Option<Budget> {
    let before = problems.len();
    let rise = keep(resolve_rise(file, &b, currency), problems);
    let budget = Budget {
        rise: rise.unwrap_or_default(),
        max_cost: b.max_cost.as_ref().and_then(|v| keep(max_cost(file, v), problems)),
        max_tokens_per_month: b.max_tokens_per_month.as_ref().and_then(|v| keep(max_tokens(file, v), problems)),
        max_relaxed_share: b
            .max_relaxed_share
            .as_ref()
            .and_then(|v| keep(share(file, v, "max_relaxed_share"), problems)),
        max_wait_days: b
            .max_wait_days
            .as_ref()
            .and_then(|v| keep(bounded(file, v, "max_wait_days", 0, MAX_DAYS.into()), problems)),
    };
    (problems.len() == before).then_some(budget)
}

/// `[budget] max_tokens_per_month`: the bound `check --max-tokens-per-month` has too.
fn max_tokens(file: &SourceFile, v: &Spanned<Whole>) -> Result<u64, Diagnostic> {
    let n = v.get_ref().0;
    u64::try_from(n).ok().filter(|&n| n <= MAX_TOKEN_LIMIT).ok_or_else(|| {
        file.error(Some(v.span()), format!("`max_tokens_per_month` must be between 0 and {MAX_TOKEN_LIMIT}, found {n}"))
            .with_help(format!("{MAX_TOKEN_LIMIT} (10^18) is the most `check --max-tokens-per-month` takes too"))
    })
}

/// `[budget] max_cost` in USD: the bound `check --max-cost` has too.
fn max_cost(file: &SourceFile, v: &Spanned<f64>) -> Result<Cents, Diagnostic> {
    let x = non_negative_f64(file, v, "max_cost")?;
    if x > MAX_LIMIT_USD {
        return Err(file
            .error(Some(v.span()), format!("`max_cost` must be at most {MAX_LIMIT_USD:e} USD, found {x}"))
            .with_help("1e12 USD is the most `check --max-cost` takes too"));
    }
    Ok(cents(x))
}

impl RawSeason {
    fn resolve(self, entry: &Entry<'_>, names: &[String], problems: &mut Vec<Diagnostic>) -> Option<Season> {
        let file = entry.file;
        let before = problems.len();
        let months: Option<Vec<u32>> = entry.required(&self.months, "months", problems).map(|m| {
            m.get_ref().iter().filter_map(|m| keep(bounded(file, m, "season month", 1, 12), problems)).collect()
        });
        let factor = entry.required(&self.factor, "factor", problems).and_then(|f| keep(factor(file, f), problems));
        let activities = scope(file, &self.activities, names, problems);
        if problems.len() > before {
            return None;
        }
        let mut marks = Marks::default();
        marks.put("entry", Some(entry.at.clone()));
        marks.put("months", self.months.as_ref().map(Spanned::span));
        marks.put("factor", self.factor.as_ref().map(Spanned::span));
        Some(Season { months: months?, factor: factor?, activities: activities?, marks })
    }
}

impl RawBurst {
    fn resolve(self, entry: &Entry<'_>, names: &[String], problems: &mut Vec<Diagnostic>) -> Option<Burst> {
        let file = entry.file;
        let before = problems.len();
        let from = entry.required(&self.from, "from", problems);
        let until = entry.required(&self.until, "until", problems);
        let dates = match (from, until) {
            (Some(f), Some(u)) => keep(window(file, f, u), problems),
            (f, u) => {
                // Check the date that is there even when its partner is missing.
                let _ = f.map(|f| keep(date(file, f, "from"), problems));
                let _ = u.map(|u| keep(date(file, u, "until"), problems));
                None
            }
        };
        let factor = entry.required(&self.factor, "factor", problems).and_then(|f| keep(factor(file, f), problems));
        let activities = scope(file, &self.activities, names, problems);
        if problems.len() > before {
            return None;
        }
        let (from, until) = dates?;
        let mut marks = Marks::default();
        marks.put("entry", Some(entry.at.clone()));
        marks.put("from", self.from.as_ref().map(Spanned::span));
        marks.put("until", self.until.as_ref().map(Spanned::span));
        marks.put("factor", self.factor.as_ref().map(Spanned::span));
        Some(Burst { from, until, factor: factor?, activities: activities?, marks })
    }
}

fn factor(file: &SourceFile, v: &Spanned<f64>) -> Result<f64, Diagnostic> {
    let x = non_negative_f64(file, v, "factor")?;
    if x > 1000.0 {
        return Err(file.error(Some(v.span()), format!("`factor` must be at most 1000, found {x}")));
    }
    Ok(x)
}

fn window(
    file: &SourceFile,
    from: &Spanned<Datetime>,
    until: &Spanned<Datetime>,
) -> Result<(NaiveDate, NaiveDate), Diagnostic> {
    let (f, u) = (date(file, from, "from")?, date(file, until, "until")?);
    if u < f {
        return Err(file
            .error(Some(until.span()), format!("`until` ({u}) is before `from` ({f})"))
            .with_help("swap the two dates"));
    }
    Ok((f, u))
}

fn default_policy(catalog: &Catalog) -> Policy {
    Policy {
        when_out: vec![Fallback::Relaxed, Fallback::Topup, Fallback::Wait],
        topup_pack: catalog.smallest_pack().map(TopupPack::Pack),
        max_wait_days: 0,
        max_relaxed_share: 0.5,
    }
}

fn resolve_policy(
    file: &SourceFile,
    catalog: &Catalog,
    raw: RawPolicy,
    problems: &mut Vec<Diagnostic>,
) -> Option<Policy> {
    let before = problems.len();
    let mut policy = default_policy(catalog);
    if let Some(list) = raw.when_out {
        policy.when_out = list
            .iter()
            .filter_map(|f| {
                keep(lookup(file, f, "`when_out` fallback", &Fallback::NAMES), problems)
                    .map(|i| [Fallback::Relaxed, Fallback::Topup, Fallback::Wait][i])
            })
            .collect();
    }
    if let Some(p) = &raw.topup_pack {
        policy.topup_pack = keep(topup_pack(file, catalog, p), problems);
    }
    if let Some(w) = &raw.max_wait_days
        && let Some(w) = keep(bounded(file, w, "max_wait_days", 0, MAX_DAYS.into()), problems)
    {
        policy.max_wait_days = w;
    }
    if let Some(s) = &raw.max_relaxed_share
        && let Some(s) = keep(share(file, s, "max_relaxed_share"), problems)
    {
        policy.max_relaxed_share = s;
    }
    (problems.len() == before).then_some(policy)
}

impl RawActivity {
    /// Every key checked on its own, so all of an activity's problems are reported at once.
    fn resolve(
        self,
        catalog: &Catalog,
        index: usize,
        entry: &Entry<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Activity> {
        let file = entry.file;
        let before = problems.len();
        let action_keys: Vec<&str> = catalog.actions.iter().map(|a| a.key.as_str()).collect();
        let action_index = entry
            .required(&self.action, "action", problems)
            .and_then(|a| keep(lookup(file, a, "action", &action_keys), problems));
        let action = action_index.map(|i| &catalog.actions[i]);
        let images = match (&self.images, action) {
            (None, _) => Some(1),
            (Some(n), Some(action)) => keep(images_of(file, n, action), problems),
            (Some(n), None) => keep(bounded(file, n, "images", 1, 1000), problems),
        };
        let count = entry.required(&self.count, "count", problems).and_then(|c| keep(count_of(file, c), problems));
        let per = entry.required(&self.per, "per", problems).and_then(|p| {
            keep(
                Per::parse(p.get_ref()).ok_or_else(|| {
                    file.error(Some(p.span()), format!("unknown period `{}` in `per`", p.get_ref()))
                        .with_help(suggest(p.get_ref(), Per::NAMES))
                }),
                problems,
            )
        });
        // R1: the user's price replaces the catalog's and includes every setting.
        let tokens = self.tokens.as_ref().and_then(|t| keep(user_tokens(file, t), problems));
        let priced_by_user = self.tokens.is_some() || entry.lost("tokens");
        let mut addons = Vec::new();
        let mut references = 0;
        let mut mode_size = (None, None);
        if let Some(t) = &self.tokens {
            let settings = [
                (self.addons.as_ref().map(Spanned::span), "addons"),
                (self.references.as_ref().map(Spanned::span), "references"),
                (self.mode.as_ref().map(Spanned::span), "mode"),
                (self.size.as_ref().map(Spanned::span), "size"),
            ];
            for (span, key) in settings {
                if let Some(span) = span {
                    problems.push(
                        file.error(
                            Some(later(t.span(), span)),
                            format!("`{key}` cannot go with `tokens`: the price you gave already includes it"),
                        )
                        .with_help(format!(
                            "remove `{key}`, or remove `tokens` to price the generation from the catalog"
                        )),
                    );
                }
            }
        } else {
            (addons, references) = self.addon_units(file, catalog, action, problems);
            if let Some(action) = action {
                mode_size = self.mode_and_size(file, action, problems);
            }
        }
        if let Some(action) = action
            && matches!(action.pricing, Pricing::Unpublished)
            && !priced_by_user
            && let Some(at) = &self.action
        {
            problems.push(unpriced(file, at, action, "activity"));
        }
        let on = self.on.as_ref().and_then(|on| days_of(file, on, problems));
        if let (Some(on), Some(p), Some(per)) = (&self.on, &self.per, per)
            && per.fixed_days().is_some()
        {
            let days = if per == Per::Weekday { "Monday to Friday" } else { "Saturday and Sunday" };
            problems.push(
                file.error(
                    Some(later(on.span(), p.span())),
                    format!("`on` cannot go with per = \"{}\", which already means {days}", per.name()),
                )
                .with_help("use per = \"day\" and list the days in `on`, or leave `on` out"),
            );
        }
        let (from, until) = match (&self.from, &self.until) {
            (Some(f), Some(u)) => keep(window(file, f, u), problems).map_or((None, None), |(f, u)| (Some(f), Some(u))),
            (f, u) => (
                f.as_ref().and_then(|f| keep(date(file, f, "from"), problems)),
                u.as_ref().and_then(|u| keep(date(file, u, "until"), problems)),
            ),
        };
        let variability = self.variability.as_ref().map_or(Some(0.0), |v| keep(variability_of(file, v), problems));
        let then = self.then_entries(file, catalog, &action_keys, problems);
        if problems.len() > before {
            return None;
        }
        let per = per?;
        let (mode, size) = mode_size;
        let mut marks = Marks::default();
        marks.put("entry", Some(entry.at.clone()));
        marks.put("action", self.action.as_ref().map(Spanned::span));
        marks.put("count", self.count.as_ref().map(Spanned::span));
        marks.put("per", self.per.as_ref().map(Spanned::span));
        marks.put("on", self.on.as_ref().map(Spanned::span));
        marks.put("from", self.from.as_ref().map(Spanned::span));
        marks.put("until", self.until.as_ref().map(Spanned::span));
        Some(Activity {
            name: printable(self.name.unwrap_or_else(|| format!("activity {}", index + 1))),
            action: action_index?,
            setting: Setting { images: images?, addons, references, mode, size, tokens },
            count: count?,
            per,
            on: per.fixed_days().or(on).unwrap_or(Days::ALL),
            relaxed_ok: self.relaxed_ok.unwrap_or(true),
            from,
            until,
            variability: variability?,
            then,
            when_out: None,
            marks,
        })
    }

    /// `addons` and `references`, each add-on checked on its own; `references` on a per-pixel
    /// action is returned apart (R1: it acts only through `reference_factor`, so the catalog
    /// need not have a `reference` add-on).
    fn addon_units(
        &self,
        file: &SourceFile,
        catalog: &Catalog,
        action: Option<&crate::input::catalog::Action>,
        problems: &mut Vec<Diagnostic>,
    ) -> (Vec<(usize, u32)>, u32) {
        let addon_keys: Vec<&str> = catalog.addons.iter().map(|a| a.key.as_str()).collect();
        let mut addons = Vec::new();
        for (name, units) in self.addons.as_ref().map(|a| a.get_ref().iter()).into_iter().flatten() {
            let i = keep(lookup(file, name, "add-on", &addon_keys), problems);
            let u = keep(bounded(file, units, "add-on units", 0, 1000), problems);
            if let (Some(i), Some(u)) = (i, u) {
                addons.push((i, u));
            }
        }
        let mut references = 0;
        if let Some(r) = &self.references {
            let units = keep(bounded(file, r, "references", 0, 1000), problems);
            let per_pixel = action.is_some_and(|a| matches!(a.pricing, Pricing::PerPixel { .. }));
            match catalog.addon("reference") {
                _ if addons.iter().any(|(a, _)| catalog.addons[*a].key == "reference") => {
                    problems.push(file.error(Some(r.span()), "give `references` or `addons.reference`, not both"))
                }
                // R1: on a per-pixel action references act only through `reference_factor`.
                _ if per_pixel => references = units.unwrap_or(0),
                None => {
                    problems.push(file.error(Some(r.span()), "the catalog has no `reference` add-on for `references`"))
                }
                Some(i) => addons.extend(units.map(|u| (i, u))),
            }
        }
        (addons, references)
    }

    /// `mode` and `size`: only on per-pixel actions (R1).
    fn mode_and_size(
        &self,
        file: &SourceFile,
        action: &crate::input::catalog::Action,
        problems: &mut Vec<Diagnostic>,
    ) -> (Option<usize>, Option<(u32, u32)>) {
        match &action.pricing {
            Pricing::PerPixel { modes, .. } => {
                let names: Vec<&str> = modes.iter().map(|(n, _)| n.as_str()).collect();
                let mode = self
                    .mode
                    .as_ref()
                    .and_then(|m| keep(lookup(file, m, &format!("`{}` mode", action.key), &names), problems));
                let size = self.size.as_ref().and_then(|s| keep(size_pair(file, s), problems));
                (mode, size)
            }
            _ => {
                if let Some(m) = &self.mode {
                    problems.push(
                        file.error(
                            Some(m.span()),
                            format!("`{}` has no modes: `mode` is only for per-pixel actions", action.key),
                        )
                        .with_help("remove `mode`"),
                    );
                }
                if let Some(s) = &self.size {
                    problems.push(
                        file.error(
                            Some(s.span()),
                            format!("`{}` has no size setting: `size` is only for per-pixel actions", action.key),
                        )
                        .with_help("remove `size`"),
                    );
                }
                (None, None)
            }
        }
    }

    /// The `then` entries (R6), each checked on its own; at most `MAX_THEN`.
    fn then_entries(
        &self,
        file: &SourceFile,
        catalog: &Catalog,
        action_keys: &[&str],
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<Then> {
        if let Some(extra) = self.then.get(MAX_THEN) {
            problems.push(
                file.error(Some(extra.action.span()), format!("at most {MAX_THEN} `then` entries per activity"))
                    .with_help("split the work into two activities"),
            );
        }
        let mut then = Vec::new();
        for t in self.then.iter().take(MAX_THEN) {
            let share = keep(non_negative_f64(file, &t.share, "share"), problems).and_then(|share| {
                let too_many = file.error(Some(t.share.span()), format!("`share` must be at most 1000, found {share}"));
                keep(if share > 1000.0 { Err(too_many) } else { Ok(share) }, problems)
            });
            let action = keep(lookup(file, &t.action, "action", action_keys), problems);
            let tokens = t.tokens.as_ref().and_then(|v| keep(user_tokens(file, v), problems));
            if let Some(a) = action
                && matches!(catalog.actions[a].pricing, Pricing::Unpublished)
                && t.tokens.is_none()
            {
                problems.push(unpriced(file, &t.action, &catalog.actions[a], "`then` entry"));
            }
            if let (Some(action), Some(share)) = (action, share) {
                then.push(Then { action, share, tokens });
            }
        }
        then
    }
}

fn images_of(file: &SourceFile, n: &Spanned<i64>, action: &crate::input::catalog::Action) -> Result<u32, Diagnostic> {
    let x = *n.get_ref();
    if x < 1 || x > i64::from(action.max_images) {
        return Err(file
            .error(
                Some(n.span()),
                match action.max_images {
                    1 => format!("`images` must be 1 for `{}`, found {x}", action.key),
                    most => format!("`images` must be between 1 and {most} for `{}`, found {x}", action.key),
                },
            )
            .with_help(format!(
                "`{}` makes at most {} image{} per generation (its `max_images`)",
                action.key,
                action.max_images,
                if action.max_images == 1 { "" } else { "s" }
            )));
    }
    Ok(x as u32)
}

fn count_of(file: &SourceFile, c: &Spanned<f64>) -> Result<f64, Diagnostic> {
    let count = non_negative_f64(file, c, "count")?;
    if count > MAX_COUNT {
        return Err(file.error(Some(c.span()), format!("`count` must be at most {MAX_COUNT}, found {count}")));
    }
    Ok(count)
}

fn variability_of(file: &SourceFile, v: &Spanned<f64>) -> Result<f64, Diagnostic> {
    let x = non_negative_f64(file, v, "variability")?;
    if x > 10.0 {
        return Err(file.error(Some(v.span()), format!("`variability` must be between 0 and 10, found {x}")));
    }
    Ok(x)
}
