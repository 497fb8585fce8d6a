//! The rules of SPEC §2: everything that decides a number. It reads the input types
//! (`crate::input`) and never the reports or the command line.

pub mod calendar;
pub mod capacity;
pub mod demand;
pub mod eligibility;
pub mod figures;
pub mod fit;
pub mod gate;
pub mod ledger;
pub mod money;
pub mod montecarlo;
pub mod price;
pub mod recommend;
pub mod schedule;
pub mod simulation;
pub mod status;
pub mod topup;
pub mod validate;
pub mod work;
