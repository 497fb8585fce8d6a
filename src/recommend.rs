//! R9a: the cheapest feasible plan and billing, or the closest one when nothing is feasible.

use crate::simulation::{Billing, Run};
use crate::workload::Policy;

/// One eligible plan × billing, with what decides between candidates.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'r> {
    /// Catalog order of the plan.
    pub order: usize,
    pub billing: Billing,
    pub cost_cents: i64,
    pub run: &'r Run,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    pub order: usize,
    pub billing: Billing,
    pub feasible: bool,
}

/// Feasible under R9a: nothing dropped or unfinished, waits and relaxed share within policy.
pub fn feasible(run: &Run, policy: &Policy) -> bool {
    let c = &run.tally.charges;
    c.dropped + c.unfinished == 0
        && run.max_wait_days <= policy.max_wait_days
        && run.relaxed_share() <= policy.max_relaxed_share
}

/// R9a ties: fewer relaxed generations, fewer packs, catalog order, monthly before annual.
fn ties(c: &Candidate) -> (u64, u64, usize, Billing) {
    (c.run.tally.generations.relaxed, c.run.flows.packs, c.order, c.billing)
}

/// R9a: the lowest total cost among feasible candidates; when none is feasible, the closest:
/// fewest dropped + unfinished charges, then smallest max wait, then smallest relaxed share,
/// then the ties above.
pub fn pick(candidates: &[Candidate], policy: &Policy) -> Option<Pick> {
    let best = candidates.iter().filter(|c| feasible(c.run, policy)).min_by_key(|c| (c.cost_cents, ties(c)));
    if let Some(c) = best {
        return Some(Pick { order: c.order, billing: c.billing, feasible: true });
    }
    candidates
        .iter()
        .min_by(|a, b| {
            let key = |c: &Candidate| {
                let ch = &c.run.tally.charges;
                (ch.dropped + ch.unfinished, c.run.max_wait_days)
            };
            key(a)
                .cmp(&key(b))
                .then(a.run.relaxed_share().total_cmp(&b.run.relaxed_share()))
                .then(ties(a).cmp(&ties(b)))
        })
        .map(|c| Pick { order: c.order, billing: c.billing, feasible: false })
}
