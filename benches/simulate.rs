//! The SPEC §6 targets, measured: a deterministic 12-month run of each shipped workload over
//! the whole default catalog, and 10,000 Monte Carlo trials over the whole catalog.
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
    let path = format!("{}/workloads/{name}.toml", env!("CARGO_MANIFEST_DIR"));
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
    for name in ["freelancer", "studio"] {
        let w = load(name, &catalog);
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

criterion_group!(benches, deterministic, monte_carlo);
criterion_main!(benches);
