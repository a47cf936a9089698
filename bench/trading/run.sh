#!/usr/bin/env bash
# Trader iteration benchmark: Kilo (release, SQLite journal on) and the Python reference loop.
# Usage: bench/trading/run.sh   (from anywhere; builds release tests first)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --build-tests -Xswiftc -enable-testing
echo "machine: $(nproc) cores; $(uptime)"
KILO_BENCH=1 swift test -c release --skip-build -Xswiftc -enable-testing --filter TraderBenchmarkTests 2>&1 \
    | grep -E "^(trading bench|SQLite|in-memory|goal)"
PY="${PYTHON:-/work/main/bench/.venv/bin/python}"
if [ -x "$PY" ]; then
    "$PY" bench/trading/reference_loop.py 5000
else
    echo "python reference skipped: $PY not found (run bench/venv.sh)"
fi
