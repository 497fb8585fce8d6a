//! `completions SHELL` and `man`: generated from the clap definition, so they never drift from
//! the real flags. The workload file format page, `plan-budget-workload(5)`, is made from
//! `docs/workload.md`, the same reference the README links to.

use crate::cli::{Format, Global};
use crate::error::{ExitCode, usage};
use clap_complete::Shell;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// The page of one subcommand (`plan-budget-simulate(1)`), or `workload` for the file
    /// format (`plan-budget-workload(5)`); default: the main page
    pub page: Option<String>,
    /// Write every page (`plan-budget.1`, `plan-budget-simulate.1`, …, `plan-budget-workload.5`)
    /// into DIR instead of printing one
    #[arg(long, value_name = "DIR", conflicts_with = "page")]
    pub dir: Option<PathBuf>,
}

const WORKLOAD_REFERENCE: &str = include_str!("../../../docs/workload.md");

pub fn run(g: &Global, args: &Args) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("completions"));
    }
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut crate::cli::command(), "plan-budget", &mut out);
    let mut script = String::from_utf8_lossy(&out).into_owned();
    if args.shell == Shell::Bash {
        // clap_complete names a hyphenated binary's subcommands one way in `cmd=` and another in
        // the `case` labels (`plan__subcmd__budget__…`), so nothing past the subcommand completed.
        script = script.replace("plan__subcmd__budget__", "plan__budget__");
    }
    g.emit(&script)?;
    Ok(ExitCode::Success)
}

pub fn man(g: &Global, args: &ManArgs) -> anyhow::Result<ExitCode> {
    if g.format != Format::Table {
        return Err(g.unsupported_format("man"));
    }
    let pages = pages()?;
    if let Some(dir) = &args.dir {
        let files: Vec<(PathBuf, &[u8])> = pages.iter().map(|(name, roff)| (dir.join(name), roff.as_bytes())).collect();
        let refs: Vec<(&std::path::Path, &[u8])> = files.iter().map(|(p, b)| (p.as_path(), *b)).collect();
        crate::cli::output::write_all(&refs)?;
        return Ok(ExitCode::Success);
    }
    let wanted = match args.page.as_deref() {
        None => "plan-budget.1".to_string(),
        Some("workload") => "plan-budget-workload.5".to_string(),
        Some(sub) => format!("plan-budget-{sub}.1"),
    };
    let Some((_, roff)) = pages.iter().find(|(name, _)| *name == wanted) else {
        let names: Vec<String> = pages
            .iter()
            .filter_map(|(n, _)| {
                n.strip_prefix("plan-budget-").map(|s| s.trim_end_matches(['.', '1', '5']).to_string())
            })
            .collect();
        return Err(usage(format!(
            "no man page `{}`; pages: {}",
            args.page.as_deref().unwrap_or_default(),
            names.join(", ")
        )));
    };
    g.emit(roff)?;
    Ok(ExitCode::Success)
}

/// Every page: the main one, one per subcommand, and the workload file format.
fn pages() -> anyhow::Result<Vec<(String, String)>> {
    let cmd = crate::cli::command();
    let mut out = Vec::new();
    let mut main = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut main)?;
    out.push(("plan-budget.1".to_string(), String::from_utf8_lossy(&main).into_owned()));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("plan-budget-{}", sub.get_name());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name.clone())).render(&mut page)?;
        out.push((format!("{name}.1"), String::from_utf8_lossy(&page).into_owned()));
    }
    out.push(("plan-budget-workload.5".to_string(), workload_page()));
    Ok(out)
}

/// `docs/workload.md` as roff: headings become sections, code blocks stay as typed, tables
/// and paragraphs become text lines.
fn workload_page() -> String {
    let escape = |s: &str| {
        let s = s.replace('\\', "\\\\").replace('`', "");
        if s.starts_with(['.', '\'']) { format!("\\&{s}") } else { s }
    };
    let mut out = String::from(".TH PLAN-BUDGET-WORKLOAD 5 \"\" \"plan-budget\"\n");
    out += ".SH NAME\nplan-budget-workload \\- the workload file format of plan-budget\n";
    let mut code = false;
    for line in WORKLOAD_REFERENCE.lines() {
        if line.starts_with("```") {
            out += if code { ".fi\n" } else { ".nf\n" };
            code = !code;
        } else if code {
            out += &escape(line);
            out.push('\n');
        } else if let Some(h) = line.strip_prefix("# ") {
            out += &format!(".SH {}\n", escape(&h.to_uppercase()));
        } else if let Some(h) = line.trim_start_matches('#').strip_prefix(' ').filter(|_| line.starts_with("##")) {
            out += &format!(".SS {}\n", escape(h));
        } else if line.trim().is_empty() {
            out += ".PP\n";
        } else if line.starts_with("|---") || line.starts_with("| ---") {
            continue;
        } else {
            out += &escape(line.trim());
            out.push('\n');
        }
    }
    out
}
