//! One module per subcommand: its clap arguments and how it drives the engine.

pub mod actions;
pub mod capacity;
pub mod check;
pub mod compare;
pub mod completions;
pub mod cost;
pub mod diff;
pub mod fit;
pub mod init;
pub mod plans;
pub mod recommend;
pub mod sample;
pub mod simulate;
pub mod status;
pub mod validate;
