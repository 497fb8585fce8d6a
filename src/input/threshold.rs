//! How much a figure may rise over a base before a CI job warns or fails (`--warn-above`,
//! `--fail-above`, and the `[budget]` keys `warn_increase`, `max_increase`, …): a percent of
//! the base (`12%`, or a bare `12`) or, for cost, an amount of money (`$20`, `€20`, `20 CHF`).
//!
//! Read here, from the command line or a workload; `engine::gate` decides which tier a rise
//! reaches.

use crate::input::catalog::{Cents, cents};
use crate::input::currency::Currency;

/// The largest number a threshold may hold (percent or money): more is a typo, and would not
/// fit the cents and tokens it is compared with.
const MAX: f64 = 1e12;

/// A rise limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// Percent of the base (12.5 = 12.5 %).
    Percent(f64),
    /// An amount of money in cents, in the currency it was written in.
    Money(Cents, Currency),
}

/// A warn tier and a fail tier; either may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tiers {
    pub warn: Option<Threshold>,
    pub fail: Option<Threshold>,
}

impl Tiers {
    pub fn is_empty(&self) -> bool {
        self.warn.is_none() && self.fail.is_none()
    }

    /// `self`'s tiers where given, else `other`'s (flags over the `[budget]` table).
    pub fn or(self, other: Tiers) -> Tiers {
        Tiers { warn: self.warn.or(other.warn), fail: self.fail.or(other.fail) }
    }

    /// A warn tier at or above a fail tier of the same kind would never be seen: the problem,
    /// or `None`. (A percent and an amount cannot be compared: both are kept.)
    pub fn misordered(&self) -> Option<(Threshold, Threshold)> {
        let (w, f) = (self.warn?, self.fail?);
        let wrong = match (w, f) {
            (Threshold::Percent(a), Threshold::Percent(b)) => a >= b,
            (Threshold::Money(a, _), Threshold::Money(b, _)) => a >= b,
            _ => false,
        };
        wrong.then_some((w, f))
    }
}

/// The tiers of the two figures a CI gate follows: total cost and peak tokens per month.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rise {
    pub cost: Tiers,
    /// Percent only.
    pub tokens: Tiers,
}

impl Rise {
    pub fn is_empty(&self) -> bool {
        self.cost.is_empty() && self.tokens.is_empty()
    }

    pub fn or(self, other: Rise) -> Rise {
        Rise { cost: self.cost.or(other.cost), tokens: self.tokens.or(other.tokens) }
    }

    /// Every amount of money among the tiers (to be checked against the runs' currency).
    pub fn amounts(&self) -> impl Iterator<Item = (Cents, Currency)> {
        [self.cost.warn, self.cost.fail, self.tokens.warn, self.tokens.fail].into_iter().flatten().filter_map(|t| {
            match t {
                Threshold::Money(c, cur) => Some((c, cur)),
                Threshold::Percent(_) => None,
            }
        })
    }
}

impl Threshold {
    /// `12%`, `12` (a percent), `$20`, `€20`, `CA$20`, `20 EUR`, `EUR 20`, `20EUR`; thousands may
    /// be grouped with commas (`$1,500`). The message says what was expected.
    pub fn parse(text: &str) -> Result<Threshold, String> {
        let s = text.trim();
        let expected = || {
            format!(
                "expected a percent (`12%`, or a bare `12`) or an amount of money (`$20`, `20 EUR`), found `{text}`"
            )
        };
        if let Some(number) = s.strip_suffix('%') {
            return amount(number).map(Threshold::Percent).ok_or_else(expected);
        }
        for symbol in Currency::symbols_longest_first() {
            if let Some(number) = s.strip_prefix(symbol) {
                let currency = Currency::from_symbol(symbol).unwrap_or_default();
                return amount(number).map(|x| Threshold::Money(cents(x), currency)).ok_or_else(expected);
            }
        }
        let code = |c: &str| Currency::parse(c.trim());
        if s.len() > 3 && s.is_char_boundary(s.len() - 3) {
            let (number, c) = s.split_at(s.len() - 3);
            if let (Some(currency), Some(x)) = (code(c), amount(number)) {
                return Ok(Threshold::Money(cents(x), currency));
            }
        }
        if s.len() > 3 && s.is_char_boundary(3) {
            let (c, number) = s.split_at(3);
            if let (Some(currency), Some(x)) = (code(c), amount(number)) {
                return Ok(Threshold::Money(cents(x), currency));
            }
        }
        amount(s).map(Threshold::Percent).ok_or_else(expected)
    }

    /// A percent only (peak tokens per month rise in tokens, not money).
    pub fn parse_percent(text: &str) -> Result<Threshold, String> {
        match Threshold::parse(text) {
            Ok(t @ Threshold::Percent(_)) => Ok(t),
            Ok(Threshold::Money(..)) => {
                Err(format!("expected a percent (`5%`, or a bare `5`), found `{text}`: tokens are not money"))
            }
            Err(_) => Err(format!("expected a percent (`5%`, or a bare `5`), found `{text}`")),
        }
    }
}

/// A number `0 ≤ x ≤ 10^12`, commas allowed between digit groups.
fn amount(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() || t.starts_with(',') || t.ends_with(',') || t.contains(",,") {
        return None;
    }
    if !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let x: f64 = t.replace(',', "").parse().ok()?;
    (x.is_finite() && (0.0..=MAX).contains(&x)).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(cents: Cents, code: &str) -> Threshold {
        Threshold::Money(cents, Currency::parse(code).unwrap())
    }

    #[test]
    fn a_percent_with_or_without_its_sign() {
        assert_eq!(Threshold::parse("12%"), Ok(Threshold::Percent(12.0)));
        assert_eq!(Threshold::parse(" 2.5 % "), Ok(Threshold::Percent(2.5)));
        assert_eq!(Threshold::parse("5"), Ok(Threshold::Percent(5.0)));
        assert_eq!(Threshold::parse("0"), Ok(Threshold::Percent(0.0)));
    }

    #[test]
    fn an_amount_by_symbol_or_code() {
        assert_eq!(Threshold::parse("$20"), Ok(money(2000, "USD")));
        assert_eq!(Threshold::parse("$1,500.25"), Ok(money(150_025, "USD")));
        assert_eq!(Threshold::parse("€20"), Ok(money(2000, "EUR")));
        assert_eq!(Threshold::parse("CA$20"), Ok(money(2000, "CAD")));
        assert_eq!(Threshold::parse("20 CHF"), Ok(money(2000, "CHF")));
        assert_eq!(Threshold::parse("20EUR"), Ok(money(2000, "EUR")));
        assert_eq!(Threshold::parse("GBP 7.5"), Ok(money(750, "GBP")));
    }

    #[test]
    fn anything_else_says_what_was_expected() {
        for bad in ["", "-5", "$-5", "5%%", "abc", "20 eur", "1e13", "inf", "NaN", "1,,000", "$", "%", "1e3"] {
            let err = Threshold::parse(bad).unwrap_err();
            assert!(err.contains("expected a percent"), "{bad}: {err}");
        }
        assert!(Threshold::parse_percent("$20").unwrap_err().contains("tokens are not money"));
    }

    #[test]
    fn a_warn_tier_must_come_before_the_fail_tier() {
        let tiers = |w, f| Tiers { warn: Some(w), fail: Some(f) };
        assert!(tiers(Threshold::Percent(5.0), Threshold::Percent(10.0)).misordered().is_none());
        assert!(tiers(Threshold::Percent(10.0), Threshold::Percent(10.0)).misordered().is_some());
        assert!(tiers(money(3000, "USD"), money(2000, "USD")).misordered().is_some());
        assert!(tiers(money(3000, "USD"), Threshold::Percent(1.0)).misordered().is_none());
    }
}
