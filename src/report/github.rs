//! GitHub Actions workflow commands: `::error …::` and `::warning …::` lines, which the runner
//! turns into annotations on the job and the pull request. `--format github` prints them (and
//! a closing `::notice`); under `GITHUB_ACTIONS=true` the other formats add the error and
//! warning lines on stderr, so the job log and the checks tab show why a step failed.

use crate::engine::gate::{Check, Level, show_threshold};
use crate::input::threshold::Tiers;
use crate::report::diff::{Diff, Measure};

/// A message: `%`, CR and LF escaped as the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value (`file=`, `title=`): also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command line: `::error file=F,title=T::message`.
pub fn command(kind: &str, file: Option<&str>, title: &str, message: &str) -> String {
    let mut props = Vec::new();
    if let Some(f) = file {
        props.push(format!("file={}", property(f)));
    }
    props.push(format!("title={}", property(title)));
    format!("::{kind} {}::{}", props.join(","), data(message))
}

fn kind(level: Level) -> Option<&'static str> {
    match level {
        Level::Pass => None,
        Level::Warn => Some("warning"),
        Level::Fail => Some("error"),
    }
}

/// `check`: an error per breached limit and a warning per limit above its warn tier.
pub fn check(subject: &str, checks: &[Check], file: &str) -> Vec<String> {
    checks
        .iter()
        .filter_map(|c| {
            let kind = kind(c.level)?;
            let title = format!("Token budget {}: {}", c.level.word(), c.limit.label());
            let message = format!(
                "{}: measured {}; allowed {} ({subject})",
                c.limit.label(),
                c.measured_text(),
                c.allowed_text()
            );
            Some(command(kind, Some(file), &title, &message))
        })
        .collect()
}

/// `diff`: per plan at a tier, one line for each figure that reached it.
pub fn diff(d: &Diff, file: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in &d.plans {
        for hit in d.hits(p) {
            let Some(kind) = kind(hit.level) else { continue };
            let tiers: &Tiers = d.tiers(hit.measure);
            let threshold = match hit.level {
                Level::Fail => tiers.fail,
                _ => tiers.warn,
            };
            let limit = threshold.map(|t| show_threshold(&t)).unwrap_or_default();
            let what = match hit.measure {
                Measure::Cost => "total cost",
                Measure::Tokens => "peak tokens per month",
            };
            let title = format!("Token budget {}: {}", hit.level.word(), p.name());
            let message = format!("{}: {what} rose more than {limit} ({})", p.name(), hit.change);
            out.push(command(kind, Some(file), &title, &message));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_escape_what_the_runner_would_read_as_syntax() {
        assert_eq!(
            command("error", Some("a,b:c.toml"), "T: 1", "50% more\nrise"),
            "::error file=a%2Cb%3Ac.toml,title=T%3A 1::50%25 more%0Arise"
        );
    }
}
