//! The CI gate as a pipeline meets it: `check` and `diff` exit codes (0 pass, 1 breach, 2 bad
//! input), baselines, CSV/Markdown output, atomic `--output`, completions and the man page.
//! Expected figures come from the SPEC's worked examples (`tests/examples/*.expected.json`).

use crate::util::{examples_dir, plan_budget};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn example(name: &str) -> String {
    format!("{}/{name}.toml", examples_dir())
}

fn catalog() -> String {
    format!("{}/catalog.toml", examples_dir())
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/{name}.expected.json", examples_dir())).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A command over the example catalog.
fn run(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = plan_budget();
    cmd.args(args).args(["--catalog", &catalog()]);
    cmd
}

/// A workload file in `dir`: an example with `edit` applied to its text.
fn edited(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let path = dir.join(format!("{name}-edited.toml"));
    std::fs::write(&path, edit(std::fs::read_to_string(example(name)).unwrap())).unwrap();
    path
}

fn write_json(dir: &Path, file: &str, v: &Value) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path
}

// ---------------------------------------------------------------------------------------------
// check

// rollover-and-relaxed on Plus (expected JSON): cost 56,400 cents, peak 17,300 tokens, relaxed
// share 0, no waits. Limits equal to the measured values pass (R: measured ≤ limit).
const PLUS_AT_THE_LIMIT: [&str; 8] =
    ["--max-cost", "564", "--max-tokens-per-month", "17300", "--max-relaxed-share", "0", "--max-wait-days", "0"];

#[test]
fn check_passes_with_exit_0_when_every_limit_holds_exactly() {
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus"])
        .args(PLUS_AT_THE_LIMIT)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS: 4 of 4 limits met"));
}

#[test]
fn check_fails_with_exit_1_one_cent_over_the_cost_limit_and_says_why() {
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus", "--max-cost", "563.99"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL: 1 of 1 limits breached: total cost"))
        .stderr(predicate::str::contains("total cost"));
}

#[test]
fn check_fails_when_the_peak_month_wants_more_tokens_than_allowed() {
    // max_tokens_per_month is compared with peak_period_tokens (§2.1): 17,300 here.
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus", "--max-tokens-per-month", "17299"]).assert().code(1);
    run(&["check", &w, "--plan", "plus", "--max-tokens-per-month", "17300"]).assert().code(0);
}

#[test]
fn check_measures_relaxed_share_and_waits() {
    // Max goes relaxed for 1.43 % of generations; Starter waits up to 4 days (expected JSON).
    run(&["check", &example("rollover-and-relaxed"), "--plan", "max", "--max-relaxed-share", "0.01"]).assert().code(1);
    run(&["check", &example("rollover-and-relaxed"), "--plan", "max", "--max-relaxed-share", "0.015"]).assert().code(0);
    run(&["check", &example("waits-and-chains"), "--plan", "starter", "--max-wait-days", "3"]).assert().code(1);
    run(&["check", &example("waits-and-chains"), "--plan", "starter", "--max-wait-days", "4"]).assert().code(0);
}

#[test]
fn check_reads_limits_from_the_budget_table_and_flags_override_them() {
    let dir = tempfile::tempdir().unwrap();
    let w = edited(dir.path(), "rollover-and-relaxed", |t| t + "\n[budget]\nmax_cost = 564.0\nmax_wait_days = 0\n");
    let w = w.to_str().unwrap();
    run(&["check", w, "--plan", "plus"]).assert().code(0).stdout(predicate::str::contains("PASS: 2 of 2"));
    run(&["check", w, "--plan", "plus", "--max-cost", "500"]).assert().code(1);
}

#[test]
fn check_without_any_limit_is_an_input_error() {
    run(&["check", &example("rollover-and-relaxed"), "--plan", "plus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to check").and(predicate::str::contains("[budget]")));
}

#[test]
fn check_rejects_bad_input_with_exit_2() {
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "pluss", "--max-cost", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `plus`"));
    // Starter lacks the required `private` feature (R12).
    run(&["check", &w, "--plan", "starter", "--max-cost", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not eligible"));
    run(&["check", &w, "--plan", "plus", "--max-relaxed-share", "1.5"]).assert().code(2);
    run(&["check", &w, "--plan", "plus", "--max-cost", "-1"]).assert().code(2);
    run(&["check", "no/such/workload.toml", "--plan", "plus", "--max-cost", "1"]).assert().code(2);
    run(&["check", &w, "--plan", "plus", "--max-cost", "1", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not available for `check`"));
}

#[test]
fn check_json_adds_the_checks_array_with_money_in_cents() {
    let out = run(&["check", &example("rollover-and-relaxed"), "--plan", "plus", "--format", "json"])
        .args(PLUS_AT_THE_LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "plan-budget/1");
    assert_eq!(
        doc["checks"][0],
        serde_json::json!({"limit": "max_cost", "value": 56400, "measured": 56400, "pass": true})
    );
    assert_eq!(doc["checks"][1]["limit"], "max_tokens_per_month");
    assert_eq!(doc["checks"][1]["measured"], 17300);
    assert!(doc.get("recommendation").is_none(), "check prints no recommendation");
}

#[test]
fn check_markdown_is_a_verdict_line_and_a_table() {
    run(&["check", &example("rollover-and-relaxed"), "--plan", "plus", "--max-cost", "500", "--format", "markdown"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::starts_with("**Budget check: FAIL (1 of 1 limits breached)**")
                .and(predicate::str::contains("| total cost | $500.00 | $564.00 | **FAIL** |")),
        );
}

// ---------------------------------------------------------------------------------------------
// check --baseline

/// The worked example's expected run, with Plus's cost lowered to 500.00.
fn baseline_with_plus_at(dir: &Path, cents: i64) -> PathBuf {
    let mut v = expected("rollover-and-relaxed");
    for p in v["plans"].as_array_mut().unwrap() {
        if p["plan"] == "plus" {
            p["cost_cents"] = cents.into();
        }
    }
    write_json(dir, "base.json", &v)
}

#[test]
fn a_baseline_run_of_the_same_workload_passes_with_no_increase_allowed() {
    let base = format!("{}/rollover-and-relaxed.expected.json", examples_dir());
    run(&["check", &example("rollover-and-relaxed"), "--plan", "plus", "--baseline", &base, "--max-increase", "0"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS: 2 of 2"));
}

#[test]
fn a_cost_rise_above_the_allowed_percent_fails() {
    // 50,000 → 56,400 cents is +12.8 %: 12.8 % allowed passes, 12.79 % fails.
    let dir = tempfile::tempdir().unwrap();
    let base = baseline_with_plus_at(dir.path(), 50000);
    let base = base.to_str().unwrap();
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus", "--baseline", base, "--max-increase", "12.8"]).assert().code(0);
    run(&["check", &w, "--plan", "plus", "--baseline", base, "--max-increase", "12.79"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("total cost vs baseline").and(predicate::str::contains("+12.8%")));
}

#[test]
fn a_baseline_of_another_schema_version_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = expected("rollover-and-relaxed");
    v["schema"] = "plan-budget/2".into();
    let base = write_json(dir.path(), "v2.json", &v);
    run(&["check", &example("rollover-and-relaxed"), "--plan", "plus"])
        .args(["--baseline", base.to_str().unwrap(), "--max-increase", "5"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("\"plan-budget/2\"")
                .and(predicate::str::contains("reads \"plan-budget/1\" only"))
                .and(predicate::str::contains("v2.json")),
        );
    v.as_object_mut().unwrap().remove("schema");
    let base = write_json(dir.path(), "none.json", &v);
    run(&["check", &example("rollover-and-relaxed"), "--plan", "plus"])
        .args(["--baseline", base.to_str().unwrap(), "--max-increase", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no \"schema\" field"));
}

#[test]
fn a_baseline_without_the_plan_or_not_json_is_an_input_error() {
    let base = format!("{}/rollover-and-relaxed.expected.json", examples_dir());
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus", "--billing", "annual", "--baseline", &base, "--max-increase", "5"])
        .assert()
        .code(2);
    run(&["check", &w, "--plan", "plus", "--baseline", &w, "--max-increase", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid JSON"));
    run(&["check", &w, "--plan", "plus", "--baseline", &base]).assert().code(2); // needs --max-increase
}

// ---------------------------------------------------------------------------------------------
// diff

/// rollover-and-relaxed with 8 client renders a weekday instead of 6.
fn busier(dir: &Path) -> PathBuf {
    edited(dir, "rollover-and-relaxed", |t| t.replacen("count = 6", "count = 8", 1))
}

#[test]
fn diff_of_a_workload_with_itself_changes_nothing_and_exits_0() {
    let w = example("waits-and-chains");
    run(&["diff", &w, &w, "--fail-above", "0"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 of 4 plans changed"));
}

#[test]
fn diff_reads_a_saved_json_run_on_either_side() {
    // The expected JSON is what `simulate --format json` prints for this workload.
    let base = format!("{}/rollover-and-relaxed.expected.json", examples_dir());
    let w = example("rollover-and-relaxed");
    run(&["diff", &base, &w]).assert().code(0).stdout(predicate::str::contains("0 of 4 plans changed"));
    run(&["diff", &w, &base]).assert().code(0).stdout(predicate::str::contains("0 of 4 plans changed"));
}

#[test]
fn diff_fails_above_the_cost_rise_limit_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    let (base, head) = (example("rollover-and-relaxed"), head.to_str().unwrap().to_string());
    run(&["diff", &base, &head]).assert().code(0);
    run(&["diff", &base, &head, "--fail-above", "1"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL: cost rose more than 1%"))
        .stderr(predicate::str::contains("diff failed"));
    run(&["diff", &base, &head, "--fail-above", "1000"]).assert().code(0);
}

#[test]
fn diff_rejects_bad_input_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let w = example("rollover-and-relaxed");
    run(&["diff", &w, "no/such/file.toml"]).assert().code(2);
    run(&["diff", &w, &w, "--plan", "maxx"]).assert().code(2).stderr(predicate::str::contains("did you mean `max`"));
    run(&["diff", &w, &w, "--fail-above", "-5"]).assert().code(2);
    run(&["diff", &w, &w, "--format", "csv"]).assert().code(2);
    let mut v = expected("rollover-and-relaxed");
    v["schema"] = "plan-budget/0".into();
    let old = write_json(dir.path(), "old.json", &v);
    run(&["diff", old.to_str().unwrap(), &w]).assert().code(2).stderr(predicate::str::contains("\"plan-budget/0\""));
}

#[test]
fn diff_markdown_is_a_pull_request_comment() {
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    let out = run(&["diff", &example("rollover-and-relaxed"), head.to_str().unwrap(), "--format", "markdown"])
        .args(["--fail-above", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("diff_markdown", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn diff_markdown_collapses_unchanged_plans_into_one_line() {
    let w = example("waits-and-chains");
    let out = run(&["diff", &w, &w, "--format", "markdown"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 4, "the marker, the summary, a blank line, the unchanged plans:\n{text}");
    assert_eq!(text.lines().next(), Some("<!-- plan-budget: waits and chains -->"));
    assert!(text.contains("Unchanged: Starter, Plus, Max, Crew."), "{text}");
}

#[test]
fn diff_json_gives_before_after_and_change_per_plan() {
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    let out =
        run(&["diff", &example("rollover-and-relaxed"), head.to_str().unwrap(), "--format", "json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let plus = doc["plans"].as_array().unwrap().iter().find(|p| p["plan"] == "plus").unwrap();
    assert_eq!(plus["before"]["cost_cents"], 56400);
    let change = plus["after"]["cost_cents"].as_i64().unwrap() - 56400;
    assert_eq!(plus["change"]["cost_cents"]["amount"], change);
}

// ---------------------------------------------------------------------------------------------
// outputs

#[test]
fn a_failed_check_leaves_the_previous_output_file_untouched_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("check.json");
    std::fs::write(&out, "previous").unwrap();
    run(&["check", &example("rollover-and-relaxed"), "--plan", "pluss", "--max-cost", "1"])
        .args(["--format", "json", "--output", out.to_str().unwrap()])
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the previous file remains");
    // Without a previous file, nothing is created.
    let fresh = dir.path().join("diff.md");
    run(&["diff", &example("rollover-and-relaxed"), "no/such/head.toml", "--output", fresh.to_str().unwrap()])
        .assert()
        .code(2);
    assert!(!fresh.exists());
}

#[test]
fn a_breached_check_still_writes_its_report_whole_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("check.json");
    run(&["check", &example("rollover-and-relaxed"), "--plan", "plus", "--max-cost", "500"])
        .args(["--format", "json", "--output", out.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["checks"][0]["pass"], false);
}

#[test]
fn quiet_silences_the_notes_on_stderr() {
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus", "--max-cost", "500"])
        .assert()
        .code(1)
        .stderr(predicate::str::is_empty().not());
    run(&["check", &w, "--plan", "plus", "--max-cost", "500", "--quiet"])
        .assert()
        .code(1)
        .stderr(predicate::str::is_empty());
    // simulate --format csv names ineligible plans on stderr, never in the data.
    run(&["simulate", &w, "--format", "csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not eligible: Starter"));
    run(&["simulate", &w, "--format", "csv", "-q"]).assert().success().stderr(predicate::str::is_empty());
}

#[test]
fn no_color_gives_plain_ascii_tables() {
    let w = example("rollover-and-relaxed");
    run(&["check", &w, "--plan", "plus", "--max-cost", "600"])
        .env("NO_COLOR", "1")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("total cost").and(predicate::str::contains("┌").not()));
    let dir = tempfile::tempdir().unwrap();
    let head = busier(dir.path());
    run(&["diff", &w, head.to_str().unwrap(), "--no-color"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("╞").not());
}

#[test]
fn diff_takes_the_billing_of_a_saved_run() {
    let dir = tempfile::tempdir().unwrap();
    let w = example("rollover-and-relaxed");
    let saved = dir.path().join("annual.json");
    run(&["simulate", &w, "--billing", "annual", "--format", "json", "--output", saved.to_str().unwrap()])
        .assert()
        .success();
    // Every plan of the example catalog is compared billed annual, and nothing moved.
    let out = run(&["diff", saved.to_str().unwrap(), &w, "--format", "json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let plans = doc["plans"].as_array().unwrap();
    assert!(plans.iter().all(|p| p["billing"] == "annual" && p["status"] == "unchanged"), "{doc}");
}

#[test]
fn diff_refuses_two_saved_runs_of_different_billings_instead_of_passing_on_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let w = example("rollover-and-relaxed");
    let [monthly, annual] = ["monthly", "annual"].map(|b| {
        let path = dir.path().join(format!("{b}.json"));
        run(&["simulate", &w, "--billing", b, "--format", "json", "--output", path.to_str().unwrap()])
            .assert()
            .success();
        path.to_str().unwrap().to_string()
    });
    run(&["diff", &monthly, &annual, "--fail-above", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds plans billed annual and none billed monthly"));
    run(&["diff", &monthly, &w, "--billing", "annual"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--billing monthly"));
}

#[test]
fn csv_has_a_header_and_one_row_per_plan_and_period() {
    // rollover-and-relaxed: 7 billing periods; Plus, Max and Crew are eligible (Starter is not).
    let out = run(&["simulate", &example("rollover-and-relaxed"), "--format", "csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "plan,label,billing,seats,verdict,estimate,start,end,tokens_wanted,tokens_spent,relaxed_charges,\
         topup_packs,waited,monthly_left,rollover_end,topup_end,expired,cost_cents"
    );
    assert_eq!(lines.len(), 1 + 3 * 7);
    assert!(lines[1].starts_with("plus,Plus,monthly,1,topups,"), "{}", lines[1]);
    // The period cost column sums to the plan's cost (R11).
    let plus: i64 = lines[1..8].iter().map(|l| l.rsplit(',').next().unwrap().parse::<i64>().unwrap()).sum();
    assert_eq!(plus, 56400);
}

#[test]
fn csv_quotes_fields_per_rfc_4180() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("catalog.toml");
    let text =
        std::fs::read_to_string(catalog()).unwrap().replacen(r#"label = "Plus""#, r#"label = "Plus, \"pro\"""#, 1);
    std::fs::write(&cat, text).unwrap();
    let out = plan_budget()
        .args(["simulate", &example("rollover-and-relaxed"), "--plan", "plus", "--format", "csv"])
        .args(["--catalog", cat.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().nth(1).unwrap().starts_with(r#"plus,"Plus, ""pro""",monthly,"#), "{text}");
}

#[test]
fn simulate_markdown_has_the_summary_table_and_the_recommendation() {
    run(&["simulate", &example("rollover-and-relaxed"), "--format", "markdown"]).assert().success().stdout(
        predicate::str::starts_with("### rollover and relaxed")
            .and(predicate::str::contains("| Plan | Cost | Verdict |"))
            .and(predicate::str::contains("| Plus | $564.00 | topups |"))
            .and(predicate::str::contains("**Recommendation:**")),
    );
}

#[test]
fn commands_without_a_format_say_so() {
    plan_budget().args(["plans", "--format", "csv"]).assert().code(2).stderr(predicate::str::contains("not available"));
    plan_budget()
        .args(["cost", "default", "--format", "markdown"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format markdown is not available for `cost`"));
}

#[test]
fn completions_are_printed_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_plan__budget()"),
        ("zsh", "#compdef plan-budget"),
        ("fish", "complete -c plan-budget"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        plan_budget()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("check")));
    }
    plan_budget().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_is_roff_and_lists_the_commands() {
    plan_budget().arg("man").assert().success().stdout(
        predicate::str::contains(".TH plan-budget 1")
            .and(predicate::str::contains("check"))
            .and(predicate::str::contains("diff")),
    );
}

#[test]
fn a_baseline_saved_from_another_workload_is_questioned_and_a_negative_cost_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = expected("crew");
    let path = write_json(dir.path(), "crew.json", &other);
    let w = example("rollover-and-relaxed");
    // crew.json has no Plus entry to compare, but the warning comes first.
    run(&["check", &w, "--plan", "crew", "--baseline", path.to_str().unwrap(), "--max-increase", "1000"])
        .assert()
        .stderr(predicate::str::contains("was saved from workload"));
    let mut v = expected("rollover-and-relaxed");
    v["plans"][1]["cost_cents"] = (-5).into();
    let negative = write_json(dir.path(), "negative.json", &v);
    run(&["check", &w, "--plan", "plus", "--baseline", negative.to_str().unwrap(), "--max-increase", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected u64"));
}

#[test]
fn a_saved_run_with_an_impossible_share_or_a_plan_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let w = example("rollover-and-relaxed");
    let mut share = expected("rollover-and-relaxed");
    share["plans"][1]["relaxed_share"] = 1e308.into();
    let share = write_json(dir.path(), "share.json", &share);
    run(&["diff", share.to_str().unwrap(), &w])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a share from 0 to 1"));
    let mut twice = expected("rollover-and-relaxed");
    let first = twice["plans"][1].clone();
    twice["plans"].as_array_mut().unwrap().push(first);
    let twice = write_json(dir.path(), "twice.json", &twice);
    run(&["diff", twice.to_str().unwrap(), &w]).assert().code(2).stderr(predicate::str::contains("twice"));
}

#[test]
fn diff_counts_plans_on_one_side_only_apart_from_changed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let w = example("rollover-and-relaxed");
    let one = dir.path().join("plus.json");
    run(&["simulate", &w, "--plan", "plus", "--format", "json", "--output", one.to_str().unwrap()]).assert().success();
    run(&["diff", one.to_str().unwrap(), &w])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 of 4 plans changed; 3 only in head"));
}

#[test]
fn a_run_saved_with_a_switch_schedule_is_no_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let w = example("rollover-and-relaxed");
    let saved = dir.path().join("switched.json");
    run(&["simulate", &w, "--plan", "plus", "--switch", "max@2026-07-15", "--format", "json"])
        .args(["--output", saved.to_str().unwrap()])
        .assert()
        .success();
    run(&["check", &w, "--plan", "plus", "--baseline", saved.to_str().unwrap(), "--max-increase", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("saved from a run with --switch"));
}
