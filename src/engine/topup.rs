//! R8 `topup`: which packs a shortfall buys. The SPEC's policy buys `⌈short / pack⌉` packs of
//! one pack (`topup_pack = "KEY"`); `topup_pack = "cheapest"` buys the cheapest mix of the
//! catalog's packs whose tokens cover the shortfall, ties to fewer tokens, then fewer packs.
//!
//! The cheapest mix is an unbounded knapsack cover, solved once per scenario and answered in
//! O(packs) per purchase. Pack sizes are counted in units of their greatest common divisor `g`
//! (every mix holds a multiple of `g` tokens, so covering `⌈short/g⌉` units is the same
//! question). Let `b` be the pack with the most tokens per cent (the largest of those, then the
//! first). Among any `w_b` packs a nonempty subset sums to a multiple of `w_b` units, and
//! swapping that subset for packs of `b` holding the same tokens costs no more and uses no more
//! packs; so some best mix has fewer than `w_b` packs other than `b`, at most
//! `L = (w_b − 1) · w_max` units of them. Above `L` a best mix therefore holds a `b`, and the
//! best mix for `s` is the best for `s − w_b` plus one `b`: a table up to `L + w_b` answers
//! every shortfall. A best mix overshoots by less than its smallest pack (dropping a pack it
//! does not need costs no more and holds fewer tokens), so the table of exact totals runs to
//! `L + w_b + w_max`. Its size is bounded up front (`MAX_COVER_ENTRIES`, checked when the
//! workload loads).

use crate::input::catalog::{Cents, Pack};
use crate::input::limits::MAX_COVER_ENTRIES;
use crate::input::workload::{Policy, TopupPack};

/// How the policy buys packs for a shortfall (R8 `topup`).
#[derive(Debug, Clone)]
pub enum Packs {
    /// `⌈short / tokens⌉` packs of one pack.
    One { pack: usize, tokens: u64 },
    /// The cheapest mix covering the shortfall.
    Cheapest(Cover),
}

impl Packs {
    /// What a shortfall of `short` tokens buys: `buy(pack, count)` for each pack bought, in
    /// catalog order.
    pub fn purchase(&self, short: u64, mut buy: impl FnMut(usize, u64)) {
        match self {
            Packs::One { pack, tokens } => buy(*pack, short.div_ceil(*tokens)),
            Packs::Cheapest(cover) => cover.purchase(short, buy),
        }
    }

    /// True when buying for several shortfalls one after another buys what one purchase for
    /// their total would (one pack size: what each leaves over is less than a pack).
    pub fn additive(&self) -> bool {
        matches!(self, Packs::One { .. })
    }
}

/// The cheapest-mix table for a catalog's packs.
#[derive(Debug, Clone)]
pub struct Cover {
    /// Tokens per unit: the packs' greatest common divisor.
    unit: u64,
    /// The best-value pack `b` and its size in units.
    best: usize,
    best_units: u64,
    /// Shortfalls up to `limit` units are answered from the table.
    limit: u64,
    /// For each shortfall `s ≤ limit` (in units), the exact total of its best mix …
    at: Vec<usize>,
    /// … and for each exact total `t`, the count of each pack in its best mix: `counts[t * n + i]`.
    counts: Vec<u32>,
    n: usize,
}

/// Sizes in units, the best-value pack, and the table's bounds (`limit`, exact totals' end).
struct Shape {
    unit: u64,
    units: Vec<u64>,
    best: usize,
    limit: u64,
    end: u64,
}

/// The pack with the most tokens per cent (the largest of those, then the first).
pub fn best_value(packs: &[Pack]) -> Option<usize> {
    // p_i / w_i smallest, compared as p_i · w_b < p_b · w_i.
    (0..packs.len()).reduce(|b, i| {
        let (lhs, rhs) = (
            packs[i].price.unsigned_abs() as u128 * packs[b].tokens as u128,
            packs[b].price.unsigned_abs() as u128 * packs[i].tokens as u128,
        );
        if lhs < rhs || (lhs == rhs && packs[i].tokens > packs[b].tokens) { i } else { b }
    })
}

/// The pack a top-up budget buys (`capacity --topup-budget`): the policy's pack, or under
/// `"cheapest"` the best-value one.
pub fn budget_pack(policy: &Policy, packs: &[Pack]) -> Option<usize> {
    match policy.topup_pack? {
        TopupPack::Pack(p) => Some(p),
        TopupPack::Cheapest => best_value(packs),
    }
}

fn shape(packs: &[Pack]) -> Option<Shape> {
    let unit = packs.iter().map(|p| p.tokens).reduce(gcd)?;
    let units: Vec<u64> = packs.iter().map(|p| p.tokens / unit).collect();
    let best = best_value(packs)?;
    let widest = *units.iter().max()?;
    let limit = (units[best] - 1).saturating_mul(widest).saturating_add(units[best]);
    Some(Shape { unit, units, best, limit, end: limit.saturating_add(widest) })
}

/// The table entries `topup_pack = "cheapest"` needs for these packs (0 without packs); the
/// workload is refused above `MAX_COVER_ENTRIES`.
pub fn cover_entries(packs: &[Pack]) -> u64 {
    shape(packs).map_or(0, |s| s.end.saturating_add(1).saturating_mul(packs.len() as u64))
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl Cover {
    /// The table for `packs` (at least one, within `MAX_COVER_ENTRIES`: the workload's check).
    pub fn new(packs: &[Pack]) -> Cover {
        debug_assert!(cover_entries(packs) <= MAX_COVER_ENTRIES);
        let Some(Shape { unit, units, best, limit, end }) = shape(packs) else {
            return Cover { unit: 1, best: 0, best_units: 1, limit: 0, at: vec![0], counts: Vec::new(), n: 0 };
        };
        let n = packs.len();
        let end = end as usize;
        // exact[t]: the best (cost, packs) holding exactly t units, and the last pack added.
        let mut exact: Vec<Option<(Cents, u64, usize)>> = vec![None; end + 1];
        let mut counts = vec![0u32; (end + 1) * n];
        exact[0] = Some((0, 0, 0));
        for t in 1..=end {
            for (i, &w) in units.iter().enumerate() {
                let Some(Some((cost, count, _))) = t.checked_sub(w as usize).map(|r| exact[r]) else { continue };
                let candidate = (cost + packs[i].price, count + 1, i);
                if exact[t].is_none_or(|e| (candidate.0, candidate.1) < (e.0, e.1)) {
                    exact[t] = Some(candidate);
                }
            }
            if let Some((_, _, i)) = exact[t] {
                // Its mix: the mix of the total it was reached from, and one pack i.
                let from = t - units[i] as usize;
                counts.copy_within(from * n..(from + 1) * n, t * n);
                counts[t * n + i] += 1;
            }
        }
        // The best cover of s is the best exact total t ≥ s: by cost, then tokens, then packs.
        let limit = limit as usize;
        let mut at = vec![end; limit + 1];
        let mut best_t: Option<usize> = None;
        for t in (0..=end).rev() {
            // Going down, a total t is fewer tokens than the best so far: it wins on cost ties.
            if let Some((cost, _, _)) = exact[t]
                && best_t.and_then(|b| exact[b]).is_none_or(|e| cost <= e.0)
            {
                best_t = Some(t);
            }
            if t <= limit {
                at[t] = best_t.unwrap_or(end);
            }
        }
        Cover { unit, best, best_units: units[best], limit: limit as u64, at, counts, n }
    }

    /// The best mix covering `short` tokens: `buy(pack, count)` for each pack in it.
    pub fn purchase(&self, short: u64, mut buy: impl FnMut(usize, u64)) {
        let s = short.div_ceil(self.unit);
        let extra = s.saturating_sub(self.limit).div_ceil(self.best_units);
        let t = self.at[(s - extra * self.best_units) as usize];
        let row = &self.counts[t * self.n..(t + 1) * self.n];
        for (i, &k) in row.iter().enumerate() {
            let k = u64::from(k) + if i == self.best { extra } else { 0 };
            if k > 0 {
                buy(i, k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(pack, count)` for each pack a shortfall buys.
    type Purchase = Vec<(usize, u64)>;

    fn bought(cover: &Cover, short: u64) -> Purchase {
        let mut p = Vec::new();
        cover.purchase(short, |i, k| p.push((i, k)));
        p
    }

    fn pack(tokens: u64, dollars: i64) -> Pack {
        Pack { key: String::new(), label: String::new(), tokens, price: dollars * 100, estimate: false, source: None }
    }

    /// The default catalog's packs: 2,500 for $5, 10,000 for $18, 25,000 for $40.
    fn leonardo() -> Vec<Pack> {
        vec![pack(2500, 5), pack(10_000, 18), pack(25_000, 40)]
    }

    /// Every mix of up to `most` packs of each kind: the plainest reading of the rule.
    fn brute(packs: &[Pack], short: u64, most: u64) -> (Cents, u64, u64) {
        let mut best = (Cents::MAX, u64::MAX, u64::MAX);
        let mut k = vec![0u64; packs.len()];
        loop {
            let tokens: u64 = k.iter().zip(packs).map(|(k, p)| k * p.tokens).sum();
            if tokens >= short {
                let cost = k.iter().zip(packs).map(|(&k, p)| k as Cents * p.price).sum();
                best = best.min((cost, tokens, k.iter().sum()));
            }
            let Some(i) = k.iter().position(|&x| x < most) else { break };
            k[i] += 1;
            k[..i].iter_mut().for_each(|x| *x = 0);
        }
        best
    }

    fn value(packs: &[Pack], p: &Purchase) -> (Cents, u64, u64) {
        p.iter().fold((0, 0, 0), |(c, t, n), &(i, k)| (c + k as Cents * packs[i].price, t + k * packs[i].tokens, n + k))
    }

    #[test]
    fn r8_the_issue_case_two_large_and_a_small_for_52500_tokens() {
        // R8 cheapest: 52,500 short. 21 small = $105, 6 medium = $108, 2 large + 1 small = 52,500
        // tokens for $85, the cheapest (3 large = $120, 2 large + 1 medium = $98).
        let cover = Cover::new(&leonardo());
        assert_eq!(bought(&cover, 52_500), vec![(0, 1), (2, 2)]);
    }

    #[test]
    fn r8_ties_go_to_fewer_tokens_then_fewer_packs() {
        // 2,400 short: one small (2,500, $5) is the only one-pack answer; 20,000 short: 2 medium
        // ($36) beat 1 large ($40) and 8 small ($40).
        let cover = Cover::new(&leonardo());
        assert_eq!(bought(&cover, 2400), vec![(0, 1)]);
        assert_eq!(bought(&cover, 20_000), vec![(1, 2)]);
        // Equal cost: 2 packs of 10 for $2 vs 1 of 25 for $2 → 20 tokens (fewer). Equal cost and
        // tokens: 2 of 10 ($1 each) vs 1 of 20 ($2) → 1 pack.
        let tie = Cover::new(&[pack(10, 1), pack(25, 2)]);
        assert_eq!(bought(&tie, 20), vec![(0, 2)]);
        let fewer = Cover::new(&[pack(10, 1), pack(20, 2)]);
        assert_eq!(bought(&fewer, 20), vec![(1, 1)]);
    }

    #[test]
    fn r8_a_large_shortfall_is_best_value_packs_and_a_tabled_rest() {
        // 1,000,000 short: 40 large, $1,600 — cheaper than any mix with a medium or small.
        let cover = Cover::new(&leonardo());
        assert_eq!(bought(&cover, 1_000_000), vec![(2, 40)]);
        assert_eq!(bought(&cover, 1_002_400), vec![(0, 1), (2, 40)]);
        assert_eq!(value(&leonardo(), &bought(&cover, 1_002_400)), (160_500, 1_002_500, 41));
    }

    #[test]
    fn r8_the_table_agrees_with_every_mix_on_odd_pack_sizes() {
        let sets = [
            leonardo(),
            vec![pack(7, 3), pack(11, 4), pack(13, 5)],
            vec![pack(6, 5), pack(9, 7), pack(20, 13)],
            vec![pack(5, 0), pack(3, 1)],
            vec![pack(4, 3)],
        ];
        for packs in &sets {
            let cover = Cover::new(packs);
            let smallest = packs.iter().map(|p| p.tokens).min().unwrap();
            for short in (0..=40 * smallest).step_by(1.max(smallest as usize / 7)) {
                let want = brute(packs, short, short / smallest + 1);
                assert_eq!(value(packs, &bought(&cover, short)), want, "short {short} of {packs:?}");
            }
        }
    }

    #[test]
    fn the_best_value_pack_has_the_most_tokens_per_cent_then_the_most_tokens() {
        // $1.60 per 1,000 (large) beats $1.80 (medium) and $2.00 (small).
        assert_eq!(best_value(&leonardo()), Some(2));
        // Equal value: the larger pack; equal packs: the first.
        assert_eq!(best_value(&[pack(10, 1), pack(20, 2), pack(20, 2)]), Some(1));
        assert_eq!(best_value(&[]), None);
    }

    #[test]
    fn the_table_size_is_known_before_it_is_built() {
        // g = 2,500: units 1, 4, 10; best = large (10); L = 9 · 10 + 10 = 100, end = 110.
        assert_eq!(cover_entries(&leonardo()), 111 * 3);
        assert_eq!(cover_entries(&[]), 0);
        assert!(cover_entries(&[pack(1_000_003, 1), pack(999_999_937, 900)]) > MAX_COVER_ENTRIES);
    }
}
