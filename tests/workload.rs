//! The workload file as a user meets it (issue 15): warnings on every command and their
//! horizon, `validate`'s count and `--strict`, prices from the Generate button on `cost` and
//! `capacity`, and the weekend hobbyist's answer.

use crate::util::{file_in, plan_budget, root};
use predicates::prelude::*;

/// A workload that loads but wants nothing: its window is a year after its 3-month horizon.
const WRONG_YEAR: &str = "schema = 1\nname = \"wrong year\"\nstart = 2027-01-04\nmonths = 3\n\
    [[activity]]\nname = \"Book cover\"\naction = \"alchemy_v2\"\nimages = 4\ncount = 8\nper = \"weekday\"\n\
    from = 2028-03-01\nuntil = 2028-04-30\n";

#[test]
fn every_command_that_loads_the_file_prints_its_warnings_with_file_line_and_a_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(&dir, "w.toml", WRONG_YEAR);
    let expected =
        "warning: activity `Book cover` wants nothing from 2027-01-04 to 2027-04-03: its window starts 2028-03-01";
    for args in [
        vec!["simulate", &path, "--plan", "essential"],
        vec!["compare", &path],
        vec!["recommend", &path],
        vec!["check", &path, "--plan", "essential", "--max-cost", "1000"],
        vec!["diff", &path, &path],
        vec!["capacity", "default", "--on", &path, "--plan", "essential"],
    ] {
        plan_budget().args(&args).assert().success().stderr(
            predicate::str::contains(expected)
                .and(predicate::str::contains("w.toml:11:8"))
                .and(predicate::str::contains("11 | from = 2028-03-01\n   |        ^^^^^^^^^^"))
                .and(predicate::str::contains("help: the horizon runs 2027-01-04 to 2027-04-03")),
        );
        // --quiet silences warnings, as every note.
        plan_budget().arg("--quiet").args(&args).assert().success().stderr("");
    }
}

#[test]
fn warnings_are_judged_on_the_horizon_the_command_runs_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(&dir, "w.toml", WRONG_YEAR);
    // Moved onto the window, the activity wants work: no warning.
    plan_budget()
        .args(["simulate", &path, "--plan", "essential", "--start", "2028-03-01", "--months", "2"])
        .assert()
        .success()
        .stderr("");
    // Cut before the window from the other side, the message says where it stands.
    plan_budget()
        .args(["simulate", &path, "--plan", "essential", "--start", "2028-06-01", "--days", "10"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "activity `Book cover` wants nothing from 2028-06-01 to 2028-06-10: its window ended 2028-04-30",
        ));
}

#[test]
fn validate_counts_warnings_exits_0_and_strict_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(&dir, "w.toml", &WRONG_YEAR.replace("name = \"wrong", "require = [\"privat\"]\nname = \"wrong"));
    let out = plan_budget().args(["validate", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("ok, 2 warnings: {path} (workload)\n"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("warning: no plan has feature `privat`; did you mean `private`?"), "{stderr}");
    assert!(stderr.ends_with("2 warnings in 1 file\n"), "{stderr}");
    plan_budget()
        .args(["validate", "--strict", &path])
        .assert()
        .code(2)
        .stderr(predicate::str::ends_with("2 warnings in 1 file (--strict: exit 2)\n"));
    // --quiet: counted, not shown.
    plan_budget()
        .args(["--quiet", "validate", &path])
        .assert()
        .success()
        .stdout(format!("ok, 2 warnings: {path} (workload)\n"))
        .stderr("");
}

#[test]
fn validate_reports_an_unknown_action_and_a_typod_key_of_the_same_activity() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(
        &dir,
        "w.toml",
        "schema = 1\nname = \"t\"\nstart = 2026-01-05\n[[activity]]\naction = \"alchemyv2\"\nimgs = 4\ncount = 3\nper = \"weekned\"\non = [\"satu\"]\n",
    );
    plan_budget().args(["validate", &path]).assert().code(2).stderr(
        predicate::str::contains("unknown field `imgs`")
            .and(predicate::str::contains("unknown action `alchemyv2`"))
            .and(predicate::str::contains("did you mean `weekend`?"))
            .and(predicate::str::contains("unknown day `satu` in `on`"))
            .and(predicate::str::contains("did you mean `sat`?"))
            .and(predicate::str::ends_with("4 problems in 1 file\n")),
    );
}

fn unpriced_catalogs() -> Vec<String> {
    let examples = crate::util::examples_dir();
    vec![
        "--catalog".into(),
        format!("{examples}/catalog.toml"),
        "--catalog".into(),
        format!("{examples}/weekends-and-prices.catalog.toml"),
    ]
}

#[test]
fn cost_of_an_unpriced_action_needs_tokens_and_then_says_the_price_is_yours() {
    plan_budget().args(unpriced_catalogs()).args(["cost", "muse", "--images", "2"]).assert().code(2).stderr(
        predicate::str::contains("`muse` has no published price: give --tokens N")
            .and(predicate::str::contains("the price the Generate button shows")),
    );
    plan_budget()
        .args(unpriced_catalogs())
        .args(["cost", "muse", "--images", "2", "--tokens", "22"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Muse (price not published) (muse): 22 tokens (your price, from --tokens)")
                .and(predicate::str::contains("your price (not published)")),
        );
}

#[test]
fn cost_tokens_on_a_priced_action_overrides_the_catalog_and_the_breakdown_says_so() {
    // R1: the user's price replaces the catalog's 26 for a 4-image Alchemy V2 batch.
    let out = plan_budget()
        .args(["cost", "alchemy_v2", "--images", "4", "--tokens", "30", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["tokens"], 30);
    assert_eq!(doc["images"], 4);
    assert_eq!(doc["parts"][0]["what"], "Alchemy V2 × 4 images: your price (the catalog's is 26)");
    assert_eq!(doc["parts"].as_array().unwrap().len(), 1);
    // The price includes every setting: add-ons next to it are a usage error.
    plan_budget()
        .args(["cost", "alchemy_v2", "--tokens", "30", "--addon", "prompt_magic_v2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--tokens is the whole price of one generation"));
}

#[test]
fn capacity_of_an_unpriced_action_needs_tokens() {
    plan_budget()
        .args(unpriced_catalogs())
        .args(["capacity", "muse", "--plan", "plus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`muse` has no published price: give --tokens N"));
    // Plus: 2,000 a month + 100 a day floor; at 20 tokens a generation.
    let out = plan_budget()
        .args(unpriced_catalogs())
        .args(["capacity", "muse", "--tokens", "20", "--plan", "plus", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["plans"][0]["tokens_per_generation"], 20);
    let text = plan_budget()
        .args(unpriced_catalogs())
        .args(["capacity", "muse", "--tokens", "20", "--plan", "plus"])
        .output()
        .unwrap();
    assert!(String::from_utf8(text.stdout).unwrap().contains("(20 tokens a generation, your price from --tokens)"));
}

#[test]
fn a_workload_with_an_unpriced_model_runs_once_tokens_is_given_and_names_the_users_prices() {
    let examples = crate::util::examples_dir();
    plan_budget()
        .args(unpriced_catalogs())
        .args(["simulate", &format!("{examples}/weekends-and-prices.toml"), "--plan", "max"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Prices you gave (tokens; your figures, not estimates):")
                .and(predicate::str::contains(
                    "  - weekend renders, then enhance: 6 tokens an operation (enhance: the catalog's is 4)",
                ))
                .and(predicate::str::contains(
                    "  - muse on tue and fri: 22 tokens a generation (muse has no published price)",
                )),
        );
}

#[test]
fn the_weekend_hobbyist_waits_on_free_every_weekend_and_gets_a_paid_plan() {
    // Issue 15: a Saturday is 30 + 5 × 26 = 160 tokens, over Free's 150.
    let w = format!("{}/workloads/weekend-hobbyist.toml", root());
    let out = plan_budget().args(["simulate", &w, "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "no warnings: {}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let free = doc["plans"].as_array().unwrap().iter().find(|p| p["plan"] == "free").unwrap();
    assert_eq!(free["verdict"], "waits");
    assert_eq!(free["first_short"], "2027-01-02"); // the first Saturday
    // Every week of January wants 7 × 30 + 10 × 26 + 34 = 504 tokens.
    let week =
        plan_budget().args(["simulate", &w, "--plan", "free", "--by", "week", "--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&week.stdout).unwrap();
    assert_eq!(doc["plans"][0]["periods"][1]["tokens_wanted"], 504);
    assert!(doc["plans"][0]["periods"][1]["waited"].as_u64().unwrap() > 0);
    // Weekend work must not wait (max_wait_days = 0): not Free.
    let rec = plan_budget().args(["recommend", &w, "--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&rec.stdout).unwrap();
    assert_eq!(doc["recommendation"]["feasible"], true);
    assert_ne!(doc["recommendation"]["plan"], "free");
}

#[test]
fn init_offers_the_weekend_profile_and_every_profile_validates_without_warnings() {
    plan_budget().args(["init", "--profile", "weekend-hobbyist"]).assert().success().stdout(
        predicate::str::contains("per = \"weekend\"")
            .and(predicate::str::contains("on = [\"sun\"]"))
            .and(predicate::str::contains("tokens = 34"))
            .and(predicate::str::contains("activities = [\"Weekend Alchemy V2 batches\"]")),
    );
    let dir = tempfile::tempdir().unwrap();
    for profile in ["hobbyist", "weekend-hobbyist", "freelancer", "studio", "team", "video"] {
        let out = plan_budget().args(["init", "--profile", profile]).output().unwrap();
        let path = file_in(&dir, &format!("{profile}.toml"), &String::from_utf8(out.stdout).unwrap());
        plan_budget()
            .args(["validate", "--strict", &path])
            .assert()
            .success()
            .stdout(format!("ok: {path} (workload)\n"));
    }
}

/// One 40,000-token render on Essential (8,500 a month), buying packs when short.
const ONE_BIG_RENDER: &str = "schema = 1\nname = \"one big render\"\nstart = 2027-01-01\ndays = 1\n\
    [policy]\nwhen_out = [\"topup\"]\ntopup_pack = \"cheapest\"\n\
    [[activity]]\nname = \"render\"\naction = \"lucid_origin\"\ntokens = 40000\ncount = 1\nper = \"day\"\n";

#[test]
fn cheapest_top_ups_buy_the_cheapest_mix_and_say_it_in_json_and_the_ledger() {
    // R8 cheapest: 31,500 short. In units of 2,500: 13 (32,500 tokens). 1 large + 3 small =
    // $40 + $15 = $55 (1 large + 1 medium $58, 3 medium + 1 small $59, 2 large $80); the
    // smallest pack alone would be 13 small, $65.
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(&dir, "w.toml", ONE_BIG_RENDER);
    let ledger = dir.path().join("l.csv");
    let out = plan_budget()
        .args(["simulate", &path, "--plan", "essential", "--format", "json", "--ledger"])
        .arg(&ledger)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &json["plans"][0];
    assert_eq!((p["topup_packs"].as_u64(), p["topup_cents"].as_i64()), (Some(4), Some(5500)));
    assert_eq!(p["cost_cents"].as_i64(), Some(1200 + 5500));
    assert_eq!(p["estimate"], true, "the catalog's packs are estimates");
    let rows = std::fs::read_to_string(&ledger).unwrap();
    assert!(rows.contains("essential,2027-01-01,buy,topup,7500,7500,top-up pack small\n"), "{rows}");
    assert!(rows.contains("essential,2027-01-01,buy,topup,25000,32500,top-up pack large\n"), "{rows}");
    // Left out, the policy buys the smallest pack, as the SPEC says.
    let named = file_in(&dir, "n.toml", &ONE_BIG_RENDER.replace("topup_pack = \"cheapest\"\n", ""));
    let out = plan_budget().args(["simulate", &named, "--plan", "essential", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["plans"][0]["topup_packs"].as_u64(), json["plans"][0]["topup_cents"].as_i64()),
        (Some(13), Some(6500))
    );
}

#[test]
fn cheapest_is_refused_without_packs_beside_a_pack_of_that_name_and_over_odd_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(&dir, "w.toml", ONE_BIG_RENDER);
    let named =
        file_in(&dir, "c.toml", "schema = 1\nname = \"x\"\n[topup_packs.cheapest]\ntokens = 100\nprice = 1.0\n");
    let odd = file_in(
        &dir,
        "odd.toml",
        "schema = 1\nname = \"x\"\n[topup_packs.odd]\ntokens = 1000003\nprice = 1.0\n\
         [topup_packs.odder]\ntokens = 999999937\nprice = 900.0\n",
    );
    let default = format!("{}/plans/leonardo.toml", root());
    let old = format!("{}/plans/leonardo-2024.toml", root());
    for (catalogs, message, help) in [
        (
            vec![old.as_str()],
            "`topup_pack = \"cheapest\"` needs top-up packs, and the catalog has none",
            "drop `topup_pack`",
        ),
        (
            vec![default.as_str(), named.as_str()],
            "`cheapest` is both a pack of the catalog and the word for the cheapest mix",
            "rename the catalog's `[topup_packs.cheapest]`",
        ),
        (
            vec![default.as_str(), odd.as_str()],
            "above the limit of 1,000,000",
            "name one pack, or use pack sizes with a larger common divisor",
        ),
    ] {
        let mut cmd = plan_budget();
        cmd.args(["simulate", &path, "--plan", "essential"]);
        for c in catalogs {
            cmd.args(["--catalog", c]);
        }
        cmd.assert().code(2).stderr(
            predicate::str::contains(message)
                .and(predicate::str::contains("w.toml:"))
                .and(predicate::str::contains(help)),
        );
    }
}

#[test]
fn status_names_the_mix_cheapest_top_ups_buy_in_tokens_and_money() {
    // Two renders a week for a month, waiting when short: the top-ups option buys a mix for each
    // render (locked output: 36 packs, 352,500 tokens for $599.00, $1.70 per 1,000 tokens,
    // between the large pack's $1.60 and the small's $2.00).
    let dir = tempfile::tempdir().unwrap();
    let text = ONE_BIG_RENDER
        .replace("days = 1", "months = 1")
        .replace("count = 1\nper = \"day\"", "count = 2\nper = \"week\"")
        .replace("[\"topup\"]", "[\"wait\"]");
    let path = file_in(&dir, "w.toml", &text);
    plan_budget()
        .args(["status", &path, "--plan", "essential", "--today", "2027-01-01", "--renews", "2027-01-31"])
        .args(["--monthly", "8500"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Essential, top-ups first: buys 36 packs (352,500 tokens, $599.00) as tokens run out",
        ));
}
