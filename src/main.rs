use clap::Parser;
use plan_budget::cli::{Cli, run};
use plan_budget::exit_codes::ExitCode;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code.into(),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::BadInput.into()
        }
    }
}
