//! Plans, top-up packs, actions and add-ons (SPEC §1.1).
//!
//! A catalog is read from TOML into `Raw*` structs that mirror the file (unknown keys are
//! errors), then checked and resolved into plain structs with integer cents and indices, so
//! the simulator never looks a name up. Later `--catalog` files replace entries of the same
//! key in place (catalog order is the order of first appearance).

use crate::input::currency::Currency;
use crate::input::diagnostic::{Diagnostic, Diagnostics, suggest};
use crate::input::limits::{MAX_PRICE_USD, MAX_SEATS, MAX_TOKENS};
use crate::input::source::{SourceFile, printable};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;
use toml::de::DeValue;

/// The default catalog, embedded so the tool works from any directory.
pub const DEFAULT_CATALOG: &str = include_str!("../../plans/leonardo.toml");
pub const DEFAULT_CATALOG_NAME: &str = "plans/leonardo.toml (embedded)";

/// Monthly or annual billing (R11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Billing {
    Monthly,
    Annual,
}

impl Billing {
    pub fn name(self) -> &'static str {
        match self {
            Billing::Monthly => "monthly",
            Billing::Annual => "annual",
        }
    }

    /// "billed monthly" / "billed annually".
    pub fn adverb(self) -> &'static str {
        match self {
            Billing::Monthly => "monthly",
            Billing::Annual => "annually",
        }
    }
}

/// Hundredths of the catalog's currency ("cents"; USD unless the catalog names another).
pub type Cents = i64;

/// A price becomes `round(price × 100)` cents.
pub fn cents(usd: f64) -> Cents {
    (usd * 100.0).round() as Cents
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Image,
    Video,
    Edit,
    Texture,
    Training,
}

impl Kind {
    pub const NAMES: [&'static str; 5] = ["image", "video", "edit", "texture", "training"];

    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "image" => Kind::Image,
            "video" => Kind::Video,
            "edit" => Kind::Edit,
            "texture" => Kind::Texture,
            "training" => Kind::Training,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Kind::NAMES[self as usize]
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub name: String,
    pub currency: Currency,
    pub as_of: Option<NaiveDate>,
    pub source: String,
    pub plans: Vec<Plan>,
    pub packs: Vec<Pack>,
    pub actions: Vec<Action>,
    pub addons: Vec<Addon>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub key: String,
    pub label: String,
    pub price_monthly: Cents,
    pub price_annual: Option<Cents>,
    pub monthly_tokens: u64,
    pub rollover_cap: u64,
    pub daily_tokens: u64,
    pub topups: bool,
    pub relaxed: Vec<Kind>,
    pub features: Vec<String>,
    pub per_seat: bool,
    pub min_seats: u32,
    pub max_seats: u32,
    pub estimate: bool,
    pub source: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Pack {
    pub key: String,
    pub label: String,
    pub tokens: u64,
    pub price: Cents,
    pub estimate: bool,
    pub source: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Action {
    pub key: String,
    pub label: String,
    pub kind: Kind,
    pub relaxed: bool,
    pub pricing: Pricing,
    pub max_images: u32,
    pub estimate: bool,
    pub source: Option<String>,
    /// The platform's model ids (history import, §5.1).
    pub model_ids: Vec<String>,
    /// A model the platform no longer offers, kept so old workloads still run.
    pub legacy: bool,
}

/// How an action is priced (R1).
#[derive(Debug, Clone)]
pub enum Pricing {
    /// `tokens = t`: t per image.
    PerImage(u64),
    /// `tokens = {k = t, …}`, sorted by image count.
    Table(Vec<(u32, u64)>),
    /// `per_pixel`: modes in file order (the first is the default).
    PerPixel { per_pixel: f64, modes: Vec<(String, f64)>, reference_factor: f64, size: (u32, u32) },
    /// Neither `tokens` nor `per_pixel`: no published price; every use gives `tokens` (R1).
    Unpublished,
}

#[derive(Debug, Clone)]
pub struct Addon {
    pub key: String,
    pub label: String,
    pub per_image: u64,
    pub per_generation: u64,
    pub free: u64,
    pub estimate: bool,
}

impl Catalog {
    pub fn plan(&self, key: &str) -> Option<usize> {
        self.plans.iter().position(|p| p.key == key)
    }
    pub fn action(&self, key: &str) -> Option<usize> {
        self.actions.iter().position(|a| a.key == key)
    }
    pub fn addon(&self, key: &str) -> Option<usize> {
        self.addons.iter().position(|a| a.key == key)
    }
    /// The pack with the fewest tokens (first on ties): the default `topup_pack`.
    pub fn smallest_pack(&self) -> Option<usize> {
        (0..self.packs.len()).min_by_key(|&i| (self.packs[i].tokens, i))
    }

    /// A warning when the figures were checked more than 180 days before `today`: by the
    /// catalog (`as_of`), or by the user on `checked` (`--prices-checked`), whichever is later.
    pub fn staleness(&self, today: NaiveDate, checked: Option<NaiveDate>) -> Option<String> {
        let as_of = self.as_of?;
        let (date, by) = match checked {
            Some(c) if c > as_of => (c, format!("checked by you on {c} (catalog as of {as_of})")),
            _ => (as_of, format!("checked {as_of}")),
        };
        let age = (today - date).num_days();
        (age > 180).then(|| {
            format!(
                "prices {by}, {age} days ago: check the Generate button, or pass --catalog with your own figures; \
                 then say so with --prices-checked DATE (or PLAN_BUDGET_PRICES_CHECKED=DATE)"
            )
        })
    }

    /// The embedded default catalog.
    pub fn default_catalog() -> Result<Catalog, Diagnostics> {
        Catalog::parse(&SourceFile::new(DEFAULT_CATALOG_NAME, DEFAULT_CATALOG))
    }

    /// Loads `files` in order, later entries replacing earlier ones of the same key in place.
    pub fn load_merged(files: &[SourceFile]) -> Result<Catalog, Diagnostics> {
        let mut merged: Option<Catalog> = None;
        for file in files {
            let next = Catalog::parse(file)?;
            if let Some(base) = &merged
                && base.currency != next.currency
            {
                let message = format!(
                    "this catalog's prices are in {}, but the catalogs before it are in {}: merged catalogs \
                     share one currency",
                    next.currency, base.currency
                );
                let help = "convert the prices to one currency, or load the catalogs one at a time";
                return Err(file.error(file.key_span("currency"), message).with_help(help).into());
            }
            merged = Some(match merged {
                None => next,
                Some(base) => base.merge(next),
            });
        }
        let Some(catalog) = merged else { return Catalog::default_catalog() };
        let last = &files[files.len() - 1];
        for (what, empty, example) in [
            ("plans", catalog.plans.is_empty(), "[plans.KEY]"),
            ("actions", catalog.actions.is_empty(), "[actions.KEY]"),
        ] {
            if empty {
                let message = format!("the catalog defines no {what}: nothing can be simulated");
                let help = format!("add a {example} table (plans/leonardo.toml shows every field)");
                return Err(last.error(None, message).with_help(help).into());
            }
        }
        Ok(catalog)
    }

    /// Names joined, the oldest `as_of` kept (freshness is only as good as the stalest file).
    fn merge(mut self, other: Catalog) -> Catalog {
        fn upsert<T: Clone>(into: &mut Vec<T>, from: Vec<T>, key: impl Fn(&T) -> &str) {
            for item in from {
                match into.iter().position(|x| key(x) == key(&item)) {
                    Some(i) => into[i] = item,
                    None => into.push(item),
                }
            }
        }
        self.name = format!("{} + {}", self.name, other.name);
        self.as_of = match (self.as_of, other.as_of) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if !other.source.is_empty() {
            self.source = format!("{}; {}", self.source, other.source);
        }
        upsert(&mut self.plans, other.plans, |p| &p.key);
        upsert(&mut self.packs, other.packs, |p| &p.key);
        upsert(&mut self.actions, other.actions, |p| &p.key);
        upsert(&mut self.addons, other.addons, |p| &p.key);
        self
    }

    /// Reads and checks one catalog file (SPEC §1.1, §1.3), reporting every problem: each
    /// plan, pack, action and add-on is checked on its own, so one bad entry hides no other.
    pub fn parse(file: &SourceFile) -> Result<Catalog, Diagnostics> {
        let table = file.table()?;
        if let Ok(crate::input::kind::FileKind::Workload) = crate::input::kind::kind_of(table.get_ref()) {
            let help = "pass catalogs (files with [plans.*] and [actions.*] tables) with --catalog, and the workload as the command's argument";
            return Err(file.error(None, "this is a workload, not a catalog").with_help(help).into());
        }
        let span = table.span();
        let mut root = table.into_inner();
        let mut problems = Vec::new();
        let plans = file.take_entries(&mut root, "plans", &mut problems);
        let packs = file.take_entries(&mut root, "topup_packs", &mut problems);
        let actions = file.take_entries(&mut root, "actions", &mut problems);
        let addons = file.take_entries(&mut root, "addons", &mut problems);
        let head = file.de_all::<RawCatalog>(Spanned::new(span, DeValue::Table(root)), &mut problems);
        let currency = head.as_ref().and_then(|h| match &h.currency {
            None => Some(Currency::USD),
            Some(c) => keep(currency(file, c), &mut problems),
        });
        let as_of = head
            .as_ref()
            .and_then(|h| keep(h.as_of.as_ref().map(|d| date(file, d, "as_of")).transpose(), &mut problems))
            .flatten();
        let plans: Vec<Plan> = plans
            .into_iter()
            .filter_map(|(k, v)| {
                file.de_all::<RawPlan>(v, &mut problems).and_then(|p| keep(p.resolve(file, k), &mut problems))
            })
            .collect();
        let packs: Vec<Pack> = packs
            .into_iter()
            .filter_map(|(k, v)| {
                file.de_all::<RawPack>(v, &mut problems).and_then(|p| keep(p.resolve(file, k), &mut problems))
            })
            .collect();
        let actions: Vec<Action> = actions
            .into_iter()
            .filter_map(|(k, v)| {
                file.de_all::<RawAction>(v, &mut problems).and_then(|a| keep(a.resolve(file, k), &mut problems))
            })
            .collect();
        let addons: Vec<Addon> = addons
            .into_iter()
            .filter_map(|(k, v)| {
                file.de_all::<RawAddon>(v, &mut problems).and_then(|a| keep(a.resolve(file, k), &mut problems))
            })
            .collect();
        match (head, currency) {
            (Some(head), Some(currency)) if problems.is_empty() => Ok(Catalog {
                name: printable(head.name),
                currency,
                as_of,
                source: printable(head.source),
                plans,
                packs,
                actions,
                addons,
            }),
            _ => Err(Diagnostics::sorted(problems)),
        }
    }
}

/// `currency = "EUR"`: an ISO 4217 code (SPEC §1.1), which every money figure is written in.
fn currency(file: &SourceFile, v: &Spanned<String>) -> Result<Currency, Diagnostic> {
    Currency::parse(v.get_ref()).ok_or_else(|| {
        let upper = v.get_ref().trim().to_ascii_uppercase();
        let help = match Currency::parse(&upper) {
            Some(c) => format!("write `currency = \"{c}\"`"),
            None => "write the ISO 4217 code of the prices, such as `USD`, `EUR` or `GBP`".to_string(),
        };
        file.error(
            Some(v.span()),
            format!("`currency` must be an ISO 4217 code (three capital letters), found `{}`", v.get_ref()),
        )
        .with_help(help)
    })
}

/// The value of `r`, or `None` with its problem recorded.
pub(crate) fn keep<T>(r: Result<T, Diagnostic>, problems: &mut Vec<Diagnostic>) -> Option<T> {
    r.map_err(|e| problems.push(e)).ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[allow(dead_code)]
    schema: i64,
    name: String,
    currency: Option<Spanned<String>>,
    as_of: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    source: String,
    // Checked entry by entry (`Catalog::parse`); named here so a typo gets them suggested.
    #[allow(dead_code)]
    plans: Option<IgnoredAny>,
    #[allow(dead_code)]
    topup_packs: Option<IgnoredAny>,
    #[allow(dead_code)]
    actions: Option<IgnoredAny>,
    #[allow(dead_code)]
    addons: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    label: Option<String>,
    price_monthly: Spanned<f64>,
    price_annual: Option<Spanned<f64>>,
    monthly_tokens: Spanned<i64>,
    #[serde(default)]
    rollover_cap: Option<Spanned<i64>>,
    #[serde(default)]
    daily_tokens: Option<Spanned<i64>>,
    #[serde(default)]
    topups: bool,
    #[serde(default)]
    relaxed: Vec<Spanned<String>>,
    #[serde(default)]
    features: Vec<String>,
    #[serde(default)]
    per_seat: bool,
    min_seats: Option<Spanned<i64>>,
    max_seats: Option<Spanned<i64>>,
    #[serde(default)]
    estimate: bool,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    label: Option<String>,
    tokens: Spanned<i64>,
    price: Spanned<f64>,
    #[serde(default)]
    estimate: bool,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    label: Option<String>,
    kind: Spanned<String>,
    #[serde(default)]
    relaxed: bool,
    tokens: Option<Spanned<toml::Value>>,
    per_pixel: Option<Spanned<f64>>,
    modes: Option<Spanned<IndexMap<String, Spanned<f64>>>>,
    reference_factor: Option<Spanned<f64>>,
    size: Option<Spanned<Vec<Spanned<i64>>>>,
    max_images: Option<Spanned<i64>>,
    #[serde(default)]
    estimate: bool,
    source: Option<String>,
    #[serde(default)]
    model_ids: Vec<String>,
    #[serde(default)]
    legacy: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddon {
    label: Option<String>,
    per_image: Option<Spanned<i64>>,
    per_generation: Option<Spanned<i64>>,
    free: Option<Spanned<i64>>,
    #[serde(default)]
    estimate: bool,
    #[allow(dead_code)]
    source: Option<String>,
}

/// `value ≥ 0` as an integer, or an error at its span.
pub(crate) fn non_negative(file: &SourceFile, v: &Spanned<i64>, what: &str) -> Result<u64, Diagnostic> {
    u64::try_from(*v.get_ref())
        .map_err(|_| file.error(Some(v.span()), format!("`{what}` must be 0 or more, found {}", v.get_ref())))
}

/// A token figure: `0 ≤ value ≤ MAX_TOKENS` (src/limits.rs keeps every sum inside `u64`).
fn token_figure(file: &SourceFile, v: &Spanned<i64>, what: &str) -> Result<u64, Diagnostic> {
    let n = non_negative(file, v, what)?;
    if n > MAX_TOKENS {
        return Err(file.error(Some(v.span()), format!("`{what}` must be at most {MAX_TOKENS}, found {n}")));
    }
    Ok(n)
}

/// A price in USD: `0 ≤ value ≤ MAX_PRICE_USD`, in cents.
fn price(file: &SourceFile, v: &Spanned<f64>, what: &str) -> Result<Cents, Diagnostic> {
    let x = non_negative_f64(file, v, what)?;
    if x > MAX_PRICE_USD {
        return Err(file.error(Some(v.span()), format!("`{what}` must be at most {MAX_PRICE_USD} USD, found {x}")));
    }
    Ok(cents(x))
}

pub(crate) fn non_negative_f64(file: &SourceFile, v: &Spanned<f64>, what: &str) -> Result<f64, Diagnostic> {
    let x = *v.get_ref();
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(file.error(Some(v.span()), format!("`{what}` must be a number 0 or more, found {x}")))
    }
}

pub(crate) fn date(file: &SourceFile, v: &Spanned<toml::value::Datetime>, what: &str) -> Result<NaiveDate, Diagnostic> {
    let dt = v.get_ref();
    let parsed = match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()),
        _ => None,
    };
    parsed.ok_or_else(|| {
        file.error(Some(v.span()), format!("`{what}` must be a real calendar date, found {dt}"))
            .with_help("write a date as YYYY-MM-DD, e.g. 2026-01-05")
    })
}

impl RawPack {
    fn resolve(self, file: &SourceFile, key: String) -> Result<Pack, Diagnostic> {
        let tokens = token_figure(file, &self.tokens, "tokens")?;
        if tokens == 0 {
            return Err(file
                .error(Some(self.tokens.span()), "a top-up pack needs `tokens` of 1 or more")
                .with_help("a pack of 0 tokens could never cover a charge"));
        }
        Ok(Pack {
            label: printable(self.label.unwrap_or_else(|| key.clone())),
            key,
            tokens,
            price: price(file, &self.price, "price")?,
            estimate: self.estimate,
            source: self.source.map(printable),
        })
    }
}

impl RawAddon {
    fn resolve(self, file: &SourceFile, key: String) -> Result<Addon, Diagnostic> {
        let get = |v: &Option<Spanned<i64>>, what| v.as_ref().map_or(Ok(0), |v| token_figure(file, v, what));
        Ok(Addon {
            label: printable(self.label.clone().unwrap_or_else(|| key.clone())),
            per_image: get(&self.per_image, "per_image")?,
            per_generation: get(&self.per_generation, "per_generation")?,
            free: get(&self.free, "free")?,
            estimate: self.estimate,
            key,
        })
    }
}

impl RawPlan {
    fn resolve(self, file: &SourceFile, key: String) -> Result<Plan, Diagnostic> {
        let opt =
            |v: &Option<Spanned<i64>>, what, default| v.as_ref().map_or(Ok(default), |v| token_figure(file, v, what));
        let relaxed = self
            .relaxed
            .iter()
            .map(|k| {
                Kind::parse(k.get_ref()).ok_or_else(|| {
                    file.error(Some(k.span()), format!("unknown action kind `{}` in `relaxed`", k.get_ref()))
                        .with_help(suggest(k.get_ref(), Kind::NAMES))
                })
            })
            .collect::<Result<_, _>>()?;
        let seats = |v: &Option<Spanned<i64>>, what, default| match v {
            Some(s) if !(0..=MAX_SEATS as i64).contains(s.get_ref()) => Err(file
                .error(Some(s.span()), format!("`{what}` must be between 0 and {MAX_SEATS}, found {}", s.get_ref()))),
            Some(s) => Ok(*s.get_ref() as u64),
            None => Ok(default),
        };
        let min_seats = seats(&self.min_seats, "min_seats", 1)?.max(1);
        let max_seats = seats(&self.max_seats, "max_seats", if self.per_seat { 1000 } else { 1 })?;
        if max_seats < min_seats {
            let span = self.max_seats.as_ref().map(|s| s.span());
            return Err(file.error(span, format!("`max_seats` ({max_seats}) is below `min_seats` ({min_seats})")));
        }
        Ok(Plan {
            label: printable(self.label.unwrap_or_else(|| key.clone())),
            key,
            price_monthly: price(file, &self.price_monthly, "price_monthly")?,
            price_annual: self.price_annual.as_ref().map(|p| price(file, p, "price_annual")).transpose()?,
            monthly_tokens: token_figure(file, &self.monthly_tokens, "monthly_tokens")?,
            rollover_cap: opt(&self.rollover_cap, "rollover_cap", 0)?,
            daily_tokens: opt(&self.daily_tokens, "daily_tokens", 0)?,
            topups: self.topups,
            relaxed,
            features: self.features,
            per_seat: self.per_seat,
            min_seats: min_seats as u32,
            max_seats: max_seats.min(u64::from(u32::MAX)) as u32,
            estimate: self.estimate,
            source: self.source.map(printable),
        })
    }
}

impl RawAction {
    fn resolve(self, file: &SourceFile, key: String) -> Result<Action, Diagnostic> {
        let kind = Kind::parse(self.kind.get_ref()).ok_or_else(|| {
            file.error(Some(self.kind.span()), format!("unknown action kind `{}`", self.kind.get_ref()))
                .with_help(suggest(self.kind.get_ref(), Kind::NAMES))
        })?;
        let pricing = match (&self.tokens, &self.per_pixel) {
            (Some(t), None) => {
                if let Some(m) = &self.modes {
                    return Err(file.error(Some(m.span()), "`modes` is only for `per_pixel` actions"));
                }
                if let Some(s) = &self.size {
                    return Err(file.error(Some(s.span()), "`size` is only for `per_pixel` actions"));
                }
                if let Some(r) = &self.reference_factor {
                    return Err(file.error(Some(r.span()), "`reference_factor` is only for `per_pixel` actions"));
                }
                token_pricing(file, t)?
            }
            (None, Some(p)) => {
                let per_pixel = non_negative_f64(file, p, "per_pixel")?;
                let modes = match &self.modes {
                    None => vec![("default".to_string(), 1.0)],
                    Some(m) if m.get_ref().is_empty() => {
                        return Err(file.error(Some(m.span()), "`modes` needs at least one mode"));
                    }
                    Some(m) => m
                        .get_ref()
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), non_negative_f64(file, v, "mode factor")?)))
                        .collect::<Result<_, Diagnostic>>()?,
                };
                let reference_factor = self
                    .reference_factor
                    .as_ref()
                    .map_or(Ok(1.0), |r| non_negative_f64(file, r, "reference_factor"))?;
                let size = match &self.size {
                    None => (1024, 1024),
                    Some(s) => size_pair(file, s)?,
                };
                Pricing::PerPixel { per_pixel, modes, reference_factor, size }
            }
            (Some(t), Some(_)) => {
                return Err(file
                    .error(Some(t.span()), format!("action `{key}` has both `tokens` and `per_pixel`"))
                    .with_help("keep exactly one of them"));
            }
            (None, None) => {
                for (span, what) in [
                    (self.modes.as_ref().map(|m| m.span()), "modes"),
                    (self.size.as_ref().map(|s| s.span()), "size"),
                    (self.reference_factor.as_ref().map(|r| r.span()), "reference_factor"),
                ] {
                    if let Some(span) = span {
                        return Err(file.error(Some(span), format!("`{what}` is only for `per_pixel` actions")));
                    }
                }
                Pricing::Unpublished
            }
        };
        let max_images = match &self.max_images {
            None => 8,
            Some(m) => {
                let n = non_negative(file, m, "max_images")?;
                if n == 0 || n > 1000 {
                    return Err(file.error(Some(m.span()), "`max_images` must be between 1 and 1000"));
                }
                n as u32
            }
        };
        Ok(Action {
            label: printable(self.label.unwrap_or_else(|| key.clone())),
            key,
            kind,
            relaxed: self.relaxed,
            pricing,
            max_images,
            estimate: self.estimate,
            source: self.source.map(printable),
            model_ids: self.model_ids.into_iter().map(printable).collect(),
            legacy: self.legacy,
        })
    }
}

pub(crate) fn size_pair(file: &SourceFile, s: &Spanned<Vec<Spanned<i64>>>) -> Result<(u32, u32), Diagnostic> {
    let dims: Vec<i64> = s.get_ref().iter().map(|d| *d.get_ref()).collect();
    match dims.as_slice() {
        [w, h] if (1..=100_000).contains(w) && (1..=100_000).contains(h) => Ok((*w as u32, *h as u32)),
        _ => Err(file
            .error(Some(s.span()), "`size` must be [width, height] in pixels, each 1 to 100000")
            .with_help("for example size = [1024, 768]")),
    }
}

fn token_pricing(file: &SourceFile, t: &Spanned<toml::Value>) -> Result<Pricing, Diagnostic> {
    let figure = |n: i64| u64::try_from(n).ok().filter(|&n| n <= MAX_TOKENS);
    let bad = || {
        file.error(
            Some(t.span()),
            format!("`tokens` must be an integer 0 to {MAX_TOKENS} (per image) or a table of image count = tokens"),
        )
        .with_help("for example tokens = 2 or tokens = { 1 = 16, 4 = 26 }")
    };
    match t.get_ref() {
        toml::Value::Integer(n) => figure(*n).map(Pricing::PerImage).ok_or_else(bad),
        toml::Value::Table(table) if !table.is_empty() => {
            let mut rows = Vec::new();
            for (k, v) in table {
                let images: u32 = k.parse().ok().filter(|&n| n >= 1).ok_or_else(bad)?;
                let tokens = v.as_integer().and_then(figure).ok_or_else(bad)?;
                rows.push((images, tokens));
            }
            rows.sort_unstable();
            Ok(Pricing::Table(rows))
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_older_than_180_days_is_flagged() {
        let c = Catalog::default_catalog().unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(c.as_of, Some(day(2026, 12, 2)));
        assert_eq!(c.staleness(day(2027, 5, 31), None), None); // 180 days
        assert_eq!(
            c.staleness(day(2027, 7, 30), None).as_deref(),
            Some(
                "prices checked 2026-12-02, 240 days ago: check the Generate button, or pass --catalog with your own figures; then say so with --prices-checked DATE (or PLAN_BUDGET_PRICES_CHECKED=DATE)"
            )
        );
    }

    #[test]
    fn prices_checked_by_the_user_count_from_their_date_when_later() {
        let c = Catalog::default_catalog().unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Checked on 2027-07-01: 29 days before 2027-07-30, so fresh.
        assert_eq!(c.staleness(day(2027, 7, 30), Some(day(2027, 7, 1))), None);
        // An older check than the catalog's own does not help.
        assert!(c.staleness(day(2027, 7, 30), Some(day(2026, 1, 1))).unwrap().starts_with("prices checked 2026-12-02"));
        // Checked long ago: the warning says by whom and when.
        assert_eq!(
            c.staleness(day(2028, 1, 30), Some(day(2027, 7, 1))).as_deref().map(|w| w.split(':').next().unwrap()),
            Some("prices checked by you on 2027-07-01 (catalog as of 2026-12-02), 213 days ago")
        );
    }
}
