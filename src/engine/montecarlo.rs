//! Monte Carlo runs (SPEC §5): many trials of random demand, every plan on the same draws.
//!
//! In a trial each activity gets a multiplier G ~ Gamma(mean 1, CV = `variability`) per 7-day
//! block from `start` (crunch weeks), and each day's generations are Poisson(q × G). The RNG of
//! trial t is ChaCha8 seeded with the seed on stream t, so a trial's draws never depend on which
//! thread ran it; trials run in parallel chunks and are folded in trial order, so the output is
//! byte-identical whatever the thread count. Only histograms are kept (exact for integers, the
//! relaxed share to 1e-6), so memory stays flat in the number of trials.

use crate::engine::demand::Demand;
use crate::engine::ledger::NoJournal;
use crate::engine::recommend::feasible;
use crate::engine::simulation::{Run, Scenario, Switch, Verdict};
use crate::input::catalog::Cents;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, Poisson};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Upper bound on `--trials`.
pub const MAX_TRIALS: u32 = 1_000_000;

/// Trials run per parallel chunk (bounds the memory of results waiting to be folded).
const CHUNK: u32 = 512;

/// Relaxed shares are kept to this resolution.
const SHARE_SCALE: f64 = 1e6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trials {
    pub n: u32,
    pub seed: u64,
}

/// Counts of values, exact: percentiles by nearest rank, the mean from a sum in trial order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram {
    counts: BTreeMap<u64, u64>,
    n: u64,
    sum: f64,
}

/// p10, p50, p90, p99 and mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub mean: f64,
}

impl Histogram {
    pub fn add(&mut self, key: u64, value: f64) {
        *self.counts.entry(key).or_insert(0) += 1;
        self.n += 1;
        self.sum += value;
    }

    /// Nearest rank: the smallest key with at least ⌈p × n⌉ values at or below it.
    pub fn percentile(&self, p: f64) -> u64 {
        let rank = ((p * self.n as f64).ceil() as u64).clamp(1, self.n.max(1));
        let mut seen = 0;
        for (&k, &c) in &self.counts {
            seen += c;
            if seen >= rank {
                return k;
            }
        }
        0
    }

    /// The summary, each key mapped through `value` (scale back, add a constant).
    pub fn summary(&self, value: impl Fn(u64) -> f64, mean_shift: f64) -> Summary {
        Summary {
            p10: value(self.percentile(0.10)),
            p50: value(self.percentile(0.50)),
            p90: value(self.percentile(0.90)),
            p99: value(self.percentile(0.99)),
            mean: if self.n == 0 { 0.0 } else { self.sum / self.n as f64 + mean_shift },
        }
    }
}

/// What one plan did over all trials.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanTrials {
    pub n: u64,
    pub feasible: u64,
    pub short: u64,
    pub topup_cents: Histogram,
    pub peak_period_tokens: Histogram,
    pub relaxed_share: Histogram,
    pub max_wait_days: Histogram,
}

/// One plan's result in one trial.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    feasible: bool,
    short: bool,
    topup_cents: Cents,
    peak: u64,
    relaxed_share: f64,
    max_wait: u32,
}

impl Outcome {
    fn of(run: &Run, scenario: &Scenario) -> Outcome {
        Outcome {
            feasible: feasible(run, &scenario.workload.policy),
            short: run.verdict() == Verdict::Short,
            topup_cents: run.topup_cents(),
            peak: run.peak_period_tokens(),
            relaxed_share: run.relaxed_share(),
            max_wait: run.max_wait_days,
        }
    }
}

impl PlanTrials {
    /// Counts one trial's run of this plan under `scenario`'s policy (R9a feasibility).
    pub fn record(&mut self, run: &Run, scenario: &Scenario) {
        self.add(&Outcome::of(run, scenario));
    }

    fn add(&mut self, o: &Outcome) {
        self.n += 1;
        self.feasible += u64::from(o.feasible);
        self.short += u64::from(o.short);
        self.topup_cents.add(o.topup_cents as u64, o.topup_cents as f64);
        self.peak_period_tokens.add(o.peak, o.peak as f64);
        self.relaxed_share.add((o.relaxed_share * SHARE_SCALE).round() as u64, o.relaxed_share);
        self.max_wait_days.add(u64::from(o.max_wait), f64::from(o.max_wait));
    }

    pub fn feasible_share(&self) -> f64 {
        if self.n == 0 { 0.0 } else { self.feasible as f64 / self.n as f64 }
    }

    pub fn short_share(&self) -> f64 {
        if self.n == 0 { 0.0 } else { self.short as f64 / self.n as f64 }
    }

    /// Total cost: the billing's fixed subscription plus each trial's top-ups.
    pub fn cost(&self, subscription_cents: Cents) -> Summary {
        let s = subscription_cents as f64;
        self.topup_cents.summary(|k| k as f64 + s, s)
    }

    pub fn peak(&self) -> Summary {
        self.peak_period_tokens.summary(|k| k as f64, 0.0)
    }

    pub fn relaxed(&self) -> Summary {
        self.relaxed_share.summary(|k| k as f64 / SHARE_SCALE, 0.0)
    }

    pub fn wait(&self) -> Summary {
        self.max_wait_days.summary(|k| k as f64, 0.0)
    }

    /// The `p` percentile (0–1) of each metric: total cost, peak tokens, relaxed share, wait.
    pub fn at(&self, p: f64, subscription_cents: Cents) -> (Cents, u64, f64, u32) {
        (
            self.topup_cents.percentile(p) as Cents + subscription_cents,
            self.peak_period_tokens.percentile(p),
            self.relaxed_share.percentile(p) as f64 / SHARE_SCALE,
            self.max_wait_days.percentile(p) as u32,
        )
    }
}

/// The demand of trial `t` (SPEC §5), or an error when its draws are more charges than one run
/// may hold (`work::check_drawn`).
pub fn demand(scenario: &Scenario, trials: Trials, t: u32) -> anyhow::Result<Demand> {
    draw(Demand::default(), scenario, trials, t)
}

thread_local! {
    /// The demand of this thread's last trial: the next one is drawn into its memory.
    static SPARE: std::cell::Cell<Option<Demand>> = const { std::cell::Cell::new(None) };
}

/// `demand`, drawn into `spare`'s memory.
fn draw(spare: Demand, scenario: &Scenario, trials: Trials, t: u32) -> anyhow::Result<Demand> {
    let (w, cal) = (scenario.workload, &scenario.calendar);
    let mut rng = ChaCha8Rng::seed_from_u64(trials.seed);
    rng.set_stream(u64::from(t));
    let blocks = cal.days.div_ceil(7) as usize;
    // G per activity and 7-day block: Gamma(shape 1/cv², scale cv²) has mean 1 and CV cv.
    // Activity a's block b is `g[a * blocks + b]`.
    let mut g: Vec<f64> = Vec::with_capacity(w.activities.len() * blocks);
    for a in &w.activities {
        match Gamma::new(1.0 / (a.variability * a.variability), a.variability * a.variability) {
            Ok(gamma) if a.variability > 0.0 => g.extend((0..blocks).map(|_| gamma.sample(&mut rng))),
            _ => g.extend(std::iter::repeat_n(1.0, blocks)),
        }
    }
    // Weekdays of a block usually share one λ: keep each activity's last distribution.
    let mut last: Vec<Option<(f64, Poisson<f64>)>> = vec![None; w.activities.len()];
    // Charges drawn so far (each generation with its expected operations): past one run's limit
    // nothing more is drawn and the trial is refused, before any sum could overflow.
    let per_generation: Vec<f64> = w
        .activities
        .iter()
        .map(|a| 1.0 + a.then.iter().map(|t| t.share * f64::from(a.setting.images)).sum::<f64>())
        .collect();
    let mut drawn = 0.0;
    let mut demand = spare.rebuild(w, cal, |a, day| {
        if drawn > crate::input::limits::MAX_CHARGES {
            return 0;
        }
        let lambda = scenario.expected(a, day) * g[a * blocks + (day / 7) as usize];
        if lambda.is_nan() || lambda <= 0.0 {
            return 0; // nothing wanted
        }
        let poisson = match last[a] {
            Some((l, p)) if l == lambda => p,
            _ => match Poisson::new(lambda) {
                Ok(p) => {
                    last[a] = Some((lambda, p));
                    p
                }
                Err(_) => return 0,
            },
        };
        let n = poisson.sample(&mut rng).min(f64::from(u32::MAX)) as u32;
        drawn += f64::from(n) * per_generation[a];
        n
    });
    crate::engine::work::check_drawn(t, trials.seed, drawn)?;
    scenario.price(&mut demand);
    Ok(demand)
}

/// Runs `trials` over `plans` (catalog indices, all eligible) with R13 `switches`, each run
/// counted for `accounts` identical accounts, calling `tick` after each chunk with the number
/// of trials done.
pub fn run(
    scenario: &Scenario,
    plans: &[usize],
    switches: &[Switch],
    accounts: u32,
    trials: Trials,
    tick: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Vec<PlanTrials>> {
    let mut out = vec![PlanTrials::default(); plans.len()];
    let mut start = 0;
    while start < trials.n {
        let end = (start + CHUNK).min(trials.n);
        let chunk: Vec<anyhow::Result<Vec<Outcome>>> = (start..end)
            .into_par_iter()
            .map(|t| {
                let demand = draw(SPARE.take().unwrap_or_default(), scenario, trials, t)?;
                let outcomes = plans
                    .iter()
                    .map(|&i| {
                        let plan = &scenario.catalog.plans[i];
                        let run = scenario.run_switching(plan, switches, &demand, NoJournal, &[]).0;
                        Outcome::of(&run.scaled(accounts), scenario)
                    })
                    .collect();
                SPARE.set(Some(demand));
                Ok(outcomes)
            })
            .collect();
        // The first trial in order that failed, whatever the threads did.
        let chunk = chunk.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
        for outcomes in &chunk {
            for (stats, o) in out.iter_mut().zip(outcomes) {
                stats.add(o);
            }
        }
        tick(u64::from(end - start));
        start = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(values: &[u64]) -> Histogram {
        let mut h = Histogram::default();
        for &v in values {
            h.add(v, v as f64);
        }
        h
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        // 1..=10: p10 is the 1st value, p50 the 5th, p90 the 9th, p99 the 10th.
        let h = hist(&[7, 3, 10, 1, 2, 9, 4, 8, 6, 5]);
        assert_eq!([h.percentile(0.10), h.percentile(0.50), h.percentile(0.90), h.percentile(0.99)], [1, 5, 9, 10]);
        assert_eq!(h.summary(|k| k as f64, 0.0).mean, 5.5);
    }

    #[test]
    fn percentiles_of_repeated_values() {
        let h = hist(&[5, 5, 5, 100]);
        assert_eq!(h.percentile(0.5), 5);
        assert_eq!(h.percentile(0.9), 100);
        assert_eq!(hist(&[]).percentile(0.5), 0);
    }
}
