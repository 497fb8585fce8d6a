use clap::Parser;
use plan_budget::cli::{Cli, run};
use plan_budget::diagnostic::{Diagnostic, Diagnostics};
use plan_budget::exit_codes::ExitCode;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code.into(),
        Err(e) => {
            // Input diagnostics render their own `error:` header and snippet.
            if e.is::<Diagnostics>() || e.is::<Diagnostic>() {
                eprintln!("{e}");
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::BadInput.into()
        }
    }
}
