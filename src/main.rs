fn main() -> std::process::ExitCode {
    plan_budget::cli::main().into()
}

/// `plan-budget … >&-` starts with no stdout. Before `main`, the Rust runtime opens
/// `/dev/null` on a closed standard descriptor, and a report written there would be lost
/// without a word; this constructor runs earlier (glibc calls `.init_array` before `main`) and
/// records the closed descriptor, so writing the report can refuse instead (exit 2).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SEE_CLOSED_STDOUT: extern "C" fn() = {
    extern "C" fn see() {
        // SAFETY: F_GETFD only asks whether descriptor 1 is open; it changes nothing.
        if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
            plan_budget::cli::messages::set_stdout_closed();
        }
    }
    see
};
