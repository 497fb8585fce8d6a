//! plan-budget: a token budget planner for token-billed AI image platforms.
//!
//! Catalogs and workloads are loaded from TOML (`catalog`, `workload`), demand is turned into
//! whole generations (`demand`, R6), and each plan is simulated day by day (`simulation`) on top
//! of the token buckets (`ledger`, R3–R5). `report` lays the results out; `cli` is the command
//! line and the only module that knows about clap.

pub mod budget;
pub mod calendar;
pub mod capacity;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod demand;
pub mod diagnostic;
pub mod exit_codes;
#[doc(hidden)]
pub mod fuzzing;
pub mod ledger;
pub mod ledger_csv;
pub mod limits;
pub mod montecarlo;
pub mod output;
pub mod price;
pub mod recommend;
pub mod report;
pub mod saved;
pub mod schedule;
pub mod simulation;
pub mod source;
pub mod validate;
pub mod workload;
