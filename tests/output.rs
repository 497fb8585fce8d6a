//! No partial output: every file the tool writes goes through `output::write` (a temporary
//! file renamed into place), so a run that fails leaves the previous file as it was and no
//! temporary file behind.

use crate::util::{plan_budget, root};
use std::fs;

const PREVIOUS: &str = "previous contents\n";

/// A directory holding `out.json` and `ledger.csv` with known contents, and a bad workload.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("out.json"), PREVIOUS).unwrap();
    fs::write(dir.path().join("ledger.csv"), PREVIOUS).unwrap();
    fs::write(dir.path().join("bad.toml"), "schema = 1\nname = \"x\"\nstart = 2026-01-05\nmonths = 0\n").unwrap();
    dir
}

/// `simulate` of the freelancer example with `args`, run in `dir`.
fn simulate_in(dir: &tempfile::TempDir, args: &[&str]) -> assert_cmd::assert::Assert {
    let workload = format!("{}/workloads/freelancer.toml", root());
    plan_budget().current_dir(dir.path()).arg("simulate").arg(workload).args(args).assert()
}

fn assert_untouched(dir: &tempfile::TempDir) {
    for name in ["out.json", "ledger.csv"] {
        assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), PREVIOUS, "{name} was changed");
    }
    let mut names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["bad.toml", "ledger.csv", "out.json"], "no temporary file is left behind");
}

#[test]
fn a_bad_workload_leaves_the_previous_output_and_ledger_untouched() {
    let dir = setup();
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "bad.toml", "--format", "json", "--output", "out.json", "--ledger", "ledger.csv"])
        .assert()
        .code(2);
    assert_untouched(&dir);
}

#[test]
fn an_unknown_plan_found_after_loading_leaves_the_files_untouched() {
    let dir = setup();
    simulate_in(&dir, &["--plan", "premiun", "--output", "out.json", "--ledger", "ledger.csv"]).code(2);
    assert_untouched(&dir);
}

#[test]
fn a_run_refused_for_its_size_leaves_the_files_untouched() {
    let dir = setup();
    simulate_in(&dir, &["--months", "1200", "--output", "out.json", "--ledger", "ledger.csv"])
        .code(2)
        .stderr(predicates::str::contains("the run is too large"));
    assert_untouched(&dir);
}

#[test]
fn a_successful_run_replaces_the_file_whole() {
    let dir = setup();
    simulate_in(&dir, &["--format", "json", "--output", "out.json"]).success();
    let text = fs::read_to_string(dir.path().join("out.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema"], "plan-budget/1");
}

#[test]
fn an_output_in_a_missing_directory_is_a_clear_error() {
    let dir = setup();
    simulate_in(&dir, &["--output", "no/such/dir/out.txt"]).code(2).stderr(predicates::str::contains(
        "cannot write no/such/dir/out.txt: the directory no/such/dir does not exist",
    ));
}

/// A FIFO in `dir` with a reader thread that returns everything written to it.
#[cfg(unix)]
fn fifo_with_reader(dir: &tempfile::TempDir) -> (std::path::PathBuf, std::thread::JoinHandle<Vec<u8>>) {
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let path = fifo.clone();
    let reader = std::thread::spawn(move || fs::read(path).unwrap());
    (fifo, reader)
}

#[cfg(unix)]
#[test]
fn an_output_to_a_pipe_or_device_is_written_in_place_not_replaced() {
    // Renaming over a device would turn /dev/null into a plain file for the whole machine.
    use std::os::unix::fs::FileTypeExt;
    let dir = setup();
    let (fifo, reader) = fifo_with_reader(&dir);
    simulate_in(&dir, &["--format", "json", "--output", "pipe"]).success();
    // Checked before joining: a replaced FIFO would leave the reader waiting for ever.
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
    let received = reader.join().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&received).unwrap();
    assert_eq!(doc["schema"], "plan-budget/1");
}

#[cfg(unix)]
#[test]
fn an_output_through_a_symlink_updates_the_target_and_keeps_the_link() {
    let dir = setup();
    std::os::unix::fs::symlink("out.json", dir.path().join("link.json")).unwrap();
    simulate_in(&dir, &["--format", "json", "--output", "link.json"]).success();
    let link = fs::symlink_metadata(dir.path().join("link.json")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let text = fs::read_to_string(dir.path().join("out.json")).unwrap();
    assert!(text.contains("\"plan-budget/1\""), "the link's target holds the report");
}

#[test]
fn a_ledger_is_not_written_when_the_output_path_is_bad() {
    let dir = setup();
    simulate_in(&dir, &["--plan", "premium", "--ledger", "ledger.csv", "--output", "missing/out.json"]).code(2);
    assert_untouched(&dir);
}

#[test]
fn an_output_that_would_overwrite_an_input_or_the_ledger_is_refused() {
    let dir = setup();
    let workload = dir.path().join("w.toml");
    fs::copy(format!("{}/workloads/freelancer.toml", root()), &workload).unwrap();
    let before = fs::read_to_string(&workload).unwrap();
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--format", "json", "--output", "./w.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--output ./w.toml would overwrite the input w.toml"));
    assert_eq!(fs::read_to_string(&workload).unwrap(), before, "the workload is intact");
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--plan", "premium", "--ledger", "same.csv", "--output", "same.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--ledger and --output both name same.csv"));
    assert!(!dir.path().join("same.csv").exists());
}

#[test]
fn an_output_naming_a_directory_says_so() {
    let dir = setup();
    simulate_in(&dir, &["--output", "."])
        .code(2)
        .stderr(predicates::str::contains("cannot write .: it is a directory"));
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_output_creates_its_target_and_stays_a_link() {
    let dir = setup();
    std::os::unix::fs::symlink("new.json", dir.path().join("link.json")).unwrap();
    simulate_in(&dir, &["--format", "json", "--output", "link.json"]).success();
    assert!(fs::symlink_metadata(dir.path().join("link.json")).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(dir.path().join("new.json")).unwrap().contains("\"plan-budget/1\""));
}

#[cfg(unix)]
#[test]
fn dev_stdout_is_the_inherited_stream_and_never_replaces_what_it_points_to() {
    // `plan-budget … --output /dev/stdout >> log.txt` appends; the log keeps its first line.
    let dir = setup();
    let log = dir.path().join("log.txt");
    fs::write(&log, "first line\n").unwrap();
    let append = fs::OpenOptions::new().append(true).open(&log).unwrap();
    let workload = format!("{}/workloads/freelancer.toml", root());
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_plan-budget"))
        .current_dir(dir.path())
        .args(["-q", "simulate", &workload, "--format", "json", "--output", "/dev/stdout"])
        .stdout(append)
        .status()
        .unwrap();
    assert!(status.success());
    let text = fs::read_to_string(&log).unwrap();
    assert!(text.starts_with("first line\n{"), "{}", &text[..40.min(text.len())]);
}

#[test]
fn a_device_may_take_both_outputs_but_two_names_for_one_new_file_may_not() {
    let dir = setup();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let workload = format!("{}/workloads/freelancer.toml", root());
    let run = |output: &str, ledger: &str| {
        plan_budget()
            .current_dir(dir.path())
            .args(["simulate", &workload, "--plan", "premium", "--output", output, "--ledger", ledger])
            .assert()
    };
    run("/dev/null", "/dev/null").success();
    run("new.csv", "sub/../new.csv").code(2).stderr(predicates::str::contains("both name"));
    assert!(!dir.path().join("new.csv").exists());
}

#[test]
fn a_saved_baseline_may_be_replaced_by_the_run_that_reads_it() {
    // A ratchet: the check reads the whole baseline before anything is written.
    let dir = setup();
    let workload = format!("{}/workloads/studio.toml", root());
    let cmd = |args: &[&str]| plan_budget().current_dir(dir.path()).args(args).assert();
    cmd(&["simulate", &workload, "--plan", "premium", "--format", "json", "--output", "base.json"]).success();
    cmd(&["check", &workload, "--plan", "premium", "--baseline", "base.json", "--max-increase", "5"]).code(0);
    cmd(&[
        "check",
        &workload,
        "--plan",
        "premium",
        "--baseline",
        "base.json",
        "--max-increase",
        "5",
        "--format",
        "json",
        "--output",
        "base.json",
    ])
    .code(0);
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("base.json")).unwrap()).unwrap();
    assert!(doc["checks"].is_array(), "the check's report replaced the baseline");
}

#[test]
fn the_ledger_and_the_report_cannot_both_go_to_stdout() {
    let dir = setup();
    simulate_in(&dir, &["--plan", "premium", "--ledger", "-"])
        .code(2)
        .stderr(predicates::str::contains("would both write to stdout"));
    simulate_in(&dir, &["--plan", "premium", "--ledger", "-", "--output", "out.json"]).success();
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_as_output_is_an_error_and_stays_a_link() {
    let dir = setup();
    std::os::unix::fs::symlink("b", dir.path().join("a")).unwrap();
    std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
    simulate_in(&dir, &["--output", "a"]).code(2).stderr(predicates::str::contains("symlinks form a loop"));
    assert!(fs::symlink_metadata(dir.path().join("a")).unwrap().file_type().is_symlink());
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `plan-budget … | head -1`: the closed pipe ends the run quietly with exit 0.
    let workload = format!("{}/workloads/freelancer.toml", root());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plan-budget"))
        .args(["-q", "simulate", &workload, "--by", "day"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is written
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
