#!/usr/bin/env bash
# Opens the HTML report in headless Chromium, screenshots it and checks the screenshot is not
# blank (scripts/png_check.py). Installs Debian's `chromium` when missing; with no way to
# install it this fails: a browser test that cannot run must not pass.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    echo "browser-test: installing ${missing[*]} (apt-get)" >&2
    command -v apt-get >/dev/null || { echo "browser-test: ${missing[*]} missing and no apt-get" >&2; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --quiet
# Cargo's target directory (CARGO_TARGET_DIR, default target) holds the binary and the outputs.
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$target"
target=$(cd "$target" && pwd)
rm -f "$target/report.html" "$target/report.png"
"$target/debug/plan-budget" -q compare workloads/freelancer.toml --format html --output "$target/report.html"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# A desktop and a phone width: the charts must be painted at both.
for width in 1200 400; do
    png=$target/report-$width.png
    [ "$width" = 1200 ] && png=$target/report.png
    rm -f "$png"
    timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$profile" \
        --screenshot="$png" --window-size=$width,2000 "file://$target/report.html" 2>/dev/null
    [ -s "$png" ] || { echo "browser-test: chromium wrote no screenshot at $width px" >&2; exit 1; }
    python3 scripts/png_check.py "$png" "$width" 2000
done
