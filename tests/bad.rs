//! The corpus of bad inputs under `tests/bad/`: each file is run through `validate` and its
//! exact message (stderr) and exit code are locked as an insta snapshot. Paths are relative to
//! the crate root, so the messages are the same on every machine. A file whose first line is
//! `# args: …` is validated with those arguments too (`--catalog FILE`, or `--strict` for a file
//! of warnings, §1.3).

use crate::util::plan_budget;

#[test]
fn every_bad_input_gets_its_exact_message_and_exit_code_2() {
    let dir = std::path::Path::new(crate::util::root()).join("tests/bad");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is missing: {files:?}");
    for name in files {
        let text = std::fs::read(dir.join(&name)).unwrap();
        let first = String::from_utf8_lossy(&text).lines().next().unwrap_or_default().to_string();
        let extra: Vec<&str> = first.strip_prefix("# args:").map_or(Vec::new(), |a| a.split_whitespace().collect());
        let out = plan_budget()
            .current_dir(crate::util::root())
            .arg("validate")
            .args(&extra)
            .arg(format!("tests/bad/{name}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name} must be refused with exit code 2");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        // A file with only warnings loads: `validate --strict` says "ok, N warnings" and exits 2.
        let stderr = if stdout.is_empty() {
            stderr
        } else {
            assert!(
                stdout.starts_with("ok, ") && extra.contains(&"--strict"),
                "{name}: nothing on stdout for a bad file"
            );
            format!("stdout:\n{stdout}\nstderr:\n{stderr}")
        };
        insta::assert_snapshot!(name.trim_end_matches(".toml"), stderr);
    }
}

#[test]
fn every_shipped_catalog_and_workload_validates() {
    let out = plan_budget()
        .current_dir(crate::util::root())
        .args(["validate", "plans/leonardo.toml", "plans/leonardo-2024.toml", "workloads/freelancer.toml"])
        .args(["workloads/hobbyist.toml", "workloads/marketing-team.toml", "workloads/studio.toml"])
        .args(["workloads/video-creator.toml", "workloads/agency.toml", "workloads/weekend-hobbyist.toml"])
        .arg("--strict") // and without warnings
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("ok: plans/leonardo.toml (catalog)\nok: plans/leonardo-2024.toml (catalog)\n"));
    assert!(stdout.contains("ok: workloads/studio.toml (workload)\n"));
}

#[test]
fn workloads_are_validated_against_the_given_catalog() {
    let examples = crate::util::examples_dir();
    let out = plan_budget()
        .args(["--catalog", &format!("{examples}/catalog.toml"), "validate"])
        .arg(format!("{examples}/crew.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // Against the embedded catalog the same workload names unknown actions.
    plan_budget()
        .args(["validate", &format!("{examples}/crew.toml")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown action `sketch`"));
}

#[test]
fn validate_reports_problems_of_every_file_and_still_lists_the_good_ones() {
    let out = plan_budget()
        .current_dir(crate::util::root())
        .args(["validate", "tests/bad/unknown-action.toml", "workloads/hobbyist.toml", "tests/bad/schema-2.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "ok: workloads/hobbyist.toml (workload)\n");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("tests/bad/unknown-action.toml:7:10") && stderr.contains("tests/bad/schema-2.toml:1:10"));
    assert!(stderr.ends_with("2 problems in 2 files\n"), "{stderr}");
}
