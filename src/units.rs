//! How figures read in words and tables: money, counts, shares. A leaf module, so the
//! engine's reasons ("runs dry on 18 Nov; 3 packs ($15.00)") and every report format agree
//! without the engine depending on the reports.
//!
//! Money is written in the currency of the loaded catalog: the command sets it once
//! (`set_currency`) after loading the catalog (or, for `diff` of saved runs, the runs'
//! currency), and every figure of the process follows. `money_in` writes one explicitly.

use crate::input::catalog::Cents;
use crate::input::currency::Currency;
use std::sync::RwLock;

static CURRENCY: RwLock<Currency> = RwLock::new(Currency::USD);

/// The currency every `money` figure of this process is written in (default USD).
pub fn set_currency(currency: Currency) {
    *CURRENCY.write().unwrap_or_else(|e| e.into_inner()) = currency;
}

pub fn currency() -> Currency {
    *CURRENCY.read().unwrap_or_else(|e| e.into_inner())
}

/// `$1,234.50` from cents, in the process's currency (`€1,234.50`, `1,234.50 CHF`).
pub fn money(cents: Cents) -> String {
    money_in(currency(), cents)
}

/// `$1,234.50` from cents in `currency`.
pub fn money_in(currency: Currency, cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    currency.place(sign, &format!("{}.{:02}", thousands(c / 100), c % 100))
}

/// A signed change: `+$12.00`, `-$3.50` (zero is `+$0.00`).
pub fn money_change(cents: Cents) -> String {
    let text = money(cents);
    if cents >= 0 { format!("+{text}") } else { text }
}

/// Whole units, cents dropped (chart axes): `$1,200`, `1,200 CHF`.
pub fn money_whole(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    currency().place(sign, &thousands(cents.unsigned_abs() / 100))
}

/// A small amount of money in major units with `decimals` places (cost per image:
/// `$0.0067`), in the process's currency.
pub fn money_fine(amount: f64, decimals: usize) -> String {
    let sign = if amount < 0.0 { "-" } else { "" };
    currency().place(sign, &format!("{:.decimals$}", amount.abs()))
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

/// `1 token`, `2 tokens`, `1,500 tokens`: a count with its noun.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_and_placed_by_currency() {
        let eur = Currency::parse("EUR").unwrap();
        let chf = Currency::parse("CHF").unwrap();
        assert_eq!(money_in(Currency::USD, 123_450), "$1,234.50");
        assert_eq!(money_in(eur, 123_450), "€1,234.50");
        assert_eq!(money_in(chf, -123_450), "-1,234.50 CHF");
        assert_eq!(money_in(Currency::USD, 5), "$0.05");
    }
}
