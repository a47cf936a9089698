#!/usr/bin/env bash
# GRU benchmark: Kilo (release build, OpenBLAS) and PyTorch CPU on the same shapes, in one run.
# Usage: bench/gru/run.sh [THREADS...]   (default: 1 2). Run from anywhere inside the repository.
# Unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for the Kilo command only and reports the kernel used.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-$(bash bench/venv.sh)}"
THREADS=("$@")
[ ${#THREADS[@]} -eq 0 ] && THREADS=(1 2)
# @testable imports in the test target need -enable-testing in release.
swift build -c release --build-tests -Xswiftc -enable-testing >/dev/null
echo "machine: $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
for t in "${THREADS[@]}"; do
  kilo=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE KILO_BENCH=1 KILO_BENCH_THREADS="$t" \
    swift test -c release --skip-build --filter GRUBenchmark 2>&1 | grep '^KILO_BENCH ' | sed 's/^KILO_BENCH //')
  torch=$(OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$t" "$PY" bench/gru/bench_torch.py "$t" | grep '^TORCH_BENCH ' | sed 's/^TORCH_BENCH //')
  KILO="$kilo" TORCH="$torch" "$PY" - <<'PYEOF'
import json, os
kilo = {j["case"]: j for j in map(json.loads, filter(None, os.environ["KILO"].splitlines()))}
torch = {j["case"]: j for j in map(json.loads, filter(None, os.environ["TORCH"].splitlines()))}
for case in sorted(kilo):
    k, t = kilo[case], torch[case]
    if k["kind"] == "train":
        print(f"threads={k['threads']} {case:>18} train  kilo {k['samples_per_s']:8.0f} samples/s  "
              f"torch {t['samples_per_s']:8.0f} samples/s  ratio {k['samples_per_s'] / t['samples_per_s']:.2f}  "
              f"[openblas {k['core']}; torch {', '.join(t['libs'])}]")
    else:
        print(f"threads={k['threads']} {case:>18} batch1 kilo {k['median_ms']:.3f} ms (p90 {k['p90_ms']:.3f})  "
              f"torch {t['median_ms']:.3f} ms (p90 {t['p90_ms']:.3f})  ratio {t['median_ms'] / k['median_ms']:.2f}")
PYEOF
done
