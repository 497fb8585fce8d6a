//! Saved `simulate --format json` runs (SPEC §4.1), read back by `check --baseline` and `diff`.
//!
//! The `schema` version is checked before anything else, so a file from another version (or
//! not from plan-budget at all) fails with a message saying so rather than a field error. Only
//! the fields these commands compare are read; the rest of the document is ignored.
//!
//! A saved run is input like any other, and may come from anywhere: every string is made
//! printable as names from TOML are (`printable`), the verdict must be one of the five, and
//! every number must be one a real run can produce (the input limits), so nothing read here
//! can overflow, lose precision or drive the terminal. A problem names the JSON path, the
//! line and the column.

use crate::input::catalog::{Billing, Cents};
use crate::input::currency::Currency;
use crate::input::diagnostic::shorten;
use crate::input::limits::MAX_DAYS;
use crate::input::limits::{MAX_COST_CENTS, MAX_RUN_TOKENS};
use crate::input::source::printable;
use anyhow::bail;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// The JSON document version (SPEC §4.1) written by every run and read back here.
pub const SCHEMA: &str = "plan-budget/1";

/// The verdicts a run can give (SPEC §4.1), as the JSON spells them.
pub const VERDICTS: [&str; 5] = ["fits", "topups", "relaxed", "waits", "short"];

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
    plans: Vec<Entry>,
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
    name: Text,
}

#[derive(Deserialize)]
struct RawCatalog {
    currency: Option<String>,
}

#[derive(Deserialize)]
struct RawPlan {
    plan: Text,
    label: Text,
    billing: RawBilling,
    eligible: bool,
    reason: Option<Text>,
    verdict: Option<Verdict>,
    cost_cents: Option<Bounded<{ MAX_COST_CENTS as u64 }>>,
    peak_period_tokens: Option<Bounded<MAX_RUN_TOKENS>>,
    tokens: Option<RawTokens>,
    relaxed_share: Option<Share>,
    max_wait_days: Option<Bounded<{ MAX_DAYS as u64 }>>,
}

#[derive(Deserialize)]
struct RawTokens {
    wanted: Bounded<MAX_RUN_TOKENS>,
}

/// A string, printable (control characters become U+FFFD, as in names from TOML).
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Text(printable(s)))
    }
}

/// A whole number no larger than a real run can produce.
struct Bounded<const MAX: u64>(u64);

impl<'de, const MAX: u64> Deserialize<'de> for Bounded<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u64::deserialize(d)?;
        if n > MAX {
            return Err(D::Error::custom(format!("{n} is more than a real run can produce (at most {MAX})")));
        }
        Ok(Bounded(n))
    }
}

/// A share from 0 to 1.
struct Share(f64);

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let x = f64::deserialize(d)?;
        if !(0.0..=1.0).contains(&x) {
            return Err(D::Error::custom(format!("{x} is not a share from 0 to 1")));
        }
        Ok(Share(x))
    }
}

/// One of the five verdicts.
struct Verdict(&'static str);

impl<'de> Deserialize<'de> for Verdict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        VERDICTS.iter().find(|v| **v == s).map(|v| Verdict(v)).ok_or_else(|| {
            D::Error::custom(format!("verdict \"{}\" is not one of {}", printable(s), VERDICTS.join(", ")))
        })
    }
}

struct RawBilling(Billing);

impl<'de> Deserialize<'de> for RawBilling {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "monthly" => Ok(RawBilling(Billing::Monthly)),
            "annual" => Ok(RawBilling(Billing::Annual)),
            other => Err(D::Error::custom(format!(
                "billing \"{}\" is not `monthly` or `annual`",
                printable(other.to_string())
            ))),
        }
    }
}

/// One entry of `plans`, checked whole: an eligible plan has every figure, and its figures
/// agree with each other as a real run's do (no period wants more than the whole horizon).
struct Entry(PlanSummary);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let p = RawPlan::deserialize(d)?;
        let plan = p.plan.0;
        let metrics = if p.eligible {
            let missing = |field: &str| D::Error::custom(format!("eligible plan `{plan}` lacks `{field}`"));
            let wanted = p.tokens.ok_or_else(|| missing("tokens.wanted"))?.wanted.0;
            let peak = p.peak_period_tokens.ok_or_else(|| missing("peak_period_tokens"))?.0;
            if peak > wanted {
                return Err(D::Error::custom(format!(
                    "plan `{plan}`: peak_period_tokens {peak} is more than tokens.wanted {wanted}, which no run gives"
                )));
            }
            Ok(Metrics {
                peak_period_tokens: peak,
                tokens_wanted: wanted,
                cost_cents: p.cost_cents.ok_or_else(|| missing("cost_cents"))?.0 as Cents,
                relaxed_share: p.relaxed_share.ok_or_else(|| missing("relaxed_share"))?.0,
                max_wait_days: p.max_wait_days.ok_or_else(|| missing("max_wait_days"))?.0 as u32,
                verdict: p.verdict.ok_or_else(|| missing("verdict"))?.0.to_string(),
            })
        } else {
            Err(p.reason.map_or_else(|| "not eligible".into(), |r| r.0))
        };
        Ok(Entry(PlanSummary { plan, label: p.label.0, billing: p.billing.0, metrics }))
    }
}

/// Parses a saved run; `name` is used in messages.
pub fn parse(name: &str, text: &str) -> anyhow::Result<SavedRun> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{name}:{}:{}: not valid JSON (expected a saved `plan-budget simulate --format json` run): {}",
            e.line(),
            e.column(),
            message(&e)
        )
    })?;
    match value.get("schema") {
        Some(serde_json::Value::String(s)) if s == SCHEMA => {}
        Some(other) => bail!(
            "{name} has schema {}, but this plan-budget reads \"{SCHEMA}\" only; \
             save the baseline again with this version (`plan-budget simulate WORKLOAD --format json --output {name}`)",
            printable(other.to_string())
        ),
        None => bail!(
            "{name} has no \"schema\" field; expected \"{SCHEMA}\" \
             (a file written by `plan-budget simulate WORKLOAD --format json --output {name}`)"
        ),
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: RawDoc = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner();
        // The plan an entry's problem belongs to, when the path is inside `plans[i]`.
        let plan = path
            .strip_prefix("plans[")
            .and_then(|rest| rest.split(']').next()?.parse::<usize>().ok())
            .and_then(|i| value["plans"][i]["plan"].as_str())
            .map(|key| format!(" (plan `{}`)", printable(key.to_string())))
            .unwrap_or_default();
        anyhow::anyhow!(
            "{name}:{}:{}: {path}{plan}: {} (the \"{SCHEMA}\" shape, SPEC §4.1)",
            inner.line(),
            inner.column(),
            message(inner)
        )
    })?;
    let plans: Vec<PlanSummary> = doc.plans.into_iter().map(|e| e.0).collect();
    // `simulate --switch` names its entries after the schedule ("Essential → Premium on …");
    // `recommend --allow-switch` keeps fixed-plan entries and may be read.
    let scheduled = plans.iter().any(|p| p.label.contains(" → "));
    if scheduled && doc.recommendation.is_some_and(|r| !r.switches.is_empty()) {
        bail!(
            "{name} was saved from a run with --switch (a plan schedule); baselines and diff sides compare \
             fixed plans: save it again without --switch"
        );
    }
    let mut seen = std::collections::HashSet::new();
    for p in &plans {
        if !seen.insert((p.plan.as_str(), p.billing)) {
            bail!("{name} lists plan `{}` billed {} twice; save the run again", p.plan, p.billing.name());
        }
    }
    let currency = match doc.catalog.and_then(|c| c.currency) {
        None => Currency::USD,
        Some(code) => Currency::parse(&code).ok_or_else(|| {
            anyhow::anyhow!(
                "{name}: catalog.currency is `{}`, not an ISO 4217 code such as \"USD\"",
                shorten(&printable(code.clone()))
            )
        })?,
    };
    Ok(SavedRun { workload: doc.workload.name.0, currency, plans })
}

/// serde_json's message without its " at line L column C" (the caller puts the place first),
/// printable and short (it may quote a value from the file), in words a reader knows.
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    let text = text.strip_suffix(&place).unwrap_or(&text);
    let text = [
        ("expected u64", "expected a whole number 0 or more"),
        ("expected u32", "expected a whole number 0 or more"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
    ]
    .iter()
    .fold(text.to_string(), |m, (from, to)| m.replace(from, to));
    shorten(&printable(text))
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
