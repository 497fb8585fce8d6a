//! The catalog's `currency`: an ISO 4217 code, and how an amount in it is written.
//!
//! No locale is guessed. Every amount is written with the same digits (`1,234.50`: comma
//! thousands, a dot before the hundredths, as SPEC money is integer hundredths); a currency
//! with a well-known symbol puts it in front (`$1,234.50`, `€1,234.50`, `£1,234.50`), any other
//! is followed by its code (`1,234.50 CHF`). The symbols are the English-locale ones of the
//! Unicode CLDR, chosen so that no two codes share one (`$` is USD only; `CA$`, `A$`, …).

use std::fmt;

/// An ISO 4217 currency code (three capital letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

/// Codes written with a symbol in front of the amount; every other code follows it.
const SYMBOLS: [(&str, &str); 20] = [
    ("USD", "$"),
    ("EUR", "€"),
    ("GBP", "£"),
    ("JPY", "¥"),
    ("CNY", "CN¥"),
    ("INR", "₹"),
    ("KRW", "₩"),
    ("CAD", "CA$"),
    ("AUD", "A$"),
    ("NZD", "NZ$"),
    ("HKD", "HK$"),
    ("MXN", "MX$"),
    ("BRL", "R$"),
    ("TWD", "NT$"),
    ("ILS", "₪"),
    ("VND", "₫"),
    ("PHP", "₱"),
    ("NGN", "₦"),
    ("UAH", "₴"),
    ("THB", "฿"),
];

impl Currency {
    pub const USD: Currency = Currency(*b"USD");

    /// `USD`, `EUR`, …: exactly three ASCII capital letters (whether ISO has assigned the code
    /// is not checked: a catalog may price in a code this table does not know).
    pub fn parse(code: &str) -> Option<Currency> {
        let b = code.as_bytes();
        (b.len() == 3 && b.iter().all(u8::is_ascii_uppercase)).then(|| Currency([b[0], b[1], b[2]]))
    }

    pub fn code(&self) -> &str {
        // Three ASCII capitals by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The symbol written in front of an amount, for the codes of the table.
    pub fn symbol(&self) -> Option<&'static str> {
        SYMBOLS.iter().find(|(c, _)| *c == self.code()).map(|(_, s)| *s)
    }

    /// The currency a symbol stands for (`€` → EUR), for amounts typed on the command line.
    pub fn from_symbol(symbol: &str) -> Option<Currency> {
        SYMBOLS.iter().find(|(_, s)| *s == symbol).and_then(|(c, _)| Currency::parse(c))
    }

    /// The symbols, longest first, so that `CA$20` is read as CAD and not as `CA` + `$20`.
    pub fn symbols_longest_first() -> Vec<&'static str> {
        let mut all: Vec<&str> = SYMBOLS.iter().map(|(_, s)| *s).collect();
        all.sort_by_key(|s| std::cmp::Reverse(s.len()));
        all
    }

    /// `digits` (already grouped, unsigned) with the symbol or code in its place; `sign` goes
    /// in front of everything: `-$5.00`, `+€1.00`, `-5.00 CHF`.
    pub fn place(&self, sign: &str, digits: &str) -> String {
        match self.symbol() {
            Some(s) => format!("{sign}{s}{digits}"),
            None => format!("{sign}{digits} {}", self.code()),
        }
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::USD
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_three_capital_letters() {
        assert_eq!(Currency::parse("EUR").map(|c| c.to_string()), Some("EUR".into()));
        for bad in ["eur", "EU", "EURO", "E1R", "", "ÉUR"] {
            assert_eq!(Currency::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn no_two_codes_share_a_symbol() {
        for (i, (code, symbol)) in SYMBOLS.iter().enumerate() {
            assert!(Currency::parse(code).is_some(), "{code}");
            assert!(SYMBOLS[..i].iter().all(|(_, s)| s != symbol), "{symbol} twice");
            assert_eq!(Currency::from_symbol(symbol).map(|c| c.to_string()).as_deref(), Some(*code));
        }
    }

    #[test]
    fn a_symbol_goes_in_front_and_a_code_after() {
        assert_eq!(Currency::parse("EUR").unwrap().place("-", "1,234.50"), "-€1,234.50");
        assert_eq!(Currency::parse("CHF").unwrap().place("+", "1,234.50"), "+1,234.50 CHF");
        assert_eq!(Currency::USD.place("", "0.05"), "$0.05");
    }
}
