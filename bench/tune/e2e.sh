#!/usr/bin/env bash
# The original harness end to end: LightGBM, TRIALS trials × FOLDS walk-forward folds on SYMBOL with
# the default search space and objective (net-sharpe, fee trading.fee), `kilo tune` (the release
# binary, tune.parallel_trials = one per core) vs Optuna's TPESampler + MedianPruner over Python's
# lightgbm (num_threads = cores, trials one at a time as the original ran them) on the same features
# (Kilo's `export features`) and the same folds (read from the Kilo study). Prints both wall times,
# best values and the ratio.
# Usage (from the repository root): bench/tune/e2e.sh [TRIALS] [FOLDS] [SYMBOL]   (default 100 5 BTCEUR)
# PYTHREADS=N sets lightgbm's num_threads (default: the cores; on a loaded machine its OpenMP
# workers collapse, so PYTHREADS=1 is the fairer reference there).
# Needs PYTHON=/path/to/python with optuna, lightgbm and numpy, or bench/.venv with them.
set -euo pipefail
cd "$(dirname "$0")/../.."
TRIALS="${1:-100}"
FOLDS="${2:-5}"
SYMBOL="${3:-BTCEUR}"
PY="${PYTHON:-bench/.venv/bin/python}"
OUT=bench/out/tune-e2e
KILO=.build/release/kilo
rm -rf "$OUT"
mkdir -p "$OUT"
[ -x "$KILO" ] || swift build -c release --product kilo 2>&1 | tail -1
sed "s#^  studies_dir: studies#  studies_dir: $OUT/studies#" config/config.yaml > "$OUT/config.yaml"
CORES="$(nproc)"
PYTHREADS="${PYTHREADS:-$CORES}"
echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $CORES cores; $("$KILO" --version | tail -1)"
echo "== kilo tune ($(uptime | sed 's/.*load/load/'))"
CMD="$KILO tune --config $OUT/config.yaml --model lightgbm --symbol $SYMBOL --trials $TRIALS --folds $FOLDS --study e2e --no-train"
echo "\$ $CMD"
start=$(date +%s.%N)
/usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" -o "$OUT/kilo.time" $CMD > "$OUT/kilo.txt"
kilo_wall=$(echo "$(date +%s.%N) - $start" | bc)
head -1 "$OUT/kilo.txt"
"$KILO" --config "$OUT/config.yaml" --format json \
    -c "load $SYMBOL; export features $SYMBOL $OUT/features.csv; inspect study e2e" > "$OUT/inspect.json"
echo "== optuna + lightgbm ($(uptime | sed 's/.*load/load/'))"
PYCMD="$PY bench/tune/e2e_optuna.py --features $OUT/features.csv --data data/${SYMBOL}_30m.csv --study $OUT/inspect.json --trials $TRIALS --fee 0.001 --seed 42 --threads $PYTHREADS"
echo "\$ $PYCMD"
/usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" -o "$OUT/optuna.time" $PYCMD > "$OUT/optuna.json"
echo "kilo: $(cat "$OUT/kilo.time"); optuna: $(cat "$OUT/optuna.time")"
echo "== summary ($(uptime | sed 's/.*load/load/'))"
"$PY" - "$OUT" "$kilo_wall" <<'PYEOF'
import json, sys
out, kilo_wall = sys.argv[1], float(sys.argv[2])
k = json.loads(open(f"{out}/inspect.json").read().strip().splitlines()[-1])
o = json.loads(open(f"{out}/optuna.json").read())
states = {s: k[s] for s in ("complete", "pruned", "failed")}
print(f"kilo tune:      {kilo_wall:8.1f} s wall, best net-sharpe {k['best_value']:.5f} (trial {k['best_trial']}), {states}, DSR {k['deflated_sharpe']}")
print(f"optuna+lightgbm:{o['wall_seconds']:8.1f} s wall ({o['optimize_seconds']:.1f} s optimize), best net-sharpe {o['best_value']:.5f}, {o['states']} (optuna {o['optuna']}, lightgbm {o['lightgbm']})")
print(f"ratio (optuna wall / kilo wall): {o['wall_seconds'] / kilo_wall:.2f}x; best value kilo - optuna: {k['best_value'] - o['best_value']:+.5f}")
json.dump({"kilo_wall": kilo_wall, "kilo_best": k["best_value"], "kilo_states": states, "optuna": o}, open(f"{out}/summary.json", "w"))
PYEOF
