//! R6: how many generations each activity wants on each day, and their `then` operations.
//!
//! Demand does not depend on the plan, so it is computed once per run (or once per Monte
//! Carlo trial) and every plan replays the same days: plan differences are never noise.

use crate::engine::calendar::{Calendar, days_in_month};
use crate::input::workload::{Days, Per, Workload};
use chrono::{Datelike, NaiveDate};

use crate::input::limits::MAX_THEN;

/// Generations per (day, activity), and the running sums their `then` operations come from.
///
/// Operations are not stored per generation: each `then` entry's running sum T (R6) is kept at
/// every day boundary, so a day's operation total is a difference of two rounded sums and a
/// generation's own operations are replayed from the day's T with the very same additions.
#[derive(Debug, Clone, Default)]
pub struct Demand {
    activities: usize,
    days: usize,
    /// `gens[day * activities + a]`.
    gens: Vec<u32>,
    /// Activity a's `then` entries are columns `then_at[a]..then_at[a + 1]` of a row of `t`.
    then_at: Vec<usize>,
    /// `then` columns in all: the width of a row of `t`.
    width: usize,
    /// Per `then` column: `share × images`, what each generation adds to T (then `MAX_THEN`
    /// zeros, see `window`).
    incs: Vec<f64>,
    /// T before each day: row `day` for `0..=days`, one column per `then` entry (then
    /// `MAX_THEN` zeros).
    t: Vec<f64>,
    /// Per cell, once priced (`Scenario::price`): the tokens and operations of all its
    /// generations, so a day that fits is paid in one step.
    cells: Vec<Cell>,
    /// Per day, once priced: all activities' cells together.
    day_totals: Vec<DayTotal>,
}

/// Each generation's operations per `then` entry, in order, for one activity on one day.
pub struct Generations {
    left: u32,
    entries: usize,
    t: [f64; MAX_THEN],
    inc: [f64; MAX_THEN],
}

impl Iterator for Generations {
    type Item = [u32; MAX_THEN];

    #[inline]
    fn next(&mut self) -> Option<[u32; MAX_THEN]> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(step(&mut self.t, &self.inc[..self.entries]))
    }
}

impl Generations {
    /// The running sums T before the next generation: where a waiting run of these generations
    /// resumes (`Demand::next_ops`).
    #[inline]
    pub fn sums(&self) -> [f64; MAX_THEN] {
        self.t
    }

    /// Generations not yet taken.
    #[inline]
    pub fn left(&self) -> u32 {
        self.left
    }

    /// Takes the next generations while all of them together, at `tokens(ops)` each, cost at
    /// most `budget`. Element by element: a copy of the arrays would cost more than the
    /// generation.
    #[inline]
    pub fn covered(&mut self, budget: u64, tokens: impl Fn(&[u32; MAX_THEN]) -> u64) -> Covered {
        let (t, inc) = (&mut self.t[..self.entries], &self.inc[..self.entries]);
        let mut before = [0i64; MAX_THEN];
        for (r, t) in before.iter_mut().zip(t.iter()) {
            *r = rounded(*t);
        }
        let mut covered = Covered::default();
        while self.left > 0 {
            let (mut ops, mut all) = ([0u32; MAX_THEN], 0u64);
            for (((k, t), inc), before) in ops.iter_mut().zip(t.iter()).zip(inc).zip(&before) {
                *k = (rounded(t + inc) - before) as u32;
                all += u64::from(*k);
            }
            let cost = tokens(&ops);
            if covered.tokens + cost > budget {
                break;
            }
            for ((t, inc), before) in t.iter_mut().zip(inc).zip(&mut before) {
                *t += inc;
                *before = rounded(*t);
            }
            self.left -= 1;
            covered.n += 1;
            covered.tokens += cost;
            covered.ops += all;
        }
        covered
    }
}

/// Generations taken together (`Generations::covered`): how many, their tokens and their
/// operations.
#[derive(Debug, Default)]
pub struct Covered {
    pub n: u64,
    pub tokens: u64,
    pub ops: u64,
}

/// R6: one generation adds `share × images` to each `then` entry's running sum T and gets
/// `⌊T + 0.5 + 1e-9⌋ − ⌊T_before + 0.5 + 1e-9⌋` operations of it.
#[inline]
fn step(t: &mut [f64; MAX_THEN], inc: &[f64]) -> [u32; MAX_THEN] {
    let mut ops = [0; MAX_THEN];
    for ((t, inc), k) in t.iter_mut().zip(inc).zip(&mut ops) {
        let before = *t;
        *t += inc;
        *k = (rounded(*t) - rounded(before)) as u32;
    }
    ops
}

/// All generations of one activity on one day, with their operations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub tokens: u64,
    pub ops: u64,
}

/// All generations and operations of one day, every activity together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayTotal {
    pub tokens: u64,
    pub generations: u64,
    pub ops: u64,
    /// Images of the day's generations.
    pub images: u64,
}

/// The R6 rounding `⌊sum + 0.5 + 1e-9⌋` of a non-negative running sum (a cast truncates, which
/// is the floor here, and is cheaper than `floor` on baseline x86-64).
#[inline]
fn rounded(sum: f64) -> i64 {
    (sum + 0.5 + 1e-9) as i64
}

/// R6: the expected quantity `q` of activity `a` on `day`.
///
/// `w` is 0 on a day of the week not in `on` and outside `from..until`; otherwise 1 (`day`,
/// `weekday`, `weekend`), 1/|on| (`week`) or 1/(the `on` days of the day's calendar month)
/// (`month`). Seasons and bursts multiply only the activities they apply to.
pub fn expected(workload: &Workload, calendar: &Calendar, a: usize, day: u32) -> f64 {
    let act = &workload.activities[a];
    let date = calendar.date(day);
    if act.from.is_some_and(|f| date < f) || act.until.is_some_and(|u| date > u) || !act.on.has(date.weekday()) {
        return 0.0;
    }
    let w = match act.per {
        Per::Day | Per::Weekday | Per::Weekend => 1.0,
        Per::Week => 1.0 / f64::from(act.on.count()),
        Per::Month => 1.0 / f64::from(on_days_in_month(date, act.on)),
    };
    let month = date.month();
    let season =
        workload.seasons.iter().filter(|s| s.months.contains(&month) && s.applies(a)).fold(1.0, |f, s| f * s.factor);
    let burst = workload
        .bursts
        .iter()
        .filter(|b| b.from <= date && date <= b.until && b.applies(a))
        .fold(1.0, |f, b| f * b.factor);
    let m = calendar.period_of[day as usize];
    act.count * w * season * burst * (1.0 + workload.growth).powf(f64::from(m))
}

/// How many days of `date`'s calendar month fall on a day in `on` (R6, `per = "month"`): each
/// day of the week occurs 4 times in the first 28 days, and once more when it is among the
/// month's days past the 28th. With all seven days, the days in the month.
pub fn on_days_in_month(date: NaiveDate, on: Days) -> u32 {
    let first = date.with_day(1).unwrap_or(date).weekday().num_days_from_monday();
    let extra = days_in_month(date) - 28;
    (0..7u32).filter(|&d| (on.0 >> d) & 1 == 1).map(|d| 4 + u32::from((d + 7 - first) % 7 < extra)).sum()
}

impl Demand {
    /// Deterministic demand: R6 rounding of the running sum per activity.
    pub fn deterministic(workload: &Workload, calendar: &Calendar) -> Demand {
        Demand::rounded(workload, calendar, |a, day| expected(workload, calendar, a, day))
    }

    /// R6 rounding of the running sum of `q(activity, day)`.
    pub fn rounded(workload: &Workload, calendar: &Calendar, q: impl Fn(usize, u32) -> f64) -> Demand {
        let mut sums = vec![0.0f64; workload.activities.len()];
        Demand::build(workload, calendar, |a, day| {
            let before = sums[a];
            sums[a] += q(a, day);
            (rounded(sums[a]) - rounded(before)) as u32
        })
    }

    pub fn activities(&self) -> usize {
        self.activities
    }

    pub fn days(&self) -> usize {
        self.days
    }

    /// Totals each cell (tokens and operations of all its generations) and each day, so the
    /// day loop can pay a day that fits in one step: per activity, a generation's tokens and
    /// images; per `then` column (as `incs`), an operation's tokens.
    pub fn price(&mut self, gen_tokens: &[u64], op_tokens: &[u64], images: &[u64]) {
        let (n, width) = (self.activities, self.width);
        let (mut cells, mut day_totals) = (std::mem::take(&mut self.cells), std::mem::take(&mut self.day_totals));
        cells.clear();
        day_totals.clear();
        cells.reserve(self.days * n);
        day_totals.reserve(self.days);
        for day in 0..self.days {
            let gens = &self.gens[day * n..(day + 1) * n];
            let rows = &self.t[day * width..(day + 2) * width];
            let (before, after) = rows.split_at(width);
            let mut total = DayTotal::default();
            for (a, (&g, (&gen_tokens, &images))) in gens.iter().zip(gen_tokens.iter().zip(images)).enumerate() {
                let g = u64::from(g);
                let mut cell = Cell { tokens: g * gen_tokens, ops: 0 };
                let cols = self.then_at[a]..self.then_at[a + 1];
                for ((b, t), cost) in before[cols.clone()].iter().zip(&after[cols.clone()]).zip(&op_tokens[cols]) {
                    let k = (rounded(*t) - rounded(*b)) as u32;
                    cell.ops += u64::from(k);
                    cell.tokens += u64::from(k) * cost;
                }
                total.tokens += cell.tokens;
                total.generations += g;
                total.ops += cell.ops;
                total.images += g * images;
                cells.push(cell);
            }
            day_totals.push(total);
        }
        self.cells = cells;
        self.day_totals = day_totals;
    }

    /// The priced totals of a day, if the demand was priced.
    #[inline]
    pub fn day_total(&self, day: u32) -> Option<DayTotal> {
        self.day_totals.get(day as usize).copied()
    }

    /// The priced totals of a cell, if the demand was priced.
    #[inline]
    pub fn cell(&self, day: u32, a: usize) -> Option<Cell> {
        self.cells.get(day as usize * self.activities + a).copied()
    }

    /// Demand from any per-(activity, day) generation count, called day by day, activity by
    /// activity; `then` operations follow R6 from those counts.
    pub fn build(workload: &Workload, calendar: &Calendar, count: impl FnMut(usize, u32) -> u32) -> Demand {
        Demand::default().rebuild(workload, calendar, count)
    }

    /// `build` into this demand's memory (a Monte Carlo trial reuses the last one's).
    pub fn rebuild(self, workload: &Workload, calendar: &Calendar, mut count: impl FnMut(usize, u32) -> u32) -> Demand {
        let Demand { mut then_at, mut incs, mut gens, mut t, mut cells, mut day_totals, .. } = self;
        then_at.clear();
        incs.clear();
        gens.clear();
        t.clear();
        cells.clear();
        day_totals.clear();
        let n = workload.activities.len();
        let days = calendar.days as usize;
        for act in &workload.activities {
            then_at.push(incs.len());
            incs.extend(act.then.iter().map(|t| t.share * f64::from(act.setting.images)));
        }
        then_at.push(incs.len());
        let width = incs.len();
        incs.extend([0.0; MAX_THEN]);
        gens.reserve(days * n);
        t.reserve((days + 1) * width + MAX_THEN);
        t.resize(width, 0.0);
        for day in 0..calendar.days {
            // Row day + 1 is pushed column by column, in order, from row `day`.
            let row = day as usize * width;
            for a in 0..n {
                let g = count(a, day);
                gens.push(g);
                for col in then_at[a]..then_at[a + 1] {
                    // R6: each generation adds share × images to T, in f64, one at a time.
                    let (mut sum, inc) = (t[row + col], incs[col]);
                    for _ in 0..g {
                        sum += inc;
                    }
                    t.push(sum);
                }
            }
        }
        t.extend([0.0; MAX_THEN]);
        Demand { activities: n, days, gens, then_at, width, incs, t, cells, day_totals }
    }

    /// Generations activity `a` wants on `day`.
    #[inline]
    pub fn gens(&self, day: u32, a: usize) -> u32 {
        self.gens[day as usize * self.activities + a]
    }

    /// Operations of `then` entry j over all of activity `a`'s generations on `day`.
    #[inline]
    pub fn day_ops(&self, day: u32, a: usize, j: usize) -> u32 {
        let width = self.width;
        let col = self.then_at[a] + j;
        let (before, after) = (self.t[day as usize * width + col], self.t[(day as usize + 1) * width + col]);
        (rounded(after) - rounded(before)) as u32
    }

    /// The operations of activity `a`'s next generation, from the running sums `t` before it
    /// (`Generations::sums`); `t` moves past it.
    #[inline]
    pub fn next_ops(&self, a: usize, t: &mut [f64; MAX_THEN]) -> [u32; MAX_THEN] {
        step(t, &self.incs[self.then_at[a]..self.then_at[a + 1]])
    }

    /// R6's running sums of activity `a`'s `then` entries before its first generation on `day`.
    #[inline]
    pub fn sums(&self, day: u32, a: usize) -> [f64; MAX_THEN] {
        window(&self.t, day as usize * self.width + self.then_at[a], self.then_at[a + 1] - self.then_at[a])
    }

    /// Each of activity `a`'s generations on `day` with its operations per `then` entry.
    #[inline]
    pub fn generations(&self, day: u32, a: usize) -> Generations {
        let (from, entries) = (self.then_at[a], self.then_at[a + 1] - self.then_at[a]);
        Generations {
            left: self.gens(day, a),
            entries,
            t: window(&self.t, day as usize * self.width + from, entries),
            inc: window(&self.incs, from, entries),
        }
    }
}

/// `values[from..from + len]`, padded with zeros: read as a whole window of `MAX_THEN` (the
/// vectors end with as many zeros), as a copy of a length not known in advance would call
/// `memcpy`, which costs more than these few values.
#[inline]
fn window(values: &[f64], from: usize, len: usize) -> [f64; MAX_THEN] {
    let mut w = [0.0; MAX_THEN];
    w.copy_from_slice(&values[from..from + MAX_THEN]);
    for (j, x) in w.iter_mut().enumerate() {
        if j >= len {
            *x = 0.0;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn r6_on_days_in_a_month_count_the_fifth_occurrences() {
        // August 2026 starts on a Saturday and has 31 days: 5 Saturdays, 5 Sundays, 5 Mondays.
        assert_eq!(on_days_in_month(d(2026, 8, 17), Days::WEEKEND), 10);
        assert_eq!(on_days_in_month(d(2026, 8, 17), Days(1)), 5); // Mondays
        assert_eq!(on_days_in_month(d(2026, 8, 17), Days(2)), 4); // Tuesdays
        // February 2026: 28 days, 4 of each.
        assert_eq!(on_days_in_month(d(2026, 2, 1), Days::WEEKEND), 8);
        for (y, m) in [(2026, 1), (2026, 2), (2028, 2), (2026, 4)] {
            assert_eq!(on_days_in_month(d(y, m, 1), Days::ALL), days_in_month(d(y, m, 1)));
        }
    }
}
