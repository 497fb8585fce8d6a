//! One module per subcommand: its clap arguments and how it drives the engine.

pub mod check;
pub mod completions;
pub mod cost;
pub mod diff;
pub mod plans;
pub mod simulate;
