//! Saved `simulate --format json` runs (SPEC §4.1), read back by `check --baseline` and `diff`.
//!
//! The `schema` version is checked before anything else, so a file from another version (or
//! not from plan-budget at all) fails with a message saying so rather than a field error. Only
//! the fields these commands compare are read; the rest of the document is ignored.

use crate::input::catalog::{Billing, Cents};
use crate::input::currency::Currency;
use anyhow::{Context, bail};
use serde::Deserialize;
use std::path::Path;

/// The JSON document version (SPEC §4.1) written by every run and read back here.
pub const SCHEMA: &str = "plan-budget/1";

/// The compared figures of one eligible plan × billing (SPEC §2.1 names).
#[derive(Debug, Clone)]
pub struct Metrics {
    pub peak_period_tokens: u64,
    pub tokens_wanted: u64,
    pub cost_cents: Cents,
    pub relaxed_share: f64,
    pub max_wait_days: u32,
    pub verdict: String,
}

/// One plan of a run: its figures, or why it is not eligible.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    pub plan: String,
    pub label: String,
    pub billing: Billing,
    pub metrics: Result<Metrics, String>,
}

/// The parts of a saved run that `check` and `diff` use.
#[derive(Debug, Clone)]
pub struct SavedRun {
    pub workload: String,
    /// `catalog.currency`; a run saved before plan-budget wrote it counts as USD (every
    /// catalog was USD then, as far as any report showed).
    pub currency: Currency,
    pub plans: Vec<PlanSummary>,
}

#[derive(Deserialize)]
struct RawDoc {
    workload: RawWorkload,
    catalog: Option<RawCatalog>,
    plans: Vec<RawPlan>,
    recommendation: Option<RawRecommendation>,
}

/// Only whether the run followed a `--switch` schedule.
#[derive(Deserialize)]
struct RawRecommendation {
    #[serde(default)]
    switches: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct RawWorkload {
    name: String,
}

#[derive(Deserialize)]
struct RawCatalog {
    currency: Option<String>,
}

#[derive(Deserialize)]
struct RawPlan {
    plan: String,
    label: String,
    billing: String,
    eligible: bool,
    reason: Option<String>,
    verdict: Option<String>,
    cost_cents: Option<u64>,
    peak_period_tokens: Option<u64>,
    tokens: Option<RawTokens>,
    relaxed_share: Option<f64>,
    max_wait_days: Option<u32>,
}

#[derive(Deserialize)]
struct RawTokens {
    wanted: u64,
}

/// Reads a saved run from a file.
pub fn load(path: &Path) -> anyhow::Result<SavedRun> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// Parses a saved run; `name` is used in messages.
pub fn parse(name: &str, text: &str) -> anyhow::Result<SavedRun> {
    let value: serde_json::Value = serde_json::from_str(text).with_context(|| {
        format!("{name} is not valid JSON (expected a saved `plan-budget simulate --format json` run)")
    })?;
    match value.get("schema") {
        Some(serde_json::Value::String(s)) if s == SCHEMA => {}
        Some(other) => bail!(
            "{name} has schema {other}, but this plan-budget reads \"{SCHEMA}\" only; \
             save the baseline again with this version (`plan-budget simulate WORKLOAD --format json --output {name}`)"
        ),
        None => bail!(
            "{name} has no \"schema\" field; expected \"{SCHEMA}\" \
             (a file written by `plan-budget simulate WORKLOAD --format json --output {name}`)"
        ),
    }
    let doc: RawDoc = serde_json::from_value(value)
        .with_context(|| format!("{name} does not have the \"{SCHEMA}\" shape (SPEC §4.1)"))?;
    // `simulate --switch` names its entries after the schedule ("Essential → Premium on …");
    // `recommend --allow-switch` keeps fixed-plan entries and may be read.
    let scheduled = doc.plans.iter().any(|p| p.label.contains(" → "));
    if scheduled && doc.recommendation.is_some_and(|r| !r.switches.is_empty()) {
        bail!(
            "{name} was saved from a run with --switch (a plan schedule); baselines and diff sides compare \
             fixed plans: save it again without --switch"
        );
    }
    let plans: Vec<PlanSummary> = doc.plans.into_iter().map(|p| summary(name, p)).collect::<anyhow::Result<_>>()?;
    for (i, p) in plans.iter().enumerate() {
        if plans[..i].iter().any(|q| q.plan == p.plan && q.billing == p.billing) {
            bail!("{name} lists plan `{}` billed {} twice; save the run again", p.plan, p.billing.name());
        }
    }
    let currency = match doc.catalog.and_then(|c| c.currency) {
        None => Currency::USD,
        Some(code) => Currency::parse(&code).ok_or_else(|| {
            anyhow::anyhow!("{name}: catalog.currency is `{code}`, not an ISO 4217 code such as \"USD\"")
        })?,
    };
    Ok(SavedRun { workload: doc.workload.name, currency, plans })
}

fn summary(name: &str, p: RawPlan) -> anyhow::Result<PlanSummary> {
    let billing = match p.billing.as_str() {
        "monthly" => Billing::Monthly,
        "annual" => Billing::Annual,
        other => bail!("{name}: plan `{}` has billing `{other}`; expected `monthly` or `annual`", p.plan),
    };
    let metrics = if p.eligible {
        let missing = |field: &str| anyhow::anyhow!("{name}: eligible plan `{}` lacks `{field}`", p.plan);
        Ok(Metrics {
            peak_period_tokens: p.peak_period_tokens.ok_or_else(|| missing("peak_period_tokens"))?,
            tokens_wanted: p.tokens.ok_or_else(|| missing("tokens.wanted"))?.wanted,
            cost_cents: p.cost_cents.ok_or_else(|| missing("cost_cents")).and_then(|c| {
                i64::try_from(c).map_err(|_| anyhow::anyhow!("{name}: plan `{}` has an impossible cost_cents", p.plan))
            })?,
            relaxed_share: p.relaxed_share.ok_or_else(|| missing("relaxed_share")).and_then(|r| match r {
                r if (0.0..=1.0).contains(&r) => Ok(r),
                r => Err(anyhow::anyhow!("{name}: plan `{}` has relaxed_share {r}, not a share from 0 to 1", p.plan)),
            })?,
            max_wait_days: p.max_wait_days.ok_or_else(|| missing("max_wait_days"))?,
            verdict: p.verdict.ok_or_else(|| missing("verdict"))?,
        })
    } else {
        Err(p.reason.unwrap_or_else(|| "not eligible".into()))
    };
    Ok(PlanSummary { plan: p.plan, label: p.label, billing, metrics })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        parse("base.json", text).map(|_| String::new()).unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn another_schema_version_is_refused_by_name() {
        let err = message(r#"{"schema": "plan-budget/2", "workload": {}, "plans": []}"#);
        assert!(err.contains("\"plan-budget/2\"") && err.contains("reads \"plan-budget/1\" only"), "{err}");
        let err = message(r#"{"plans": []}"#);
        assert!(err.contains("no \"schema\" field"), "{err}");
    }

    #[test]
    fn an_ineligible_entry_keeps_its_reason() -> anyhow::Result<()> {
        let run = parse(
            "b.json",
            r#"{"schema": "plan-budget/1", "workload": {"name": "w"}, "plans": [
                {"plan": "free", "label": "Free", "billing": "monthly", "eligible": false, "reason": "lacks feature `private`"}]}"#,
        )?;
        assert_eq!(run.plans[0].metrics, Err("lacks feature `private`".to_string()));
        Ok(())
    }
}
