//! What a creator produces (SPEC §1.2): activities, seasons, bursts, growth, policy, budget.
//!
//! Like the catalog, a workload is read into `Raw*` mirror structs (unknown keys are errors),
//! then checked against the catalog and resolved to indices, so a typo can never turn into a
//! silently different plan.

use crate::input::catalog::{Catalog, Cents, Pricing, cents, date, keep, non_negative_f64, size_pair};
use crate::input::diagnostic::{Diagnostic, Diagnostics, suggest};
use crate::input::limits::{MAX_LIMIT_USD, MAX_TOKEN_LIMIT};
use crate::input::source::{SourceFile, printable};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;
use toml::de::DeValue;
use toml::value::Datetime;

/// Upper bounds that keep every run bounded in time and memory.
pub const MAX_MONTHS: u32 = 1200;
pub const MAX_DAYS: u32 = 36_525;
pub const MAX_SEATS: u32 = 100_000;
pub const MAX_COUNT: f64 = 100_000.0;

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    Months(u32),
    Days(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Day,
    Weekday,
    Week,
    Month,
}

impl Per {
    pub const NAMES: [&'static str; 4] = ["day", "weekday", "week", "month"];
    pub fn parse(s: &str) -> Option<Per> {
        Some(match s {
            "day" => Per::Day,
            "weekday" => Per::Weekday,
            "week" => Per::Week,
            "month" => Per::Month,
            _ => return None,
        })
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
    pub relaxed_ok: bool,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub variability: f64,
    pub then: Vec<Then>,
    /// Fallbacks for this activity instead of `policy.when_out` (not in the file format: used by
    /// `capacity` to keep its probe activity fast-only).
    pub when_out: Option<Vec<Fallback>>,
}

/// A post-processing entry (R6): `share` operations of `action` per image generated.
#[derive(Debug, Clone)]
pub struct Then {
    pub action: usize,
    pub share: f64,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub when_out: Vec<Fallback>,
    /// `None` when the catalog has no packs.
    pub topup_pack: Option<usize>,
    pub max_wait_days: u32,
    pub max_relaxed_share: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Budget {
    pub max_cost: Option<Cents>,
    pub max_tokens_per_month: Option<u64>,
    pub max_relaxed_share: Option<f64>,
    pub max_wait_days: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Season {
    pub months: Vec<u32>,
    pub factor: f64,
}

#[derive(Debug, Clone)]
pub struct Burst {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub factor: f64,
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
    require: Vec<String>,
    growth: Option<Spanned<f64>>,
    policy: Option<RawPolicy>,
    budget: Option<RawBudget>,
    // Checked entry by entry (`Workload::parse`); named here so a typo gets them suggested.
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActivity {
    name: Option<String>,
    action: Spanned<String>,
    images: Option<Spanned<i64>>,
    count: Spanned<f64>,
    per: Spanned<String>,
    #[serde(default)]
    addons: IndexMap<Spanned<String>, Spanned<i64>>,
    references: Option<Spanned<i64>>,
    mode: Option<Spanned<String>>,
    size: Option<Spanned<Vec<Spanned<i64>>>>,
    relaxed_ok: Option<bool>,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeason {
    months: Spanned<Vec<Spanned<i64>>>,
    factor: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBurst {
    from: Spanned<Datetime>,
    until: Spanned<Datetime>,
    factor: Spanned<f64>,
}

impl Workload {
    /// Reads and checks a workload against `catalog` (SPEC §1.2, §1.3), reporting every
    /// problem: the header, policy, budget and each activity, season and burst are checked on
    /// their own, so one bad entry hides no other.
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
        let head = file.de_all::<RawWorkload>(Spanned::new(span, DeValue::Table(root)), &mut problems);
        let head = head.and_then(|h| h.resolve(file, catalog, &mut problems));
        let activities: Vec<Activity> = activities
            .into_iter()
            .enumerate()
            .filter_map(|(i, (_, v))| {
                file.de_all::<RawActivity>(v, &mut problems)
                    .and_then(|a| keep(a.resolve(file, catalog, i), &mut problems))
            })
            .collect();
        let seasons: Vec<Season> = seasons
            .into_iter()
            .filter_map(|(_, v)| {
                file.de_all::<RawSeason>(v, &mut problems).and_then(|s| keep(s.resolve(file), &mut problems))
            })
            .collect();
        let bursts: Vec<Burst> = bursts
            .into_iter()
            .filter_map(|(_, v)| {
                file.de_all::<RawBurst>(v, &mut problems).and_then(|b| keep(b.resolve(file), &mut problems))
            })
            .collect();
        match head {
            Some(w) if problems.is_empty() => Ok(Workload { activities, seasons, bursts, ..w }),
            _ => Err(Diagnostics::sorted(problems)),
        }
    }

    /// SPEC §1.3: a `require`d feature that no plan has is not an error, but it leaves every
    /// plan ineligible, so say so (with the nearest feature, for a typo). One note per feature.
    pub fn unknown_features(required: &[String], catalog: &Catalog) -> Vec<String> {
        let known: Vec<&str> = catalog.plans.iter().flat_map(|p| p.features.iter().map(String::as_str)).collect();
        required
            .iter()
            .filter(|f| !known.contains(&f.as_str()))
            .map(|f| {
                let near = crate::input::diagnostic::nearest(f, known.iter().copied());
                let hint = near.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                format!("no plan in the catalog has the required feature `{f}`, so no plan is eligible{hint}")
            })
            .collect()
    }
}

/// An integer in `lo..=hi`, or an error at its span.
fn bounded(file: &SourceFile, v: &Spanned<i64>, what: &str, lo: i64, hi: i64) -> Result<u32, Diagnostic> {
    let x = *v.get_ref();
    if (lo..=hi).contains(&x) {
        Ok(x as u32)
    } else {
        Err(file.error(Some(v.span()), format!("`{what}` must be between {lo} and {hi}, found {x}")))
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
            keep(self.seats.as_ref().map_or(Ok(1), |s| bounded(file, s, "seats", 1, MAX_SEATS.into())), problems);
        let growth = match &self.growth {
            Some(g) if !(g.get_ref().is_finite() && *g.get_ref() > -1.0 && *g.get_ref() <= 10.0) => Err(file
                .error(Some(g.span()), format!("`growth` must be above -1 and at most 10, found {}", g.get_ref()))
                .with_help("0.05 means 5 % more demand each billing period")),
            Some(g) => Ok(*g.get_ref()),
            None => Ok(0.0),
        };
        let growth = keep(growth, problems);
        let policy = keep(resolve_policy(file, catalog, self.policy), problems);
        let budget = keep(resolve_budget(file, self.budget), problems);
        Some(Workload {
            name: printable(self.name),
            start: start?,
            horizon: horizon?,
            seats: seats?,
            require: self.require,
            growth: growth?,
            policy: policy?,
            budget: budget?,
            activities: Vec::new(),
            seasons: Vec::new(),
            bursts: Vec::new(),
        })
    }
}

fn resolve_budget(file: &SourceFile, raw: Option<RawBudget>) -> Result<Budget, Diagnostic> {
    Ok(match raw {
        None => Budget::default(),
        Some(b) => Budget {
            max_cost: b.max_cost.as_ref().map(|v| max_cost(file, v)).transpose()?,
            max_tokens_per_month: b.max_tokens_per_month.as_ref().map(|v| max_tokens(file, v)).transpose()?,
            max_relaxed_share: b.max_relaxed_share.as_ref().map(|v| share(file, v, "max_relaxed_share")).transpose()?,
            max_wait_days: b
                .max_wait_days
                .as_ref()
                .map(|v| bounded(file, v, "max_wait_days", 0, MAX_DAYS.into()))
                .transpose()?,
        },
    })
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
    fn resolve(self, file: &SourceFile) -> Result<Season, Diagnostic> {
        let months =
            self.months.get_ref().iter().map(|m| bounded(file, m, "season month", 1, 12)).collect::<Result<_, _>>()?;
        Ok(Season { months, factor: factor(file, &self.factor)? })
    }
}

impl RawBurst {
    fn resolve(self, file: &SourceFile) -> Result<Burst, Diagnostic> {
        let (from, until) = window(file, &self.from, &self.until)?;
        Ok(Burst { from, until, factor: factor(file, &self.factor)? })
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
        topup_pack: catalog.smallest_pack(),
        max_wait_days: 0,
        max_relaxed_share: 0.5,
    }
}

fn resolve_policy(file: &SourceFile, catalog: &Catalog, raw: Option<RawPolicy>) -> Result<Policy, Diagnostic> {
    let mut policy = default_policy(catalog);
    let Some(raw) = raw else { return Ok(policy) };
    if let Some(list) = raw.when_out {
        policy.when_out = list
            .iter()
            .map(|f| {
                lookup(file, f, "`when_out` fallback", &Fallback::NAMES)
                    .map(|i| [Fallback::Relaxed, Fallback::Topup, Fallback::Wait][i])
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(p) = &raw.topup_pack {
        let keys: Vec<&str> = catalog.packs.iter().map(|p| p.key.as_str()).collect();
        policy.topup_pack = Some(lookup(file, p, "top-up pack", &keys)?);
    }
    if let Some(w) = &raw.max_wait_days {
        policy.max_wait_days = bounded(file, w, "max_wait_days", 0, MAX_DAYS.into())?;
    }
    if let Some(s) = &raw.max_relaxed_share {
        policy.max_relaxed_share = share(file, s, "max_relaxed_share")?;
    }
    Ok(policy)
}

impl RawActivity {
    fn resolve(self, file: &SourceFile, catalog: &Catalog, index: usize) -> Result<Activity, Diagnostic> {
        let action_keys: Vec<&str> = catalog.actions.iter().map(|a| a.key.as_str()).collect();
        let action_index = lookup(file, &self.action, "action", &action_keys)?;
        let action = &catalog.actions[action_index];
        let images = match &self.images {
            None => 1,
            Some(n) => {
                let x = *n.get_ref();
                if x < 1 || x > i64::from(action.max_images) {
                    return Err(file
                        .error(
                            Some(n.span()),
                            format!(
                                "`images` must be between 1 and {} for `{}`, found {x}",
                                action.max_images, action.key
                            ),
                        )
                        .with_help(format!(
                            "`{}` makes at most {} images per generation (its `max_images`)",
                            action.key, action.max_images
                        )));
                }
                x as u32
            }
        };
        let count = non_negative_f64(file, &self.count, "count")?;
        if count > MAX_COUNT {
            return Err(
                file.error(Some(self.count.span()), format!("`count` must be at most {MAX_COUNT}, found {count}"))
            );
        }
        let per = Per::parse(self.per.get_ref()).ok_or_else(|| {
            file.error(Some(self.per.span()), format!("unknown period `{}` in `per`", self.per.get_ref()))
                .with_help(suggest(self.per.get_ref(), Per::NAMES))
        })?;
        let addon_keys: Vec<&str> = catalog.addons.iter().map(|a| a.key.as_str()).collect();
        let mut addons = Vec::new();
        for (name, units) in &self.addons {
            let i = lookup(file, name, "add-on", &addon_keys)?;
            addons.push((i, bounded(file, units, "add-on units", 0, 1000)?));
        }
        let mut references = 0;
        if let Some(r) = &self.references {
            let units = bounded(file, r, "references", 0, 1000)?;
            if addons.iter().any(|(a, _)| catalog.addons[*a].key == "reference") {
                return Err(file.error(Some(r.span()), "give `references` or `addons.reference`, not both"));
            }
            match (&action.pricing, catalog.addon("reference")) {
                // R1: on a per-pixel action references act only through `reference_factor`.
                (Pricing::PerPixel { .. }, _) => references = units,
                (_, Some(i)) => addons.push((i, units)),
                (_, None) => {
                    return Err(file.error(Some(r.span()), "the catalog has no `reference` add-on for `references`"));
                }
            }
        }
        let (mode, size) = match &action.pricing {
            Pricing::PerPixel { modes, .. } => {
                let mode = match &self.mode {
                    None => None,
                    Some(m) => {
                        let names: Vec<&str> = modes.iter().map(|(n, _)| n.as_str()).collect();
                        Some(lookup(file, m, &format!("`{}` mode", action.key), &names)?)
                    }
                };
                (mode, self.size.as_ref().map(|s| size_pair(file, s)).transpose()?)
            }
            _ => {
                if let Some(m) = &self.mode {
                    return Err(file
                        .error(
                            Some(m.span()),
                            format!("`{}` has no modes: `mode` is only for per-pixel actions", action.key),
                        )
                        .with_help("remove `mode`"));
                }
                if let Some(s) = &self.size {
                    return Err(file
                        .error(
                            Some(s.span()),
                            format!("`{}` has no size setting: `size` is only for per-pixel actions", action.key),
                        )
                        .with_help("remove `size`"));
                }
                (None, None)
            }
        };
        let (from, until) = match (&self.from, &self.until) {
            (Some(f), Some(u)) => {
                let (f, u) = window(file, f, u)?;
                (Some(f), Some(u))
            }
            (f, u) => (
                f.as_ref().map(|f| date(file, f, "from")).transpose()?,
                u.as_ref().map(|u| date(file, u, "until")).transpose()?,
            ),
        };
        let variability = match &self.variability {
            None => 0.0,
            Some(v) => {
                let x = non_negative_f64(file, v, "variability")?;
                if x > 10.0 {
                    return Err(
                        file.error(Some(v.span()), format!("`variability` must be between 0 and 10, found {x}"))
                    );
                }
                x
            }
        };
        if let Some(extra) = self.then.get(crate::input::limits::MAX_THEN) {
            return Err(file
                .error(
                    Some(extra.action.span()),
                    format!("at most {} `then` entries per activity", crate::input::limits::MAX_THEN),
                )
                .with_help("split the work into two activities"));
        }
        let then = self
            .then
            .iter()
            .map(|t| {
                let share = non_negative_f64(file, &t.share, "share")?;
                if share > 1000.0 {
                    return Err(
                        file.error(Some(t.share.span()), format!("`share` must be at most 1000, found {share}"))
                    );
                }
                Ok(Then { action: lookup(file, &t.action, "action", &action_keys)?, share })
            })
            .collect::<Result<Vec<Then>, Diagnostic>>()?;
        let setting = Setting { images, addons, references, mode, size };
        Ok(Activity {
            name: printable(self.name.unwrap_or_else(|| format!("activity {}", index + 1))),
            action: action_index,
            setting,
            count,
            per,
            relaxed_ok: self.relaxed_ok.unwrap_or(true),
            from,
            until,
            variability,
            then,
            when_out: None,
        })
    }
}
