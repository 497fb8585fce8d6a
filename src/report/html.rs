//! `--format html`: one self-contained page (inline CSS and SVG, no scripts, fonts or network)
//! that a creator can forward: the recommendation with its reasons, the plan comparison, the
//! cumulative cost of every plan on one chart, and per plan the balance by bucket stacked over
//! time with the days that ran relaxed, waited, dropped work or bought top-ups marked.
//! Estimates carry `*` and a footnote, as in the tables. Functions take a [`Report`] and its
//! [`PlanDays`], so any command that builds both can render the page.

use super::svg::{Svg, escape};
use crate::input::catalog::Billing;
use crate::input::catalog::Cents;
use crate::plan::Report;
use crate::plan::daily::{Events, PlanDays};
use crate::report::columns::SUMMARY_COLUMNS;
use crate::units::money;
use crate::units::money_whole;
use crate::units::thousands;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

const W: f64 = 800.0;
/// The least left margin; wider y labels widen it (`left_margin`).
const LEFT: f64 = 72.0;
/// Text width per character in em (DejaVu Sans digits are 0.64 em, commas narrower) and the
/// largest font the labels get (18, on phones: the CSS `max-width:600px` rule).
const CHAR_EM: f64 = 0.64;
const LABEL_FONT: f64 = 18.0;
/// Between a y label and the plot.
const LABEL_GAP: f64 = 6.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 12.0;
const PLOT_H: f64 = 200.0;
/// Below the plot: the marker strip, then the date axis.
const STRIP: f64 = 10.0;
const H: f64 = TOP + PLOT_H + 6.0 + STRIP + 26.0;
/// At most this many points per series; longer horizons are sampled (last day of each step).
const MAX_POINTS: usize = 600;

const BUCKETS: [(&str, &str); 4] =
    [("daily", "Daily allowance"), ("monthly", "Monthly tokens"), ("rollover", "Rollover bank"), ("topup", "Top-up")];
const MARKS: [(&str, &str); 4] =
    [("dropped", "work dropped"), ("waited", "work waited"), ("relaxed", "ran relaxed"), ("packs", "top-up bought")];

const CSS: &str = r#"
:root{--fg:#1d2430;--muted:#5b6575;--line:#d9dee6;--bg:#fff}
*{box-sizing:border-box}
body{margin:0 auto;max-width:960px;padding:16px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid var(--line)}
h3{font-size:1.05em;margin:1.2em 0 .2em}.sub,.note{color:var(--muted)}
.rec{background:#f2f7f2;border-left:4px solid #3a8a4a;padding:8px 14px;border-radius:4px}
.rec.closest{background:#fff6ec;border-color:#d9822b}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,td:first-child,td.l{text-align:left}
svg.chart{width:100%;height:auto;display:block}
svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
.grid{stroke:#eceff3}.axis{stroke:#9aa3b0}
path.b-daily{fill:#9ecae1;stroke:#9ecae1}path.b-monthly{fill:#3182bd;stroke:#3182bd}
path.b-rollover{fill:#74c476;stroke:#74c476}path.b-topup{fill:#fd8d3c;stroke:#fd8d3c}
path[class^=b-]{stroke-width:.6;stroke-linejoin:round}
.m-dropped{fill:#a50f15}.m-waited{fill:#e34a33}.m-relaxed{fill:#fdae6b}.m-packs{fill:#6a51a3}
.s0{stroke:#3182bd}.s1{stroke:#e6550d}.s2{stroke:#31a354}.s3{stroke:#756bb1}.s4{stroke:#636363}
.s5{stroke:#d6616b}.s6{stroke:#8c6d31}.s7{stroke:#17becf}
path.cost{fill:none;stroke-width:2}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:4px 0 0;padding:0;list-style:none;font-size:.9em;color:var(--muted)}
.sw{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
.sw.b-daily{background:#9ecae1}.sw.b-monthly{background:#3182bd}.sw.b-rollover{background:#74c476}.sw.b-topup{background:#fd8d3c}
.sw.m-dropped{background:#a50f15}.sw.m-waited{background:#e34a33}.sw.m-relaxed{background:#fdae6b}.sw.m-packs{background:#6a51a3}
.sw.s0{background:#3182bd}.sw.s1{background:#e6550d}.sw.s2{background:#31a354}.sw.s3{background:#756bb1}
.sw.s4{background:#636363}.sw.s5{background:#d6616b}.sw.s6{background:#8c6d31}.sw.s7{background:#17becf}
section.plan{break-inside:avoid}
@media (max-width:600px){body{padding:10px;font-size:14px}th,td{padding:3px 5px}
 svg text{font-size:18px}svg text.minor{display:none}}
@media print{body{max-width:none;padding:0;font-size:11pt}.wrap{overflow:visible}
 h2{break-after:avoid}section.plan,figure{break-inside:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
figure{margin:8px 0}
"#;

fn star(estimate: bool) -> &'static str {
    if estimate { " *" } else { "" }
}

/// The whole page for `simulate` (and any report with per-day series).
pub fn page(report: &Report, days: &[PlanDays]) -> String {
    let mut out = String::new();
    let title = format!("{} — plan-budget report", report.workload);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body>\n",
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1><p class=\"sub\">{}</p>",
        escape(&report.workload),
        escape(&crate::report::columns::workload_line(report))
    );
    out += &recommendation(report);
    out += &comparison(report);
    if !days.is_empty() {
        out += "<h2>Cumulative cost</h2>\n";
        // The recommended plan's line; `simulate` draws one billing but recommends over both, so
        // the plan's line at the other billing stands in.
        let recommended = report.recommendation.as_ref().and_then(|r| {
            let same = days.iter().find(|p| p.plan == r.plan && p.billing == r.billing);
            same.or_else(|| days.iter().find(|p| p.plan == r.plan)).and_then(|p| p.cost.last().copied())
        });
        out += &cost_chart(report.start, days, recommended);
        out += "<h2>Token balance by bucket</h2>\n";
        out += "<p class=\"note\">Tokens at the start of each day (after the day's grants, before its charges), \
                stacked by bucket; the strip below each chart marks days on which work was dropped, waited, ran \
                relaxed or top-ups were bought.</p>\n";
        // Balances do not depend on billing: one chart per plan.
        let mut drawn: Vec<&str> = Vec::new();
        for p in days {
            if drawn.contains(&p.plan.as_str()) {
                continue;
            }
            drawn.push(p.plan.as_str());
            let _ = writeln!(
                out,
                "<section class=\"plan\"><h3>{}{} <span class=\"note\">billed {}</span></h3>",
                escape(&p.label),
                star(p.estimate),
                p.billing.name()
            );
            out += &balance_chart(report.start, p);
            out += "</section>\n";
        }
    }
    if report.plans.iter().any(|p| p.figures.as_ref().is_ok_and(|f| f.estimate)) {
        out += "<p class=\"note\">* a figure behind this plan is an estimate (no official source): \
                see <code>plan-budget plans</code>.</p>\n";
    }
    out += "<p class=\"note\">Made by plan-budget.</p>\n</body></html>\n";
    out
}

/// The recommendation (R9a) and its reasons.
pub fn recommendation(report: &Report) -> String {
    let Some(r) = &report.recommendation else {
        return "<h2>Recommendation</h2>\n<p>No plan is eligible for this workload (reasons below).</p>\n".into();
    };
    let mut out = format!(
        "<h2>Recommendation</h2>\n<div class=\"rec{}\"><p><strong>{}</strong> billed {}{}</p><ul>",
        if r.feasible { "" } else { " closest" },
        escape(&r.label),
        r.billing.adverb(),
        if r.feasible { "" } else { " (nothing is feasible; closest)" }
    );
    for reason in &r.reasons {
        let _ = write!(out, "<li>{}</li>", escape(reason));
    }
    out += "</ul></div>\n";
    out
}

/// The comparison table (the same columns as the terminal summary) and the ineligible plans.
pub fn comparison(report: &Report) -> String {
    let both = report.plans.iter().any(|p| p.billing == Billing::Annual && p.figures.is_ok())
        && report.plans.iter().any(|p| p.billing == Billing::Monthly && p.figures.is_ok());
    let billing = match report.plans.first() {
        _ if both => "monthly and annually",
        Some(p) => p.billing.adverb(),
        None => "monthly",
    };
    let mut out = format!("<h2>Plans compared <span class=\"note\">(billed {billing})</span></h2>\n");
    out.push_str("<div class=\"wrap\"><table><thead><tr>");
    for (i, name) in SUMMARY_COLUMNS.iter().enumerate() {
        let _ = write!(out, "<th{}>{name}</th>", if i == 2 { " class=\"l\"" } else { "" });
    }
    out.push_str("</tr></thead><tbody>\n");
    for p in &report.plans {
        if let Ok(f) = &p.figures {
            let label =
                if both && p.billing == Billing::Annual { format!("{} (annual)", p.label) } else { p.label.clone() };
            out.push_str("<tr>");
            for (i, cell) in crate::report::columns::summary_cells(f, &label, " *").iter().enumerate() {
                let _ = write!(out, "<td{}>{}</td>", if i == 2 { " class=\"l\"" } else { "" }, escape(cell));
            }
            out.push_str("</tr>\n");
        }
    }
    out += "</tbody></table></div>\n";
    let ineligible: Vec<String> = report
        .plans
        .iter()
        .filter_map(|p| p.figures.as_ref().err().map(|e| (p, e)))
        .map(|(p, e)| format!("{} ({}): {}", escape(&p.label), p.billing.name(), escape(e)))
        .collect();
    if !ineligible.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">Not eligible: {}</p>", ineligible.join("; "));
    }
    out
}

/// A round step for about four grid lines up to `max`.
fn tick_step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag)
}

/// Days sampled for drawing: every day, or the last day of each step on long horizons.
fn samples(days: usize) -> Vec<usize> {
    let step = days.div_ceil(MAX_POINTS).max(1);
    let mut v: Vec<usize> = (step - 1..days).step_by(step).collect();
    if v.last() != Some(&(days - 1)) {
        v.push(days - 1);
    }
    v
}

/// The left margin: room for the widest y label at the largest font, and at least [`LEFT`].
fn left_margin(labels: &[String]) -> f64 {
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    LEFT.max(2.0 * LABEL_GAP + widest as f64 * CHAR_EM * LABEL_FONT)
}

/// A plot frame: horizontal grid with labels, the date axis; returns the x and y mappings.
struct Frame {
    days: usize,
    /// The value at the plot's top edge (the highest grid line).
    top: f64,
    left: f64,
}

impl Frame {
    fn x(&self, day: f64) -> f64 {
        self.left + day / self.days as f64 * (W - self.left - RIGHT)
    }
    fn y(&self, v: f64) -> f64 {
        TOP + PLOT_H - v / self.top * PLOT_H
    }

    fn draw(svg: &mut Svg, start: NaiveDate, days: usize, max: f64, label: &dyn Fn(f64) -> String) -> Frame {
        let step = tick_step(max);
        let top = (max / step).ceil().max(1.0) * step;
        let ticks: Vec<f64> = (0..).map(|i| i as f64 * step).take_while(|v| *v <= top + 1e-9).collect();
        let labels: Vec<String> = ticks.iter().map(|&v| label(v)).collect();
        let f = Frame { days, top, left: left_margin(&labels) };
        for (&v, text) in ticks.iter().zip(&labels) {
            let y = f.y(v);
            svg.line(f.left, y, W - RIGHT, y, "grid");
            svg.text(f.left - LABEL_GAP, y + 4.0, "end", "", text);
        }
        let base = TOP + PLOT_H;
        svg.line(f.left, base, W - RIGHT, base, "axis");
        // Month ticks (first of the month); yearly ones on long horizons.
        let firsts: Vec<(usize, NaiveDate)> =
            (0..days).map(|d| (d, start + chrono::Days::new(d as u64))).filter(|(_, t)| t.day() == 1).collect();
        let yearly = firsts.len() > 14;
        for (i, (d, date)) in firsts.iter().enumerate() {
            if yearly && date.month() != 1 {
                continue;
            }
            let x = f.x(*d as f64);
            svg.line(x, base, x, base + 4.0, "axis");
            // Month-only labels are `minor`: hidden on narrow screens, where they would collide.
            let (text, class) = if yearly || date.month() == 1 || i == 0 {
                (date.format("%b %Y").to_string(), "")
            } else {
                (date.format("%b").to_string(), "minor")
            };
            svg.text(x, H - 6.0, "middle", class, &text);
        }
        f
    }
}

fn legend(items: &[(String, String)]) -> String {
    let mut out = String::from("<ul class=\"legend\">");
    for (class, text) in items {
        let _ = write!(out, "<li><span class=\"sw {}\"></span>{}</li>", escape(class), escape(text));
    }
    out + "</ul>"
}

/// Every plan's money spent so far (subscription + packs), one line per plan. The axis goes up
/// to the tick at or above twice the `recommended` plan's total, or when that is 0 twice the
/// cheapest paid plan's (the plans worth choosing are not squashed near zero by the dearest
/// one); a dearer plan runs along the top edge and is labelled "off the scale".
pub fn cost_chart(start: NaiveDate, plans: &[PlanDays], recommended: Option<Cents>) -> String {
    let days = plans.iter().map(|p| p.days.len()).max().unwrap_or(0);
    if days == 0 {
        return String::new();
    }
    let totals: Vec<Cents> = plans.iter().filter_map(|p| p.cost.last()).copied().collect();
    let dearest = totals.iter().copied().max().unwrap_or(0).max(1);
    let reference = match recommended {
        Some(0) => totals.iter().copied().filter(|&c| c > 0).min(),
        other => other,
    };
    let cap = reference.map_or(dearest, |c| dearest.min(2 * c));
    let mut svg = Svg::new(W, H, "Cumulative cost per plan");
    let dollars = |v: f64| money_whole(v as Cents);
    let f = Frame::draw(&mut svg, start, days, cap as f64, &dollars);
    for (i, p) in plans.iter().enumerate() {
        let mut pts = vec![(f.x(0.0), f.y(0.0))];
        for d in samples(p.days.len()) {
            // Money is charged at the start of the day: a step up at the day's left edge.
            let before = pts.last().map_or(f.y(0.0), |q| q.1);
            let y = f.y((p.cost[d] as f64).min(f.top));
            if y != before {
                pts.push((f.x(d as f64), before));
                pts.push((f.x(d as f64), y));
            }
        }
        pts.push((f.x(days as f64), pts.last().map_or(f.y(0.0), |q| q.1)));
        let annual = if p.billing == Billing::Annual { " (annual)" } else { "" };
        let title = format!("{}{annual}{}: {}", p.label, star(p.estimate), money(p.cost.last().copied().unwrap_or(0)));
        svg.path(&pts, false, &format!("cost s{}", i % 8), &title);
    }
    let items: Vec<(String, String)> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let last = p.cost.last().copied().unwrap_or(0);
            let off = if last as f64 > f.top { " (off the scale)" } else { "" };
            let annual = if p.billing == Billing::Annual { " (annual)" } else { "" };
            (format!("s{}", i % 8), format!("{}{annual}{} {}{off}", p.label, star(p.estimate), money(last)))
        })
        .collect();
    format!("<figure>{}{}</figure>\n", svg.finish(), legend(&items))
}

/// One plan's tokens at the start of each day (`PlanDays::opening`), stacked by bucket, with the
/// event strip below. A bucket is drawn only over the days it holds tokens, so a top-up bought
/// in December outlines December alone.
pub fn balance_chart(start: NaiveDate, p: &PlanDays) -> String {
    let days = p.days.len();
    if days == 0 {
        return String::new();
    }
    let opening: Vec<[u64; 4]> = (0..days).map(|d| p.opening(d)).collect();
    let max = opening.iter().map(|o| o.iter().sum::<u64>()).max().unwrap_or(0).max(1) as f64;
    let mut svg = Svg::new(W, H, &format!("{}: tokens at the start of each day, by bucket", p.label));
    let f = Frame::draw(&mut svg, start, days, max, &|v| thousands(v as u64));
    let sampled = samples(days);
    // Stacked areas, bottom to top in bucket order; each sample is drawn as a step of its days.
    let mut below = vec![0u64; sampled.len()];
    for (b, (class, name)) in BUCKETS.iter().enumerate() {
        let value = |i: usize| opening[sampled[i]][b];
        let above: Vec<u64> = (0..sampled.len()).map(|i| below[i] + value(i)).collect();
        // Sample `i` spans the days after the previous sample up to its own.
        let first = |i: usize| if i == 0 { 0.0 } else { sampled[i - 1] as f64 + 1.0 };
        let mut i = 0;
        while i < sampled.len() {
            if value(i) == 0 {
                i += 1;
                continue;
            }
            let run_start = i;
            while i < sampled.len() && value(i) > 0 {
                i += 1;
            }
            let run = run_start..i;
            let mut pts = Vec::with_capacity(4 * run.len());
            for j in run.clone() {
                let y = f.y(above[j] as f64);
                pts.push((f.x(first(j)), y));
                pts.push((f.x(sampled[j] as f64 + 1.0), y));
            }
            for j in run.clone().rev() {
                let y = f.y(below[j] as f64);
                pts.push((f.x(sampled[j] as f64 + 1.0), y));
                pts.push((f.x(first(j)), y));
            }
            let peak = run.map(value).max().unwrap_or(0);
            svg.path(&pts, true, &format!("b-{class}"), &format!("{name}: up to {}", thousands(peak)));
        }
        below = above;
    }
    // Event strip: one mark per sample step (a day, unless sampled), its worst event.
    let y = TOP + PLOT_H + 6.0;
    let mut first = 0;
    for &last in &sampled {
        let mut e = Events::default();
        (first..=last).for_each(|d| e.add(p.events(d)));
        if e != Events::default() {
            let (class, what) = worst(&e);
            let from = start + chrono::Days::new(first as u64);
            let to = start + chrono::Days::new(last as u64);
            let when = if first == last { from.to_string() } else { format!("{from} to {to}") };
            let text =
                format!("{when}: {} relaxed, {} waited, {} dropped, {} packs", e.relaxed, e.waited, e.dropped, e.packs);
            let (x0, x1) = (f.x(first as f64), f.x(last as f64 + 1.0));
            svg.rect_titled(x0, y, (x1 - x0).max(3.0), STRIP, &format!("m-{class}"), &format!("{what} — {text}"));
        }
        first = last + 1;
    }
    let mut items: Vec<(String, String)> = BUCKETS
        .iter()
        .enumerate()
        .filter(|(b, _)| opening.iter().any(|o| o[*b] > 0))
        .map(|(_, (c, n))| (format!("b-{c}"), n.to_string()))
        .collect();
    for (class, what) in MARKS {
        if (0..days).any(|d| worst(&p.events(d)).0 == class) {
            items.push((format!("m-{class}"), what.to_string()));
        }
    }
    format!("<figure>{}{}</figure>\n", svg.finish(), legend(&items))
}

/// The class and words of a day's worst event: dropped, waited, relaxed, then packs.
fn worst(e: &Events) -> (&'static str, &'static str) {
    if e.dropped > 0 {
        MARKS[0]
    } else if e.waited > 0 {
        MARKS[1]
    } else if e.relaxed > 0 {
        MARKS[2]
    } else if e.packs > 0 {
        MARKS[3]
    } else {
        ("", "")
    }
}
