//! Reading files: source text and its diagnostics, the catalog, the workload and saved runs.
//! Everything here is checked when it is loaded and knows nothing of the simulator.

pub mod catalog;
pub mod currency;
pub mod diagnostic;
pub mod history;
pub mod json;
pub mod kind;
pub mod limits;
pub mod saved;
pub mod source;
pub mod threshold;
pub mod workload;
