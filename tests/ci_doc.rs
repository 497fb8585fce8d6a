//! The CI recipes in docs/ci.md are run as written: the plain shell script and the GitHub
//! Actions job's `run:` steps, against a throwaway repository whose pull-request branch
//! either keeps the studio workload within its `[budget]` or blows it. A team pastes these
//! snippets, so a snippet that stopped working is a bug like any other.

use crate::util::root;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WORKLOAD: &str = "workloads/studio.toml";
/// The pull request that triples the Alchemy V2 prop concepts.
const HEAVY_FROM: &str = "action = \"alchemy_v2\"\nimages = 4\ncount = 10\n";
const HEAVY_TO: &str = "action = \"alchemy_v2\"\nimages = 4\ncount = 30\n";

/// The fenced block of `lang` in docs/ci.md whose text contains `marker`.
fn doc_block(lang: &str, marker: &str) -> String {
    let doc = fs::read_to_string(format!("{}/docs/ci.md", root())).unwrap();
    let fence = format!("```{lang}\n");
    doc.split(&fence)
        .skip(1)
        .map(|rest| &rest[..rest.find("```").unwrap()])
        .find(|block| block.contains(marker))
        .unwrap_or_else(|| panic!("docs/ci.md has no ```{lang} block with {marker:?}"))
        .to_string()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A clone whose `origin/main` holds the example studio workload, checked out on a branch
/// `pr` where the workload is changed by `edit`.
fn pull_request(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let upstream = dir.path().join("upstream");
    fs::create_dir_all(upstream.join("workloads")).unwrap();
    let base = fs::read_to_string(format!("{}/{WORKLOAD}", root())).unwrap();
    fs::write(upstream.join(WORKLOAD), &base).unwrap();
    git(&upstream, &["init", "-q", "-b", "main"]);
    git(&upstream, &["-c", "user.name=ci", "-c", "user.email=ci@example.com", "add", "."]);
    git(&upstream, &["-c", "user.name=ci", "-c", "user.email=ci@example.com", "commit", "-qm", "base"]);
    git(dir.path(), &["clone", "-q", "upstream", "work"]);
    let work = dir.path().join("work");
    git(&work, &["checkout", "-qb", "pr"]);
    fs::write(work.join(WORKLOAD), edit(&base)).unwrap();
    dir
}

fn work(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("work")
}

fn heavy(base: &str) -> String {
    assert!(base.contains(HEAVY_FROM), "the studio workload changed: update HEAVY_FROM");
    base.replace(HEAVY_FROM, HEAVY_TO)
}

fn light(base: &str) -> String {
    format!("{base}\n# A comment-only change.\n")
}

/// `bash` with the built binary first on PATH, as if installed.
fn bash(dir: &Path) -> Command {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_plan-budget"));
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("bash");
    cmd.current_dir(dir).env("PATH", path).env("NO_COLOR", "1").env("PLAN_BUDGET_TODAY", "2026-04-01");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run_gate_script(dir: &tempfile::TempDir) -> Output {
    let script = dir.path().join("budget-gate.sh");
    fs::write(&script, doc_block("sh", "budget-gate.sh WORKLOAD PLAN")).unwrap();
    bash(&work(dir)).arg(&script).args([WORKLOAD, "premium"]).output().unwrap()
}

#[test]
fn the_shell_gate_passes_a_change_within_budget() {
    let dir = pull_request(light);
    let out = run_gate_script(&dir);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("token budget: within limits"));
}

#[test]
fn the_shell_gate_fails_a_change_that_blows_the_budget_and_says_which_limit() {
    let dir = pull_request(heavy);
    let out = run_gate_script(&dir);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let breached = stdout.lines().any(|l| l.contains("peak tokens per month") && l.contains("FAIL"));
    assert!(breached, "the check table names the breach:\n{stdout}");
    assert!(text(&out.stderr).contains("token budget: a limit is breached"));
}

#[derive(Deserialize)]
struct Workflow {
    jobs: BTreeMap<String, Job>,
}

#[derive(Deserialize)]
struct Job {
    steps: Vec<Step>,
}

#[derive(Deserialize)]
struct Step {
    name: Option<String>,
    run: Option<String>,
}

struct StepResult {
    name: String,
    output: Output,
}

/// Runs the documented workflow's `run:` steps the way a GitHub runner does (bash -eo
/// pipefail), stopping at the first failure. The install step is replaced by the built binary.
fn run_workflow(dir: &tempfile::TempDir) -> (Vec<StepResult>, String) {
    let workflow: Workflow = serde_yaml_ng::from_str(&doc_block("yaml", "name: Token budget")).unwrap();
    let runner_temp = dir.path().join("runner-temp");
    fs::create_dir_all(&runner_temp).unwrap();
    let summary = dir.path().join("summary.md");
    let mut results = Vec::new();
    for step in workflow.jobs.values().flat_map(|job| &job.steps) {
        let Some(run) = &step.run else { continue };
        if run.contains("cargo install") {
            continue;
        }
        let script = run.replace("${{ github.base_ref }}", "main");
        assert!(!script.contains("${{"), "an expression the test does not provide: {script}");
        let output = bash(&work(dir))
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .env("RUNNER_TEMP", &runner_temp)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        let failed = !output.status.success();
        results.push(StepResult { name: step.name.clone().unwrap_or_default(), output });
        if failed {
            break;
        }
    }
    (results, fs::read_to_string(summary).unwrap_or_default())
}

#[test]
fn the_github_workflow_passes_a_change_within_budget_and_writes_the_diff_summary() {
    let dir = pull_request(light);
    let (steps, summary) = run_workflow(&dir);
    for step in &steps {
        assert!(step.output.status.success(), "{} failed: {}", step.name, text(&step.output.stderr));
    }
    assert_eq!(steps.last().map(|s| s.name.as_str()), Some("Check the budget"));
    assert!(summary.contains("Premium"), "the job summary holds the diff table:\n{summary}");
}

#[test]
fn the_github_workflow_fails_the_check_step_when_the_budget_is_blown() {
    let dir = pull_request(heavy);
    let (steps, summary) = run_workflow(&dir);
    let last = steps.last().unwrap();
    assert_eq!(last.name, "Check the budget", "only the check step fails");
    assert_eq!(last.output.status.code(), Some(1), "stderr: {}", text(&last.output.stderr));
    assert!(text(&last.output.stdout).contains("FAIL"));
    assert!(summary.contains('+'), "the diff in the summary shows the rise:\n{summary}");
}
