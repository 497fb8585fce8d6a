//! The corpus of bad inputs under `tests/bad/`: each file is run through `validate` and its
//! exact message (stderr) and exit code are locked as an insta snapshot. Paths are relative to
//! the crate root, so the messages are the same on every machine.

mod common;

use common::plan_budget;

#[test]
fn every_bad_input_gets_its_exact_message_and_exit_code_2() {
    let dir = std::path::Path::new(common::root()).join("tests/bad");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is missing: {files:?}");
    for name in files {
        let out = plan_budget()
            .current_dir(common::root())
            .args(["validate", &format!("tests/bad/{name}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name} must be refused with exit code 2");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout for a bad file");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        insta::assert_snapshot!(name.trim_end_matches(".toml"), stderr);
    }
}
