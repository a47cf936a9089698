#!/usr/bin/env bash
# Trader iteration benchmark: Kilo (release, SQLite journal on) and the Python reference loop.
# Usage: bench/trading/run.sh   (from anywhere; builds release tests first)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --build-tests -Xswiftc -enable-testing
echo "machine: $(nproc) cores; $(uptime)"
KILO_BENCH=1 swift test -c release --skip-build -Xswiftc -enable-testing --filter "TraderBenchmarkTests/iterationTime" 2>&1 \
    | grep -E "^(trading bench|SQLite|in-memory|goal)|✘"
# Real models: the default config's GRU, LightGBM and PPO for all five symbols (trained once into
# bench/.models, git-ignored; OpenBLAS unpinned for this command only).
MODELS="$PWD/bench/.models"
if [ "$(ls "$MODELS" 2>/dev/null | grep -c _model_)" -lt 15 ]; then
    swift build -c release >/dev/null
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .build/release/kilo train --model all --models-dir "$MODELS" >/dev/null
fi
KILO_BENCH_MODELS="$MODELS" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    swift test -c release --skip-build -Xswiftc -enable-testing --filter "TraderBenchmarkTests/realModelIterationTime" 2>&1 \
    | grep -E "^(trading bench|setup|first|SQLite|goal)|✘"
PY="${PYTHON:-$(bash bench/venv.sh)}"
"$PY" bench/trading/reference_loop.py 5000
