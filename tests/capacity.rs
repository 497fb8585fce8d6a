//! `capacity` (issue 9): hand-computed capacities, and the bisection's guarantee that the result
//! is fast-feasible and one hundredth more is not.

use crate::util::{plan_budget, root};
use serde_json::Value;

fn capacity(args: &[&str]) -> Value {
    let out =
        plan_budget().arg("capacity").args(args).args(["--start", "2027-01-01", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn count(v: &Value, plan: &str) -> f64 {
    v["plans"].as_array().unwrap().iter().find(|p| p["plan"] == plan).unwrap()["count"].as_f64().unwrap()
}

#[test]
fn free_gives_150_single_default_images_a_day() {
    // R5: 150 tokens a day, 1 token an image.
    let v = capacity(&["default", "--per", "day", "--plan", "free"]);
    assert_eq!(count(&v, "free"), 150.0);
    assert_eq!(v["plans"][0]["binding"], "daily allowance");
}

#[test]
fn free_gives_five_alchemy_v2_batches_of_four_a_day() {
    // R1: 26 tokens a batch; 5 × 26 = 130 ≤ 150 < 156 = 6 × 26.
    let v = capacity(&["alchemy_v2", "--images", "4", "--per", "day", "--plan", "free"]);
    assert_eq!(count(&v, "free"), 5.0);
    assert_eq!(v["plans"][0]["images_per_period"], 20.0);
}

#[test]
fn essential_over_a_30_day_month_sits_between_its_allowance_and_the_daily_floor() {
    // 8,500 monthly tokens, plus at most 150 a day of daily floor over 30 days.
    let v = capacity(&["default", "--plan", "essential", "--days", "30", "--per", "day"]);
    let per_month = count(&v, "essential") * 30.0;
    assert!((8_500.0..=8_500.0 + 30.0 * 150.0).contains(&per_month), "{per_month}");
}

#[test]
fn every_eligible_plan_gets_a_row_sorted_by_price() {
    let v = capacity(&["alchemy_v2", "--images", "4"]);
    let plans: Vec<&str> = v["plans"].as_array().unwrap().iter().map(|p| p["plan"].as_str().unwrap()).collect();
    assert_eq!(plans, ["free", "essential", "premium", "ultimate", "team_starter", "team_growth"]);
    assert_eq!(v["schema"], "plan-budget/1");
    for p in v["plans"].as_array().unwrap() {
        assert!(p["count"].as_f64().unwrap() > 0.0);
    }
    // R8: Alchemy V2 is a legacy pipeline, on no plan's relaxed list (plans/leonardo.toml, the
    // 2026 relaxed list): beyond the fast figure nothing runs relaxed, on any plan.
    for p in v["plans"].as_array().unwrap() {
        assert_eq!(p["relaxed_beyond"], false, "{}", p["plan"]);
    }
}

#[test]
fn a_model_on_the_2026_relaxed_list_relaxes_beyond_its_capacity_on_premium_and_up() {
    // R8 with the shipped catalog: Lucid Origin is relaxed = true and Premium, Ultimate and both
    // Team plans relax images; Free and Essential relax nothing. Its price is the user's
    // (`--tokens 8`, the Generate button's figure): 150 / 8 = 18.75 -> 18 a day on Free.
    let v = capacity(&["lucid_origin", "--images", "4", "--tokens", "8"]);
    for p in v["plans"].as_array().unwrap() {
        let relaxes = ["premium", "ultimate", "team_starter", "team_growth"].contains(&p["plan"].as_str().unwrap());
        assert_eq!(p["relaxed_beyond"], relaxes, "{}", p["plan"]);
    }
    let free = capacity(&["lucid_origin", "--images", "4", "--tokens", "8", "--per", "day", "--plan", "free"]);
    assert_eq!(count(&free, "free"), 18.0);
}

#[test]
fn capacity_on_a_workload_is_what_is_left() {
    let w = format!("{}/workloads/freelancer.toml", root());
    let alone = capacity(&["default", "--images", "4", "--plan", "essential"]);
    let on = capacity(&["default", "--images", "4", "--plan", "essential", "--on", &w]);
    assert!(count(&on, "essential") < count(&alone, "essential"));
}

#[test]
fn the_result_is_feasible_and_one_hundredth_more_is_not() {
    use plan_budget::engine::calendar::Calendar;
    use plan_budget::engine::capacity::{Probe, capacity};
    use plan_budget::input::catalog::Catalog;
    use plan_budget::input::source::SourceFile;
    use plan_budget::input::workload::Setting;
    use plan_budget::input::workload::{Per, Workload};

    let catalog = Catalog::default_catalog().unwrap();
    let base = Workload::parse(&SourceFile::new("w.toml", "schema = 1\nname = \"w\"\nstart = 2027-01-01\n"), &catalog)
        .unwrap();
    let cal = Calendar::new(base.start, base.horizon).unwrap();
    for (plan, per) in [("free", Per::Week), ("essential", Per::Month), ("premium", Per::Weekday)] {
        let probe = Probe { action: catalog.action("alchemy_v2").unwrap(), setting: Setting::images(4), per };
        let c = capacity(&catalog, &base, &cal, catalog.plan(plan).unwrap(), &probe, None).unwrap();
        let dropped = |count: f64| {
            let w = plan_budget::engine::capacity::with_probe(&base, &probe, count);
            let sc = plan_budget::engine::simulation::Scenario::new(&catalog, &w, cal.clone());
            let run = sc
                .run(
                    &catalog.plans[catalog.plan(plan).unwrap()],
                    &sc.demand(),
                    plan_budget::engine::ledger::NoJournal,
                    &[],
                )
                .0;
            run.tally.charges.dropped
        };
        assert_eq!(dropped(c.count), 0, "{plan}: {} is feasible", c.count);
        assert!(dropped(c.count + 0.01) > 0, "{plan}: {} + 0.01 is not", c.count);
    }
}

#[test]
fn a_probe_that_would_pass_the_charge_limit_is_refused_up_front() {
    // SPEC §6: growth = 10 a month over 13 months multiplies the last month by 11^12 ≈ 3.1e12,
    // so even one generation per period of the probe wants about 3.5e12 charges, over the 10 million
    // a run may hold: refused before any probe runs (it used to search for minutes).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("growth.toml");
    std::fs::write(
        &path,
        "schema = 1\nname = \"g\"\nstart = 2027-01-01\nmonths = 13\ngrowth = 10\n[[activity]]\naction = \"alchemy_v2\"\ncount = 0\nper = \"day\"\n",
    )
    .unwrap();
    plan_budget()
        .args(["capacity", "alchemy_v2", "--on", path.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("one more generation per period wants about 3.452e12 charges"))
        .stderr(predicates::str::contains("the limit is 10000000 a run"));
}
