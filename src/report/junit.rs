//! `check --format junit`: JUnit XML, which CI systems (GitLab merge requests, Jenkins, Azure,
//! GitHub test-report actions) show natively. One testsuite for the plan checked, one testcase
//! per limit; a breached limit is a `<failure>` with the measured and the allowed value, a
//! limit above its warn tier passes with the warning in `<system-out>`.

use crate::engine::gate::{Check, Level};
use crate::plan::Report;
use std::fmt::Write;

/// Text for an XML attribute or element: markup escaped, characters XML 1.0 cannot hold
/// replaced by U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The document: `file` is the workload as given on the command line; `measured_at` says what
/// the Measured values are when Monte Carlo trials ran (empty otherwise).
pub fn check(report: &Report, checks: &[Check], file: &str, measured_at: &str) -> String {
    let (label, key, billing) =
        report.plans.first().map_or(("", "", ""), |p| (p.label.as_str(), p.plan.as_str(), p.billing.name()));
    let n = checks.len();
    let failures = checks.iter().filter(|c| c.level == Level::Fail).count();
    let suite = format!("{} on {label} ({key}), billed {billing}", report.workload);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"plan-budget check\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\">");
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" file=\"{}\">",
        escape(&suite),
        escape(file)
    );
    out += "    <properties>\n";
    let mut properties = vec![
        ("workload", report.workload.clone()),
        ("plan", key.to_string()),
        ("billing", billing.to_string()),
        ("start", report.start.to_string()),
        ("end", report.end.to_string()),
        ("catalog", report.catalog.clone()),
        ("currency", report.currency.to_string()),
    ];
    if !measured_at.is_empty() {
        properties.push(("measured", measured_at.trim_end().to_string()));
    }
    for (name, value) in properties {
        let _ = writeln!(out, "      <property name=\"{name}\" value=\"{}\"/>", escape(&value));
    }
    out += "    </properties>\n";
    let classname = format!("plan-budget.check.{key}.{billing}");
    for c in checks {
        let name = format!("{} ({})", c.limit.label(), c.limit.key());
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
            escape(&name),
            escape(&classname),
            escape(file)
        );
        let detail = format!("measured {}; allowed {}", c.measured_text(), c.allowed_text());
        match c.level {
            Level::Pass => out += "/>\n",
            Level::Warn => {
                let _ = write!(
                    out,
                    ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                    escape(&format!("WARN: {} is above its warn tier: {detail}", c.limit.label()))
                );
            }
            Level::Fail => {
                let message = format!("{}: {detail}", c.limit.label());
                let _ = write!(
                    out,
                    ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                    escape(&message),
                    c.limit.key(),
                    escape(&format!("{suite}\n{message}"))
                );
            }
        }
    }
    out += "  </testsuite>\n</testsuites>\n";
    out
}
