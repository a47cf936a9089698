#!/usr/bin/env bash
# Issue 7's measurement: `kilo train --model all` on three embedded symbols (nine models) with the
# default config, release build, both cores; then the same one run at a time, and a check that
# both wrote the same bytes. With --original it also times the original bot's GRU size.
# Usage: bench/training/run.sh [--original]
# OpenBLAS: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for kilo's commands only (the
# machine-wide pin selects slower kernels); the kernel that ran is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release >/dev/null
KILO=.build/release/kilo
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "machine: $(nproc) cores; $(uptime)"
run() {  # label config folder
    local start end
    start=$(date +%s.%N)
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$KILO" train --model all --config "$2" --models-dir "$3" >"$3.log" 2>&1
    end=$(date +%s.%N)
    printf '%s: %.1f s wall for %s models\n' "$1" "$(echo "$end - $start" | bc)" \
        "$(ls "$3" | grep -c _model_)"
    grep -E "^(gru|lightgbm|ppo) " "$3.log" | sed -E 's/^([a-z]+ [A-Z]+): data .*; ([0-9.]+ s); seed.*/  \1 \2/; s/^([a-z]+ [A-Z]+): data .*rows train ([0-9]+).*(stopped early after [0-9]+ epochs|early-stopped after [0-9]+ rounds|trained [0-9]+ steps).*; ([0-9.]+ s); seed.*/  \1: \3, \4/'
    grep -E "validation loss" "$3.log" | sed -E 's/^(gru [A-Z]+).*\(validation loss ([0-9.]+)\).*/  \1 best validation loss \2/' || true
}
run "parallel (training.parallel_runs 0 = both cores)" bench/training/three-symbols.yaml "$OUT/parallel"
run "sequential (training.parallel_runs 1)" bench/training/three-symbols-sequential.yaml "$OUT/sequential"
# The runs started at different seconds, so compare files by name without the time stamp.
same=0; differ=0
for f in $(cd "$OUT/parallel" && find . -type f ! -path "./manifests/*"); do
    pattern=$(echo "$f" | sed -E 's/_[0-9]{8}_[0-9]{6}/_*/')
    other=$(cd "$OUT/sequential" && ls $pattern 2>/dev/null | head -1)
    if [ -n "$other" ] && cmp -s "$OUT/parallel/$f" "$OUT/sequential/$other"; then
        same=$((same + 1))
    else
        differ=$((differ + 1)); echo "  differs: $f"
    fi
done
echo "files identical between parallel and sequential: $same, different: $differ"
echo "OpenBLAS kernel: $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_VERBOSE=2 "$KILO" -c 'set seed 1' 2>&1 | sed -n 's/^Core: //p')"
if [ "${1:-}" = "--original" ]; then
    run "original GRU size (60 x 3 x 128, batch 512; PPO window 30)" bench/training/original-gru.yaml "$OUT/original"
fi
