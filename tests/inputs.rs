//! Inputs are bounded and their problems located in linear time (issue 13): a file over the
//! size limit is refused before it is read whole, a stream that never ends (`/dev/zero`) is
//! refused, and a file with tens of thousands of problems shows the first hundred and counts
//! the rest.

use crate::util::{file_in, plan_budget};

/// A workload of `n` activities, each with one unknown key (`colourN`).
pub fn typos(n: usize) -> String {
    let mut text = String::from("schema = 1\nname = \"typos\"\nstart = 2027-01-01\n");
    for i in 0..n {
        text += &format!(
            "\n[[activity]]\nname = \"activity {i}\"\naction = \"flux_schnell\"\ntokens = 8\ncount = 1\nper = \"day\"\ncolour{i} = \"blue\"\n"
        );
    }
    text
}

#[test]
fn a_file_over_sixteen_megabytes_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len((16 << 20) + 1).unwrap();
    let out = plan_budget().args(["validate"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("larger than 16 MB, the most an input may be"), "{stderr}");
}

#[test]
fn a_file_of_exactly_sixteen_megabytes_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = typos(1);
    text += &" ".repeat((16 << 20) - text.len());
    let path = file_in(&dir, "big.toml", &text);
    let out = plan_budget().args(["validate", &path]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("larger than"), "{stderr}");
    assert!(stderr.contains("unknown field `colour0`"), "{stderr}");
}

#[test]
fn a_stream_that_never_ends_is_refused_not_read_forever() {
    let out = plan_budget().args(["simulate", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("/dev/zero: the file is larger than 16 MB"), "{stderr}");
}

#[test]
fn twenty_thousand_problems_show_the_first_hundred_and_count_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let text = typos(20_000);
    assert!(text.len() > 1 << 20, "a 1 MB file");
    let path = file_in(&dir, "typos.toml", &text);
    let out = plan_budget().args(["validate", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("error: unknown field `colour").count(), 100, "the first hundred in full");
    assert!(stderr.contains("unknown field `colour99`") && !stderr.contains("`colour100`"), "in file order");
    assert!(
        stderr.contains("… and 19900 more problems, not shown: fix these first"),
        "{}",
        &stderr[stderr.len() - 300..]
    );
    assert!(stderr.ends_with("20000 problems in 1 file\n"), "{}", &stderr[stderr.len() - 300..]);
}

#[test]
fn a_problem_deep_in_a_large_file_is_located_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = typos(0);
    for i in 0..5_000 {
        text += &format!(
            "\n[[activity]]\nname = \"a{i}\"\naction = \"flux_schnell\"\ntokens = 8\ncount = 1\nper = \"day\"\n"
        );
    }
    text +=
        "\n[[activity]]\nname = \"last\"\naction = \"flux_schnell\"\ntokens = 8\ncount = 1\nper = \"day\"\ncolor = 1\n";
    let line = text.lines().count();
    let path = file_in(&dir, "deep.toml", &text);
    let out = plan_budget().args(["validate", &path]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("deep.toml:{line}:1")), "line {line}: {stderr}");
}
