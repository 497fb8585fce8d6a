//! Upper bounds that keep every run bounded in time and memory and every sum inside `u64`.
//!
//! The bounds are chosen so that overflow is impossible rather than detected late:
//! - a plan grants at most `MAX_TOKENS × MAX_SEATS` = 10^15 tokens at a billing date, and
//!   over `MAX_MONTHS` + 1 grants that is 1.2 × 10^18 < `u64::MAX` (1.8 × 10^19);
//! - one charge costs at most `MAX_CHARGE_TOKENS` = 10^10, a run has at most `MAX_CHARGES`
//!   = 10^7 charges, so tokens wanted, spent, relaxed and bought stay below 2 × 10^17;
//! - a price is at most `MAX_PRICE_USD`, so `price × seats × billing dates` stays below
//!   1.2 × 10^16 cents. Top-up money is the one product that the bounds cannot cap (a
//!   1-token pack at a huge price), so it is computed with `checked_mul` and refused.
//!
//! Work and memory grow with day-activity cells (demand is stored per cell) and with charges
//! (each one is tried on every plan), so both are capped per run, and the work of all runs of
//! a command together (`engine::work`), before anything is simulated.

/// Tokens in any one catalog figure (allowance, bank, floor, pack, price per image).
pub const MAX_TOKENS: u64 = 10_000_000_000;
/// Tokens of one charge (a generation with its add-ons, or one operation).
pub const MAX_CHARGE_TOKENS: u64 = 10_000_000_000;
/// USD in any one catalog price.
pub const MAX_PRICE_USD: f64 = 1_000_000.0;
/// Seats on a plan (`min_seats`, `max_seats`) or in a workload.
pub const MAX_SEATS: u64 = 100_000;
/// Day × activity cells of one run: 10 years × 2,700 activities, or 100 years × 270.
pub const MAX_CELLS: u64 = 10_000_000;
/// Charges (generations and operations) a run may want over its horizon.
pub const MAX_CHARGES: f64 = 10_000_000.0;
/// Units of work a command may ask for by default (`engine::work`: one day of one activity, or
/// one charge, on one plan in one run, summed over plans, trials, probes and schedules tried):
/// a few seconds at the slowest rate measured (about 3 × 10^8 units a second of cpu).
pub const DEFAULT_WORK: f64 = 4_000_000_000.0;
/// The most `--max-work` may raise that to (about 70 s of cpu at the slowest rate).
pub const MAX_WORK: f64 = 20_000_000_000.0;
/// Rows a report keeps (plans × period rows of each billing, or × days for a chart): about
/// 1.3 KB each with the JSON text, so the limit is about 330 MB.
pub const MAX_ROWS: usize = 250_000;
/// Charges a run may want when every ledger row is kept (`--ledger`).
pub const MAX_LEDGER_CHARGES: f64 = 500_000.0;
/// The largest token figure a run can report (tokens wanted, spent, a period's peak). A run
/// wants at most `MAX_CHARGES` × `MAX_CHARGE_TOKENS` = 10^17 tokens; the bound leaves room
/// for R6 rounding and `--accounts` scaling. A saved run holding more is refused when read.
pub const MAX_RUN_TOKENS: u64 = 1_000_000_000_000_000_000;
/// The most top-up money a run may spend, in cents ($10^16): a run that would spend more is
/// refused when simulated (a 1-token pack at a huge price is the one way to get there).
pub const MAX_TOPUP_CENTS: i64 = 1_000_000_000_000_000_000;
/// The largest cost a run can report, in cents: top-ups up to `MAX_TOPUP_CENTS` plus a
/// subscription of at most `MAX_PRICE_USD` × `MAX_SEATS` × 1,201 billing dates (1.2 × 10^16
/// cents). A saved run holding more is refused when read.
pub const MAX_COST_CENTS: i64 = 2_000_000_000_000_000_000;
/// The largest `max_tokens_per_month` limit, in a workload's `[budget]` and as
/// `check --max-tokens-per-month`: above any peak a run can want.
pub const MAX_TOKEN_LIMIT: u64 = 1_000_000_000_000_000_000;
/// The largest money limit, in USD (`[budget] max_cost`, `check --max-cost`, and the other
/// amounts flags take): more would not fit the cents it is compared with.
pub const MAX_LIMIT_USD: f64 = 1e12;
/// Most `then` entries an activity may have.
pub const MAX_THEN: usize = 8;
/// Horizon in calendar months, or in days, of one run.
pub const MAX_MONTHS: u32 = 1200;
pub const MAX_DAYS: u32 = 36_525;
/// Entries of the table `topup_pack = "cheapest"` builds (packs × the totals it tables).
pub const MAX_COVER_ENTRIES: u64 = 1_000_000;
/// Generations per period of one activity.
pub const MAX_COUNT: f64 = 100_000.0;
/// Bytes of one input file (a workload, a catalog, a saved run): a year of anything fits in
/// far less, and a larger file (or `/dev/zero`) is refused before it is read whole.
pub const MAX_INPUT_BYTES: u64 = 16 << 20;
/// Bytes of one usage history (`fit`): `MAX_HISTORY_ROWS` rows of about 100 bytes.
pub const MAX_HISTORY_BYTES: u64 = 512 << 20;
/// Rows of a usage history that `fit` reads (each about 100 bytes in memory).
pub const MAX_HISTORY_ROWS: usize = 5_000_000;
