//! Hostile use (issue 14): outputs through `/proc` and links, baselines a failing check would
//! move, permissions, signals in the middle of a write, closed and full streams, inputs that
//! can be read only once, and saved runs written by someone else.
//!
//! Streams and signals need a real shell: these tests run the binary under `sh -c` with the
//! redirections a user would type (`>&-`, `2>/dev/full`, `3>>file`).

use crate::util::{file_in, plan_budget, root};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn freelancer() -> String {
    fs::read_to_string(format!("{}/workloads/freelancer.toml", root())).unwrap()
}

/// A scratch directory holding the freelancer workload as `w.toml`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    file_in(&dir, "w.toml", &freelancer());
    dir
}

/// `script` under `sh -c` in `dir`, with `$PB` the built binary.
fn sh(dir: &Path, script: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PB", env!("CARGO_BIN_EXE_plan-budget"))
        .env("PLAN_BUDGET_TODAY", "2026-04-01")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Whether `text` is exactly one JSON document.
fn one_json_document(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

// ---------------------------------------------------------------------------------------------
// 1. `/proc` paths are files like any other

#[test]
fn an_output_through_proc_self_cwd_naming_the_workload_is_refused() {
    let dir = scratch();
    let before = fs::read_to_string(dir.path().join("w.toml")).unwrap();
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--format", "json", "--output", "/proc/self/cwd/w.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite the input w.toml"));
    assert_eq!(fs::read_to_string(dir.path().join("w.toml")).unwrap(), before, "the workload is intact");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_proc_path_naming_the_workload_is_refused() {
    let dir = scratch();
    std::os::unix::fs::symlink("/proc/self/cwd/w.toml", dir.path().join("link.json")).unwrap();
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--format", "json", "--output", "link.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output link.json would overwrite the input w.toml"));
    assert_eq!(fs::read_to_string(dir.path().join("w.toml")).unwrap(), freelancer());
}

#[test]
fn an_output_through_proc_is_replaced_whole_not_appended_to() {
    let dir = scratch();
    for _ in 0..2 {
        plan_budget()
            .current_dir(dir.path())
            .args(["simulate", "w.toml", "--format", "json", "--output", "/proc/self/cwd/out.json"])
            .assert()
            .success();
    }
    let text = fs::read_to_string(dir.path().join("out.json")).unwrap();
    assert!(one_json_document(&text), "two runs leave one JSON document, not two");
}

#[test]
fn a_descriptor_other_than_stdout_is_the_file_it_names() {
    // `3>>out.json`: descriptor 3 is a file, not a stream of ours: replaced, never appended.
    let dir = scratch();
    let script = r#"for i in 1 2; do "$PB" -q simulate w.toml --format json --output /proc/self/fd/3 3>>out.json || exit 9; done"#;
    let out = sh(dir.path(), script);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(one_json_document(&fs::read_to_string(dir.path().join("out.json")).unwrap()));
    let out = sh(dir.path(), r#""$PB" simulate w.toml --output /dev/fd/3 3<w.toml"#);
    assert_eq!(out.status.code(), Some(2), "descriptor 3 is the workload: {}", stderr(&out));
    assert!(stderr(&out).contains("would overwrite the input w.toml"), "{}", stderr(&out));
}

#[test]
fn a_stdout_redirected_onto_the_workload_is_refused() {
    // `>> w.toml` would append the report to the workload it reads.
    let dir = scratch();
    let out = sh(dir.path(), r#""$PB" simulate w.toml --format json >> w.toml"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("which is the input w.toml"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("w.toml")).unwrap(), freelancer());
}

// ---------------------------------------------------------------------------------------------
// 2. a failing check never replaces its own baseline

/// The studio workload in `dir`, and a head with three times the Alchemy V2 concepts.
fn studio_and_heavier(dir: &tempfile::TempDir) -> (String, String) {
    let text = fs::read_to_string(format!("{}/workloads/studio.toml", root())).unwrap();
    let base = file_in(dir, "studio.toml", &text);
    // Triple every count: a regression of far more than 5 %.
    let heavy: String = text
        .lines()
        .map(|l| match l.strip_prefix("count = ") {
            Some(n) => format!("count = {}", n.split_whitespace().next().unwrap().parse::<f64>().unwrap() * 3.0),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    (base, file_in(dir, "head.toml", &heavy))
}

#[test]
fn a_failing_check_keeps_the_baseline_it_was_told_to_replace() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = studio_and_heavier(&dir);
    let cmd = |args: &[&str]| plan_budget().current_dir(dir.path()).args(args).assert();
    cmd(&["simulate", &base, "--plan", "premium", "--format", "json", "--output", "base.json"]).success();
    let saved = fs::read_to_string(dir.path().join("base.json")).unwrap();
    let check = [
        "check",
        &head,
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
    ];
    cmd(&check).code(1).stderr(predicate::str::contains("baseline base.json kept: the check failed"));
    assert_eq!(fs::read_to_string(dir.path().join("base.json")).unwrap(), saved, "the baseline is the old run");
    // So the gate holds on the next run too.
    cmd(&check).code(1);
    // Through another name for the same file, too.
    let mut through_proc = check;
    through_proc[11] = "/proc/self/cwd/base.json";
    cmd(&through_proc).code(1).stderr(predicate::str::contains("kept: the check failed"));
    assert_eq!(fs::read_to_string(dir.path().join("base.json")).unwrap(), saved);
    // A check that errors (an unknown plan) does not touch it either.
    let mut bad = check;
    bad[3] = "premiun";
    cmd(&bad).code(2);
    assert_eq!(fs::read_to_string(dir.path().join("base.json")).unwrap(), saved);
    // A passing check still moves the ratchet.
    let mut pass = check;
    pass[1] = &base;
    cmd(&pass).code(0);
    assert_ne!(fs::read_to_string(dir.path().join("base.json")).unwrap(), saved);
}

// ---------------------------------------------------------------------------------------------
// 3. permissions

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn a_write_protected_output_is_refused_unless_forced_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let out = dir.path().join("out.txt");
    fs::write(&out, "previous\n").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o444)).unwrap();
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--output", "out.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("out.txt: the file is write-protected (mode 0444); pass --force"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous\n");
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--output", "out.txt", "--force"])
        .assert()
        .success();
    assert!(fs::read_to_string(&out).unwrap().contains("Freelance illustrator"));
    assert_eq!(mode(&out), 0o444, "a replaced file keeps its mode");
    // A ledger too.
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--plan", "premium", "--ledger", "out.txt", "--output", "report.txt"])
        .assert()
        .code(2);
    assert!(!dir.path().join("report.txt").exists(), "nothing is written when one output is refused");
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let kept = dir.path().join("kept.txt");
    fs::write(&kept, "previous\n").unwrap();
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
    let out = sh(
        dir.path(),
        r#"umask 077 && "$PB" simulate w.toml --output new.txt && "$PB" simulate w.toml --output kept.txt && umask 022 && "$PB" simulate w.toml --output open.txt"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&dir.path().join("new.txt")), 0o600, "umask 077");
    assert_eq!(mode(&kept), 0o640, "the existing mode");
    assert_eq!(mode(&dir.path().join("open.txt")), 0o644, "umask 022");
}

#[test]
fn init_force_is_the_global_flag() {
    let dir = scratch();
    let cmd = |args: &[&str]| plan_budget().current_dir(dir.path()).args(args).assert();
    cmd(&["init", "--output", "w.toml"]).code(2).stderr(predicate::str::contains("pass --force"));
    cmd(&["init", "--profile", "studio", "--output", "w.toml", "--force"]).success();
    cmd(&["--force", "init", "--output", "w.toml"]).success();
}

// ---------------------------------------------------------------------------------------------
// 4. temporary files

#[cfg(unix)]
#[test]
fn a_signal_during_a_write_removes_the_temporary_file_and_keeps_the_old_files() {
    // The report goes to a FIFO nobody reads, so the run waits there with the ledger staged
    // beside its target: the moment a Ctrl-C or a kill would leave a temporary file behind.
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129), ("QUIT", 131)] {
        let dir = scratch();
        fs::write(dir.path().join("ledger.csv"), "previous\n").unwrap();
        assert!(Command::new("mkfifo").arg(dir.path().join("fifo")).status().unwrap().success());
        let script = format!(
            r#"ulimit -c 0; "$PB" -q simulate w.toml --plan premium --ledger ledger.csv --output fifo & pid=$!
            i=0; until ls -a | grep -q '^\.plan-budget-.*\.tmp$'; do i=$((i+1)); [ $i -gt 300 ] && {{ kill -9 $pid; exit 7; }}; sleep 0.1; done
            kill -{signal} $pid; wait $pid; echo "status $?""#
        );
        let out = sh(dir.path(), &script);
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(said.trim(), format!("status {code}"), "{}", stderr(&out));
        assert_eq!(names(dir.path()), ["fifo", "ledger.csv", "w.toml"], "no temporary file is left ({signal})");
        assert_eq!(fs::read_to_string(dir.path().join("ledger.csv")).unwrap(), "previous\n");
    }
}

#[cfg(unix)]
#[test]
fn a_temporary_file_left_by_a_killed_run_is_removed_by_the_next() {
    let dir = scratch();
    // A process that has ended: its id names no running process.
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let stale = format!(".plan-budget-{pid}-aB3dE9.tmp");
    fs::write(dir.path().join(&stale), "half a ledger").unwrap();
    // Somebody else's temporary file, and one of a run still going (this test's own id).
    fs::write(dir.path().join(".tmp8Hx2ab"), "not ours").unwrap();
    let running = format!(".plan-budget-{}-aB3dE9.tmp", std::process::id());
    fs::write(dir.path().join(&running), "still being written").unwrap();
    plan_budget().current_dir(dir.path()).args(["simulate", "w.toml", "--output", "out.txt"]).assert().success();
    let left = names(dir.path());
    assert!(!left.contains(&stale), "{left:?}");
    assert!(left.contains(&".tmp8Hx2ab".to_string()) && left.contains(&running), "{left:?}");
}

// ---------------------------------------------------------------------------------------------
// 5. a closed or full stderr never panics

#[test]
fn a_full_stderr_keeps_each_commands_exit_code() {
    let dir = scratch();
    file_in(&dir, "bad.toml", "schema = 1\nname = \"x\"\nstart = 2026-13-01\nmonths = 0\n");
    let runs = [
        (r#""$PB" validate bad.toml 2>/dev/full"#, 2),
        (r#""$PB" check w.toml --plan essential --max-cost 1 2>/dev/full"#, 1),
        (r#""$PB" simulate w.toml --format csv 2>/dev/full"#, 0), // a note: Free is not eligible
        (r#""$PB" simulate bad.toml 2>/dev/full"#, 2),
        (r#""$PB" validate bad.toml 2>&-"#, 2),
    ];
    for (script, code) in runs {
        let out = sh(dir.path(), script);
        assert_eq!(out.status.code(), Some(code), "{script}: {}", stderr(&out));
    }
}

#[test]
fn a_stderr_whose_reader_went_away_keeps_the_exit_code() {
    // `validate many-problems.toml 2>&1 | head -1`: the problems meet a closed pipe.
    let dir = scratch();
    let many =
        (0..200).map(|i| format!("[[activity]]\naction = \"nope{i}\"\ncount = 1\nper = \"day\"\n")).collect::<String>();
    let bad = file_in(&dir, "many.toml", &format!("schema = 1\nname = \"x\"\nstart = 2026-01-05\n{many}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_plan-budget"))
        .args(["validate", &bad])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// 6. a closed stdout

#[test]
fn a_closed_stdout_is_an_error_unless_the_report_goes_to_a_file() {
    let dir = scratch();
    let out = sh(dir.path(), r#""$PB" simulate w.toml >&-"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot write the report: stdout is closed"), "{}", stderr(&out));
    let out = sh(dir.path(), r#""$PB" simulate w.toml --plan premium --ledger - --output out.txt >&-"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot write the ledger: stdout is closed"), "{}", stderr(&out));
    assert!(!dir.path().join("out.txt").exists(), "nothing is written");
    let out = sh(dir.path(), r#""$PB" simulate w.toml --output out.txt >&-"#);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(dir.path().join("out.txt")).unwrap().contains("Freelance illustrator"));
    // `>/dev/null` is a choice, not a closed stream.
    assert_eq!(sh(dir.path(), r#""$PB" simulate w.toml >/dev/null"#).status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// 7. inputs are read once

#[test]
fn diff_reads_a_pipe_side_once() {
    let dir = scratch();
    let out = Command::new("bash")
        .arg("-c")
        .arg(r#""$PB" diff <(cat w.toml) w.toml && "$PB" diff /dev/stdin w.toml < w.toml && cat w.toml | "$PB" check /dev/stdin --plan premium --max-cost 1000"#)
        .current_dir(dir.path())
        .env("PB", env!("CARGO_BIN_EXE_plan-budget"))
        .env("PLAN_BUDGET_TODAY", "2026-04-01")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("0 of 6 plans changed").count(), 2, "{text}");
}

#[test]
fn a_saved_run_on_a_pipe_is_read_once_too() {
    let dir = scratch();
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--format", "json", "--output", "base.json"])
        .assert()
        .success();
    let out = Command::new("bash")
        .arg("-c")
        .arg(r#""$PB" diff <(cat base.json) w.toml && "$PB" check w.toml --plan premium --baseline /dev/stdin --max-increase 0 --max-cost 1000 < base.json"#)
        .current_dir(dir.path())
        .env("PB", env!("CARGO_BIN_EXE_plan-budget"))
        .env("PLAN_BUDGET_TODAY", "2026-04-01")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// 8–10. saved runs are input too

/// A saved run of the freelancer workload in `dir` as `base.json`, and `edit` of it as `name`.
fn saved_and_edited(dir: &tempfile::TempDir, name: &str, edit: impl Fn(&mut serde_json::Value)) -> String {
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--format", "json", "--output", "base.json"])
        .assert()
        .success();
    let mut doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("base.json")).unwrap()).unwrap();
    edit(&mut doc);
    file_in(dir, name, &serde_json::to_string_pretty(&doc).unwrap())
}

/// The entry of `plan` in a saved run.
fn entry<'a>(doc: &'a mut serde_json::Value, plan: &str) -> &'a mut serde_json::Value {
    doc["plans"].as_array_mut().unwrap().iter_mut().find(|p| p["plan"] == plan).unwrap()
}

#[test]
fn control_characters_in_a_saved_run_never_reach_the_terminal_or_the_markdown() {
    let dir = scratch();
    let head = saved_and_edited(&dir, "head.json", |doc| {
        doc["workload"]["name"] = "\u{1b}[31mRed\nname".into();
        let e = entry(doc, "premium");
        e["label"] = "Prem\u{1b}]0;title\u{7}ium\nrow".into();
        e["cost_cents"] = 99_900.into(); // a change, so the plan gets a row
    });
    for format in ["table", "markdown", "json"] {
        let out = plan_budget()
            .current_dir(dir.path())
            .args(["diff", "base.json", &head, "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{format}: {text}");
        assert!(text.contains("Prem\u{FFFD}]0;title\u{FFFD}ium\u{FFFD}row"), "{format}: {text}");
        if format == "markdown" {
            // Every table row is still one line: no newline broke a cell.
            assert!(text.lines().filter(|l| l.starts_with('|')).all(|l| l.ends_with('|')), "{text}");
        }
    }
    // check's warning names the saved workload, printable.
    let assert = plan_budget()
        .current_dir(dir.path())
        .args(["check", "w.toml", "--plan", "premium", "--baseline", &head, "--max-increase", "500"])
        .args(["--max-cost", "10000"])
        .assert()
        .code(0);
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(said.contains("\"\u{FFFD}[31mRed\u{FFFD}name\"") && !said.contains('\u{1b}'), "{said}");
}

#[test]
fn a_saved_verdict_must_be_one_of_the_five() {
    let dir = scratch();
    let head = saved_and_edited(&dir, "head.json", |doc| entry(doc, "premium")["verdict"] = "fits\u{1b}[2J".into());
    plan_budget()
        .current_dir(dir.path())
        .args(["diff", "base.json", &head])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "(plan `premium`): verdict \"fits\u{FFFD}[2J\" is not one of fits, topups, relaxed, waits, short",
        ))
        .stderr(predicate::str::contains("\u{1b}").not());
}

#[test]
fn numbers_no_real_run_can_produce_are_refused() {
    let dir = scratch();
    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, Edit, &str); 4] = [
        ("peak.json", |d| entry(d, "premium")["peak_period_tokens"] = u64::MAX.into(), "plans[2].peak_period_tokens"),
        ("cost.json", |d| entry(d, "premium")["cost_cents"] = i64::MAX.into(), "plans[2].cost_cents"),
        ("wait.json", |d| entry(d, "premium")["max_wait_days"] = u32::MAX.into(), "plans[2].max_wait_days"),
        ("more.json", |d| entry(d, "premium")["peak_period_tokens"] = 10_000_000.into(), "more than tokens.wanted"),
    ];
    for (name, edit, said) in cases {
        let head = saved_and_edited(&dir, name, edit);
        plan_budget()
            .current_dir(dir.path())
            .args(["diff", "base.json", &head, "--format", "json"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said));
        plan_budget()
            .current_dir(dir.path())
            .args(["check", "w.toml", "--plan", "premium", "--baseline", &head, "--max-increase", "5"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said));
    }
}

#[test]
fn token_counts_beyond_2_to_the_53_are_compared_exactly() {
    // 2^55 and 2^55 + 1 are the same f64: a difference of one token must still show.
    let dir = scratch();
    let big = 1_u64 << 55;
    let base = saved_and_edited(&dir, "b.json", |doc| {
        let e = entry(doc, "premium");
        e["tokens"]["wanted"] = big.into();
        e["peak_period_tokens"] = big.into();
    });
    let head = saved_and_edited(&dir, "h.json", |doc| {
        let e = entry(doc, "premium");
        e["tokens"]["wanted"] = (big + 1).into();
        e["peak_period_tokens"] = (big + 1).into();
    });
    let out = plan_budget().current_dir(dir.path()).args(["diff", &base, &head, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let premium = doc["plans"].as_array().unwrap().iter().find(|p| p["plan"] == "premium").unwrap();
    assert_eq!(premium["status"], "changed");
    assert_eq!(premium["change"]["tokens_wanted"]["amount"], 1);
    assert_eq!(premium["change"]["peak_period_tokens"]["amount"], 1);
    assert_eq!(premium["after"]["tokens_wanted"], big + 1);
}

#[test]
fn a_baseline_allowance_is_exact_at_the_largest_cost_a_run_can_have() {
    // Near the largest cost a run can report (2 × 10^18 cents), + 10 % of
    // 1,999,999,999,999,999,999 is 2,199,999,999,999,999,998.9: the allowance is
    // 2,199,999,999,999,999,998, which f64 arithmetic (53 bits) rounded to 2.2 × 10^18.
    let dir = scratch();
    let base = saved_and_edited(&dir, "b.json", |doc| {
        entry(doc, "premium")["cost_cents"] = 1_999_999_999_999_999_999_i64.into()
    });
    let out = plan_budget()
        .current_dir(dir.path())
        .args(["check", "w.toml", "--plan", "premium", "--baseline", &base, "--max-increase", "10", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = doc["checks"].as_array().unwrap().iter().find(|c| c["limit"] == "max_cost_increase").unwrap();
    assert_eq!(check["value"], 2_199_999_999_999_999_998_i64, "{check}");
}

#[test]
fn a_shape_error_in_a_saved_run_names_the_path_line_and_column() {
    let dir = scratch();
    let head = saved_and_edited(&dir, "head.json", |doc| entry(doc, "premium")["max_wait_days"] = "fits".into());
    let text = fs::read_to_string(&head).unwrap();
    // Where serde_json stops: just after the bad value.
    let (line, column) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"max_wait_days\": \"fits\""))
        .map(|(i, l)| (i + 1, l.find("\"fits\"").unwrap() + "\"fits\"".len()))
        .next()
        .unwrap();
    plan_budget().current_dir(dir.path()).args(["diff", "base.json", &head]).assert().code(2).stderr(
        predicate::str::contains(format!(
            "head.json:{line}:{column}: plans[2].max_wait_days (plan `premium`): invalid type: string \"fits\", expected a whole number"
        )),
    );
}

#[test]
fn the_saved_verdicts_are_the_verdicts_a_run_gives() {
    use plan_budget::engine::simulation::Verdict;
    let names: Vec<&str> =
        [Verdict::Fits, Verdict::Topups, Verdict::Relaxed, Verdict::Waits, Verdict::Short].map(Verdict::name).to_vec();
    assert_eq!(names, plan_budget::input::saved::VERDICTS);
}

// ---------------------------------------------------------------------------------------------
// 11–13. messages

/// `validate` of a workload made of `head` lines, an activity and `tail` lines: its stderr.
fn problems(head: &str, tail: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "schema = 1\nname = \"x\"\nstart = 2026-01-05\n{head}\n[[activity]]\naction = \"default\"\ncount = 1\nper = \"day\"\n{tail}\n"
    );
    let path = file_in(&dir, "w.toml", &text);
    let out = plan_budget().args(["validate", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{text}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_date_where_a_table_belongs_says_so_without_internal_names() {
    for (head, tail, said) in [
        ("policy = 2027-01-01", "", "expected a table, found a date"),
        ("", "addons = 2027-01-01", "expected a table, found a date"),
        ("", "then = [2027-01-01]", "expected a table, found a date"),
        ("", "then = 2027-01-01", "expected an array [..], found a date"),
        ("require = [2027-01-01]", "", "expected a string in quotes, found a date"),
        ("", "from = { year = 2027 }", "expected a date YYYY-MM-DD, found a table"),
    ] {
        let text = problems(head, tail);
        assert!(text.contains(said), "{head}{tail}: {text}");
        assert!(!text.contains("$__toml") && !text.contains("spanned") && !text.contains("custom name"), "{text}");
    }
}

#[test]
fn a_huge_string_value_is_cut_in_the_header_line_too() {
    let text = problems("", &format!("addons = {{ \"{}\" = 1 }}", "m".repeat(1_000_000)));
    let header = text.lines().next().unwrap();
    assert!(header.len() < 200, "{}", &header[..200]);
    assert!(header.contains(&format!("`{}…`", "m".repeat(40))), "{header}");
    assert!(text.len() < 2_000, "the whole report stays short: {} bytes", text.len());
}

#[test]
fn the_token_limit_has_one_bound_in_the_workload_and_as_a_flag() {
    let text = problems("[budget]\nmax_tokens_per_month = 18446744073709551615", "");
    assert!(
        text.contains("`max_tokens_per_month` must be between 0 and 1000000000000000000, found 18446744073709551615"),
        "{text}"
    );
    assert!(text.contains("--max-tokens-per-month"), "the message names the flag: {text}");
    let workload = format!("{}/workloads/freelancer.toml", root());
    plan_budget()
        .args(["check", &workload, "--plan", "premium", "--max-tokens-per-month", "18446744073709551615"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("18446744073709551615 is not in 0..=1000000000000000000"));
    // The bound itself is accepted by both.
    plan_budget()
        .args(["check", &workload, "--plan", "premium", "--max-tokens-per-month", "1000000000000000000"])
        .args(["--max-cost", "1000", "--max-relaxed-share", "1"])
        .assert()
        .code(0);
}

#[test]
fn a_size_out_of_range_gives_the_range() {
    plan_budget()
        .args(["cost", "gpt_image_1_5", "--size", "100001x1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--size 100001x1: the width and height must each be 1 to 100000 pixels"));
}

#[test]
fn an_overflowing_workload_says_more_than_1e18_charges() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(
        &dir,
        "w.toml",
        "schema = 1\nname = \"x\"\nstart = 2026-01-05\nmonths = 1200\ngrowth = 10\n[[activity]]\naction = \"default\"\ncount = 1\nper = \"day\"\n",
    );
    plan_budget()
        .args(["simulate", &path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("wants more than 1e18 charges").and(predicate::str::contains("inf").not()));
}

#[test]
fn a_date_time_start_asks_for_a_date_without_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in(
        &dir,
        "w.toml",
        "schema = 1\nname = \"x\"\nstart = 2026-01-05T10:00:00\n[[activity]]\naction = \"default\"\ncount = 1\nper = \"day\"\n",
    );
    plan_budget()
        .args(["validate", &path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`start` must be a date without a time, found 2026-01-05T10:00:00"));
}

#[test]
fn an_empty_no_color_keeps_the_colour() {
    // no-color.org: NO_COLOR disables colour when present and not empty.
    let boxed = |out: Vec<u8>| String::from_utf8(out).unwrap().contains('┌');
    assert!(boxed(plan_budget().env("NO_COLOR", "").arg("plans").output().unwrap().stdout));
    assert!(!boxed(plan_budget().env("NO_COLOR", "1").arg("plans").output().unwrap().stdout));
}

// ---------------------------------------------------------------------------------------------
// The second hostile pass

#[test]
fn two_outputs_to_stderr_are_refused_like_two_to_stdout() {
    let dir = scratch();
    plan_budget()
        .current_dir(dir.path())
        .args(["simulate", "w.toml", "--plan", "premium", "--output", "/dev/stderr", "--ledger", "/proc/self/fd/2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--ledger and --output would both write to stderr"));
}

#[test]
fn a_report_that_no_check_can_read_never_replaces_the_baseline() {
    // `check … --baseline b.json --output b.json` without `--format json` would leave a table
    // where the baseline was: the next check could not read it.
    let dir = scratch();
    let cmd = |args: &[&str]| plan_budget().current_dir(dir.path()).args(args).assert();
    cmd(&["simulate", "w.toml", "--plan", "premium", "--format", "json", "--output", "b.json"]).success();
    let saved = fs::read_to_string(dir.path().join("b.json")).unwrap();
    for format in ["table", "markdown"] {
        cmd(&[
            "check",
            "w.toml",
            "--plan",
            "premium",
            "--baseline",
            "b.json",
            "--max-increase",
            "5",
            "--max-cost",
            "1000",
            "--max-relaxed-share",
            "1",
            "--output",
            "b.json",
            "--format",
            format,
        ])
        .code(2)
        .stderr(predicate::str::contains(format!("would replace the baseline b.json with a {format} report")));
        assert_eq!(fs::read_to_string(dir.path().join("b.json")).unwrap(), saved);
    }
}

#[test]
fn a_saved_run_with_very_many_plans_is_read_in_linear_time() {
    // 100,000 entries: pairing them one by one against each other took minutes.
    let dir = tempfile::tempdir().unwrap();
    let plans: Vec<String> = (0..100_000)
        .map(|i| format!(r#"{{"plan": "p{i}", "label": "P", "billing": "monthly", "eligible": false, "reason": "r"}}"#))
        .collect();
    let run = format!(r#"{{"schema": "plan-budget/1", "workload": {{"name": "w"}}, "plans": [{}]}}"#, plans.join(","));
    let path = file_in(&dir, "many.json", &run);
    plan_budget()
        .args(["diff", &path, &path])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("w: 0 of 100000 plans changed"));
}

#[cfg(unix)]
#[test]
fn a_file_root_replaces_keeps_its_owner_and_loses_set_id_bits() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // SAFETY: geteuid only reads this process's user id.
    if unsafe { libc::geteuid() } != 0 {
        return; // only root can give a file away
    }
    let dir = scratch();
    let out = dir.path().join("theirs.txt");
    fs::write(&out, "previous\n").unwrap();
    std::os::unix::fs::chown(&out, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o4664)).unwrap();
    plan_budget().current_dir(dir.path()).args(["simulate", "w.toml", "--output", "theirs.txt"]).assert().success();
    let m = fs::metadata(&out).unwrap();
    assert_eq!((m.uid(), m.gid()), (65534, 65534), "the owner a shell redirect would have kept");
    assert_eq!(mode(&out), 0o664, "the mode, without set-user-ID");
}

// ---------------------------------------------------------------------------------------------
// The second pass: the commands added since (sample, fit, status --ledger, man --dir)

#[test]
fn the_newer_commands_never_overwrite_their_inputs_by_any_name() {
    let dir = scratch();
    std::os::unix::fs::symlink("w.toml", dir.path().join("link.toml")).unwrap();
    let out = sh(
        dir.path(),
        "$PB sample w.toml --seed 1 --output h.csv && cp h.csv h.bak && \
         ! $PB sample w.toml --seed 1 --output /proc/self/cwd/w.toml && \
         ! $PB fit h.csv --output h.csv && \
         ! $PB status w.toml --plan premium --renews 2026-04-20 --ledger link.toml && \
         cmp h.csv h.bak",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("--output /proc/self/cwd/w.toml would overwrite the input w.toml"), "{err}");
    assert!(err.contains("--output h.csv would overwrite the input h.csv"), "{err}");
    assert!(err.contains("--ledger link.toml would overwrite the input w.toml"), "{err}");
    assert_eq!(fs::read_to_string(dir.path().join("w.toml")).unwrap(), freelancer());
}

#[cfg(unix)]
#[test]
fn man_dir_refuses_a_write_protected_page_unless_forced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let out =
        sh(dir.path(), "$PB man --dir . && chmod 444 plan-budget.1 && ! $PB man --dir . && $PB man --dir . --force");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write ./plan-budget.1: the file is write-protected (mode 0444)"),
        "{}",
        stderr(&out)
    );
    let mode = fs::metadata(dir.path().join("plan-budget.1")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "--force replaces it and keeps its mode");
}

#[test]
fn a_sampled_history_to_a_closed_stdout_is_an_error() {
    let dir = scratch();
    let out = sh(dir.path(), "$PB sample w.toml --seed 1 --output - >&-");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("stdout is closed"), "{}", stderr(&out));
}
