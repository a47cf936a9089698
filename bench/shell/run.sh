#!/usr/bin/env bash
# Issue 2 benchmarks: loading a 1,000,000-row kline CSV through `kilo` (release build) beside
# pandas.read_csv and numpy.loadtxt on the same file, and the time from `kilo` start to the first
# prompt. Usage: bench/shell/run.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-1000000}"
python="${PYTHON:-$(bash bench/venv.sh)}"
swift build -c release --product kilo >&2
kilo=.build/release/kilo
dir="${TMPDIR:-/tmp}/kilo-bench"
mkdir -p "$dir"
csv="$dir/BTCEUR_30m.csv"
[ -f "$csv" ] || python3 bench/data/make_klines.py "$csv" "$rows" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $csv ($(wc -l < "$csv") lines, $(du -m "$csv" | cut -f1) MB)"
best=""
for _ in 1 2 3 4 5; do
    t=$("$kilo" --format json -c "set timer on; load $csv" 2>&1 >/dev/null | awk '/^time:/ {print $2}' | tail -1)
    if [ -z "$best" ] || awk "BEGIN {exit !($t < $best)}"; then best=$t; fi
done
echo "kilo load: best $best s of 5 (the load command alone, as 'set timer on' reports it)"
ref=$("$python" bench/data/reference_load.py "$csv" 3)
echo "$ref"
for reader in pandas numpy; do
    r=$(echo "$ref" | awk -v r="$reader" '$0 ~ r {for (i = 1; i <= NF; i++) if ($i == "best") print $(i + 1)}' | head -1)
    [ -n "$r" ] && awk -v k="$best" -v r="$r" -v n="$reader" 'BEGIN {printf "ratio kilo/%s time: %.2f (%.1fx faster)\n", n, k / r, r / k}'
done
"$python" bench/shell/startup.py "$kilo" 20
