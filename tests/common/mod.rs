//! Shared helpers for the integration tests.
#![allow(dead_code)]

use assert_cmd::Command;

/// The built binary, with a clean environment for colour.
pub fn plan_budget() -> Command {
    let mut cmd = Command::cargo_bin("plan-budget").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

pub fn examples_dir() -> String {
    format!("{}/tests/examples", env!("CARGO_MANIFEST_DIR"))
}

pub fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}
