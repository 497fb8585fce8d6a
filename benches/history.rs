//! The SPEC §6 / issue 18 targets for usage histories: `fit` of a 100,000-row history (read
//! the CSV, fit, write the TOML) under 1 s, and `sample` of a year of the heaviest shipped
//! workload (marketing-team: the most charges) under 0.5 s.
//!
//! `cargo bench --features bench --bench history`; short settings (10 samples, 3 s each).

use criterion::{Criterion, criterion_group, criterion_main};
use plan_budget::engine::calendar::Calendar;
use plan_budget::engine::montecarlo::{self, Trials};
use plan_budget::engine::simulation::Scenario;
use plan_budget::input::catalog::Catalog;
use plan_budget::input::history::{ModelMap, read};
use plan_budget::input::source::SourceFile;
use plan_budget::input::workload::{Horizon, Workload};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn load(name: &str, catalog: &Catalog) -> Workload {
    let path = format!("{}/workloads/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let file = SourceFile::read(Path::new(&path)).expect("shipped workload reads");
    plan_budget::engine::validate::load_workload(&file, catalog).expect("shipped workload loads")
}

/// One sampled history of `w`, as `sample` writes it.
fn sample(catalog: &Catalog, w: &Workload, seed: u64) -> String {
    let cal = Calendar::new(w.start, w.horizon).expect("calendar");
    let sc = Scenario::new(catalog, w, cal);
    let demand = montecarlo::demand(&sc, Trials { n: 1, seed }, 0).expect("draws");
    plan_budget::report::history::sample(&sc, &demand)
}

fn history(c: &mut Criterion) {
    let catalog = Catalog::default_catalog().expect("embedded catalog");
    let mut group = c.benchmark_group("history");
    group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));

    let heaviest = load("marketing-team", &catalog);
    group.bench_function("sample a year of marketing-team", |b| b.iter(|| black_box(sample(&catalog, &heaviest, 7))));

    // 100,000 rows: the first rows of two sampled years of marketing-team (operations follow
    // their generation, so no row loses its parent).
    let mut two_years = heaviest.clone();
    two_years.horizon = Horizon::Months(24);
    let text = sample(&catalog, &two_years, 7);
    let rows: Vec<&str> = text.lines().take(100_001).collect();
    assert_eq!(rows.len(), 100_001, "the sample has 100,000 rows");
    let file = SourceFile::new("h.csv", rows.join("\n") + "\n");
    let map = ModelMap::new(&catalog, &[]).expect("model map");
    let fill = vec![None; catalog.actions.len()];
    group.bench_function("fit a 100,000-row history", |b| {
        b.iter(|| {
            let h = read(&file, &catalog, &map).expect("history reads");
            let fit = plan_budget::engine::fit::fit(&h, &catalog, &fill).expect("history fits");
            let meta = plan_budget::report::fit::Meta {
                source: "h.csv",
                name: "bench",
                start: fit.last,
                months: 12,
                default_start: true,
            };
            black_box(plan_budget::report::fit::workload(&fit, &catalog, &meta))
        })
    });
    group.finish();
}

criterion_group!(benches, history);
criterion_main!(benches);
