fn main() -> std::process::ExitCode {
    plan_budget::cli::main().into()
}
