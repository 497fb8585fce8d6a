//! The catalog's `currency` in every money figure (issue 20): a symbol in front for the codes
//! of the table (`$`, `€`, `£`, …), the ISO code after the amount for any other (`564.00 CHF`),
//! the same digits whatever the currency (no locale is guessed). Saved runs carry it, and a
//! rise is never measured across two currencies (exit 2). Figures from the worked example
//! `rollover-and-relaxed`: Plus costs 564.00, Max 454.00, Crew 419.00 (in the catalog's money).

use crate::util::{examples_dir, plan_budget};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn example(name: &str) -> String {
    format!("{}/{name}.toml", examples_dir())
}

/// The example catalog with `currency = CODE`.
fn catalog_in(dir: &Path, code: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/catalog.toml", examples_dir())).unwrap().replacen(
        "currency = \"USD\"",
        &format!("currency = \"{code}\""),
        1,
    );
    let path = dir.join(format!("catalog-{code}.toml"));
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(catalog: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = plan_budget().env("NO_COLOR", "1").args(args).args(["--catalog", catalog]).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_catalog_in_euros_shows_euros_in_every_money_figure_of_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let eur = catalog_in(dir.path(), "EUR");
    let w = example("rollover-and-relaxed");
    let busier = dir.path().join("busier.toml");
    std::fs::write(&busier, std::fs::read_to_string(&w).unwrap().replacen("count = 6", "count = 8", 1)).unwrap();
    let busier = busier.to_str().unwrap();
    for args in [
        vec!["simulate", &w],
        vec!["simulate", &w, "--format", "markdown"],
        vec!["simulate", &w, "--format", "html"],
        vec!["compare", &w],
        vec!["compare", &w, "--format", "markdown"],
        vec!["recommend", &w],
        vec!["plans"],
        vec!["check", &w, "--plan", "plus", "--max-cost", "500"],
        vec!["check", &w, "--plan", "plus", "--max-cost", "500", "--format", "markdown"],
        vec!["check", &w, "--plan", "plus", "--max-cost", "500", "--format", "junit"],
        vec!["diff", &w, busier, "--plan", "plus", "--format", "markdown"],
        vec!["diff", &w, busier, "--plan", "plus", "--fail-above", "€1"],
    ] {
        let (code, out, err) = run(&eur, &args);
        assert!(matches!(code, Some(0 | 1)), "{args:?}: {err}");
        assert!(out.contains('€'), "{args:?} shows euros:\n{out}");
        assert!(!out.contains('$'), "{args:?} shows no dollar sign:\n{out}");
    }
    let (_, out, _) = run(&eur, &["simulate", &w, "--format", "markdown"]);
    assert!(out.contains("| Plus | €564.00 | topups |"), "{out}");
    // The engine's reasons too: the recommendation is worded with the same formatter.
    let (_, out, _) = run(&eur, &["compare", &w]);
    assert!(out.contains("Cost per image") && out.contains("€0.0"), "{out}");
}

#[test]
fn a_currency_without_a_symbol_is_written_after_the_amount_by_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let chf = catalog_in(dir.path(), "CHF");
    let (_, out, _) = run(&chf, &["simulate", &example("rollover-and-relaxed"), "--format", "markdown"]);
    assert!(out.contains("| Plus | 564.00 CHF | topups |"), "{out}");
    let (_, out, _) = run(&chf, &["check", &example("rollover-and-relaxed"), "--plan", "plus", "--max-cost", "600"]);
    assert!(out.contains("600.00 CHF") && out.contains("564.00 CHF"), "{out}");
}

#[test]
fn json_names_the_currency_its_cents_are_in() {
    let dir = tempfile::tempdir().unwrap();
    let eur = catalog_in(dir.path(), "EUR");
    let (_, out, _) = run(&eur, &["simulate", &example("rollover-and-relaxed"), "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["catalog"]["currency"], "EUR");
    assert_eq!(doc["plans"][1]["cost_cents"], 56400, "money stays in hundredths");
    let (_, out, _) = run(&format!("{}/catalog.toml", examples_dir()), &["plans", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["currency"], "USD");
}

#[test]
fn diff_refuses_to_compare_runs_in_two_currencies() {
    let dir = tempfile::tempdir().unwrap();
    let eur = catalog_in(dir.path(), "EUR");
    let usd = format!("{}/catalog.toml", examples_dir());
    let w = example("rollover-and-relaxed");
    let saved = dir.path().join("eur.json");
    let (code, _, _) = run(&eur, &["simulate", &w, "--format", "json", "--output", saved.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let saved = saved.to_str().unwrap();
    let (code, _, err) = run(&usd, &["diff", saved, &w]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("cannot compare runs in two currencies") && err.contains("is in EUR") && err.contains("in USD"),
        "{err}"
    );
    // Both sides in euros: compared, and written in euros even under the default catalog.
    let (code, out, _) = run(&usd, &["diff", saved, saved, "--plan", "plus", "--format", "markdown"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Unchanged: Plus."), "{out}");
    let (code, out, _) = run(&eur, &["diff", saved, &w, "--plan", "plus", "--fail-above", "€1", "--format", "json"]);
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["currency"], "EUR");
    // An amount in another currency than the runs' is refused, not converted.
    let (code, _, err) = run(&eur, &["diff", saved, &w, "--fail-above", "$1"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("is in USD, but the money compared is in EUR"), "{err}");
}

#[test]
fn a_run_saved_before_runs_carried_a_currency_counts_as_usd() {
    // The worked example's expected JSON has no catalog.currency.
    let dir = tempfile::tempdir().unwrap();
    let old = format!("{}/rollover-and-relaxed.expected.json", examples_dir());
    let w = example("rollover-and-relaxed");
    let (code, out, _) = run(&format!("{}/catalog.toml", examples_dir()), &["diff", &old, &w]);
    assert_eq!(code, Some(0));
    assert!(out.contains("0 of 4 plans changed"), "{out}");
    let (code, _, err) = run(&catalog_in(dir.path(), "GBP"), &["diff", &old, &w]);
    assert_eq!(code, Some(2));
    assert!(err.contains("counts as USD"), "{err}");
}

#[test]
fn check_refuses_a_baseline_in_another_currency() {
    let dir = tempfile::tempdir().unwrap();
    let eur = catalog_in(dir.path(), "EUR");
    let old = format!("{}/rollover-and-relaxed.expected.json", examples_dir());
    let (code, _, err) = run(
        &eur,
        &["check", &example("rollover-and-relaxed"), "--plan", "plus", "--baseline", &old, "--max-increase", "5"],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("is in USD, but the catalog's prices are in EUR"), "{err}");
}

#[test]
fn merged_catalogs_must_share_one_currency() {
    let dir = tempfile::tempdir().unwrap();
    let eur = catalog_in(dir.path(), "EUR");
    let usd = format!("{}/catalog.toml", examples_dir());
    plan_budget().args(["plans", "--catalog", &usd, "--catalog", &eur]).assert().code(2).stderr(
        predicate::str::contains("prices are in EUR, but the catalogs before it are in USD")
            .and(predicate::str::contains("catalog-EUR.toml:4:12")),
    );
}
