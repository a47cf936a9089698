#!/usr/bin/env bash
# PPO speed (and CartPole return) side by side with stable-baselines3, one run, same hyperparameters.
# Usage: bench/ppo/run.sh [timesteps=100000] [seeds=0] [trading_timesteps=20480]
# Kilo runs in a release test build (KILO_BENCH=1 gated suite); OpenBLAS's machine-wide pins are
# unset for this command only, and the kernel in use is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
TIMESTEPS=${1:-100000}
SEEDS=${2:-0}
TRADING=${3:-20480}
PY="${PYTHON:-$(bash bench/venv.sh)}"
uptime
swift build -c release --build-tests -Xswiftc -enable-testing >/dev/null
KILO_OUT=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE KILO_BENCH=1 KILO_PPO_TIMESTEPS=$TIMESTEPS \
  KILO_PPO_SEEDS=$SEEDS KILO_PPO_TRADING_TIMESTEPS=$TRADING \
  swift test -c release --skip-build --filter PPOBenchmarkTests 2>&1 | grep '^kilo ')
echo "$KILO_OUT"
SB3_CART=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/ppo/sb3_reference.py cartpole "$TIMESTEPS" "$SEEDS")
echo "$SB3_CART"
SB3_TRADE=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/ppo/sb3_reference.py trading "$TRADING")
echo "$SB3_TRADE"
rate() { grep "$1" | sed -n 's/.*steps_per_s=\([0-9.]*\).*/\1/p' | awk '{s+=$1; n++} END {if (n) printf "%.0f", s/n}'; }
KC=$(echo "$KILO_OUT" | rate 'cartpole'); SC=$(echo "$SB3_CART" | rate 'cartpole')
KT=$(echo "$KILO_OUT" | rate 'trading'); ST=$(echo "$SB3_TRADE" | rate 'trading')
awk -v kc="$KC" -v sc="$SC" -v kt="$KT" -v st="$ST" 'BEGIN {
  printf "ratio cartpole: kilo %s / sb3 %s steps/s = %.1fx\n", kc, sc, kc / sc
  printf "ratio trading 30x13: kilo %s / sb3 %s steps/s = %.1fx\n", kt, st, kt / st }'
