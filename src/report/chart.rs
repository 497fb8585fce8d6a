//! The terminal chart under `simulate`'s tables: one sparkline per plan of the spendable
//! balance over the horizon, and a marker line below it for the columns where work ran
//! relaxed, waited, was dropped or bought top-ups.
//!
//! Days are bucketed into at most [`COLUMNS`] columns so the chart fits 80 columns whatever
//! the horizon. A column shows the *lowest* balance of its days (running dry must not be
//! averaged away), and each plan is scaled to its own peak (printed on the right): plans
//! differ by two orders of magnitude, so a shared scale would flatten the small ones.

use crate::plan::daily::{Events, PlanDays};
use crate::units::thousands;
use chrono::NaiveDate;
use std::fmt::Write;

/// Chart columns at most (label 12 + space + 56 + space + peak ≤ 80).
pub const COLUMNS: usize = 56;
const LABEL: usize = 12;

/// How to draw: Unicode blocks or ASCII levels; ANSI colour for the markers or none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    pub ascii: bool,
    pub color: bool,
}

/// Levels from empty to the plan's peak: index 0 is an empty balance.
const BLOCKS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII: [char; 9] = [' ', '_', '.', ',', '-', '~', '=', '*', '#'];

/// The day range `[first, last)` of each column for `days` days.
pub fn columns(days: usize) -> Vec<(usize, usize)> {
    let n = days.min(COLUMNS);
    (0..n).map(|i| (i * days / n, (i + 1) * days / n)).collect()
}

/// The level (0–8) of `value` on a scale whose top is `peak`: 0 only when empty, 8 at the peak.
pub fn level(value: u64, peak: u64) -> usize {
    if value == 0 || peak == 0 { 0 } else { (1 + (value.min(peak) * 8 - 1) / peak) as usize }
}

/// The marker of a column, worst first: `x` dropped or unfinished work, `w` a charge waited,
/// `r` a charge ran relaxed, `+` top-up packs bought, blank otherwise.
pub fn marker(e: &Events) -> char {
    if e.dropped > 0 {
        'x'
    } else if e.waited > 0 {
        'w'
    } else if e.relaxed > 0 {
        'r'
    } else if e.packs > 0 {
        '+'
    } else {
        ' '
    }
}

fn paint(c: char, look: Look) -> String {
    let code = match c {
        'x' | 'w' => "31",
        'r' => "33",
        '+' => "36",
        _ => return c.to_string(),
    };
    if look.color { format!("\x1b[{code}m{c}\x1b[0m") } else { c.to_string() }
}

/// The chart for every plan, or an empty string when there is nothing to draw.
pub fn render(plans: &[PlanDays], start: NaiveDate, end: NaiveDate, look: Look) -> String {
    let Some(days) = plans.first().map(|p| p.days.len()).filter(|&d| d > 0) else {
        return String::new();
    };
    let cols = columns(days);
    let mut out = String::new();
    let _ = writeln!(out, "\nSpendable balance, lowest per column, each plan on its own scale (right: peak)");
    for p in plans {
        let low: Vec<u64> = cols.iter().map(|&(a, b)| (a..b).map(|d| p.spendable(d)).min().unwrap_or(0)).collect();
        let peak = (0..days).map(|d| p.spendable(d)).max().unwrap_or(0);
        let glyphs = if look.ascii { &ASCII } else { &BLOCKS };
        let line: String = low.iter().map(|&v| glyphs[level(v, peak)]).collect();
        let mut label: String = format!("{}{}", p.label, if p.estimate { " *" } else { "" });
        if label.chars().count() > LABEL {
            label = label.chars().take(LABEL - 1).collect::<String>() + if look.ascii { "~" } else { "…" };
        }
        let _ = writeln!(out, "{label:<LABEL$} {line} {}", thousands(peak));
        let marks: Vec<char> = cols
            .iter()
            .map(|&(a, b)| {
                let mut e = Events::default();
                (a..b).for_each(|d| e.add(p.events(d)));
                marker(&e)
            })
            .collect();
        if marks.iter().any(|&c| c != ' ') {
            let painted: String = marks.iter().map(|&c| paint(c, look)).collect();
            let _ = writeln!(out, "{:LABEL$} {}", "", painted.trim_end());
        }
    }
    let (from, to) = (start.to_string(), end.to_string());
    let gap = cols.len().saturating_sub(from.len() + to.len()).max(1);
    let _ = writeln!(out, "{:LABEL$} {from}{:gap$}{to}", "", "");
    let _ = writeln!(out, "{:LABEL$} markers: x dropped  w waited  r relaxed  + top-up bought", "");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_cover_every_day_once() {
        for days in [1, 7, 55, 56, 57, 365, 3653] {
            let c = columns(days);
            assert!(c.len() <= COLUMNS);
            assert_eq!(c.first().map(|x| x.0), Some(0));
            assert_eq!(c.last().map(|x| x.1), Some(days));
            assert!(c.windows(2).all(|w| w[0].1 == w[1].0 && w[0].0 < w[0].1));
        }
    }

    #[test]
    fn levels_reserve_blank_for_an_empty_balance() {
        assert_eq!(level(0, 100), 0);
        assert_eq!(level(1, 100), 1);
        assert_eq!(level(12, 100), 1);
        assert_eq!(level(13, 100), 2);
        assert_eq!(level(100, 100), 8);
        assert_eq!(level(5, 0), 0);
    }

    #[test]
    fn the_worst_event_of_a_column_wins_its_marker() {
        let e = |relaxed, waited, dropped, packs| Events { relaxed, waited, dropped, packs };
        assert_eq!(marker(&e(1, 1, 1, 1)), 'x');
        assert_eq!(marker(&e(1, 1, 0, 1)), 'w');
        assert_eq!(marker(&e(1, 0, 0, 1)), 'r');
        assert_eq!(marker(&e(0, 0, 0, 1)), '+');
        assert_eq!(marker(&e(0, 0, 0, 0)), ' ');
    }
}
