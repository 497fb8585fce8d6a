//! `plan-budget actions` (SPEC §3) and the shipped catalogs' actions (issue 16): every action
//! has a source, every unpriced one says "not published: give `tokens`", current models come
//! before legacy ones; the table is locked with insta, the JSON with a mirror struct.

use crate::util::{plan_budget, root};
use plan_budget::input::catalog::{Catalog, Pricing};
use plan_budget::input::source::SourceFile;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Document {
    schema: String,
    catalog: CatalogRef,
    actions: Vec<Action>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CatalogRef {
    name: String,
    as_of: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Action {
    action: String,
    label: String,
    kind: String,
    legacy: bool,
    pricing: String,
    tokens_1: Option<u64>,
    tokens_4: Option<u64>,
    per_pixel: Option<PerPixel>,
    max_images: u32,
    relaxed: bool,
    relaxed_on: Vec<String>,
    estimate: bool,
    model_ids: Vec<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PerPixel {
    per_pixel: f64,
    modes: Vec<Mode>,
    reference_factor: f64,
    size: [u32; 2],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Mode {
    mode: String,
    factor: f64,
}

fn run(args: &[&str]) -> String {
    let out = plan_budget().args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Document {
    let mut all = vec!["actions", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&run(&all)).unwrap()
}

fn shipped() -> Vec<(&'static str, Catalog)> {
    ["plans/leonardo.toml", "plans/leonardo-2024.toml"]
        .into_iter()
        .map(|f| {
            let file = SourceFile::read(std::path::Path::new(&format!("{}/{f}", root()))).unwrap();
            (f, Catalog::parse(&file).unwrap())
        })
        .collect()
}

#[test]
fn the_actions_table_lists_current_models_then_legacy_ones_with_prices_and_sources() {
    insta::assert_snapshot!(run(&["actions", "--no-color"]));
}

#[test]
fn actions_json_has_exactly_the_documented_fields() {
    let doc = json(&[]);
    assert_eq!(doc.schema, "plan-budget/1");
    assert_eq!(doc.catalog.as_of.as_deref(), Some("2026-12-02"));
    let catalog = Catalog::default_catalog().unwrap();
    assert_eq!(doc.actions.len(), catalog.actions.len());
    // Current models first, legacy ones after: once a legacy action appears, no current one.
    let first_legacy = doc.actions.iter().position(|a| a.legacy).unwrap();
    assert!(doc.actions[first_legacy..].iter().all(|a| a.legacy));
    assert!(doc.actions[..first_legacy].iter().all(|a| !a.legacy));
}

#[test]
fn published_prices_are_r1_at_one_and_four_images() {
    let doc = json(&[]);
    let get = |k: &str| doc.actions.iter().find(|a| a.action == k).unwrap();
    // R1 table {1 = 16, 4 = 26}; integer 1 per image; 2 per image with max_images 1 (no 4).
    assert_eq!((get("alchemy_v2").tokens_1, get("alchemy_v2").tokens_4), (Some(16), Some(26)));
    assert_eq!((get("default").tokens_1, get("default").tokens_4), (Some(1), Some(4)));
    assert_eq!((get("remove_background").tokens_1, get("remove_background").tokens_4), (Some(2), None));
    // R1 per pixel at 1024×1024 fast: ceil(12.9998) = 13; 4 images ceil(51.9994) = 52.
    let gpt = get("gpt_image_1_5");
    assert_eq!((gpt.pricing.as_str(), gpt.tokens_1, gpt.tokens_4), ("per_pixel", Some(13), Some(52)));
    let formula = gpt.per_pixel.as_ref().unwrap();
    let modes: Vec<(&str, f64)> = formula.modes.iter().map(|m| (m.mode.as_str(), m.factor)).collect();
    assert_eq!(modes, [("fast", 1.0), ("quality", 2.92), ("ultra", 10.538)]);
    assert_eq!((formula.reference_factor, formula.size), (1.2, [1024, 1024]));
    assert!(gpt.estimate, "API credits standing in for app tokens");
}

#[test]
fn every_unpriced_action_reports_not_published_in_every_format() {
    let doc = json(&[]);
    let table = run(&["actions", "--no-color"]);
    let csv = run(&["actions", "--format", "csv"]);
    let markdown = run(&["actions", "--format", "markdown"]);
    let catalog = Catalog::default_catalog().unwrap();
    let unpriced: Vec<&str> =
        catalog.actions.iter().filter(|a| matches!(a.pricing, Pricing::Unpublished)).map(|a| a.key.as_str()).collect();
    assert!(unpriced.len() >= 20, "the 2026 models and the retired video models: {unpriced:?}");
    for key in &unpriced {
        let a = doc.actions.iter().find(|a| &a.action == key).unwrap();
        assert_eq!((a.pricing.as_str(), a.tokens_1, a.tokens_4), ("not_published", None, None), "{key}");
        assert!(!a.estimate, "{key}: no price, so nothing to estimate");
        let row = table.lines().find(|l| l.split_whitespace().nth(1) == Some(key)).unwrap();
        assert!(row.contains("not published: give `tokens`"), "{row}");
        let csv_row = csv.lines().find(|l| l.starts_with(&format!("{key},"))).unwrap();
        assert!(csv_row.contains(",not_published,,,,"), "{csv_row}");
        let md_row = markdown.lines().find(|l| l.starts_with(&format!("| `{key}` |"))).unwrap();
        assert!(md_row.contains("| not published: give `tokens` |"), "{md_row}");
    }
    // The ones the issue names, and the former placeholders (motion_2 = 200, motion = 25).
    for key in ["lucid_origin", "phoenix_1_0", "flux_dev", "nano_banana_pro", "motion_2", "motion", "wan_2_6"] {
        assert!(unpriced.contains(&key), "{key}");
    }
}

#[test]
fn every_action_of_the_shipped_catalogs_has_a_source() {
    for (file, catalog) in shipped() {
        for a in &catalog.actions {
            let source = a.source.as_deref().unwrap_or_default();
            assert!(source.len() > 40, "{file}: action `{}` has no real source: {source:?}", a.key);
            // A price no official source gives says so (SPEC §1.1).
            if a.estimate {
                assert!(source.contains("ESTIMATE"), "{file}: {}", a.key);
            }
            if matches!(a.pricing, Pricing::Unpublished) {
                assert!(source.contains("not published"), "{file}: {}", a.key);
            }
            if a.legacy {
                assert!(source.contains("LEGACY"), "{file}: {}", a.key);
            }
        }
    }
}

#[test]
fn relaxed_on_follows_the_2026_list_and_the_plans_relaxed_kinds() {
    // R8 with the newest source: six image models on Premium and up, four video models on
    // Ultimate and the Team plans, nothing else (the legacy pipelines included).
    let doc = json(&[]);
    let image = ["premium", "ultimate", "team_starter", "team_growth"];
    let video = ["ultimate", "team_starter", "team_growth"];
    for a in &doc.actions {
        let expected: &[&str] = match a.action.as_str() {
            "lucid_origin" | "lucid_realism" | "phoenix_1_0" | "phoenix_0_9" | "flux_dev" | "flux_schnell" => &image,
            "motion_2" | "motion_2_fast" | "hailuo_2_3" | "wan_2_6" => &video,
            _ => &[],
        };
        assert_eq!(a.relaxed_on, expected, "{}", a.action);
        assert_eq!(a.relaxed, !expected.is_empty(), "{}", a.action);
    }
}

#[test]
fn the_new_keys_exist_with_their_kinds_and_the_old_line_up_is_legacy() {
    let catalog = Catalog::default_catalog().unwrap();
    let kind = |k: &str| catalog.actions[catalog.action(k).unwrap_or_else(|| panic!("no `{k}`"))].kind.name();
    for k in [
        "lucid_origin",
        "lucid_realism",
        "phoenix_1_0",
        "phoenix_0_9",
        "flux_dev",
        "flux_schnell",
        "flux_kontext",
        "gpt_image_1",
        "nano_banana",
        "nano_banana_pro",
        "seedream_4",
        "ideogram_3",
    ] {
        assert_eq!(kind(k), "image", "{k}");
    }
    for k in ["motion_2", "motion_2_fast", "veo_3", "veo_3_fast", "kling_2_5_turbo", "hailuo_2_3", "wan_2_6"] {
        assert_eq!(kind(k), "video", "{k}");
    }
    assert_eq!(kind("universal_upscaler"), "edit");
    let legacy = |k: &str| catalog.actions[catalog.action(k).unwrap()].legacy;
    for k in ["default", "elements", "alchemy_pmv3_off", "alchemy_pmv3_on", "alchemy_v2", "alchemy_v2_lightning_xl"] {
        assert!(legacy(k), "{k}");
    }
    assert!(!legacy("lucid_origin") && !legacy("remove_background") && !legacy("gpt_image_1_5"));
}

#[test]
fn actions_csv_has_a_header_and_one_row_per_action() {
    let csv = run(&["actions", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "action,label,kind,legacy,pricing,tokens_1,tokens_4,formula,max_images,relaxed,relaxed_on,estimate,model_ids,source"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), Catalog::default_catalog().unwrap().actions.len());
    assert!(rows.iter().any(|r| r.starts_with("alchemy_v2,Alchemy V2,image,true,table,16,26,,8,false,,false,,")));
}

#[test]
fn actions_markdown_puts_legacy_models_under_their_own_heading() {
    let md = run(&["actions", "--format", "markdown"]);
    let current = md.find("### Current models").unwrap();
    let legacy = md.find("### Legacy").unwrap();
    assert!(current < legacy);
    assert!(md[legacy..].contains("| `alchemy_v2` |"));
    assert!(md[current..legacy].contains("| `lucid_origin` |"));
}

#[test]
fn actions_refuses_html() {
    let out = plan_budget().args(["actions", "--format", "html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it offers table, json, csv, markdown"));
}

#[test]
fn a_catalog_of_my_own_is_listed_too() {
    let dir = tempfile::tempdir().unwrap();
    let file = crate::util::file_in(
        &dir,
        "mine.toml",
        "schema = 1\nname = \"mine\"\n[plans.p]\nprice_monthly = 1.0\nmonthly_tokens = 10\nrelaxed = [\"image\"]\n\
         [actions.fast]\nkind = \"image\"\nrelaxed = true\ntokens = 3\n[actions.new]\nkind = \"video\"\n",
    );
    let doc = json(&["--catalog", &file]);
    assert_eq!(doc.actions.len(), 2);
    assert_eq!((doc.actions[0].tokens_1, doc.actions[0].tokens_4), (Some(3), Some(12)));
    assert_eq!(doc.actions[0].relaxed_on, ["p"]);
    assert_eq!(doc.actions[1].pricing, "not_published");
    assert!(doc.actions[1].relaxed_on.is_empty() && doc.catalog.as_of.is_none());
}

#[test]
fn cost_of_an_unknown_action_points_to_the_actions_command() {
    let out = plan_budget().args(["cost", "lucid_orgin"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `lucid_origin`?"), "{err}");
    assert!(err.contains("`plan-budget actions` lists every action with its price"), "{err}");
}

#[test]
fn every_init_profile_points_to_the_actions_command() {
    for profile in ["hobbyist", "freelancer", "studio", "team", "video"] {
        let text = run(&["init", "--profile", profile]);
        assert!(text.contains("`plan-budget actions`"), "{profile}");
    }
}

#[test]
fn the_2024_catalog_keeps_its_era_relaxed_rule_and_has_every_2026_key() {
    // 2024: Leonardo's own image pipelines relaxed on Artisan and Maestro (no per-model list).
    let file = format!("{}/plans/leonardo-2024.toml", root());
    let doc = json(&["--catalog", &file]);
    let get = |k: &str| doc.actions.iter().find(|a| a.action == k).unwrap_or_else(|| panic!("no `{k}`"));
    assert_eq!(get("alchemy_v2").relaxed_on, ["artisan", "maestro"]);
    assert_eq!(get("alchemy_v2").tokens_4, Some(26), "the same token-table prices");
    assert_eq!(get("motion").pricing, "not_published", "no source for 25 tokens");
    // So that a shipped workload on a 2026 model validates against both catalogs.
    let default = Catalog::default_catalog().unwrap();
    for a in &default.actions {
        get(&a.key);
    }
}
