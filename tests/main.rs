//! The integration tests, one binary (linking is most of a test build): one module per area,
//! the shared helpers in `util`.

mod util;

mod actions;
mod backlog;
mod bad;
mod capacity;
mod ci_doc;
mod ci_formats;
mod cli;
mod currency;
mod decisions;
mod examples;
mod freshness;
mod fuzz_regressions;
mod gate;
mod history;
mod hostile;
mod inputs;
mod json;
mod montecarlo;
mod output;
mod pictures;
mod properties;
mod rules;
mod status;
mod tiers;
mod workload;
