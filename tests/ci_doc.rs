//! The CI recipes in docs/ci.md are run as written: the plain shell script, the GitHub
//! Actions job's `run:` steps and the GitLab job's `script:`, against a throwaway repository
//! whose pull-request branch keeps the studio workload within its `[budget]`, warns, or blows
//! it. The comment steps talk to fakes of `gh` and `curl` (a comment store in a JSON file, every
//! call logged), so the tests see one comment created, edited on the next push and deleted when
//! the pull request is back within budget. A team pastes these snippets, so a snippet that
//! stopped working is a bug like any other. The fakes need `jq`, as the recipes do.

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
    #[serde(default)]
    env: BTreeMap<String, serde_yaml_ng::Value>,
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
    #[serde(default)]
    env: BTreeMap<String, serde_yaml_ng::Value>,
}

struct StepResult {
    name: String,
    output: Output,
}

/// A YAML scalar as the runner puts it in the environment.
fn scalar(v: &serde_yaml_ng::Value) -> String {
    match v {
        serde_yaml_ng::Value::String(s) => s.clone(),
        serde_yaml_ng::Value::Number(n) => n.to_string(),
        serde_yaml_ng::Value::Bool(b) => b.to_string(),
        other => panic!("an env value the test does not handle: {other:?}"),
    }
}

/// The pull request the fake GitHub and GitLab serve: repository `octo/studio`, number 7.
const REPO: &str = "octo/studio";
const PR: &str = "7";

/// `${{ … }}` expressions the documented workflow may use, as the runner would expand them.
fn expand(text: &str) -> String {
    let out = text
        .replace("${{ github.base_ref }}", "main")
        .replace("${{ github.token }}", "test-token")
        .replace("${{ github.event.pull_request.number }}", PR);
    assert!(!out.contains("${{"), "an expression the test does not provide: {out}");
    out
}

/// A stand-in for the GitHub CLI on PATH: `gh api` on the pull request's issue comments, kept
/// as JSON in $FAKE_STATE; every call is logged as `METHOD PATH` in $FAKE_LOG. It refuses what
/// the real one would (no token, a wrong path, an unknown comment) and every option it does not
/// know, so the documented step cannot drift from what is tested.
const FAKE_GH: &str = r#"#!/usr/bin/env bash
set -euo pipefail
[ -n "${GH_TOKEN:-}" ] || { echo "gh: set the GH_TOKEN environment variable" >&2; exit 4; }
[ "${1:-}" = api ] || { echo "fake gh: only 'gh api' is known: $*" >&2; exit 1; }
shift
method=""; path=""; body=""; has_body=0
while [ $# -gt 0 ]; do
  case "$1" in
    --method|-X) method=$2; shift 2 ;;
    --paginate) shift ;;
    -F|--field)
      case "$2" in body=@*) body=$(cat "${2#body=@}"); has_body=1 ;; *) echo "fake gh: field $2" >&2; exit 1 ;; esac
      shift 2 ;;
    -*) echo "fake gh: option $1" >&2; exit 1 ;;
    *) [ -z "$path" ] || { echo "fake gh: a second path $1" >&2; exit 1; }; path=$1; shift ;;
  esac
done
[ -n "$method" ] || { [ "$has_body" = 1 ] && method=POST || method=GET; }
echo "$method $path" >> "$FAKE_LOG"
[ -f "$FAKE_STATE" ] || echo '[]' > "$FAKE_STATE"
list="repos/$FAKE_REPO/issues/$FAKE_PR/comments"
one='^repos/'"$FAKE_REPO"'/issues/comments/([0-9]+)$'
case "$method $path" in
  "GET $list") jq -c . "$FAKE_STATE" ;;
  "POST $list")
    id=$(jq '(map(.id) | max // 100) + 1' "$FAKE_STATE")
    jq --argjson id "$id" --arg body "$body" '. + [{id: $id, body: $body}]' "$FAKE_STATE" > "$FAKE_STATE.new"
    mv "$FAKE_STATE.new" "$FAKE_STATE"
    jq -c --argjson id "$id" '.[] | select(.id == $id)' "$FAKE_STATE" ;;
  PATCH\ *|DELETE\ *)
    [[ $path =~ $one ]] || { echo "gh: HTTP 404: Not Found ($path)" >&2; exit 1; }
    id=${BASH_REMATCH[1]}
    jq -e --argjson id "$id" 'any(.id == $id)' "$FAKE_STATE" > /dev/null \
      || { echo "gh: HTTP 404: Not Found (comment $id)" >&2; exit 1; }
    if [ "$method" = PATCH ]; then
      jq --argjson id "$id" --arg body "$body" 'map(if .id == $id then .body = $body else . end)' "$FAKE_STATE" > "$FAKE_STATE.new"
    else
      jq --argjson id "$id" 'map(select(.id != $id))' "$FAKE_STATE" > "$FAKE_STATE.new"
    fi
    mv "$FAKE_STATE.new" "$FAKE_STATE" ;;
  *) echo "gh: HTTP 404: Not Found ($method $path)" >&2; exit 1 ;;
esac
"#;

/// A stand-in for `curl` against GitLab's merge request notes API, with the same store and
/// log as the fake `gh` (`PUT` for an edit).
const FAKE_CURL: &str = r#"#!/usr/bin/env bash
set -euo pipefail
method=GET; url=""; body=""; has_body=0; token=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fail|--silent|--show-error|-fsS) shift ;;
    --request|-X) method=$2; shift 2 ;;
    --header|-H) case "$2" in "PRIVATE-TOKEN: "*) token=${2#PRIVATE-TOKEN: } ;; esac; shift 2 ;;
    --data-urlencode)
      case "$2" in body@*) body=$(cat "${2#body@}"); has_body=1 ;; *) echo "fake curl: data $2" >&2; exit 2 ;; esac
      shift 2 ;;
    -*) echo "fake curl: option $1" >&2; exit 2 ;;
    *) url=$1; shift ;;
  esac
done
[ -n "$token" ] || { echo "curl: (22) The requested URL returned error: 401" >&2; exit 22; }
[ "$has_body" = 0 ] || [ "$method" != GET ] || method=POST
api="$FAKE_API/projects/$FAKE_PROJECT/merge_requests/$FAKE_PR/notes"
path=${url#"$FAKE_API/"}
echo "$method ${path%%\?*}" >> "$FAKE_LOG"
[ -f "$FAKE_STATE" ] || echo '[]' > "$FAKE_STATE"
case "$method ${url%%\?*}" in
  "GET $api") jq -c . "$FAKE_STATE" ;;
  "POST $api")
    id=$(jq '(map(.id) | max // 100) + 1' "$FAKE_STATE")
    jq --argjson id "$id" --arg body "$body" '. + [{id: $id, body: $body}]' "$FAKE_STATE" > "$FAKE_STATE.new"
    mv "$FAKE_STATE.new" "$FAKE_STATE"
    jq -c --argjson id "$id" '.[] | select(.id == $id)' "$FAKE_STATE" ;;
  "PUT $api/"*|"DELETE $api/"*)
    id=${url##*/}
    jq -e --argjson id "$id" 'any(.id == $id)' "$FAKE_STATE" > /dev/null \
      || { echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; }
    if [ "$method" = PUT ]; then
      jq --argjson id "$id" --arg body "$body" 'map(if .id == $id then .body = $body else . end)' "$FAKE_STATE" > "$FAKE_STATE.new"
    else
      jq --argjson id "$id" 'map(select(.id != $id))' "$FAKE_STATE" > "$FAKE_STATE.new"
    fi
    mv "$FAKE_STATE.new" "$FAKE_STATE" ;;
  *) echo "curl: (22) The requested URL returned error: 404 ($method $url)" >&2; exit 22 ;;
esac
"#;

/// The fake services of one pull request: the comment store (seeded with a reviewer's comment
/// and another workload's budget comment, which must survive) and the call log.
struct Forge {
    bin: PathBuf,
    state: PathBuf,
    log: PathBuf,
}

impl Forge {
    fn new(dir: &tempfile::TempDir) -> Forge {
        let jq = Command::new("jq").arg("--version").output();
        assert!(jq.is_ok_and(|o| o.status.success()), "the CI recipes and their fakes need jq on PATH");
        let bin = dir.path().join("fake-bin");
        fs::create_dir_all(&bin).unwrap();
        for (name, text) in [("gh", FAKE_GH), ("curl", FAKE_CURL)] {
            let path = bin.join(name);
            fs::write(&path, text).unwrap();
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let state = dir.path().join("comments.json");
        let seed = serde_json::json!([
            {"id": 11, "body": "Looks good to me."},
            {"id": 12, "body": "<!-- plan-budget: Another workload -->\n**Token budget diff:** another one"},
        ]);
        fs::write(&state, seed.to_string()).unwrap();
        Forge { bin, state, log: dir.path().join("calls.log") }
    }

    /// Sets the fakes' environment on a step's command; PATH puts them first.
    fn env(&self, cmd: &mut Command) {
        let path = format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap_or_default());
        let plan_budget = PathBuf::from(env!("CARGO_BIN_EXE_plan-budget"));
        let path = format!("{}:{path}", plan_budget.parent().unwrap().display());
        cmd.env("PATH", path)
            .env("FAKE_STATE", &self.state)
            .env("FAKE_LOG", &self.log)
            .env("FAKE_REPO", REPO)
            .env("FAKE_PR", PR)
            .env("FAKE_API", "https://gitlab.example.com/api/v4")
            .env("FAKE_PROJECT", "42");
    }

    /// The calls made since the last look, and forgets them.
    fn calls(&self) -> Vec<String> {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        let _ = fs::remove_file(&self.log);
        text.lines().map(String::from).collect()
    }

    fn comments(&self) -> Vec<(u64, String)> {
        let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&self.state).unwrap()).unwrap();
        v.as_array().unwrap().iter().map(|c| (c["id"].as_u64().unwrap(), c["body"].as_str().unwrap().into())).collect()
    }

    /// The budget comment of the studio workload, if any.
    fn budget_comment(&self) -> Option<(u64, String)> {
        let marker = "<!-- plan-budget: Game studio texture pipeline -->";
        let mine: Vec<_> = self.comments().into_iter().filter(|(_, b)| b.starts_with(marker)).collect();
        assert!(mine.len() <= 1, "one budget comment per workload: {mine:?}");
        mine.into_iter().next()
    }
}

/// Runs the documented workflow's `run:` steps the way a GitHub runner does (bash -eo
/// pipefail, `GITHUB_ACTIONS=true`, the workflow's and the step's `env:`), stopping at the
/// first failure. The install step is replaced by the built binary; `gh` is the fake.
fn run_workflow(dir: &tempfile::TempDir, forge: &Forge) -> (Vec<StepResult>, String) {
    let workflow: Workflow = serde_yaml_ng::from_str(&doc_block("yaml", "name: Token budget")).unwrap();
    // A fresh runner for every push.
    let runner = tempfile::tempdir_in(dir.path()).unwrap();
    let runner_temp = runner.path().join("temp");
    fs::create_dir_all(&runner_temp).unwrap();
    let summary = runner.path().join("summary.md");
    let mut results = Vec::new();
    for step in workflow.jobs.values().flat_map(|job| &job.steps) {
        let Some(run) = &step.run else { continue };
        if run.contains("cargo install") {
            continue;
        }
        let mut cmd = bash(&work(dir));
        forge.env(&mut cmd);
        for (k, v) in workflow.env.iter().chain(&step.env) {
            cmd.env(k, expand(&scalar(v)));
        }
        let output = cmd
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &expand(run)])
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_REPOSITORY", REPO)
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

/// Pushes a new version of the pull request: the workload as `edit` makes it from the base.
fn push(dir: &tempfile::TempDir, edit: impl Fn(&str) -> String) {
    let base = fs::read_to_string(format!("{}/{WORKLOAD}", root())).unwrap();
    fs::write(work(dir).join(WORKLOAD), edit(&base)).unwrap();
}

fn step<'a>(steps: &'a [StepResult], name: &str) -> &'a StepResult {
    steps.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no step {name} ran"))
}

#[test]
fn the_github_workflow_passes_a_change_within_budget_and_writes_the_diff_summary() {
    let dir = pull_request(light);
    let forge = Forge::new(&dir);
    let (steps, summary) = run_workflow(&dir, &forge);
    for step in &steps {
        assert!(step.output.status.success(), "{} failed: {}", step.name, text(&step.output.stderr));
    }
    assert_eq!(steps.last().map(|s| s.name.as_str()), Some("Check the budget"));
    assert!(summary.contains("Premium"), "the job summary holds the diff table:\n{summary}");
    let comment_step = step(&steps, "Budget comment on the pull request");
    assert!(text(&comment_step.output.stderr).contains("nothing printed (--quiet-below)"));
    assert_eq!(forge.calls(), [format!("GET repos/{REPO}/issues/{PR}/comments")], "nothing to post");
}

#[test]
fn the_github_workflow_fails_the_check_step_when_the_budget_is_blown() {
    let dir = pull_request(heavy);
    let forge = Forge::new(&dir);
    let (steps, summary) = run_workflow(&dir, &forge);
    let last = steps.last().unwrap();
    assert_eq!(last.name, "Check the budget", "only the check step fails");
    assert_eq!(last.output.status.code(), Some(1), "stderr: {}", text(&last.output.stderr));
    assert!(text(&last.output.stdout).contains("FAIL"));
    assert!(text(&last.output.stderr).contains("::error file=workloads/studio.toml"), "an annotation");
    assert!(summary.contains('+'), "the diff in the summary shows the rise:\n{summary}");
    let (_, body) = forge.budget_comment().expect("the comment is posted before the check fails");
    assert!(body.contains("**FAIL** (cost > 10%, peak > 10%)"), "{body}");
}

/// Environment concepts on Alchemy V2 instead of Lightning XL: Premium $400.00 → $440.00
/// (+10.0 %: Alchemy no longer runs relaxed, so the extra work buys packs), peak 48,296 → 51,516
/// (+6.7 %): above the 5 % warn tier, not above the 10 % fail tier (exactly 10 % passes).
fn alchemy(base: &str) -> String {
    const FROM: &str = "action = \"alchemy_v2_lightning_xl\"";
    assert!(base.contains(FROM), "the studio workload changed: update alchemy()");
    base.replacen(FROM, "action = \"alchemy_v2\"", 1)
}

#[test]
fn the_github_comment_is_posted_once_updated_on_the_next_push_and_deleted_when_back_within_budget() {
    let dir = pull_request(alchemy);
    let forge = Forge::new(&dir);
    let list = format!("GET repos/{REPO}/issues/{PR}/comments");

    // Push 1, a rise at the warn tier: the comment is created and the job passes with a warning.
    let (steps, _) = run_workflow(&dir, &forge);
    assert!(steps.iter().all(|s| s.output.status.success()), "{}", text(&steps.last().unwrap().output.stderr));
    assert_eq!(forge.calls(), [list.clone(), format!("POST repos/{REPO}/issues/{PR}/comments")]);
    let (id, body) = forge.budget_comment().expect("a budget comment");
    assert!(body.contains("| Premium | $400.00 → $440.00 (+$40.00, +10.0%) |"), "{body}");
    assert!(body.contains("WARN (cost > 5%)"), "{body}");
    let check = step(&steps, "Check the budget");
    assert!(text(&check.output.stdout).contains("WARN: 6 of 6 limits met; 1 above the warn tier"));
    let stderr = text(&check.output.stderr);
    assert!(
        stderr.contains("plan-budget check: WARN") && stderr.contains("::warning file=workloads/studio.toml"),
        "{stderr}"
    );

    // Push 2, a rise at the fail tier: the same comment is edited, and the check fails the job.
    push(&dir, heavy);
    let (steps, _) = run_workflow(&dir, &forge);
    assert_eq!(steps.last().map(|s| (s.name.as_str(), s.output.status.code())), Some(("Check the budget", Some(1))));
    assert_eq!(forge.calls(), [list.clone(), format!("PATCH repos/{REPO}/issues/comments/{id}")]);
    let (same, body) = forge.budget_comment().unwrap();
    assert_eq!(same, id, "edited in place");
    assert!(body.contains("**FAIL**"), "{body}");

    // Push 3, back to a comment-only change: silent, and the stale comment is deleted.
    push(&dir, light);
    let (steps, _) = run_workflow(&dir, &forge);
    assert!(steps.iter().all(|s| s.output.status.success()));
    assert_eq!(forge.calls(), [list.clone(), format!("DELETE repos/{REPO}/issues/comments/{id}")]);
    assert!(forge.budget_comment().is_none());
    // The reviewer's comment and another workload's budget comment are untouched.
    assert_eq!(forge.comments().iter().map(|c| c.0).collect::<Vec<_>>(), [11, 12]);

    // Push 4, still quiet: nothing to post, nothing to delete.
    let (steps, _) = run_workflow(&dir, &forge);
    assert!(steps.iter().all(|s| s.output.status.success()));
    assert_eq!(forge.calls(), [list]);
}

#[derive(Deserialize)]
struct GitlabJob {
    variables: BTreeMap<String, serde_yaml_ng::Value>,
    script: Vec<String>,
}

/// Runs the documented GitLab job's `script:` (the `before_script` installs tools the test
/// provides) in one bash session with `-eo pipefail`, as the runner does, with the merge
/// request's predefined variables; `curl` is the fake. Returns the output and the JUnit report.
fn run_gitlab_job(dir: &tempfile::TempDir, forge: &Forge) -> (Output, Option<String>) {
    let doc: BTreeMap<String, GitlabJob> = serde_yaml_ng::from_str(&doc_block("yaml", "token-budget:")).unwrap();
    let job = &doc["token-budget"];
    let _ = fs::remove_file(work(dir).join("budget.xml"));
    let mut cmd = bash(&work(dir));
    forge.env(&mut cmd);
    for (k, v) in &job.variables {
        cmd.env(k, scalar(v));
    }
    let output = cmd
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &job.script.join("\n")])
        .env("CI_PIPELINE_SOURCE", "merge_request_event")
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
        .env("CI_API_V4_URL", "https://gitlab.example.com/api/v4")
        .env("CI_PROJECT_ID", "42")
        .env("CI_MERGE_REQUEST_IID", PR)
        .env("BUDGET_BOT_TOKEN", "bot-token")
        .output()
        .unwrap();
    (output, fs::read_to_string(work(dir).join("budget.xml")).ok())
}

#[test]
fn the_gitlab_job_keeps_one_note_up_to_date_and_reports_the_check_as_junit() {
    let dir = pull_request(alchemy);
    let forge = Forge::new(&dir);
    let notes = "projects/42/merge_requests/7/notes";
    let failures = |xml: &str| {
        let doc = roxmltree::Document::parse(xml).expect("JUnit XML");
        doc.root_element().attribute("failures").unwrap().to_string()
    };

    // A rise at the warn tier: a note, a passing job, a warning in the log, no JUnit failure.
    let (out, junit) = run_gitlab_job(&dir, &forge);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("plan-budget check: WARN"));
    assert_eq!(forge.calls(), [format!("GET {notes}"), format!("POST {notes}")]);
    assert_eq!(failures(&junit.expect("budget.xml")), "0");
    let (id, body) = forge.budget_comment().unwrap();
    assert!(body.contains("WARN (cost > 5%)"), "{body}");

    // At the fail tier: the note is edited and the job fails, with the breaches in the report.
    push(&dir, heavy);
    let (out, junit) = run_gitlab_job(&dir, &forge);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(forge.calls(), [format!("GET {notes}"), format!("PUT {notes}/{id}")]);
    assert_ne!(failures(&junit.expect("budget.xml written when the check fails")), "0");
    assert!(forge.budget_comment().unwrap().1.contains("**FAIL**"));

    // Back within budget: silent, and the note is deleted.
    push(&dir, light);
    let (out, _) = run_gitlab_job(&dir, &forge);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(forge.calls(), [format!("GET {notes}"), format!("DELETE {notes}/{id}")]);
    assert!(forge.budget_comment().is_none());
    assert_eq!(forge.comments().len(), 2, "the other notes stay");
}
