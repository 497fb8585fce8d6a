//! Monte Carlo runs (SPEC §5): reproducible whatever the threads, and centred on the expected
//! (deterministic) run.

use crate::util::{plan_budget, root};
use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::montecarlo::{self, Trials};
use plan_budget::engine::simulation::Scenario;
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::Workload;

fn json(args: &[&str], threads: &str) -> Vec<u8> {
    let out = plan_budget().env("RAYON_NUM_THREADS", threads).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn the_same_seed_gives_byte_identical_output_on_one_thread_or_two() {
    let w = format!("{}/workloads/studio.toml", root());
    let args = ["simulate", &w, "--trials", "700", "--seed", "42", "--format", "json"];
    let one = json(&args, "1");
    assert_eq!(one, json(&args, "2"));
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let t = &v["plans"][1]["trials"];
    assert_eq!((t["n"].as_u64(), t["seed"].as_u64()), (Some(700), Some(42)));
}

#[test]
fn another_seed_gives_other_draws() {
    let w = format!("{}/workloads/studio.toml", root());
    let a = json(&["simulate", &w, "--trials", "200", "--seed", "1", "--format", "json"], "2");
    let b = json(&["simulate", &w, "--trials", "200", "--seed", "2", "--format", "json"], "2");
    assert_ne!(a, b);
}

fn scenario_parts(body: &str) -> (Catalog, Workload) {
    let catalog = Catalog::default_catalog().unwrap();
    let text = format!("schema = 1\nname = \"mc\"\nstart = 2027-01-01\n{body}");
    let workload = Workload::parse(&SourceFile::new("w.toml", text), &catalog).unwrap();
    (catalog, workload)
}

/// Mean peak-period tokens over trials, and the deterministic run's, for `plan`.
fn peak_means(body: &str, plan: &str, n: u32) -> (f64, f64) {
    let (catalog, workload) = scenario_parts(body);
    let cal = Calendar::new(workload.start, workload.horizon).unwrap();
    let sc = Scenario::new(&catalog, &workload, cal);
    let i = catalog.plan(plan).unwrap();
    let stats = montecarlo::run(&sc, &[i], &[], 1, Trials { n, seed: 9 }, &|_| {}).unwrap();
    let expected = sc.run(&catalog.plans[i], &sc.demand(), plan_budget::engine::ledger::NoJournal, &[]).0;
    (stats[0].peak().mean, expected.peak_period_tokens() as f64)
}

#[test]
fn without_variability_huge_counts_approach_the_deterministic_totals() {
    // 1,000 Alchemy V2 batches a day: Poisson noise over a month is about 0.2 %.
    let (mean, expected) = peak_means(
        "months = 3\n[[activity]]\naction = \"alchemy_v2\"\nimages = 4\ncount = 1000\nper = \"day\"\n",
        "ultimate",
        200,
    );
    assert!((mean / expected - 1.0).abs() < 0.005, "mean {mean} vs expected {expected}");
}

#[test]
fn the_mean_of_many_trials_approaches_the_expected_run_with_crunch_weeks() {
    // Gamma crunch weeks (CV 0.5) and Poisson days keep the mean at the expected demand:
    // 40 a day for a year is 14,600 generations; over 1,000 trials the mean is within 1 %.
    let (catalog, workload) =
        scenario_parts("[[activity]]\naction = \"default\"\ncount = 40\nper = \"day\"\nvariability = 0.5\n");
    let cal = Calendar::new(workload.start, workload.horizon).unwrap();
    let sc = Scenario::new(&catalog, &workload, cal);
    let total = |d: &plan_budget::engine::demand::Demand| {
        (0..sc.calendar.days).map(|day| f64::from(d.gens(day, 0))).sum::<f64>()
    };
    let n = 1000;
    let mean =
        (0..n).map(|t| total(&montecarlo::demand(&sc, Trials { n, seed: 3 }, t).unwrap())).sum::<f64>() / f64::from(n);
    let expected = total(&sc.demand());
    assert_eq!(expected, 14_600.0);
    assert!((mean / expected - 1.0).abs() < 0.01, "mean {mean} vs expected {expected}");
}

#[test]
fn recommend_demands_feasibility_in_the_confidence_share_of_trials() {
    let w = format!("{}/workloads/studio.toml", root());
    let out = json(
        &["recommend", &w, "--trials", "300", "--confidence", "0.9", "--max-relaxed-share", "0", "--format", "json"],
        "2",
    );
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rec = &v["recommendation"];
    let pick = v["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["plan"] == rec["plan"] && p["billing"] == rec["billing"])
        .unwrap();
    assert!(pick["trials"]["feasible_share"].as_f64().unwrap() >= 0.9);
    assert!(rec["reasons"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().contains("Monte Carlo trials")));
}

#[test]
fn check_can_gate_on_a_percentile_of_the_trials() {
    let w = format!("{}/workloads/studio.toml", root());
    // Premium costs $400 in the expected run; its p90 adds a few packs.
    plan_budget()
        .args(["check", &w, "--plan", "premium", "--max-cost", "400", "--trials", "300", "--percentile", "90"])
        .assert()
        .code(1);
    plan_budget().args(["check", &w, "--plan", "premium", "--max-cost", "400"]).assert().code(0);
    plan_budget().args(["check", &w, "--plan", "premium", "--max-cost", "400", "--percentile", "90"]).assert().code(2);
    plan_budget().args(["check", &w, "--plan", "premium", "--max-cost", "400", "--trials", "30"]).assert().code(2);
}

#[test]
fn a_percentile_check_compares_baselines_expected_run_with_expected_run() {
    // The baseline holds the expected run ($400, peak 48,296); the same workload must not
    // "rise" because the absolute limits are measured at the p90 of the trials.
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let w = format!("{}/workloads/studio.toml", root());
    plan_budget()
        .args(["simulate", &w, "--plan", "premium", "--format", "json", "--output", base.to_str().unwrap()])
        .assert()
        .success();
    plan_budget()
        .args(["check", &w, "--plan", "premium", "--baseline", base.to_str().unwrap(), "--max-increase", "0"])
        .args(["--trials", "100", "--percentile", "90"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("Measured: the 90th percentile of 100 Monte Carlo trials"));
}

#[test]
fn trials_times_charges_is_bounded_before_anything_runs() {
    // 27,000 generations a day for a year is about 9.86 million charges a trial, so about
    // 9.86e6 units of work per plan and trial (work.rs): 600 trials × 6 plans are 3.55e10 units,
    // over the default 4e9 limit (66 trials fit) and over the most `--max-work` allows, 2e10
    // (337 fit), so the run is refused at once with the most allowed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    std::fs::write(
        &path,
        "schema = 1\nname = \"big\"\nstart = 2027-01-01\n[[activity]]\naction = \"default\"\ncount = 27000\nper = \"day\"\n",
    )
    .unwrap();
    plan_budget()
        .args(["simulate", path.to_str().unwrap(), "--trials", "600"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the limit is 4.0e9; use at most 66 trials"))
        .stderr(predicates::str::contains("or raise the limit with --max-work (at most 2e10)"));
    plan_budget()
        .args(["simulate", path.to_str().unwrap(), "--trials", "600", "--max-work", "2e10"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the limit is 2.0e10; use at most 337 trials"))
        .stderr(predicates::prelude::PredicateBooleanExt::not(predicates::str::contains("--max-work")));
    plan_budget()
        .args(["simulate", path.to_str().unwrap(), "--trials", "600", "--max-work", "3e10"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`3e10` is not a number of units from 1 to 2e10"));
}

#[test]
fn trials_follow_a_switch_schedule() {
    // R13: Essential from 4 Jan 2027 ($12), Premium from 5 Jan (an upgrade: $30 − $12 = $18 that
    // day), then 11 Premium months: 1,200 + 1,800 + 33,000 = 36,000 cents. After the switch
    // the freelancer never needs a pack, so every trial costs exactly that; Essential alone
    // buys packs in its trials.
    let w = format!("{}/workloads/freelancer.toml", root());
    let trials = |extra: &[&str]| {
        let out = plan_budget()
            .args(["simulate", &w, "--plan", "essential", "--trials", "200", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["plans"][0]["trials"]["cost_cents"].clone()
    };
    let switched = trials(&["--switch", "premium@2027-01-05"]);
    assert_eq!((switched["p10"].as_f64(), switched["p99"].as_f64()), (Some(36000.0), Some(36000.0)));
    let alone = trials(&[]);
    assert!(alone["p99"].as_f64().unwrap() > 14400.0, "Essential alone buys packs: {alone}");
}

#[test]
fn plans_priced_as_separate_accounts_get_trials_counted_for_every_account() {
    // The agency (2 seats) on Essential ×2 accounts: each trial draws one account's half of the
    // demand and counts it twice, as the deterministic run does; the median busiest month is
    // then close to the deterministic one (it would be about half without the scaling).
    let w = format!("{}/workloads/agency.toml", root());
    let out = plan_budget()
        .args(["compare", &w, "--accounts", "2", "--trials", "200", "--plan", "essential", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan = &doc["plans"][0];
    assert_eq!(plan["label"], "Essential ×2 accounts");
    let deterministic = plan["peak_period_tokens"].as_f64().unwrap();
    let median = plan["trials"]["peak_period_tokens"]["p50"].as_f64().expect("trials for an accounts plan");
    assert!((median / deterministic - 1.0).abs() < 0.1, "median {median} vs deterministic {deterministic}");
}

#[test]
fn a_trial_that_draws_more_charges_than_a_run_may_hold_stops_with_exit_2() {
    // SPEC §6: 27,000 generations a day expect about 9.86 million charges a year, under the
    // 10 million a run may hold; with `variability = 10` a trial's Gamma weeks draw far more.
    // The trial stops the run with a message (exit 2), never an allocation abort.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wild.toml");
    std::fs::write(
        &path,
        "schema = 1\nname = \"wild\"\nstart = 2027-01-01\n[[activity]]\naction = \"default\"\ncount = 27000\nper = \"day\"\nvariability = 10\n",
    )
    .unwrap();
    plan_budget()
        .args(["simulate", path.to_str().unwrap(), "--trials", "3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("Monte Carlo trial 0 (seed 1) drew about"))
        .stderr(predicates::str::contains("more than one run may hold (10000000)"));
}

#[test]
fn a_century_of_months_with_a_million_trials_is_refused_before_it_runs() {
    // SPEC §6: work counts days as well as charges. 1,200 months with one generation a month
    // are only 1,200 charges, but 36,525 days on each of 6 plans per trial: a million trials
    // are about 8.1e11 units, far over the default 4e9 limit.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("century.toml");
    std::fs::write(
        &path,
        "schema = 1\nname = \"century\"\nstart = 2027-01-01\nmonths = 1200\n[[activity]]\naction = \"alchemy_v2\"\ncount = 1\nper = \"month\"\n",
    )
    .unwrap();
    plan_budget()
        .args(["simulate", path.to_str().unwrap(), "--trials", "1000000"])
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the run is too large: 1000000 trials × 6 plans"))
        .stderr(predicates::str::contains("the limit is 4.0e9; use at most"));
}
