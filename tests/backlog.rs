//! R7's backlog kept by class (`Mode::Fast`: a day costs what runs, not what waits) against the
//! plain reading of R7 and R8 (`Scenario::reference`: one list, every waiting charge tried
//! every day), on random workloads with long backlogs: thousands of waiting charges at mixed
//! prices, relaxed/top-up/wait policies (per activity too), and R13 plan switches that make
//! relaxed or top-ups possible, or impossible, in the middle of a run, buying one pack size or
//! the cheapest mix. Every figure and every
//! ledger row must be the same.

use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::ledger::NoJournal;
use plan_budget::engine::montecarlo::{self, Trials};
use plan_budget::engine::simulation::{Scenario, Switch};
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::{Fallback, Workload};
use proptest::prelude::*;

/// Plans: `free` (a daily allowance, nothing else), `small` (a little monthly, a bank, top-ups),
/// `relax` (relaxed images and video, no top-ups), `big` (plenty, top-ups and relaxed images).
const CATALOG: &str = r#"
schema = 1
name = "backlog"

[plans.free]
price_monthly = 0.0
monthly_tokens = 0
daily_tokens = 60

[plans.small]
price_monthly = 10.0
monthly_tokens = 900
rollover_cap = 1800
daily_tokens = 40
topups = true

[plans.relax]
price_monthly = 20.0
monthly_tokens = 600
daily_tokens = 20
relaxed = ["image", "video"]

[plans.big]
price_monthly = 50.0
monthly_tokens = 9000
rollover_cap = 9000
topups = true
relaxed = ["image"]

[topup_packs.pack]
tokens = 25
price = 0.3

[topup_packs.bulk]
tokens = 100
price = 1.0

[actions.dot]
kind = "edit"
tokens = 2

[actions.img]
kind = "image"
relaxed = true
tokens = { 1 = 16, 4 = 26 }

[actions.tex]
kind = "texture"
tokens = 30

[actions.clip]
kind = "video"
relaxed = true
tokens = 45
max_images = 1

[actions.up]
kind = "edit"
tokens = 5

[actions.pass]
kind = "image"
relaxed = true
tokens = 8

[actions.nil]
kind = "edit"
tokens = 0
"#;

const ACTIONS: [&str; 6] = ["dot", "img", "tex", "clip", "pass", "nil"];
const PLANS: [&str; 4] = ["free", "small", "relax", "big"];
const FALLBACKS: [Fallback; 3] = [Fallback::Relaxed, Fallback::Topup, Fallback::Wait];

#[derive(Debug, Clone)]
struct Act {
    action: usize,
    images: u32,
    count: f64,
    per: &'static str,
    relaxed_ok: bool,
    then: Vec<(&'static str, f64)>,
    /// Fallbacks of its own (indices into FALLBACKS), as the capacity probe sets them.
    when_out: Option<Vec<usize>>,
    variability: f64,
}

#[derive(Debug, Clone)]
struct Case {
    days: u32,
    when_out: Vec<usize>,
    activities: Vec<Act>,
    plan: usize,
    /// (day, plan) R13 switches.
    switches: Vec<(u32, usize)>,
    /// `Some(t)`: trial t's random demand instead of the expected one.
    trial: Option<u32>,
    /// `topup_pack = "cheapest"` (a mix of both packs) instead of the smallest pack.
    cheapest: bool,
}

fn act() -> impl Strategy<Value = Act> {
    (
        0..ACTIONS.len(),
        1u32..=4,
        0.0f64..30.0,
        prop_oneof![Just("day"), Just("weekday"), Just("week")],
        any::<bool>(),
        proptest::collection::vec(
            (prop_oneof![Just("up"), Just("pass"), Just("dot"), Just("nil")], 0.0f64..1.2),
            0..=2,
        ),
        proptest::option::weighted(0.25, proptest::sample::subsequence(vec![0usize, 1, 2], 0..=3).prop_shuffle()),
        prop_oneof![Just(0.0), 0.0f64..1.0],
    )
        .prop_map(|(action, images, count, per, relaxed_ok, then, when_out, variability)| Act {
            action,
            images: if ACTIONS[action] == "img" { images } else { 1 },
            count: if per == "week" { count * 7.0 } else { count },
            per,
            relaxed_ok,
            then,
            when_out,
            variability,
        })
}

fn case(max_days: u32) -> impl Strategy<Value = Case> {
    (
        1..max_days,
        proptest::sample::subsequence(vec![0usize, 1, 2], 0..=3).prop_shuffle(),
        proptest::collection::vec(act(), 1..=4),
        0..PLANS.len(),
        proptest::collection::vec((0u32..max_days, 0..PLANS.len()), 0..=4),
        proptest::option::of(0u32..1000),
        any::<bool>(),
    )
        .prop_map(|(days, when_out, activities, plan, mut switches, trial, cheapest)| {
            switches.retain(|s| s.0 < days);
            switches.sort_by_key(|s| s.0);
            switches.dedup_by_key(|s| s.0);
            Case { days, when_out, activities, plan, switches, trial, cheapest }
        })
}

impl Case {
    fn workload(&self, catalog: &Catalog) -> Workload {
        let names = |list: &[usize]| list.iter().map(|&f| format!("\"{}\"", Fallback::NAMES[f])).collect::<Vec<_>>();
        let mut s = format!(
            "schema = 1\nname = \"b\"\nstart = 2027-01-28\ndays = {}\n[policy]\nwhen_out = [{}]\n{}",
            self.days,
            names(&self.when_out).join(", "),
            if self.cheapest { "topup_pack = \"cheapest\"\n" } else { "" }
        );
        for a in &self.activities {
            s += &format!(
                "\n[[activity]]\naction = \"{}\"\nimages = {}\ncount = {}\nper = \"{}\"\nrelaxed_ok = {}\nvariability = {}\n",
                ACTIONS[a.action], a.images, a.count, a.per, a.relaxed_ok, a.variability
            );
            let then: Vec<String> =
                a.then.iter().map(|(action, share)| format!("{{ action = \"{action}\", share = {share} }}")).collect();
            s += &format!("then = [{}]\n", then.join(", "));
        }
        let mut w = Workload::parse(&SourceFile::new("w.toml", s), catalog).unwrap();
        for (act, spec) in w.activities.iter_mut().zip(&self.activities) {
            act.when_out = spec.when_out.as_ref().map(|l| l.iter().map(|&f| FALLBACKS[f]).collect());
        }
        w
    }
}

/// The run by classes (without and with a journal) equals the plain reading, row for row.
fn check(case: &Case) -> Result<(), TestCaseError> {
    let catalog = Catalog::parse(&SourceFile::new("c.toml", CATALOG)).unwrap();
    let w = case.workload(&catalog);
    let calendar = Calendar::new(w.start, w.horizon).unwrap();
    let marks: Vec<u32> = (0..calendar.days).step_by(9).chain([calendar.days - 1]).collect();
    let sc = Scenario::new(&catalog, &w, calendar);
    let demand = match case.trial {
        Some(t) => montecarlo::demand(&sc, Trials { n: 1000, seed: 5 }, t).unwrap(),
        None => sc.demand(),
    };
    let plan = |i: usize| &catalog.plans[catalog.plan(PLANS[i]).unwrap()];
    let switches: Vec<Switch> = case.switches.iter().map(|&(day, p)| Switch { day, plan: plan(p) }).collect();
    let start = plan(case.plan);
    let (reference, rows) = sc.reference().run_from(start, None, &switches, &demand, Vec::new(), &marks);
    let (classes, class_rows) = sc.run_switching(start, &switches, &demand, Vec::new(), &marks);
    let fast = sc.run_switching(start, &switches, &demand, NoJournal, &marks).0;
    prop_assert_eq!(format!("{reference:?}"), format!("{classes:?}"));
    prop_assert_eq!(format!("{reference:?}"), format!("{fast:?}"));
    prop_assert_eq!(rows, class_rows);
    Ok(())
}

fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

proptest! {
    #![proptest_config(config(400))]

    /// Up to 10 weeks: many plan switches relative to the horizon.
    #[test]
    fn the_backlog_by_class_equals_the_plain_fifo_on_short_runs(case in case(70)) {
        check(&case)?;
    }
}

proptest! {
    #![proptest_config(config(40))]

    /// Up to 14 months: backlogs of thousands of waiting charges at mixed prices.
    #[test]
    fn the_backlog_by_class_equals_the_plain_fifo_on_long_backlogs(case in case(430)) {
        check(&case)?;
    }
}

/// A year on Free that keeps thousands of charges waiting (the long-backlog benchmark's
/// workload), then a switch to a plan with top-ups and back: figures and rows as the plain
/// reading gives them.
#[test]
fn a_studio_year_waiting_on_free_equals_the_plain_fifo() {
    let catalog = Catalog::default_catalog().unwrap();
    let path = format!("{}/benches/workloads/studio-free.toml", env!("CARGO_MANIFEST_DIR"));
    let mut w = crate::util::load_workload(&path, &catalog);
    w.policy.when_out = vec![Fallback::Relaxed, Fallback::Topup, Fallback::Wait];
    let calendar = Calendar::new(w.start, w.horizon).unwrap();
    let marks: Vec<u32> = (0..calendar.days).collect();
    let sc = Scenario::new(&catalog, &w, calendar);
    let demand = sc.demand();
    let plan = |k: &str| &catalog.plans[catalog.plan(k).unwrap()];
    let switches = [Switch { day: 200, plan: plan("premium") }, Switch { day: 250, plan: plan("free") }];
    for s in [&switches[..0], &switches[..]] {
        let (reference, rows) = sc.reference().run_from(plan("free"), None, s, &demand, Vec::new(), &marks);
        let (classes, class_rows) = sc.run_switching(plan("free"), s, &demand, Vec::new(), &marks);
        let fast = sc.run_switching(plan("free"), s, &demand, NoJournal, &marks).0;
        assert_eq!(format!("{reference:?}"), format!("{classes:?}"));
        assert_eq!(format!("{reference:?}"), format!("{fast:?}"));
        assert_eq!(rows, class_rows);
        if s.is_empty() {
            // R9: thousands of charges are still waiting at the end.
            assert!(reference.tally.charges.unfinished > 5_000, "{:?}", reference.tally.charges);
        }
    }
}
