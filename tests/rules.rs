//! One or more tests per ledger rule, with hand-computed expectations from the seeds and the
//! SPEC. Every scenario also checks conservation (R10) against its ledger.

use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::demand::Demand;
use plan_budget::engine::eligibility::ineligible;
use plan_budget::engine::ledger::{Bucket, Reason, Row, RowKind};
use plan_budget::engine::price::quote;
use plan_budget::engine::simulation::{Run, Scenario, Switch, Verdict};
use plan_budget::input::catalog::Billing;
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::Workload;
use plan_budget::plan::{Options, Report};

/// A small catalog: Free-like `free` (150/day), `paid` (1,000/mo, bank 3,000, floor 150,
/// relaxed images, packs of 100 for $2), `pro` (4,000/mo, $25, no bank), a per-seat `team`
/// plan, and a few actions.
const CATALOG: &str = r#"
schema = 1
name = "test"
as_of = 2026-01-01

[plans.free]
price_monthly = 0.0
monthly_tokens = 0
daily_tokens = 150

[plans.paid]
price_monthly = 10.0
price_annual = 8.0
monthly_tokens = 1000
rollover_cap = 3000
daily_tokens = 150
topups = true
relaxed = ["image"]
features = ["private"]

[plans.pro]
price_monthly = 25.0
monthly_tokens = 4000
daily_tokens = 150

[plans.team]
price_monthly = 20.0
monthly_tokens = 2000
rollover_cap = 6000
per_seat = true
min_seats = 3
max_seats = 10
features = ["private"]

[topup_packs.pack]
tokens = 100
price = 2.0

[actions.img]
kind = "image"
relaxed = true
tokens = { 1 = 16, 4 = 26 }

[actions.clip]
kind = "video"
relaxed = true
tokens = 100
max_images = 1

[actions.fix]
kind = "edit"
tokens = 5
"#;

fn catalog() -> Catalog {
    Catalog::parse(&SourceFile::new("catalog.toml", CATALOG)).unwrap()
}

fn workload(catalog: &Catalog, body: &str) -> Workload {
    let text = format!("schema = 1\nname = \"t\"\n{body}");
    Workload::parse(&SourceFile::new("w.toml", text), catalog).unwrap()
}

/// Runs `plan` and checks R10 on its ledger: per bucket, the signed sum of the rows is the
/// remaining balance, and the sums by kind are the run's totals.
fn run(catalog: &Catalog, w: &Workload, plan: &str) -> (Run, Vec<Row>) {
    let calendar = Calendar::new(w.start, w.horizon).unwrap();
    let last = calendar.days - 1;
    let scenario = Scenario::new(catalog, w, calendar);
    let demand = Demand::deterministic(w, &scenario.calendar);
    let plan = &catalog.plans[catalog.plan(plan).unwrap()];
    let (run, rows) = scenario.run(plan, &demand, Vec::new(), &[last]);
    assert_conserved(&run, &rows);
    (run, rows)
}

fn assert_conserved(run: &Run, rows: &[Row]) {
    let end = run.snapshots.last().unwrap().balance;
    for b in Bucket::BURN_ORDER {
        let sum: i64 = rows.iter().filter(|r| r.bucket == Some(b)).map(|r| r.tokens).sum();
        assert_eq!(sum, end[b as usize] as i64, "R10: bucket {} rows sum to its balance", b.name());
        let spent: i64 =
            rows.iter().filter(|r| r.bucket == Some(b) && r.kind == RowKind::Spend).map(|r| -r.tokens).sum();
        assert_eq!(spent as u64, run.flows.spent[b as usize], "R10: spend rows of {}", b.name());
    }
    let by_kind = |k: RowKind| rows.iter().filter(|r| r.kind == k).map(|r| r.tokens).sum::<i64>();
    assert_eq!(-by_kind(RowKind::Expire) as u64, run.flows.expired_total(), "R10: expire rows");
    assert_eq!(by_kind(RowKind::Relaxed) as u64, run.tally.tokens_relaxed, "R10: relaxed rows");
    assert_eq!(by_kind(RowKind::Buy) as u64, run.flows.bought, "R10: buy rows");
    assert_eq!(by_kind(RowKind::Grant) as u64, run.flows.granted.iter().sum::<u64>(), "R10: grant rows");
    assert_eq!(by_kind(RowKind::Roll), 0, "R10: a roll moves tokens, it creates none");
    // generations.wanted = fast + relaxed + dropped + unfinished; the same for charges (§2.1).
    let g = run.tally.generations;
    assert_eq!(g.wanted, g.paid + g.relaxed + g.dropped + g.unfinished);
    let c = run.tally.charges;
    assert_eq!(c.wanted, c.paid + c.relaxed + c.dropped + c.unfinished);
    // R3: a bucket is touched only when all before it are empty: within one charge's spend
    // rows, every bucket but the last is left at 0.
    for pair in rows.windows(2) {
        if pair[0].kind == RowKind::Spend && pair[1].kind == RowKind::Spend && pair[0].day == pair[1].day {
            let (a, b) = (pair[0].bucket.unwrap(), pair[1].bucket.unwrap());
            if (a as usize) < (b as usize) && pair[0].reason == pair[1].reason {
                assert_eq!(pair[0].balance_after, Some(0), "R3: {} emptied before {}", a.name(), b.name());
            }
        }
    }
}

// R1 -----------------------------------------------------------------------------------------

fn cost_of(action: &str, images: u32, addons: &[(&str, u32)]) -> u64 {
    let c = Catalog::default_catalog().unwrap();
    let mut s = plan_budget::input::workload::Setting::images(images);
    s.addons = addons.iter().map(|(k, u)| (c.addon(k).unwrap(), *u)).collect();
    quote(&c, &c.actions[c.action(action).unwrap()], &s).tokens
}

#[test]
fn r1_alchemy_pmv3_off_two_images_interpolates_to_12() {
    // R1: {1 = 8, 4 = 18} at 2 images: 8 + 10/3 = 11.33 → 12.
    assert_eq!(cost_of("alchemy_pmv3_off", 2, &[]), 12);
}

#[test]
fn r1_alchemy_v2_batch_of_four_costs_26_not_64() {
    assert_eq!(cost_of("alchemy_v2", 4, &[]), 26);
    assert_eq!(cost_of("alchemy_v2", 8, &[]), 40);
}

#[test]
fn r1_four_default_images_with_three_references_cost_8() {
    // R1: 4 + 2 × (3 − 1) = 8.
    assert_eq!(cost_of("default", 4, &[("reference", 3)]), 8);
    // Seeds: four references: 7 for 1 image, 10 for 4.
    assert_eq!(cost_of("default", 1, &[("reference", 4)]), 7);
    assert_eq!(cost_of("default", 4, &[("reference", 4)]), 10);
}

#[test]
fn r1_prompt_magic_v2_adds_one_token_per_image() {
    // Seeds: Prompt Magic V2 2 tokens for 1 image, 8 for 4.
    assert_eq!(cost_of("default", 1, &[("prompt_magic_v2", 1)]), 2);
    assert_eq!(cost_of("default", 4, &[("prompt_magic_v2", 1)]), 8);
}

#[test]
fn r1_per_pixel_price_uses_size_mode_and_reference_factor_once() {
    let c = Catalog::default_catalog().unwrap();
    let a = &c.actions[c.action("gpt_image_1_5").unwrap()];
    let mut s = plan_budget::input::workload::Setting::images(1);
    // ceil(1 × 1024 × 1024 × 1.23977e-5 × 1) = ceil(12.9998…) = 13.
    assert_eq!(quote(&c, a, &s).tokens, 13);
    s.addons = vec![(c.addon("reference").unwrap(), 3)];
    // × 1.2 once for any references; the reference add-on is not added: ceil(15.5998) = 16.
    assert_eq!(quote(&c, a, &s).tokens, 16);
}

#[test]
fn r1_references_on_a_per_pixel_action_need_no_reference_add_on() {
    // R1: on a per-pixel action references act only through `reference_factor`; the
    // `reference` add-on "is not added and need not exist". A catalog without add-ons:
    // ceil(1 × 1024 × 1024 × 0.00001) = ceil(10.48576) = 11; with references × 1.5:
    // ceil(15.72864) = 16.
    let dir = tempfile::tempdir().unwrap();
    let catalog = crate::util::file_in(
        &dir,
        "c.toml",
        "schema = 1\nname = \"pixels\"\n[plans.p]\nprice_monthly = 10.0\nmonthly_tokens = 100000\n\
         [actions.px]\nkind = \"image\"\nper_pixel = 0.00001\nreference_factor = 1.5\n\
         [actions.flat]\nkind = \"image\"\ntokens = 2\n",
    );
    let workload = crate::util::file_in(
        &dir,
        "w.toml",
        "schema = 1\nname = \"w\"\nstart = 2026-01-01\nmonths = 1\n\
         [[activity]]\naction = \"px\"\ncount = 1\nper = \"month\"\nreferences = 2\n",
    );
    let cost = |args: &[&str]| {
        let out = crate::util::plan_budget()
            .args(["cost", "px", "--catalog", &catalog, "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["tokens"].as_u64().unwrap()
    };
    assert_eq!(cost(&[]), 11);
    assert_eq!(cost(&["--references", "2"]), 16);
    // A workload's `references = 2`: one generation in the month, 16 tokens wanted.
    let out = crate::util::plan_budget()
        .args(["simulate", &workload, "--catalog", &catalog, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["plans"][0]["tokens"]["wanted"], 16);
    // On an action priced per image, `references = r` is the add-on, which must exist.
    crate::util::plan_budget()
        .args(["cost", "flat", "--references", "1", "--catalog", &catalog])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the catalog has no `reference` add-on"));
}

// R2 -----------------------------------------------------------------------------------------

#[test]
fn r2_a_31_january_anchor_bills_on_28_february_and_31_march() {
    let c = catalog();
    let w = workload(&c, "start = 2026-01-31\nmonths = 3\n");
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let dates: Vec<String> = cal.billing.iter().map(|&d| cal.date(d).to_string()).collect();
    assert_eq!(dates, ["2026-01-31", "2026-02-28", "2026-03-31"]);
    assert_eq!(cal.end().to_string(), "2026-04-29");
}

// R4 / R5 ------------------------------------------------------------------------------------

#[test]
fn r4_an_unused_plan_banks_up_to_three_allowances_then_expires_the_rest() {
    // R4: 1,000/mo, cap 3,000: 1,000 → 2,000 → 3,000 → 3,000 with 1,000 expired.
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nmonths = 5\n");
    let (run, rows) = run(&c, &w, "paid");
    assert_eq!(run.rollover_peak, 3000);
    assert_eq!(run.flows.expired[Bucket::Rollover as usize], 1000);
    let banks: Vec<u64> = rows
        .iter()
        .filter(|r| r.kind == RowKind::Roll && r.bucket == Some(Bucket::Rollover))
        .map(|r| r.balance_after.unwrap())
        .collect();
    assert_eq!(banks, [1000, 2000, 3000, 4000]); // 4,000 before the cap cuts it to 3,000
}

#[test]
fn r5_free_gets_150_a_day_that_do_not_carry_over() {
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\ndays = 3\n");
    let (run, _) = run(&c, &w, "free");
    assert_eq!(run.flows.granted[Bucket::Daily as usize], 450);
    assert_eq!(run.flows.expired[Bucket::Daily as usize], 300); // days 1 and 2 expire the day before's
}

#[test]
fn r5_a_paid_balance_of_zero_is_lifted_to_150_the_next_day() {
    // 1,000 monthly tokens spent on day 0 (10 clips of 100); day 1 starts at 150.
    let c = catalog();
    let w = workload(
        &c,
        "start = 2026-01-01\ndays = 2\n[policy]\nwhen_out = []\n[[activity]]\naction = \"clip\"\ncount = 10\nper = \"day\"\nuntil = 2026-01-01\n",
    );
    let (run, rows) = run(&c, &w, "paid");
    let day1: Vec<&Row> = rows.iter().filter(|r| r.day == 1 && r.kind == RowKind::Grant).collect();
    assert_eq!(day1.len(), 1);
    assert_eq!((day1[0].bucket, day1[0].tokens), (Some(Bucket::Daily), 150));
    assert_eq!(run.flows.spent[Bucket::Monthly as usize], 1000);
}

// R6 -----------------------------------------------------------------------------------------

fn gens(c: &Catalog, body: &str) -> Vec<u32> {
    let w = workload(c, body);
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let d = Demand::deterministic(&w, &cal);
    (0..cal.days).map(|day| d.gens(day, 0)).collect()
}

#[test]
fn r6_once_a_week_rounds_to_the_fourth_day_of_each_block() {
    // S_d = (d + 1)/7: ⌊S + 0.5⌋ first reaches 1 at d = 3 and 2 at d = 10.
    let c = catalog();
    let g = gens(&c, "start = 2026-01-01\ndays = 14\n[[activity]]\naction = \"img\"\ncount = 1\nper = \"week\"\n");
    assert_eq!(g, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
}

#[test]
fn r6_weekday_demand_skips_weekends_and_respects_the_window() {
    // 2026-01-03 and 04 are a weekend; the window ends on the 6th.
    let c = catalog();
    let g = gens(
        &c,
        "start = 2026-01-01\ndays = 8\n[[activity]]\naction = \"img\"\ncount = 2\nper = \"weekday\"\nuntil = 2026-01-06\n",
    );
    assert_eq!(g, [2, 2, 0, 0, 2, 2, 0, 0]);
}

#[test]
fn r6_weekend_demand_falls_on_saturday_and_sunday_only() {
    // R6 (§1.2 `weekend` = `day` on Sat–Sun): 2026-01-03 and 04 are the weekend.
    let c = catalog();
    let g = gens(&c, "start = 2026-01-01\ndays = 8\n[[activity]]\naction = \"img\"\ncount = 2\nper = \"weekend\"\n");
    assert_eq!(g, [0, 0, 2, 2, 0, 0, 0, 0]);
}

#[test]
fn r6_seasons_bursts_and_growth_multiply() {
    // Month 2 is a season (×2); 2026-02-02 a burst (×3); growth 50 % from billing period 1.
    let c = catalog();
    let body = "start = 2026-01-01\nmonths = 2\ngrowth = 0.5\n[[activity]]\naction = \"img\"\ncount = 1\nper = \"day\"\n[[season]]\nmonths = [2]\nfactor = 2.0\n[[burst]]\nfrom = 2026-02-02\nuntil = 2026-02-02\nfactor = 3.0\n";
    let g = gens(&c, body);
    assert_eq!(g[0], 1);
    assert_eq!(g[31], 3); // 1 × 2 × 1.5
    assert_eq!(g[32], 9); // 1 × 2 × 3 × 1.5
}

#[test]
fn r6_a_quarter_share_upscales_the_2nd_6th_and_10th_generation() {
    let c = catalog();
    let w = workload(
        &c,
        "start = 2026-01-01\ndays = 10\n[[activity]]\naction = \"img\"\ncount = 1\nper = \"day\"\nthen = [{ action = \"fix\", share = 0.25 }]\n",
    );
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let d = Demand::deterministic(&w, &cal);
    let ops: Vec<u32> = (0..10).map(|day| d.day_ops(day, 0, 0)).collect();
    assert_eq!(ops, [0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
}

#[test]
fn r6_per_month_on_weekends_spreads_over_a_months_ten_or_eight_weekend_days() {
    // R6: w = 1/(the `on` days of the calendar month). August 2026 starts on a Saturday: 5
    // Saturdays and 5 Sundays, so 20 a month is 20/10 = 2 on each weekend day. September has
    // 4 + 4: 20/8 = 2.5, which the running sum rounds to 3, 2, 3, 2, … (S = 22.5 → 23, 25 → 25).
    let c = catalog();
    let body = "start = 2026-08-01\nmonths = 2\n[[activity]]\naction = \"fix\"\ncount = 20\nper = \"month\"\non = [\"sat\", \"sun\"]\n";
    let w = workload(&c, body);
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    assert_eq!(plan_budget::engine::demand::expected(&w, &cal, 0, 0), 2.0); // Sat 1 Aug
    assert_eq!(plan_budget::engine::demand::expected(&w, &cal, 0, 2), 0.0); // Mon 3 Aug
    assert_eq!(plan_budget::engine::demand::expected(&w, &cal, 0, 35), 2.5); // Sat 5 Sep
    let g = gens(&c, body);
    let august = &g[..31];
    for (day, &n) in august.iter().enumerate() {
        let weekend = day % 7 == 0 || day % 7 == 1; // the 1st is a Saturday
        assert_eq!(n, if weekend { 2 } else { 0 }, "August day {}", day + 1);
    }
    assert_eq!(august.iter().sum::<u32>(), 20);
    let september: Vec<u32> = g[31..].iter().copied().filter(|&n| n > 0).collect();
    assert_eq!(september, [3, 2, 3, 2, 3, 2, 3, 2]);
    assert_eq!(g[31..].iter().sum::<u32>(), 20);
}

#[test]
fn r6_per_week_on_three_days_puts_a_third_of_the_count_on_each() {
    // R6: w = 1/|on| = 1/3 on Mon, Wed, Fri and 0 on the other days. 2026-01-05 is a Monday.
    // 6 a week: 2 each. 5 a week: S = 5/3, 10/3, 5 rounds to 2, 3, 5: 2, 1, 2.
    let c = catalog();
    let body = |count: u32| {
        format!(
            "start = 2026-01-05\ndays = 14\n[[activity]]\naction = \"img\"\ncount = {count}\nper = \"week\"\non = [\"mon\", \"wed\", \"fri\"]\n"
        )
    };
    assert_eq!(gens(&c, &body(6)), [2, 0, 2, 0, 2, 0, 0, 2, 0, 2, 0, 2, 0, 0]);
    assert_eq!(gens(&c, &body(5)), [2, 0, 1, 0, 2, 0, 0, 2, 0, 1, 0, 2, 0, 0]);
}

#[test]
fn r6_weekend_is_day_on_saturday_and_sunday_and_the_hobbyist_waits_on_free() {
    // R6: `weekend` = `day` on Sat and Sun. The issue's hobbyist on Free (150 a day): a
    // Saturday wants 5 × 26 + 30 = 160, so the fifth batch waits for Sunday (R8 wait), and
    // Sunday's overflow for Monday. 2026-01-03 is a Saturday.
    let c = catalog();
    let w = workload(
        &c,
        "start = 2026-01-03\ndays = 3\n[policy]\nwhen_out = [\"wait\"]\n\
         [[activity]]\naction = \"fix\"\ncount = 6\nper = \"day\"\n\
         [[activity]]\naction = \"img\"\nimages = 4\ncount = 5\nper = \"weekend\"\n",
    );
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let d = Demand::deterministic(&w, &cal);
    assert_eq!((0..3).map(|day| d.gens(day, 1)).collect::<Vec<_>>(), [5, 5, 0]);
    let (run, _) = run(&c, &w, "free");
    // Sat: 30 + 4 × 26 = 134 paid, one batch waits. Sun: 26 + 30 + 3 × 26 = 134, two wait.
    // Mon: 2 × 26 + 30 = 82.
    assert_eq!(run.tally.charges.waited, 3);
    assert_eq!(run.max_wait_days, 1);
    assert_eq!(run.tally.tokens_wanted, 3 * 30 + 10 * 26);
    assert_eq!(run.verdict(), Verdict::Waits);
}

#[test]
fn r6_a_scoped_season_multiplies_only_its_activities_beside_an_unscoped_one() {
    // R6: "each only for the activities it applies to". November: the freelancer's rush
    // doubles the client finals only; a November season of 1.5 without `activities` applies
    // to both; a burst on 10 Nov triples the drafts only.
    let c = catalog();
    let body = "start = 2026-10-31\ndays = 11\n\
        [[activity]]\nname = \"Client finals\"\naction = \"img\"\ncount = 10\nper = \"day\"\n\
        [[activity]]\nname = \"Daily drafts\"\naction = \"fix\"\ncount = 4\nper = \"day\"\n\
        [[season]]\nmonths = [11]\nfactor = 2.0\nactivities = [\"Client finals\"]\n\
        [[season]]\nmonths = [11]\nfactor = 1.5\n\
        [[burst]]\nfrom = 2026-11-10\nuntil = 2026-11-10\nfactor = 3.0\nactivities = [\"Daily drafts\"]\n";
    let w = workload(&c, body);
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let q = |a, day| plan_budget::engine::demand::expected(&w, &cal, a, day);
    assert_eq!((q(0, 0), q(1, 0)), (10.0, 4.0)); // 31 October: no season
    assert_eq!((q(0, 1), q(1, 1)), (30.0, 6.0)); // 10 × 2 × 1.5; 4 × 1.5
    assert_eq!((q(0, 10), q(1, 10)), (30.0, 18.0)); // 10 November: 4 × 1.5 × 3
}

#[test]
fn r1_a_then_entry_with_its_own_price_charges_it_for_each_operation() {
    // R1: a `then` entry's `tokens` is the price of each of its operations. 4-image batches
    // (26) with one operation per batch (share 0.25 × 4) at 7 instead of `fix`'s 5: 33 a day.
    let c = catalog();
    let w = workload(
        &c,
        "start = 2026-01-01\ndays = 10\n[[activity]]\naction = \"img\"\nimages = 4\ncount = 1\nper = \"day\"\n\
         then = [{ action = \"fix\", share = 0.25, tokens = 7 }, { action = \"fix\", share = 0.25 }]\n",
    );
    let (run, _) = run(&c, &w, "pro");
    assert_eq!(run.tally.charges.wanted, 30);
    assert_eq!(run.tally.tokens_wanted, 10 * (26 + 7 + 5));
    assert_eq!(run.flows.spent_total(), 380);
}

/// The test catalog plus `muse`, an action with no published price, and `guess`, a priced
/// action marked `estimate`.
fn catalog_with_unpriced() -> Catalog {
    let extra = "\n[actions.muse]\nlabel = \"Muse\"\nkind = \"image\"\nrelaxed = true\n\
                 \n[actions.guess]\nkind = \"edit\"\ntokens = 3\nestimate = true\n";
    Catalog::parse(&SourceFile::new("catalog.toml", format!("{CATALOG}{extra}"))).unwrap()
}

#[test]
fn r1_an_unpriced_action_without_tokens_is_an_error_naming_it_and_the_generate_button() {
    let c = catalog_with_unpriced();
    let text = "schema = 1\nname = \"t\"\nstart = 2026-01-01\n\
                [[activity]]\naction = \"muse\"\ncount = 1\nper = \"day\"\n\
                [[activity]]\naction = \"img\"\ncount = 1\nper = \"day\"\nthen = [{ action = \"muse\", share = 1.0 }]\n";
    let problems = Workload::parse(&SourceFile::new("w.toml", text), &c).unwrap_err().0;
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].message, "`muse` (Muse) has no published price: this activity must give `tokens`");
    assert!(problems[0].help.as_deref().unwrap().contains("Generate button"));
    assert_eq!(problems[0].location.as_ref().unwrap().line, 5);
    assert_eq!(problems[1].message, "`muse` (Muse) has no published price: this `then` entry must give `tokens`");
}

#[test]
fn r1_an_unpriced_action_with_tokens_costs_exactly_the_users_price() {
    // R1: each generation costs exactly `tokens`, whatever `images`: 2 images at 22 is 22,
    // and its `then` operation (share 0.5 × 2 images = 1 per generation) 9: 31 a day.
    let c = catalog_with_unpriced();
    let w = workload(
        &c,
        "start = 2026-01-01\ndays = 5\n[[activity]]\naction = \"muse\"\nimages = 2\ntokens = 22\ncount = 1\nper = \"day\"\n\
         then = [{ action = \"muse\", share = 0.5, tokens = 9 }]\n",
    );
    assert_eq!(w.activities[0].setting.tokens, Some(22));
    let (run, _) = run(&c, &w, "pro");
    assert_eq!(run.tally.tokens_wanted, 5 * 31);
    assert_eq!(run.tally.charges.wanted, 10);
}

#[test]
fn r1_a_price_given_by_the_user_is_not_an_estimate() {
    // §2.1: an action counts toward a plan's `estimate` only where its catalog price is used.
    let c = catalog_with_unpriced();
    let estimate = |body: &str| {
        let w = workload(&c, &format!("start = 2026-01-01\ndays = 3\n{body}"));
        let options = Options { plans: vec!["pro".into()], billing: Some(Billing::Monthly), ..Options::default() };
        let (report, _) = Report::build(&c, &w, Calendar::new(w.start, w.horizon).unwrap(), &options, false).unwrap();
        report.plans[0].figures.as_ref().unwrap().estimate
    };
    let activity = "[[activity]]\naction = \"guess\"\ncount = 1\nper = \"day\"\n";
    assert!(estimate(activity));
    assert!(!estimate(&format!("{activity}tokens = 3\n")));
    let then = "[[activity]]\naction = \"img\"\ncount = 1\nper = \"day\"\n";
    assert!(estimate(&format!("{then}then = [{{ action = \"guess\", share = 1.0 }}]\n")));
    assert!(!estimate(&format!("{then}then = [{{ action = \"guess\", share = 1.0, tokens = 3 }}]\n")));
}

// R7 / R8 / R9 -------------------------------------------------------------------------------

#[test]
fn free_plan_pays_nine_alchemy_singles_and_the_tenth_waits_every_day() {
    // 9 × 16 = 144 ≤ 150; the tenth waits. The backlog runs first the next day, so every day
    // pays 9 and one more generation joins the queue; each waited one day.
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\ndays = 5\n[[activity]]\naction = \"img\"\ncount = 10\nper = \"day\"\n");
    let (run, _) = run(&c, &w, "free");
    let g = run.tally.generations;
    assert_eq!((g.wanted, g.paid, g.unfinished), (50, 45, 5));
    assert_eq!(run.tally.charges.waited, 1 + 2 + 3 + 4 + 5);
    assert_eq!(run.max_wait_days, 1);
    assert_eq!(run.first_short, Some(0));
    assert_eq!(run.flows.expired[Bucket::Daily as usize], 4 * 6);
    assert_eq!(run.verdict(), Verdict::Short);
}

#[test]
fn r8_a_relaxed_image_runs_relaxed_while_a_video_on_an_image_only_plan_does_not() {
    // `paid` relaxes images only: with no tokens left the image runs relaxed, the clip waits.
    let c = catalog();
    let body = "start = 2026-01-01\ndays = 1\n[[activity]]\naction = \"clip\"\ncount = 10\nper = \"day\"\n[[activity]]\naction = \"img\"\ncount = 1\nper = \"day\"\n[[activity]]\naction = \"clip\"\ncount = 1\nper = \"day\"\n[policy]\nwhen_out = [\"relaxed\", \"wait\"]\n";
    let w = workload(&c, body);
    let (run, _) = run(&c, &w, "paid");
    assert_eq!(run.tally.generations.relaxed, 1);
    assert_eq!(run.tally.tokens_relaxed, 16);
    assert_eq!(run.tally.generations.unfinished, 1);
    assert_eq!(run.verdict(), Verdict::Short);
}

/// 500 one-image generations a day for 5 days from 2027-01-04, only the relaxed fallback;
/// `price` is the activity's `tokens` line, if any (R1: a price given by the user).
fn five_heavy_days(action: &str, price: &str) -> String {
    format!(
        "start = 2027-01-04\ndays = 5\n[policy]\nwhen_out = [\"relaxed\"]\n\
         [[activity]]\naction = \"{action}\"\n{price}count = 500\nper = \"day\"\n"
    )
}

#[test]
fn r8_premium_runs_lucid_origin_relaxed_once_its_tokens_run_out() {
    // R8 with the 2026 catalog: Premium relaxes images and Lucid Origin is on the relaxed list.
    // 500 × 20 = 10,000 wanted a day against Premium's 25,000 (R4; R5 adds nothing while the
    // balance is at least 150). Day 1 and 2 are paid (15,000 then 5,000 left); day 3 pays 250
    // (5,000) and runs the other 250 relaxed; days 4 and 5 get the 150 floor (R5): 7 paid
    // (140, 10 left over) and 493 relaxed each. Paid 500 + 500 + 250 + 7 + 7 = 1,264, relaxed
    // 250 + 493 + 493 = 1,236, nothing dropped; day 4's 10 unspent daily tokens expire at day
    // 5's reset.
    // Lucid Origin has no published price: the activity gives the Generate button's 20.
    let c = Catalog::default_catalog().unwrap();
    let w = workload(&c, &five_heavy_days("lucid_origin", "tokens = 20\n"));
    let (run, _) = run(&c, &w, "premium");
    let g = run.tally.generations;
    assert_eq!((g.wanted, g.paid, g.relaxed, g.dropped), (2500, 1264, 1236, 0));
    assert_eq!(run.tally.tokens_relaxed, 1236 * 20);
    assert_eq!(run.flows.spent, [280, 25000, 0, 0]);
    assert_eq!(run.flows.expired[Bucket::Daily as usize], 10);
    assert_eq!(run.first_short, Some(2), "day 3, 2027-01-06");
    assert_eq!(run.verdict(), Verdict::Relaxed);
}

#[test]
fn r8_premium_does_not_run_alchemy_v2_relaxed_any_more() {
    // R8 with the 2026 catalog: Alchemy V2 is legacy and on no relaxed list (relaxed = false),
    // so the same work at 16 tokens is dropped instead. 8,000 a day: days 1-3 paid (17,000,
    // 9,000, 1,000 left); day 4 pays 62 (992, 8 left) and drops 438; day 5's floor lifts the
    // balance to 150 (R5: 142 daily + 8 monthly): 9 paid (144, daily first), 491 dropped.
    // Paid 500 × 3 + 62 + 9 = 1,571; dropped 929; nothing relaxed.
    let c = Catalog::default_catalog().unwrap();
    let w = workload(&c, &five_heavy_days("alchemy_v2", ""));
    let (r, _) = run(&c, &w, "premium");
    let g = r.tally.generations;
    assert_eq!((g.wanted, g.paid, g.relaxed, g.dropped), (2500, 1571, 0, 929));
    assert_eq!(r.tally.tokens_relaxed, 0);
    assert_eq!(r.flows.spent, [142, 24994, 0, 0]);
    assert_eq!(r.first_short, Some(3), "day 4, 2027-01-07");
    assert_eq!(r.verdict(), Verdict::Short);
    // On Ultimate too: no plan relaxes a legacy pipeline (R8).
    let (ultimate, _) = run(&c, &w, "ultimate");
    assert_eq!(ultimate.tally.generations.relaxed, 0);
}

#[test]
fn r8_topup_buys_just_enough_packs_and_they_are_spent_last() {
    // Day 0 holds 1,000 monthly tokens and no daily ones (the floor only lifts a balance under
    // 150); 11 clips = 1,100: the 11th finds 0 and buys ⌈100/100⌉ = 1 pack.
    let c = catalog();
    let w = workload(
        &c,
        "start = 2026-01-01\ndays = 1\n[policy]\nwhen_out = [\"topup\"]\n[[activity]]\naction = \"clip\"\ncount = 11\nper = \"day\"\n",
    );
    let (run, _) = run(&c, &w, "paid");
    assert_eq!(run.flows.packs, 1);
    assert_eq!(run.topup_cents(), 200);
    assert_eq!(run.flows.spent, [0, 1000, 0, 100]);
    assert_eq!(run.verdict(), Verdict::Topups);
}

#[test]
fn r8_a_charge_with_no_allowed_fallback_is_dropped_with_its_operations() {
    let c = catalog();
    let w = workload(
        &c,
        "start = 2026-01-01\ndays = 1\n[policy]\nwhen_out = []\n[[activity]]\naction = \"img\"\nimages = 4\ncount = 6\nper = \"day\"\nthen = [{ action = \"fix\", share = 0.25 }]\n",
    );
    let (run, _) = run(&c, &w, "free");
    // Each batch of 4 gets one fix (0.25 × 4). Batch 26 + fix 5 = 31 a pair; 4 pairs = 124,
    // the 5th batch takes the last 26 and its fix is dropped; the 6th batch is dropped with
    // its fix.
    assert_eq!(run.tally.generations.paid, 5);
    assert_eq!(run.tally.generations.dropped, 1);
    assert_eq!(run.tally.charges.dropped, 1 + 2);
    assert_eq!(run.tally.charges.paid, 9);
}

#[test]
fn r7_a_waiting_generation_takes_its_operations_with_it() {
    // Free, 150 a day: day 0 pays one clip (100) and its fix (5); the 2nd clip (45 left)
    // waits with its fix; day 1 the backlog runs first: the clip, then its fix at once.
    let c = catalog();
    let w = workload(
        &c,
        "start = 2026-01-01\ndays = 2\n[[activity]]\naction = \"clip\"\ncount = 2\nper = \"day\"\nuntil = 2026-01-01\nthen = [{ action = \"fix\", share = 1.0 }]\n",
    );
    let (run, rows) = run(&c, &w, "free");
    let day1: Vec<i64> = rows.iter().filter(|r| r.day == 1 && r.kind == RowKind::Spend).map(|r| r.tokens).collect();
    assert_eq!(day1, [-100, -5]);
    assert_eq!(run.tally.charges.waited, 2);
    assert_eq!(run.max_wait_days, 1);
    assert_eq!(run.verdict(), Verdict::Waits);
}

// R11 / R12 ----------------------------------------------------------------------------------

#[test]
fn r11_annual_billing_charges_twelve_months_at_dates_0_and_12() {
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nmonths = 13\n");
    let (report, _) = Report::build(
        &c,
        &w,
        Calendar::new(w.start, w.horizon).unwrap(),
        &Options { billing: Some(Billing::Annual), plans: vec!["paid".into()], ..Options::default() },
        false,
    )
    .unwrap();
    let f = report.plans[0].figures.as_ref().unwrap();
    assert_eq!(f.subscription_cents, 2 * 12 * 800);
    let monthly =
        plan_budget::engine::money::cost(&c, &Calendar::new(w.start, w.horizon).unwrap(), 1, Billing::Monthly, &f.run);
    assert_eq!(monthly, Some(13 * 1000));
}

#[test]
fn r12_per_seat_plans_scale_to_the_seat_minimum() {
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nmonths = 1\nseats = 2\n");
    let (run, _) = run(&c, &w, "team");
    assert_eq!(run.seats_factor, 3);
    assert_eq!(run.flows.granted[Bucket::Monthly as usize], 6000);
}

#[test]
fn r12_ineligible_reasons_come_in_order_seats_features_annual() {
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nseats = 4\nrequire = [\"private\"]\n");
    let plan = |k: &str| &c.plans[c.plan(k).unwrap()];
    assert_eq!(ineligible(plan("free"), &w, Billing::Monthly).as_deref(), Some("needs 4 seats, plan allows 1"));
    assert_eq!(ineligible(plan("team"), &w, Billing::Monthly), None);
    assert_eq!(ineligible(plan("team"), &w, Billing::Annual).as_deref(), Some("no annual price"));
    let solo = workload(&c, "start = 2026-01-01\nrequire = [\"private\"]\n");
    assert_eq!(ineligible(plan("free"), &solo, Billing::Monthly).as_deref(), Some("lacks feature `private`"));
}

#[test]
fn r12_seat_reason_names_the_plans_seat_limit_as_a_plain_number() {
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nseats = 12\n");
    let team = &c.plans[c.plan("team").unwrap()];
    assert_eq!(ineligible(team, &w, Billing::Monthly).as_deref(), Some("needs 12 seats, plan allows 10"));
}

// R13 ----------------------------------------------------------------------------------------

fn run_switching(c: &Catalog, w: &Workload, plan: &str, switches: &[(&str, u32)]) -> (Run, Vec<Row>) {
    let calendar = Calendar::new(w.start, w.horizon).unwrap();
    let last = calendar.days - 1;
    let scenario = Scenario::new(c, w, calendar);
    let demand = Demand::deterministic(w, &scenario.calendar);
    let plan_of = |k: &str| &c.plans[c.plan(k).unwrap()];
    let switches: Vec<Switch> = switches.iter().map(|(k, day)| Switch { day: *day, plan: plan_of(k) }).collect();
    let (run, rows) = scenario.run_switching(plan_of(plan), &switches, &demand, Vec::new(), &[last]);
    assert_conserved(&run, &rows);
    (run, rows)
}

#[test]
fn r13_an_upgrade_voids_the_old_monthly_grants_the_new_and_drops_the_bank_on_a_bankless_plan() {
    // paid from 1 Jan; 1 Feb banks January's 1,000; pro on 15 Feb (day 45): February's 1,000
    // monthly voided, 4,000 granted, the bank lost (pro has none), $15 charged; 1 Mar bills pro
    // and expires the 4,000 left (no bank).
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nmonths = 3\n");
    let (run, rows) = run_switching(&c, &w, "paid", &[("pro", 45)]);
    assert_eq!(run.monthly_charges, vec![(0, 1000), (31, 1000), (45, 1500), (59, 2500)]);
    let day45: Vec<(RowKind, Option<Bucket>, i64)> =
        rows.iter().filter(|r| r.day == 45).map(|r| (r.kind, r.bucket, r.tokens)).collect();
    assert_eq!(
        day45,
        vec![
            (RowKind::Expire, Some(Bucket::Monthly), -1000),
            (RowKind::Grant, Some(Bucket::Monthly), 4000),
            (RowKind::Expire, Some(Bucket::Rollover), -1000),
        ]
    );
    assert_eq!(run.flows.expired_total(), 1000 + 1000 + 4000);
}

#[test]
fn r13_a_downgrade_waits_for_the_next_billing_date_and_its_cap() {
    // pro from 1 Jan ($25, 4,000); paid asked for on 10 Jan takes effect on 1 Feb: the 4,000
    // left roll into paid's bank, capped at 3,000 (1,000 expire); 1 Mar: 1,000 more roll in and
    // expire over the cap.
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nmonths = 3\n");
    let (run, _) = run_switching(&c, &w, "pro", &[("paid", 9)]);
    assert_eq!(run.monthly_charges, vec![(0, 2500), (31, 1000), (59, 1000)]);
    assert_eq!(run.flows.expired[Bucket::Rollover as usize], 2000);
    assert_eq!(run.rollover_peak, 3000);
    assert_eq!(run.flows.granted[Bucket::Monthly as usize], 4000 + 1000 + 1000);
}

#[test]
fn r13_a_switch_back_to_the_current_plan_replaces_a_pending_downgrade() {
    // pro from 1 Jan; paid asked for on 10 Jan, then pro again on 15 Jan: pro is "an equal
    // plan", so it takes effect on 1 Feb in place of paid, and pro bills every month.
    let c = catalog();
    let w = workload(&c, "start = 2026-01-01\nmonths = 3\n");
    let (run, _) = run_switching(&c, &w, "pro", &[("paid", 9), ("pro", 14)]);
    assert_eq!(run.monthly_charges, vec![(0, 2500), (31, 2500), (59, 2500)]);
    assert_eq!(run.flows.granted[Bucket::Monthly as usize], 3 * 4000);
}

/// Without a journal the day loop pays a day that fits in one step; with one it pays charge by
/// charge. Both must give the same run on every worked example and shipped workload.
#[test]
fn paying_a_day_at_once_equals_paying_charge_by_charge() {
    let root = env!("CARGO_MANIFEST_DIR");
    let example = Catalog::parse(
        &SourceFile::read(std::path::Path::new(&format!("{root}/tests/examples/catalog.toml"))).unwrap(),
    )
    .unwrap();
    let default = Catalog::default_catalog().unwrap();
    let mut files: Vec<(String, &Catalog)> = ["waits-and-chains", "rollover-and-relaxed", "crew"]
        .iter()
        .map(|n| (format!("{root}/tests/examples/{n}.toml"), &example))
        .collect();
    for e in std::fs::read_dir(format!("{root}/workloads")).unwrap() {
        files.push((e.unwrap().path().display().to_string(), &default));
    }
    for (path, c) in files {
        let w = crate::util::load_workload(&path, c);
        let calendar = Calendar::new(w.start, w.horizon).unwrap();
        let marks: Vec<u32> = calendar.periods(plan_budget::engine::calendar::By::Month).iter().map(|p| p.1).collect();
        let sc = Scenario::new(c, &w, calendar);
        let demand = sc.demand();
        for plan in &c.plans {
            let fast = sc.run(plan, &demand, plan_budget::engine::ledger::NoJournal, &marks).0;
            let (slow, rows) = sc.run(plan, &demand, Vec::new(), &marks);
            assert_eq!(fast.tally, slow.tally, "{path} {}", plan.key);
            assert_eq!(fast.flows, slow.flows, "{path} {}", plan.key);
            assert_eq!(fast.snapshots, slow.snapshots, "{path} {}", plan.key);
            assert_eq!(
                (fast.max_wait_days, fast.first_short, fast.rollover_peak),
                (slow.max_wait_days, slow.first_short, slow.rollover_peak)
            );
            assert_conserved(&slow, &rows);
        }
    }
}

/// Packs of 100 tokens for $2 and 500 for $8 (an estimate), and an 800-token action, on the
/// small catalog's `paid` plan.
fn cheapest_case(count: u32, pack: &str) -> (Catalog, Workload) {
    let text = format!(
        "{CATALOG}\n[topup_packs.big]\ntokens = 500\nprice = 8.0\nestimate = true\n\n[actions.reel]\nkind = \"video\"\ntokens = 800\nmax_images = 1\n"
    );
    let c = Catalog::parse(&SourceFile::new("catalog.toml", text)).unwrap();
    let body = format!(
        "start = 2026-01-01\ndays = 1\n[policy]\nwhen_out = [\"topup\"]\ntopup_pack = \"{pack}\"\n[[activity]]\naction = \"reel\"\ncount = {count}\nper = \"day\"\n"
    );
    let w = workload(&c, &body);
    (c, w)
}

#[test]
fn r8_cheapest_buys_the_cheapest_mix_for_each_shortfall() {
    // Day 0: 1,000 monthly tokens. Reel 1 is paid (200 left); reel 2 is 600 short: 6 small
    // = $12, 2 big = $16, 1 big + 1 small = 600 tokens for $10, the cheapest.
    let (c, w) = cheapest_case(2, "cheapest");
    let (mix, rows) = run(&c, &w, "paid");
    assert_eq!((mix.flows.packs, mix.flows.bought, mix.topup_cents()), (2, 600, 1000));
    let pack = |r: &Row| match r.reason {
        Reason::Packs(p) => c.packs[p].key.clone(),
        other => panic!("a buy row for {other:?}"),
    };
    let buys: Vec<(i64, String)> =
        rows.iter().filter(|r| r.kind == RowKind::Buy).map(|r| (r.tokens, pack(r))).collect();
    assert_eq!(buys, [(100, "pack".to_string()), (500, "big".to_string())]);
    assert_eq!(mix.flows.estimate_packs, 1, "the big pack's figures are an estimate");
    assert_eq!(mix.flows.spent, [0, 1000, 0, 600]);
    // The named pack buys ⌈600/100⌉ = 6 of it, as the SPEC's policy says.
    let (c, w) = cheapest_case(2, "pack");
    let (named, _) = run(&c, &w, "paid");
    assert_eq!((named.flows.packs, named.topup_cents(), named.flows.estimate_packs), (6, 1200, 0));
}

#[test]
fn r8_cheapest_buys_charge_by_charge_not_for_the_day_in_one_go() {
    // Ten reels: reel 2 buys 1 big + 1 small ($10) and leaves 0; reels 3–10 are each 800 short:
    // 1 big + 3 small = $14 (8 small $16, 2 big $16). 8 × $14 + $10 = $122, 2 + 8 × 4 = 34
    // packs, 600 + 8 × 800 = 7,000 tokens. One pack size buys ⌈7,000/100⌉ = 70 for $140.
    let (c, w) = cheapest_case(10, "cheapest");
    let (mix, _) = run(&c, &w, "paid");
    assert_eq!((mix.flows.packs, mix.flows.bought, mix.topup_cents()), (34, 7000, 12_200));
    assert_eq!(mix.flows.spent, [0, 1000, 0, 7000]);
    let (c, w) = cheapest_case(10, "pack");
    let (named, _) = run(&c, &w, "paid");
    assert_eq!((named.flows.packs, named.topup_cents()), (70, 14_000));
}
