//! `status` (R14): a run from today's balances. Every expectation is computed by hand from the
//! small catalog below; the worked example `status-midcycle` is in `examples.rs`.

use crate::util::{file_in, plan_budget};
use plan_budget::engine::ledger::Start;
use plan_budget::engine::status::{ChoiceKind, State};
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use serde_json::Value;

/// `free` (150 a day), `basic` ($10, 1,000 a month, bank 1,500, top-ups), `pro` ($30, 5,000 a
/// month, bank 10,000, top-ups), `lite` ($5, 100 a month, no bank, floor 100); packs of 500 for
/// $5; `img` 10 tokens, `vid` 100 tokens.
const CATALOG: &str = r#"
schema = 1
name = "status test"
as_of = 2026-01-01

[plans.free]
label = "Free"
price_monthly = 0.0
monthly_tokens = 0
daily_tokens = 150

[plans.basic]
label = "Basic"
price_monthly = 10.0
monthly_tokens = 1000
rollover_cap = 1500
topups = true

[plans.pro]
label = "Pro"
price_monthly = 30.0
monthly_tokens = 5000
rollover_cap = 10000
topups = true

[plans.lite]
label = "Lite"
price_monthly = 5.0
monthly_tokens = 100
daily_tokens = 100

[topup_packs.small]
tokens = 500
price = 5.0

[actions.img]
label = "Image"
kind = "image"
tokens = 10

[actions.vid]
label = "Video"
kind = "video"
tokens = 100
max_images = 1
"#;

/// 2 images a day (20 tokens), and a video activity that wants nothing (its price still counts
/// for "use it or lose it"). The workload's own start is never used by `status`.
const SPARE: &str = r#"
schema = 1
name = "stills"
start = 2026-01-01
[[activity]]
name = "stills"
action = "img"
count = 2
per = "day"
[[activity]]
name = "clips"
action = "vid"
count = 0
per = "month"
"#;

/// 2 images a day; out of tokens, work waits.
const WAITS: &str = r#"
schema = 1
name = "waits"
start = 2026-01-01
[policy]
when_out = ["wait"]
[[activity]]
name = "stills"
action = "img"
count = 2
per = "day"
"#;

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `status WORKLOAD --catalog CATALOG ARGS` in a scratch directory.
fn status(workload: &str, args: &[&str]) -> Out {
    let dir = tempfile::tempdir().unwrap();
    let catalog = file_in(&dir, "catalog.toml", CATALOG);
    let w = file_in(&dir, "w.toml", workload);
    let out =
        plan_budget().current_dir(dir.path()).args(["status", &w, "--catalog", &catalog]).args(args).output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(workload: &str, args: &[&str]) -> Value {
    let out = status(workload, &[args, &["--format", "json"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|p| p[key].as_str().unwrap_or("null").to_string()).collect()
}

const MID_MARCH: [&str; 4] = ["--today", "2026-03-10", "--renews", "2026-03-20"];

#[test]
fn a_paid_plan_that_lasts_expires_what_its_bank_has_no_room_for_at_renewal() {
    // R14: Basic on 10 Mar with 800 fast tokens and 1,200 in the bank, renewing 20 Mar (10 days).
    // 2 images a day = 200 tokens, all from `monthly` (R3): 600 left. R4 at 20 Mar:
    // bank' = min(1,500, 1,200 + 600) = 1,500, so 300 roll and 300 expire.
    let doc = json(SPARE, &[&MID_MARCH[..], &["--plan", "basic", "--monthly", "800", "--bank", "1200"]].concat());
    assert_eq!(doc["workload"]["start"], "2026-03-10");
    assert_eq!(doc["workload"]["end"], "2026-03-19");
    assert_eq!(doc["workload"]["days"], 10);
    assert_eq!(doc["state"]["monthly"], 800);
    assert_eq!(doc["state"]["rollover"], 1200);
    let p = &doc["plans"][0];
    assert_eq!(p["verdict"], "fits");
    assert_eq!(p["cost_cents"], 0); // period 0 is prepaid: no billing date in the horizon
    assert_eq!(p["tokens"]["wanted"], 200);
    assert_eq!(p["tokens"]["monthly"], 200);
    assert_eq!(p["rollover_peak"], 1200);
    assert_eq!(p["periods"].as_array().unwrap().len(), 1);
    assert_eq!(p["periods"][0]["monthly_left"], 600);
    let nr = &p["next_renewal"];
    assert_eq!(nr["date"], "2026-03-20");
    assert_eq!(
        (nr["rolls"].as_u64(), nr["expires"].as_u64(), nr["bank_after"].as_u64()),
        (Some(300), Some(300), Some(1500))
    );
    // Use it or lose it: ⌊300 / 10⌋ = 30 images, ⌊300 / 100⌋ = 3 videos.
    assert_eq!(
        nr["buys"],
        serde_json::json!([{"activity": "stills", "generations": 30}, {"activity": "clips", "generations": 3}])
    );
    // The options: stay, top-ups first (the policy tries `relaxed` first), upgrade to Pro (R13:
    // $30 − $10 today, no billing date after). Stay and top-ups tie at $0: list order.
    assert_eq!(strings(&doc["options"], "option"), ["stay", "topups", "upgrade"]);
    assert_eq!(strings(&doc["options"], "plan"), ["basic", "basic", "pro"]);
    let costs: Vec<i64> =
        doc["options"].as_array().unwrap().iter().map(|o| o["cost_cents"].as_i64().unwrap()).collect();
    assert_eq!(costs, [0, 0, 2000]);
    assert_eq!(doc["advice"], 0);

    let out = status(SPARE, &[&MID_MARCH[..], &["--plan", "basic", "--monthly", "800", "--bank", "1200"]].concat());
    assert_eq!(out.stdout.lines().next().unwrap(), "Basic lasts to the renewal on 20 Mar 2026; 300 tokens expire then");
    assert!(out.stdout.contains("Use it or lose it: the 300 tokens that expire would still buy"), "{}", out.stdout);
}

#[test]
fn a_plan_that_runs_dry_names_the_day_and_what_each_option_costs() {
    // Basic with 100 fast tokens and 20 wanted a day: 10 Mar … 14 Mar use them up, so 15 Mar
    // is short (R8), 5 days before the 20 Mar renewal; the 10 images of 15–19 Mar are still
    // waiting at the end (R9).
    let args = [&MID_MARCH[..], &["--plan", "basic", "--monthly", "100"]].concat();
    let doc = json(WAITS, &args);
    let p = &doc["plans"][0];
    assert_eq!(p["first_short"], "2026-03-15");
    assert_eq!(p["verdict"], "short");
    assert_eq!(p["generations"]["fast"], 10);
    assert_eq!(p["generations"]["unfinished"], 10);
    // Top-ups first: on 15 Mar one pack of 500 (⌈20 / 500⌉) covers the remaining 100 tokens.
    let o = &doc["options"];
    assert_eq!(strings(o, "verdict"), ["short", "topups", "fits"]);
    assert_eq!(strings(o, "first_short"), ["2026-03-15", "2026-03-15", "null"]);
    assert_eq!(o[1]["cost_cents"], 500);
    assert_eq!(o[2]["cost_cents"], 2000);
    assert_eq!(o[0]["feasible"], false);
    assert_eq!(doc["advice"], 1); // the cheapest feasible: $5 of packs

    let out = status(WAITS, &args);
    assert_eq!(
        out.stdout.lines().next().unwrap(),
        "Basic runs dry on 15 Mar 2026, 5 days before renewal; 10 generations wait; 10 generations still waiting at the end"
    );
    assert!(out.stdout.contains("→  Basic, top-ups first"), "{}", out.stdout);
    assert!(out.stdout.contains("buys 1 pack of 500 tokens ($5.00)"), "{}", out.stdout);
}

#[test]
fn fail_if_exits_1_when_staying_is_that_verdict_or_worse() {
    // R9's order: short is worse than topups, so both limits fail; the report is still written.
    let args = [&MID_MARCH[..], &["--plan", "basic", "--monthly", "100"]].concat();
    for limit in ["short", "topups"] {
        let out = status(WAITS, &[&args[..], &["--fail-if", limit]].concat());
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stdout.starts_with("Basic runs dry on 15 Mar 2026"));
        assert!(out.stderr.contains(&format!("--fail-if {limit}")), "{}", out.stderr);
        assert!(out.stderr.contains("runs dry on 15 Mar 2026"), "{}", out.stderr);
    }
    // A plan that fits passes even the strictest limit.
    let fits = [&MID_MARCH[..], &["--plan", "basic", "--monthly", "800", "--fail-if", "topups"]].concat();
    assert_eq!(status(SPARE, &fits).code, 0);
}

#[test]
fn free_across_two_renewals_gets_150_a_day_and_loses_what_it_does_not_spend() {
    // Free from 30 Mar, renewing 1 Apr, --months 2: billing dates 1 Apr and 1 May, the end the
    // day before 1 Jun, 63 days. 100 tokens a day of 150: 50 expire at each next day's R5, so
    // 62 × 50 (the last day's 50 remain).
    let free = SPARE.replace("count = 2", "count = 10");
    let doc = json(&free, &["--plan", "free", "--today", "2026-03-30", "--renews", "2026-04-01", "--months", "2"]);
    assert_eq!(doc["workload"]["end"], "2026-05-31");
    assert_eq!(doc["workload"]["days"], 63);
    let p = &doc["plans"][0];
    assert_eq!(strings(&p["periods"], "start"), ["2026-03-30", "2026-04-01", "2026-05-01"]);
    let expired: Vec<u64> = p["periods"].as_array().unwrap().iter().map(|r| r["expired"].as_u64().unwrap()).collect();
    assert_eq!(expired, [50, 30 * 50, 31 * 50]);
    assert_eq!(p["tokens"]["daily"], 6300);
    assert_eq!(p["tokens"]["expired"], 3100);
    assert_eq!(p["verdict"], "fits");
    assert_eq!(p["cost_cents"], 0);
    let nr = &p["next_renewal"];
    assert_eq!((nr["date"].as_str(), nr["expires"].as_u64()), (Some("2026-06-01"), Some(0)));
    // No top-ups on Free; every plan with more monthly tokens is an upgrade, in catalog order:
    // the price difference today, then the price at 1 Apr and 1 May. Basic grants 3 × 1,000 of
    // the 6,300 wanted, so it buys packs of 500 as it runs short: ⌈3,300 / 500⌉ = 7 ($35).
    assert_eq!(strings(&doc["options"], "plan"), ["free", "basic", "pro", "lite"]);
    let costs: Vec<i64> =
        doc["options"].as_array().unwrap().iter().map(|o| o["cost_cents"].as_i64().unwrap()).collect();
    assert_eq!(costs, [0, 3 * 1000 + 7 * 500, 3 * 3000, 3 * 500]);
    // Lite's R5 floor lifts the balance to 100 every day: exactly the 100 wanted.
    assert_eq!(strings(&doc["options"], "verdict"), ["fits", "topups", "fits", "fits"]);
    assert_eq!(doc["advice"], 0);
}

fn catalog() -> Catalog {
    Catalog::parse(&SourceFile::new("catalog.toml", CATALOG)).unwrap()
}

fn workload(text: &str, catalog: &Catalog) -> plan_budget::input::workload::Workload {
    plan_budget::engine::validate::load_workload(&SourceFile::new("w.toml", text), catalog).unwrap()
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn an_upgrade_voids_the_fast_tokens_left_and_charges_the_price_difference_today() {
    // R13 on today (R14): Basic → Pro on 10 Mar with 100 fast tokens and 1,200 banked. The 100
    // are voided, Pro's 5,000 granted, the bank kept, $30 − $10 = $20 charged today; at 20 Mar
    // R4 rolls 5,000 − 10 × 20 = 4,800 into the bank (1,200 + 4,800 = 6,000) and Pro's $30 is
    // charged: $50 to the end (19 Apr).
    let c = catalog();
    let w = workload(WAITS, &c);
    let state = State {
        today: date("2026-03-10"),
        renews: date("2026-03-20"),
        months: 1,
        balances: Start { monthly: 100, rollover: 1200, topup: 0 },
        max_work: plan_budget::input::limits::DEFAULT_WORK,
    };
    let s = plan_budget::engine::status::run(&c, &w, c.plan("basic").unwrap(), &state, None, false, &|_| {}).unwrap();
    let up = s.options.iter().find(|o| o.kind == ChoiceKind::Upgrade).unwrap();
    assert_eq!(c.plans[up.plan].key, "pro");
    assert_eq!(up.run.flows.expired, [0, 100, 0, 0]);
    assert_eq!(up.run.monthly_charges, vec![(0, 2000), (10, 3000)]);
    assert_eq!(up.run.rollover_peak, 6000);
    assert_eq!(up.cost_cents, 5000);
    assert!(up.feasible);

    let out = status(
        WAITS,
        &[
            "--plan",
            "basic",
            "--today",
            "2026-03-10",
            "--renews",
            "2026-03-20",
            "--months",
            "1",
            "--monthly",
            "100",
            "--bank",
            "1200",
        ],
    );
    assert!(
        out.stdout.contains("upgrade to Pro today: $20.00 today (the price difference), 100 fast tokens voided"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_month_end_renewal_clamps_31_jan_to_28_feb() {
    // R2 from the renews anchor: 31 Jan → 28 Feb → 31 Mar.
    let base = ["--plan", "basic", "--today", "2027-01-25", "--renews", "2027-01-31"];
    let doc = json(SPARE, &[&base[..], &["--months", "1"]].concat());
    assert_eq!(doc["workload"]["end"], "2027-02-27");
    assert_eq!(doc["workload"]["days"], 34);
    let p = &doc["plans"][0];
    assert_eq!(strings(&p["periods"], "start"), ["2027-01-25", "2027-01-31"]);
    assert_eq!(strings(&p["periods"], "end"), ["2027-01-30", "2027-02-27"]);
    assert_eq!(p["next_renewal"]["date"], "2027-02-28");
    assert_eq!(p["subscription_cents"], 1000); // only 31 Jan is billed
    let doc = json(SPARE, &[&base[..], &["--months", "2"]].concat());
    assert_eq!(strings(&doc["plans"][0]["periods"], "start"), ["2027-01-25", "2027-01-31", "2027-02-28"]);
    assert_eq!(doc["plans"][0]["next_renewal"]["date"], "2027-03-31");
}

#[test]
fn demand_counts_growth_from_today_and_keeps_the_dates_of_windows_and_bursts() {
    // R14/R6: growth 100 % a month counted from period 0, not from the workload's start (which
    // would make March's images 4 a day). Period 0 (10–19 Mar): 1 image a day = 100 tokens, and
    // the video window 15–16 Mar, 2 × 100. Period 1 (20 Mar – 19 Apr, 31 days): 2 a day, tripled
    // by the 25–26 Mar burst: 29 × 2 + 2 × 6 = 70 images = 700 tokens.
    let w = r#"
schema = 1
name = "growing"
start = 2026-01-01
growth = 1.0
[[activity]]
name = "stills"
action = "img"
count = 1
per = "day"
[[activity]]
name = "clips"
action = "vid"
count = 1
per = "day"
from = 2026-03-15
until = 2026-03-16
[[burst]]
from = 2026-03-25
until = 2026-03-26
factor = 3.0
"#;
    let doc = json(w, &[&MID_MARCH[..], &["--plan", "pro", "--monthly", "5000", "--months", "1"]].concat());
    let periods = doc["plans"][0]["periods"].as_array().unwrap().clone();
    let wanted: Vec<u64> = periods.iter().map(|r| r["tokens_wanted"].as_u64().unwrap()).collect();
    assert_eq!(wanted, [300, 700]);
}

#[test]
fn the_status_ledger_opens_with_the_stated_balances_and_conserves_every_bucket() {
    // R10 on a status run: the stated balances are `grant` rows on day one, so for each bucket
    // the signed sum of the rows is what remains, and the sums by kind are the report's totals.
    let dir = tempfile::tempdir().unwrap();
    let catalog = file_in(&dir, "catalog.toml", CATALOG);
    let w = file_in(&dir, "w.toml", &SPARE.replace("count = 0", "count = 1").replace("\"month\"", "\"week\""));
    let out = plan_budget()
        .args(["status", &w, "--catalog", &catalog, "--format", "json", "--ledger", "ledger.csv"])
        .args(["--plan", "basic", "--today", "2026-03-10", "--renews", "2026-03-20", "--months", "1"])
        .args(["--monthly", "800", "--bank", "1200", "--topup", "300"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let csv = std::fs::read_to_string(dir.path().join("ledger.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let opening: Vec<String> = rows[..3].iter().map(|r| r[..5].join(",")).collect();
    assert_eq!(
        opening,
        [
            "basic,2026-03-10,grant,monthly,800",
            "basic,2026-03-10,grant,rollover,1200",
            "basic,2026-03-10,grant,topup,300"
        ]
    );
    assert!(rows[..3].iter().all(|r| r[6] == "balance stated for today"));
    let sum = |f: &dyn Fn(&Vec<&str>) -> bool| -> i64 {
        rows.iter().filter(|r| f(r)).map(|r| r[4].parse::<i64>().unwrap()).sum()
    };
    let p = &doc["plans"][0];
    let last = p["periods"].as_array().unwrap().last().unwrap();
    for (bucket, left) in [
        ("daily", 0),
        ("monthly", last["monthly_left"].as_i64().unwrap()),
        ("rollover", last["rollover_end"].as_i64().unwrap()),
        ("topup", last["topup_end"].as_i64().unwrap()),
    ] {
        assert_eq!(sum(&|r| r[3] == bucket), left, "bucket {bucket}");
    }
    assert_eq!(-sum(&|r| r[2] == "spend"), p["tokens"]["spent"].as_i64().unwrap());
    assert_eq!(-sum(&|r| r[2] == "expire"), p["tokens"]["expired"].as_i64().unwrap());
    assert!(rows.iter().any(|r| r[1] == "2026-03-20" && r[2] == "roll"), "R4 at the renewal rolls");
}

#[test]
fn r5_on_day_one_lifts_a_stated_balance_under_the_floor() {
    // R14 day one: Lite with 30 fast tokens; R5 grants max(0, 100 − 30) = 70 daily tokens.
    let dir = tempfile::tempdir().unwrap();
    let catalog = file_in(&dir, "catalog.toml", CATALOG);
    let w = file_in(&dir, "w.toml", &SPARE.replace("count = 2", "count = 0"));
    let out = plan_budget()
        .args(["status", &w, "--catalog", &catalog, "--ledger", "-", "--output", "report.txt"])
        .args(["--plan", "lite", "--today", "2026-03-10", "--renews", "2026-03-12", "--monthly", "30"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("lite,2026-03-10,grant,daily,70,70,daily allowance granted at the daily reset"), "{csv}");
}

#[test]
fn an_invalid_state_names_the_flag_and_the_plans_limit() {
    let cases: [(&str, &[&str], &[&str]); 6] = [
        ("basic", &["--monthly", "1001"], &["--monthly 1001", "1,000"]),
        ("basic", &["--bank", "1501"], &["--bank 1501", "1,500"]),
        ("free", &["--bank", "5"], &["--bank 5", "no rollover bank"]),
        ("free", &["--topup", "5"], &["--topup 5", "no top-ups"]),
        ("free", &["--monthly", "5"], &["--monthly 5", "allowance of 0 tokens"]),
        ("basic", &["--renews", "2026-03-10"], &["--renews 2026-03-10", "not after --today 2026-03-10"]),
    ];
    for (plan, flags, words) in cases {
        let mut args = vec!["--plan", plan, "--today", "2026-03-10"];
        if !flags.contains(&"--renews") {
            args.extend(["--renews", "2026-03-20"]);
        }
        args.extend(flags);
        let out = status(SPARE, &args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        for w in words {
            assert!(out.stderr.contains(w), "{args:?}: {}", out.stderr);
        }
    }
    // R12: a plan that is not eligible, with the reason.
    let private = SPARE.replace("start = 2026-01-01", "start = 2026-01-01\nrequire = [\"private\"]");
    let out = status(&private, &[&MID_MARCH[..], &["--plan", "basic"]].concat());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("lacks feature `private`"), "{}", out.stderr);
}

#[test]
fn today_defaults_to_the_current_date() {
    // util::plan_budget fixes today at 2026-04-01 through PLAN_BUDGET_TODAY.
    let doc = json(SPARE, &["--plan", "basic", "--renews", "2026-04-10"]);
    assert_eq!(doc["state"]["today"], "2026-04-01");
    assert_eq!(doc["workload"]["start"], "2026-04-01");
    assert_eq!(doc["workload"]["days"], 9);
}

#[test]
fn monte_carlo_gives_the_share_of_trials_that_run_dry_and_the_day() {
    // 50 images a day on an empty Basic: every trial is short on day one (P(0 images) = e^−50).
    let busy = WAITS.replace("count = 2", "count = 50");
    let args = [&MID_MARCH[..], &["--plan", "basic", "--trials", "40", "--seed", "7"]].concat();
    let doc = json(&busy, &args);
    let t = &doc["plans"][0]["trials"];
    assert_eq!((t["n"].as_u64(), t["seed"].as_u64()), (Some(40), Some(7)));
    assert_eq!(t["dry_share"], 1.0);
    assert_eq!(t["dry_day"], serde_json::json!({"p10": "2026-03-10", "p50": "2026-03-10", "p90": "2026-03-10"}));
    assert_eq!(doc["options"][0]["trials"]["dry_share"], 1.0);
    // Nothing wanted: no trial runs dry, and there is no day to give.
    let idle = json(&WAITS.replace("count = 2", "count = 0"), &args);
    assert_eq!(idle["plans"][0]["trials"]["dry_share"], 0.0);
    assert_eq!(idle["plans"][0]["trials"]["dry_day"]["p50"], Value::Null);
}

#[test]
fn monte_carlo_is_the_same_for_a_seed_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = file_in(&dir, "catalog.toml", CATALOG);
    let w = file_in(&dir, "w.toml", &WAITS.replace("per = \"day\"", "per = \"day\"\nvariability = 0.5"));
    let run = |threads: &str| {
        plan_budget()
            .env("RAYON_NUM_THREADS", threads)
            .args(["status", &w, "--catalog", &catalog, "--format", "json", "--trials", "600", "--seed", "3"])
            .args(["--plan", "basic", "--today", "2026-03-10", "--renews", "2026-03-20", "--monthly", "150"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
}

#[test]
fn markdown_leads_with_the_verdict_and_marks_the_advice() {
    let out =
        status(WAITS, &[&MID_MARCH[..], &["--plan", "basic", "--monthly", "100", "--format", "markdown"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("**Basic runs dry on 15 Mar 2026, 5 days before renewal"), "{}", out.stdout);
    assert!(out.stdout.contains("| Advice | Option | Cost to end |"), "{}", out.stdout);
    assert!(out.stdout.contains("| **→** | Basic, top-ups first | $5.00 | topups |"), "{}", out.stdout);
}

#[test]
fn csv_and_html_are_not_status_formats() {
    for format in ["csv", "html"] {
        let out = status(SPARE, &[&MID_MARCH[..], &["--plan", "basic", "--format", format]].concat());
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains("it offers table, json, markdown"), "{}", out.stderr);
    }
}

#[test]
fn the_worked_example_reads_at_a_glance() {
    // The layout of the table: verdict first, then state, pace, renewal, options, advice.
    let dir = crate::util::examples_dir();
    let args = std::fs::read_to_string(format!("{dir}/status-midcycle.args")).unwrap();
    let out = plan_budget()
        .args(["status", &format!("{dir}/status-midcycle.toml"), "--catalog", &format!("{dir}/catalog.toml")])
        .args(args.split_whitespace())
        .args(["--no-color", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!("status_midcycle_table", String::from_utf8(out.stdout).unwrap());
}
