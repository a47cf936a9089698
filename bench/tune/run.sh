#!/usr/bin/env bash
# Sampler benchmark: Kilo's TPE (`kilo check tpe`, release build) and Optuna's TPESampler(seed) on
# the same test functions and spaces, side by side in one run.
# Usage (from the repository root): bench/tune/run.sh [SEEDS] [TRIALS] [HISTORY] [FIRST]
#   SEEDS   seeds FIRST..FIRST+SEEDS-1 per function (default 20)
#   TRIALS  trials per study (default 200; the best after 50 is reported too)
#   HISTORY finished trials for the per-suggestion overhead (default 1000)
#   FIRST   the first seed (default 1; e.g. 21 with SEEDS 40 for the held-out seeds 21-60)
# Needs bench/.venv (bench/venv.sh) or PYTHON=/path/to/python with optuna 5.x.
# The quality figures (best values) do not depend on the machine's load; the timings do.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS="${1:-20}"
TRIALS="${2:-200}"
HISTORY="${3:-1000}"
FIRST="${4:-1}"
LAST=$((FIRST + SEEDS - 1))
PY="${PYTHON:-$(bash bench/venv.sh)}"
OUT=bench/out/tune
mkdir -p "$OUT"
echo "== machine: $(nproc) cores; $(lscpu | sed -n 's/^Model name: *//p'); $(uptime)"
echo "== optuna $("$PY" -c 'import optuna; print(optuna.__version__)')"
swift build -c release --product kilo 2>&1 | tail -1
KILO=.build/release/kilo
: > "$OUT/kilo.jsonl"
: > "$OUT/optuna.jsonl"
for F in branin hartmann6 mixed10; do
    echo "== $F: seeds $FIRST-$LAST × $TRIALS trials ($(uptime | sed 's/.*load/load/'))"
    for S in $(seq "$FIRST" "$LAST"); do
        "$KILO" check tpe "$F" --trials "$TRIALS" --seed "$S" --format json >> "$OUT/kilo.jsonl"
    done
    "$PY" bench/tune/optuna_tpe.py run "$F" --trials "$TRIALS" --seeds "$FIRST-$LAST" >> "$OUT/optuna.jsonl"
done
for F in branin hartmann6 mixed10; do
    echo "== $F: overhead per suggestion with $HISTORY finished trials ($(uptime | sed 's/.*load/load/'))"
    "$KILO" check tpe "$F" --trials 1 --seed 1 --history "$HISTORY" --format json >> "$OUT/kilo.jsonl"
    "$PY" bench/tune/optuna_tpe.py overhead "$F" --history "$HISTORY" --seed 1 >> "$OUT/optuna.jsonl"
done
echo "== summary ($(uptime | sed 's/.*load/load/'))"
"$PY" bench/tune/summarize.py "$OUT"
