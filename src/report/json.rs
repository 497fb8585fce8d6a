//! SPEC §4.1: the stable `plan-budget/1` JSON.
//!
//! The shape lives in these structs (field order = output order); `tests/json.rs` locks it with
//! mirror structs that deny unknown fields.

use crate::engine::figures::Figures;
use crate::engine::figures::PeriodRow;
use crate::engine::gate::{Amount, Check};
use crate::engine::montecarlo::Summary;
use crate::engine::simulation::Counts;
use crate::plan::PlanReport;
use crate::plan::Report;
use serde::Serialize;

pub use crate::input::saved::SCHEMA;

#[derive(Serialize)]
pub struct Document<'a> {
    pub schema: &'static str,
    pub workload: WorkloadJson<'a>,
    pub catalog: CatalogJson<'a>,
    pub plans: Vec<PlanJson<'a>>,
    /// Present for simulate/compare/recommend (§4.1): null when no plan is eligible; absent
    /// for `check`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Option<RecommendationJson<'a>>>,
    /// `check` only: every limit, the measured value and whether it held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<Vec<CheckJson>>,
}

#[derive(Serialize)]
pub struct WorkloadJson<'a> {
    pub name: &'a str,
    pub start: String,
    pub end: String,
    pub days: u32,
    pub seats: u32,
}

#[derive(Serialize)]
pub struct CatalogJson<'a> {
    pub name: &'a str,
    pub as_of: Option<String>,
    /// The ISO 4217 code every `*_cents` figure is in (hundredths of it).
    pub currency: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum PlanJson<'a> {
    Eligible(Box<EligibleJson<'a>>),
    Ineligible { plan: &'a str, label: &'a str, billing: &'static str, seats: u64, eligible: bool, reason: &'a str },
}

#[derive(Serialize)]
pub struct EligibleJson<'a> {
    pub plan: &'a str,
    pub label: &'a str,
    pub billing: &'static str,
    pub seats: u64,
    pub eligible: bool,
    pub verdict: &'static str,
    pub estimate: bool,
    pub cost_cents: i64,
    pub subscription_cents: i64,
    pub topup_cents: i64,
    pub topup_packs: u64,
    pub tokens: TokensJson,
    pub generations: GenerationsJson,
    pub charges: Counts,
    pub relaxed_share: f64,
    pub peak_period_tokens: u64,
    pub max_wait_days: u32,
    pub first_short: Option<String>,
    pub rollover_peak: u64,
    pub periods: &'a [PeriodRow],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trials: Option<TrialsJson>,
}

/// SPEC §4.1 Monte Carlo statistics of one plan × billing.
#[derive(Serialize)]
pub struct TrialsJson {
    pub n: u32,
    pub seed: u64,
    pub feasible_share: f64,
    pub short_share: f64,
    pub cost_cents: SummaryJson,
    pub peak_period_tokens: SummaryJson,
    pub relaxed_share: SummaryJson,
    pub max_wait_days: SummaryJson,
}

#[derive(Serialize)]
pub struct SummaryJson {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub mean: f64,
}

impl From<&Summary> for SummaryJson {
    fn from(s: &Summary) -> Self {
        SummaryJson { p10: s.p10, p50: s.p50, p90: s.p90, p99: s.p99, mean: s.mean }
    }
}

#[derive(Serialize)]
pub struct TokensJson {
    pub wanted: u64,
    pub spent: u64,
    pub daily: u64,
    pub monthly: u64,
    pub rollover: u64,
    pub topup: u64,
    pub expired: u64,
    pub relaxed: u64,
}

#[derive(Serialize)]
pub struct GenerationsJson {
    pub wanted: u64,
    pub fast: u64,
    pub relaxed: u64,
    pub dropped: u64,
    pub unfinished: u64,
}

/// One `check` limit; money in cents, shares as fractions, waits in days.
#[derive(Serialize)]
pub struct CheckJson {
    pub limit: &'static str,
    /// The most the figure may reach and pass; null for a limit with a warn tier only.
    pub value: Option<Amount>,
    pub measured: Amount,
    /// False at the fail tier only: a warning passes.
    pub pass: bool,
    /// Baseline limits: the baseline run's figure (`value` is the most it may rise to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Amount>,
    /// With a warn tier: the most the figure may reach without a warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warn: Option<Amount>,
    /// With a warn tier: whether the figure is above it (and not above the fail tier).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warned: Option<bool>,
}

impl From<&Check> for CheckJson {
    fn from(c: &Check) -> Self {
        CheckJson {
            limit: c.limit.key(),
            value: c.value,
            measured: c.measured,
            pass: c.pass(),
            baseline: c.baseline.map(|b| b.0),
            warn: c.warn,
            warned: c.warn.map(|_| c.level == crate::engine::gate::Level::Warn),
        }
    }
}

#[derive(Serialize)]
pub struct RecommendationJson<'a> {
    pub plan: &'a str,
    pub billing: &'static str,
    pub feasible: bool,
    pub cost_cents: i64,
    pub reasons: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub switches: Vec<SwitchJson<'a>>,
}

/// A plan change the recommendation makes (R13).
#[derive(Serialize)]
pub struct SwitchJson<'a> {
    pub plan: &'a str,
    pub date: String,
}

impl<'a> Document<'a> {
    pub fn new(report: &'a Report) -> Self {
        Document {
            schema: SCHEMA,
            workload: WorkloadJson {
                name: &report.workload,
                start: report.start.to_string(),
                end: report.end.to_string(),
                days: report.days,
                seats: report.seats,
            },
            catalog: CatalogJson {
                name: &report.catalog,
                as_of: report.as_of.map(|d| d.to_string()),
                currency: report.currency.code(),
            },
            plans: report.plans.iter().map(plan_json).collect(),
            recommendation: Some(report.recommendation.as_ref().map(|r| RecommendationJson {
                plan: &r.plan,
                billing: r.billing.name(),
                feasible: r.feasible,
                cost_cents: r.cost_cents,
                reasons: &r.reasons,
                switches: r.switches.iter().map(|(plan, date)| SwitchJson { plan, date: date.to_string() }).collect(),
            })),
            checks: None,
        }
    }
}

fn plan_json(p: &PlanReport) -> PlanJson<'_> {
    match &p.figures {
        Err(reason) => PlanJson::Ineligible {
            plan: &p.plan,
            label: &p.label,
            billing: p.billing.name(),
            seats: p.seats,
            eligible: false,
            reason,
        },
        Ok(f) => PlanJson::Eligible(Box::new(eligible_json(p, f))),
    }
}

pub(crate) fn eligible_json<'a>(p: &'a PlanReport, f: &'a Figures) -> EligibleJson<'a> {
    let run = &f.run;
    let t = &run.tally;
    let spent = run.flows.spent;
    EligibleJson {
        plan: &p.plan,
        label: &p.label,
        billing: p.billing.name(),
        seats: p.seats,
        eligible: true,
        verdict: f.verdict.name(),
        estimate: f.estimate,
        cost_cents: f.cost_cents,
        subscription_cents: f.subscription_cents,
        topup_cents: f.topup_cents,
        topup_packs: run.flows.packs,
        tokens: TokensJson {
            wanted: t.tokens_wanted,
            spent: run.flows.spent_total(),
            daily: spent[0],
            monthly: spent[1],
            rollover: spent[2],
            topup: spent[3],
            expired: run.flows.expired_total(),
            relaxed: t.tokens_relaxed,
        },
        generations: GenerationsJson {
            wanted: t.generations.wanted,
            fast: t.generations.paid,
            relaxed: t.generations.relaxed,
            dropped: t.generations.dropped,
            unfinished: t.generations.unfinished,
        },
        charges: t.charges,
        relaxed_share: run.relaxed_share(),
        peak_period_tokens: run.peak_period_tokens(),
        max_wait_days: run.max_wait_days,
        first_short: f.first_short.map(|d| d.to_string()),
        rollover_peak: run.rollover_peak,
        periods: &f.periods,
        trials: f.trials.as_ref().map(|t| TrialsJson {
            n: t.n,
            seed: t.seed,
            feasible_share: t.feasible_share,
            short_share: t.short_share,
            cost_cents: (&t.cost_cents).into(),
            peak_period_tokens: (&t.peak_period_tokens).into(),
            relaxed_share: (&t.relaxed_share).into(),
            max_wait_days: (&t.max_wait_days).into(),
        }),
    }
}
