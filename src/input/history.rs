//! A usage history (SPEC §5.1): what `sample` writes and `fit` reads.
//!
//! Two shapes are read:
//! - **CSV** with a header row, one row per generation or operation, columns in any order:
//!   `date` and `action` required; `images`, `tokens`, `mode`, `size`, `references`,
//!   `activity`, `id`, `parent` optional. A date is `YYYY-MM-DD` or an RFC 3339 date-time,
//!   whose date part *as written* counts (no time-zone conversion).
//! - **JSON** as the platform's generation-history API returns it
//!   (`GET /generations/user/{userId}`: `{"generations": [...]}`), one page or an array of
//!   pages. Each `COMPLETE` generation is a generation row (its model mapped to an action by
//!   the catalog's `model_ids` or `--map ID=ACTION`, its image count the length of
//!   `generated_images`), and each `COMPLETE` post-processing variation of its images an
//!   operation row (`UPSCALE` → `upscaler`, `NOBG` → `remove_background`, `UNZOOM` →
//!   `unzoom`). The response carries no prices. Field names follow the public OpenAPI
//!   description (mirror `api-evangelist/leonardo-ai`,
//!   `openapi/_original/leonardo-ai-image-generation-openapi.json`; see tests/history/README.md).
//!
//! The whole file is checked and every problem reported, each with the file, line and column
//! (and for JSON the value's JSON pointer) and a suggestion.

use crate::input::catalog::{Catalog, Pricing};
use crate::input::diagnostic::{Diagnostic, Diagnostics, Lines, nearest};
use crate::input::json::{self, Node};
use crate::input::limits::{MAX_CHARGE_TOKENS, MAX_HISTORY_ROWS};
use crate::input::source::{SourceFile, printable};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;

/// The columns of a history CSV, in the order `sample` writes them.
pub const COLUMNS: [&str; 10] =
    ["date", "action", "images", "tokens", "mode", "size", "references", "activity", "id", "parent"];

/// A history read and checked against a catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub rows: Vec<Row>,
    /// Activity labels, indexed by `Row::activity`.
    pub labels: Vec<String>,
    /// What was read but left out, for a note on stderr (JSON: pending or failed generations,
    /// edits the catalog has no action for).
    pub notes: Vec<String>,
}

/// One generation or operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub date: NaiveDate,
    /// Seconds after midnight as written (0 for a plain date): orders a day's first rows.
    pub time: u32,
    /// Catalog action index.
    pub action: usize,
    pub images: u32,
    /// The price paid, when the history gives it.
    pub tokens: Option<u64>,
    /// Mode index into the action's `modes` (per-pixel actions).
    pub mode: Option<usize>,
    pub size: Option<(u32, u32)>,
    pub references: u32,
    /// Index into `History::labels`.
    pub activity: Option<u32>,
    /// For an operation: the index in `rows` of the generation it post-processes.
    pub parent: Option<u32>,
}

impl History {
    pub fn generations(&self) -> usize {
        self.rows.iter().filter(|r| r.parent.is_none()).count()
    }
}

/// The platform's post-processing variation types (`VARIATION_TYPE`, in the schema's order).
pub const TRANSFORMS: [&str; 5] = ["OUTPAINT", "INPAINT", "UPSCALE", "UNZOOM", "NOBG"];
/// The catalog action each transform is by default (`None`: Canvas edits, not imported).
const TRANSFORM_ACTIONS: [Option<&str>; 5] = [None, None, Some("upscaler"), Some("unzoom"), Some("remove_background")];

/// How the JSON's model ids and variation types become catalog actions.
#[derive(Debug, Clone, Default)]
pub struct ModelMap {
    /// Lower-case model id → action.
    ids: HashMap<String, usize>,
    /// A generation without a model id (`--map none=ACTION`).
    none: Option<usize>,
    /// Per `TRANSFORMS` entry, `--map UPSCALE=ACTION` overrides.
    transforms: [Option<usize>; 5],
}

impl ModelMap {
    /// The catalog's `model_ids`, then each `--map ID=ACTION` (which wins). `ID` may also be
    /// `none` (a generation without a model id) or a variation type such as `UPSCALE`.
    pub fn new(catalog: &Catalog, extra: &[(String, String)]) -> Result<ModelMap, String> {
        let mut map = ModelMap::default();
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (i, action) in catalog.actions.iter().enumerate() {
            for id in &action.model_ids {
                let id = id.to_ascii_lowercase();
                if let Some(&j) = owner.get(&id)
                    && j != i
                {
                    return Err(format!(
                        "the catalog lists model id {id} in the `model_ids` of both `{}` and `{}`; keep it in one",
                        catalog.actions[j].key, action.key
                    ));
                }
                owner.insert(id.clone(), i);
                map.ids.insert(id, i);
            }
        }
        let keys: Vec<&str> = catalog.actions.iter().map(|a| a.key.as_str()).collect();
        for (id, key) in extra {
            let Some(action) = catalog.action(key) else {
                let near =
                    nearest(key, keys.iter().copied()).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
                return Err(format!(
                    "--map {id}={key}: unknown action `{key}`; {near}`plan-budget actions` lists the catalog's actions"
                ));
            };
            if id.eq_ignore_ascii_case("none") {
                map.none = Some(action);
            } else if let Some(t) = TRANSFORMS.iter().position(|t| t.eq_ignore_ascii_case(id)) {
                map.transforms[t] = Some(action);
            } else {
                map.ids.insert(id.to_ascii_lowercase(), action);
            }
        }
        Ok(map)
    }
}

/// Reads a history: JSON when the text starts with `{` or `[`, CSV otherwise.
pub fn read(file: &SourceFile, catalog: &Catalog, map: &ModelMap) -> Result<History, Diagnostics> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let offset = file.text.len() - text.len();
    match text.trim_start().as_bytes().first() {
        Some(b'{' | b'[') => read_json(file, catalog, map),
        _ => read_csv(file, offset, catalog),
    }
}

/// A date (`YYYY-MM-DD`) or RFC 3339 date-time, whose date part as written counts.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    parse_date_time(s).map(|(d, _)| d)
}

/// The date part as written and the seconds after midnight (0 for a plain date).
pub fn parse_date_time(s: &str) -> Result<(NaiveDate, u32), String> {
    use chrono::Timelike;
    let example = "expected YYYY-MM-DD or an RFC 3339 date-time such as 2026-03-05T14:22:01Z";
    // The common case without the format machinery: `YYYY-MM-DD` of ASCII digits.
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
            && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Ok((date, 0));
        }
    }
    let date = if s.len() == 10 {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| (d, 0)).map_err(|e| (e, "date"))
    } else {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|d| (d.date_naive(), d.num_seconds_from_midnight()))
            .map_err(|e| (e, "date-time"))
    };
    date.map_err(|(e, what)| match e.kind() {
        chrono::format::ParseErrorKind::OutOfRange => format!("`{s}` is not a real {what} (no such day or time)"),
        _ => format!("`{s}` is not a date: {example}"),
    })
}

/// The span of each field of the CSV record starting at byte `at` (quotes understood).
fn field_spans(text: &str, mut at: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    loop {
        let start = at;
        if b.get(at) == Some(&b'"') {
            at += 1;
            while at < b.len() {
                if b[at] == b'"' {
                    if b.get(at + 1) == Some(&b'"') {
                        at += 2;
                        continue;
                    }
                    at += 1;
                    break;
                }
                at += 1;
            }
        }
        while at < b.len() && !matches!(b[at], b',' | b'\n' | b'\r') {
            at += 1;
        }
        // The span without surrounding blanks (values are trimmed), at least one byte wide.
        let raw = &text[start..at];
        let lead = raw.len() - raw.trim_start().len();
        let end = (start + raw.trim_end().len()).max(start + lead);
        spans.push(start + lead..end);
        if b.get(at) != Some(&b',') {
            return spans;
        }
        at += 1;
    }
}

/// One problem of a CSV row: the column index, message and help.
struct Problem {
    column: usize,
    message: String,
    help: Option<String>,
}

fn problem(column: usize, message: impl Into<String>, help: Option<String>) -> Problem {
    Problem { column, message: message.into(), help }
}

/// What a generation's row must name to be valid on `action`: images, mode, size, references.
struct Settings<'a> {
    catalog: &'a Catalog,
    keys: Vec<&'a str>,
}

impl Settings<'_> {
    fn action(&self, s: &str) -> Result<usize, (String, Option<String>)> {
        self.catalog.action(s).ok_or_else(|| {
            let near =
                nearest(s, self.keys.iter().copied()).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
            (
                if s.is_empty() { "`action` is empty".to_string() } else { format!("unknown action `{s}`") },
                Some(format!("{near}`plan-budget actions` lists the catalog's actions (the `key` column)")),
            )
        })
    }
}

fn read_csv(file: &SourceFile, offset: usize, catalog: &Catalog) -> Result<History, Diagnostics> {
    let text = &file.text;
    let lines = Lines::new(text);
    let at = |span: Range<usize>, message: String, help: Option<String>| {
        lines.at(&file.name, text, span, message).with_help_opt(help)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(&text.as_bytes()[offset..]);
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(Diagnostic::file(&file.name, format!("not readable as CSV: {e}")).into()),
        None => {
            return Err(Diagnostic::file(&file.name, "the history is empty")
                .with_help("a history CSV starts with a header row naming its columns, at least `date,action`")
                .into());
        }
    };
    let mut problems = Vec::new();
    let header_spans = field_spans(text, offset);
    // Column index in the file → which known column it is.
    let mut column_of: Vec<Option<usize>> = Vec::with_capacity(header.len());
    let mut seen = [None; 10];
    for (i, name) in header.iter().enumerate() {
        let span = header_spans.get(i).cloned().unwrap_or(offset..offset);
        let known = COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name));
        match known {
            Some(k) if seen[k].is_some() => {
                problems.push(at(span, format!("column `{name}` appears twice"), Some("keep one of them".into())));
            }
            Some(k) => seen[k] = Some(i),
            None => {
                let near = nearest(&name.to_ascii_lowercase(), COLUMNS).map(|n| format!("did you mean `{n}`? "));
                problems.push(at(
                    span,
                    format!("unknown column `{name}`"),
                    Some(format!("{}the columns are {}", near.unwrap_or_default(), COLUMNS.join(", "))),
                ));
            }
        }
        column_of.push(known);
    }
    for required in [0, 1] {
        if seen[required].is_none() {
            let span = offset..header_spans.last().map_or(offset, |s| s.end);
            problems.push(at(
                span,
                format!("the header has no `{}` column", COLUMNS[required]),
                Some("a history needs at least the columns `date` and `action`".into()),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let col = |k: usize| seen[k];
    let settings = Settings { catalog, keys: catalog.actions.iter().map(|a| a.key.as_str()).collect() };
    let mut history = History::default();
    let mut label_index: HashMap<String, u32> = HashMap::new();
    // Ids and parents are kept in one buffer (no allocation per row) and matched at the end:
    // per row with an id, (its bytes in `names`, row index, record start); per row with a
    // `parent`, the same.
    let mut names = String::new();
    let mut id_rows: Vec<(Range<usize>, usize, usize)> = Vec::new();
    let mut parents: Vec<(Range<usize>, usize, usize)> = Vec::new();
    let mut count = 0usize;
    // Per row: it has a `parent` (whether or not that parent resolves).
    let mut operation: Vec<bool> = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Diagnostic::file(&file.name, format!("not readable as CSV: {e}")));
                break;
            }
        };
        let mut start = offset + record.position().map_or(0, |p| p.byte() as usize);
        // After `\r\n` the reader may place a record at its `\n`.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        count += 1;
        if count > MAX_HISTORY_ROWS {
            problems.push(at(
                start..start,
                format!("the history has more than {MAX_HISTORY_ROWS} rows, the most `fit` reads"),
                Some("fit a shorter span (split the file by date)".into()),
            ));
            break;
        }
        if record.len() != header.len() {
            let span = field_spans(text, start);
            let span = span.first().map_or(start, |s| s.start)..span.last().map_or(start, |s| s.end);
            problems.push(at(
                span,
                format!("this row has {} fields, the header has {}", record.len(), header.len()),
                Some("give every row one value per column; an empty value is fine (`a,,b`)".into()),
            ));
            continue;
        }
        let field = |k: usize| col(k).map_or("", |i| &record[i]);
        let mut bad: Vec<Problem> = Vec::new();
        let is_operation = !field(9).is_empty();
        let date = parse_date_time(field(0))
            .map_err(|m| {
                let help = if m.contains("not a real") {
                    "check the day and the month (the date part as written counts)"
                } else {
                    "write 2026-03-05, or a date-time such as 2026-03-05T14:22:01Z (its date part counts)"
                };
                bad.push(problem(0, m, Some(help.into())))
            })
            .ok();
        let action = settings.action(field(1)).map_err(|(m, h)| bad.push(problem(1, m, h))).ok();
        let row = action.and_then(|action| {
            let a = &catalog.actions[action];
            let images = match field(2) {
                "" => Some(1),
                s => match s.parse::<u32>() {
                    Ok(n) if is_operation && n != 1 => {
                        let help = "an operation (a row with `parent`) is one charge on one image: write one row per operation";
                        bad.push(problem(2, format!("an operation has images = 1, found {n}"), Some(help.into())));
                        None
                    }
                    Ok(n) if (1..=a.max_images).contains(&n) => Some(n),
                    _ => {
                        let help = format!("`{}` makes 1 to {} images per generation (its `max_images`)", a.key, a.max_images);
                        bad.push(problem(2, format!("`images` must be 1 to {} for `{}`, found `{s}`", a.max_images, a.key), Some(help)));
                        None
                    }
                },
            };
            let tokens = match field(3) {
                "" => Some(None),
                s => match s.parse::<u64>() {
                    Ok(t) if t <= MAX_CHARGE_TOKENS => Some(Some(t)),
                    _ => {
                        let help = "the price paid: a whole number of tokens, or empty when unknown";
                        bad.push(problem(3, format!("`tokens` must be a whole number 0 to {MAX_CHARGE_TOKENS}, found `{s}`"), Some(help.into())));
                        None
                    }
                },
            };
            let per_pixel = match &a.pricing {
                Pricing::PerPixel { modes, .. } => Some(modes),
                _ => None,
            };
            let mode = match (field(4), per_pixel) {
                ("", _) => Some(None),
                (s, Some(modes)) => match modes.iter().position(|(m, _)| m == s) {
                    Some(i) => Some(Some(i)),
                    None => {
                        let names: Vec<&str> = modes.iter().map(|(m, _)| m.as_str()).collect();
                        let help = crate::input::diagnostic::suggest(s, names.iter().copied());
                        bad.push(problem(4, format!("unknown mode `{s}` for `{}`", a.key), Some(help)));
                        None
                    }
                },
                (_, None) => {
                    bad.push(problem(4, format!("`{}` has no modes: `mode` is only for per-pixel actions", a.key), Some("leave `mode` empty on this row".into())));
                    None
                }
            };
            let size = match (field(5), per_pixel) {
                ("", _) => Some(None),
                (s, Some(_)) => match parse_size(s) {
                    Some(wh) => Some(Some(wh)),
                    None => {
                        bad.push(problem(5, format!("`size` must be WxH in pixels, each 1 to 100000, found `{s}`"), Some("for example 1024x768".into())));
                        None
                    }
                },
                (_, None) => {
                    bad.push(problem(5, format!("`{}` has no size setting: `size` is only for per-pixel actions", a.key), Some("leave `size` empty on this row".into())));
                    None
                }
            };
            let references = match field(6) {
                "" => Some(0),
                s => match s.parse::<u32>() {
                    Ok(r) if r <= 1000 && (r == 0 || catalog.addon("reference").is_some()) => Some(r),
                    Ok(r) if r <= 1000 => {
                        bad.push(problem(6, "the catalog has no `reference` add-on for `references`", Some("leave `references` empty, or use a catalog with the add-on".into())));
                        None
                    }
                    _ => {
                        bad.push(problem(6, format!("`references` must be a whole number 0 to 1000, found `{s}`"), Some("the number of reference images the generation used, e.g. 2; empty for none".into())));
                        None
                    }
                },
            };
            let (date, time) = date?;
            Some(Row {
                date,
                time,
                action,
                images: images?,
                tokens: tokens?,
                mode: mode?,
                size: size?,
                references: references?,
                activity: None,
                parent: None,
            })
        });
        if !bad.is_empty() || row.is_none() {
            let spans = field_spans(text, start);
            for p in bad {
                let span = col(p.column).and_then(|i| spans.get(i).cloned()).unwrap_or(start..start);
                problems.push(at(span, p.message, p.help));
            }
            continue;
        }
        let Some(mut row) = row else { continue };
        let index = history.rows.len();
        let label = field(7);
        if !label.is_empty() {
            let i = match label_index.get(label) {
                Some(&i) => i,
                None => {
                    let i = history.labels.len() as u32;
                    history.labels.push(printable(label.to_string()));
                    label_index.insert(label.to_string(), i);
                    i
                }
            };
            row.activity = Some(i);
        }
        let mut keep = |value: &str| {
            names.push_str(value);
            names.len() - value.len()..names.len()
        };
        let id = field(8);
        if !id.is_empty() {
            id_rows.push((keep(id), index, start));
        }
        if is_operation {
            parents.push((keep(field(9)), index, start));
        }
        operation.push(is_operation);
        history.rows.push(row);
    }
    let mut ids: HashMap<&str, (usize, usize)> = HashMap::with_capacity(id_rows.len());
    for (name, index, start) in id_rows {
        let id = &names[name];
        if let Some(&(_, first)) = ids.get(id) {
            let span = col(8).and_then(|i| field_spans(text, start).get(i).cloned()).unwrap_or(start..start);
            let line = lines.at(&file.name, text, first..first, "").location.map_or(0, |l| l.line);
            problems.push(at(
                span,
                format!("id `{id}` is given twice (first on line {line})"),
                Some("every row's id is its own".into()),
            ));
        } else {
            ids.insert(id, (index, start));
        }
    }
    for (name, index, start) in parents {
        let parent = &names[name];
        let span = || col(9).and_then(|i| field_spans(text, start).get(i).cloned()).unwrap_or(start..start);
        match ids.get(parent) {
            None => problems.push(at(
                span(),
                format!("`parent` {parent} is not the id of any row in this file"),
                Some("an operation's `parent` is the `id` of the generation it post-processes".into()),
            )),
            Some(&(p, _)) if operation[p] => problems.push(at(
                span(),
                format!("`parent` {parent} is an operation, not a generation"),
                Some("name the generation that the first operation post-processed".into()),
            )),
            Some(&(p, _)) => history.rows[index].parent = Some(p as u32),
        }
    }
    // In file order (line, then column), ids and parents matched last among them.
    if problems.is_empty() { Ok(history) } else { Err(Diagnostics::sorted(problems)) }
}

/// `WxH` (also `W×H` or `WXH`), each side 1 to 100000.
fn parse_size(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.split_once(['x', 'X', '×'])?;
    let side = |v: &str| v.trim().parse::<u32>().ok().filter(|n| (1..=100_000).contains(n));
    Some((side(w)?, side(h)?))
}

/// Generation and variation statuses (`job_status`).
const STATUSES: [&str; 3] = ["PENDING", "COMPLETE", "FAILED"];

/// Counts of what the JSON held but gave no rows.
#[derive(Default)]
struct Skipped {
    pending: usize,
    failed: usize,
    empty: usize,
    variations: usize,
    edits: usize,
}

struct JsonReader<'a> {
    file: &'a SourceFile,
    lines: Lines,
    catalog: &'a Catalog,
    map: &'a ModelMap,
    problems: Vec<Diagnostic>,
    history: History,
    skipped: Skipped,
}

impl JsonReader<'_> {
    /// A problem at `node_span`, named by its JSON pointer; without a help of its own, a
    /// reminder of what the file should be.
    fn error(&mut self, node_span: Range<usize>, pointer: &str, message: String, help: Option<String>) {
        let d = self.lines.at(&self.file.name, &self.file.text, node_span, format!("{pointer}: {message}"));
        let help = help.unwrap_or_else(|| {
            "`fit` reads the API's response unchanged (GET /generations/user/{userId}, one page or an array of pages)"
                .to_string()
        });
        self.problems.push(d.with_help(help));
    }

    /// `pointer/key` of `node` as a string, or an error (missing, or not a string).
    fn string<'n>(&mut self, node: &'n Node, pointer: &str, key: &str) -> Option<&'n str> {
        match node.get(key) {
            Some(v) => match v.as_str() {
                Some(s) => Some(s),
                None => {
                    let found = v.kind();
                    self.error(
                        v.span.clone(),
                        &format!("{pointer}/{key}"),
                        format!("expected a string, found {found}"),
                        None,
                    );
                    None
                }
            },
            None => {
                self.error(node.span.start..node.span.start + 1, pointer, format!("missing `{key}`"), None);
                None
            }
        }
    }

    fn status(&mut self, node: &Node, pointer: &str) -> Option<usize> {
        let s = self.string(node, pointer, "status")?;
        match STATUSES.iter().position(|x| *x == s) {
            Some(i) => Some(i),
            None => {
                let span = node.get("status").map_or(node.span.clone(), |v| v.span.clone());
                let help = crate::input::diagnostic::suggest(s, STATUSES);
                self.error(span, &format!("{pointer}/status"), format!("unknown status `{s}`"), Some(help));
                None
            }
        }
    }

    fn page(&mut self, page: &Node, pointer: &str) {
        let Some(generations) = page.get("generations") else {
            let found = match page.as_array() {
                Some(_) => "an array".to_string(),
                None => page.kind().to_string(),
            };
            let message = match page.value {
                json::Value::Object(_) => {
                    "a page is an object with a `generations` array; this one has no `generations`".to_string()
                }
                _ => format!("expected a page (an object with a `generations` array), found {found}"),
            };
            let help = "give the response of GET /generations/user/{userId} as it is, or an array of such responses";
            self.error(
                page.span.start..page.span.start + 1,
                if pointer.is_empty() { "/" } else { pointer },
                message,
                Some(help.into()),
            );
            return;
        };
        let Some(items) = generations.as_array() else {
            let found = generations.kind();
            self.error(
                generations.span.clone(),
                &format!("{pointer}/generations"),
                format!("expected an array, found {found}"),
                None,
            );
            return;
        };
        for (i, g) in items.iter().enumerate() {
            self.generation(g, &format!("{pointer}/generations/{i}"));
        }
    }

    fn generation(&mut self, g: &Node, pointer: &str) {
        if !matches!(g.value, json::Value::Object(_)) {
            let found = g.kind();
            self.error(g.span.clone(), pointer, format!("expected a generation (an object), found {found}"), None);
            return;
        }
        let date = self.string(g, pointer, "createdAt").and_then(|s| match parse_date_time(s) {
            Ok(d) => Some(d),
            Err(m) => {
                let span = g.get("createdAt").map_or(g.span.clone(), |v| v.span.clone());
                self.error(span, &format!("{pointer}/createdAt"), m, None);
                None
            }
        });
        let action = self.model(g, pointer);
        let status = self.status(g, pointer);
        let images = match g.get("generated_images") {
            Some(v) => match v.as_array() {
                Some(items) => Some(items),
                None => {
                    let found = v.kind();
                    self.error(
                        v.span.clone(),
                        &format!("{pointer}/generated_images"),
                        format!("expected an array, found {found}"),
                        None,
                    );
                    None
                }
            },
            None => {
                self.error(
                    g.span.start..g.span.start + 1,
                    pointer,
                    "missing `generated_images`".into(),
                    Some(
                        "each generation lists its images in `generated_images` (the response's only image count)"
                            .into(),
                    ),
                );
                None
            }
        };
        // Every variation is checked whatever the generation's status.
        let mut operations: Vec<usize> = Vec::new();
        let mut edits = 0;
        let mut skipped_variations = 0;
        for (j, image) in images.unwrap_or(&[]).iter().enumerate() {
            let at = format!("{pointer}/generated_images/{j}");
            let Some(variations) = image.get("generated_image_variation_generics") else { continue };
            if variations.is_null() {
                continue;
            }
            let Some(variations) = variations.as_array() else {
                let found = variations.kind();
                self.error(
                    variations.span.clone(),
                    &format!("{at}/generated_image_variation_generics"),
                    format!("expected an array, found {found}"),
                    None,
                );
                continue;
            };
            for (k, v) in variations.iter().enumerate() {
                let at = format!("{at}/generated_image_variation_generics/{k}");
                let status = self.status(v, &at);
                let Some(kind) = self.string(v, &at, "transformType") else { continue };
                let Some(t) = TRANSFORMS.iter().position(|x| *x == kind) else {
                    let span = v.get("transformType").map_or(v.span.clone(), |x| x.span.clone());
                    let help = crate::input::diagnostic::suggest(kind, TRANSFORMS);
                    self.error(
                        span,
                        &format!("{at}/transformType"),
                        format!("unknown variation type `{kind}`"),
                        Some(help),
                    );
                    continue;
                };
                let action = match (self.map.transforms[t], TRANSFORM_ACTIONS[t]) {
                    (Some(a), _) => Some(a),
                    (None, Some(key)) => match self.catalog.action(key) {
                        Some(a) => Some(a),
                        None => {
                            let span = v.get("transformType").map_or(v.span.clone(), |x| x.span.clone());
                            self.error(
                                span,
                                &format!("{at}/transformType"),
                                format!("`{kind}` is the action `{key}`, which this catalog lacks"),
                                Some(format!("pass --map {kind}=ACTION with one of the catalog's actions")),
                            );
                            continue;
                        }
                    },
                    (None, None) => None,
                };
                match (status, action) {
                    (Some(1), Some(a)) => operations.push(a),
                    (Some(1), None) => edits += 1,
                    _ => skipped_variations += 1,
                }
            }
        }
        let (Some((date, time)), Some(action), Some(status), Some(images)) = (date, action, status, images) else {
            return;
        };
        match status {
            0 => self.skipped.pending += 1,
            2 => self.skipped.failed += 1,
            _ if images.is_empty() => self.skipped.empty += 1,
            _ => {
                let a = &self.catalog.actions[action];
                if images.len() > a.max_images as usize {
                    let span = g.get("generated_images").map_or(g.span.clone(), |v| v.span.clone());
                    let (n, most) = (images.len(), a.max_images);
                    self.error(
                        span,
                        &format!("{pointer}/generated_images"),
                        format!("{n} images, but `{}` makes at most {most} per generation", a.key),
                        Some("map this model to another action with --map ID=ACTION".into()),
                    );
                    return;
                }
                let size = match &a.pricing {
                    Pricing::PerPixel { .. } => {
                        match (g.get("imageWidth").and_then(Node::as_u32), g.get("imageHeight").and_then(Node::as_u32))
                        {
                            (Some(w), Some(h)) if (1..=100_000).contains(&w) && (1..=100_000).contains(&h) => {
                                Some((w, h))
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                let parent = self.history.rows.len() as u32;
                let row = Row {
                    date,
                    time,
                    action,
                    images: images.len() as u32,
                    tokens: None,
                    mode: None,
                    size,
                    references: 0,
                    activity: None,
                    parent: None,
                };
                self.history.rows.push(row);
                for a in operations {
                    let op = Row {
                        images: 1,
                        action: a,
                        size: None,
                        parent: Some(parent),
                        ..self.history.rows[parent as usize].clone()
                    };
                    self.history.rows.push(op);
                }
                self.skipped.edits += edits;
                self.skipped.variations += skipped_variations;
            }
        }
    }

    /// The action of a generation's `modelId`.
    fn model(&mut self, g: &Node, pointer: &str) -> Option<usize> {
        let help_map =
            "add it to the `model_ids` of an action in the catalog (--catalog FILE), or pass --map ID=ACTION";
        match g.get("modelId") {
            None | Some(Node { value: json::Value::Null, .. }) => match self.map.none {
                Some(a) => Some(a),
                None => {
                    let span = g.get("modelId").map_or(g.span.start..g.span.start + 1, |v| v.span.clone());
                    let help = "PhotoReal v1 is requested without a model id: pass --map none=ACTION to count such generations as ACTION";
                    self.error(
                        span,
                        &format!("{pointer}/modelId"),
                        "a generation without a model id".into(),
                        Some(help.into()),
                    );
                    None
                }
            },
            Some(v) => match v.as_str() {
                Some(id) => match self.map.ids.get(&id.to_ascii_lowercase()) {
                    Some(&a) => Some(a),
                    None => {
                        self.error(
                            v.span.clone(),
                            &format!("{pointer}/modelId"),
                            format!("unknown model id {id}"),
                            Some(help_map.replace("ID=", &format!("{id}="))),
                        );
                        None
                    }
                },
                None => {
                    let found = v.kind();
                    self.error(
                        v.span.clone(),
                        &format!("{pointer}/modelId"),
                        format!("expected a string, found {found}"),
                        None,
                    );
                    None
                }
            },
        }
    }
}

fn read_json(file: &SourceFile, catalog: &Catalog, map: &ModelMap) -> Result<History, Diagnostics> {
    let root = json::parse(&file.text).map_err(|e| {
        let lines = Lines::new(&file.text);
        // serde_json's column is 1-based in characters; find its byte offset on the line.
        let line = file.text.split('\n').nth(e.line - 1).unwrap_or("");
        let line_start = file.text.split('\n').take(e.line - 1).map(|l| l.len() + 1).sum::<usize>();
        let byte = line.char_indices().nth(e.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
        let at = (line_start + byte).min(file.text.len());
        lines.at(&file.name, &file.text, at..at + 1, format!("not valid JSON: {}", e.message))
    })?;
    let mut reader = JsonReader {
        file,
        lines: Lines::new(&file.text),
        catalog,
        map,
        problems: Vec::new(),
        history: History::default(),
        skipped: Skipped::default(),
    };
    match root.as_array() {
        Some(pages) => {
            for (i, page) in pages.iter().enumerate() {
                reader.page(page, &format!("/{i}"));
            }
        }
        None => reader.page(&root, ""),
    }
    if reader.history.rows.len() > MAX_HISTORY_ROWS {
        let message = format!("the history has more than {MAX_HISTORY_ROWS} rows, the most `fit` reads");
        reader.problems.push(Diagnostic::file(&file.name, message));
    }
    if !reader.problems.is_empty() {
        return Err(Diagnostics(reader.problems));
    }
    let s = &reader.skipped;
    let mut notes = Vec::new();
    let mut left_out = Vec::new();
    for (n, what) in [(s.pending, "pending"), (s.failed, "failed"), (s.empty, "complete without images")] {
        if n > 0 {
            left_out.push(format!("{n} {what}"));
        }
    }
    if !left_out.is_empty() {
        notes.push(format!("left out generations that delivered nothing: {}", left_out.join(", ")));
    }
    if s.variations > 0 {
        notes.push(format!("left out {} post-processing variations that are pending or failed", s.variations));
    }
    if s.edits > 0 {
        let help =
            "the catalog has no action for them; pass --map OUTPAINT=ACTION or --map INPAINT=ACTION to count them";
        notes.push(format!("left out {} OUTPAINT/INPAINT edits: {help}", s.edits));
    }
    reader.history.notes = notes;
    Ok(reader.history)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_count_their_written_date() {
        assert_eq!(parse_date("2026-03-05"), Ok(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()));
        // §5.1: the date part as written, not converted to UTC.
        assert_eq!(parse_date("2026-03-05T23:59:59.999Z"), Ok(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()));
        assert_eq!(parse_date("2026-03-06T01:00:00+10:00"), Ok(NaiveDate::from_ymd_opt(2026, 3, 6).unwrap()));
        assert!(parse_date("2026-02-30").unwrap_err().contains("not a real date"));
        assert!(parse_date("2026-02-30T10:00:00.000Z").unwrap_err().contains("not a real"));
        assert!(parse_date("10/03/2026 12:00").unwrap_err().contains("RFC 3339"));
    }

    #[test]
    fn field_spans_understand_quotes_and_blanks() {
        let text = "a,\"b,\"\"c\" , ,d\nnext";
        let spans = field_spans(text, 0);
        let got: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(got, ["a", "\"b,\"\"c\"", "", "d"]);
        assert_eq!(spans[2], 12..12);
    }

    #[test]
    fn sizes_read_as_width_by_height() {
        assert_eq!(parse_size("1024x768"), Some((1024, 768)));
        assert_eq!(parse_size("1024×768"), Some((1024, 768)));
        assert_eq!(parse_size("0x768"), None);
        assert_eq!(parse_size("1024"), None);
    }
}
