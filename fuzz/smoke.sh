#!/usr/bin/env bash
# A short fuzzing smoke run (stable toolchain, no sanitizer): catalog + workload loading and
# simulation must never panic or hang. FUZZ_SECONDS sets the length (default 30).
# New corpus entries go to a temporary directory, so the work tree stays clean; a crash is
# written to fuzz/artifacts/load_and_simulate/ and fails this script.
set -euo pipefail
cd "$(dirname "$0")"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
cargo fuzz run --sanitizer none load_and_simulate "$corpus" seeds -- \
    -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048
