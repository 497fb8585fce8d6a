//! `compare`/`recommend` decisions (R9a, R11, R12, R13) on small catalogs whose answers are
//! worked out by hand in each test's comment.

use plan_budget::engine::calendar::Calendar;
use plan_budget::input::catalog::Billing;
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::Workload;
use plan_budget::plan::{Options, Report};

/// `small`: $10, 1,000 tokens a month, no bank. `big`: $30, 5,000, bank 15,000.
/// `team`: per seat $15, 3,000 a seat, at least 2 seats. One action, 10 tokens.
const CATALOG: &str = r#"
schema = 1
name = "decisions"

[plans.small]
label = "Small"
price_monthly = 10.0
price_annual = 9.0
monthly_tokens = 1000

[plans.big]
label = "Big"
price_monthly = 30.0
monthly_tokens = 5000
rollover_cap = 15000

[plans.team]
label = "Team"
price_monthly = 15.0
monthly_tokens = 3000
per_seat = true
min_seats = 2
max_seats = 10

[actions.img]
kind = "image"
tokens = 10
"#;

fn catalog(text: &str) -> Catalog {
    Catalog::parse(&SourceFile::new("c.toml", text)).unwrap()
}

fn report(c: &Catalog, body: &str, options: Options) -> Report {
    let text = format!("schema = 1\nname = \"w\"\nstart = 2026-01-01\n{body}");
    let w = Workload::parse(&SourceFile::new("w.toml", text), c).unwrap();
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    Report::build(c, &w, cal, &options, false).unwrap().0
}

const STRICT: &str = "[policy]\nwhen_out = []\nmax_wait_days = 0\n";

#[test]
fn the_cheapest_feasible_plan_and_billing_wins() {
    // 90 generations a month × 10 = 900 ≤ 1,000: small fits; annual 12 × $9 = $108 < $120.
    let c = catalog(CATALOG);
    let r = report(
        &c,
        &format!("{STRICT}[[activity]]\naction = \"img\"\ncount = 90\nper = \"month\"\n"),
        Options::default(),
    );
    let rec = r.recommendation.unwrap();
    assert_eq!(
        (rec.plan.as_str(), rec.billing, rec.feasible, rec.cost_cents),
        ("small", Billing::Annual, true, 10_800)
    );
    assert!(rec.reasons.iter().any(|s| s == "annual billing saves $12.00 over monthly ($120.00)"), "{:?}", rec.reasons);
}

#[test]
fn a_cheaper_plan_that_runs_dry_is_explained_with_numbers() {
    // 150 a month × 10 = 1,500 > 1,000: small drops 50 a month (when_out = []), big fits at $360.
    let c = catalog(CATALOG);
    let r = report(
        &c,
        &format!("{STRICT}[[activity]]\naction = \"img\"\ncount = 150\nper = \"month\"\n"),
        Options::default(),
    );
    let rec = r.recommendation.unwrap();
    assert_eq!((rec.plan.as_str(), rec.cost_cents), ("big", 36_000));
    let why = rec.reasons.iter().find(|s| s.starts_with("not Small")).expect("small is explained");
    // 150/31 a day in January: the 1,000 tokens last 100 generations, until 21 Jan.
    assert!(why.contains("runs dry on 21 Jan 2026"), "{why}");
    assert!(why.contains("600 generations never run (600 dropped, 0 still waiting at the end)"), "{why}");
}

#[test]
fn ties_go_to_catalog_order_then_monthly_before_annual() {
    // Two identical plans; an annual price equal to the monthly one: four candidates at $120.
    let twins = r#"
schema = 1
name = "twins"
[plans.first]
price_monthly = 10.0
price_annual = 10.0
monthly_tokens = 1000
[plans.second]
price_monthly = 10.0
price_annual = 10.0
monthly_tokens = 1000
[actions.img]
kind = "image"
tokens = 10
"#;
    let c = catalog(twins);
    let r = report(&c, "[[activity]]\naction = \"img\"\ncount = 10\nper = \"month\"\n", Options::default());
    let rec = r.recommendation.unwrap();
    assert_eq!((rec.plan.as_str(), rec.billing), ("first", Billing::Monthly));
}

#[test]
fn when_nothing_is_feasible_the_closest_plan_is_named_with_what_breaks() {
    // 600 a month × 10 = 6,000: small drops 500 a month, big (5,000 + bank) drops 100 in the
    // first month and then the bank is empty each month; the fewest dropped is big.
    let c = catalog(CATALOG);
    let r = report(
        &c,
        &format!("{STRICT}[[activity]]\naction = \"img\"\ncount = 600\nper = \"month\"\n"),
        Options { plans: vec!["small".into(), "big".into()], ..Options::default() },
    );
    let rec = r.recommendation.unwrap();
    assert!(!rec.feasible);
    assert_eq!(rec.plan, "big");
    assert!(rec.reasons[0].starts_with("No plan is feasible"), "{:?}", rec.reasons);
    assert!(rec.reasons[1].contains("What breaks: Big runs dry on"), "{:?}", rec.reasons);
}

#[test]
fn when_nothing_is_feasible_equal_shortfalls_go_to_the_lower_total_cost() {
    // R9a: closest = fewest dropped + unfinished, smallest wait, smallest relaxed share, then
    // lowest total cost before the other ties. Basic: $10 a month or $8 a month billed
    // annually, 1,000 tokens; 150 generations a month × 10 tokens drop 50 a month (600 in
    // all) under either billing. Annual costs 12 × $8 = $96 < 12 × $10 = $120: it is named.
    let c = catalog(
        "schema = 1\nname = \"basic\"\n[plans.basic]\nlabel = \"Basic\"\nprice_monthly = 10.0\n\
         price_annual = 8.0\nmonthly_tokens = 1000\n[actions.img]\nkind = \"image\"\ntokens = 10\n",
    );
    let r = report(
        &c,
        &format!("{STRICT}[[activity]]\naction = \"img\"\ncount = 150\nper = \"month\"\n"),
        Options::default(),
    );
    let rec = r.recommendation.unwrap();
    assert_eq!(
        (rec.plan.as_str(), rec.billing, rec.feasible, rec.cost_cents),
        ("basic", Billing::Annual, false, 9_600)
    );
    assert!(
        rec.reasons[1].starts_with("Closest: Basic, billed annually: $96.00 over 12 billing months."),
        "{:?}",
        rec.reasons
    );
    assert!(rec.reasons[1].contains("600 generations never run (600 dropped, 0 still waiting at the end)"));
}

#[test]
fn when_nothing_is_feasible_each_cheaper_plan_says_what_breaks_it() {
    // R9a: "says for each cheaper candidate what breaks it". 600 a month × 10 = 6,000 tokens:
    // Big ($360) drops the fewest and is the closest; Small is cheaper (12 × $9 = $108 billed
    // annually, its cheapest billing) and pays 100 generations a month of 600: 6,000 of the
    // 7,200 never run. 600/31 a day in January: the 1,000 tokens last 100 generations, the
    // running sum passes 100 on day 6 (5 × 19.35 = 96.8, 6 × 19.35 = 116.1): dry on 6 Jan.
    let c = catalog(CATALOG);
    let r = report(
        &c,
        &format!("{STRICT}[[activity]]\naction = \"img\"\ncount = 600\nper = \"month\"\n"),
        Options { plans: vec!["small".into(), "big".into()], ..Options::default() },
    );
    let rec = r.recommendation.unwrap();
    assert_eq!((rec.plan.as_str(), rec.feasible), ("big", false));
    assert_eq!(
        rec.reasons[2..],
        ["not Small ($108.00, billed annually): Small runs dry on 6 Jan 2026; 6,000 generations never run \
          (6,000 dropped, 0 still waiting at the end)"]
    );
}

#[test]
fn a_shared_team_pool_beats_separate_accounts() {
    // Two people, 300 generations a month each (3,000 tokens each, 6,000 together).
    // Separate accounts: small (1,000) drops; big ×2 fits at 2 × $30 × 12 = $720.
    // The team pool: 2 seats × 3,000 = 6,000 for 2 × $15 × 12 = $360: half the price.
    let c = catalog(CATALOG);
    let body = format!("seats = 2\n{STRICT}[[activity]]\naction = \"img\"\ncount = 600\nper = \"month\"\n");
    let r = report(&c, &body, Options { accounts: 2, ..Options::default() });
    let rec = r.recommendation.unwrap();
    assert_eq!((rec.plan.as_str(), rec.cost_cents), ("team", 36_000));
    let big = r.plans.iter().find(|p| p.plan == "big" && p.billing == Billing::Monthly).unwrap();
    assert_eq!(big.label, "Big ×2 accounts");
    let f = big.figures.as_ref().unwrap();
    assert_eq!((f.cost_cents, f.verdict.name()), (72_000, "fits"));
    assert!(rec.reasons.iter().all(|s| !s.starts_with("not Big")), "big ×2 costs more: {:?}", rec.reasons);
}

#[test]
fn single_seat_plans_are_not_eligible_for_a_team_without_accounts() {
    let c = catalog(CATALOG);
    let r = report(&c, "seats = 2\n", Options::default());
    let small = r.plans.iter().find(|p| p.plan == "small").unwrap();
    assert_eq!(small.figures.as_ref().err().map(String::as_str), Some("needs 2 seats, plan allows 1"));
}

#[test]
fn a_seasonal_switch_beats_both_fixed_plans() {
    // 90 a month (900 tokens) all year, 400 a month (4,000) in November and December.
    // small alone drops in Nov–Dec; big all year costs 12 × $30 = $360. Switching to big on
    // 1 Nov (R13: $10 at R4 + the $20 difference) and billing big on 1 Dec: 10 × $10 + $30 +
    // $30 = $160.
    let c = catalog(CATALOG);
    let body = format!(
        "{STRICT}[[activity]]\naction = \"img\"\ncount = 90\nper = \"month\"\n[[activity]]\naction = \"img\"\ncount = 310\nper = \"month\"\nfrom = 2026-11-01\n"
    );
    let fixed = report(&c, &body, Options { plans: vec!["small".into(), "big".into()], ..Options::default() });
    assert_eq!(fixed.recommendation.as_ref().map(|r| (r.plan.as_str(), r.cost_cents)), Some(("big", 36_000)));
    let r = report(
        &c,
        &body,
        Options { plans: vec!["small".into(), "big".into()], allow_switch: true, ..Options::default() },
    );
    let rec = r.recommendation.unwrap();
    assert_eq!(rec.cost_cents, 16_000);
    assert_eq!(rec.switches, vec![("big".to_string(), chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())]);
    assert!(rec.reasons.iter().any(|s| s.contains("saves $200.00 over the best fixed plan")), "{:?}", rec.reasons);
}

#[test]
fn compare_json_lists_both_billings_where_priced() {
    let out = crate::util::plan_budget()
        .args(["compare", &format!("{}/workloads/freelancer.toml", crate::util::root()), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let billings: Vec<(String, String)> = v["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["eligible"] == true)
        .map(|p| (p["plan"].as_str().unwrap().to_string(), p["billing"].as_str().unwrap().to_string()))
        .collect();
    assert!(billings.contains(&("premium".into(), "annual".into())));
    assert!(billings.contains(&("team_starter".into(), "monthly".into())));
    assert!(!billings.contains(&("team_starter".into(), "annual".into())), "no annual price, no annual entry");
}

#[test]
fn recommend_explains_the_pick_on_the_command_line() {
    crate::util::plan_budget()
        .args(["recommend", &format!("{}/workloads/studio.toml", crate::util::root())])
        .assert()
        .success()
        .stdout(predicates::str::contains("Recommendation: Premium *, billed annually"));
}

#[test]
fn init_prints_a_starter_workload_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine.toml");
    crate::util::plan_budget()
        .args(["init", "--profile", "studio", "--output", out.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("schema = 1"));
    crate::util::plan_budget()
        .args(["init", "--output", out.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    // The starter loads and simulates.
    crate::util::plan_budget().args(["simulate", out.to_str().unwrap(), "--plan", "premium"]).assert().success();
}

#[test]
fn recommending_a_plan_with_official_figures_carries_no_estimate_footnote() {
    // Free's figures are all official; the hobbyist's pick is Free, so no `*` and no footnote.
    crate::util::plan_budget()
        .args(["recommend", &format!("{}/workloads/hobbyist.toml", crate::util::root())])
        .assert()
        .success()
        .stdout(predicates::str::contains("Recommendation: Free, billed monthly"))
        .stdout(predicates::prelude::PredicateBooleanExt::not(predicates::str::contains("an estimate")));
}

#[test]
fn a_switch_schedule_is_recommended_as_itself_billed_monthly() {
    // R13 is monthly billing: the schedule Essential → Premium on 5 Jan 2027 costs 1,200 +
    // 1,800 + 11 × 3,000 = 36,000 cents, and no annual price applies to it.
    let out = crate::util::plan_budget()
        .args(["simulate", &format!("{}/workloads/freelancer.toml", crate::util::root())])
        .args(["--plan", "essential", "--switch", "premium@2027-01-05", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &doc["recommendation"];
    assert_eq!(
        (r["plan"].as_str(), r["billing"].as_str(), r["cost_cents"].as_i64()),
        (Some("essential"), Some("monthly"), Some(36000))
    );
    assert_eq!(r["switches"][0]["plan"], "premium");
    assert!(r["reasons"][0].as_str().unwrap().starts_with("Essential → Premium on 2027-01-05, billed monthly"));
}

#[test]
fn accounts_too_many_for_their_share_are_flagged_for_changing_the_demand() {
    let w = format!("{}/workloads/agency.toml", crate::util::root());
    let run = |n: &str| crate::util::plan_budget().args(["compare", &w, "--accounts", n]).output().unwrap();
    let note = "each account's share is rounded on its own";
    assert!(!String::from_utf8_lossy(&run("2").stderr).contains(note), "two accounts keep the demand within 1 %");
    assert!(String::from_utf8_lossy(&run("10000").stderr).contains(note));
}
