//! The SPEC §6 targets, measured: a deterministic 12-month run of each shipped workload over
//! the whole default catalog, 10,000 Monte Carlo trials over the whole catalog (with Free
//! waiting all year on a studio-sized workload: the long backlog), `capacity --on` over 120
//! months and `recommend --allow-switch` over 48 months (issue 13).
//!
//! `cargo bench --bench simulate`; the README's whole-process figures time the release binary
//! from outside (medians of 10–20 runs).

use criterion::{Criterion, criterion_group, criterion_main};
use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::montecarlo::{self, Trials};
use plan_budget::engine::simulation::Scenario;
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::Workload;
use plan_budget::plan::{Options, Report};
use std::hint::black_box;
use std::path::Path;

fn load(name: &str, catalog: &Catalog) -> Workload {
    load_from(&format!("{}/workloads/{name}.toml", env!("CARGO_MANIFEST_DIR")), catalog)
}

/// A workload of `benches/workloads/`.
fn load_bench(name: &str, catalog: &Catalog) -> Workload {
    load_from(&format!("{}/benches/workloads/{name}.toml", env!("CARGO_MANIFEST_DIR")), catalog)
}

fn load_from(path: &str, catalog: &Catalog) -> Workload {
    let file = SourceFile::read(Path::new(&path)).expect("shipped workload reads");
    plan_budget::engine::validate::load_workload(&file, catalog).expect("shipped workload loads")
}

fn deterministic(c: &mut Criterion) {
    let catalog = Catalog::default_catalog().expect("embedded catalog");
    let mut group = c.benchmark_group("deterministic 12 months, whole catalog");
    for name in ["hobbyist", "freelancer", "studio", "marketing-team", "video-creator", "agency"] {
        let w = load(name, &catalog);
        group.bench_function(name, |b| {
            b.iter(|| {
                let cal = Calendar::new(w.start, w.horizon).expect("calendar");
                black_box(Report::build(&catalog, &w, cal, &Options::default(), false).expect("report"))
            })
        });
    }
    group.finish();
}

fn monte_carlo(c: &mut Criterion) {
    let catalog = Catalog::default_catalog().expect("embedded catalog");
    let mut group = c.benchmark_group("10,000 trials × 12 months, whole catalog");
    group.sample_size(10);
    for name in ["freelancer", "studio", "studio-free"] {
        // studio-free: Free keeps thousands of charges waiting all year (R7's backlog).
        let w = if name == "studio-free" { load_bench(name, &catalog) } else { load(name, &catalog) };
        let cal = Calendar::new(w.start, w.horizon).expect("calendar");
        let sc = Scenario::new(&catalog, &w, cal);
        let plans: Vec<usize> = (0..catalog.plans.len())
            .filter(|&i| {
                plan_budget::engine::eligibility::ineligible(
                    &catalog.plans[i],
                    &w,
                    plan_budget::input::catalog::Billing::Monthly,
                )
                .is_none()
            })
            .collect();
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(montecarlo::run(&sc, &plans, &[], 1, Trials { n: 10_000, seed: 1 }, &|_| {}).expect("trials"))
            })
        });
    }
    group.finish();
}

fn capacity_on(c: &mut Criterion) {
    use plan_budget::engine::capacity::{Probe, capacities};
    use plan_budget::input::workload::{Horizon, Per, Setting};
    let catalog = Catalog::default_catalog().expect("embedded catalog");
    let mut group = c.benchmark_group("capacity alchemy_v2 --on W --months 120");
    group.sample_size(10);
    for name in ["studio", "agency", "video-creator"] {
        let mut w = load(name, &catalog);
        w.horizon = Horizon::Months(120);
        let cal = Calendar::new(w.start, w.horizon).expect("calendar");
        let probe = Probe {
            action: catalog.action("alchemy_v2").expect("action"),
            setting: Setting::images(1),
            per: Per::Month,
        };
        let plans: Vec<usize> = (0..catalog.plans.len())
            .filter(|&i| {
                plan_budget::engine::eligibility::ineligible(
                    &catalog.plans[i],
                    &w,
                    plan_budget::input::catalog::Billing::Monthly,
                )
                .is_none()
            })
            .collect();
        group.bench_function(name, |b| {
            b.iter(|| black_box(capacities(&catalog, &w, &cal, &plans, &probe, None).expect("capacity")))
        });
    }
    group.finish();
}

fn allow_switch(c: &mut Criterion) {
    use plan_budget::input::workload::Horizon;
    let catalog = Catalog::default_catalog().expect("embedded catalog");
    let mut group = c.benchmark_group("recommend --allow-switch --months 48");
    group.sample_size(10);
    for name in ["seasonal", "seasonal-switch", "weekend-hobbyist"] {
        let mut w = if name.starts_with("seasonal") { load_bench(name, &catalog) } else { load(name, &catalog) };
        w.horizon = Horizon::Months(48);
        let options = Options { allow_switch: true, ..Options::default() };
        group.bench_function(name, |b| {
            b.iter(|| {
                let cal = Calendar::new(w.start, w.horizon).expect("calendar");
                black_box(Report::build(&catalog, &w, cal, &options, false).expect("report"))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, deterministic, monte_carlo, capacity_on, allow_switch);
criterion_main!(benches);
