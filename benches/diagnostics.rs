//! Issue 13's diagnostics target: `validate` of a 1 MB workload with 20,000 problems under 1 s
//! (each problem located through the file's line index, not a scan from the top).
//!
//! `cargo bench --features bench --bench diagnostics`; short settings (10 samples, 3 s each).

use criterion::{Criterion, criterion_group, criterion_main};
use plan_budget::input::catalog::Catalog;
use plan_budget::input::source::SourceFile;
use std::hint::black_box;
use std::time::Duration;

/// A workload of `n` activities, each with one unknown key.
fn typos(n: usize) -> String {
    let mut text = String::from("schema = 1\nname = \"typos\"\nstart = 2027-01-01\n");
    for i in 0..n {
        text += &format!(
            "\n[[activity]]\nname = \"activity {i}\"\naction = \"flux_schnell\"\ntokens = 8\ncount = 1\nper = \"day\"\ncolour{i} = \"blue\"\n"
        );
    }
    text
}

fn diagnostics(c: &mut Criterion) {
    let catalog = Catalog::default_catalog().expect("embedded catalog");
    let text = typos(20_000);
    let mut group = c.benchmark_group("diagnostics");
    group.sample_size(10).measurement_time(Duration::from_secs(3));
    group.bench_function("validate 1 MB, 20,000 problems", |b| {
        b.iter(|| {
            let file = SourceFile::new("typos.toml", text.clone());
            let problems = plan_budget::engine::validate::check(&file, &catalog).expect_err("problems");
            black_box(problems.to_string().len())
        })
    });
    group.finish();
}

criterion_group!(benches, diagnostics);
criterion_main!(benches);
