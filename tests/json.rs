//! Locks the `plan-budget/1` JSON shape (SPEC §4.1): mirror structs that deny unknown fields,
//! so adding, renaming or dropping a field fails here first.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Document {
    schema: String,
    workload: Workload,
    catalog: Catalog,
    plans: Vec<Plan>,
    recommendation: Option<Recommendation>,
    checks: Option<Vec<Check>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Check {
    limit: String,
    /// null for a limit with a warn tier only.
    value: Option<f64>,
    measured: f64,
    pass: bool,
    baseline: Option<f64>,
    warn: Option<f64>,
    warned: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Workload {
    name: String,
    start: String,
    end: String,
    days: u32,
    seats: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Catalog {
    name: String,
    as_of: Option<String>,
    currency: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Plan {
    Eligible(Box<Eligible>),
    Ineligible(Ineligible),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Ineligible {
    plan: String,
    label: String,
    billing: String,
    seats: u64,
    eligible: bool,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Eligible {
    plan: String,
    label: String,
    billing: String,
    seats: u64,
    eligible: bool,
    verdict: String,
    estimate: bool,
    cost_cents: i64,
    subscription_cents: i64,
    topup_cents: i64,
    topup_packs: u64,
    tokens: Tokens,
    generations: Generations,
    charges: Charges,
    relaxed_share: f64,
    peak_period_tokens: u64,
    max_wait_days: u32,
    first_short: Option<String>,
    rollover_peak: u64,
    periods: Vec<Period>,
    trials: Option<Trials>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Trials {
    n: u32,
    seed: u64,
    feasible_share: f64,
    short_share: f64,
    cost_cents: Spread,
    peak_period_tokens: Spread,
    relaxed_share: Spread,
    max_wait_days: Spread,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Spread {
    p10: f64,
    p50: f64,
    p90: f64,
    p99: f64,
    mean: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Tokens {
    wanted: u64,
    spent: u64,
    daily: u64,
    monthly: u64,
    rollover: u64,
    topup: u64,
    expired: u64,
    relaxed: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Generations {
    wanted: u64,
    fast: u64,
    relaxed: u64,
    dropped: u64,
    unfinished: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Charges {
    wanted: u64,
    paid: u64,
    relaxed: u64,
    waited: u64,
    dropped: u64,
    unfinished: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Period {
    start: String,
    end: String,
    tokens_wanted: u64,
    tokens_spent: u64,
    relaxed_charges: u64,
    topup_packs: u64,
    waited: u64,
    monthly_left: u64,
    rollover_end: u64,
    topup_end: u64,
    expired: u64,
    cost_cents: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Recommendation {
    plan: String,
    billing: String,
    feasible: bool,
    cost_cents: i64,
    reasons: Vec<String>,
    switches: Option<Vec<SwitchTo>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SwitchTo {
    plan: String,
    date: String,
}

fn simulate_json(args: &[&str]) -> Document {
    let out = crate::util::plan_budget().arg("simulate").args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Document = serde_json::from_slice(&out.stdout).expect("the JSON matches the locked shape");
    assert_eq!(doc.schema, "plan-budget/1");
    doc
}

#[test]
fn simulate_json_has_exactly_the_documented_fields() {
    let dir = crate::util::examples_dir();
    for name in ["waits-and-chains", "rollover-and-relaxed", "crew"] {
        let doc = simulate_json(&[&format!("{dir}/{name}.toml"), "--catalog", &format!("{dir}/catalog.toml")]);
        assert!(doc.recommendation.is_some());
        assert!(!doc.plans.is_empty());
    }
}

#[test]
fn an_ineligible_entry_carries_the_workloads_seats_as_in_spec_4_1() {
    let dir = crate::util::examples_dir();
    let doc = simulate_json(&[&format!("{dir}/crew.toml"), "--catalog", &format!("{dir}/catalog.toml")]);
    let starter = doc.plans.iter().find_map(|p| match p {
        Plan::Ineligible(i) if i.plan == "starter" => Some(i),
        _ => None,
    });
    let starter = starter.expect("Starter is not eligible for the crew of 3");
    assert_eq!((starter.seats, starter.reason.as_str()), (3, "needs 3 seats, plan allows 1"));
}

#[test]
fn every_shipped_workload_prints_the_documented_json() {
    for entry in std::fs::read_dir(format!("{}/workloads", crate::util::root())).unwrap() {
        let path = entry.unwrap().path();
        let doc = simulate_json(&[path.to_str().unwrap()]);
        assert!(doc.plans.iter().any(|p| matches!(p, Plan::Eligible(_))), "{} has an eligible plan", path.display());
    }
}

#[test]
fn check_json_is_the_simulate_document_plus_checks() {
    let dir = crate::util::examples_dir();
    let out = crate::util::plan_budget()
        .args(["check", &format!("{dir}/rollover-and-relaxed.toml"), "--catalog", &format!("{dir}/catalog.toml")])
        .args(["--plan", "plus", "--max-cost", "1000", "--max-wait-days", "0", "--format", "json"])
        .args(["--baseline", &format!("{dir}/rollover-and-relaxed.expected.json"), "--max-increase", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Document = serde_json::from_slice(&out.stdout).expect("the JSON matches the locked shape");
    let checks = doc.checks.expect("check adds `checks`");
    let limits: Vec<&str> = checks.iter().map(|c| c.limit.as_str()).collect();
    assert_eq!(limits, ["max_cost", "max_wait_days", "max_cost_increase", "max_tokens_per_month_increase"]);
    assert_eq!(checks[2].baseline, Some(56400.0));
    assert!(doc.recommendation.is_none());
    assert_eq!(doc.plans.len(), 1);
}

/// `status --format json` (SPEC §4.1): the simulate document of the stay run with `state`, the
/// plan entry's `next_renewal`, and `options` with `advice`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StatusDocument {
    schema: String,
    workload: Workload,
    catalog: Catalog,
    state: StatusState,
    plans: Vec<StatusPlan>,
    options: Vec<StatusOption>,
    advice: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StatusState {
    today: String,
    renews: String,
    monthly: u64,
    rollover: u64,
    topup: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StatusPlan {
    plan: String,
    label: String,
    billing: String,
    seats: u64,
    eligible: bool,
    verdict: String,
    estimate: bool,
    cost_cents: i64,
    subscription_cents: i64,
    topup_cents: i64,
    topup_packs: u64,
    tokens: Tokens,
    generations: Generations,
    charges: Charges,
    relaxed_share: f64,
    peak_period_tokens: u64,
    max_wait_days: u32,
    first_short: Option<String>,
    rollover_peak: u64,
    periods: Vec<Period>,
    next_renewal: NextRenewal,
    trials: Option<StatusTrials>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NextRenewal {
    date: String,
    rolls: u64,
    expires: u64,
    bank_after: u64,
    buys: Vec<Buy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Buy {
    activity: String,
    generations: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StatusTrials {
    n: u32,
    seed: u64,
    feasible_share: f64,
    short_share: f64,
    cost_cents: Spread,
    peak_period_tokens: Spread,
    relaxed_share: Spread,
    max_wait_days: Spread,
    dry_share: f64,
    dry_day: DryDay,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DryDay {
    p10: Option<String>,
    p50: Option<String>,
    p90: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StatusOption {
    option: String,
    plan: String,
    cost_cents: i64,
    verdict: String,
    first_short: Option<String>,
    relaxed_share: f64,
    max_wait_days: u32,
    feasible: bool,
    trials: Option<OptionTrials>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct OptionTrials {
    feasible_share: f64,
    dry_share: f64,
}

#[test]
fn status_json_has_exactly_the_documented_fields() {
    let dir = crate::util::examples_dir();
    let args = std::fs::read_to_string(format!("{dir}/status-midcycle.args")).unwrap();
    for trials in [&[][..], &["--trials", "20", "--seed", "2"]] {
        let out = crate::util::plan_budget()
            .args(["status", &format!("{dir}/status-midcycle.toml"), "--catalog", &format!("{dir}/catalog.toml")])
            .args(args.split_whitespace())
            .args(["--format", "json"])
            .args(trials)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: StatusDocument = serde_json::from_slice(&out.stdout).expect("the JSON matches the locked shape");
        assert_eq!(doc.schema, "plan-budget/1");
        assert_eq!(doc.plans.len(), 1);
        let monte_carlo = !trials.is_empty();
        assert_eq!(doc.plans[0].trials.is_some(), monte_carlo);
        assert!(doc.options.iter().all(|o| o.trials.is_some() == monte_carlo));
    }
}
