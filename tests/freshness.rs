//! The stale-price warning (issue 16): a catalog whose `as_of` is more than 180 days old is
//! flagged once: at the end of table output, or on stderr for machine formats (where `--quiet`
//! silences it). `--prices-checked DATE` / `PLAN_BUDGET_PRICES_CHECKED=DATE` says the user
//! checked the prices on DATE, so the warning counts from then, and other notes stay.

use crate::util::{file_in, plan_budget};

/// 240 days after the embedded catalog's `as_of` (2026-12-02).
const LATE: &str = "2027-07-30";
const WARNING: &str = "warning: prices checked 2026-12-02, 240 days ago: check the Generate button, or pass \
--catalog with your own figures; then say so with --prices-checked DATE (or PLAN_BUDGET_PRICES_CHECKED=DATE)\n";

fn run(today: &str, args: &[&str], env: Option<&str>) -> (String, String, Option<i32>) {
    let mut cmd = plan_budget();
    cmd.env("PLAN_BUDGET_TODAY", today).env_remove("PLAN_BUDGET_PRICES_CHECKED").args(args);
    if let Some(date) = env {
        cmd.env("PLAN_BUDGET_PRICES_CHECKED", date);
    }
    let out = cmd.output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code())
}

#[test]
fn a_stale_catalog_is_flagged_once_at_the_end_of_table_output_and_not_on_stderr() {
    let (stdout, stderr, code) = run(LATE, &["plans"], None);
    assert_eq!(code, Some(0));
    assert!(stdout.ends_with(&format!("\n\n{WARNING}")), "{stdout}");
    assert_eq!(stdout.matches("warning: prices checked").count(), 1);
    assert!(stdout.contains("figures checked 2026-12-02"));
    assert_eq!(stderr, "");
    // --quiet is about stderr: the table still says it (acknowledge instead, below).
    let (quiet, _, _) = run(LATE, &["plans", "--quiet"], None);
    assert!(quiet.ends_with(WARNING));
}

#[test]
fn machine_formats_keep_stdout_clean_and_warn_on_stderr_unless_quiet() {
    let (stdout, stderr, _) = run(LATE, &["actions", "--format", "json"], None);
    assert!(serde_json::from_str::<serde_json::Value>(&stdout).is_ok());
    assert_eq!(stderr, WARNING);
    let (_, quiet, _) = run(LATE, &["actions", "--format", "json", "--quiet"], None);
    assert_eq!(quiet, "");
}

#[test]
fn one_hundred_and_eighty_days_is_not_stale_yet() {
    let (stdout, stderr, _) = run("2027-05-31", &["plans"], None);
    assert!(!stdout.contains("warning:") && stderr.is_empty());
}

#[test]
fn prices_checked_acknowledges_the_warning_and_leaves_other_notes() {
    // A workload that needs a feature no plan has: its note must still reach stderr.
    let dir = tempfile::tempdir().unwrap();
    let w = file_in(
        &dir,
        "w.toml",
        "schema = 1\nname = \"w\"\nstart = 2027-01-04\nmonths = 1\nrequire = [\"privte\"]\n\
         [[activity]]\naction = \"canvas\"\ncount = 1\nper = \"day\"\n",
    );
    let flag = run(LATE, &["simulate", &w, "--prices-checked", "2027-07-01"], None);
    let env = run(LATE, &["simulate", &w], Some("2027-07-01"));
    for (stdout, stderr, code) in [flag, env] {
        assert_eq!(code, Some(0));
        assert!(!stdout.contains("prices checked"), "{stdout}");
        assert!(!stderr.contains("prices checked"), "{stderr}");
        assert!(stderr.contains("no plan has feature `privte`; did you mean `private`?"), "{stderr}");
    }
    // Without it, the same run warns (in the table) and still notes the feature (on stderr).
    let (stdout, stderr, _) = run(LATE, &["simulate", &w], None);
    assert!(stdout.ends_with(WARNING) && stderr.contains("privte"));
}

#[test]
fn an_old_check_still_warns_and_says_whose_date_it_counts_from() {
    // Checked on 2026-12-20, 222 days before 2027-07-30: stale again, from the user's date.
    let (stdout, _, _) = run(LATE, &["plans", "--prices-checked", "2026-12-20"], None);
    assert!(stdout.contains("warning: prices checked by you on 2026-12-20 (catalog as of 2026-12-02), 222 days ago"));
}

#[test]
fn a_check_after_today_or_not_a_date_is_refused() {
    let (_, stderr, code) = run(LATE, &["plans", "--prices-checked", "2027-08-01"], None);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is after today, 2027-07-30"), "{stderr}");
    let (_, stderr, code) = run(LATE, &["plans"], Some("yesterday"));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`yesterday` is not a date"), "{stderr}");
}
