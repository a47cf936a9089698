#!/usr/bin/env bash
# Feature-engine benchmark: Kilo (release build) vs Python TA-Lib on the same synthetic series.
#   bench/features/run.sh [ROWS] [REPEATS]     (defaults 1000000 and 3)
# Builds `swift build -c release --build-tests -Xswiftc -enable-testing`, writes the series with numpy, times TA-Lib's
# subset in Python and Kilo's catalogue + TA-Lib subset (KILO_BENCH=1 test suite), prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-1000000}"
REPEATS="${2:-3}"
PY="${PYTHON:-$(bash bench/venv.sh)}"
SERIES="$(mktemp /tmp/kilo-features-bench.XXXXXX.bin)"
trap 'rm -f "$SERIES"' EXIT

# @testable import in release needs -enable-testing (the test target uses it throughout).
swift build -c release --build-tests -Xswiftc -enable-testing >/dev/null
"$PY" bench/features/bench_talib.py write "$SERIES" "$ROWS" 42
PY_OUT="$("$PY" bench/features/bench_talib.py time "$SERIES" "$REPEATS")"
SW_OUT="$(KILO_BENCH=1 KILO_BENCH_SERIES="$SERIES" KILO_BENCH_REPEATS="$REPEATS" \
  swift test -c release --skip-build --filter FeatureBenchmark 2>&1 | grep -E '^swift_')"
echo "$PY_OUT"
echo "$SW_OUT"
py=$(echo "$PY_OUT" | sed -n 's/^python_talib_seconds=//p')
sw=$(echo "$SW_OUT" | sed -n 's/^swift_talib_seconds=//p')
cat_s=$(echo "$SW_OUT" | sed -n 's/^swift_catalogue_seconds=//p')
pyc=$(echo "$PY_OUT" | sed -n 's/^python_talib_cpu_seconds=//p')
swc=$(echo "$SW_OUT" | sed -n 's/^swift_talib_cpu_seconds=//p')
echo "ratio_talib_subset_wall(kilo/talib)=$(python3 -c "print(f'{$sw/$py:.3f}')")"
echo "ratio_talib_subset_cpu(kilo/talib)=$(python3 -c "print(f'{$swc/$pyc:.3f}')")"
echo "catalogue_seconds=$cat_s (goal < 0.5)"
uptime
