//! The whole pipeline on arbitrary bytes, shared by the cargo-fuzz target (`fuzz/`) and the
//! regression tests of inputs it once crashed on (`tests/fuzz-regressions/`).
//!
//! Input: `CATALOG \0 WORKLOAD`; without a NUL byte the whole input is a workload against the
//! embedded catalog. The horizon is cut to 13 months and the run to 200,000 charges, so one
//! input runs in milliseconds. Every step may fail with a diagnostic; none may panic.

use crate::engine::calendar::Calendar;
use crate::input::catalog::Catalog;
use crate::input::source::SourceFile;
use crate::input::workload::Horizon;
use crate::plan::Options;
use crate::plan::Report;
use crate::report::{json::Document, table};
use crate::{engine::validate, report::ledger_csv};

/// Loads, validates, simulates and renders `data`; the outputs are discarded.
pub fn load_and_simulate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (catalog, workload_text) = match text.split_once('\0') {
        Some((c, w)) => {
            let file = SourceFile::new("catalog.toml", c);
            match Catalog::parse(&file) {
                Ok(catalog) => {
                    let _ = validate::catalog_problems(&file, &catalog);
                    (catalog, w)
                }
                Err(problems) => {
                    let _ = problems.to_string(); // rendering must not panic either
                    return;
                }
            }
        }
        None => match Catalog::default_catalog() {
            Ok(c) => (c, text),
            Err(_) => return,
        },
    };
    let file = SourceFile::new("workload.toml", workload_text);
    let _ = crate::input::kind::detect(&file).map_err(|d| d.to_string());
    let mut workload = match validate::load_workload(&file, &catalog) {
        Ok(w) => w,
        Err(problems) => {
            let _ = problems.to_string();
            return;
        }
    };
    let _ = validate::workload_problems(&file, &catalog, &workload);
    workload.horizon = match workload.horizon {
        Horizon::Months(m) => Horizon::Months(m.min(13)),
        Horizon::Days(d) => Horizon::Days(d.min(400)),
    };
    let Some(calendar) = Calendar::new(workload.start, workload.horizon) else { return };
    let _ = validate::warnings(&file, &catalog, &workload, &calendar).iter().map(ToString::to_string).count();
    if crate::engine::work::check_volume(&workload, &calendar).map_or(true, |charges| charges > 200_000.0) {
        return;
    }
    let options = Options::default();
    let Ok((report, runs)) = Report::build(&catalog, &workload, calendar.clone(), &options, true) else { return };
    let _ = serde_json::to_string(&Document::new(&report));
    let _ = table::simulate(&report, table::Style { ascii: true });
    let _ = ledger_csv::render(&catalog, &workload, &calendar, &runs);
}
