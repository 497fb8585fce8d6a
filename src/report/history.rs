//! `sample`: one Monte Carlo trial's demand written as a usage history (SPEC §5.1).
//!
//! Rows are sorted by date and, within a day, in R7 order: activity by activity in file
//! order, each generation followed at once by its `then` operations (entries in their order).
//! Every generation has an id (`g1`, `g2`, … in row order), its activity's name, action,
//! images, settings and price; each operation has an id (`g7-1`, `g7-2`, …) and its `parent`.

use crate::engine::demand::Demand;
use crate::engine::simulation::Scenario;
use crate::input::catalog::Pricing;
use crate::input::history::COLUMNS;

/// The history CSV of `demand` (drawn for `scenario`'s workload and calendar).
pub fn sample(scenario: &Scenario, demand: &Demand) -> String {
    let (catalog, workload) = (scenario.catalog, scenario.workload);
    let reference = catalog.addon("reference");
    // Per activity, the fields every one of its generations repeats.
    struct Fixed<'a> {
        action: &'a str,
        images: String,
        tokens: String,
        mode: &'a str,
        size: String,
        references: String,
        name: &'a str,
        ops: Vec<(&'a str, String)>,
    }
    let fixed: Vec<Fixed> = workload
        .activities
        .iter()
        .enumerate()
        .map(|(a, act)| {
            let action = &catalog.actions[act.action];
            let (mode, size) = match &action.pricing {
                Pricing::PerPixel { modes, size, .. } => {
                    let (w, h) = act.setting.size.unwrap_or(*size);
                    (modes[act.setting.mode.unwrap_or(0)].0.as_str(), format!("{w}x{h}"))
                }
                _ => ("", String::new()),
            };
            let refs: u32 = act.setting.addons.iter().filter(|(i, _)| Some(*i) == reference).map(|(_, u)| *u).sum();
            Fixed {
                action: &action.key,
                images: act.setting.images.to_string(),
                tokens: scenario.generation_cost(a).to_string(),
                mode,
                size,
                references: if refs > 0 { refs.to_string() } else { String::new() },
                name: &act.name,
                ops: act
                    .then
                    .iter()
                    .enumerate()
                    .map(|(j, t)| (catalog.actions[t.action].key.as_str(), scenario.operation_tokens(a, j).to_string()))
                    .collect(),
            }
        })
        .collect();
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = out.write_record(COLUMNS);
    let mut n = 0u64;
    for day in 0..demand.days() as u32 {
        let date = scenario.calendar.date(day).format("%Y-%m-%d").to_string();
        for (a, f) in fixed.iter().enumerate() {
            for ops in demand.generations(day, a) {
                n += 1;
                let id = format!("g{n}");
                let _ = out.write_record([
                    date.as_str(),
                    f.action,
                    &f.images,
                    &f.tokens,
                    f.mode,
                    &f.size,
                    &f.references,
                    f.name,
                    &id,
                    "",
                ]);
                let mut k = 0;
                for ((key, tokens), &count) in f.ops.iter().zip(&ops) {
                    for _ in 0..count {
                        k += 1;
                        let op = format!("{id}-{k}");
                        let _ = out.write_record([date.as_str(), key, "1", tokens, "", "", "", f.name, &op, &id]);
                    }
                }
            }
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}
