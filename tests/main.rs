//! The integration tests, one binary (linking is most of a test build): one module per area,
//! the shared helpers in `util`.

mod util;

mod backlog;
mod bad;
mod capacity;
mod ci_doc;
mod cli;
mod decisions;
mod examples;
mod fuzz_regressions;
mod gate;
mod json;
mod montecarlo;
mod output;
mod pictures;
mod properties;
mod rules;
