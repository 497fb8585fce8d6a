//! One module per subcommand: its clap arguments and how it drives the engine.

pub mod compare;
pub mod cost;
pub mod init;
pub mod plans;
pub mod recommend;
pub mod simulate;
