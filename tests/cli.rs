//! The command line as a user meets it: every test goes through the built binary.

use crate::util::{examples_dir, file_in, plan_budget, root};
use clap::CommandFactory;
use predicates::prelude::*;

fn cost_tokens(args: &[&str]) -> u64 {
    let out = plan_budget().arg("cost").args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["tokens"].as_u64().unwrap()
}

#[test]
fn the_cli_definition_is_consistent() {
    plan_budget::cli::Cli::command().debug_assert();
}

#[test]
fn cost_matches_the_seeds_token_table() {
    // Seeds (002): the official token table.
    assert_eq!(cost_tokens(&["default", "--images", "4"]), 4);
    assert_eq!(cost_tokens(&["default", "--images", "4", "--addon", "prompt_magic_v2"]), 8);
    assert_eq!(cost_tokens(&["alchemy_pmv3_off", "--images", "4"]), 18);
    assert_eq!(cost_tokens(&["alchemy_pmv3_on", "--images", "1"]), 16);
    assert_eq!(cost_tokens(&["alchemy_v2", "--images", "4"]), 26);
    assert_eq!(cost_tokens(&["alchemy_v2_lightning_xl", "--images", "4"]), 12);
    assert_eq!(cost_tokens(&["alchemy_v2_lightning_xl"]), 10);
    assert_eq!(cost_tokens(&["default", "--images", "4", "--references", "3"]), 8);
    assert_eq!(cost_tokens(&["default", "--images", "1", "--references", "2"]), 3);
    assert_eq!(cost_tokens(&["default", "--images", "4", "--references", "2"]), 6);
    assert_eq!(cost_tokens(&["default", "--images", "1", "--references", "4"]), 7);
    assert_eq!(cost_tokens(&["remove_background"]), 2);
    assert_eq!(cost_tokens(&["unzoom"]), 5);
    assert_eq!(cost_tokens(&["upscaler"]), 5);
    assert_eq!(cost_tokens(&["alchemy_upscaler"]), 8);
    assert_eq!(cost_tokens(&["canvas", "--images", "4"]), 4);
    assert_eq!(cost_tokens(&["elements", "--images", "4"]), 4);
    assert_eq!(cost_tokens(&["texture_preview"]), 5);
    assert_eq!(cost_tokens(&["texture_full"]), 30);
}

#[test]
fn cost_prices_a_per_pixel_model_with_mode_size_and_references() {
    // ceil(1536 × 1024 × 1.23977e-5 × 2.92 × 1.2) = ceil(68.28…) = 69.
    assert_eq!(cost_tokens(&["gpt_image_1_5", "--mode", "quality", "--size", "1536x1024", "--references", "1"]), 69);
}

#[test]
fn cost_table_shows_the_breakdown() {
    plan_budget()
        .args(["cost", "default", "--images", "4", "--references", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("8 tokens").and(predicate::str::contains("Image guidance")));
}

#[test]
fn cost_rejects_an_unknown_action_with_a_suggestion() {
    plan_budget()
        .args(["cost", "alchemyv2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `alchemy_v2`?"));
}

#[test]
fn cost_rejects_too_many_images() {
    plan_budget()
        .args(["cost", "texture_full", "--images", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("max_images"));
}

#[test]
fn plans_lists_every_plan_with_estimates_marked() {
    plan_budget().arg("plans").assert().success().stdout(
        predicate::str::contains("essential")
            .and(predicate::str::contains("25,500"))
            .and(predicate::str::contains("team_growth"))
            .and(predicate::str::contains("estimate")),
    );
}

#[test]
fn simulate_prints_a_table_with_every_plan_and_a_recommendation() {
    plan_budget()
        .args(["simulate", &format!("{}/workloads/freelancer.toml", root())])
        .assert()
        .success()
        .stdout(predicate::str::contains("Premium").and(predicate::str::contains("Recommendation:")));
}

#[test]
fn simulate_one_plan_by_week() {
    let out = plan_budget()
        .args(["simulate", &format!("{}/workloads/freelancer.toml", root()), "--plan", "premium", "--by", "week"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["plans"].as_array().unwrap().len(), 1);
    let days = v["workload"]["days"].as_u64().unwrap();
    assert_eq!(v["plans"][0]["periods"].as_array().unwrap().len() as u64, days.div_ceil(7));
}

#[test]
fn simulate_rejects_an_unknown_plan_with_a_suggestion() {
    plan_budget()
        .args(["simulate", &format!("{}/workloads/freelancer.toml", root()), "--plan", "premum"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `premium`?"));
}

/// R10 through the CLI: the ledger CSV's sums equal the JSON totals, for every plan.
#[test]
fn the_ledger_file_sums_to_every_reported_total() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.csv");
    let ex = examples_dir();
    let out = plan_budget()
        .args(["simulate", &format!("{ex}/rollover-and-relaxed.toml"), "--catalog", &format!("{ex}/catalog.toml")])
        .args(["--format", "json", "--ledger", ledger.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let csv = std::fs::read_to_string(&ledger).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("plan,date,kind,bucket,tokens,balance_after,reason"));
    let rows: Vec<Vec<String>> = lines.map(|l| l.splitn(7, ',').map(String::from).collect()).collect();
    for p in v["plans"].as_array().unwrap().iter().filter(|p| p["eligible"] == true) {
        let key = p["plan"].as_str().unwrap();
        let sum = |kind: &str, bucket: Option<&str>| -> i64 {
            rows.iter()
                .filter(|r| r[0] == key && r[2] == kind && bucket.is_none_or(|b| r[3] == b))
                .map(|r| r[4].parse::<i64>().unwrap())
                .sum()
        };
        let t = &p["tokens"];
        assert_eq!(-sum("spend", None), t["spent"].as_i64().unwrap(), "{key} spent");
        for b in ["daily", "monthly", "rollover", "topup"] {
            assert_eq!(-sum("spend", Some(b)), t[b].as_i64().unwrap(), "{key} {b}");
        }
        assert_eq!(-sum("expire", None), t["expired"].as_i64().unwrap(), "{key} expired");
        assert_eq!(sum("relaxed", None), t["relaxed"].as_i64().unwrap(), "{key} relaxed");
        let last = p["periods"].as_array().unwrap().last().unwrap();
        let balance = |b: &str| {
            rows.iter().filter(|r| r[0] == key && r[3] == b).map(|r| r[4].parse::<i64>().unwrap()).sum::<i64>()
        };
        assert_eq!(balance("monthly"), last["monthly_left"].as_i64().unwrap(), "{key} monthly left");
        assert_eq!(balance("rollover"), last["rollover_end"].as_i64().unwrap(), "{key} bank");
        assert_eq!(balance("topup"), last["topup_end"].as_i64().unwrap(), "{key} top-up");
    }
}

fn bad_workload(body: &str) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(&dir, "bad.toml", body);
    plan_budget().args(["simulate", &path]).assert().code(2).stdout(predicate::str::is_empty())
}

const HEAD: &str = "schema = 1\nname = \"x\"\nstart = 2026-01-05\n";

#[test]
fn a_missing_file_is_a_clear_error() {
    plan_budget()
        .args(["simulate", "no/such/file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.toml: cannot read the file"));
}

#[test]
fn a_toml_syntax_error_points_at_its_line() {
    bad_workload(&format!("{HEAD}months = = 3\n")).stderr(predicate::str::contains("bad.toml:4:"));
}

#[test]
fn an_unknown_key_is_an_error_with_a_suggestion() {
    bad_workload(&format!("{HEAD}[[activity]]\naction = \"default\"\ncount = 1\nper = \"day\"\nimage = 4\n"))
        .stderr(predicate::str::contains("bad.toml:8:1").and(predicate::str::contains("did you mean `images`?")));
}

#[test]
fn an_unknown_action_suggests_the_nearest() {
    bad_workload(&format!("{HEAD}[[activity]]\naction = \"alchemyv2\"\ncount = 1\nper = \"day\"\n"))
        .stderr(predicate::str::contains("bad.toml:5:10").and(predicate::str::contains("did you mean `alchemy_v2`?")));
}

#[test]
fn an_impossible_date_is_an_error() {
    bad_workload("schema = 1\nname = \"x\"\nstart = 2026-02-30\n").stderr(predicate::str::contains("bad.toml:3:"));
}

#[test]
fn a_negative_count_is_an_error() {
    bad_workload(&format!("{HEAD}[[activity]]\naction = \"default\"\ncount = -2\nper = \"day\"\n"))
        .stderr(predicate::str::contains("bad.toml:6:9").and(predicate::str::contains("`count` must be")));
}

#[test]
fn images_over_max_images_is_an_error() {
    bad_workload(&format!("{HEAD}[[activity]]\naction = \"texture_full\"\nimages = 2\ncount = 1\nper = \"day\"\n"))
        .stderr(
            predicate::str::contains("bad.toml:6:10")
                .and(predicate::str::contains("`images` must be 1 for `texture_full`, found 2")),
        );
}

#[test]
fn a_wrong_schema_names_the_supported_version() {
    bad_workload("schema = 2\nname = \"x\"\nstart = 2026-01-05\n").stderr(predicate::str::contains("schema 1"));
}

#[test]
fn until_before_from_is_an_error() {
    bad_workload(&format!(
        "{HEAD}[[activity]]\naction = \"default\"\ncount = 1\nper = \"day\"\nfrom = 2026-03-01\nuntil = 2026-02-01\n"
    ))
    .stderr(predicate::str::contains("bad.toml:9:9").and(predicate::str::contains("before `from`")));
}

#[test]
fn a_failed_run_leaves_an_existing_output_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    std::fs::write(&out, "previous").unwrap();
    plan_budget().args(["simulate", "no/such/file.toml", "--output", out.to_str().unwrap()]).assert().code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
}

#[test]
fn output_is_written_to_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    plan_budget()
        .args(["simulate", &format!("{}/workloads/hobbyist.toml", root()), "--format", "json"])
        .args(["--output", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], "plan-budget/1");
}

#[test]
fn simulate_switch_upgrades_mid_cycle() {
    let out = plan_budget()
        .args(["simulate", &format!("{}/workloads/studio.toml", root()), "--plan", "essential"])
        .args(["--switch", "ultimate@2027-10-15", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &v["plans"][0];
    assert_eq!(p["label"], "Essential → Ultimate on 2027-10-15");
    // R13: the October period carries Essential's $12 and the $48 difference; later ones $60.
    let periods = p["periods"].as_array().unwrap();
    assert_eq!(
        periods[9]["cost_cents"].as_i64().unwrap() - periods[9]["topup_packs"].as_i64().unwrap() * 500,
        1200 + 4800
    );
    assert_eq!(periods[11]["cost_cents"].as_i64().unwrap() - periods[11]["topup_packs"].as_i64().unwrap() * 500, 6000);
}

#[test]
fn simulate_switch_needs_one_starting_plan() {
    plan_budget()
        .args(["simulate", &format!("{}/workloads/studio.toml", root()), "--switch", "ultimate@2027-10-15"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--plan"));
}

#[test]
fn a_required_feature_no_plan_has_leaves_no_recommendation_and_suggests_the_nearest() {
    // SPEC §1.3: not an error; every plan is ineligible and the report says why.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{}/workloads/studio.toml", root())).unwrap();
    let path = file_in(&dir, "typo.toml", &text.replace("require = [\"private\"]", "require = [\"privte\"]"));
    let path = path.as_str();
    plan_budget()
        .args(["recommend", path])
        .assert()
        .success()
        .stdout(predicate::str::contains("No recommendation: no plan is eligible"))
        .stderr(
            predicate::str::contains("warning: no plan has feature `privte`; did you mean `private`?")
                .and(predicate::str::contains("typo.toml:"))
                .and(predicate::str::contains("every plan lacks it, so no plan is eligible")),
        );
    let out = plan_budget().args(["simulate", path, "--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.as_object().unwrap().contains_key("recommendation"), "present for simulate (§4.1)");
    assert!(doc["recommendation"].is_null());
    assert!(doc["plans"].as_array().unwrap().iter().all(|p| p["reason"] == "lacks feature `privte`"));
}

#[test]
fn a_plan_named_twice_is_run_once() {
    let w = format!("{}/workloads/freelancer.toml", root());
    let out = plan_budget()
        .args(["simulate", &w, "--plan", "premium", "--plan", "premium", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["plans"].as_array().unwrap().len(), 1);
}

#[test]
fn a_catalog_without_plans_is_an_input_error_not_an_empty_report() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{}/catalog.toml", examples_dir())).unwrap();
    let start = text.find("[plans.").unwrap();
    let end = text.find("[actions").unwrap();
    let path = file_in(&dir, "noplans.toml", &format!("{}{}", &text[..start], &text[end..]));
    let w = format!("{}/crew.toml", examples_dir());
    plan_budget()
        .args(["recommend", &w, "--catalog", &path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the catalog defines no plans"));
}

#[test]
fn a_catalog_given_as_the_workload_or_a_workload_as_catalog_is_named_as_such() {
    let (catalog, workload) =
        (format!("{}/plans/leonardo.toml", root()), format!("{}/workloads/hobbyist.toml", root()));
    plan_budget()
        .args(["simulate", &catalog])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("this is a catalog, not a workload"));
    plan_budget()
        .args(["simulate", &workload, "--catalog", &workload])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("this is a workload, not a catalog"));
}

#[test]
fn a_directory_given_as_the_workload_is_named_as_such() {
    plan_budget()
        .args(["simulate", root()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name a file inside it, not the directory"));
}

#[test]
fn flags_that_only_make_sense_together_are_refused_apart() {
    let w = format!("{}/workloads/studio.toml", root());
    plan_budget()
        .args(["recommend", &w, "--confidence", "0.5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--trials"));
    plan_budget()
        .args(["recommend", &w, "--allow-switch", "--trials", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    plan_budget()
        .args(["simulate", &w, "--plan", "premium", "--plan", "ultimate", "--switch", "ultimate@2027-06-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give --plan once"));
}

#[test]
fn a_ledger_of_more_than_half_a_million_charges_is_refused_before_running() {
    // 1,400 generations a day for 365 days: 511,000 charges, over the 500,000 the ledger allows.
    let dir = tempfile::tempdir().unwrap();
    let text = "schema = 1\nname = \"busy\"\nstart = 2027-01-01\n[[activity]]\naction = \"default\"\ncount = 1400\nper = \"day\"\n";
    file_in(&dir, "busy.toml", text);
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "busy.toml", "--ledger", "l.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--ledger keeps one row per token movement"));
    assert!(!dir.path().join("l.csv").exists());
}

#[test]
fn a_format_a_command_lacks_is_refused_with_the_formats_it_offers() {
    plan_budget()
        .args(["cost", "default", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format csv is not available for `cost`; it offers table, json"));
}

#[test]
fn a_date_flag_that_is_no_date_says_the_format_expected() {
    let w = format!("{}/workloads/studio.toml", root());
    plan_budget()
        .args(["simulate", &w, "--start", "yesterday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a date (YYYY-MM-DD"));
}

#[test]
fn a_horizon_past_the_year_9999_is_refused() {
    let w = format!("{}/workloads/studio.toml", root());
    plan_budget()
        .args(["simulate", &w, "--start", "9999-12-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("runs past 9999-12-31"));
}

#[test]
fn control_characters_in_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = "schema = 1\nname = \"evil\\u001b[31mred\"\nstart = 2027-01-01\n[[activity]]\nname = \"a\\nb\"\n\
                action = \"default\"\ncount = 1\nper = \"day\"\n";
    let path = file_in(&dir, "esc.toml", text);
    let out = plan_budget().args(["simulate", &path, "--plan", "free"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no ESC byte in the report");
    assert!(stdout.starts_with("evil\u{FFFD}[31mred\n"), "{stdout}");
}

#[test]
fn a_required_feature_typo_on_the_command_line_gets_the_same_note() {
    let w = format!("{}/workloads/freelancer.toml", root());
    plan_budget()
        .args(["recommend", &w, "--require", "privte"])
        .assert()
        .success()
        .stderr(predicate::str::contains("note: --require:").and(predicate::str::contains("did you mean `private`?")));
}

#[test]
fn capacity_names_the_generation_price_even_when_no_plan_is_eligible() {
    let w = format!("{}/workloads/freelancer.toml", root());
    plan_budget()
        .args(["capacity", "alchemy_v2", "--on", &w, "--plan", "free"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(16 tokens a generation)"));
}

/// Runs a bash snippet after sourcing the generated completion script; stdout.
fn bash_completing(snippet: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::util::plan_budget().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let script = crate::util::file_in(&dir, "plan-budget.bash", &String::from_utf8(out.stdout).unwrap());
    let run = std::process::Command::new("bash")
        .args(["--norc", "-c", &format!("source {script}\ncomplete -p plan-budget\n{snippet}")])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn bash_completes_a_subcommands_flags_and_their_values() {
    // Typing `plan-budget simulate --<TAB>` offers simulate's flags (not file names).
    let flags = bash_completing(
        "COMP_WORDS=(plan-budget simulate --); COMP_CWORD=2\n_plan__budget plan-budget -- simulate\nprintf '%s\\n' \"${COMPREPLY[@]}\"",
    );
    assert!(flags.contains("-F _plan__budget plan-budget"), "{flags}");
    for f in ["--plan", "--by", "--ledger", "--trials"] {
        assert!(flags.lines().any(|l| l == f), "{f} missing: {flags}");
    }
    // `--by <TAB>` offers its values.
    let values = bash_completing(
        "COMP_WORDS=(plan-budget simulate w.toml --by ''); COMP_CWORD=4\n_plan__budget plan-budget '' --by\nprintf '%s\\n' \"${COMPREPLY[@]}\"",
    );
    for v in ["day", "week", "month"] {
        assert!(values.lines().any(|l| l == v), "{v} missing: {values}");
    }
}

#[test]
fn man_writes_a_page_per_subcommand_and_the_workload_format() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::plan_budget().args(["man", "--dir"]).arg(dir.path()).assert().success();
    for page in ["plan-budget.1", "plan-budget-simulate.1", "plan-budget-status.1", "plan-budget-workload.5"] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    let workload = std::fs::read_to_string(dir.path().join("plan-budget-workload.5")).unwrap();
    assert!(workload.contains("weekend") && workload.contains(".SH"), "the file reference is in the page");
    crate::util::plan_budget()
        .args(["man", "simulate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("plan\\-budget\\-simulate"));
    crate::util::plan_budget()
        .args(["man", "simulat"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pages: simulate"));
}

#[test]
fn each_commands_help_lists_only_the_formats_it_offers() {
    let help = |cmd: &str| {
        let out = crate::util::plan_budget().args([cmd, "--help"]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(help("cost").contains("Formats (--format): table, json\n"), "{}", help("cost"));
    assert!(help("simulate").contains("Formats (--format): table, json, csv, markdown, html"));
    assert!(help("check").contains("junit"));
}

#[test]
fn ledger_reasons_and_help_speak_plain_words_not_rule_numbers() {
    // Users have no SPEC: the ledger's reasons say what happened; rule numbers stay in code.
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.csv");
    let out = plan_budget()
        .current_dir(crate::util::root())
        .args(["simulate", "workloads/freelancer.toml", "--plan", "essential", "--switch", "premium@2027-06-10"])
        .arg("--ledger")
        .arg(&ledger)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read_to_string(&ledger).unwrap();
    let numbered = rule_numbers(&csv);
    assert!(numbered.is_empty(), "rule numbers in reasons: {numbered:?}");
    assert!(csv.contains(",monthly allowance granted at the billing date"), "R4 grant");
    assert!(csv.contains(",voided by the plan change"), "R13: the old allowance is voided, not expired");
    for cmd in ["cost", "simulate", "recommend", "status", "validate"] {
        let help = plan_budget().args([cmd, "--help"]).output().unwrap();
        let text = String::from_utf8(help.stdout).unwrap();
        assert!(rule_numbers(&text).is_empty(), "{cmd} --help: {:?}", rule_numbers(&text));
        assert!(!text.contains("SPEC"), "{cmd} --help names the SPEC");
    }
}

/// Words like `R4` or `R13` (a rule number) in `text`.
fn rule_numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2 && w.starts_with('R') && w[1..].chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn counts_read_as_words_and_a_single_bound_is_not_a_range() {
    let out = plan_budget().args(["cost", "alchemy_v2", "--tokens", "1"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("Alchemy V2 (alchemy_v2): 1 token (your price"));
    plan_budget()
        .args(["cost", "motion_2", "--images", "2", "--tokens", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--images must be 1 for `motion_2`"));
}

#[test]
fn recommend_has_one_blank_line_and_free_gets_no_annual_line_in_the_table() {
    let out = plan_budget().current_dir(root()).args(["recommend", "workloads/hobbyist.toml"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("\n\n\n"), "{text}");
    let out = plan_budget()
        .current_dir(root())
        .args(["simulate", "workloads/hobbyist.toml", "--billing", "annual"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Free (annual)"), "Free has nothing to bill: {text}");
    assert!(text.contains("not eligible: Team Starter (annual): no annual price"), "{text}");
    // The JSON still lists it (§4.1: ineligible plans with their reason).
    let out = plan_budget()
        .current_dir(root())
        .args(["simulate", "workloads/hobbyist.toml", "--billing", "annual", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let free = doc["plans"].as_array().unwrap().iter().find(|p| p["plan"] == "free").unwrap();
    assert_eq!(free["reason"], "no annual price");
}

#[test]
fn the_period_tables_say_their_units_and_free_s_expiry_lag() {
    let out = plan_budget()
        .current_dir(root())
        .args(["simulate", "workloads/hobbyist.toml", "--plan", "free"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Relaxed and Waited count charges\n(generations and operations)"), "{text}");
    assert!(text.contains("On Free a day's unspent tokens expire the next day"), "{text}");
    let out = plan_budget()
        .current_dir(root())
        .args(["simulate", "workloads/freelancer.toml", "--plan", "essential", "--switch", "premium@2027-06-10"])
        .arg("--format")
        .arg("markdown")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("After a plan change, Expired includes the old plan's allowance voided by the change"));
    assert!(!text.contains("On Free"), "no Free plan shown");
}

#[test]
fn monte_carlo_words_differ_from_the_deterministic_ones_and_the_pick_quotes_the_trials() {
    let out = plan_budget()
        .current_dir(root())
        .args(["recommend", "workloads/studio.toml", "--trials", "200", "--seed", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // "Ran dry" is the first day tokens did not cover a charge; "Unfinished" the trials that lost work.
    assert!(text.contains("Feasible  Unfinished"), "{text}");
    assert!(!text.contains("Short") && !text.contains("First short"), "{text}");
    // Premium annual: $330.13 mean − $288.00 subscription = $42.13 of top-ups on average.
    assert!(text.contains("top-ups $42.13 on average over the trials"), "{text}");
    assert!(!text.contains("top-up packs bought"), "no deterministic pack count beside the mean: {text}");
}
