//! Pictures (issue 7): the terminal chart under `simulate` and the HTML report. Chart output is
//! locked with insta snapshots on shipped workloads; the HTML's SVG must parse as XML.

use crate::util::{plan_budget, root};
use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::ledger::Bucket;
use plan_budget::input::catalog::Catalog;
use plan_budget::plan::daily::{self, PlanDays};
use plan_budget::plan::{Options, Report};
use plan_budget::report::chart::{self, Look};
use plan_budget::report::html;

fn load(name: &str) -> (Report, Vec<PlanDays>) {
    let catalog = Catalog::default_catalog().unwrap();
    let w = crate::util::load_workload(&format!("{}/workloads/{name}.toml", root()), &catalog);
    let calendar = Calendar::new(w.start, w.horizon).unwrap();
    let options =
        Options { billing: Some(plan_budget::input::catalog::Billing::Monthly), daily: true, ..Options::default() };
    let (report, runs) = Report::build(&catalog, &w, calendar.clone(), &options, false).unwrap();
    let days = daily::series(&catalog, &calendar, &report, &runs);
    (report, days)
}

fn chart_of(name: &str, look: Look) -> String {
    let (report, days) = load(name);
    chart::render(&days, report.start, report.end, look)
}

#[test]
fn freelancer_chart_in_unicode() {
    insta::assert_snapshot!(chart_of("freelancer", Look::default()));
}

#[test]
fn video_creator_chart_in_ascii_marks_relaxed_days_and_top_ups() {
    let out = chart_of("video-creator", Look { ascii: true, color: false });
    assert!(out.is_ascii());
    insta::assert_snapshot!(out);
}

#[test]
fn hobbyist_chart_colours_only_the_markers() {
    let out = chart_of("hobbyist", Look { ascii: false, color: true });
    assert!(out.contains("\x1b[31mw\x1b[0m"), "waiting days are red");
    let plain = out.replace("\x1b[31m", "").replace("\x1b[33m", "").replace("\x1b[36m", "").replace("\x1b[0m", "");
    assert_eq!(plain, chart_of("hobbyist", Look::default()));
}

#[test]
fn every_chart_line_fits_80_columns() {
    for name in ["freelancer", "hobbyist", "studio", "marketing-team", "video-creator"] {
        for look in [Look::default(), Look { ascii: true, color: false }] {
            for line in chart_of(name, look).lines() {
                assert!(line.chars().count() <= 80, "{name}: {line:?} is {} columns", line.chars().count());
            }
        }
    }
}

#[test]
fn daily_series_ends_where_the_report_ends() {
    // The per-day rerun must agree with the report: last day's balances are the last period's
    // balances, and the money spent by the last day is the plan's cost (R11).
    for name in ["freelancer", "studio", "video-creator"] {
        let (report, days) = load(name);
        let figures: Vec<_> = report.plans.iter().filter_map(|p| p.figures.as_ref().ok()).collect();
        assert_eq!(figures.len(), days.len());
        for (f, d) in figures.iter().zip(&days) {
            let last = d.days.last().unwrap();
            let row = f.periods.last().unwrap();
            assert_eq!(d.days.len() as u32, report.days);
            assert_eq!(last.balance[Bucket::Monthly as usize], row.monthly_left);
            assert_eq!(last.balance[Bucket::Rollover as usize], row.rollover_end);
            assert_eq!(last.balance[Bucket::Topup as usize], row.topup_end);
            assert_eq!(last.tally, f.run.tally);
            assert_eq!(*d.cost.last().unwrap(), f.cost_cents, "{name} {}", d.plan);
        }
    }
}

fn simulate(args: &[&str]) -> String {
    let out = plan_budget()
        .args(["simulate", &format!("{}/workloads/freelancer.toml", root())])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_chart_is_drawn_on_request_and_left_out_of_piped_output() {
    assert!(simulate(&["--chart", "always"]).contains("Spendable balance"));
    assert!(!simulate(&[]).contains("Spendable balance"), "auto: stdout is not a terminal here");
    assert!(!simulate(&["--chart", "never"]).contains("Spendable balance"));
    assert!(simulate(&["--chart", "always", "--no-color"]).split("Spendable balance").nth(1).unwrap().is_ascii());
}

fn html_of(args: &[&str]) -> String {
    simulate(&[&["--format", "html"], args].concat())
}

/// Every `<svg>…</svg>` of a page.
fn svgs(page: &str) -> Vec<&str> {
    page.match_indices("<svg ").map(|(i, _)| &page[i..i + page[i..].find("</svg>").unwrap() + "</svg>".len()]).collect()
}

#[test]
fn html_report_svgs_are_well_formed_xml() {
    let page = html_of(&[]);
    let charts = svgs(&page);
    // Cumulative cost, then one balance chart per eligible plan (5 on freelancer).
    assert_eq!(charts.len(), 6);
    for svg in charts {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert_eq!(doc.root_element().tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        assert!(doc.root_element().attribute("viewBox").is_some());
        assert!(doc.descendants().filter(|n| n.has_tag_name("path")).count() >= 2);
    }
}

#[test]
fn html_report_is_self_contained_and_readable_on_phones_and_paper() {
    let page = html_of(&[]);
    for external in ["<script", "<link", "src=", "href=", "url(", "@import", "http://", "https://"] {
        let n = page.matches(external).count();
        // The only URL is the SVG namespace, which browsers never fetch.
        let allowed = if external == "http://" { 6 } else { 0 };
        assert_eq!(n, allowed, "{external} appears {n} times");
    }
    assert!(page.contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#));
    assert!(page.contains("max-width:960px"));
    assert!(page.contains("@media print"));
}

#[test]
fn html_report_has_the_table_recommendation_and_estimate_marks() {
    let page = html_of(&[]);
    assert!(page.contains("<h2>Recommendation</h2>"));
    assert!(page.contains("<strong>Essential</strong> billed annually"));
    assert!(page.contains("<li>Essential, billed annually: $135.00 over 12 billing months"));
    assert!(page.contains("<tr><td>Essential *</td><td>$159.00</td><td class=\"l\">topups</td>"));
    assert!(page.contains("Not eligible: Free (monthly): lacks feature `private`"));
    assert!(page.contains("* a figure behind this plan is an estimate"));
    assert!(page.contains("class=\"m-packs\""), "Essential's top-up days are marked");
}

#[test]
fn html_report_escapes_names_from_the_workload() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{}/workloads/freelancer.toml", root())).unwrap();
    let text = text.replace("name = \"Freelance illustrator\"", "name = \"<script>alert('x')</script> & co\"");
    let path = dir.path().join("w.toml");
    std::fs::write(&path, text).unwrap();
    let out = dir.path().join("report.html");
    plan_budget()
        .args(["simulate", path.to_str().unwrap(), "--format", "html", "--output", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    let page = std::fs::read_to_string(out).unwrap();
    assert!(!page.contains("<script"));
    assert!(page.contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</h1>"));
}

#[test]
fn html_is_refused_where_a_command_has_no_page() {
    plan_budget()
        .args(["plans", "--format", "html"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--format html is not available for `plans`"));
}

#[test]
fn page_renders_from_a_report_without_daily_series() {
    // Callers without per-day data still get the table and recommendation.
    let (report, _) = load("freelancer");
    let page = html::page(&report, &[]);
    assert!(page.contains("<table>") && page.contains("<h2>Recommendation</h2>"));
    assert!(svgs(&page).is_empty());
}

#[test]
fn the_balance_chart_plots_each_day_s_opening_balance_so_free_is_not_empty() {
    let (report, days) = load("hobbyist");
    let free = days.iter().find(|p| p.plan == "free").unwrap();
    // §2.1: Free holds its 150 daily tokens at the start of every day, about 0 after its charges.
    assert!((0..free.days.len()).all(|d| free.opening(d)[Bucket::Daily as usize] == 150));
    // R10 read backwards: opening − spent + bought = closing, bucket by bucket.
    for p in &days {
        for d in 1..p.days.len() {
            let (open, now, before) = (p.opening(d), &p.days[d], &p.days[d - 1]);
            let bought = now.flows.bought - before.flows.bought;
            for (b, &opened) in open.iter().enumerate() {
                let spent = now.flows.spent[b] - before.flows.spent[b];
                let add = if b == Bucket::Topup as usize { bought } else { 0 };
                assert_eq!(opened + add - spent, now.balance[b], "{} day {d} bucket {b}", p.plan);
            }
        }
    }
    let svg = html::balance_chart(report.start, free);
    assert!(svg.contains("Daily allowance: up to 150"), "{svg}");
}

#[test]
fn the_top_up_area_is_drawn_only_over_days_holding_top_up_tokens() {
    let (report, days) = load("studio");
    let premium = days.iter().find(|p| p.plan == "premium").unwrap();
    let svg = html::balance_chart(report.start, premium);
    // Premium buys its packs in November: every top-up area starts after October (x of Nov 1 =
    // 72 + 304/365 × 688 ≈ 645), none runs along the year.
    let starts: Vec<f64> = svg
        .split("<path d=\"M")
        .skip(1)
        .filter(|p| p.split('>').next().is_some_and(|tag| tag.contains("b-topup")))
        .map(|p| p.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert!(!starts.is_empty(), "Premium buys packs");
    assert!(starts.iter().all(|&x| x > 640.0), "top-up areas start at {starts:?}");
}

#[test]
fn the_cost_chart_is_scaled_to_twice_the_recommended_plan() {
    let (report, days) = load("studio");
    // Monthly billing: Premium at $400.00 is recommended; the axis stops at the tick above $800.
    let rec = report.recommendation.as_ref().unwrap();
    assert_eq!(rec.plan, "premium");
    let svg = html::cost_chart(report.start, &days, Some(40_000));
    assert!(svg.contains(">$800<") && !svg.contains(">$1,000<") && !svg.contains(">$1,800<"), "{svg}");
    assert!(svg.contains("Team Growth * $1,728.00 (off the scale)"), "{svg}");
    assert!(svg.contains("Premium * $400.00<") || svg.contains("Premium * $400.00 "), "{svg}");
}

/// The page `simulate --format html` writes for a shipped workload (monthly billing).
fn page_of(name: &str) -> String {
    let (report, days) = load(name);
    html::page(&report, &days)
}

/// A chart's highest grid line (the plot's top edge): its y and its label.
fn axis_top(svg: &str) -> (f64, String) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let y = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    let top = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("grid"))
        .map(|n| y(&n, "y1"))
        .fold(f64::MAX, f64::min);
    let label = doc
        .descendants()
        .find(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("end") && y(n, "y") == top + 4.0)
        .and_then(|n| n.text())
        .unwrap();
    (top, label.to_string())
}

/// The points of the cost line whose title starts with `plan`.
fn cost_line(svg: &str, plan: &str) -> Vec<(f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let path = doc
        .descendants()
        .find(|n| n.has_tag_name("path") && n.children().any(|t| t.text().is_some_and(|t| t.starts_with(plan))))
        .unwrap_or_else(|| panic!("no line for {plan}"));
    let d = path.attribute("d").unwrap();
    d.split(['M', 'L'])
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once(',').map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap())).unwrap())
        .collect()
}

#[test]
fn a_free_recommendation_scales_the_cost_axis_to_twice_the_cheapest_paid_plan() {
    let (report, days) = load("hobbyist");
    let rec = report.recommendation.as_ref().unwrap();
    assert_eq!(rec.plan, "free");
    // Essential at $144.00 is the cheapest paid plan: the axis stops at the tick above $288.
    let page = page_of("hobbyist");
    let chart = svgs(&page)[0];
    assert_eq!(axis_top(chart).1, "$300");
    assert!(page.contains("Essential * $144.00</li>") && page.contains("Premium * $360.00 (off the scale)"));
    // The same rule on a chart alone, whatever the plans.
    let (report, days_w) = load("weekend-hobbyist");
    let svg = html::cost_chart(report.start, &days_w, Some(0));
    assert_eq!(axis_top(svgs(&svg)[0]).1, "$300");
    // Every plan free: the axis falls back to the dearest (here $0, drawn up to the least tick).
    let free: Vec<PlanDays> = days.into_iter().filter(|p| p.plan == "free").collect();
    assert_eq!(axis_top(svgs(&html::cost_chart(report.start, &free, Some(0)))[0]).1, "$0");
}

#[test]
fn an_annual_recommendation_scales_simulate_s_monthly_cost_chart() {
    // `simulate` draws monthly lines but recommends Premium and Essential billed annually: the
    // plan's monthly line stands in, so the axis is not the dearest plan's.
    for (name, top) in [("studio", "$800"), ("weekend-hobbyist", "$300")] {
        let (report, _) = load(name);
        assert_eq!(report.recommendation.as_ref().unwrap().billing, plan_budget::input::catalog::Billing::Annual);
        assert_eq!(axis_top(svgs(&page_of(name))[0]).1, top, "{name}");
    }
}

#[test]
fn off_the_scale_lines_run_along_the_axis_top() {
    let page = page_of("studio");
    let chart = svgs(&page)[0];
    let (top, label) = axis_top(chart);
    assert_eq!((top, label.as_str()), (12.0, "$800"));
    for plan in ["Team Starter", "Team Growth"] {
        let line = cost_line(chart, plan);
        assert_eq!(line.iter().map(|p| p.1).fold(f64::MAX, f64::min), top, "{plan} touches the top edge");
        assert_eq!(line.last().unwrap().1, top, "{plan} ends on the top edge");
        assert!(page.contains(&format!("{plan} * ")) && page.contains("(off the scale)"));
    }
    // Ultimate ($720.00) is under the $800 top: drawn at its value, not off the scale.
    assert_eq!(cost_line(chart, "Ultimate").last().unwrap().1, 32.0, "y of $720: 12 + 200 × (1 − 720/800)");
    assert!(page.contains("Ultimate * $720.00</li>"));
}

/// Every y-axis label of a chart whose left edge, at the phone font (18) in DejaVu Sans
/// advances (digits and `$` 0.636 em, `,` and `.` 0.32, anything else at most 0.75), would be
/// left of the drawing.
fn cut_labels(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let em = |c: char| match c {
        '0'..='9' | '$' => 0.636,
        ',' | '.' => 0.32,
        _ => 0.75,
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| {
            let text = n.text().unwrap();
            let x: f64 = n.attribute("x").unwrap().parse().unwrap();
            (x - text.chars().map(em).sum::<f64>() * 18.0 < 0.0).then(|| text.to_string())
        })
        .collect()
}

#[test]
fn six_digit_axis_labels_fit_left_of_the_plot_on_phones() {
    // Ultimate's balance on video-creator peaks at 110,685 tokens: labels up to 150,000.
    let page = page_of("video-creator");
    assert!(page.contains(">150,000</text>"), "six-digit token labels");
    for svg in svgs(&page).into_iter().chain(svgs(&page_of("studio"))) {
        assert_eq!(cut_labels(svg), Vec::<String>::new());
    }
    // Money: studio's costs × 250 put the axis at $200,000.
    let (report, mut days) = load("studio");
    days.iter_mut().for_each(|p| p.cost.iter_mut().for_each(|c| *c *= 250));
    let svg = html::cost_chart(report.start, &days, Some(100_000 * 100));
    let chart = svgs(&svg)[0];
    assert_eq!(axis_top(chart).1, "$200,000");
    assert_eq!(cut_labels(chart), Vec::<String>::new());
    // The plot starts right of its labels, and charts with short labels keep the usual margin.
    let doc = roxmltree::Document::parse(chart).unwrap();
    let left: f64 = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("grid"))
        .unwrap()
        .attribute("x1")
        .unwrap()
        .parse()
        .unwrap();
    assert!(left > 72.0, "{left}");
    assert!(svgs(&page_of("hobbyist"))[0].contains(r#"<line x1="72" y1="212""#));
}
