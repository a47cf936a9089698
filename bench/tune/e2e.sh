#!/usr/bin/env bash
# The original harness end to end: LightGBM, TRIALS trials × FOLDS walk-forward folds on SYMBOL with
# the default search space and objective (net-sharpe, fee trading.fee), `kilo tune` (the release
# binary, tune.parallel_trials = one per core) vs Optuna's TPESampler + the same median pruner over
# Python's lightgbm (num_threads = cores, trials one at a time as the original ran them) on the same
# features (Kilo's `export features`) and the same folds (read from the Kilo study), once per seed
# of SEEDS (tune.seed on Kilo's side, TPESampler's seed on Optuna's). Prints each run's wall time,
# best value and trial states, then the medians over the seeds and their ratio. Then, per seed,
# lightgbm alone replays Kilo's own trials (same parameters, same folds, each trial stopped where
# Kilo's pruner stopped it; `e2e_optuna.py --replay`): the same work on both sides, so that ratio
# does not depend on which model sizes each sampler's random stream picked. REPLAY=0 skips it.
# Usage (from the repository root): bench/tune/e2e.sh [TRIALS] [FOLDS] [SYMBOL]   (default 100 5 BTCEUR)
# SEEDS="42 43 44" sets the seeds (default 42). PYTHREADS=N sets lightgbm's num_threads (default:
# the cores; on a loaded machine its OpenMP workers collapse, so PYTHREADS=1 is the fairer
# reference there). PRUNER=running-median|optuna-median|none sets the Python side's pruner (default
# running-median: bench/tune/running_median_pruner.py, the rule Kilo's MedianPruner implements;
# optuna-median is Optuna's stock MedianPruner, which judges a trial's best running mean so far).
# KILO=path runs another kilo binary (default .build/release/kilo, built when missing).
# Needs PYTHON=/path/to/python with optuna, lightgbm and numpy, or bench/.venv with them.
set -euo pipefail
cd "$(dirname "$0")/../.."
TRIALS="${1:-100}"
FOLDS="${2:-5}"
SYMBOL="${3:-BTCEUR}"
SEEDS="${SEEDS:-42}"
PRUNER="${PRUNER:-running-median}"
PY="${PYTHON:-bench/.venv/bin/python}"
OUT=bench/out/tune-e2e
KILO="${KILO:-.build/release/kilo}"
rm -rf "$OUT"
mkdir -p "$OUT"
[ -x "$KILO" ] || swift build -c release --product kilo 2>&1 | tail -1
CORES="$(nproc)"
PYTHREADS="${PYTHREADS:-$CORES}"
TIMEFMT="%e s wall, %U s user, %M KB max RSS"
echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $CORES cores; $("$KILO" --version | tail -1)"
for SEED in $SEEDS; do
    RUN="$OUT/seed$SEED"
    mkdir -p "$RUN"
    sed -e "s#^  studies_dir: studies#  studies_dir: $RUN/studies#" \
        -e "/^tune:/,/^[a-z]/s#^  seed: [0-9]*#  seed: $SEED#" config/config.yaml > "$RUN/config.yaml"
    grep -q "^  seed: $SEED" "$RUN/config.yaml"
    echo "== seed $SEED: kilo tune ($(uptime | sed 's/.*load/load/'))"
    CMD="$KILO tune --config $RUN/config.yaml --model lightgbm --symbol $SYMBOL --trials $TRIALS --folds $FOLDS --study e2e --no-train"
    echo "\$ $CMD"
    start=$(date +%s.%N)
    /usr/bin/time -f "$TIMEFMT" -o "$RUN/kilo.time" $CMD > "$RUN/kilo.txt"
    echo "$(date +%s.%N) - $start" | bc > "$RUN/kilo.wall"
    head -1 "$RUN/kilo.txt"
    "$KILO" --config "$RUN/config.yaml" --format json \
        -c "load $SYMBOL; export features $SYMBOL $RUN/features.csv; inspect study e2e" > "$RUN/inspect.json"
    echo "== seed $SEED: optuna + lightgbm, pruner $PRUNER ($(uptime | sed 's/.*load/load/'))"
    PYCMD="$PY bench/tune/e2e_optuna.py --features $RUN/features.csv --data data/${SYMBOL}_30m.csv --study $RUN/inspect.json --trials $TRIALS --fee 0.001 --seed $SEED --threads $PYTHREADS --pruner $PRUNER"
    echo "\$ $PYCMD"
    /usr/bin/time -f "$TIMEFMT" -o "$RUN/optuna.time" $PYCMD > "$RUN/optuna.json"
    if [ "${REPLAY:-1}" != 0 ]; then
        echo "== seed $SEED: lightgbm replaying kilo's trials ($(uptime | sed 's/.*load/load/'))"
        echo "\$ $PYCMD --replay"
        $PYCMD --replay > "$RUN/replay.json"
    fi
    rm -f "$RUN/features.csv"
    echo "kilo: $(cat "$RUN/kilo.time"); optuna: $(cat "$RUN/optuna.time") ($(uptime | sed 's/.*load/load/'))"
done
echo "== summary ($(uptime | sed 's/.*load/load/'))"
"$PY" - "$OUT" $SEEDS <<'PYEOF'
import json, statistics, sys
out, seeds = sys.argv[1], sys.argv[2:]
rows = []
for seed in seeds:
    run = f"{out}/seed{seed}"
    k = json.loads(open(f"{run}/inspect.json").read().strip().splitlines()[-1])
    o = json.loads(open(f"{run}/optuna.json").read())
    kilo_wall = float(open(f"{run}/kilo.wall").read())
    kilo_user = float(open(f"{run}/kilo.time").read().split(",")[1].split()[0])
    opt_user = float(open(f"{run}/optuna.time").read().split(",")[1].split()[0])
    states = {s: k[s] for s in ("complete", "pruned", "failed")}
    rows.append({"seed": int(seed), "kilo_wall": kilo_wall, "kilo_user": kilo_user, "kilo_best": k["best_value"],
                 "kilo_states": states, "kilo_dsr": k["deflated_sharpe"], "optuna_wall": o["wall_seconds"],
                 "optuna_user": opt_user, "optuna_best": o["best_value"], "optuna_states": o["states"],
                 "pruner": o["pruner"], "versions": f"optuna {o['optuna']}, lightgbm {o['lightgbm']}"})
    r = rows[-1]
    try:
        rp = json.loads(open(f"{run}/replay.json").read())
        r.update(replay_wall=rp["wall_seconds"], replay_folds=rp["folds_trained"],
                 replay_trial_seconds=rp["trial_seconds"], kilo_trial_seconds=rp["kilo_trial_seconds"])
    except (OSError, ValueError):
        pass
    print(f"seed {seed}: kilo {kilo_wall:6.1f} s wall ({kilo_user:.1f} s user), best {r['kilo_best']:+.5f}, {states}; "
          f"optuna {o['wall_seconds']:6.1f} s wall ({opt_user:.1f} s user), best {r['optuna_best']:+.5f}, {o['states']}; "
          f"ratio {o['wall_seconds'] / kilo_wall:.2f}x")
med = {key: statistics.median(r[key] for r in rows) for key in ("kilo_wall", "optuna_wall", "kilo_best", "optuna_best")}
wins = sum(r["kilo_best"] >= r["optuna_best"] for r in rows)
print(f"median over {len(rows)} seed(s): kilo {med['kilo_wall']:.1f} s, best {med['kilo_best']:+.5f}; optuna "
      f"{med['optuna_wall']:.1f} s, best {med['optuna_best']:+.5f}; ratio {med['optuna_wall'] / med['kilo_wall']:.2f}x; "
      f"kilo's best >= optuna's in {wins} of {len(rows)} ({rows[0]['versions']}, python pruner {rows[0]['pruner']})")
replayed = [r for r in rows if "replay_wall" in r]
for r in replayed:
    print(f"seed {r['seed']}: same trials ({r['replay_folds']} folds): lightgbm {r['replay_wall']:6.1f} s wall "
          f"({r['replay_trial_seconds']:.1f} s in its trials) vs kilo {r['kilo_wall']:.1f} s wall "
          f"({r['kilo_trial_seconds']:.1f} s in its trials, two at a time): wall ratio "
          f"{r['replay_wall'] / r['kilo_wall']:.2f}x, per-trial time ratio "
          f"{r['replay_trial_seconds'] / r['kilo_trial_seconds']:.2f}x")
if replayed:
    med["replay_wall"] = statistics.median(r["replay_wall"] for r in replayed)
    kilo_med = statistics.median(r["kilo_wall"] for r in replayed)
    ratios = sorted(r["replay_wall"] / r["kilo_wall"] for r in replayed)
    print(f"same trials, median over {len(replayed)} seed(s): lightgbm {med['replay_wall']:.1f} s, kilo {kilo_med:.1f} s; "
          f"ratio {med['replay_wall'] / kilo_med:.2f}x (per seed {ratios[0]:.2f}-{ratios[-1]:.2f}x)")
json.dump({"runs": rows, "median": med}, open(f"{out}/summary.json", "w"), indent=1)
PYEOF
