//! plan-budget: a token budget planner for token-billed AI image platforms.
//!
//! Data flows one way: `input` → `engine` → `plan` → `report`, with `cli` on top.
//! - `input` reads and checks files (catalog, workload, saved runs) and knows no rules;
//! - `engine` holds the rules of SPEC §2 and computes every figure;
//! - `plan` turns a request (plans, billings, switches, accounts, trials) into runs, once;
//! - `report` lays those runs out, one file per format;
//! - `cli` is the command line: clap types, one file per command, exit codes.
//!
//! Where each rule lives:
//!
//! | rule | file |
//! | --- | --- |
//! | R1 action price | `engine/price.rs` |
//! | R2 billing dates | `engine/calendar.rs` |
//! | R3 buckets and burn order, R4 billing date, R5 daily reset, R10 conservation | `engine/ledger.rs` |
//! | R6 demand | `engine/demand.rs` |
//! | R7 order in a day (the backlog, new generations, their operations) | `engine/simulation/order.rs` |
//! | R8 a charge, R9 end of horizon, R13 plan change (the day loop) | `engine/simulation.rs` |
//! | R8 `topup`: the packs a shortfall buys (one pack, or `"cheapest"`) | `engine/topup.rs` |
//! | R9 figures and verdict (§2.1) | `engine/figures.rs` |
//! | R9a recommendation | `engine/recommend.rs` |
//! | R11 money | `engine/money.rs` |
//! | R12 seats and eligibility | `engine/eligibility.rs` |
//! | R14 start from today's balance (`status`) | `engine/status.rs` (hooks: `Calendar::renewing`, `Ledger::open`, `Scenario::run_from`) |
//! | §5 Monte Carlo | `engine/montecarlo.rs` |

pub mod cli;
pub mod engine;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod plan;
pub mod report;
pub mod units;
