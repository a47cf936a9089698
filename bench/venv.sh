#!/usr/bin/env bash
# Creates (once) the git-ignored bench/.venv with the Python references the benchmarks compare
# against, installed from PyPI: lightgbm, torch (CPU), stable-baselines3, gymnasium, TA-Lib,
# safetensors, numpy, and optuna with scipy (bench/tune and the statistics fixtures). Prints the
# venv's python path. CI never runs this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import lightgbm, torch, talib, stable_baselines3, gymnasium, safetensors, threadpoolctl, pandas, optuna, scipy" 2>/dev/null; then
    "$venv/bin/pip" install -q --upgrade pip >&2
    "$venv/bin/pip" install -q torch numpy lightgbm ta-lib stable-baselines3 gymnasium safetensors threadpoolctl psutil pandas optuna scipy >&2
fi
echo "$venv/bin/python"
