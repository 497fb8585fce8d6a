//! Property tests on random small catalogs and workloads (written as TOML, so the loader is
//! exercised too). Every case checks, on the full ledger of every plan:
//! R10 conservation per bucket and by kind, R3 burn order, R4 bank ≤ cap, R5 daily floor,
//! relaxed charges never paid back, §2.1 outcome sums, and determinism. The workloads use every
//! R6/R1 key: `per` of all five kinds, `on`, prices given by the user on activities and `then`
//! entries, and seasons and bursts scoped to some activities.
//! Cases: 2,000 for the rules and 300 for determinism (`PROPTEST_CASES` overrides both).

use chrono::Datelike;
use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::demand::Demand;
use plan_budget::engine::ledger::{Bucket, Kind, Row};
use plan_budget::engine::simulation::{Run, Scenario};
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::Workload;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct PlanSpec {
    monthly: u64,
    cap: u64,
    daily: u64,
    topups: bool,
    relaxed: Vec<&'static str>,
    per_seat: Option<u32>,
}

#[derive(Debug, Clone)]
struct ActivitySpec {
    action: &'static str,
    images: u32,
    count: f64,
    per: &'static str,
    relaxed_ok: bool,
    then_share: Option<f64>,
    /// `on` days (kept only where `per` takes them: day, week, month).
    on: Option<Vec<&'static str>>,
    /// A price given by the user (R1), on the activity and on its `then` entry.
    tokens: Option<u64>,
    then_tokens: Option<u64>,
}

#[derive(Debug, Clone)]
struct Case {
    plans: Vec<PlanSpec>,
    pack: u64,
    draft_table: bool,
    draft_relaxed: bool,
    start_day: u32,
    days: u32,
    seats: u32,
    growth: f64,
    when_out: Vec<&'static str>,
    activities: Vec<ActivitySpec>,
    /// Seasons and bursts: (factor, the activities it applies to by index; `None` = all).
    seasons: Vec<(f64, Option<Vec<usize>>)>,
}

fn plan() -> impl Strategy<Value = PlanSpec> {
    (
        0u64..3000,
        prop_oneof![Just(0u64), 0u64..12_000],
        prop_oneof![Just(0u64), Just(150u64), 0u64..400],
        any::<bool>(),
        proptest::sample::subsequence(vec!["image", "video"], 0..=2),
        proptest::option::of(1u32..4),
    )
        .prop_map(|(monthly, cap, daily, topups, relaxed, per_seat)| PlanSpec {
            monthly,
            cap,
            daily,
            topups,
            relaxed,
            per_seat,
        })
}

fn activity() -> impl Strategy<Value = ActivitySpec> {
    (
        prop_oneof![Just("draft"), Just("clip"), Just("fix")],
        1u32..=4,
        0.0f64..12.0,
        prop_oneof![Just("day"), Just("weekday"), Just("weekend"), Just("week"), Just("month")],
        any::<bool>(),
        proptest::option::of(0.0f64..1.5),
        proptest::option::of(proptest::sample::subsequence(
            vec!["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            1..=7,
        )),
        proptest::option::of(0u64..400),
        proptest::option::of(0u64..30),
    )
        .prop_map(|(action, images, count, per, relaxed_ok, then_share, on, tokens, then_tokens)| ActivitySpec {
            action,
            images: if action == "clip" { 1 } else { images },
            count,
            per,
            relaxed_ok,
            then_share,
            on: on.filter(|_| !matches!(per, "weekday" | "weekend")),
            tokens,
            then_tokens,
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::collection::vec(plan(), 1..=3),
        1u64..3000,
        any::<bool>(),
        any::<bool>(),
        0u32..400,
        1u32..130,
        1u32..=4,
        prop_oneof![Just(0.0f64), -0.2f64..0.3],
        proptest::sample::subsequence(vec!["relaxed", "topup", "wait"], 0..=3).prop_shuffle(),
        proptest::collection::vec(activity(), 0..=3),
        proptest::collection::vec(
            (0.0f64..3.0, proptest::option::of(proptest::collection::vec(0usize..3, 1..=2))),
            0..=2,
        ),
    )
        .prop_map(
            |(
                plans,
                pack,
                draft_table,
                draft_relaxed,
                start_day,
                days,
                seats,
                growth,
                when_out,
                activities,
                seasons,
            )| Case {
                plans,
                pack,
                draft_table,
                draft_relaxed,
                start_day,
                days,
                seats,
                growth,
                when_out,
                activities,
                seasons,
            },
        )
}

fn quoted(items: &[&str]) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
}

impl Case {
    fn catalog_toml(&self) -> String {
        let mut s = String::from("schema = 1\nname = \"random\"\n");
        for (i, p) in self.plans.iter().enumerate() {
            s += &format!(
                "\n[plans.p{i}]\nprice_monthly = {}.5\nmonthly_tokens = {}\nrollover_cap = {}\ndaily_tokens = {}\ntopups = {}\nrelaxed = [{}]\n",
                i * 7,
                p.monthly,
                p.cap,
                p.daily,
                p.topups,
                quoted(&p.relaxed)
            );
            if let Some(min) = p.per_seat {
                s += &format!("per_seat = true\nmin_seats = {min}\nmax_seats = 10\n");
            } else {
                s += "max_seats = 10\n";
            }
        }
        s += &format!("\n[topup_packs.pack]\ntokens = {}\nprice = 3.0\n", self.pack);
        let tokens = if self.draft_table { "{ 1 = 16, 4 = 26 }" } else { "7" };
        s += &format!("\n[actions.draft]\nkind = \"image\"\nrelaxed = {}\ntokens = {tokens}\n", self.draft_relaxed);
        s += "\n[actions.clip]\nkind = \"video\"\nrelaxed = true\ntokens = 250\nmax_images = 1\n";
        s += "\n[actions.fix]\nkind = \"edit\"\ntokens = 3\n";
        s
    }

    fn workload_toml(&self) -> String {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(self.start_day.into());
        let mut s = format!(
            "schema = 1\nname = \"random\"\nstart = {start}\ndays = {}\nseats = {}\ngrowth = {}\n\n[policy]\nwhen_out = [{}]\n",
            self.days,
            self.seats,
            self.growth,
            quoted(&self.when_out)
        );
        for (i, a) in self.activities.iter().enumerate() {
            s += &format!(
                "\n[[activity]]\nname = \"a{i}\"\naction = \"{}\"\nimages = {}\ncount = {}\nper = \"{}\"\nrelaxed_ok = {}\n",
                a.action, a.images, a.count, a.per, a.relaxed_ok
            );
            if let Some(on) = &a.on {
                s += &format!("on = [{}]\n", quoted(on));
            }
            if let Some(t) = a.tokens {
                s += &format!("tokens = {t}\n");
            }
            if let Some(share) = a.then_share {
                let price = a.then_tokens.map(|t| format!(", tokens = {t}")).unwrap_or_default();
                s += &format!("then = [{{ action = \"fix\", share = {share}{price} }}]\n");
            }
        }
        // Alternately a season over every month and a burst over the whole horizon, scoped to
        // some activities (names of activities that exist) or to all.
        for (k, (factor, scope)) in self.seasons.iter().enumerate() {
            let names: Vec<String> =
                scope.iter().flatten().filter(|&&i| i < self.activities.len()).map(|i| format!("\"a{i}\"")).collect();
            s += if k % 2 == 0 {
                "\n[[season]]\nmonths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n".to_string()
            } else {
                format!("\n[[burst]]\nfrom = {start}\nuntil = {}\n", start + chrono::Days::new(self.days.into()))
            }
            .as_str();
            s += &format!("factor = {factor}\n");
            if scope.is_some() && !names.is_empty() {
                s += &format!("activities = [{}]\n", names.join(", "));
            }
        }
        s
    }
}

/// Every plan's run and ledger rows.
fn runs(case: &Case) -> (Catalog, Vec<(Run, Vec<Row>)>) {
    let catalog = Catalog::parse(&SourceFile::new("c.toml", case.catalog_toml())).unwrap();
    let workload = Workload::parse(&SourceFile::new("w.toml", case.workload_toml()), &catalog).unwrap();
    let calendar = Calendar::new(workload.start, workload.horizon).unwrap();
    let last = calendar.days - 1;
    let scenario = Scenario::new(&catalog, &workload, calendar);
    let demand = Demand::deterministic(&workload, &scenario.calendar);
    let out = catalog.plans.iter().map(|p| scenario.run(p, &demand, Vec::new(), &[last])).collect();
    (catalog, out)
}

/// `cases` unless `PROPTEST_CASES` is set.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn every_ledger_obeys_the_rules(case in case()) {
        let (catalog, results) = runs(&case);
        for (plan, (run, rows)) in catalog.plans.iter().zip(&results) {
            let sf = plan_budget::engine::eligibility::seats_factor(plan, case.seats);
            let end = run.snapshots.last().unwrap().balance;
            // R10 per bucket: the signed rows sum to the remaining balance; by kind to the totals.
            for b in Bucket::BURN_ORDER {
                let of = |k: Kind| rows.iter().filter(|r| r.bucket == Some(b) && r.kind == k).map(|r| r.tokens).sum::<i64>();
                let sum: i64 = rows.iter().filter(|r| r.bucket == Some(b)).map(|r| r.tokens).sum();
                prop_assert_eq!(sum, end[b as usize] as i64, "R10 bucket {}", b.name());
                prop_assert_eq!(of(Kind::Grant) as u64, run.flows.granted[b as usize]);
                prop_assert_eq!(-of(Kind::Spend) as u64, run.flows.spent[b as usize]);
                prop_assert_eq!(-of(Kind::Expire) as u64, run.flows.expired[b as usize]);
            }
            let kind = |k: Kind| rows.iter().filter(|r| r.kind == k).map(|r| r.tokens).sum::<i64>();
            prop_assert_eq!(kind(Kind::Buy) as u64, run.flows.bought);
            prop_assert_eq!(kind(Kind::Relaxed) as u64, run.tally.tokens_relaxed);
            prop_assert_eq!(kind(Kind::Roll), 0);

            // Replay the rows: R3 burn order, R4 bank ≤ cap, R5 floor before each day's charges.
            let mut bal = [0i64; 4];
            let mut charged_day = None;
            for r in rows {
                let charge = matches!(r.kind, Kind::Spend | Kind::Buy | Kind::Relaxed);
                if charge && charged_day != Some(r.day) {
                    charged_day = Some(r.day);
                    prop_assert!(bal.iter().sum::<i64>() >= plan.daily_tokens as i64, "R5 floor on day {}", r.day);
                }
                if let Some(b) = r.bucket {
                    if r.kind == Kind::Spend {
                        prop_assert!(bal[..b as usize].iter().all(|&x| x == 0), "R3: {} touched early", b.name());
                    }
                    bal[b as usize] += r.tokens;
                    prop_assert!(bal[b as usize] >= 0);
                    prop_assert_eq!(Some(bal[b as usize] as u64), r.balance_after);
                }
                if r.kind != Kind::Roll {
                    prop_assert!(bal[Bucket::Rollover as usize] as u64 <= plan.rollover_cap * sf, "R4 bank ≤ cap");
                }
            }
            prop_assert!(run.rollover_peak <= plan.rollover_cap * sf);

            // Relaxed never repaid: a relaxed charge has no spend row, so paid + relaxed
            // tokens never exceed what was wanted (and equal it when nothing was lost).
            let t = &run.tally;
            let paid = run.flows.spent_total();
            prop_assert!(paid + t.tokens_relaxed <= t.tokens_wanted);
            if t.charges.dropped + t.charges.unfinished == 0 {
                prop_assert_eq!(paid + t.tokens_relaxed, t.tokens_wanted);
            }
            let relaxed_charges = rows.iter().filter(|r| r.kind == Kind::Relaxed).count() as u64;
            prop_assert_eq!(relaxed_charges, t.charges.relaxed);

            // §2.1: every wanted generation and charge ends in exactly one state.
            let g = t.generations;
            prop_assert_eq!(g.wanted, g.paid + g.relaxed + g.dropped + g.unfinished);
            let c = t.charges;
            prop_assert_eq!(c.wanted, c.paid + c.relaxed + c.dropped + c.unfinished);
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn the_same_input_gives_the_same_output(case in case()) {
        let (_, a) = runs(&case);
        let (_, b) = runs(&case);
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// The simulator pays a day that fits (or that only buys packs) in one step when no ledger
    /// is kept; it must give exactly the run that paying charge by charge gives.
    #[test]
    fn paying_a_day_at_once_equals_paying_charge_by_charge(case in case()) {
        let catalog = Catalog::parse(&SourceFile::new("c.toml", case.catalog_toml())).unwrap();
        let workload = Workload::parse(&SourceFile::new("w.toml", case.workload_toml()), &catalog).unwrap();
        let calendar = Calendar::new(workload.start, workload.horizon).unwrap();
        let marks: Vec<u32> = (0..calendar.days).collect();
        let scenario = Scenario::new(&catalog, &workload, calendar);
        let demand = scenario.demand();
        for plan in &catalog.plans {
            let fast = scenario.run(plan, &demand, plan_budget::engine::ledger::NoJournal, &marks).0;
            let slow = scenario.run(plan, &demand, Vec::new(), &marks).0;
            prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    /// R6: whatever the `on` days, `per = "week"` spreads exactly `count` over every 7 days and
    /// `per = "month"` exactly `count` over every calendar month (before rounding).
    #[test]
    fn on_days_keep_the_count_per_week_and_per_month(
        on in proptest::sample::subsequence(vec!["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 1..=7),
        count in 0.5f64..50.0,
        start_day in 0u32..400,
    ) {
        let catalog = Catalog::parse(&SourceFile::new("c.toml", "schema = 1\nname = \"c\"\n[plans.p]\nprice_monthly = 1.0\nmonthly_tokens = 10\n[actions.a]\nkind = \"image\"\ntokens = 1\n")).unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(start_day.into());
        let first = start.with_day(1).unwrap() + chrono::Months::new(1);
        for per in ["week", "month"] {
            let text = format!(
                "schema = 1\nname = \"w\"\nstart = {first}\nmonths = 2\n[[activity]]\naction = \"a\"\ncount = {count}\nper = \"{per}\"\non = [{}]\n",
                quoted(&on)
            );
            let workload = Workload::parse(&SourceFile::new("w.toml", text), &catalog).unwrap();
            let calendar = Calendar::new(workload.start, workload.horizon).unwrap();
            let q = |d: u32| plan_budget::engine::demand::expected(&workload, &calendar, 0, d);
            let span = if per == "week" { 7 } else { calendar.billing[1] }; // the first calendar month
            let sum: f64 = (0..span).map(q).sum();
            prop_assert!((sum - count).abs() < 1e-9, "{per}: {sum} over {span} days, count {count}, on {on:?}");
        }
    }
}
