//! Results a CI system reads natively (issue 20): `check --format junit` (validated with an
//! XML parser) and GitHub Actions annotations (`--format github`, or on stderr under
//! `GITHUB_ACTIONS=true`). Figures from the worked example `rollover-and-relaxed`: Plus costs
//! $564.00 and peaks at 17,300 tokens a month.

use crate::util::{examples_dir, plan_budget};
use predicates::prelude::*;

fn example(name: &str) -> String {
    format!("{}/{name}.toml", examples_dir())
}

fn run(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = plan_budget();
    cmd.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    cmd.args(args).args(["--catalog", &format!("{}/catalog.toml", examples_dir())]);
    cmd
}

/// The example's expected run with Plus at $500.00, so $564.00 is +12.8 %.
fn baseline(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(format!("{}/rollover-and-relaxed.expected.json", examples_dir())).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["plans"][1]["cost_cents"] = 50000.into();
    let path = dir.join("base.json");
    std::fs::write(&path, v.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

/// One breach (max cost $500 < $564), one pass (max wait 0 d), one warning (cost +12.8 % over
/// the baseline: warn above 10 %, fail above 20 %) and one more pass (peak +0 %, fail above 5 %).
fn mixed(dir: &std::path::Path, format: &str) -> assert_cmd::Command {
    let base = baseline(dir);
    let mut cmd = run(&["check", &example("rollover-and-relaxed"), "--plan", "plus", "--format", format]);
    cmd.args(["--max-cost", "500", "--max-wait-days", "0", "--baseline", &base]).args([
        "--warn-above",
        "10%",
        "--fail-above",
        "20%",
        "--fail-above-tokens",
        "5",
    ]);
    cmd
}

#[test]
fn check_junit_has_one_testcase_per_limit_and_a_junit_parser_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = mixed(dir.path(), "junit").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a breach still exits 1");
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!((root.attribute("tests"), root.attribute("failures")), (Some("4"), Some("1")));
    let suite = root.children().find(|n| n.has_tag_name("testsuite")).unwrap();
    assert_eq!(suite.attribute("name"), Some("rollover and relaxed on Plus (plus), billed monthly"));
    let property = |name| {
        suite
            .descendants()
            .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("value"))
    };
    assert_eq!((property("plan"), property("currency")), (Some("plus"), Some("USD")));
    let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
    let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    assert_eq!(
        names,
        [
            "total cost (max_cost)",
            "max wait (max_wait_days)",
            "total cost vs baseline (max_cost_increase)",
            "peak tokens per month vs baseline (max_tokens_per_month_increase)"
        ]
    );
    assert!(cases.iter().all(|c| c.attribute("classname") == Some("plan-budget.check.plus.monthly")));
    // The breach carries the measured and the allowed value.
    let failure = cases[0].children().find(|n| n.has_tag_name("failure")).expect("max_cost failed");
    assert_eq!(failure.attribute("type"), Some("max_cost"));
    assert_eq!(failure.attribute("message"), Some("total cost: measured $564.00; allowed $500.00"));
    // Passing limits are empty testcases; the warning passes with a note in system-out.
    assert!(cases[1].children().all(|n| !n.is_element()));
    assert!(cases[3].children().all(|n| !n.is_element()));
    let note = cases[2].children().find(|n| n.has_tag_name("system-out")).and_then(|n| n.text()).unwrap();
    assert!(
        note.starts_with("WARN: total cost vs baseline is above its warn tier: measured $564.00 (+12.8%)"),
        "{note}"
    );
    assert!(cases[2].children().all(|n| !n.has_tag_name("failure")));
}

#[test]
fn junit_escapes_names_that_look_like_markup() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("rollover-and-relaxed")).unwrap().replacen(
        "name = \"rollover and relaxed\"",
        "name = \"R&D <\\\"beta\\\"> 'x'\"",
        1,
    );
    let w = dir.path().join("w.toml");
    std::fs::write(&w, text).unwrap();
    let out = run(&["check", w.to_str().unwrap(), "--plan", "plus", "--max-cost", "1000", "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).unwrap();
    assert_eq!(suite.attribute("name"), Some("R&D <\"beta\"> 'x' on Plus (plus), billed monthly"));
    assert_eq!(suite.attribute("failures"), Some("0"));
}

#[test]
fn check_format_github_prints_an_annotation_per_breach_and_warning_then_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let out = mixed(dir.path(), "github").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let w = example("rollover-and-relaxed");
    let file = w.replace(':', "%3A").replace(',', "%2C");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        format!(
            "::error file={file},title=Token budget FAIL%3A total cost::total cost: measured $564.00; allowed $500.00 \
             (rollover and relaxed on Plus (plus), billed monthly)"
        )
    );
    assert!(lines[1].starts_with(&format!(
        "::warning file={file},title=Token budget WARN%3A total cost vs baseline::total cost vs baseline: measured \
         $564.00 (+12.8%25); allowed $600.00 (baseline $500.00 + 20%25); warn above $550.00 (+10%25)"
    )));
    assert!(
        lines[2].starts_with(&format!("::notice file={file},title=Token budget check::FAIL: 1 of 4 limits breached"))
    );
}

#[test]
fn under_github_actions_the_other_formats_add_the_annotations_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = mixed(dir.path(), "markdown").env("GITHUB_ACTIONS", "true").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.starts_with("**Budget check: FAIL"), "stdout keeps the report only: {stdout}");
    assert!(!stdout.contains("::"), "{stdout}");
    assert_eq!(stderr.lines().filter(|l| l.starts_with("::error ")).count(), 1, "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.starts_with("::warning ")).count(), 1, "{stderr}");
    // Not on GitHub Actions: no workflow commands.
    let out = mixed(dir.path(), "markdown").output().unwrap();
    assert!(!String::from_utf8(out.stderr).unwrap().contains("::"));
    // --quiet silences them with the other notes.
    let out = mixed(dir.path(), "markdown").env("GITHUB_ACTIONS", "true").arg("--quiet").output().unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn diff_format_github_annotates_each_plan_at_a_tier() {
    // 8 client renders instead of 6: Plus +22.9 %, Max +29.1 %, Crew +30.07 %.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("rollover-and-relaxed")).unwrap().replacen("count = 6", "count = 8", 1);
    let head = dir.path().join("head.toml");
    std::fs::write(&head, text).unwrap();
    let out = run(&["diff", &example("rollover-and-relaxed"), head.to_str().unwrap(), "--format", "github"])
        .args(["--warn-above", "25%", "--fail-above", "30%"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let kinds: Vec<&str> = text.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(kinds, ["::warning", "::error", "::notice"], "{text}");
    assert!(text.contains("::Max: total cost rose more than 25%25 (+$132.00, +29.1%25)"), "{text}");
    assert!(text.contains("::Crew: total cost rose more than 30%25 (+$126.00, +30.1%25)"), "{text}");
}

#[test]
fn the_ci_formats_belong_to_the_ci_commands() {
    let w = example("rollover-and-relaxed");
    run(&["diff", &w, &w, "--format", "junit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format junit is not available for `diff`"));
    run(&["simulate", &w, "--format", "github"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format github is not available for `simulate`; it offers table, json"));
    plan_budget()
        .args(["plans", "--format", "junit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not available for `plans`"));
}
