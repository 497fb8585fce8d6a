//! How figures read in words and tables: money, counts, shares. A leaf module, so the
//! engine's reasons ("runs dry on 18 Nov; 3 packs ($15.00)") and every report format agree
//! without the engine depending on the reports.

use crate::input::catalog::Cents;

/// `$1,234.50` from cents.
pub fn money(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}${}.{:02}", thousands(c / 100), c % 100)
}

/// A share as a percentage: one decimal, two under 1 %.
pub fn percent(x: f64) -> String {
    let p = x * 100.0;
    if p > 0.0 && p < 1.0 { format!("{p:.2}%") } else { format!("{p:.1}%") }
}

/// `12,345`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
