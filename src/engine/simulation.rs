//! The day-by-day run of one plan over a workload (R7, R8, R9), on top of the ledger.
//!
//! Each day: R4 at a billing date, R5, then the backlog in first-in first-out order, then new
//! generations activity by activity, each followed at once by its `then` operations. Every
//! charge goes through R8 (`attempt`). Names are resolved to indices and prices before the
//! loop, and demand is shared by all plans, so the loop does no lookups and no allocation
//! beyond the backlog.

use crate::engine::calendar::Calendar;
use crate::engine::demand::{Cell, Demand};
use crate::engine::ledger::{Bucket, Flows, Journal, Ledger, Reason, Start};
use crate::engine::price::quote;
use crate::input::catalog::{Catalog, Cents, Plan};
use crate::input::limits::MAX_THEN;
use crate::input::workload::{Fallback, Workload};
use std::collections::VecDeque;

/// What happened to charges (or to generations only); serialised as SPEC §4.1 `charges`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Outcomes {
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
    pub generations: Outcomes,
    pub charges: Outcomes,
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
    /// R6 `q` per day × activity, computed once.
    expected: Vec<f64>,
}

#[derive(Debug, Clone)]
struct ActivityCharges {
    gen_cost: u64,
    /// The action's kind allows relaxed on plans whose `relaxed` list holds `kind`.
    generation: Relaxable,
    /// Per `then` entry: cost and relaxability.
    ops: Vec<(u64, Relaxable)>,
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
    pub pack_price: Cents,
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

impl Outcomes {
    fn scaled(self, n: u64) -> Self {
        Outcomes {
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
        (self.flows.packs as Cents).saturating_mul(self.pack_price)
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
            .collect();
        let n = workload.activities.len();
        let expected = (0..calendar.days)
            .flat_map(|day| (0..n).map(move |a| (day, a)))
            .map(|(day, a)| crate::engine::demand::expected(workload, &calendar, a, day))
            .collect();
        Scenario { catalog, workload, calendar, charges, expected }
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
        let mut cells = Vec::with_capacity(demand.days() * demand.activities());
        for day in 0..demand.days() as u32 {
            for (a, ch) in self.charges.iter().enumerate() {
                let mut cell = Cell { tokens: u64::from(demand.gens(day, a)) * ch.gen_cost, ops: 0 };
                for (j, (op_cost, _)) in ch.ops.iter().enumerate() {
                    let k = u64::from(demand.day_ops(day, a, j));
                    cell.ops += k;
                    cell.tokens += k * op_cost;
                }
                cells.push(cell);
            }
        }
        demand.set_cells(cells);
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
        let mut day_loop = DayLoop::new(self, plan, demand, journal);
        day_loop.start = start;
        day_loop.run(switches, marks);
        day_loop.finish()
    }
}

/// A charge waiting in the backlog (R7, R8 `wait`).
#[derive(Debug, Clone, Copy)]
struct Waiting {
    wanted: u32,
    activity: u32,
    item: Item,
}

#[derive(Debug, Clone, Copy)]
enum Item {
    /// A generation with its tied operations (their counts per `then` entry).
    Generation { ops: [u32; MAX_THEN] },
    /// One operation of `then` entry `then`, waiting alone.
    Operation { then: u32 },
}

/// The result of R8 for one charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
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
    seats_factor: u64,
    /// R8 `topup` allowed: tokens per pack, or `None`.
    pack: Option<(usize, u64)>,
    /// Per activity: (generation relaxed, per `then` entry relaxed) on this plan.
    relaxed: Vec<(bool, Vec<bool>)>,
    /// Below this spendable balance no backlog entry can run: no charge is cheaper, and neither
    /// relaxed nor top-ups can apply on this plan (`None` when one can). Lets a long backlog be
    /// passed over in O(1) instead of being tried entry by entry (same result: each would wait).
    stuck_below: Option<u64>,
    /// Per activity: a shortfall of any of its charges buys packs (its first fallback that
    /// applies is `topup`, for the generation and every `then` entry).
    topup_first: Vec<bool>,
    backlog: VecDeque<Waiting>,
    late: Vec<Waiting>,
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
    fn new(sc: &'s Scenario<'s>, plan: &'s Plan, demand: &'s Demand, journal: J) -> Self {
        let mut day_loop = DayLoop {
            sc,
            plan,
            demand,
            ledger: Ledger::new(journal),
            seats_factor: 1,
            pack: None,
            stuck_below: None,
            topup_first: Vec::new(),
            relaxed: Vec::new(),
            backlog: VecDeque::new(),
            late: Vec::new(),
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
        self.pack =
            if plan.topups { sc.workload.policy.topup_pack.map(|p| (p, sc.catalog.packs[p].tokens)) } else { None };
        // R8 relaxed: the plan's list holds the kind, the action allows it, the activity too.
        let on_plan = |r: &Relaxable| r.allowed && plan.relaxed.contains(&r.kind);
        self.relaxed = sc
            .charges
            .iter()
            .map(|c| (on_plan(&c.generation), c.ops.iter().map(|(_, r)| on_plan(r)).collect()))
            .collect();
        let relaxed = &self.relaxed;
        let can_run = |f: &Fallback| match f {
            Fallback::Relaxed => relaxed.iter().any(|(g, ops)| *g || ops.contains(&true)),
            Fallback::Topup => self.pack.is_some(),
            Fallback::Wait => false,
        };
        let overrides = sc.workload.activities.iter().flat_map(|a| a.when_out.iter().flatten());
        let fallback_applies = sc.workload.policy.when_out.iter().chain(overrides).any(can_run);
        let cheapest =
            sc.charges.iter().flat_map(|c| std::iter::once(c.gen_cost).chain(c.ops.iter().map(|o| o.0))).min();
        self.stuck_below = if fallback_applies { None } else { cheapest };
        let has_pack = self.pack.is_some();
        self.topup_first = sc
            .workload
            .activities
            .iter()
            .zip(&self.relaxed)
            .map(|(act, (gen_relaxed, ops_relaxed))| {
                let fallbacks = act.when_out.as_deref().unwrap_or(&sc.workload.policy.when_out);
                // The first fallback that applies to a charge that may or may not run relaxed.
                let first_is_topup = |relaxable: bool| {
                    fallbacks
                        .iter()
                        .find(|f| match f {
                            Fallback::Relaxed => relaxable,
                            Fallback::Topup => has_pack,
                            Fallback::Wait => true,
                        })
                        .is_some_and(|f| *f == Fallback::Topup)
                };
                first_is_topup(*gen_relaxed) && ops_relaxed.iter().all(|r| first_is_topup(*r))
            })
            .collect();
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
            self.backlog_day(day);
            self.new_generations(day);
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

    /// R8 for one charge of `c` tokens.
    fn attempt(&mut self, day: u32, c: u64, relaxable: bool, reason: Reason) -> Outcome {
        if self.ledger.spendable() >= c {
            self.ledger.take(day, c, reason);
            return Outcome::Paid;
        }
        self.first_short.get_or_insert(day);
        let workload = self.sc.workload;
        let fallbacks = match reason {
            Reason::Charge { activity, .. } => workload.activities[activity].when_out.as_deref(),
            _ => None,
        };
        for &fallback in fallbacks.unwrap_or(&workload.policy.when_out) {
            match fallback {
                Fallback::Relaxed if relaxable => {
                    self.ledger.relaxed(day, c, reason);
                    self.tally.tokens_relaxed += c;
                    return Outcome::Relaxed;
                }
                Fallback::Topup => {
                    if let Some((index, tokens)) = self.pack {
                        let packs = (c - self.ledger.spendable()).div_ceil(tokens);
                        self.ledger.buy(day, packs, tokens, index);
                        self.ledger.take(day, c, reason);
                        return Outcome::Paid;
                    }
                }
                Fallback::Wait => return Outcome::Wait,
                Fallback::Relaxed => {}
            }
        }
        Outcome::Dropped
    }

    /// Counts a charge that ran (paid or relaxed) `day − wanted` days late.
    fn ran(&mut self, outcome: Outcome, day: u32, wanted: u32, activity: usize, generation: bool) {
        let o = &mut self.tally.charges;
        match outcome {
            Outcome::Paid => o.paid += 1,
            _ => o.relaxed += 1,
        }
        if generation {
            self.tally.images_finished += u64::from(self.sc.workload.activities[activity].setting.images);
            let g = &mut self.tally.generations;
            match outcome {
                Outcome::Paid => g.paid += 1,
                _ => g.relaxed += 1,
            }
        }
        self.max_wait_days = self.max_wait_days.max(day - wanted);
    }

    /// Operations tied to a generation.
    fn tied_ops(ops: &[u32; MAX_THEN]) -> u64 {
        ops.iter().map(|&k| u64::from(k)).sum()
    }

    /// R7: a generation's operations, charged right after it ran; one that waits joins the
    /// backlog's end alone (`into_late` while the backlog itself is being worked through).
    fn operations(&mut self, day: u32, wanted: u32, a: usize, ops: &[u32; MAX_THEN], into_late: bool) {
        for (j, &k) in ops.iter().enumerate().take(self.sc.charges[a].ops.len()) {
            let (c, _) = self.sc.charges[a].ops[j];
            let relaxable = self.relaxed[a].1[j];
            for _ in 0..k {
                let reason = Reason::Charge { activity: a, then: Some(j) };
                match self.attempt(day, c, relaxable, reason) {
                    o @ (Outcome::Paid | Outcome::Relaxed) => self.ran(o, day, wanted, a, false),
                    Outcome::Wait => {
                        if day == wanted {
                            self.tally.charges.waited += 1;
                        }
                        let w = Waiting { wanted, activity: a as u32, item: Item::Operation { then: j as u32 } };
                        if into_late { self.late.push(w) } else { self.backlog.push_back(w) }
                    }
                    Outcome::Dropped => self.dropped(a, 1),
                }
            }
        }
    }

    /// Counts `n` dropped charges of activity `a`.
    fn dropped(&mut self, a: usize, n: u64) {
        self.tally.charges.dropped += n;
        self.dropped_by_activity[a] += n;
    }

    /// R7: the backlog, first in first out, each entry tried once; one that still cannot run
    /// keeps its place; operations that wait after their generation ran go to the end.
    fn backlog_day(&mut self, day: u32) {
        let n = self.backlog.len();
        for i in 0..n {
            if self.stuck_below.is_some_and(|c| self.ledger.spendable() < c) {
                // Every entry left would wait in place: move them behind those that just waited.
                self.backlog.rotate_left(n - i);
                break;
            }
            let Some(w) = self.backlog.pop_front() else { break };
            let a = w.activity as usize;
            match w.item {
                Item::Generation { ops } => {
                    let c = self.sc.charges[a].gen_cost;
                    let reason = Reason::Charge { activity: a, then: None };
                    match self.attempt(day, c, self.relaxed[a].0, reason) {
                        o @ (Outcome::Paid | Outcome::Relaxed) => {
                            self.ran(o, day, w.wanted, a, true);
                            self.operations(day, w.wanted, a, &ops, true);
                        }
                        Outcome::Wait => self.backlog.push_back(w),
                        Outcome::Dropped => {
                            self.tally.generations.dropped += 1;
                            self.dropped(a, 1 + Self::tied_ops(&ops));
                        }
                    }
                }
                Item::Operation { then } => {
                    let (c, _) = self.sc.charges[a].ops[then as usize];
                    let reason = Reason::Charge { activity: a, then: Some(then as usize) };
                    match self.attempt(day, c, self.relaxed[a].1[then as usize], reason) {
                        o @ (Outcome::Paid | Outcome::Relaxed) => self.ran(o, day, w.wanted, a, false),
                        Outcome::Wait => self.backlog.push_back(w),
                        Outcome::Dropped => self.dropped(a, 1),
                    }
                }
            }
        }
        if !self.late.is_empty() {
            self.backlog.extend(self.late.drain(..));
        }
    }

    /// R7: today's generations, activity by activity in file order.
    fn new_generations(&mut self, day: u32) {
        for a in 0..self.sc.charges.len() {
            let n = self.demand.gens(day, a);
            if n == 0 {
                continue;
            }
            if !J::KEEPS_ROWS
                && let Some(cell) = self.demand.cell(day, a)
                && (self.ledger.spendable() >= cell.tokens || self.topup_first[a])
            {
                // Every generation and operation fits: paying them one by one would take the
                // same tokens in the same burn order (R3), so take them at once. When they don't
                // fit and each shortfall buys packs (R8), buying as needed charge by charge
                // leaves less than a pack over after each purchase, so it buys exactly
                // ⌈shortfall / pack⌉ packs in all: buy those, then take the day at once.
                let short = cell.tokens.saturating_sub(self.ledger.spendable());
                if short > 0
                    && let Some((index, tokens)) = self.pack
                {
                    self.first_short.get_or_insert(day);
                    self.ledger.buy(day, short.div_ceil(tokens), tokens, index);
                }
                self.ledger.take(day, cell.tokens, Reason::Charge { activity: a, then: None });
                let t = &mut self.tally;
                t.tokens_wanted += cell.tokens;
                t.images_finished += u64::from(n) * u64::from(self.sc.workload.activities[a].setting.images);
                t.generations.wanted += u64::from(n);
                t.generations.paid += u64::from(n);
                t.charges.wanted += u64::from(n) + cell.ops;
                t.charges.paid += u64::from(n) + cell.ops;
                continue;
            }
            let c = self.sc.charges[a].gen_cost;
            for gen_ops in self.demand.generations(day, a) {
                let mut wanted_tokens = c;
                for (j, (op_cost, _)) in self.sc.charges[a].ops.iter().enumerate() {
                    wanted_tokens += u64::from(gen_ops[j]) * op_cost;
                }
                let ops = Self::tied_ops(&gen_ops);
                self.tally.tokens_wanted += wanted_tokens;
                self.tally.generations.wanted += 1;
                self.tally.charges.wanted += 1 + ops;
                let reason = Reason::Charge { activity: a, then: None };
                match self.attempt(day, c, self.relaxed[a].0, reason) {
                    o @ (Outcome::Paid | Outcome::Relaxed) => {
                        self.ran(o, day, day, a, true);
                        self.operations(day, day, a, &gen_ops, false);
                    }
                    Outcome::Wait => {
                        self.tally.generations.waited += 1;
                        self.tally.charges.waited += 1 + ops;
                        self.backlog.push_back(Waiting {
                            wanted: day,
                            activity: a as u32,
                            item: Item::Generation { ops: gen_ops },
                        });
                    }
                    Outcome::Dropped => {
                        self.tally.generations.dropped += 1;
                        self.dropped(a, 1 + ops);
                    }
                }
            }
        }
    }

    /// R9: what is still waiting after `end` is unfinished, with its tied operations.
    fn finish(mut self) -> (Run, J) {
        for w in std::mem::take(&mut self.backlog) {
            match w.item {
                Item::Generation { ops } => {
                    self.tally.generations.unfinished += 1;
                    self.tally.charges.unfinished += 1 + Self::tied_ops(&ops);
                }
                Item::Operation { .. } => self.tally.charges.unfinished += 1,
            }
        }
        let pack_price = self.sc.workload.policy.topup_pack.map_or(0, |p| self.sc.catalog.packs[p].price);
        let run = Run {
            seats_factor: self.seats_factor,
            tally: self.tally,
            flows: self.ledger.flows,
            max_wait_days: self.max_wait_days,
            first_short: self.first_short,
            rollover_peak: self.rollover_peak,
            snapshots: self.snapshots,
            billing_wanted: self.billing_wanted,
            pack_price,
            monthly_charges: self.monthly_charges,
            dropped_by_activity: self.dropped_by_activity,
        };
        (run, self.ledger.journal)
    }
}
