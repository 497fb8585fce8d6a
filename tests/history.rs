//! Usage histories (SPEC §5.1): reading the CSV and the platform's history JSON, the fitting
//! rules with hand-computed expectations, `sample` as trial 0 of a Monte Carlo run, and round
//! trips (sample a year, fit it back).
//!
//! The JSON fixtures in tests/history/ follow the response schema of
//! `GET /generations/user/{userId}` in the public OpenAPI mirror `api-evangelist/leonardo-ai`
//! (see tests/history/README.md for the exact file and commit).

use crate::util::{file_in, plan_budget, root};
use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::fit::{Fit, Per, fit};
use plan_budget::engine::montecarlo::{self, Trials};
use plan_budget::engine::simulation::Scenario;
use plan_budget::input::catalog::Catalog;
use plan_budget::input::diagnostic::Diagnostics;
use plan_budget::input::history::{History, ModelMap, read};
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::Workload;

fn fixture(name: &str) -> String {
    format!("{}/tests/history/{name}", root())
}

/// The default catalog plus tests/history/models.toml (the platform's model ids).
fn models_catalog() -> Catalog {
    let files = [format!("{}/plans/leonardo.toml", root()), fixture("models.toml")]
        .map(|p| SourceFile::read(std::path::Path::new(&p)).unwrap());
    Catalog::load_merged(&files).unwrap()
}

fn catalog_args() -> Vec<String> {
    vec!["--catalog".into(), format!("{}/plans/leonardo.toml", root()), "--catalog".into(), fixture("models.toml")]
}

fn read_text(name: &str, text: &str, catalog: &Catalog) -> Result<History, Diagnostics> {
    read(&SourceFile::new(name, text), catalog, &ModelMap::new(catalog, &[]).unwrap())
}

fn read_file(path: &str, catalog: &Catalog, map: &[(String, String)]) -> Result<History, Diagnostics> {
    read(&SourceFile::read(std::path::Path::new(path)).unwrap(), catalog, &ModelMap::new(catalog, map).unwrap())
}

fn errors(text: &str) -> String {
    let catalog = Catalog::default_catalog().unwrap();
    read_text("h.csv", text, &catalog).unwrap_err().to_string()
}

// ---------------------------------------------------------------------------------------------
// Reading the CSV
// ---------------------------------------------------------------------------------------------

#[test]
fn columns_come_in_any_order_and_a_date_time_counts_its_written_date() {
    // §5.1: only `date` and `action` are required; an RFC 3339 date-time's date part counts as
    // written (23:30 at UTC−05:00 is still 5 March, though it is 6 March in UTC).
    let catalog = Catalog::default_catalog().unwrap();
    let text = "Action,images,date\n\
                default,4,2026-03-05T23:30:00-05:00\n\
                alchemy_v2,,2026-03-06\n";
    let h = read_text("h.csv", text, &catalog).unwrap();
    assert_eq!(h.rows.len(), 2);
    assert_eq!(h.rows[0].date.to_string(), "2026-03-05");
    assert_eq!((h.rows[0].action, h.rows[0].images), (catalog.action("default").unwrap(), 4));
    assert_eq!((h.rows[1].images, h.rows[1].tokens, h.rows[1].parent), (1, None, None));
}

#[test]
fn an_unknown_action_suggests_the_nearest_key_and_points_at_the_actions_command() {
    let text = errors("date,action\n2026-03-05,alchemyv2\n");
    assert!(text.contains("unknown action `alchemyv2`"), "{text}");
    assert!(text.contains("--> h.csv:2:12"), "{text}");
    assert!(text.contains("did you mean `alchemy_v2`?"), "{text}");
    assert!(text.contains("`plan-budget actions`"), "{text}");
}

#[test]
fn every_bad_row_of_the_whole_file_is_reported_with_line_and_column() {
    // Five problems on four rows, and a good row between them: all are reported, in file order.
    let text = errors(
        "date,action,images,tokens,size,parent,id\n\
         2026-03-05,default,9,,,,a\n\
         2026-03-05,default,1,,,,b\n\
         2026-02-30,upscaler,1,x,,,c\n\
         2026-03-06,default,1,,1024x768,,d\n\
         2026-03-06,upscaler,1,5,,zz,e\n",
    );
    let at: Vec<&str> = text.lines().filter(|l| l.contains("--> h.csv:")).collect();
    assert_eq!(
        at,
        [" --> h.csv:2:20", " --> h.csv:4:1", " --> h.csv:4:23", " --> h.csv:5:23", " --> h.csv:6:26"],
        "{text}"
    );
    assert!(text.contains("`images` must be 1 to 8 for `default`, found `9`"), "{text}");
    assert!(text.contains("`2026-02-30` is not a real date"), "{text}");
    assert!(text.contains("`tokens` must be a whole number"), "{text}");
    assert!(text.contains("`default` has no size setting"), "{text}");
    assert!(text.contains("`parent` zz is not the id of any row in this file"), "{text}");
    assert_eq!(text.matches("= help:").count(), 5, "every problem has a suggestion:\n{text}");
}

#[test]
fn header_problems_name_the_column() {
    let text = errors("date,acton,imags\n2026-03-05,default,1\n");
    assert!(text.contains("unknown column `acton`"), "{text}");
    assert!(text.contains("did you mean `action`?"), "{text}");
    assert!(text.contains("unknown column `imags`"), "{text}");
    assert!(text.contains("the header has no `action` column"), "{text}");
    let text = errors("date,action,date\n2026-03-05,default,2026-03-05\n");
    assert!(text.contains("column `date` appears twice") && text.contains("h.csv:1:13"), "{text}");
    let catalog = Catalog::default_catalog().unwrap();
    let empty = read_text("h.csv", "", &catalog).unwrap_err().to_string();
    assert!(empty.contains("the history is empty"), "{empty}");
}

#[test]
fn rows_with_the_wrong_number_of_fields_and_bad_parents_are_errors() {
    let text =
        errors("date,action,id,parent\n2026-03-05,default,g1\n2026-03-05,upscaler,u1,u0\n2026-03-05,upscaler,u2,u1\n");
    assert!(text.contains("this row has 3 fields, the header has 4") && text.contains("h.csv:2:1"), "{text}");
    assert!(text.contains("`parent` u0 is not the id"), "{text}");
    assert!(text.contains("`parent` u1 is an operation, not a generation"), "{text}");
    let text = errors("date,action,id\n2026-03-05,default,g1\n2026-03-06,default,g1\n");
    assert!(text.contains("id `g1` is given twice (first on line 2)") && text.contains("h.csv:3:20"), "{text}");
    let text = errors("date,action,images,id,parent\n2026-03-05,default,4,g1,\n2026-03-05,upscaler,2,u1,g1\n");
    assert!(text.contains("an operation has images = 1, found 2"), "{text}");
}

#[test]
fn per_pixel_settings_are_read_and_checked() {
    let catalog = Catalog::default_catalog().unwrap();
    let text = "date,action,mode,size,references\n2026-03-05,gpt_image_1_5,quality,1536x1024,2\n";
    let h = read_text("h.csv", text, &catalog).unwrap();
    assert_eq!((h.rows[0].mode, h.rows[0].size, h.rows[0].references), (Some(1), Some((1536, 1024)), 2));
    let text = errors("date,action,mode\n2026-03-05,gpt_image_1_5,qualty\n2026-03-05,default,fast\n");
    assert!(
        text.contains("unknown mode `qualty` for `gpt_image_1_5`") && text.contains("did you mean `quality`?"),
        "{text}"
    );
    assert!(text.contains("`default` has no modes"), "{text}");
}

#[test]
fn the_fit_command_reports_a_bad_csv_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let h = file_in(&dir, "h.csv", "date,action\n2026-03-05,defualt\n");
    let out = plan_budget().args(["fit", &h]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown action `defualt`") && err.contains("h.csv:2:12"), "{err}");
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Reading the platform's history JSON
// ---------------------------------------------------------------------------------------------

/// Prices per image for the unpriced models of the JSON fixtures (`--tokens ACTION=T`).
fn fills(catalog: &Catalog) -> Vec<Option<u64>> {
    let mut fill = vec![None; catalog.actions.len()];
    for (key, t) in
        [("lucid_origin", 8), ("lucid_realism", 8), ("phoenix_1_0", 10), ("flux_dev", 8), ("flux_schnell", 2)]
    {
        fill[catalog.action(key).unwrap()] = Some(t);
    }
    fill
}

fn fitted(path: &str, catalog: &Catalog) -> Fit {
    let h = read_file(path, catalog, &[]).unwrap();
    fit(&h, catalog, &fills(catalog)).unwrap()
}

#[test]
fn a_json_page_reads_as_the_same_rows_as_its_csv() {
    // make_fixtures.py writes page.json and history-page.csv from one table: 7 generations
    // (pending, failed and image-less ones left out) and 6 operations.
    let catalog = models_catalog();
    let json = read_file(&fixture("page.json"), &catalog, &[]).unwrap();
    assert_eq!((json.generations(), json.rows.len()), (7, 13));
    assert_eq!(fitted(&fixture("page.json"), &catalog), fitted(&fixture("history-page.csv"), &catalog));
    assert_eq!(
        json.notes,
        [
            "left out generations that delivered nothing: 1 pending, 1 failed",
            "left out 2 post-processing variations that are pending or failed"
        ]
    );
}

#[test]
fn an_array_of_pages_fits_like_its_csv() {
    let catalog = models_catalog();
    let json = fitted(&fixture("pages.json"), &catalog);
    assert_eq!(json, fitted(&fixture("history.csv"), &catalog));
    // The span is 2026-02-23 … 2026-03-08; 23:59:59.999Z on 5 March counts as 5 March.
    assert_eq!(
        (json.first.to_string(), json.last.to_string(), json.days, json.blocks),
        ("2026-02-23".into(), "2026-03-08".into(), 14, 2)
    );
    let realism = json.activities.iter().find(|a| a.name == "lucid_realism, 1 image").unwrap();
    assert_eq!((realism.first.to_string(), realism.last.to_string()), ("2026-02-23".into(), "2026-03-05".into()));
}

#[test]
fn json_errors_name_the_pointer_line_and_column_and_every_one_is_reported() {
    let catalog = models_catalog();
    let text = read_file(&fixture("bad.json"), &catalog, &[]).unwrap_err().to_string();
    assert!(
        text.contains("error: /generations/1/modelId: unknown model id f1929ea3-b169-4c18-a16c-5d58b4292c69"),
        "{text}"
    );
    assert!(text.contains("bad.json:77:18"), "{text}");
    assert!(
        text.contains("--map f1929ea3-b169-4c18-a16c-5d58b4292c69=ACTION") && text.contains("`model_ids`"),
        "{text}"
    );
    assert!(text.contains("error: /generations/2/createdAt: `10/03/2026 12:00` is not a date"), "{text}");
    assert!(text.contains("bad.json:94:20"), "{text}");
    assert_eq!(text.matches("error:").count(), 2, "{text}");

    let text = read_file(&fixture("bad-extra.json"), &catalog, &[]).unwrap_err().to_string();
    for expected in [
        "/0/generations/0/modelId: a generation without a model id",
        "/0/generations/1/generated_images/0/generated_image_variation_generics/0/transformType: unknown variation type `SUPERSCALE`",
        "/0/generations/2/status: unknown status `DONE`",
        "/1/generations/0/createdAt: `2026-02-30T10:00:00.000Z` is not a real date-time",
        "/1/generations/1: missing `generated_images`",
        "/2: a page is an object with a `generations` array",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert_eq!(text.matches("error:").count(), 6, "{text}");
    assert_eq!(text.matches("= help:").count(), 6, "every problem has a suggestion:\n{text}");
    assert!(text.contains("did you mean `UPSCALE`?"), "{text}");
}

#[test]
fn map_gives_unknown_models_and_variation_types_an_action() {
    let catalog = models_catalog();
    let map = [
        ("F1929EA3-B169-4C18-A16C-5D58B4292C69".to_string(), "default".to_string()),
        ("none".to_string(), "default".to_string()),
    ];
    let text = read_file(&fixture("bad.json"), &catalog, &map).unwrap_err().to_string();
    assert!(!text.contains("modelId") && text.contains("createdAt"), "{text}");
    let bad = ModelMap::new(&catalog, &[("x".into(), "defualt".into())]).unwrap_err();
    assert!(bad.contains("unknown action `defualt`") && bad.contains("did you mean `default`?"), "{bad}");
    // UPSCALE counted as the Alchemy Upscaler instead of the standard one.
    let map = [("UPSCALE".to_string(), "alchemy_upscaler".to_string())];
    let h = read_file(&fixture("page.json"), &catalog, &map).unwrap();
    let alchemy = catalog.action("alchemy_upscaler").unwrap();
    assert_eq!(h.rows.iter().filter(|r| r.action == alchemy).count(), 2);
}

#[test]
fn a_json_syntax_error_points_at_its_line() {
    let catalog = models_catalog();
    let text = read_text("h.json", "{\"generations\": [\n  {\"createdAt\": }\n]}", &catalog).unwrap_err().to_string();
    assert!(text.contains("not valid JSON") && text.contains("h.json:2:17"), "{text}");
    let text = read_text("h.json", "[{\"generation\": []}]", &catalog).unwrap_err().to_string();
    assert!(text.contains("/0: a page is an object with a `generations` array"), "{text}");
}

#[test]
fn an_unpriced_model_without_prices_is_an_error_that_names_the_activity_and_the_way_out() {
    // R1: an action without a published price needs `tokens`; the API gives no price.
    let out = plan_budget().args(catalog_args()).args(["fit", &fixture("page.json")]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("activity `lucid_origin, 4 images`: `lucid_origin` has no published price"), "{err}");
    assert!(err.contains("--tokens lucid_origin=T"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The fitting rules (§5.1), hand-computed
// ---------------------------------------------------------------------------------------------

/// 28 days from Monday 2026-03-02 (4 whole weeks):
/// - A, no label: `default` × 4 images on weekdays, 10 / 20 / 5 / 5 a week, 40 in all;
///   each followed by an upscale (priced 5, the catalog's), 12 of them also by a background
///   removal priced 3 (catalog: 2); 25 generations paid 8, 15 paid 4 (catalog: 4);
/// - B, "Weekend sketches": `alchemy_v2` × 1 on every Saturday and Sunday, paid 16 ×4, 20 ×4;
/// - C, no label: `default` × 1 on Mondays, Wednesdays and Fridays, no prices.
fn hand_made() -> String {
    let mut rows = vec!["action,date,images,tokens,activity,id,parent".to_string()];
    let day =
        |d: u32| (chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + chrono::Days::new(u64::from(d))).to_string();
    let mut n = 0;
    let mut a_days: Vec<u32> = Vec::new();
    for (week, per_day) in [(0, 2), (1, 4)] {
        for wd in 0..5 {
            a_days.extend(std::iter::repeat_n(week * 7 + wd, per_day));
        }
    }
    a_days.extend(std::iter::repeat_n(14, 5)); // week 2: five on Monday
    a_days.extend(std::iter::repeat_n(25, 5)); // week 3: five on Friday
    for (i, d) in a_days.iter().enumerate() {
        n += 1;
        let price = if i < 25 { 8 } else { 4 };
        // An RFC 3339 date-time: its date part counts.
        rows.push(format!("default,{}T10:00:00Z,4,{price},,g{n},", day(*d)));
        rows.push(format!("upscaler,{},1,5,,u{n},g{n}", day(*d)));
        if i % 10 < 3 {
            rows.push(format!("remove_background,{},1,3,,r{n},g{n}", day(*d)));
        }
    }
    for (i, d) in [5, 6, 12, 13, 19, 20, 26, 27].iter().enumerate() {
        n += 1;
        let price = if i % 2 == 0 { 16 } else { 20 };
        rows.push(format!("alchemy_v2,{},1,{price},Weekend sketches,g{n},", day(*d)));
    }
    for week in 0..4 {
        for wd in [0, 2, 4] {
            rows.push(format!("default,{},,,,,", day(week * 7 + wd)));
        }
    }
    rows.join("\n") + "\n"
}

#[test]
fn fit_follows_the_spec_formulas_on_a_hand_made_history() {
    let catalog = Catalog::default_catalog().unwrap();
    let h = read_text("hand.csv", &hand_made(), &catalog).unwrap();
    let f = fit(&h, &catalog, &vec![None; catalog.actions.len()]).unwrap();
    assert_eq!(
        (f.first.to_string(), f.last.to_string(), f.days, f.blocks),
        ("2026-03-02".into(), "2026-03-29".into(), 28, 4)
    );
    assert_eq!((f.generations, f.operations), (60, 52));
    let names: Vec<&str> = f.activities.iter().map(|a| a.name.as_str()).collect();
    // In order of first generation: A and C both start on 2 March, C's plain date counting
    // as midnight, before A's 10:00.
    assert_eq!(names, ["default, 1 image", "default, 4 images", "Weekend sketches"]);
    let (c, a, b) = (&f.activities[0], &f.activities[1], &f.activities[2]);

    // A: rows on Mon–Fri only → per = "weekday"; count = 40 / 20 weekdays = 2.
    assert_eq!((a.per, a.on_list(), a.on_days, a.count), (Per::Weekday, None, 20, 2.0));
    // Weekly counts 10, 20, 5, 5: m = 10, v = (0 + 100 + 25 + 25) / 3 = 50,
    // variability = √(50 − 10) / 10 = 0.632456 → 0.6325.
    let w = a.weeks.unwrap();
    assert_eq!((w.blocks, w.mean, w.variance), (4, 10.0, 50.0));
    assert_eq!(a.variability, Some(0.6325));
    // then: 40 upscales / 160 images = 0.25; 12 background removals / 160 = 0.075.
    let shares: Vec<(String, f64, Option<u64>)> =
        a.then.iter().map(|t| (catalog.actions[t.action].key.clone(), t.share, t.price.tokens)).collect();
    assert_eq!(shares, [("upscaler".into(), 0.25, None), ("remove_background".into(), 0.075, Some(3))]);
    // Prices: 15 × 4 then 25 × 8; the lower middle of 40 is the 20th value, 8 ≠ catalog's 4.
    assert_eq!((a.price.median, a.price.catalog, a.price.tokens), (Some(8), Some(4), Some(8)));

    // B: Saturdays and Sundays → per = "weekend"; 8 / 8 = 1 a day; weeks 2, 2, 2, 2: v = 0 < m,
    // so no variability. Prices 16 16 16 16 20 20 20 20: the lower middle is 16 = the catalog's.
    assert_eq!((b.per, b.count, b.variability), (Per::Weekend, 1.0, None));
    assert_eq!(b.label.as_deref(), Some("Weekend sketches"));
    assert_eq!((b.price.median, b.price.catalog, b.price.tokens), (Some(16), Some(16), None));

    // C: Mon, Wed, Fri → per = "day" with `on`; 12 / 12 on days = 1; no prices.
    assert_eq!((c.per, c.on_list(), c.count), (Per::Day, Some(vec!["mon", "wed", "fri"]), 1.0));
    assert_eq!((c.price.median, c.price.tokens), (None, None));
}

#[test]
fn the_fitted_file_carries_the_figures_and_their_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let h = file_in(&dir, "hand.csv", &hand_made());
    let out = plan_budget().args(["fit", &h, "--name", "Hand-made"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "name = \"Hand-made\"",
        "start = 2026-03-30                 # the day after the history",
        "months = 12",
        "tokens = 8                         # the median paid per generation",
        "count = 2.0",
        "per = \"weekday\"",
        "variability = 0.6325",
        "  { action = \"upscaler\", share = 0.25 },",
        "  { action = \"remove_background\", share = 0.075, tokens = 3 },",
        "per = \"weekend\"",
        "on = [\"mon\", \"wed\", \"fri\"]",
        "# count: 40 / 20 on days = 2 a day.",
        "# variability: 4 weeks, mean 10, variance 50: √(max(0, v − m)) / m = 0.632456.",
        "# Not fitted: seasons, bursts, growth and activity windows (`from`/`until`). Each count is",
    ] {
        assert!(text.lines().any(|l| l == line), "missing line {line:?} in\n{text}");
    }
    insta::assert_snapshot!("hand-made-fit", text);
}

#[test]
fn start_and_months_set_the_fitted_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let h = file_in(&dir, "hand.csv", &hand_made());
    let out = plan_budget().args(["fit", &h, "--start", "2027-01-04", "--months", "3"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("start = 2027-01-04                 # --start\nmonths = 3\n"), "{text}");
    assert!(text.contains("name = \"Fitted from hand.csv\""), "{text}");
}

#[test]
fn a_short_span_turns_on_days_it_holds_fewer_than_4_of() {
    // §5.1: 10 days hold each day of the week once or twice, so every day is on even though
    // the rows fall on Mondays only: count = 6 / 10.
    let catalog = Catalog::default_catalog().unwrap();
    let text = "date,action\n2026-03-02,default\n2026-03-02,default\n2026-03-09,default\n2026-03-09,default\n2026-03-09,default\n2026-03-11,default\n";
    let f = fit(&read_text("h.csv", text, &catalog).unwrap(), &catalog, &vec![None; catalog.actions.len()]).unwrap();
    let a = &f.activities[0];
    assert_eq!((f.days, a.on, a.per, a.on_list(), a.count), (10, [true; 7], Per::Day, None, 0.6));
    assert_eq!((a.weeks, a.variability), (None, None));
}

#[test]
fn a_label_with_two_actions_becomes_two_activities() {
    let catalog = Catalog::default_catalog().unwrap();
    let text =
        "date,action,activity\n2026-03-02,default,Mixed\n2026-03-02,alchemy_v2,Mixed\n2026-03-03,default,Mixed\n";
    let f = fit(&read_text("h.csv", text, &catalog).unwrap(), &catalog, &vec![None; catalog.actions.len()]).unwrap();
    let names: Vec<&str> = f.activities.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Mixed (default)", "Mixed (alchemy_v2)"]);
    assert_eq!(f.activities[0].generations, 2);
}

#[test]
fn a_labelled_group_takes_its_most_frequent_setting() {
    let catalog = Catalog::default_catalog().unwrap();
    let text = "date,action,images,activity\n2026-03-02,default,2,Drafts\n2026-03-02,default,4,Drafts\n2026-03-03,default,4,Drafts\n";
    let f = fit(&read_text("h.csv", text, &catalog).unwrap(), &catalog, &vec![None; catalog.actions.len()]).unwrap();
    let a = &f.activities[0];
    assert_eq!((a.settings.images, a.seen.len(), a.images), (4, 2, 10));
}

#[test]
fn tokens_price_rows_without_a_price() {
    // --tokens lucid_origin=8 prices a 4-image generation 32 and a 2-image one 16; the
    // operations' catalog prices stay (no `tokens` on them).
    let catalog = models_catalog();
    let f = fitted(&fixture("page.json"), &catalog);
    let origin = f.activities.iter().find(|a| a.name == "lucid_origin, 4 images").unwrap();
    assert_eq!((origin.price.median, origin.price.catalog, origin.price.tokens), (Some(32), None, Some(32)));
    assert!(origin.then.iter().all(|t| t.price.tokens.is_none() && t.price.median.is_none()));
}

// ---------------------------------------------------------------------------------------------
// sample
// ---------------------------------------------------------------------------------------------

fn workload(path: &str) -> (Catalog, Workload) {
    let catalog = Catalog::default_catalog().unwrap();
    let w = crate::util::load_workload(path, &catalog);
    (catalog, w)
}

fn sample_cli(path: &str, seed: &str) -> String {
    let out = plan_budget().args(["sample", path, "--seed", seed]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sample_writes_trial_0_of_the_monte_carlo_run() {
    // §3: `sample --seed S` is trial 0 of `--trials N --seed S`: the generations of every
    // activity on every day, and their operations, equal the trial-0 demand.
    let path = format!("{}/workloads/studio.toml", root());
    let (catalog, w) = workload(&path);
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let sc = Scenario::new(&catalog, &w, cal.clone());
    let demand = montecarlo::demand(&sc, Trials { n: 500, seed: 7 }, 0).unwrap();
    let h = read_text("h.csv", &sample_cli(&path, "7"), &catalog).unwrap();
    let n = w.activities.len();
    let mut gens = vec![0u32; cal.days as usize * n];
    let mut ops = vec![0u32; cal.days as usize * n];
    let label = |i: u32| w.activities.iter().position(|a| a.name == h.labels[i as usize]).unwrap();
    for r in &h.rows {
        let day = (r.date - w.start).num_days() as usize;
        match r.parent {
            None => gens[day * n + label(r.activity.unwrap())] += 1,
            Some(p) => ops[day * n + label(h.rows[p as usize].activity.unwrap())] += 1,
        }
    }
    for day in 0..cal.days {
        for a in 0..n {
            let want_ops: u32 = (0..w.activities[a].then.len()).map(|j| demand.day_ops(day, a, j)).sum();
            assert_eq!(gens[day as usize * n + a], demand.gens(day, a), "day {day}, activity {a}");
            assert_eq!(ops[day as usize * n + a], want_ops, "day {day}, activity {a}");
        }
    }
    assert!(h.rows.len() > 10_000);
}

#[test]
fn sample_peak_tokens_equal_the_one_trial_monte_carlo_peak() {
    // The whole-process check of the same claim: with --trials 1 --seed 7, every plan's
    // trial peak_period_tokens is the largest billing period's tokens in the sampled history.
    let path = format!("{}/workloads/freelancer.toml", root());
    let (catalog, w) = workload(&path);
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let text = sample_cli(&path, "7");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut periods = vec![0u64; cal.billing.len()];
    for rec in reader.records() {
        let rec = rec.unwrap();
        let day = (rec[0].parse::<chrono::NaiveDate>().unwrap() - w.start).num_days() as usize;
        periods[cal.period_of[day] as usize] += rec[3].parse::<u64>().unwrap();
    }
    let peak = *periods.iter().max().unwrap();
    let out =
        plan_budget().args(["simulate", &path, "--trials", "1", "--seed", "7", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan = v["plans"].as_array().unwrap().iter().find(|p| p["eligible"] == true).unwrap();
    assert_eq!(plan["trials"]["peak_period_tokens"]["p50"].as_f64(), Some(peak as f64));
    let _ = catalog;
}

#[test]
fn sample_rows_are_sorted_by_date_in_r7_order_with_ids_settings_and_prices() {
    let dir = tempfile::tempdir().unwrap();
    let w = file_in(
        &dir,
        "w.toml",
        "schema = 1\nname = \"s\"\nstart = 2027-01-04\ndays = 14\n\
         [[activity]]\nname = \"Pix\"\naction = \"gpt_image_1_5\"\nmode = \"quality\"\nsize = [1536, 1024]\nreferences = 2\ncount = 2\nper = \"day\"\n\
         [[activity]]\nname = \"Batches, \\\"big\\\"\"\naction = \"alchemy_v2\"\nimages = 4\ncount = 3\nper = \"weekday\"\n\
         then = [{ action = \"upscaler\", share = 0.5 }, { action = \"remove_background\", share = 0.25 }]\n",
    );
    let text = sample_cli(&w, "3");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("date,action,images,tokens,mode,size,references,activity,id,parent"));
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    // Dates never go back; within a day, Pix before the batches, each batch followed by its
    // operations (upscales before background removals).
    assert!(rows.windows(2).all(|p| p[0][0] <= p[1][0]));
    for day in rows.chunk_by(|a, b| a[0] == b[0]) {
        let kinds: Vec<&str> = day.iter().map(|r| r[1].as_str()).collect();
        let first_batch = kinds.iter().position(|k| *k == "alchemy_v2").unwrap_or(kinds.len());
        assert!(kinds[..first_batch].iter().all(|k| *k == "gpt_image_1_5"), "{kinds:?}");
        assert!(kinds[first_batch..].iter().all(|k| *k != "gpt_image_1_5"), "{kinds:?}");
    }
    let mut last_gen = String::new();
    let mut last_kind = "";
    for r in &rows {
        match r[1].as_str() {
            // R1: ceil(1 × 1536 × 1024 × 1.23977e-5 × 2.92 × 1.2) = ceil(68.31…) = 69.
            "gpt_image_1_5" => assert_eq!(&r[2..8], ["1", "69", "quality", "1536x1024", "2", "Pix"]),
            "alchemy_v2" => assert_eq!(&r[2..8], ["4", "26", "", "", "", "Batches, \"big\""]),
            "upscaler" => {
                assert_eq!((&r[2..4], r[9].as_str()), (&["1".to_string(), "5".to_string()][..], last_gen.as_str()));
                assert_ne!(last_kind, "remove_background");
            }
            "remove_background" => assert_eq!((r[3].as_str(), r[9].as_str()), ("2", last_gen.as_str())),
            other => panic!("unexpected action {other}"),
        }
        if r[9].is_empty() {
            last_gen = r[8].clone();
            assert!(r[8].starts_with('g'));
        } else {
            assert!(r[8].starts_with(&format!("{}-", r[9])));
        }
        last_kind = if r[9].is_empty() { "" } else { r[1].as_str() };
    }
    // The same seed gives the same file; another seed another one.
    assert_eq!(text, sample_cli(&w, "3"));
    assert_ne!(text, sample_cli(&w, "4"));
}

#[test]
fn sample_needs_a_seed_and_writes_atomically_but_never_over_its_workload() {
    let path = format!("{}/workloads/hobbyist.toml", root());
    let out = plan_budget().args(["sample", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed"));
    let dir = tempfile::tempdir().unwrap();
    let w = file_in(&dir, "w.toml", &std::fs::read_to_string(&path).unwrap());
    let out = plan_budget().args(["sample", &w, "--seed", "1", "--output", &w]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let h = dir.path().join("h.csv");
    let out = plan_budget().args(["sample", &w, "--seed", "1", "--output", h.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    assert!(std::fs::read_to_string(&h).unwrap().starts_with("date,action,"));
    let out = plan_budget().args(["fit", h.to_str().unwrap(), "--output", h.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// Round trips: sample a year, fit it back
// ---------------------------------------------------------------------------------------------

/// Samples `workload` (a TOML text) with `seed` and fits the result, in-process.
fn round_trip(text: &str, seed: u64) -> (Workload, Fit) {
    let catalog = Catalog::default_catalog().unwrap();
    let file = SourceFile::new("w.toml", text);
    let w = plan_budget::engine::validate::load_workload(&file, &catalog).unwrap();
    let cal = Calendar::new(w.start, w.horizon).unwrap();
    let sc = Scenario::new(&catalog, &w, cal);
    let demand = montecarlo::demand(&sc, Trials { n: 1, seed }, 0).unwrap();
    let csv = plan_budget::report::history::sample(&sc, &demand);
    let h = read_text("h.csv", &csv, &catalog).unwrap();
    let f = fit(&h, &catalog, &vec![None; catalog.actions.len()]).unwrap();
    (w, f)
}

/// Per day, weekday, week, `then` shares, variability 0 and 0.5; a Monday start.
const MIXED: &str = r#"schema = 1
name = "mixed"
start = 2027-01-04
months = 12

[[activity]]
name = "Daily drafts"
action = "default"
images = 4
count = 12
per = "day"

[[activity]]
name = "Client batches"
action = "alchemy_v2"
images = 4
count = 6
per = "weekday"
variability = 0.5
then = [{ action = "upscaler", share = 0.25 }, { action = "remove_background", share = 0.1 }]

[[activity]]
name = "Weekly sheets"
action = "alchemy_v2_lightning_xl"
images = 2
count = 14
per = "week"
references = 2
then = [{ action = "unzoom", share = 0.2 }]
"#;

#[test]
fn a_sampled_year_fits_back_to_its_workload() {
    // Issue 18 item 5. Per year and seed: the days exact, shares within 0.03. Counts (within
    // 5 %) and variability (within 0.1) are judged on the mean of 16 sampled years: one year of
    // a variability-0.5 activity has a yearly total that spreads by about 0.5 / √52 = 7 % by
    // construction, so a single year cannot promise 5 %.
    let seeds = 16;
    let mut counts = [0.0f64; 3];
    let mut variability = [0.0f64; 3];
    for seed in 1..=seeds {
        let (w, f) = round_trip(MIXED, seed);
        assert_eq!(f.activities.len(), 3, "seed {seed}");
        for (i, act) in w.activities.iter().enumerate() {
            let fit = f.activities.iter().find(|a| a.label.as_deref() == Some(act.name.as_str())).unwrap();
            assert!(fit.generations >= 500, "seed {seed}: {} has {} generations", act.name, fit.generations);
            let per = if i == 1 { Per::Weekday } else { Per::Day };
            assert_eq!(
                (fit.per, fit.on),
                (per, std::array::from_fn(|wd| i != 1 || wd < 5)),
                "seed {seed}: {}",
                act.name
            );
            assert_eq!(fit.weeks.map(|w| w.blocks), Some(52));
            for (t, ft) in act.then.iter().zip(&fit.then) {
                assert_eq!(t.action, ft.action);
                assert!(
                    (ft.share - t.share).abs() <= 0.03,
                    "seed {seed}: {} share {} vs {}",
                    act.name,
                    ft.share,
                    t.share
                );
            }
            assert_eq!(act.then.len(), fit.then.len());
            counts[i] += fit.count / seeds as f64;
            variability[i] += fit.variability.unwrap_or(0.0) / seeds as f64;
            // Poisson days alone: a single year of 4,380 generations (σ ≈ 1.5 %) is within 5 %.
            if i == 0 {
                assert!((fit.count / 12.0 - 1.0).abs() <= 0.05, "seed {seed}: {} count {}", act.name, fit.count);
            }
        }
    }
    // Per day as written: 12 a day; 6 a weekday; 14 a week = 2 a day.
    for (got, want) in counts.iter().zip([12.0, 6.0, 2.0]) {
        assert!((got / want - 1.0).abs() <= 0.05, "mean count {got} vs {want}");
    }
    for (got, want) in variability.iter().zip([0.0, 0.5, 0.0]) {
        assert!((got - want).abs() <= 0.1, "mean variability {got} vs {want}");
    }
}

/// The shipped workload at `path` without what `fit` cannot fit: its seasons, bursts, growth
/// and activity windows.
fn unseasoned(path: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('[') {
            skipping = t.starts_with("[[season]]") || t.starts_with("[[burst]]");
        }
        if skipping || t.starts_with("growth") || t.starts_with("from =") || t.starts_with("until =") {
            continue;
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

/// What `fit` cannot see (seats, `require`, the policy) carried over from `original`.
fn with_settings_of(fitted: &str, original: &str) -> String {
    let top: Vec<&str> = original.lines().filter(|l| l.starts_with("seats") || l.starts_with("require")).collect();
    let policy: String = {
        let mut lines = Vec::new();
        let mut inside = false;
        for line in original.lines() {
            if line.starts_with('[') {
                inside = line.starts_with("[policy]");
            }
            if inside {
                lines.push(line);
            }
        }
        lines.join("\n")
    };
    let (head, rest) = fitted.split_once("\nmonths = 12\n").unwrap();
    format!("{head}\nmonths = 12\n{}\n{rest}\n{policy}\n", top.join("\n"))
}

fn recommendation(path: &str) -> (String, String) {
    let out = plan_budget().args(["recommend", path, "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["recommendation"];
    (r["plan"].as_str().unwrap_or("none").to_string(), r["billing"].as_str().unwrap_or("").to_string())
}

#[test]
fn recommend_on_a_fitted_shipped_workload_picks_the_original_s_plan() {
    // Issue 18 item 5: the shipped workloads without seasons (nor bursts, growth and windows,
    // which are not fitted either), sampled for a year, fitted back, with their seats,
    // `require` and policy carried over: the same plan and billing.
    let dir = tempfile::tempdir().unwrap();
    for name in ["hobbyist", "freelancer", "studio", "marketing-team", "video-creator", "agency"] {
        let original = unseasoned(&format!("{}/workloads/{name}.toml", root()));
        let o = file_in(&dir, &format!("{name}.toml"), &original);
        let h = dir.path().join(format!("{name}.csv"));
        let out = plan_budget().args(["sample", &o, "--seed", "7", "--output", h.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = plan_budget().args(["fit", h.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let fitted = with_settings_of(&String::from_utf8(out.stdout).unwrap(), &original);
        let f = file_in(&dir, &format!("{name}-fitted.toml"), &fitted);
        assert_eq!(recommendation(&f), recommendation(&o), "{name}:\n{fitted}");
    }
}

#[test]
fn the_readme_pipeline_recommends_what_the_original_recommends() {
    // README: sample workloads/studio.toml --seed 7 > h.csv && fit h.csv > fitted.toml &&
    // recommend fitted.toml.
    let dir = tempfile::tempdir().unwrap();
    let studio = format!("{}/workloads/studio.toml", root());
    let h = file_in(&dir, "h.csv", &sample_cli(&studio, "7"));
    let out = plan_budget().args(["fit", &h]).output().unwrap();
    let fitted = file_in(&dir, "fitted.toml", &String::from_utf8(out.stdout).unwrap());
    assert_eq!(recommendation(&fitted), recommendation(&studio));
}

/// `on` days, `per = "weekend"` and prices given by the user (SPEC §1.2), with a daily activity
/// so every 7-day block of the history starts on the workload's start.
const WEEKLY_SHAPES: &str = r#"schema = 1
name = "shapes"
start = 2027-01-04
months = 12

[[activity]]
name = "Daily drafts"
action = "default"
images = 4
count = 12
per = "day"

[[activity]]
name = "Posts on Mon, Wed, Fri"
action = "alchemy_v2"
images = 4
count = 8
per = "day"
on = ["mon", "wed", "fri"]
then = [{ action = "upscaler", share = 0.25, tokens = 7 }]

[[activity]]
name = "Weekend art"
action = "default"
images = 4
count = 10
per = "weekend"
variability = 0.5

[[activity]]
name = "Client model"
action = "alchemy_v2"
count = 3
per = "weekday"
tokens = 20
"#;

#[test]
fn on_days_weekends_and_given_prices_fit_back() {
    // Issue 18 item 5, the workload keys of SPEC §1.2: `on` exact, weekend exact, the prices
    // given (`tokens` on the activity and on its `then` entry) back exactly; counts (5 %) and
    // variability (0.1) on the mean of 16 sampled years, shares (0.03) per year.
    let seeds = 16;
    let mut counts = [0.0f64; 4];
    let mut variability = [0.0f64; 4];
    for seed in 1..=seeds {
        let (w, f) = round_trip(WEEKLY_SHAPES, seed);
        assert_eq!(f.activities.len(), 4, "seed {seed}");
        for (i, act) in w.activities.iter().enumerate() {
            let fit = f.activities.iter().find(|a| a.label.as_deref() == Some(act.name.as_str())).unwrap();
            assert!(fit.generations >= 500, "seed {seed}: {} has {} generations", act.name, fit.generations);
            let (per, on) = match i {
                1 => (Per::Day, Some(vec!["mon", "wed", "fri"])),
                2 => (Per::Weekend, None),
                3 => (Per::Weekday, None),
                _ => (Per::Day, None),
            };
            assert_eq!((fit.per, fit.on_list()), (per, on), "seed {seed}: {}", act.name);
            let want_tokens = [None, None, None, Some(20)][i];
            assert_eq!(fit.price.tokens, want_tokens, "seed {seed}: {}", act.name);
            for (t, ft) in act.then.iter().zip(&fit.then) {
                assert!((ft.share - t.share).abs() <= 0.03, "seed {seed}: {} share {}", act.name, ft.share);
                assert_eq!(ft.price.tokens, Some(7));
            }
            assert_eq!(act.then.len(), fit.then.len());
            counts[i] += fit.count / seeds as f64;
            variability[i] += fit.variability.unwrap_or(0.0) / seeds as f64;
        }
    }
    // Per day of the activity's own days: 12, 8, 10 and 3.
    for (got, want) in counts.iter().zip([12.0, 8.0, 10.0, 3.0]) {
        assert!((got / want - 1.0).abs() <= 0.05, "mean count {got} vs {want}");
    }
    for (got, want) in variability.iter().zip([0.0, 0.0, 0.5, 0.0]) {
        assert!((got - want).abs() <= 0.1, "mean variability {got} vs {want}");
    }
}

#[test]
fn every_fitted_file_loads_as_it_is() {
    // §5.1: the fitted workload is a file `validate` and `simulate` accept as it is, with the
    // prices the history gave (`tokens` on unpriced models).
    let dir = tempfile::tempdir().unwrap();
    let hand = file_in(&dir, "hand.csv", &hand_made());
    let shapes = file_in(&dir, "shapes.toml", WEEKLY_SHAPES);
    let sampled = dir.path().join("shapes.csv");
    let out =
        plan_budget().args(["sample", &shapes, "--seed", "2", "--output", sampled.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let catalog = catalog_args();
    let cases = [hand, sampled.to_str().unwrap().to_string(), fixture("history-priced.csv"), fixture("pages.json")];
    for (i, history) in cases.into_iter().enumerate() {
        let fitted = dir.path().join(format!("fitted-{i}.toml"));
        let out = plan_budget()
            .args(&catalog)
            .args(["fit", &history, "--output", fitted.to_str().unwrap()])
            .args(["--tokens", "lucid_origin=8", "--tokens", "lucid_realism=8", "--tokens", "phoenix_1_0=10"])
            .args(["--tokens", "flux_dev=8", "--tokens", "flux_schnell=2"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{history}: {}", String::from_utf8_lossy(&out.stderr));
        let fitted = fitted.to_str().unwrap();
        let out = plan_budget().args(&catalog).args(["validate", "--strict", fitted]).output().unwrap();
        assert!(
            out.status.success(),
            "{history}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let out = plan_budget().args(&catalog).args(["simulate", fitted, "--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{history}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input: never a panic
// ---------------------------------------------------------------------------------------------

#[test]
fn windows_line_ends_and_a_byte_order_mark_read_like_plain_text() {
    let catalog = Catalog::default_catalog().unwrap();
    let h =
        read_text("h.csv", "\u{feff}date,action\r\n2026-03-05,default\r\n2026-03-06,default\r\n", &catalog).unwrap();
    assert_eq!(h.rows.len(), 2);
    let text = read_text("h.csv", "\u{feff}date,action\r\n2026-03-05,defualt\r\n", &catalog).unwrap_err().to_string();
    assert!(text.contains("h.csv:2:12") && text.contains("2 | 2026-03-05,defualt\n"), "{text}");
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str, catalog: &Catalog) {
        let map = ModelMap::new(catalog, &[]).unwrap();
        match read(&SourceFile::new("h", text), catalog, &map) {
            Ok(h) => {
                let _ = fit(&h, catalog, &vec![Some(3); catalog.actions.len()]).map(|f| {
                    let meta = plan_budget::report::fit::Meta {
                        source: "h",
                        name: "x",
                        start: f.last,
                        months: 12,
                        default_start: true,
                    };
                    plan_budget::report::fit::workload(&f, catalog, &meta)
                });
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn cut_or_mutated_fixtures_never_panic(
            which in 0usize..4,
            cut in 0.0f64..1.0,
            flips in proptest::collection::vec((0.0f64..1.0, any::<char>()), 0..6),
        ) {
            let catalog = models_catalog();
            let name = ["page.json", "pages.json", "history-priced.csv", "bad-extra.json"][which];
            let full = std::fs::read_to_string(fixture(name)).unwrap();
            let mut chars: Vec<char> = full.chars().collect();
            chars.truncate(((chars.len() as f64) * (0.2 + 0.8 * cut)) as usize);
            for (at, c) in flips {
                if !chars.is_empty() {
                    let i = ((chars.len() as f64) * at) as usize % chars.len();
                    chars[i] = c;
                }
            }
            check(&chars.into_iter().collect::<String>(), &catalog);
        }

        #[test]
        fn random_csv_rows_never_panic(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        Just(String::new()),
                        Just("2026-03-05".to_string()),
                        Just("9999-12-31".to_string()),
                        Just("default".to_string()),
                        Just("gpt_image_1_5".to_string()),
                        Just("upscaler".to_string()),
                        Just("\"a,\"\"b\"".to_string()),
                        "[0-9]{1,12}",
                        "[a-z0-9x\\-é ]{0,8}",
                    ],
                    10,
                ),
                0..30,
            ),
        ) {
            let catalog = Catalog::default_catalog().unwrap();
            let mut text = String::from("date,action,images,tokens,mode,size,references,activity,id,parent\n");
            for r in rows {
                text += &r.join(",");
                text.push('\n');
            }
            check(&text, &catalog);
        }
    }
}
