//! Shared helpers for the integration tests.

use assert_cmd::Command;

/// The built binary, with a clean environment for colour and a fixed today.
pub fn plan_budget() -> Command {
    let mut cmd = Command::cargo_bin("plan-budget").unwrap();
    cmd.env_remove("NO_COLOR");
    // A day when the embedded catalog is fresh: no staleness warning in the messages tests lock.
    cmd.env("PLAN_BUDGET_TODAY", "2026-04-01");
    cmd
}

pub fn examples_dir() -> String {
    format!("{}/tests/examples", env!("CARGO_MANIFEST_DIR"))
}

pub fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

/// Writes `text` to `name` in `dir`; the path, as the command line wants it.
pub fn file_in(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Loads a workload file the way every command does (parse, then bound each charge's price).
pub fn load_workload(
    path: &str,
    catalog: &plan_budget::input::catalog::Catalog,
) -> plan_budget::input::workload::Workload {
    let file = plan_budget::input::source::SourceFile::read(std::path::Path::new(path)).unwrap();
    plan_budget::engine::validate::load_workload(&file, catalog).unwrap()
}
