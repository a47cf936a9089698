#!/usr/bin/env bash
# GBDT benchmark: Kilo (release build) and Python lightgbm on the same data, side by side.
# Usage (from the repository root): bench/gbdt/run.sh [REPEAT]
# The synthetic timing runs REPEAT times (default 3), alternating lightgbm and Kilo, because the
# 2-core machine is shared; the ratio uses each side's fastest run (the medians are printed too).
# Needs bench/.venv (bench/venv.sh) or PYTHON=/path/to/python with lightgbm 4.x.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEAT="${1:-3}"
PY="${PYTHON:-$(bash bench/venv.sh)}"
OUT=bench/out/gbdt
mkdir -p "$OUT"
echo "== machine: $(nproc) cores; $(uptime)"
swift build -c release --build-tests -Xswiftc -enable-testing 2>&1 | tail -1
[ -f "$OUT/syn_train.bin" ] || "$PY" bench/gbdt/bench_lightgbm.py data "$OUT"
: > "$OUT/lightgbm.json"
: > "$OUT/kilo.json"
for i in $(seq "$REPEAT"); do
    echo "== round $i: lightgbm ($(uptime | sed 's/.*load/load/'))"
    /usr/bin/time -v "$PY" bench/gbdt/bench_lightgbm.py syn "$OUT" 2> "$OUT/lightgbm.time" | tee -a "$OUT/lightgbm.json"
    echo "== round $i: kilo ($(uptime | sed 's/.*load/load/'))"
    KILO_BENCH=1 KILO_BENCH_OUT="$PWD/$OUT" /usr/bin/time -v swift test -c release --skip-build -Xswiftc -enable-testing \
        --filter "GBDTBenchmark/synthetic" 2> "$OUT/kilo.time" | grep '"side"' | tee -a "$OUT/kilo.json"
done
grep -E "Maximum resident" "$OUT/lightgbm.time" "$OUT/kilo.time"
"$PY" bench/gbdt/bench_lightgbm.py btc "$OUT" | tee -a "$OUT/lightgbm.json"
KILO_BENCH=1 KILO_BENCH_OUT="$PWD/$OUT" swift test -c release --skip-build -Xswiftc -enable-testing \
    --filter "GBDTBenchmark/btcLaggedReturns" 2>&1 | grep '"side"' | tee -a "$OUT/kilo.json"

echo "== python lightgbm loads the Kilo-written model files"
"$PY" bench/gbdt/bench_lightgbm.py verify "$OUT" | tee "$OUT/verify.json"

echo "== summary ($(uptime | sed 's/.*load/load/'))"
"$PY" - "$OUT" <<'PYEOF'
import json, sys, re, statistics
out = sys.argv[1]
L = [json.loads(l) for l in open(f"{out}/lightgbm.json")]
K = [json.loads(l) for l in open(f"{out}/kilo.json")]
ls = [d for d in L if d["data"] == "synthetic"]; ks = [d for d in K if d["data"] == "synthetic"]
def best(rows, key, f=min): return f(d[key] for d in rows)
def med(rows, key): return statistics.median(d[key] for d in rows)
def rss(path):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read()).group(1)) / 1024
print(f"synthetic 1M x 40, 200 rounds, num_leaves 31, max_bin 255, 2 threads ({len(ks)} runs each)")
print(f"  train (fastest): kilo {best(ks,'train_s'):.2f} s / lightgbm {best(ls,'train_s'):.2f} s = ratio {best(ks,'train_s')/best(ls,'train_s'):.2f}"
      f"   (medians {med(ks,'train_s'):.2f} / {med(ls,'train_s'):.2f} s)")
print(f"  dataset construction (fastest): kilo {best(ks,'dataset_s'):.2f} s / lightgbm {best(ls,'dataset_s'):.2f} s")
kp, lp = best(ks, 'predict_rows_per_s', max), best(ls, 'predict_rows_per_s', max)
print(f"  predict (fastest): kilo {kp:,.0f} rows/s / lightgbm {lp:,.0f} rows/s = {kp/lp:.2f}x")
print(f"  test RMSE kilo {ks[-1]['test_rmse']:.5f} / lightgbm {ls[-1]['test_rmse']:.5f} = {ks[-1]['test_rmse']/ls[-1]['test_rmse']:.4f}")
print(f"  peak RSS of the last run (whole process, data included): kilo {rss(out + '/kilo.time'):.0f} MB, lightgbm {rss(out + '/lightgbm.time'):.0f} MB")
b = [d for d in L if d["data"] == "btc"][-1]; kb = [d for d in K if d["data"] == "btc"][-1]
print(f"BTCEUR 30m lagged returns (bps), project defaults + early stopping: test RMSE kilo {kb['test_rmse']:.4f} (best iter {kb['best_iteration']})"
      f" / lightgbm {b['test_rmse']:.4f} (best iter {b['best_iteration']}) = {kb['test_rmse']/b['test_rmse']:.4f}; zero predictor {b['zero_rmse']:.4f}")
PYEOF
