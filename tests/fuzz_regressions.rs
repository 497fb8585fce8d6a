//! Every input the fuzzer (`fuzz/`) once crashed on, replayed through the same pipeline.

use std::path::Path;

#[test]
fn inputs_that_once_crashed_the_fuzzer_now_load_or_fail_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        plan_budget::fuzzing::load_and_simulate(&data);
        n += 1;
    }
    assert!(n >= 1, "the regression corpus is empty");
}

#[test]
fn a_span_on_a_trailing_carriage_return_renders() {
    // Found by fuzzing: `schema =\r` put the span past the line with its `\r` trimmed.
    let file = plan_budget::input::source::SourceFile::new("c.toml", "schema =\r");
    let problems = plan_budget::input::catalog::Catalog::parse(&file).unwrap_err();
    assert!(problems.to_string().contains("--> c.toml:1:"), "{problems}");
}
