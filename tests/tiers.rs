//! Warn and fail tiers on `check` (against a baseline) and `diff` (head against base), the
//! hidden marker of the diff comment, and `--quiet-below` (issue 20). Figures come from the
//! worked example `rollover-and-relaxed` (tests/examples, expected JSON): Plus costs 56,400
//! cents, Max 45,400, Crew 41,900; every plan peaks at 17,300 tokens a month. With 8 client
//! renders a weekday instead of 6 ("busier"), Plus costs 69,300 (+22.9 %), Max 58,600 (+29.1 %),
//! Crew 54,500 (+30.07 %), and the peak is 20,660 (+19.4 %).
//!
//! A tier is reached when the figure is above the largest whole amount at most the threshold
//! above the base (`⌊base × (1 + PCT/100) + 1e-9⌋`, or base + amount), as `--max-increase`
//! always counted.

use crate::util::{examples_dir, plan_budget};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn example(name: &str) -> String {
    format!("{}/{name}.toml", examples_dir())
}

fn run(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = plan_budget();
    cmd.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    cmd.args(args).args(["--catalog", &format!("{}/catalog.toml", examples_dir())]);
    cmd
}

fn stdout(mut cmd: impl std::borrow::BorrowMut<assert_cmd::Command>) -> (Option<i32>, String, String) {
    let cmd = cmd.borrow_mut();
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The worked example's expected run with Plus's cost set to `cents`.
fn baseline_with_plus_at(dir: &Path, cents: i64) -> String {
    let text = std::fs::read_to_string(format!("{}/rollover-and-relaxed.expected.json", examples_dir())).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    for p in v["plans"].as_array_mut().unwrap() {
        if p["plan"] == "plus" {
            p["cost_cents"] = cents.into();
        }
    }
    let path = dir.join("base.json");
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

fn edited(dir: &Path, edit: impl Fn(String) -> String) -> String {
    let path: PathBuf = dir.join("edited.toml");
    std::fs::write(&path, edit(std::fs::read_to_string(example("rollover-and-relaxed")).unwrap())).unwrap();
    path.to_str().unwrap().to_string()
}

fn busier(dir: &Path) -> String {
    edited(dir, |t| t.replacen("count = 6", "count = 8", 1))
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_between_the_tiers_passes_with_exit_0_a_warn_row_and_a_warning_line() {
    // Baseline Plus 50,000 → 56,400 is +12.8 %: above the 10 % warn tier (55,000), within the
    // 20 % fail tier (60,000).
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_with_plus_at(dir.path(), 50000);
    let (code, out, err) = stdout(run(&["check", &example("rollover-and-relaxed"), "--plan", "plus"]).args([
        "--baseline",
        &base,
        "--warn-above",
        "10%",
        "--fail-above",
        "20%",
    ]));
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!("check_between_the_tiers", out);
    assert_eq!(err, "plan-budget check: WARN: 1 of 1 limits met; 1 above the warn tier: total cost vs baseline\n");
}

#[test]
fn check_fails_above_a_fail_tier_given_as_an_amount_and_the_amount_itself_passes() {
    // 50,000 + $64.00 = 56,400 = the measured cost: inclusive, so it passes; $63.99 does not.
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_with_plus_at(dir.path(), 50000);
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--fail-above", "$64"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("$564.00 (baseline $500.00 + $64.00)"))
        .stderr(predicate::str::is_empty());
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--fail-above", "$63.99"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL: 1 of 1 limits breached: total cost vs baseline"));
}

#[test]
fn check_takes_the_rise_tiers_from_the_budget_table_and_flags_replace_them_one_by_one() {
    // warn 10 % (55,000 from a 50,000 baseline), fail $100 (60,000), peak may rise 5 % (17,300 →
    // 18,165; it stays at 17,300).
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_with_plus_at(dir.path(), 50000);
    let w = edited(dir.path(), |t| {
        t + "\n[budget]\nwarn_increase = 10\nmax_increase = \"$100\"\nmax_tokens_increase = \"5%\"\n"
    });
    let (code, out, _) = stdout(run(&["check", &w, "--plan", "plus", "--baseline", &base]));
    assert_eq!(code, Some(0));
    assert!(out.contains("WARN: 2 of 2 limits met; 1 above the warn tier: total cost vs baseline"), "{out}");
    assert!(out.contains("18,165 (baseline 17,300 + 5%)"), "{out}");
    // --fail-above replaces max_increase only: 12 % of 50,000 allows 56,000 < 56,400.
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--fail-above", "12"]).assert().code(1);
    // --warn-above replaces warn_increase: 13 % allows 56,500, so no warning is left.
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--warn-above", "13%"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS: 2 of 2 limits met"));
    // Without --baseline the rise limits have nothing to compare with.
    run(&["check", &w, "--plan", "plus"]).assert().code(2).stderr(
        predicate::str::contains("limits only the rise over a baseline").and(predicate::str::contains("--baseline")),
    );
}

#[test]
fn check_warns_on_peak_tokens_per_month() {
    // The example's own run as baseline, with Plus's peak lowered to 16,000: 17,300 is +8.1 %.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{}/rollover-and-relaxed.expected.json", examples_dir())).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["plans"][1]["peak_period_tokens"] = 16000.into();
    let base = dir.path().join("base.json");
    std::fs::write(&base, v.to_string()).unwrap();
    let base = base.to_str().unwrap();
    let w = example("rollover-and-relaxed");
    // warn above ⌊16,000 × 1.05⌋ = 16,800, fail above ⌊16,000 × 1.1⌋ = 17,600.
    run(&["check", &w, "--plan", "plus", "--baseline", base, "--warn-above-tokens", "5", "--fail-above-tokens", "10"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("17,600 (baseline 16,000 + 10%); warn above 16,800 (+5%)")
                .and(predicate::str::contains("17,300 (+8.1%)"))
                .and(predicate::str::contains("WARN: 1 of 1 limits met; 1 above the warn tier")),
        );
    run(&["check", &w, "--plan", "plus", "--baseline", base, "--fail-above-tokens", "8%"]).assert().code(1);
    run(&["check", &w, "--plan", "plus", "--baseline", base, "--fail-above-tokens", "$20"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tokens are not money"));
}

#[test]
fn check_markdown_and_json_say_which_tier_a_limit_reached() {
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_with_plus_at(dir.path(), 50000);
    let w = example("rollover-and-relaxed");
    let tiers = ["--baseline", &base, "--warn-above", "10%", "--fail-above", "20%"];
    let (_, md, _) = stdout(run(&["check", &w, "--plan", "plus", "--format", "markdown"]).args(tiers));
    assert!(md.starts_with("**Budget check: WARN (1 of 1 limits above the warn tier)**"), "{md}");
    assert!(md.contains("| total cost vs baseline | $600.00 (baseline $500.00 + 20%); warn above $550.00 (+10%) | $564.00 (+12.8%) | WARN |"), "{md}");
    let (_, json, _) = stdout(run(&["check", &w, "--plan", "plus", "--format", "json"]).args(tiers));
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc["checks"][0],
        serde_json::json!({"limit": "max_cost_increase", "value": 60000, "measured": 56400, "pass": true,
            "baseline": 50000, "warn": 55000, "warned": true})
    );
    // A warn tier alone has no value to pass under: `value` is null.
    let (_, json, _) =
        stdout(run(&["check", &w, "--plan", "plus", "--format", "json", "--baseline", &base, "--warn-above", "$1"]));
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["checks"][0]["value"], Value::Null);
    assert_eq!((doc["checks"][0]["warn"].clone(), doc["checks"][0]["warned"].clone()), (50100.into(), true.into()));
}

#[test]
fn check_refuses_tiers_that_cannot_work() {
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_with_plus_at(dir.path(), 50000);
    let w = example("rollover-and-relaxed");
    // A tier with no baseline to rise over.
    run(&["check", &w, "--plan", "plus", "--max-cost", "1000", "--fail-above", "5%"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("add --baseline"));
    // A warning that would come after the failure.
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--warn-above", "20%", "--fail-above", "10%"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the warn tier for total cost (20%) is not below its fail tier (10%)"));
    // --max-increase is --fail-above and --fail-above-tokens at once.
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--max-increase", "5", "--fail-above", "10%"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    // Not a percent or an amount.
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--fail-above", "lots"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a percent (`12%`, or a bare `12`) or an amount of money"));
    // --max-increase with a warn tier works: fail above 20 % (60,000), warn above 1 % (50,500).
    run(&["check", &w, "--plan", "plus", "--baseline", &base, "--max-increase", "20", "--warn-above", "1%"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("WARN: 2 of 2 limits met; 1 above the warn tier: total cost vs baseline"));
}

// ---------------------------------------------------------------------------------------------
// diff

#[test]
fn diff_names_the_tier_each_plan_reached_in_markdown() {
    // warn above 20 %, fail above 30 %: Plus +22.9 % and Max +29.1 % warn; Crew +30.07 % fails
    // (⌊41,900 × 1.3⌋ = 54,470 < 54,500). Peak: warn above ⌊17,300 × 1.19⌋ = 20,587 < 20,660.
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    let (code, out, err) =
        stdout(run(&["diff", &example("rollover-and-relaxed"), &head, "--format", "markdown"]).args([
            "--warn-above",
            "20%",
            "--fail-above",
            "30%",
            "--warn-above-tokens",
            "19",
            "--fail-above-tokens",
            "20",
        ]));
    assert_eq!(code, Some(1));
    insta::assert_snapshot!("diff_tiers_markdown", out);
    assert_eq!(
        err,
        "diff failed: total cost rose more than 30% for Crew\n\
         diff warning: total cost rose more than 20% for Plus, Max\n\
         diff warning: peak tokens per month rose more than 19% for Plus, Max, Crew\n"
    );
}

#[test]
fn diff_with_warnings_only_exits_0_and_says_so_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    run(&["diff", &example("rollover-and-relaxed"), &head, "--warn-above", "20%"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("WARN: cost rose more than 20% for Plus, Max, Crew"))
        .stdout(predicate::str::contains("Budget tier").and(predicate::str::contains("WARN (cost > 20%)")))
        .stderr("diff warning: total cost rose more than 20% for Plus, Max, Crew\n");
}

#[test]
fn diff_fails_above_an_amount_of_money() {
    // +$129.00 (Plus), +$132.00 (Max), +$126.00 (Crew): only Max rose more than $130.
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    let (code, json, _) =
        stdout(run(&["diff", &example("rollover-and-relaxed"), &head, "--format", "json", "--fail-above", "$130"]));
    assert_eq!(code, Some(1));
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["breached"], serde_json::json!(["max"]));
    assert_eq!(doc["warned"], serde_json::json!([]));
    assert_eq!(doc["fail_above"], Value::Null, "the legacy field holds a percent only");
    assert_eq!(doc["thresholds"]["cost_cents"], serde_json::json!({"warn": null, "fail": {"cents": 13000}}));
    assert_eq!(doc["currency"], "USD");
    let tiers: Vec<(&str, &Value)> =
        doc["plans"].as_array().unwrap().iter().map(|p| (p["plan"].as_str().unwrap(), &p["tier"])).collect();
    assert_eq!(
        tiers,
        [("starter", &Value::Null), ("plus", &"pass".into()), ("max", &"fail".into()), ("crew", &"pass".into())]
    );
}

#[test]
fn diff_keeps_reading_a_bare_fail_above_as_a_percent() {
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    let (_, json, _) =
        stdout(run(&["diff", &example("rollover-and-relaxed"), &head, "--format", "json", "--fail-above", "29.5"]));
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["fail_above"], 29.5);
    assert_eq!(doc["breached"], serde_json::json!(["crew"]));
}

#[test]
fn diff_takes_its_tiers_from_the_heads_budget_and_flags_replace_them() {
    // max_increase = 25: Max (+29.1 %) and Crew (+30.07 %) fail, Plus (+22.9 %) passes.
    let dir = tempfile::tempdir().unwrap();
    let head = edited(dir.path(), |t| t.replacen("count = 6", "count = 8", 1) + "\n[budget]\nmax_increase = 25\n");
    let base = example("rollover-and-relaxed");
    run(&["diff", &base, &head])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL: cost rose more than 25% for Max, Crew"));
    run(&["diff", &base, &head, "--fail-above", "50%"]).assert().code(0);
}

#[test]
fn quiet_below_prints_nothing_when_no_plan_moved_more_than_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    let base = example("rollover-and-relaxed");
    // The largest move is Crew's cost, +30.07 %.
    for format in ["table", "markdown", "json"] {
        run(&["diff", &base, &head, "--quiet-below", "31", "--format", format])
            .assert()
            .code(0)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("nothing printed (--quiet-below)"));
    }
    run(&["diff", &base, &head, "--quiet-below", "30"]).assert().code(0).stdout(predicate::str::contains("Crew"));
    // A plan at a tier is never silenced.
    run(&["diff", &base, &head, "--quiet-below", "31", "--fail-above", "25"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL: cost rose more than 25%"));
    run(&["diff", &base, &head, "--quiet-below", "31", "--warn-above", "25"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("WARN"));
    // With --output the file is written empty (a stale comment body must not stay behind).
    let out = dir.path().join("comment.md");
    std::fs::write(&out, "an old comment").unwrap();
    run(&["diff", &base, &base, "--quiet-below", "0", "--format", "markdown", "--output", out.to_str().unwrap()])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "");
}

#[test]
fn quiet_below_still_prints_a_plan_that_changed_side_or_eligibility() {
    let dir = tempfile::tempdir().unwrap();
    let w = example("rollover-and-relaxed");
    let one = dir.path().join("plus.json");
    run(&["simulate", &w, "--plan", "plus", "--format", "json", "--output", one.to_str().unwrap()]).assert().success();
    // Max, Crew and Starter are only in head: not a change in cost, but a change.
    run(&["diff", one.to_str().unwrap(), &w, "--quiet-below", "100"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("3 only in head"));
}

#[test]
fn the_markdown_comment_starts_with_a_marker_naming_the_workload() {
    let dir = tempfile::tempdir().unwrap();
    let head = edited(dir.path(), |t| t.replacen("name = \"rollover and relaxed\"", "name = \"a--b <!-- x -->\"", 1));
    let (_, out, _) = stdout(run(&["diff", &example("rollover-and-relaxed"), &head, "--format", "markdown"]));
    // `--` would end the HTML comment early: it is written `-‐` (U+2010).
    let marker = out.lines().next().unwrap();
    assert_eq!(marker, "<!-- plan-budget: a-\u{2010}b <!-\u{2010} x -\u{2010}> -->", "{out}");
    assert_eq!(marker.matches("--").count(), 2, "the comment's own start and end only");
}
