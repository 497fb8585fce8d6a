//! The day-by-day run of one plan over a workload (R8, R9, R13), on top of the ledger.
//!
//! Each day: R4 at a billing date, R13's switch, R5, then the day's charges in R7 order
//! (`order.rs`: the backlog, then new generations with their `then` operations). Every charge
//! goes through R8 (`attempt`). Names are resolved to indices and prices before the loop, and
//! demand is shared by all plans, so the loop does no lookups and no allocation beyond the
//! backlog.

mod order;

use crate::engine::calendar::Calendar;
use crate::engine::demand::Demand;
use crate::engine::ledger::{Bucket, Flows, Journal, Ledger, Reason, Start};
use crate::engine::price::quote;
use crate::engine::topup::{Cover, Packs};
use crate::input::catalog::{Catalog, Cents, Plan};
use crate::input::workload::{Fallback, TopupPack, Workload};
use order::{Backlog, Plain};

/// What happened to charges (or to generations only); serialised as SPEC §4.1 `charges`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub wanted: u64,
    /// Paid from tokens ("fast" for generations).
    pub paid: u64,
    pub relaxed: u64,
    pub waited: u64,
    pub dropped: u64,
    pub unfinished: u64,
}

/// Running counts of a run, cumulative from the first day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub tokens_wanted: u64,
    pub tokens_relaxed: u64,
    /// Images of generations that ran (paid or relaxed).
    pub images_finished: u64,
    pub generations: Counts,
    pub charges: Counts,
}

/// Cumulative state after the last day of a report period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub last_day: u32,
    pub tally: Tally,
    pub flows: Flows,
    pub balance: [u64; 4],
}

/// The plan-independent parts of a run: prices and relaxed eligibility resolved once.
#[derive(Debug, Clone)]
pub struct Scenario<'a> {
    pub catalog: &'a Catalog,
    pub workload: &'a Workload,
    pub calendar: Calendar,
    charges: Vec<ActivityCharges>,
    /// The same tokens laid out for `Demand::price`.
    prices: Prices,
    /// R6 `q` per day × activity, computed once.
    expected: Vec<f64>,
    /// What R8 `topup` buys (`None` without packs).
    packs: Option<Packs>,
    /// How the day loop keeps its backlog: `Fast` except in `reference`.
    mode: Mode,
}

#[derive(Debug, Clone)]
struct ActivityCharges {
    gen_cost: u64,
    /// The action's kind allows relaxed on plans whose `relaxed` list holds `kind`.
    generation: Relaxable,
    /// Per `then` entry: cost and relaxability.
    ops: Vec<(u64, Relaxable)>,
}

/// Per activity, a generation's tokens and images; per `then` entry of all activities in
/// order, an operation's tokens.
#[derive(Debug, Clone)]
struct Prices {
    gen_tokens: Vec<u64>,
    images: Vec<u64>,
    op_tokens: Vec<u64>,
}

/// R8 `relaxed` conditions that don't depend on the plan.
#[derive(Debug, Clone, Copy)]
struct Relaxable {
    kind: crate::input::catalog::ActionKind,
    /// The action is `relaxed = true` and the activity is `relaxed_ok`.
    allowed: bool,
}

/// One plan's run.
#[derive(Debug, Clone)]
pub struct Run {
    pub seats_factor: u64,
    pub tally: Tally,
    pub flows: Flows,
    pub max_wait_days: u32,
    pub first_short: Option<u32>,
    pub rollover_peak: u64,
    /// Snapshots after the last day of each requested period.
    pub snapshots: Vec<Snapshot>,
    /// `tokens_wanted` of each billing period.
    pub billing_wanted: Vec<u64>,
    /// Monthly billing's subscription charges `(day, cents)` (R11, and R13's upgrade
    /// differences), as the plans in effect billed them.
    pub monthly_charges: Vec<(u32, Cents)>,
    /// Dropped charges per activity.
    pub dropped_by_activity: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Fits,
    Topups,
    Relaxed,
    Waits,
    Short,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Fits => "fits",
            Verdict::Topups => "topups",
            Verdict::Relaxed => "relaxed",
            Verdict::Waits => "waits",
            Verdict::Short => "short",
        }
    }
}

impl Counts {
    fn scaled(self, n: u64) -> Self {
        Counts {
            wanted: self.wanted * n,
            paid: self.paid * n,
            relaxed: self.relaxed * n,
            waited: self.waited * n,
            dropped: self.dropped * n,
            unfinished: self.unfinished * n,
        }
    }
}

impl Tally {
    fn scaled(self, n: u64) -> Self {
        Tally {
            tokens_wanted: self.tokens_wanted * n,
            tokens_relaxed: self.tokens_relaxed * n,
            images_finished: self.images_finished * n,
            generations: self.generations.scaled(n),
            charges: self.charges.scaled(n),
        }
    }
}

impl Run {
    /// `n` identical separate accounts (`--accounts`): every count and balance times `n`; waits
    /// and the first short day are each account's.
    pub fn scaled(self, n: u32) -> Run {
        if n == 1 {
            return self;
        }
        let k = u64::from(n);
        Run {
            seats_factor: self.seats_factor * k,
            tally: self.tally.scaled(k),
            flows: self.flows.scaled(k),
            rollover_peak: self.rollover_peak * k,
            snapshots: self
                .snapshots
                .into_iter()
                .map(|s| Snapshot {
                    last_day: s.last_day,
                    tally: s.tally.scaled(k),
                    flows: s.flows.scaled(k),
                    balance: s.balance.map(|b| b * k),
                })
                .collect(),
            billing_wanted: self.billing_wanted.into_iter().map(|t| t * k).collect(),
            monthly_charges: self.monthly_charges.into_iter().map(|(d, c)| (d, c * Cents::from(n))).collect(),
            dropped_by_activity: self.dropped_by_activity.into_iter().map(|d| d * k).collect(),
            ..self
        }
    }

    /// R9: worst first.
    pub fn verdict(&self) -> Verdict {
        let c = &self.tally.charges;
        if c.dropped + c.unfinished > 0 {
            Verdict::Short
        } else if c.waited > 0 {
            Verdict::Waits
        } else if c.relaxed > 0 {
            Verdict::Relaxed
        } else if self.flows.packs > 0 {
            Verdict::Topups
        } else {
            Verdict::Fits
        }
    }

    /// `generations.relaxed / generations.wanted` (0 when nothing is wanted).
    pub fn relaxed_share(&self) -> f64 {
        let g = &self.tally.generations;
        if g.wanted == 0 { 0.0 } else { g.relaxed as f64 / g.wanted as f64 }
    }

    pub fn peak_period_tokens(&self) -> u64 {
        self.billing_wanted.iter().copied().max().unwrap_or(0)
    }

    pub fn topup_cents(&self) -> Cents {
        // Checked by `Report::build`; saturating so no caller can ever see a wrapped sum.
        Cents::try_from(self.flows.topup_cents).unwrap_or(Cents::MAX)
    }
}

/// R13: from `day` on, `plan` (an upgrade at once, a downgrade at the next billing date).
#[derive(Debug, Clone, Copy)]
pub struct Switch<'a> {
    pub day: u32,
    pub plan: &'a Plan,
}

impl<'a> Scenario<'a> {
    pub fn new(catalog: &'a Catalog, workload: &'a Workload, calendar: Calendar) -> Self {
        let relaxable = |action: usize, relaxed_ok: bool| {
            let a = &catalog.actions[action];
            Relaxable { kind: a.kind, allowed: a.relaxed && relaxed_ok }
        };
        let charges = workload
            .activities
            .iter()
            .map(|act| ActivityCharges {
                gen_cost: quote(catalog, &catalog.actions[act.action], &act.setting).tokens,
                generation: relaxable(act.action, act.relaxed_ok),
                // R1: an operation is one charge at images = 1, no add-ons, default size and mode
                // (or the `then` entry's own `tokens`).
                ops: act
                    .then
                    .iter()
                    .map(|t| {
                        (
                            quote(catalog, &catalog.actions[t.action], &t.setting()).tokens,
                            relaxable(t.action, act.relaxed_ok),
                        )
                    })
                    .collect(),
            })
            .collect::<Vec<ActivityCharges>>();
        let prices = Prices {
            gen_tokens: charges.iter().map(|c| c.gen_cost).collect(),
            images: workload.activities.iter().map(|a| u64::from(a.setting.images)).collect(),
            op_tokens: charges.iter().flat_map(|c| c.ops.iter().map(|(tokens, _)| *tokens)).collect(),
        };
        let n = workload.activities.len();
        let expected = (0..calendar.days)
            .flat_map(|day| (0..n).map(move |a| (day, a)))
            .map(|(day, a)| crate::engine::demand::expected(workload, &calendar, a, day))
            .collect();
        let packs = workload.policy.topup_pack.map(|p| match p {
            TopupPack::Pack(pack) => Packs::One { pack, tokens: catalog.packs[pack].tokens },
            TopupPack::Cheapest => Packs::Cheapest(Cover::new(&catalog.packs)),
        });
        Scenario { catalog, workload, calendar, charges, prices, expected, packs, mode: Mode::Fast }
    }

    /// Tokens of one generation of activity `a`, without its operations (R1).
    pub fn generation_cost(&self, a: usize) -> u64 {
        self.charges[a].gen_cost
    }

    /// Tokens of one operation of activity `a`'s `then` entry `j` (R1).
    pub fn operation_tokens(&self, a: usize, j: usize) -> u64 {
        self.charges[a].ops[j].0
    }

    /// R6 `q` of activity `a` on `day`.
    #[inline]
    pub fn expected(&self, a: usize, day: u32) -> f64 {
        self.expected[day as usize * self.workload.activities.len() + a]
    }

    /// The deterministic demand (R6), priced.
    pub fn demand(&self) -> Demand {
        let mut demand = Demand::rounded(self.workload, &self.calendar, |a, day| self.expected(a, day));
        self.price(&mut demand);
        demand
    }

    /// Totals each cell of `demand` (tokens and operations of all its generations), so the day
    /// loop can pay a day that fits in one step.
    pub fn price(&self, demand: &mut Demand) {
        demand.price(&self.prices.gen_tokens, &self.prices.op_tokens, &self.prices.images);
    }

    /// Runs `plan` over `demand`, snapshotting after each day in `marks` (ascending).
    pub fn run<J: Journal>(&self, plan: &Plan, demand: &Demand, journal: J, marks: &[u32]) -> (Run, J) {
        self.run_switching(plan, &[], demand, journal, marks)
    }

    /// Like `run`, with plan changes (R13, monthly billing) in day order.
    pub fn run_switching<J: Journal>(
        &self,
        plan: &Plan,
        switches: &[Switch],
        demand: &Demand,
        journal: J,
        marks: &[u32],
    ) -> (Run, J) {
        self.run_from(plan, None, switches, demand, journal, marks)
    }

    /// Like `run_switching`, from a start state (R14) when `start` is given: period 0 is
    /// already paid, so day one opens with the stated balances instead of R4 and R11.
    pub fn run_from<J: Journal>(
        &self,
        plan: &Plan,
        start: Option<Start>,
        switches: &[Switch],
        demand: &Demand,
        journal: J,
        marks: &[u32],
    ) -> (Run, J) {
        let mut day_loop = DayLoop::new(self, plan, demand, journal, self.mode);
        day_loop.start = start;
        day_loop.run(switches, marks);
        day_loop.finish()
    }

    /// This scenario run by the plain reading of R7 and R8: one backlog in first-in first-out
    /// order, every charge tried on its own every day, no day paid at once. Slow on long
    /// backlogs; the tests hold `run_switching` (and `run_from`) to it, figure by figure and row
    /// by row.
    #[doc(hidden)]
    pub fn reference(&self) -> Scenario<'a> {
        Scenario { mode: Mode::Reference, ..self.clone() }
    }
}

/// R8's choice for a charge of `activity` when the balance is short: the first fallback of its
/// `when_out` (else the policy's) that applies on a plan with top-ups (`packs`) or not.
fn fallback(workload: &Workload, packs: bool, activity: usize, relaxable: bool) -> Option<Fallback> {
    let fallbacks = workload.activities[activity].when_out.as_deref().unwrap_or(&workload.policy.when_out);
    fallbacks.iter().copied().find(|f| match f {
        Fallback::Relaxed => relaxable,
        Fallback::Topup => packs,
        Fallback::Wait => true,
    })
}

/// How the day loop keeps its backlog and pays its charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Waiting charges kept by class, a day that fits paid at once (`order.rs`).
    Fast,
    /// One charge at a time, one plain FIFO: R7 and R8 as the SPEC words them.
    Reference,
}

/// The result of R8 for one charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    Paid,
    Relaxed,
    Wait,
    Dropped,
}

struct DayLoop<'s, J: Journal> {
    sc: &'s Scenario<'s>,
    /// The plan in effect (R13 may change it).
    plan: &'s Plan,
    demand: &'s Demand,
    ledger: Ledger<J>,
    mode: Mode,
    seats_factor: u64,
    /// R8 `topup` allowed: what a shortfall buys, or `None`.
    packs: Option<&'s Packs>,
    /// Per activity: (generation relaxed, per `then` entry relaxed) on this plan.
    relaxed: Vec<(bool, Vec<bool>)>,
    /// Per activity: a shortfall of any of its charges buys packs (its first fallback that
    /// applies is `topup`, for the generation and every `then` entry).
    topup_first: Vec<bool>,
    /// The waiting charges (R7, R8 `wait`), by class (`Mode::Fast`) …
    backlog: Backlog,
    /// … or in one plain list (`Mode::Reference`).
    plain: Plain,
    tally: Tally,
    max_wait_days: u32,
    first_short: Option<u32>,
    rollover_peak: u64,
    snapshots: Vec<Snapshot>,
    billing_wanted: Vec<u64>,
    monthly_charges: Vec<(u32, Cents)>,
    dropped_by_activity: Vec<u64>,
    /// R14: the stated balances that open period 0 (taken on day one).
    start: Option<Start>,
}

impl<'s, J: Journal> DayLoop<'s, J> {
    fn new(sc: &'s Scenario<'s>, plan: &'s Plan, demand: &'s Demand, journal: J, mode: Mode) -> Self {
        let mut day_loop = DayLoop {
            sc,
            plan,
            demand,
            ledger: Ledger::new(journal),
            mode,
            seats_factor: 1,
            packs: None,
            topup_first: Vec::new(),
            relaxed: Vec::new(),
            backlog: Backlog::new(sc),
            plain: Plain::default(),
            tally: Tally::default(),
            max_wait_days: 0,
            first_short: None,
            rollover_peak: 0,
            snapshots: Vec::new(),
            billing_wanted: Vec::with_capacity(sc.calendar.billing.len()),
            monthly_charges: Vec::with_capacity(sc.calendar.billing.len()),
            dropped_by_activity: vec![0; sc.charges.len()],
            start: None,
        };
        day_loop.set_plan(plan);
        day_loop
    }

    /// Puts `plan` in effect: its seats factor, top-up pack and relaxed eligibility.
    fn set_plan(&mut self, plan: &'s Plan) {
        let sc = self.sc;
        self.plan = plan;
        self.seats_factor = crate::engine::eligibility::seats_factor(plan, sc.workload.seats);
        self.packs = if plan.topups { sc.packs.as_ref() } else { None };
        // R8 relaxed: the plan's list holds the kind, the action allows it, the activity too.
        let on_plan = |r: &Relaxable| r.allowed && plan.relaxed.contains(&r.kind);
        self.relaxed = sc
            .charges
            .iter()
            .map(|c| (on_plan(&c.generation), c.ops.iter().map(|(_, r)| on_plan(r)).collect()))
            .collect();
        self.topup_first = (0..sc.charges.len())
            .map(|a| {
                let (generation, ops) = &self.relaxed[a];
                let topup = |relaxable: bool| self.fallback(a, relaxable) == Some(Fallback::Topup);
                topup(*generation) && ops.iter().all(|&r| topup(r))
            })
            .collect();
        let (workload, packs) = (sc.workload, self.packs.is_some());
        self.backlog.plan_changed(&self.relaxed, |a, relaxable| fallback(workload, packs, a, relaxable));
    }

    fn monthly_price(&self) -> Cents {
        crate::engine::money::monthly_price(self.plan, self.seats_factor)
    }

    fn monthly_grant(&self) -> u64 {
        self.plan.monthly_tokens * self.seats_factor
    }

    /// R13 on `day`, after R4 and before R5: an upgrade now; a downgrade (or an equal plan)
    /// waits for the first billing date on or after `day` (`pending`).
    fn switch(&mut self, day: u32, to: &'s Plan, pending: &mut Option<&'s Plan>) {
        let sf = crate::engine::eligibility::seats_factor(to, self.sc.workload.seats);
        if to.monthly_tokens * sf <= self.monthly_grant() {
            *pending = Some(to);
            return;
        }
        *pending = None;
        let old_price = self.monthly_price();
        self.ledger.expire_all(day, Bucket::Monthly, Reason::PlanChange);
        self.set_plan(to);
        self.ledger.grant(day, Bucket::Monthly, self.monthly_grant(), Reason::PlanChange);
        if to.rollover_cap == 0 {
            self.ledger.expire_all(day, Bucket::Rollover, Reason::PlanChange);
        }
        self.monthly_charges.push((day, self.monthly_price() - old_price));
    }

    fn run(&mut self, switches: &[Switch<'s>], marks: &[u32]) {
        let cal = &self.sc.calendar;
        let mut next_billing = 0;
        let mut next_mark = 0;
        let mut next_switch = 0;
        let mut pending: Option<&'s Plan> = None;
        let mut period_start_wanted = 0;
        for day in 0..cal.days {
            // A downgrade scheduled for today takes effect at today's billing date, if any.
            let switch_today = switches.get(next_switch).filter(|s| s.day == day).map(|s| s.plan);
            if cal.billing.get(next_billing) == Some(&day) {
                if next_billing > 0 {
                    self.billing_wanted.push(self.tally.tokens_wanted - period_start_wanted);
                    period_start_wanted = self.tally.tokens_wanted;
                }
                next_billing += 1;
                if let Some(to) = switch_today.filter(|to| {
                    to.monthly_tokens * crate::engine::eligibility::seats_factor(to, self.sc.workload.seats)
                        <= self.monthly_grant()
                }) {
                    pending = Some(to);
                }
                if let Some(to) = pending.take() {
                    self.set_plan(to); // R13: as if the plan had always been the new one from here
                }
                if let Some(start) = self.start.take() {
                    self.ledger.open(day, &start); // R14: period 0 is prepaid, no R4 and no R11
                } else {
                    // R4, and R11's monthly charge
                    self.ledger.billing_date(day, self.monthly_grant(), self.plan.rollover_cap * self.seats_factor);
                    self.monthly_charges.push((day, self.monthly_price()));
                }
                self.rollover_peak = self.rollover_peak.max(self.ledger.get(Bucket::Rollover));
            }
            if let Some(to) = switch_today {
                next_switch += 1;
                // The current plan is "an equal plan": it replaces a pending downgrade.
                if !std::ptr::eq(to, self.plan) || pending.is_some() {
                    self.switch(day, to, &mut pending);
                }
            }
            self.ledger.daily_reset(day, self.plan.daily_tokens); // R5
            self.charges_of_the_day(day); // R7
            while marks.get(next_mark) == Some(&day) {
                self.snapshots.push(Snapshot {
                    last_day: day,
                    tally: self.tally,
                    flows: self.ledger.flows,
                    balance: self.ledger.balance,
                });
                next_mark += 1;
            }
        }
        self.billing_wanted.push(self.tally.tokens_wanted - period_start_wanted);
    }

    /// R8 when the balance is short of a charge of activity `activity`: the first fallback of its
    /// `when_out` (else the policy's) that applies on the plan in effect; `None`: it is dropped.
    fn fallback(&self, activity: usize, relaxable: bool) -> Option<Fallback> {
        fallback(self.sc.workload, self.packs.is_some(), activity, relaxable)
    }

    /// R8 for one charge of `c` tokens of activity `activity` (`then: Some(j)`: an operation of
    /// its j-th `then` entry).
    fn attempt(&mut self, day: u32, c: u64, activity: usize, then: Option<usize>, relaxable: bool) -> Attempt {
        let reason = Reason::Charge { activity, then };
        if self.ledger.spendable() >= c {
            self.ledger.take(day, c, reason);
            return Attempt::Paid;
        }
        self.first_short.get_or_insert(day);
        match self.fallback(activity, relaxable) {
            Some(Fallback::Relaxed) => {
                self.ledger.relaxed(day, c, reason);
                self.tally.tokens_relaxed += c;
                Attempt::Relaxed
            }
            Some(Fallback::Topup) => {
                self.pay_topping_up(day, c, reason);
                Attempt::Paid
            }
            Some(Fallback::Wait) => Attempt::Wait,
            None => Attempt::Dropped,
        }
    }

    /// R8 `topup` for `c` tokens due: the packs the shortfall needs, if any, then the charge.
    /// With one pack size it is also what a bundle of charges that each buy packs when short
    /// costs at once (`Packs::additive`: buying charge by charge leaves less than a pack over
    /// after each purchase, so it buys exactly ⌈shortfall / pack⌉ packs in all).
    fn pay_topping_up(&mut self, day: u32, c: u64, reason: Reason) {
        let short = c.saturating_sub(self.ledger.spendable());
        if short > 0 {
            self.first_short.get_or_insert(day);
            self.top_up(day, short);
        }
        self.ledger.take(day, c, reason);
    }

    /// Buying for shortfalls one after another buys what one purchase for their total would.
    fn additive_packs(&self) -> bool {
        self.packs.is_none_or(Packs::additive)
    }

    /// `n` charges of `c` tokens, each buying packs when short (R8 `topup`), one after another:
    /// paid together when that buys the same packs (`Packs::additive`), else as many as the
    /// balance covers at once and one purchase for the next.
    fn pay_each_topping_up(&mut self, day: u32, n: u64, c: u64, reason: Reason) {
        if self.additive_packs() {
            return self.pay_topping_up(day, n * c, reason);
        }
        let mut left = n;
        while left > 0 {
            let fit = self.ledger.spendable().checked_div(c).map_or(left, |k| k.min(left));
            if fit > 0 {
                self.ledger.take(day, fit * c, reason);
                left -= fit;
            } else {
                self.pay_topping_up(day, c, reason);
                left -= 1;
            }
        }
    }

    /// R8 `topup`: the packs a balance `short` tokens below what is due buys (the plan has
    /// top-ups): one pack's `⌈short / pack⌉`, or the cheapest mix.
    fn top_up(&mut self, day: u32, short: u64) {
        if let Some(packs) = self.packs {
            let catalog = self.sc.catalog;
            packs.purchase(short, |index, k| self.ledger.buy(day, k, index, &catalog.packs[index]));
        }
    }

    /// Counts `n` charges of one kind that ran (paid or relaxed) on `day`, wanted on `wanted`.
    fn ran(&mut self, outcome: Attempt, day: u32, wanted: u32, activity: usize, generation: bool, n: u64) {
        let o = &mut self.tally.charges;
        match outcome {
            Attempt::Paid => o.paid += n,
            _ => o.relaxed += n,
        }
        if generation {
            self.tally.images_finished += n * u64::from(self.sc.workload.activities[activity].setting.images);
            let g = &mut self.tally.generations;
            match outcome {
                Attempt::Paid => g.paid += n,
                _ => g.relaxed += n,
            }
        }
        self.max_wait_days = self.max_wait_days.max(day - wanted);
    }

    /// Counts `n` dropped charges of activity `a`.
    fn dropped(&mut self, a: usize, n: u64) {
        self.tally.charges.dropped += n;
        self.dropped_by_activity[a] += n;
    }

    /// R9: what is still waiting after `end` is unfinished, with its tied operations.
    fn finish(mut self) -> (Run, J) {
        let (generations, charges) = match self.mode {
            Mode::Fast => self.backlog.unfinished(),
            Mode::Reference => self.plain.unfinished(),
        };
        self.backlog.recycle();
        self.tally.generations.unfinished += generations;
        self.tally.charges.unfinished += charges;
        let run = Run {
            seats_factor: self.seats_factor,
            tally: self.tally,
            flows: self.ledger.flows,
            max_wait_days: self.max_wait_days,
            first_short: self.first_short,
            rollover_peak: self.rollover_peak,
            snapshots: self.snapshots,
            billing_wanted: self.billing_wanted,
            monthly_charges: self.monthly_charges,
            dropped_by_activity: self.dropped_by_activity,
        };
        (run, self.ledger.journal)
    }
}
