#!/usr/bin/env bash
# GBDT benchmark: Kilo (release build) and Python lightgbm on the same data, side by side.
# Usage (from the repository root): bench/gbdt/run.sh
# Needs bench/.venv (bench/venv.sh) or PYTHON=/path/to/python with lightgbm 4.x.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-bench/.venv/bin/python}"
[ -x "$PY" ] || PY=/work/main/bench/.venv/bin/python
OUT=bench/out/gbdt
mkdir -p "$OUT"
echo "== machine: $(nproc) cores; $(uptime)"
swift build -c release --build-tests -Xswiftc -enable-testing 2>&1 | tail -1
[ -f "$OUT/syn_train.bin" ] || "$PY" bench/gbdt/bench_lightgbm.py data "$OUT"

echo "== lightgbm ($(uptime | sed 's/.*load/load/'))"
/usr/bin/time -v "$PY" bench/gbdt/bench_lightgbm.py python "$OUT" > "$OUT/lightgbm.json" 2> "$OUT/lightgbm.time"
cat "$OUT/lightgbm.json"
grep -E "Maximum resident" "$OUT/lightgbm.time"

echo "== kilo ($(uptime | sed 's/.*load/load/'))"
KILO_BENCH=1 KILO_BENCH_OUT="$PWD/$OUT" /usr/bin/time -v swift test -c release --skip-build -Xswiftc -enable-testing \
    --filter "GBDTBenchmark/synthetic" > "$OUT/kilo_syn.log" 2> "$OUT/kilo.time"
KILO_BENCH=1 KILO_BENCH_OUT="$PWD/$OUT" swift test -c release --skip-build -Xswiftc -enable-testing \
    --filter "GBDTBenchmark/btcLaggedReturns" > "$OUT/kilo_btc.log" 2>&1
grep -h '"side"' "$OUT/kilo_syn.log" "$OUT/kilo_btc.log" > "$OUT/kilo.json"
cat "$OUT/kilo.json"
grep -E "Maximum resident" "$OUT/kilo.time"

echo "== python lightgbm loads the Kilo-written model files"
"$PY" bench/gbdt/bench_lightgbm.py verify "$OUT" | tee "$OUT/verify.json"

echo "== ratios ($(uptime | sed 's/.*load/load/'))"
"$PY" - "$OUT" <<'PYEOF'
import json, sys, re
out = sys.argv[1]
L = {d["data"]: d for d in map(json.loads, open(f"{out}/lightgbm.json"))}
K = {d["data"]: d for d in map(json.loads, open(f"{out}/kilo.json"))}
def rss(path):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read()).group(1)) / 1024
s, k = L["synthetic"], K["synthetic"]
print(f"synthetic 1M x 40, 200 rounds: train kilo {k['train_s']:.2f} s / lightgbm {s['train_s']:.2f} s = ratio {k['train_s']/s['train_s']:.2f}")
print(f"  dataset construction kilo {k['dataset_s']:.2f} s / lightgbm {s['dataset_s']:.2f} s")
print(f"  predict kilo {k['predict_rows_per_s']:,.0f} rows/s / lightgbm {s['predict_rows_per_s']:,.0f} rows/s = {k['predict_rows_per_s']/s['predict_rows_per_s']:.2f}x")
print(f"  test RMSE kilo {k['test_rmse']:.5f} / lightgbm {s['test_rmse']:.5f} = {k['test_rmse']/s['test_rmse']:.4f}")
print(f"  peak RSS (whole process) kilo {rss(out + '/kilo.time'):.0f} MB, lightgbm {rss(out + '/lightgbm.time'):.0f} MB")
b, kb = L["btc"], K["btc"]
print(f"BTCEUR 30m lagged returns (bps): test RMSE kilo {kb['test_rmse']:.4f} (best iter {kb['best_iteration']}) / lightgbm {b['test_rmse']:.4f} (best iter {b['best_iteration']}) = {kb['test_rmse']/b['test_rmse']:.4f}; zero predictor {b['zero_rmse']:.4f}")
PYEOF
