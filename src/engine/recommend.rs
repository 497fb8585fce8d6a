//! R9a: the cheapest feasible plan and billing, or the closest one when nothing is feasible.

use crate::engine::calendar::Calendar;
use crate::engine::simulation::Run;
use crate::input::catalog::Billing;
use crate::input::workload::Policy;
use crate::units::money;
use crate::units::percent;
use crate::units::plural;
use crate::units::thousands;

/// One eligible plan × billing, with what decides between candidates.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'r> {
    /// Catalog order of the plan.
    pub order: usize,
    pub billing: Billing,
    /// Total cost (the mean over trials in a Monte Carlo run).
    pub cost_cents: i64,
    pub run: &'r Run,
    /// Feasible under R9a (in a Monte Carlo run: in at least `confidence` of the trials).
    pub feasible: bool,
    /// Monte Carlo runs: what the trials gave.
    pub trials: Option<TrialsFit>,
}

/// A candidate's Monte Carlo figures that the reasons quote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrialsFit {
    /// The share of feasible trials.
    pub share: f64,
    pub n: u32,
    /// The share asked for (`--confidence`).
    pub confidence: f64,
    /// Top-up money, the mean over the trials.
    pub topup_mean_cents: f64,
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
/// then lowest total cost, then the ties above.
pub fn pick(candidates: &[Candidate]) -> Option<Pick> {
    let best = candidates.iter().filter(|c| c.feasible).min_by_key(|c| (c.cost_cents, ties(c)));
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
                .then(a.cost_cents.cmp(&b.cost_cents))
                .then(ties(a).cmp(&ties(b)))
        })
        .map(|c| Pick { order: c.order, billing: c.billing, feasible: false })
}

/// `18 Mar 2027`.
fn day(calendar: &Calendar, d: u32) -> String {
    calendar.date(d).format("%-d %b %Y").to_string()
}

/// Why a run is not feasible under `policy`, with the simulation's numbers ("Essential runs
/// dry on 18 Mar 2027; 412 generations would wait up to 9 days (limit 0)").
pub fn why_not(c: &Candidate, policy: &Policy, calendar: &Calendar, label: &str) -> String {
    let run = c.run;
    let g = &run.tally.generations;
    let mut parts = vec![match run.first_short {
        Some(d) => format!("{label} runs dry on {}", day(calendar, d)),
        None => label.to_string(),
    }];
    if let Some(t) = c.trials {
        parts.push(format!(
            "feasible in only {} of {} trials (needs {})",
            percent(t.share),
            thousands(u64::from(t.n)),
            percent(t.confidence)
        ));
    }
    if g.dropped + g.unfinished > 0 {
        parts.push(format!(
            "{} never run ({} dropped, {} still waiting at the end)",
            plural(g.dropped + g.unfinished, "generation", "generations"),
            thousands(g.dropped),
            thousands(g.unfinished)
        ));
    }
    if run.max_wait_days > policy.max_wait_days {
        parts.push(format!(
            "{} would wait, up to {} (limit {})",
            plural(g.waited, "generation", "generations"),
            plural(u64::from(run.max_wait_days), "day", "days"),
            policy.max_wait_days
        ));
    }
    if run.relaxed_share() > policy.max_relaxed_share {
        parts.push(format!(
            "{} of generations would run relaxed (limit {})",
            percent(run.relaxed_share()),
            percent(policy.max_relaxed_share)
        ));
    }
    parts.join("; ")
}

/// What the chosen candidate gives: speed, packs, waits, bank.
fn what_it_gives(c: &Candidate) -> String {
    let g = &c.run.tally.generations;
    let mut s = if g.relaxed == 0 && g.dropped + g.unfinished == 0 {
        format!("all {} at fast speed", plural(g.wanted, "generation", "generations"))
    } else {
        format!(
            "{} of {} generations fast, {} relaxed ({})",
            thousands(g.paid),
            thousands(g.wanted),
            thousands(g.relaxed),
            percent(c.run.relaxed_share())
        )
    };
    match c.trials {
        // Beside the trials' mean cost, the trials' top-ups, not the expected run's.
        Some(t) if t.topup_mean_cents > 0.0 => {
            s += &format!(", top-ups {} on average over the trials", money(t.topup_mean_cents.round() as i64));
        }
        Some(_) => {}
        None if c.run.flows.packs > 0 => {
            s += &format!(
                ", {} bought ({})",
                plural(c.run.flows.packs, "top-up pack", "top-up packs"),
                money(c.run.topup_cents())
            );
        }
        None => {}
    }
    if c.run.max_wait_days > 0 {
        s += &format!(", waits up to {}", plural(u64::from(c.run.max_wait_days), "day", "days"));
    }
    if c.run.rollover_peak > 0 {
        s += &format!("; bank peaks at {}", thousands(c.run.rollover_peak));
    }
    s
}

/// The reasons for a pick (R9a), in plain words with the simulation's numbers: what the
/// chosen plan gives, what annual billing changes, and why each cheaper plan is not feasible.
pub fn explain(
    candidates: &[Candidate],
    chosen: &Candidate,
    feasible_pick: bool,
    policy: &Policy,
    calendar: &Calendar,
    label: &dyn Fn(usize) -> String,
) -> Vec<String> {
    let horizon = if calendar.billing.len() > 1 || calendar.days >= 28 {
        plural(calendar.billing.len() as u64, "billing month", "billing months")
    } else {
        plural(u64::from(calendar.days), "day", "days")
    };
    let mut reasons = Vec::new();
    let name = label(chosen.order);
    if !feasible_pick {
        reasons.push(format!(
            "No plan is feasible under the policy (nothing dropped or unfinished, waits of at most {}, relaxed share at most {:.1}%).",
            plural(u64::from(policy.max_wait_days), "day", "days"),
            policy.max_relaxed_share * 100.0
        ));
        reasons.push(format!(
            "Closest: {name}, billed {}: {} over {horizon}. What breaks: {}.",
            chosen.billing.adverb(),
            money(chosen.cost_cents),
            why_not(chosen, policy, calendar, &name)
        ));
        reasons.extend(cheaper(candidates, chosen, policy, calendar, label));
        return reasons;
    }
    reasons.push(format!("{name}, billed {}: {} over {horizon}", chosen.billing.adverb(), money(chosen.cost_cents)));
    reasons.push(what_it_gives(chosen));
    if let Some(t) = chosen.trials {
        reasons.push(format!(
            "feasible in {} of {} Monte Carlo trials; the cost is the mean over them",
            percent(t.share),
            thousands(u64::from(t.n))
        ));
    }
    let twin = candidates.iter().find(|c| c.order == chosen.order && c.billing != chosen.billing);
    match (chosen.billing, twin) {
        (Billing::Annual, Some(m)) => reasons.push(format!(
            "annual billing saves {} over monthly ({})",
            money(m.cost_cents - chosen.cost_cents),
            money(m.cost_cents)
        )),
        (Billing::Monthly, Some(a)) if a.cost_cents > chosen.cost_cents => reasons.push(format!(
            "monthly billing: annual would cost {} more ({}), paid 12 months at a time",
            money(a.cost_cents - chosen.cost_cents),
            money(a.cost_cents)
        )),
        _ => {}
    }
    reasons.extend(cheaper(candidates, chosen, policy, calendar, label));
    reasons
}

/// Why not each plan cheaper than the pick (R9a, feasible pick or not): each once, at its
/// cheapest billing, cheapest first.
fn cheaper(
    candidates: &[Candidate],
    chosen: &Candidate,
    policy: &Policy,
    calendar: &Calendar,
    label: &dyn Fn(usize) -> String,
) -> Vec<String> {
    let mut cheaper: Vec<&Candidate> = candidates.iter().filter(|c| c.cost_cents < chosen.cost_cents).collect();
    cheaper.sort_by_key(|c| (c.cost_cents, c.order, c.billing));
    let mut seen = Vec::new();
    let mut reasons = Vec::new();
    for c in cheaper {
        if seen.contains(&c.order) || c.order == chosen.order {
            continue;
        }
        seen.push(c.order);
        reasons.push(format!(
            "not {} ({}, billed {}): {}",
            label(c.order),
            money(c.cost_cents),
            c.billing.adverb(),
            why_not(c, policy, calendar, &label(c.order))
        ));
    }
    reasons
}
