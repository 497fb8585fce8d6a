//! One module per subcommand: its clap arguments and how it drives the engine.

pub mod cost;
pub mod plans;
pub mod simulate;
pub mod validate;
