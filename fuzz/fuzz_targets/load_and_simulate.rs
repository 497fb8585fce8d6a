//! Any bytes through catalog + workload loading, validation, simulation and rendering
//! (`plan_budget::fuzzing`): no panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| plan_budget::fuzzing::load_and_simulate(data));
