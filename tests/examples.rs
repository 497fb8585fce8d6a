//! The worked examples of `../shared/examples` (copied into `tests/examples/`): every field of
//! each expected JSON must match what `simulate --format json` prints (`status --format json`
//! with the flags of `NAME.args` for a status example).

use serde_json::Value;

/// Collects `(path, expected, got)` for every expected leaf that differs.
fn walk(exp: &Value, got: Option<&Value>, path: &str, bad: &mut Vec<String>) {
    match exp {
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, got.and_then(|g| g.get(k)), &format!("{path}.{k}"), bad);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, got.and_then(|g| g.get(i)), &format!("{path}[{i}]"), bad);
            }
            let n = got.and_then(Value::as_array).map(Vec::len);
            if n != Some(items.len()) {
                bad.push(format!("{path}.length: expected {}, got {n:?}", items.len()));
            }
        }
        Value::Number(n) if n.is_f64() => {
            let g = got.and_then(Value::as_f64);
            if g.is_none_or(|g| (g - n.as_f64().unwrap()).abs() > 1e-9) {
                bad.push(format!("{path}: expected {exp}, got {got:?}"));
            }
        }
        _ => {
            if got != Some(exp) {
                bad.push(format!("{path}: expected {exp}, got {got:?}"));
            }
        }
    }
}

fn check(name: &str) {
    let dir = crate::util::examples_dir();
    // A status example (R14) has NAME.args: `status NAME.toml --catalog … --format json ARGS`.
    let args = std::fs::read_to_string(format!("{dir}/{name}.args")).ok();
    let mut cmd = crate::util::plan_budget();
    cmd.args([if args.is_some() { "status" } else { "simulate" }, &format!("{dir}/{name}.toml")]);
    cmd.args(["--catalog", &format!("{dir}/catalog.toml")]);
    // An example's own catalog is merged after the shared one (SPEC §1.1).
    let extra = format!("{dir}/{name}.catalog.toml");
    if std::path::Path::new(&extra).exists() {
        cmd.args(["--catalog", &extra]);
    }
    let out = cmd.args(["--format", "json"]).args(args.iter().flat_map(|a| a.split_whitespace())).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut exp: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/{name}.expected.json")).unwrap()).unwrap();
    exp.as_object_mut().unwrap().remove("catalog");
    if let Some(r) = exp.get_mut("recommendation").and_then(Value::as_object_mut) {
        r.remove("reasons");
    }
    let mut bad = Vec::new();
    for e in exp["plans"].as_array_mut().unwrap() {
        if e["eligible"] == Value::Bool(false) {
            e.as_object_mut().unwrap().remove("reason"); // wording is free
        }
        let twin =
            got["plans"].as_array().unwrap().iter().find(|g| g["plan"] == e["plan"] && g["billing"] == e["billing"]);
        walk(e, twin, &format!("{name}.{}", e["plan"]), &mut bad);
    }
    for (key, value) in exp.as_object().unwrap().iter().filter(|(k, _)| *k != "plans") {
        walk(value, got.get(key), &format!("{name}.{key}"), &mut bad);
    }
    assert!(bad.is_empty(), "{} differences, first: {:#?}", bad.len(), &bad[..bad.len().min(10)]);
}

#[test]
fn waits_and_chains_matches_the_worked_example() {
    check("waits-and-chains");
}

#[test]
fn rollover_and_relaxed_matches_the_worked_example() {
    check("rollover-and-relaxed");
}

#[test]
fn weekends_and_prices_matches_the_worked_example() {
    // R6 `weekend` and `on` under `week` and `month`, a season scoped to one activity; R1 prices
    // given by the user on an unpriced action and on a `then` entry.
    check("weekends-and-prices");
}

#[test]
fn crew_matches_the_worked_example() {
    check("crew");
}

#[test]
fn status_midcycle_matches_the_worked_example() {
    // R14: a Plus subscriber 11 days before renewal with 100 fast tokens and 200 in the bank.
    check("status-midcycle");
}
