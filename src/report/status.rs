//! `status` (R14): where a subscriber stands this cycle, as a table, Markdown or the §4.1 JSON.
//! Formats only: every figure comes from `engine::status`.

use crate::engine::eligibility::seats_factor;
use crate::engine::recommend::{Candidate, why_not};
use crate::engine::simulation::Verdict;
use crate::engine::status::{Choice, ChoiceKind, Status};
use crate::input::catalog::{Billing, Catalog};
use crate::input::workload::{TopupPack, Workload};
use crate::plan::PlanReport;
use crate::report::json::{CatalogJson, EligibleJson, SCHEMA, TrialsJson, WorkloadJson, eligible_json};
use crate::report::table::{Style, right_align, table};
use crate::units::plural;
use crate::units::{money, percent, thousands};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;

/// What the three formats read.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub catalog: &'a Catalog,
    pub workload: &'a Workload,
    pub status: &'a Status,
}

/// `23 Nov 2026`.
fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

impl View<'_> {
    fn label(&self, plan: usize) -> &str {
        &self.catalog.plans[plan].label
    }

    /// The one-line answer: does the plan last to renewal, and if not, when it runs dry.
    pub fn verdict_line(&self) -> String {
        let s = self.status;
        let stay = s.stay();
        let label = self.label(s.plan);
        let nr = &s.next_renewal;
        let Some(dry) = stay.first_short else {
            let expiry = match nr.expires {
                0 => "nothing expires then".to_string(),
                n => format!("{} expire then", plural(n, "token", "tokens")),
            };
            return format!("{label} lasts to the renewal on {}; {expiry}", day(nr.date));
        };
        let before = (s.renewal_after(dry) - dry).num_days() as u64;
        let mut out = format!("{label} runs dry on {}, {} before renewal", day(dry), plural(before, "day", "days"));
        let (run, g) = (&stay.run, &stay.run.tally.generations);
        let mut then = Vec::new();
        if run.flows.packs > 0 {
            then.push(format!(
                "{} {} it on ({})",
                plural(run.flows.packs, "top-up pack", "top-up packs"),
                if run.flows.packs == 1 { "carries" } else { "carry" },
                money(run.topup_cents())
            ));
        }
        if g.relaxed > 0 {
            then.push(format!(
                "{} go to the relaxed queue ({})",
                plural(g.relaxed, "generation", "generations"),
                percent(run.relaxed_share())
            ));
        }
        if g.waited > 0 {
            let mut wait = format!("{} wait", plural(g.waited, "generation", "generations"));
            if run.max_wait_days > 0 {
                wait += &format!(", up to {}", plural(u64::from(run.max_wait_days), "day", "days"));
            }
            then.push(wait);
        }
        if g.dropped > 0 {
            then.push(format!("{} dropped", plural(g.dropped, "generation", "generations")));
        }
        if g.unfinished > 0 {
            then.push(format!("{} still waiting at the end", plural(g.unfinished, "generation", "generations")));
        }
        if !then.is_empty() {
            out += &format!("; {}", then.join("; "));
        }
        out
    }

    /// The balances stated and the horizon.
    fn state_line(&self) -> String {
        let s = &self.status.state;
        let b = &s.balances;
        let plan = &self.catalog.plans[self.status.plan];
        if plan.monthly_tokens == 0 && plan.rollover_cap == 0 && !plan.topups {
            return format!(
                "On {}: {} tokens a day, no balance carried from day to day; renews {}",
                plan.label,
                thousands(plan.daily_tokens),
                day(s.renews)
            );
        }
        let mut parts =
            vec![format!("{} fast", thousands(b.monthly)), format!("{} in the bank", thousands(b.rollover))];
        if b.topup > 0 {
            parts.push(format!("{} top-up", thousands(b.topup)));
        }
        format!(
            "On {} with {} tokens ({}); renews {}",
            self.label(self.status.plan),
            thousands(b.monthly + b.rollover + b.topup),
            parts.join(", "),
            day(s.renews)
        )
    }

    /// Tokens a day wanted against tokens a day left until renewal.
    fn pace_line(&self) -> String {
        let p = &self.status.pace;
        let per_day = p.balance as f64 / f64::from(p.days.max(1));
        let left = match (p.balance, p.floor) {
            (0, 0) => "no tokens left".to_string(),
            (0, floor) => format!("{} a day (the daily allowance)", thousands(floor)),
            (b, floor) if per_day < floor as f64 => format!(
                "{} left, about {} a day, and the daily floor lifts the balance back to {} each day",
                thousands(b),
                thousands(per_day.round() as u64),
                thousands(floor)
            ),
            (b, _) => format!("{} left, about {} a day", thousands(b), thousands(per_day.round() as u64)),
        };
        format!(
            "Pace: your workload wants about {} tokens a day until renewal ({} in {}); you have {left}",
            thousands(p.wanted_per_day().round() as u64),
            thousands(p.wanted),
            plural(u64::from(p.days), "day", "days")
        )
    }

    fn renewal_line(&self) -> String {
        let nr = &self.status.next_renewal;
        format!(
            "At the renewal on {}: {} roll into the bank, {} expire, the bank holds {} after",
            day(nr.date),
            thousands(nr.rolls),
            thousands(nr.expires),
            thousands(nr.bank_after)
        )
    }

    /// "Use it or lose it": what the expiring tokens would still buy, per activity.
    fn buys(&self) -> Vec<(String, u64, u64)> {
        let nr = &self.status.next_renewal;
        nr.buys.iter().map(|b| (self.workload.activities[b.activity].name.clone(), b.generations, b.price)).collect()
    }

    /// An option as a person names it.
    pub fn option_name(&self, c: &Choice) -> String {
        match c.kind {
            ChoiceKind::Stay => format!("stay on {}", self.label(c.plan)),
            ChoiceKind::Topups => format!("{}, top-ups first", self.label(c.plan)),
            ChoiceKind::Upgrade => format!("upgrade to {} today", self.label(c.plan)),
        }
    }

    /// What an option does beyond staying: the packs it buys, or what an upgrade does today
    /// (R13: the price difference and the voided fast tokens).
    fn option_note(&self, c: &Choice) -> Option<String> {
        if c.kind == ChoiceKind::Topups {
            if c.run.flows.packs == 0 {
                return Some(format!("{}: buys no packs, as staying does", self.option_name(c)));
            }
            let Some(TopupPack::Pack(p)) = self.workload.policy.topup_pack else {
                // The cheapest mix: packs of several sizes.
                return Some(format!(
                    "{}: buys {} ({} tokens, {}) as tokens run out",
                    self.option_name(c),
                    plural(c.run.flows.packs, "pack", "packs"),
                    thousands(c.run.flows.bought),
                    money(c.run.topup_cents())
                ));
            };
            let pack = &self.catalog.packs[p];
            return Some(format!(
                "{}: buys {} of {} tokens ({}) as tokens run out",
                self.option_name(c),
                plural(c.run.flows.packs, "pack", "packs"),
                thousands(pack.tokens),
                money(c.run.topup_cents())
            ));
        }
        if c.kind != ChoiceKind::Upgrade {
            return None;
        }
        let today = c.run.monthly_charges.first().map_or(0, |m| m.1);
        let to = &self.catalog.plans[c.plan];
        let price = to.price_monthly * seats_factor(to, self.workload.seats) as i64;
        Some(format!(
            "{}: {} today (the price difference), {} fast tokens voided, {} of {}'s granted; then {} a month",
            self.option_name(c),
            money(today),
            thousands(self.status.state.balances.monthly),
            thousands(to.monthly_tokens * seats_factor(to, self.workload.seats)),
            to.label,
            money(price)
        ))
    }

    /// The advice in words, with why staying is not enough when it is not.
    pub fn advice_line(&self) -> String {
        let s = self.status;
        let end = day(s.calendar.end());
        let Some(i) = s.advice else {
            let p = &self.workload.policy;
            return format!(
                "Advice: no option is feasible under the policy (nothing dropped or unfinished, waits of at most {}, \
                 relaxed share at most {}); see the closest figures above",
                plural(u64::from(p.max_wait_days), "day", "days"),
                percent(p.max_relaxed_share)
            );
        };
        let c = &s.options[i];
        let mut out = format!("Advice: {}: {} to {end}", self.option_name(c), money(c.cost_cents));
        let stay = s.stay();
        if i > 0 {
            let candidate = Candidate {
                order: stay.plan,
                billing: Billing::Monthly,
                cost_cents: stay.cost_cents,
                run: &stay.run,
                feasible: stay.feasible,
                trials: None,
            };
            let more = c.cost_cents - stay.cost_cents;
            out += &format!(", {} more than staying", money(more));
            if !stay.feasible {
                let why = why_not(&candidate, &self.workload.policy, &s.calendar, "it");
                out += &format!("; staying is not feasible: {why}");
            }
        }
        out
    }

    fn option_cells(&self, c: &Choice, advice: bool, ascii: bool) -> Vec<String> {
        let mut cells = vec![
            if advice { (if ascii { "->" } else { "→" }).to_string() } else { String::new() },
            self.option_name(c),
            money(c.cost_cents),
            c.verdict.name().to_string(),
            c.first_short.map_or("-".into(), |d| d.to_string()),
            percent(c.run.relaxed_share()),
            format!("{} d", c.run.max_wait_days),
            if c.feasible { "yes".into() } else { "no".into() },
        ];
        if let Some(t) = c.trials {
            cells.push(percent(t.feasible_share));
            cells.push(percent(t.dry_share));
        }
        cells
    }

    fn option_header(&self) -> Vec<&'static str> {
        let mut h = vec!["", "Option", "Cost to end", "Verdict", "Ran dry", "Relaxed", "Max wait", "Feasible"];
        if self.status.dry.is_some() {
            h.extend(["Feasible (trials)", "Runs dry (trials)"]);
        }
        h
    }

    fn montecarlo_line(&self) -> Option<String> {
        let d = self.status.dry?;
        let days = match (d.p10, d.p50, d.p90) {
            (Some(a), Some(b), Some(c)) => format!("; the day it does: p10 {}, p50 {}, p90 {}", day(a), day(b), day(c)),
            _ => String::new(),
        };
        Some(format!(
            "Monte Carlo ({} trials, seed {}): {} runs dry before the end in {} of trials{days}",
            thousands(u64::from(d.n)),
            d.seed,
            self.label(self.status.plan),
            percent(d.share)
        ))
    }

    fn heading(&self) -> String {
        let s = self.status;
        let seats = self.workload.seats;
        format!(
            "{} to {} · {} days · {} seat{} · catalog {}{}",
            s.calendar.start,
            s.calendar.end(),
            s.calendar.days,
            seats,
            if seats == 1 { "" } else { "s" },
            self.catalog.name,
            self.catalog.as_of.map(|d| format!(" (as of {d})")).unwrap_or_default()
        )
    }
}

/// The table a person reads at a glance: the verdict first, then pace, renewal, options.
pub fn table_text(v: &View, style: Style) -> String {
    let s = v.status;
    let mut out = format!("{}\n\n", v.verdict_line());
    let _ = writeln!(out, "{}\n{}\n{}\n{}", v.workload.name, v.heading(), v.state_line(), v.pace_line());
    let _ = writeln!(out, "{}", v.renewal_line());
    let buys = v.buys();
    if s.next_renewal.expires > 0 && !buys.is_empty() {
        let _ = writeln!(
            out,
            "\nUse it or lose it: the {} tokens that expire would still buy",
            thousands(s.next_renewal.expires)
        );
        let mut t = table(style, &["Activity", "Generations", "Tokens each"]);
        for (name, n, price) in &buys {
            t.add_row(vec![name.clone(), thousands(*n), thousands(*price)]);
        }
        right_align(&mut t, 1);
        out += &t.to_string();
        out.push('\n');
    }
    let _ = writeln!(out, "\nOptions to {}", s.calendar.end());
    let mut t = table(style, &v.option_header());
    for (i, c) in s.options.iter().enumerate() {
        t.add_row(v.option_cells(c, s.advice == Some(i), style.ascii));
    }
    right_align(&mut t, 2);
    if let Some(c) = t.column_mut(3) {
        c.set_cell_alignment(comfy_table::CellAlignment::Left);
    }
    out += &t.to_string();
    out.push('\n');
    for note in s.options.iter().filter_map(|c| v.option_note(c)) {
        let _ = writeln!(out, "  {note}");
    }
    let _ = writeln!(out, "\n{}", v.advice_line());
    if let Some(line) = v.montecarlo_line() {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = write!(out, "\n{}, period by period\n", v.option_name(s.stay()));
    out += &crate::report::table::timeline(&s.figures, style);
    out.push('\n');
    out
}

/// The same, as GitHub-flavoured Markdown (a job summary, an issue comment).
pub fn markdown(v: &View) -> String {
    use crate::report::markdown::{header, row};
    let s = v.status;
    let mut out = format!("**{}**\n\n{} · {}\n\n", v.verdict_line(), v.workload.name, v.heading());
    let _ = writeln!(out, "- {}\n- {}\n- {}", v.state_line(), v.pace_line(), v.renewal_line());
    let buys = v.buys();
    if s.next_renewal.expires > 0 && !buys.is_empty() {
        let _ = writeln!(
            out,
            "\n**Use it or lose it:** the {} tokens that expire would still buy\n",
            thousands(s.next_renewal.expires)
        );
        out += &header(&["Activity", "Generations", "Tokens each"], "lrr");
        for (name, n, price) in &buys {
            out += &row(&[name.clone(), thousands(*n), thousands(*price)]);
        }
    }
    let _ = writeln!(out, "\n**Options to {}**\n", s.calendar.end());
    let mut names = v.option_header();
    names[0] = "Advice";
    let align = if s.dry.is_some() { "llrlrrrlrr" } else { "llrlrrrl" };
    out += &header(&names, align);
    for (i, c) in s.options.iter().enumerate() {
        let mut cells = v.option_cells(c, false, true);
        cells[0] = if s.advice == Some(i) { "**→**".into() } else { String::new() };
        out += &row(&cells);
    }
    out.push('\n');
    for note in s.options.iter().filter_map(|c| v.option_note(c)) {
        let _ = writeln!(out, "- {note}");
    }
    let _ = writeln!(out, "\n{}", v.advice_line());
    if let Some(line) = v.montecarlo_line() {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = write!(out, "\n**{}, period by period**\n\n", v.option_name(s.stay()));
    out += &crate::report::markdown::timeline(&s.figures);
    out
}

/// Why `--fail-if` fails (stderr), when the `stay` verdict is at or past `limit`.
pub fn breach(v: &View, limit: Verdict) -> Option<String> {
    let verdict = v.status.stay().verdict;
    (verdict >= limit).then(|| {
        format!(
            "status: staying on {} is `{}`, at or past --fail-if {}: {}",
            v.label(v.status.plan),
            verdict.name(),
            limit.name(),
            v.verdict_line()
        )
    })
}

// SPEC §4.1 `status --format json`: the `simulate` document of the `stay` run, with `state`,
// the plan entry's `next_renewal`, and the top-level `options` and `advice`.

#[derive(Serialize)]
struct StatusDocument<'a> {
    schema: &'static str,
    workload: WorkloadJson<'a>,
    catalog: CatalogJson<'a>,
    state: StateJson,
    plans: Vec<StatusPlanJson<'a>>,
    options: Vec<OptionJson>,
    advice: Option<usize>,
}

#[derive(Serialize)]
struct StateJson {
    today: String,
    renews: String,
    monthly: u64,
    rollover: u64,
    topup: u64,
}

#[derive(Serialize)]
struct StatusPlanJson<'a> {
    #[serde(flatten)]
    entry: EligibleJson<'a>,
    next_renewal: NextRenewalJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trials: Option<StatusTrialsJson>,
}

#[derive(Serialize)]
struct NextRenewalJson<'a> {
    date: String,
    rolls: u64,
    expires: u64,
    bank_after: u64,
    buys: Vec<BuyJson<'a>>,
}

#[derive(Serialize)]
struct BuyJson<'a> {
    activity: &'a str,
    generations: u64,
}

/// §4.1 `trials`, plus when the plan runs dry over the trials.
#[derive(Serialize)]
struct StatusTrialsJson {
    #[serde(flatten)]
    trials: TrialsJson,
    dry_share: f64,
    dry_day: DryDayJson,
}

#[derive(Serialize)]
struct DryDayJson {
    p10: Option<String>,
    p50: Option<String>,
    p90: Option<String>,
}

#[derive(Serialize)]
struct OptionJson {
    option: &'static str,
    plan: String,
    cost_cents: i64,
    verdict: &'static str,
    first_short: Option<String>,
    relaxed_share: f64,
    max_wait_days: u32,
    feasible: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    trials: Option<OptionTrialsJson>,
}

#[derive(Serialize)]
struct OptionTrialsJson {
    feasible_share: f64,
    dry_share: f64,
}

/// `status --format json`.
pub fn json(v: &View) -> serde_json::Result<String> {
    let s = v.status;
    let plan = &v.catalog.plans[s.plan];
    let seats = if plan.per_seat { seats_factor(plan, v.workload.seats) } else { u64::from(v.workload.seats) };
    let report = PlanReport {
        plan: plan.key.clone(),
        label: plan.label.clone(),
        billing: Billing::Monthly,
        seats,
        figures: Ok(s.figures.clone()),
        free: plan.price_monthly == 0,
    };
    let mut entry = eligible_json(&report, &s.figures);
    let trials = entry.trials.take().zip(s.dry).map(|(trials, d)| {
        let date = |x: Option<NaiveDate>| x.map(|d| d.to_string());
        StatusTrialsJson {
            trials,
            dry_share: d.share,
            dry_day: DryDayJson { p10: date(d.p10), p50: date(d.p50), p90: date(d.p90) },
        }
    });
    let nr = &s.next_renewal;
    let doc = StatusDocument {
        schema: SCHEMA,
        workload: WorkloadJson {
            name: &v.workload.name,
            start: s.calendar.start.to_string(),
            end: s.calendar.end().to_string(),
            days: s.calendar.days,
            seats: v.workload.seats,
        },
        catalog: CatalogJson {
            name: &v.catalog.name,
            as_of: v.catalog.as_of.map(|d| d.to_string()),
            currency: v.catalog.currency.code(),
        },
        state: StateJson {
            today: s.state.today.to_string(),
            renews: s.state.renews.to_string(),
            monthly: s.state.balances.monthly,
            rollover: s.state.balances.rollover,
            topup: s.state.balances.topup,
        },
        plans: vec![StatusPlanJson {
            entry,
            next_renewal: NextRenewalJson {
                date: nr.date.to_string(),
                rolls: nr.rolls,
                expires: nr.expires,
                bank_after: nr.bank_after,
                buys: nr
                    .buys
                    .iter()
                    .map(|b| BuyJson { activity: &v.workload.activities[b.activity].name, generations: b.generations })
                    .collect(),
            },
            trials,
        }],
        options: s
            .options
            .iter()
            .map(|c| OptionJson {
                option: c.kind.name(),
                plan: v.catalog.plans[c.plan].key.clone(),
                cost_cents: c.cost_cents,
                verdict: c.verdict.name(),
                first_short: c.first_short.map(|d| d.to_string()),
                relaxed_share: c.run.relaxed_share(),
                max_wait_days: c.run.max_wait_days,
                feasible: c.feasible,
                trials: c.trials.map(|t| OptionTrialsJson { feasible_share: t.feasible_share, dry_share: t.dry_share }),
            })
            .collect(),
        advice: s.advice,
    };
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_day_month_year() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(super::day(d), "3 Nov 2026");
    }
}
