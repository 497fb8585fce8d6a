//! `--format csv`: one row per plan × period with a header row, RFC 4180 quoting (the same
//! quoting as the ledger, §4.2). Ineligible plans have no periods and so no rows.

use crate::plan::Report;
use std::fmt::Display;

pub const HEADER: &str = "plan,label,billing,seats,verdict,estimate,start,end,tokens_wanted,tokens_spent,\
relaxed_charges,topup_packs,waited,monthly_left,rollover_end,topup_end,expired,cost_cents";

/// Every eligible plan's period rows (SPEC §2.1), plans in report order.
pub fn periods(report: &Report) -> String {
    let mut out = format!("{HEADER}\n");
    for p in &report.plans {
        let Ok(f) = &p.figures else { continue };
        for r in &f.periods {
            record(
                &mut out,
                &[
                    &p.plan,
                    &p.label,
                    &p.billing.name(),
                    &p.seats,
                    &f.verdict.name(),
                    &f.estimate,
                    &r.start,
                    &r.end,
                    &r.tokens_wanted,
                    &r.tokens_spent,
                    &r.relaxed_charges,
                    &r.topup_packs,
                    &r.waited,
                    &r.monthly_left,
                    &r.rollover_end,
                    &r.topup_end,
                    &r.expired,
                    &r.cost_cents,
                ],
            );
        }
    }
    out
}

/// One field quoted as RFC 4180 wants: in double quotes, quotes doubled, when it holds a comma,
/// a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// One record: every field quoted by `field`, comma-separated, a newline at the end.
pub fn record(out: &mut String, fields: &[&dyn Display]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(&f.to_string()));
    }
    out.push('\n');
}
