//! The token buckets and every movement between them (R3, R4, R5, R10).
//!
//! `Ledger` is the only place tokens move. Each movement updates the running totals and, when
//! a journal is attached (`--ledger FILE`), writes one row, so the report totals and the
//! ledger's sums are the same numbers by construction and checked equal in tests (R10).

use crate::input::catalog::Pack;

/// The four buckets in burn order (R3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Daily = 0,
    Monthly = 1,
    Rollover = 2,
    Topup = 3,
}

impl Bucket {
    pub const BURN_ORDER: [Bucket; 4] = [Bucket::Daily, Bucket::Monthly, Bucket::Rollover, Bucket::Topup];
    pub fn name(self) -> &'static str {
        ["daily", "monthly", "rollover", "topup"][self as usize]
    }
}

/// Ledger row kinds (SPEC §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Grant,
    Buy,
    Spend,
    Roll,
    Expire,
    Relaxed,
}

impl RowKind {
    pub fn name(self) -> &'static str {
        match self {
            RowKind::Grant => "grant",
            RowKind::Buy => "buy",
            RowKind::Spend => "spend",
            RowKind::Roll => "roll",
            RowKind::Expire => "expire",
            RowKind::Relaxed => "relaxed",
        }
    }
}

/// Why tokens moved; names are resolved only when a row is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    MonthlyGrant,
    DailyGrant,
    DailyExpiry,
    Rollover,
    BankCap,
    /// R13: the old plan's monthly tokens voided at an upgrade, or the bank lost on a move to a
    /// plan without one.
    PlanChange,
    /// R14: a balance the token counter showed at the start of `today`.
    Stated,
    /// Packs of this index bought.
    Packs(usize),
    /// A charge of activity `a`; `then: Some(j)` for its j-th `then` entry.
    Charge {
        activity: usize,
        then: Option<usize>,
    },
}

/// One ledger row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub day: u32,
    pub kind: RowKind,
    /// `None` for relaxed rows (no bucket moves).
    pub bucket: Option<Bucket>,
    pub tokens: i64,
    pub balance_after: Option<u64>,
    pub reason: Reason,
}

/// Where ledger rows go: nowhere (fast path) or a list.
pub trait Journal {
    /// False when rows are thrown away: the simulator may then pay a whole day's generations of
    /// an activity in one step (same balances, fewer rows).
    const KEEPS_ROWS: bool = true;
    fn record(&mut self, row: impl FnOnce() -> Row);
}

/// No journal: rows are never built.
pub struct NoJournal;

impl Journal for NoJournal {
    const KEEPS_ROWS: bool = false;
    #[inline(always)]
    fn record(&mut self, _row: impl FnOnce() -> Row) {}
}

impl Journal for Vec<Row> {
    fn record(&mut self, row: impl FnOnce() -> Row) {
        self.push(row());
    }
}

/// Totals of every movement so far, by bucket where it matters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flows {
    pub granted: [u64; 4],
    pub spent: [u64; 4],
    pub expired: [u64; 4],
    pub rolled: u64,
    pub bought: u64,
    pub packs: u64,
    /// What the packs cost (R11), in cents.
    pub topup_cents: u64,
    /// Packs bought whose size or price is an estimate.
    pub estimate_packs: u64,
}

impl Flows {
    /// `n` identical accounts' flows.
    pub fn scaled(self, n: u64) -> Flows {
        Flows {
            granted: self.granted.map(|x| x * n),
            spent: self.spent.map(|x| x * n),
            expired: self.expired.map(|x| x * n),
            rolled: self.rolled * n,
            bought: self.bought * n,
            packs: self.packs * n,
            topup_cents: self.topup_cents.saturating_mul(n),
            estimate_packs: self.estimate_packs * n,
        }
    }

    pub fn spent_total(&self) -> u64 {
        self.spent.iter().sum()
    }
    pub fn expired_total(&self) -> u64 {
        self.expired.iter().sum()
    }
}

/// R14: the balances the token counter shows at the start of `today` (a run from a start
/// state: period 0 is already paid, so these replace R4 on day one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Start {
    /// Fast tokens left this cycle.
    pub monthly: u64,
    /// The rollover bank.
    pub rollover: u64,
    pub topup: u64,
}

#[derive(Debug)]
pub struct Ledger<J: Journal> {
    pub balance: [u64; 4],
    pub flows: Flows,
    pub journal: J,
}

impl<J: Journal> Ledger<J> {
    pub fn new(journal: J) -> Self {
        Ledger { balance: [0; 4], flows: Flows::default(), journal }
    }

    #[inline]
    pub fn get(&self, b: Bucket) -> u64 {
        self.balance[b as usize]
    }

    /// The spendable balance: the sum of the four buckets (R3).
    #[inline]
    pub fn spendable(&self) -> u64 {
        self.balance.iter().sum()
    }

    fn add(&mut self, day: u32, kind: RowKind, b: Bucket, tokens: u64, reason: Reason) {
        self.balance[b as usize] += tokens;
        let after = self.balance[b as usize];
        self.journal.record(|| Row {
            day,
            kind,
            bucket: Some(b),
            tokens: tokens as i64,
            balance_after: Some(after),
            reason,
        });
    }

    fn remove(&mut self, day: u32, kind: RowKind, b: Bucket, tokens: u64, reason: Reason) {
        self.balance[b as usize] -= tokens;
        let after = self.balance[b as usize];
        self.journal.record(|| Row {
            day,
            kind,
            bucket: Some(b),
            tokens: -(tokens as i64),
            balance_after: Some(after),
            reason,
        });
    }

    /// Expires everything in bucket `b`.
    pub fn expire_all(&mut self, day: u32, b: Bucket, reason: Reason) {
        let left = self.get(b);
        if left > 0 {
            self.flows.expired[b as usize] += left;
            self.remove(day, RowKind::Expire, b, left, reason);
        }
    }

    /// R4 at billing date n > 0, before anything else that day: unspent `monthly` rolls into
    /// the bank up to `cap` (the excess expires), then the new allowance is granted. At date 0
    /// the bank is empty and nothing rolls, so the same steps only grant.
    pub fn billing_date(&mut self, day: u32, monthly_tokens: u64, cap: u64) {
        let left = self.get(Bucket::Monthly);
        if left > 0 {
            self.flows.rolled += left;
            self.remove(day, RowKind::Roll, Bucket::Monthly, left, Reason::Rollover);
            self.add(day, RowKind::Roll, Bucket::Rollover, left, Reason::Rollover);
        }
        let excess = self.get(Bucket::Rollover).saturating_sub(cap);
        if excess > 0 {
            self.flows.expired[Bucket::Rollover as usize] += excess;
            self.remove(day, RowKind::Expire, Bucket::Rollover, excess, Reason::BankCap);
        }
        self.grant(day, Bucket::Monthly, monthly_tokens, Reason::MonthlyGrant);
    }

    /// R14: the stated balances, as `grant` rows on day one (so R10 holds from them).
    pub fn open(&mut self, day: u32, start: &Start) {
        self.grant(day, Bucket::Monthly, start.monthly, Reason::Stated);
        self.grant(day, Bucket::Rollover, start.rollover, Reason::Stated);
        self.grant(day, Bucket::Topup, start.topup, Reason::Stated);
    }

    pub fn grant(&mut self, day: u32, b: Bucket, tokens: u64, reason: Reason) {
        if tokens > 0 {
            self.flows.granted[b as usize] += tokens;
            self.add(day, RowKind::Grant, b, tokens, reason);
        }
    }

    /// R5, every day after R4: yesterday's `daily` expires, then the daily allowance (Free) or
    /// floor (paid) tops the spendable balance up to `daily_tokens`.
    pub fn daily_reset(&mut self, day: u32, daily_tokens: u64) {
        self.expire_all(day, Bucket::Daily, Reason::DailyExpiry);
        let rest = self.get(Bucket::Monthly) + self.get(Bucket::Rollover) + self.get(Bucket::Topup);
        self.grant(day, Bucket::Daily, daily_tokens.saturating_sub(rest), Reason::DailyGrant);
    }

    /// R3: takes `c` tokens in burn order; the caller has checked `spendable() >= c`.
    pub fn take(&mut self, day: u32, c: u64, reason: Reason) {
        let mut due = c;
        for b in Bucket::BURN_ORDER {
            if due == 0 {
                break;
            }
            let t = due.min(self.get(b));
            if t > 0 {
                self.flows.spent[b as usize] += t;
                self.remove(day, RowKind::Spend, b, t, reason);
                due -= t;
            }
        }
        debug_assert_eq!(due, 0, "take() beyond the spendable balance");
    }

    /// R8 `topup`: buys `packs` packs of catalog pack `index` into `topup`, paying for them
    /// (R11; the sum saturates, and a run is refused above `MAX_TOPUP_CENTS`).
    pub fn buy(&mut self, day: u32, packs: u64, index: usize, pack: &Pack) {
        let f = &mut self.flows;
        f.packs += packs;
        f.bought += packs * pack.tokens;
        f.topup_cents = f.topup_cents.saturating_add(packs.saturating_mul(pack.price.unsigned_abs()));
        if pack.estimate {
            f.estimate_packs += packs;
        }
        self.add(day, RowKind::Buy, Bucket::Topup, packs * pack.tokens, Reason::Packs(index));
    }

    /// A relaxed charge: no bucket moves, the row records its c (R8).
    pub fn relaxed(&mut self, day: u32, c: u64, reason: Reason) {
        self.journal.record(|| Row {
            day,
            kind: RowKind::Relaxed,
            bucket: None,
            tokens: c as i64,
            balance_after: None,
            reason,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r3_burns_daily_then_monthly_then_rollover_then_topup() {
        let mut l = Ledger::new(Vec::new());
        l.balance = [10, 20, 30, 40];
        l.take(0, 45, Reason::DailyGrant);
        // R3: daily 10, monthly 20, rollover 15; topup untouched.
        assert_eq!(l.balance, [0, 0, 15, 40]);
        assert_eq!(l.flows.spent, [10, 20, 15, 0]);
        assert_eq!(l.journal.len(), 3);
    }

    #[test]
    fn r4_rolls_unspent_monthly_into_the_bank_up_to_the_cap() {
        // R4: Essential unused: 8,500 → 17,000 → 25,500 → 25,500 with 8,500 expired.
        let mut l = Ledger::new(NoJournal);
        l.billing_date(0, 8500, 25500);
        let mut banks = Vec::new();
        for n in 1..=4 {
            l.billing_date(n, 8500, 25500);
            banks.push(l.get(Bucket::Rollover));
        }
        assert_eq!(banks, vec![8500, 17000, 25500, 25500]);
        assert_eq!(l.flows.expired[Bucket::Rollover as usize], 8500);
        assert_eq!(l.get(Bucket::Monthly), 8500);
    }

    #[test]
    fn r5_lifts_a_paid_balance_of_zero_to_150() {
        let mut l = Ledger::new(NoJournal);
        l.daily_reset(0, 150);
        assert_eq!(l.spendable(), 150);
        l.balance = [0, 40, 0, 0];
        l.daily_reset(1, 150);
        // R5: daily = max(0, 150 − 40) = 110, so the balance is back at 150.
        assert_eq!(l.get(Bucket::Daily), 110);
        assert_eq!(l.spendable(), 150);
    }

    #[test]
    fn r5_unspent_daily_tokens_expire_at_the_next_reset() {
        let mut l = Ledger::new(NoJournal);
        l.daily_reset(0, 150);
        l.take(0, 100, Reason::DailyGrant);
        l.daily_reset(1, 150);
        assert_eq!(l.flows.expired[Bucket::Daily as usize], 50);
        assert_eq!(l.get(Bucket::Daily), 150);
    }
}
