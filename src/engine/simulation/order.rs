//! R7, the order of a day's charges: first the backlog (the waiting charges) in first-in
//! first-out order, each tried once — one that still cannot run keeps its place and blocks
//! nobody behind it —, then the new generations, activity by activity in file order, each
//! followed at once by its `then` operations. A generation's operations are tied to it: they
//! wait with it (one backlog entry) and are charged right after it once it runs, or dropped with
//! it. Once it has run, each operation is its own charge, and one that waits joins the
//! backlog's end: after every charge that was waiting when the day's pass began, so it is not
//! tried again that day. Every charge goes through R8 (`DayLoop::attempt`). All of R7 is here.
//!
//! ## A day costs what runs, not what waits
//!
//! Trying every waiting charge every day costs the length of the backlog each day, so a year
//! on Free that keeps thousands of charges waiting is quadratic. Waiting charges are kept by
//! *class* instead: the generations of one activity, or the operations of one of its `then`
//! entries. All charges of a class cost the same, and on the plan in effect meet the same R8
//! when the balance is short. Each class holds its charges in backlog order (`seq`, given when
//! a charge joins the backlog), as runs of consecutive charges wanted on the same day (a day's
//! generations that wait are one run; their tied operations follow from R6's running sums).
//!
//! Between plan changes every waiting charge *waits* when short (that is how it came to wait),
//! so it runs exactly when the balance covers its price at its turn. And the balance only falls
//! during the pass: a charge that runs is paid, and its operations are paid, relaxed or wait —
//! they cannot buy packs, or their generation would have bought them instead of waiting. So
//! once a class costs more than the balance, nothing of it runs for the rest of the pass. The
//! pass merges the heads of the classes the balance covers by `seq` (a heap) and lets a class go
//! as soon as its price is above the balance: the charges that stay in place are never visited.
//! A day costs O(charges that run or change state + classes waiting × log classes).
//!
//! After a plan change a waiting class may run relaxed or buy packs when short (and the balance
//! may then rise during the pass): that one day's pass tries every waiting charge in order, as
//! the plain reading does. `Mode::Reference` keeps one plain list and tries every charge every
//! day, with no fast path at all; the property tests hold the classes to it.

use super::{Attempt, DayLoop, Mode, Scenario};
use crate::engine::demand::{Covered, Demand};
use crate::engine::ledger::{Journal, Reason};
use crate::input::limits::MAX_THEN;
use crate::input::workload::Fallback;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Consecutive charges of one class in backlog order (no other charge waits between them), all
/// wanted on the same day.
#[derive(Debug, Clone, Copy)]
struct Waiting {
    /// Backlog position of the first of them.
    seq: u64,
    wanted: u32,
    count: u32,
}

/// What a run of generations with `then` entries carries besides (kept apart, in step with the
/// runs, so that runs of operations stay small).
#[derive(Debug, Clone, Copy)]
struct Ties {
    /// R6's running sums of the activity's `then` entries before the run's first generation,
    /// from which each one's tied operations follow (`Demand::next_ops`).
    sums: [f64; MAX_THEN],
    /// Their tied operations in all.
    tied: u64,
}

/// The waiting charges of one activity's generations, or of one `then` entry's operations.
#[derive(Debug, Clone)]
struct Class {
    activity: usize,
    /// `None`: generations (with their tied operations); `Some(j)`: operations of entry j.
    then: Option<usize>,
    price: u64,
    /// R8 on the plan in effect when the balance is short of `price`.
    short: Option<Fallback>,
    runs: VecDeque<Waiting>,
    /// Generations of an activity with `then` entries: one per run, in step with `runs`.
    ties: Option<VecDeque<Ties>>,
    /// During a pass that tries every charge: those that stay, in order (and their ties).
    kept: VecDeque<Waiting>,
    kept_ties: VecDeque<Ties>,
}

/// The backlog of `Mode::Fast`, by class.
#[derive(Debug, Clone)]
pub(super) struct Backlog {
    classes: Vec<Class>,
    /// The class of activity a's generations; its `then` entry j is class `first[a] + 1 + j`.
    first: Vec<usize>,
    /// Classes by price, cheapest first.
    by_price: Vec<usize>,
    next_seq: u64,
    /// Charges waiting (a generation counts once, with its tied operations).
    len: u64,
    /// A waiting class meets another fallback than `wait` on the plan in effect (a plan change):
    /// the next pass tries every charge.
    every: bool,
    /// Operations that waited during today's pass, joining the end after it: (class, wanted, n).
    late: Vec<(usize, u32, u32)>,
    heap: BinaryHeap<Reverse<(u64, usize)>>,
    /// The classes a pass may still run (a buffer).
    open: Vec<usize>,
}

/// Up to this many classes a pass finds the next charge by a scan, past it with a heap.
const FEW: usize = 16;

/// A charge at the head of a class, taken out to be tried.
struct Head {
    seq: u64,
    wanted: u32,
    /// The running sums before it (a generation), to put it back in place.
    sums: [f64; MAX_THEN],
    /// A generation's tied operations per `then` entry.
    ops: [u32; MAX_THEN],
}

thread_local! {
    /// Backlogs of finished runs, emptied: the next run on this thread reuses their memory (a
    /// Monte Carlo trial runs every plan, and a long backlog would otherwise grow anew each time).
    static SPARE: std::cell::RefCell<Vec<Backlog>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Backlog {
    /// An empty backlog for `sc`'s classes, reusing a spare one of the same classes if any.
    pub(super) fn new(sc: &Scenario) -> Self {
        // `build`'s classes, in order, without building them.
        let classes = || {
            sc.charges.iter().enumerate().flat_map(|(a, ch)| {
                std::iter::once((a, None, ch.gen_cost))
                    .chain(ch.ops.iter().enumerate().map(move |(j, (price, _))| (a, Some(j), *price)))
            })
        };
        let same = |b: &Backlog| {
            b.classes.len() == classes().count()
                && b.classes.iter().zip(classes()).all(|(x, y)| (x.activity, x.then, x.price) == y)
        };
        let found = SPARE.with(|spare| {
            let mut spare = spare.borrow_mut();
            let i = spare.iter().position(same)?;
            Some(spare.swap_remove(i))
        });
        found.unwrap_or_else(|| Backlog::build(sc))
    }

    /// Empties this backlog and keeps it for the next run on this thread.
    pub(super) fn recycle(mut self) {
        for class in &mut self.classes {
            class.runs.clear();
            class.kept.clear();
            class.kept_ties.clear();
            if let Some(ties) = &mut class.ties {
                ties.clear();
            }
        }
        self.late.clear();
        self.heap.clear();
        (self.next_seq, self.len, self.every) = (0, 0, false);
        SPARE.with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < 8 {
                spare.push(self);
            }
        });
    }

    fn build(sc: &Scenario) -> Self {
        let mut classes = Vec::new();
        let mut first = Vec::with_capacity(sc.charges.len());
        let class = |activity, then, price, ties: bool| Class {
            activity,
            then,
            price,
            short: Some(Fallback::Wait),
            runs: VecDeque::new(),
            ties: ties.then(VecDeque::new),
            kept: VecDeque::new(),
            kept_ties: VecDeque::new(),
        };
        for (a, ch) in sc.charges.iter().enumerate() {
            first.push(classes.len());
            classes.push(class(a, None, ch.gen_cost, !ch.ops.is_empty()));
            classes.extend(ch.ops.iter().enumerate().map(|(j, (price, _))| class(a, Some(j), *price, false)));
        }
        let mut by_price: Vec<usize> = (0..classes.len()).collect();
        by_price.sort_by_key(|&k| (classes[k].price, k));
        Backlog {
            classes,
            first,
            by_price,
            next_seq: 0,
            len: 0,
            every: false,
            late: Vec::new(),
            heap: BinaryHeap::new(),
            open: Vec::new(),
        }
    }

    /// A plan change: what each class meets when short, and whether a waiting class may now run
    /// relaxed or buy packs. `fallback(activity, relaxable)` is R8's choice on the new plan.
    pub(super) fn plan_changed(
        &mut self,
        relaxed: &[(bool, Vec<bool>)],
        fallback: impl Fn(usize, bool) -> Option<Fallback>,
    ) {
        self.every = false;
        for class in &mut self.classes {
            let (generation, ops) = &relaxed[class.activity];
            class.short = fallback(class.activity, class.then.map_or(*generation, |j| ops[j]));
            self.every |= !class.runs.is_empty() && class.short != Some(Fallback::Wait);
        }
    }

    /// `count` charges of class `k` wanted on `wanted` join the end (generations: their R6 sums
    /// and their `tied` operations in all).
    fn push(&mut self, k: usize, wanted: u32, count: u32, sums: [f64; MAX_THEN], tied: u64) {
        let seq = self.next_seq;
        self.next_seq += u64::from(count);
        self.len += u64::from(count);
        let class = &mut self.classes[k];
        match class.runs.back_mut() {
            // Operations carry nothing but their day: consecutive ones of a day are one run.
            Some(last) if class.then.is_some() && last.wanted == wanted && last.seq + u64::from(last.count) == seq => {
                last.count += count;
            }
            _ => {
                class.runs.push_back(Waiting { seq, wanted, count });
                if let Some(ties) = &mut class.ties {
                    ties.push_back(Ties { sums, tied });
                }
            }
        }
    }

    /// R8 for activity `a`'s generations when the balance is short, on the plan in effect.
    fn short(&self, a: usize) -> Option<Fallback> {
        self.classes[self.first[a]].short
    }

    /// Takes the first charge of class `k` out.
    fn take_head(&mut self, k: usize, demand: &Demand) -> Head {
        self.len -= 1;
        let class = &mut self.classes[k];
        let w = class.runs.front_mut().expect("a waiting class has a head");
        let mut head = Head { seq: w.seq, wanted: w.wanted, sums: [0.0; MAX_THEN], ops: [0; MAX_THEN] };
        w.seq += 1;
        w.count -= 1;
        let done = w.count == 0;
        if let Some(t) = class.ties.as_mut().and_then(|t| t.front_mut()) {
            head.sums = t.sums;
            head.ops = demand.next_ops(class.activity, &mut t.sums);
            t.tied -= tied(&head.ops);
        }
        if done {
            class.runs.pop_front();
            if let Some(t) = &mut class.ties {
                t.pop_front();
            }
        }
        head
    }

    /// Puts a charge that was tried and stays back in place (a pass that tries every charge).
    fn keep(&mut self, k: usize, head: &Head) {
        self.len += 1;
        let class = &mut self.classes[k];
        match class.kept.back_mut() {
            Some(last) if last.wanted == head.wanted && last.seq + u64::from(last.count) == head.seq => {
                last.count += 1;
                if let Some(t) = class.kept_ties.back_mut().filter(|_| class.ties.is_some()) {
                    t.tied += tied(&head.ops);
                }
            }
            _ => {
                class.kept.push_back(Waiting { seq: head.seq, wanted: head.wanted, count: 1 });
                if class.ties.is_some() {
                    class.kept_ties.push_back(Ties { sums: head.sums, tied: tied(&head.ops) });
                }
            }
        }
    }

    /// R9: the generations and charges (tied operations included) still waiting.
    pub(super) fn unfinished(&self) -> (u64, u64) {
        let (mut generations, mut charges) = (0, 0);
        for class in &self.classes {
            for w in &class.runs {
                charges += u64::from(w.count);
                if class.then.is_none() {
                    generations += u64::from(w.count);
                }
            }
            charges += class.ties.iter().flatten().map(|t| t.tied).sum::<u64>();
        }
        (generations, charges)
    }
}

/// Operations tied to a generation.
fn tied(ops: &[u32; MAX_THEN]) -> u64 {
    ops.iter().map(|&k| u64::from(k)).sum()
}

/// A charge in the plain backlog of `Mode::Reference`.
#[derive(Debug, Clone, Copy)]
struct PlainWaiting {
    wanted: u32,
    activity: usize,
    item: Item,
}

#[derive(Debug, Clone, Copy)]
enum Item {
    /// A generation with its tied operations (their counts per `then` entry).
    Generation { ops: [u32; MAX_THEN] },
    /// One operation of `then` entry `then`, waiting alone.
    Operation { then: usize },
}

/// The backlog of `Mode::Reference`: one list in first-in first-out order.
#[derive(Debug, Clone, Default)]
pub(super) struct Plain {
    queue: VecDeque<PlainWaiting>,
    /// Operations that waited during today's pass.
    late: Vec<PlainWaiting>,
}

impl Plain {
    pub(super) fn unfinished(&self) -> (u64, u64) {
        let (mut generations, mut charges) = (0, 0);
        for w in &self.queue {
            charges += 1;
            if let Item::Generation { ops } = w.item {
                generations += 1;
                charges += tied(&ops);
            }
        }
        (generations, charges)
    }
}

impl<J: Journal> DayLoop<'_, J> {
    /// R7: the day's charges, after R4, R13 and R5.
    pub(super) fn charges_of_the_day(&mut self, day: u32) {
        match self.mode {
            Mode::Fast => self.backlog_pass(day),
            Mode::Reference => self.plain_backlog_pass(day),
        }
        self.new_generations(day);
    }

    /// R7's backlog, by class (see the module's notes): the charges that run, in backlog order,
    /// without visiting those that stay.
    fn backlog_pass(&mut self, day: u32) {
        if self.backlog.len == 0 {
            return;
        }
        let every = std::mem::take(&mut self.backlog.every);
        let mut open = std::mem::take(&mut self.backlog.open);
        open.clear();
        let balance = self.ledger.spendable();
        for &k in &self.backlog.by_price {
            let class = &self.backlog.classes[k];
            if class.price > balance && !every {
                break;
            }
            if !class.runs.is_empty() {
                open.push(k);
            }
        }
        if open.len() <= FEW {
            // Few classes: the next charge is the head with the smallest `seq`, found by a scan.
            loop {
                let (classes, balance) = (&self.backlog.classes, self.ledger.spendable());
                // The balance only falls in this pass: a class it no longer covers stays all day.
                let next = open
                    .iter()
                    .filter(|&&k| every || classes[k].price <= balance)
                    .filter_map(|&k| classes[k].runs.front().map(|w| (w.seq, k)))
                    .min();
                let Some((_, k)) = next else { break };
                self.try_head(day, k, every);
            }
        } else {
            let mut heap = std::mem::take(&mut self.backlog.heap);
            heap.extend(open.iter().filter_map(|&k| self.backlog.classes[k].runs.front().map(|w| Reverse((w.seq, k)))));
            while let Some(Reverse((_, k))) = heap.pop() {
                let price = self.backlog.classes[k].price;
                loop {
                    if !every && self.ledger.spendable() < price {
                        break; // the balance only falls in this pass: class k stays in place all day
                    }
                    self.try_head(day, k, every);
                    let Some(next) = self.backlog.classes[k].runs.front().map(|w| w.seq) else { break };
                    if heap.peek().is_some_and(|Reverse((seq, _))| *seq < next) {
                        heap.push(Reverse((next, k)));
                        break;
                    }
                }
            }
            self.backlog.heap = heap;
        }
        self.backlog.open = open;
        if every {
            for class in &mut self.backlog.classes {
                debug_assert!(class.runs.is_empty());
                std::mem::swap(&mut class.runs, &mut class.kept);
                if let Some(ties) = &mut class.ties {
                    std::mem::swap(ties, &mut class.kept_ties);
                }
            }
        }
        // Operations that waited after their generation ran join the end.
        let mut late = std::mem::take(&mut self.backlog.late);
        for &(k, wanted, n) in &late {
            self.backlog.push(k, wanted, n, [0.0; MAX_THEN], 0);
        }
        late.clear();
        self.backlog.late = late;
    }

    /// R8 for the first charge of class `k`, which the balance covers unless `every`.
    fn try_head(&mut self, day: u32, k: usize, every: bool) {
        let class = &self.backlog.classes[k];
        let (a, then, price) = (class.activity, class.then, class.price);
        if !every && !J::KEEPS_ROWS && self.pay_run(day, k) {
            return;
        }
        let head = self.backlog.take_head(k, self.demand);
        let relaxable = then.map_or(self.relaxed[a].0, |j| self.relaxed[a].1[j]);
        match self.attempt(day, price, a, then, relaxable) {
            o @ (Attempt::Paid | Attempt::Relaxed) => {
                self.ran(o, day, head.wanted, a, then.is_none(), 1);
                if then.is_none() {
                    self.operations(day, head.wanted, a, &head.ops, true);
                }
            }
            Attempt::Wait => {
                debug_assert!(every, "a charge the balance covers is paid");
                self.backlog.keep(k, &head);
            }
            Attempt::Dropped => {
                if then.is_none() {
                    self.tally.generations.dropped += 1;
                }
                self.dropped(a, 1 + tied(&head.ops));
            }
        }
    }

    /// Pays, at once, the charges at the head of class `k`'s first run that the balance covers
    /// one after another, each generation with all its tied operations (the same tokens in the
    /// same burn order as one by one, R3). False when not even the first is covered whole.
    fn pay_run(&mut self, day: u32, k: usize) -> bool {
        let (a, then, price) = {
            let class = &self.backlog.classes[k];
            (class.activity, class.then, class.price)
        };
        let balance = self.ledger.spendable();
        let ops_costs = &self.sc.charges[a].ops;
        let class = &mut self.backlog.classes[k];
        let w = class.runs.front_mut().expect("a waiting class has a head");
        let (n, tokens, ops) = match class.ties.as_mut().and_then(|t| t.front_mut()) {
            None => {
                let n = balance
                    .checked_div(price)
                    .map_or(w.count, |most| w.count.min(u32::try_from(most).unwrap_or(u32::MAX)));
                (n, u64::from(n) * price, 0)
            }
            Some(t) => {
                let (mut n, mut tokens, mut ops) = (0, 0, 0);
                while n < w.count {
                    let mut next = t.sums;
                    let k = self.demand.next_ops(a, &mut next);
                    let cost = price + ops_costs.iter().zip(&k).map(|((c, _), &k)| c * u64::from(k)).sum::<u64>();
                    if tokens + cost > balance {
                        break;
                    }
                    (n, tokens, ops, t.sums) = (n + 1, tokens + cost, ops + tied(&k), next);
                }
                t.tied -= ops;
                (n, tokens, ops)
            }
        };
        if n == 0 {
            return false;
        }
        let wanted = w.wanted;
        w.seq += u64::from(n);
        w.count -= n;
        if w.count == 0 {
            class.runs.pop_front();
            if let Some(t) = &mut class.ties {
                t.pop_front();
            }
        }
        self.backlog.len -= u64::from(n);
        self.ledger.take(day, tokens, Reason::Charge { activity: a, then });
        self.ran(Attempt::Paid, day, wanted, a, then.is_none(), u64::from(n));
        if ops > 0 {
            self.ran(Attempt::Paid, day, wanted, a, false, ops);
        }
        true
    }

    /// The day's `n` generations of activity `a`, which has no `then` entries, at `c` tokens:
    /// as many as the balance covers are paid at once, and the rest meet R8 together (a
    /// relaxed, waiting or dropped charge leaves the balance as it was; those that buy packs
    /// buy them for the rest together, R8's `pay_topping_up`).
    fn bulk_without_operations(&mut self, day: u32, a: usize, n: u32, c: u64) -> bool {
        let paid = self.ledger.spendable().checked_div(c).map_or(n, |most| n.min(u32::try_from(most).unwrap_or(n)));
        let rest = n - paid;
        let short = if rest > 0 { self.backlog.short(a) } else { Some(Fallback::Wait) };
        let t = &mut self.tally;
        t.tokens_wanted += u64::from(n) * c;
        t.generations.wanted += u64::from(n);
        t.charges.wanted += u64::from(n);
        if paid > 0 {
            self.ledger.take(day, u64::from(paid) * c, Reason::Charge { activity: a, then: None });
            self.ran(Attempt::Paid, day, day, a, true, u64::from(paid));
        }
        if rest == 0 {
            return true;
        }
        self.first_short.get_or_insert(day);
        let rest64 = u64::from(rest);
        match short {
            Some(Fallback::Relaxed) => {
                self.tally.tokens_relaxed += rest64 * c;
                self.ran(Attempt::Relaxed, day, day, a, true, rest64);
            }
            Some(Fallback::Topup) => {
                // Each of the rest buys packs when short, one after another.
                self.pay_each_topping_up(day, rest64, c, Reason::Charge { activity: a, then: None });
                self.ran(Attempt::Paid, day, day, a, true, rest64);
            }
            Some(Fallback::Wait) => {
                self.tally.generations.waited += rest64;
                self.tally.charges.waited += rest64;
                let k = self.backlog.first[a];
                self.backlog.push(k, day, rest, [0.0; MAX_THEN], 0);
            }
            _ => {
                self.tally.generations.dropped += rest64;
                self.dropped(a, rest64);
            }
        }
        true
    }

    /// After one of activity `a`'s generations ran relaxed today: when the balance is short of
    /// every one of its charges and none of them would wait or buy packs when short, the rest
    /// of the day's generations run relaxed and each of their operations runs relaxed or is
    /// dropped, all balance-neutral: count them at once. False (nothing done) otherwise.
    fn relax_the_rest(&mut self, day: u32, a: usize, gens: &mut crate::engine::demand::Generations) -> bool {
        let sc = self.sc;
        let ops = &sc.charges[a].ops;
        let balance = self.ledger.spendable();
        let first = self.backlog.first[a];
        let neutral = |j: usize| matches!(self.backlog.classes[first + 1 + j].short, Some(Fallback::Relaxed) | None);
        if ops.iter().enumerate().any(|(j, (c, _))| *c <= balance || !neutral(j)) {
            return false;
        }
        let (mut n, mut per_entry) = (0u64, [0u64; MAX_THEN]);
        for g in gens.by_ref() {
            n += 1;
            for (total, &k) in per_entry.iter_mut().zip(&g) {
                *total += u64::from(k);
            }
        }
        let c = sc.charges[a].gen_cost;
        let t = &mut self.tally;
        t.generations.wanted += n;
        t.charges.wanted += n;
        t.tokens_wanted += n * c;
        t.tokens_relaxed += n * c;
        self.ran(Attempt::Relaxed, day, day, a, true, n);
        for (j, (cost, _)) in ops.iter().enumerate() {
            let k = per_entry[j];
            let t = &mut self.tally;
            t.charges.wanted += k;
            t.tokens_wanted += k * cost;
            if self.backlog.classes[first + 1 + j].short == Some(Fallback::Relaxed) {
                self.tally.tokens_relaxed += k * cost;
                self.ran(Attempt::Relaxed, day, day, a, false, k);
            } else {
                self.dropped(a, k);
            }
        }
        true
    }

    /// R7's backlog as the SPEC words it (`Mode::Reference`): every charge tried in order.
    fn plain_backlog_pass(&mut self, day: u32) {
        for _ in 0..self.plain.queue.len() {
            let Some(w) = self.plain.queue.pop_front() else { break };
            let a = w.activity;
            match w.item {
                Item::Generation { ops } => {
                    match self.attempt(day, self.sc.charges[a].gen_cost, a, None, self.relaxed[a].0) {
                        o @ (Attempt::Paid | Attempt::Relaxed) => {
                            self.ran(o, day, w.wanted, a, true, 1);
                            self.operations(day, w.wanted, a, &ops, true);
                        }
                        Attempt::Wait => self.plain.queue.push_back(w),
                        Attempt::Dropped => {
                            self.tally.generations.dropped += 1;
                            self.dropped(a, 1 + tied(&ops));
                        }
                    }
                }
                Item::Operation { then } => {
                    let (c, _) = self.sc.charges[a].ops[then];
                    match self.attempt(day, c, a, Some(then), self.relaxed[a].1[then]) {
                        o @ (Attempt::Paid | Attempt::Relaxed) => self.ran(o, day, w.wanted, a, false, 1),
                        Attempt::Wait => self.plain.queue.push_back(w),
                        Attempt::Dropped => self.dropped(a, 1),
                    }
                }
            }
        }
        let late = std::mem::take(&mut self.plain.late);
        self.plain.queue.extend(late);
    }

    /// R7: a generation's operations, charged right after it ran (`wanted` is its day); one that
    /// waits joins the backlog's end alone (`into_late`: after today's pass).
    fn operations(&mut self, day: u32, wanted: u32, a: usize, ops: &[u32; MAX_THEN], into_late: bool) {
        for (j, &k) in ops.iter().enumerate().take(self.sc.charges[a].ops.len()) {
            let (c, _) = self.sc.charges[a].ops[j];
            let relaxable = self.relaxed[a].1[j];
            let mut i = 0;
            while i < k {
                match self.attempt(day, c, a, Some(j), relaxable) {
                    o @ (Attempt::Paid | Attempt::Relaxed) => {
                        self.ran(o, day, wanted, a, false, 1);
                        i += 1;
                    }
                    o => {
                        // A wait or a drop leaves the balance as it was, so the entry's other
                        // operations meet the same R8 (tried one by one in the reference).
                        let n = if self.mode == Mode::Reference { 1 } else { k - i };
                        if o == Attempt::Wait {
                            if day == wanted {
                                self.tally.charges.waited += u64::from(n);
                            }
                            self.wait_operations(a, j, wanted, n, into_late);
                        } else {
                            self.dropped(a, u64::from(n));
                        }
                        i += n;
                    }
                }
            }
        }
    }

    fn wait_operations(&mut self, a: usize, j: usize, wanted: u32, n: u32, into_late: bool) {
        match self.mode {
            Mode::Fast if into_late => self.backlog.late.push((self.backlog.first[a] + 1 + j, wanted, n)),
            Mode::Fast => self.backlog.push(self.backlog.first[a] + 1 + j, wanted, n, [0.0; MAX_THEN], 0),
            Mode::Reference => {
                let w = std::iter::repeat_n(
                    PlainWaiting { wanted, activity: a, item: Item::Operation { then: j } },
                    n as usize,
                );
                if into_late { self.plain.late.extend(w) } else { self.plain.queue.extend(w) }
            }
        }
    }

    /// R7: today's generations, activity by activity in file order.
    fn new_generations(&mut self, day: u32) {
        if self.mode == Mode::Fast
            && !J::KEEPS_ROWS
            && let Some(total) = self.demand.day_total(day)
            && self.ledger.spendable() >= total.tokens
        {
            // The whole day fits: paying each activity's generations and operations in turn
            // takes the same tokens in the same burn order (R3), so take them at once.
            if total.tokens > 0 {
                self.ledger.take(day, total.tokens, Reason::Charge { activity: 0, then: None });
            }
            let t = &mut self.tally;
            t.tokens_wanted += total.tokens;
            t.images_finished += total.images;
            t.generations.wanted += total.generations;
            t.generations.paid += total.generations;
            t.charges.wanted += total.generations + total.ops;
            t.charges.paid += total.generations + total.ops;
            return;
        }
        for a in 0..self.sc.charges.len() {
            let n = self.demand.gens(day, a);
            if n == 0 {
                continue;
            }
            if self.mode == Mode::Fast
                && !J::KEEPS_ROWS
                && let Some(cell) = self.demand.cell(day, a)
                && (self.ledger.spendable() >= cell.tokens || self.topup_first[a] && self.additive_packs())
            {
                // Every generation and operation fits, or each shortfall buys packs of one size:
                // paying them one by one would take the same tokens in the same burn order (R3)
                // and buy the same packs (R8, `pay_topping_up`), so pay the cell at once.
                self.pay_topping_up(day, cell.tokens, Reason::Charge { activity: a, then: None });
                let t = &mut self.tally;
                t.tokens_wanted += cell.tokens;
                t.images_finished += u64::from(n) * u64::from(self.sc.workload.activities[a].setting.images);
                t.generations.wanted += u64::from(n);
                t.generations.paid += u64::from(n);
                t.charges.wanted += u64::from(n) + cell.ops;
                t.charges.paid += u64::from(n) + cell.ops;
                continue;
            }
            let sc = self.sc;
            let c = sc.charges[a].gen_cost;
            if self.mode == Mode::Fast
                && self.ledger.spendable() < c
                && let Some(cell) = self.demand.cell(day, a)
            {
                // Short of even the first generation: R8 is the same for all of them, as a wait
                // or a drop leaves the balance as it was. Wait (or drop) the day's generations
                // of this activity as one run.
                let short = self.backlog.short(a);
                if matches!(short, Some(Fallback::Wait) | None) {
                    self.first_short.get_or_insert(day);
                    let t = &mut self.tally;
                    t.tokens_wanted += cell.tokens;
                    t.generations.wanted += u64::from(n);
                    t.charges.wanted += u64::from(n) + cell.ops;
                    if short.is_some() {
                        t.generations.waited += u64::from(n);
                        t.charges.waited += u64::from(n) + cell.ops;
                        let k = self.backlog.first[a];
                        self.backlog.push(k, day, n, self.demand.sums(day, a), cell.ops);
                    } else {
                        t.generations.dropped += u64::from(n);
                        self.dropped(a, u64::from(n) + cell.ops);
                    }
                    continue;
                }
            }
            let wanted_tokens = |ops: &[u32; MAX_THEN]| {
                c + sc.charges[a].ops.iter().zip(ops).map(|((cost, _), &k)| u64::from(k) * cost).sum::<u64>()
            };
            if self.mode == Mode::Fast
                && !J::KEEPS_ROWS
                && sc.charges[a].ops.is_empty()
                && self.bulk_without_operations(day, a, n, c)
            {
                continue;
            }
            let mut gens = self.demand.generations(day, a);
            // What the generations taken so far wanted, tokens and operations.
            let (mut taken_tokens, mut taken_ops) = (0, 0);
            let bulk = self.mode == Mode::Fast && !J::KEEPS_ROWS;
            loop {
                if bulk {
                    // The generations the balance covers whole, each with its operations, are
                    // paid: pay them together, the same tokens in the same burn order (R3).
                    let covered = gens.covered(self.ledger.spendable(), wanted_tokens);
                    (taken_tokens, taken_ops) = (taken_tokens + covered.tokens, taken_ops + covered.ops);
                    self.pay_covered(day, a, covered);
                }
                let sums = gens.sums();
                let Some(gen_ops) = gens.next() else { break };
                let ops = tied(&gen_ops);
                let tokens = wanted_tokens(&gen_ops);
                (taken_tokens, taken_ops) = (taken_tokens + tokens, taken_ops + ops);
                self.tally.tokens_wanted += tokens;
                self.tally.generations.wanted += 1;
                self.tally.charges.wanted += 1 + ops;
                match self.attempt(day, c, a, None, self.relaxed[a].0) {
                    o @ (Attempt::Paid | Attempt::Relaxed) => {
                        self.ran(o, day, day, a, true, 1);
                        self.operations(day, day, a, &gen_ops, false);
                        if o == Attempt::Relaxed
                            && self.mode == Mode::Fast
                            && !J::KEEPS_ROWS
                            && self.relax_the_rest(day, a, &mut gens)
                        {
                            break;
                        }
                    }
                    o => {
                        // A wait or a drop leaves the balance as it was, so the day's other
                        // generations of this activity meet the same R8: one run (one by one in
                        // the reference).
                        let (mut count, mut with_ops) = (1u32, 1 + ops);
                        if self.mode == Mode::Fast {
                            // The rest of the cell: from its totals when the demand is priced.
                            let (rest, rest_tokens, rest_ops) = match self.demand.cell(day, a) {
                                Some(cell) => (gens.left(), cell.tokens - taken_tokens, cell.ops - taken_ops),
                                None => gens
                                    .by_ref()
                                    .fold((0, 0, 0), |(n, t, o), g| (n + 1, t + wanted_tokens(&g), o + tied(&g))),
                            };
                            self.tally.tokens_wanted += rest_tokens;
                            self.tally.generations.wanted += u64::from(rest);
                            self.tally.charges.wanted += u64::from(rest) + rest_ops;
                            count += rest;
                            with_ops += u64::from(rest) + rest_ops;
                        }
                        if o == Attempt::Wait {
                            self.tally.generations.waited += u64::from(count);
                            self.tally.charges.waited += with_ops;
                            match self.mode {
                                Mode::Fast => {
                                    let k = self.backlog.first[a];
                                    self.backlog.push(k, day, count, sums, with_ops - u64::from(count));
                                }
                                Mode::Reference => self.plain.queue.push_back(PlainWaiting {
                                    wanted: day,
                                    activity: a,
                                    item: Item::Generation { ops: gen_ops },
                                }),
                            }
                        } else {
                            self.tally.generations.dropped += u64::from(count);
                            self.dropped(a, with_ops);
                        }
                        if self.mode == Mode::Fast {
                            break;
                        }
                    }
                }
            }
        }
    }

    /// Pays today's generations of activity `a` that the balance covers whole, each with its
    /// operations.
    fn pay_covered(&mut self, day: u32, a: usize, covered: Covered) {
        if covered.n == 0 {
            return;
        }
        let t = &mut self.tally;
        t.tokens_wanted += covered.tokens;
        t.generations.wanted += covered.n;
        t.charges.wanted += covered.n + covered.ops;
        self.ledger.take(day, covered.tokens, Reason::Charge { activity: a, then: None });
        self.ran(Attempt::Paid, day, day, a, true, covered.n);
        if covered.ops > 0 {
            self.ran(Attempt::Paid, day, day, a, false, covered.ops);
        }
    }
}
