#!/usr/bin/env bash
# The cluster checks, on this machine only: a Ray head and a second node (`ray start --address`,
# each --num-cpus 1) inside a private network namespace whose only interface is 127.0.0.1, so no
# Ray process can reach or be reached at any other address. It then
#   1. runs 9 training jobs (3 symbols x 3 models, tiny models) plus one job whose data file is
#      corrupt through `kilo cluster run`'s driver, while killing the second node's worker processes
#      (by PID) as soon as one of them runs a job;
#   2. checks every good job completed (a killed one was retried), the corrupt one failed with its
#      reason, and each model and preprocessor file has the SHA-256 of `kilo train`'s (the local runner);
#   3. runs the driver again: every stored job is skipped;
#   4. trains through `kilo train` under `training.runner: ray` (same model bytes);
#   5. runs a 20-trial LightGBM study through `kilo cluster tune` (2 trials at a time on the
#      pipelined schedule, pruning on):
#      its canonical export (`export study`, no timings) and the final model `train --from-study`
#      trains from it have the SHA-256 of the local `kilo tune`'s;
#      so does `kilo tune` under `training.runner: ray`; Ctrl-C during another study keeps its
#      finished trials, and the study resumes;
#   6. interrupts a third run (SIGINT, as Ctrl-C): it cancels its tasks and no kilo run-job is left.
# `ray stop --force` always runs at the end. Usage: cluster/ray/test_cluster.sh [KILO_BINARY]
# (default .build/debug/kilo). Needs root (unshare -n) and Ray in cluster/ray/.venv (cluster/ray/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
KILO="$(realpath "${1:-.build/debug/kilo}")"
RAY_BIN="$ROOT/cluster/ray/.venv/bin"

if [ "${KILO_CLUSTER_NETNS:-}" != 1 ]; then
    if ! "$RAY_BIN/python" -c "import ray" >/dev/null 2>&1; then
        echo "cluster checks: Ray is not in cluster/ray/.venv; installing cluster/ray/requirements.txt"
        if ! bash cluster/ray/setup.sh; then
            echo "SKIPPED cluster checks: Ray could not be installed from the package index (see the pip error above)"
            exit 0
        fi
    fi
    if ! unshare -n true 2>/dev/null; then
        echo "SKIPPED cluster checks: cannot create a private network namespace (unshare -n needs root);"
        echo "  Ray would bind the machine's own address, and these checks run on 127.0.0.1 only"
        exit 0
    fi
    [ -x "$KILO" ] || { echo "cluster checks: no kilo binary at $KILO (swift build first)"; exit 2; }
    exec env KILO_CLUSTER_NETNS=1 timeout 900 unshare -n bash "$0" "$KILO"
fi

# --- inside the namespace ---
ip link set lo up
export RAY_USAGE_STATS_ENABLED=0
T="$(mktemp -d /tmp/kilo-cluster-test.XXXXXX)"
cleanup() {
    "$RAY_BIN/ray" stop --force >/dev/null 2>&1 || true
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "cluster checks: FAILED: $*"; exit 1; }
checks=0
pass() { checks=$((checks + 1)); echo "cluster checks: ok: $*"; }

# A small config: the training transcript's tiny models, three symbols.
{ cat Tests/Transcripts/training.yaml; printf 'data:\n  symbols: [BTCEUR, ETHEUR, ADAEUR]\n'; } > "$T/config.yaml"
STAMP=20261206_000000
"$KILO" plan train --config "$T/config.yaml" --seed 7 --stamp "$STAMP" --out "$T/jobs.jsonl" 2>/dev/null
# A job whose data file is corrupt as planned (its hash matches; the loader refuses a cell).
mkdir -p "$T/data"
head -900 data/BTCEUR_30m.csv | awk -F, 'NR == 400 { $5 = "x" $5 } { print }' OFS=, > "$T/data/BADEUR_30m.csv"
"$KILO" plan train --config "$T/config.yaml" --seed 7 --stamp "$STAMP" --model lightgbm \
    --symbol "$T/data/BADEUR_30m.csv" --out - >> "$T/jobs.jsonl" 2>/dev/null
[ "$(wc -l < "$T/jobs.jsonl")" = 10 ] || fail "expected 10 planned jobs"

# The local runner (the embedded thread pool), same config and seed.
"$KILO" train --config "$T/config.yaml" --seed 7 --models-dir "$T/local" > "$T/local.log" 2>&1 || fail "kilo train failed"

# A small 20-trial LightGBM study (3 folds, 2 at a time, the median pruner after 2 trials) on the
# 800-bar fixture, run by the local runner (`kilo tune`, which then trains the final model).
tune_config() {  # $1: the folder of its study and models
    cat <<EOF
data: {dir: $ROOT/Tests/Fixtures/shell}
paths: {models: $1/models}
models:
  lightgbm: {num_iterations: 30, early_stopping_round: 5, num_leaves: 7, min_data_in_leaf: 10}
tune:
  trials: 20
  folds: 3
  parallel_trials: 2
  startup_trials: 4
  pruner_startup_trials: 2
  seed: 11
  studies_dir: $1/studies
  spaces:
    lightgbm:
      num_leaves: {type: int, low: 3, high: 15}
      learning_rate: {type: log-float, low: 0.01, high: 0.3}
      num_iterations: {type: int, low: 10, high: 40}
      min_data_in_leaf: {type: categorical, choices: [5, 20]}
training:
  ray: {python: $RAY_BIN/python, driver: $ROOT/cluster/ray/driver.py, cache_dir: $T/cache}
EOF
}
tune_config "$T/tune-local" > "$T/tune-local.yaml"
tune_config "$T/tune-ray" > "$T/tune-ray.yaml"
tune_started=$SECONDS
"$KILO" tune --config "$T/tune-local.yaml" --model lightgbm --symbol BTCSMALL > "$T/tune-local.log" 2>&1 \
    || { cat "$T/tune-local.log"; fail "kilo tune failed"; }
tune_local_seconds=$((SECONDS - tune_started))

"$RAY_BIN/ray" start --head --num-cpus 1 --node-ip-address 127.0.0.1 --port 6379 \
    --include-dashboard=false --disable-usage-stats > "$T/head.log" 2>&1 || { cat "$T/head.log"; fail "ray start --head"; }
before="$(pgrep -f 'ray/raylet/raylet' | sort)"
"$RAY_BIN/ray" start --address 127.0.0.1:6379 --num-cpus 1 > "$T/node2.log" 2>&1 || { cat "$T/node2.log"; fail "ray start --address"; }
NODE2_RAYLET="$(comm -13 <(echo "$before") <(pgrep -f 'ray/raylet/raylet' | sort) | head -1)"
[ -n "$NODE2_RAYLET" ] || fail "no raylet of the second node"
grep -q "Local node IP: 127.0.0.1" "$T/head.log" || fail "the head is not on 127.0.0.1"

# Run through kilo cluster run (which replaces itself with the driver), in the background.
cat > "$T/cluster.yaml" <<EOF
training:
  ray: {python: $RAY_BIN/python, driver: $ROOT/cluster/ray/driver.py, cache_dir: $T/cache, max_retries: 3}
EOF
set +e
"$KILO" cluster run "$T/jobs.jsonl" --address 127.0.0.1:6379 --config "$T/cluster.yaml" --models-dir "$T/store" \
    > "$T/run1.out" 2> "$T/run1.err" &
DRIVER=$!
# Kill the second node's worker processes by PID as soon as one of them runs `kilo run-job`.
killed=""
for _ in $(seq 1 600); do
    # The node's worker processes (`ray::IDLE`, `ray::run_job`), not its agents (`ray::…Agent`) nor
    # the driver's progress actor (`ray::Board`, which may be placed on this node when both nodes
    # share 127.0.0.1): the node stays up and its raylet starts new workers.
    workers="$(for p in $(pgrep -P "$NODE2_RAYLET" || true); do
        tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -a 'ray::' | grep -qavE 'Agent|Board' && echo "$p"; done)"
    busy=""
    # Busy with a good job: the corrupt one fails by itself within milliseconds, and a retry of it
    # would end failed again, so it proves nothing about retries.
    for w in $workers; do
        for c in $(pgrep -P "$w" -f "run-job" 2>/dev/null || true); do
            grep -qa BADEUR "/proc/$c/cmdline" 2>/dev/null || busy=1
        done
    done
    if [ -n "$busy" ]; then
        killed="$workers"
        kill -9 $workers 2>/dev/null
        break
    fi
    kill -0 "$DRIVER" 2>/dev/null || break
    sleep 0.2
done
wait "$DRIVER"
status=$?
set -e
cat "$T/run1.out"
[ -n "$killed" ] || fail "no worker of the second node ever ran a job"
echo "cluster checks: killed the second node's workers, PIDs $(echo $killed | tr '\n' ' ')"
[ "$status" = 3 ] || { cat "$T/run1.err"; fail "the driver exited $status, not 3 (one job fails)"; }
pass "the driver reports a failed job with exit status 3"

ok_jobs="$(grep -c '^train_.* ok ' "$T/run1.out" || true)"
[ "$ok_jobs" = 9 ] || fail "$ok_jobs of 9 good jobs ended ok"
pass "all 9 good jobs completed after the node's workers were killed"
grep -Eq '^train_[a-z]+_[A-Z]+_[0-9_]+ +ok +[^ ]+ +[2-9] ' "$T/run1.out" || fail "no job was retried after the kill"
pass "a job whose worker was killed was retried"
grep -E '^train_lightgbm_BADEUR' "$T/run1.out" | grep -q 'failed .*BADEUR_30m.csv:400' || fail "the corrupt job's reason is missing"
pass "the corrupt job failed with its reason (file and line)"

# Every model and preprocessor file: the SHA-256 of the local runner's.
compared=0
for symbol in BTCEUR ETHEUR ADAEUR; do
    for prefix in gru_model lightgbm_model ppo_model preprocessor; do
        remote="$(ls "$T/store/${prefix}_${symbol}_${STAMP}".* 2>/dev/null | head -1)"
        local_file="$(ls "$T/local/${prefix}_${symbol}_"* 2>/dev/null | head -1)"
        [ -n "$remote" ] && [ -n "$local_file" ] || fail "missing ${prefix} of $symbol"
        a="$(sha256sum < "$remote")"
        b="$(sha256sum < "$local_file")"
        [ "$a" = "$b" ] || fail "$(basename "$remote") differs from the local runner's $(basename "$local_file")"
        compared=$((compared + 1))
    done
done
pass "$compared model and preprocessor files have the local runner's SHA-256"

# A re-run skips every job stored at its hashes (the corrupt one runs and fails again).
set +e
"$RAY_BIN/python" cluster/ray/driver.py "$T/jobs.jsonl" --address 127.0.0.1:6379 --kilo "$KILO" \
    --store "$T/store" --cache-dir "$T/cache" > "$T/run2.out" 2> "$T/run2.err"
status=$?
set -e
grep -q "10 jobs in .*: 1 failed, 9 skipped" "$T/run2.out" || { cat "$T/run2.out" "$T/run2.err"; fail "the re-run did not skip the 9 stored jobs"; }
pass "a re-run skips the 9 stored jobs"

# kilo train under training.runner: ray plans its runs and hands them to the cluster.
{ cat Tests/Transcripts/training.yaml; cat <<EOF
training:
  runner: ray
  ray: {address: "127.0.0.1:6379", python: $RAY_BIN/python, driver: $ROOT/cluster/ray/driver.py, cache_dir: $T/cache}
EOF
} > "$T/runner.yaml"
"$KILO" train --config "$T/runner.yaml" --model lightgbm --symbol ETHEUR --seed 7 --models-dir "$T/runner" \
    > "$T/runner.out" 2>&1 || { cat "$T/runner.out"; fail "kilo train under training.runner: ray"; }
grep -q "training.runner is ray: planned" "$T/runner.out" || fail "kilo train did not hand its jobs to Ray"
a="$(sha256sum < "$(ls "$T"/runner/lightgbm_model_ETHEUR_*)")"
b="$(sha256sum < "$(ls "$T"/local/lightgbm_model_ETHEUR_*)")"
[ "$a" = "$b" ] || fail "kilo train on Ray wrote another LightGBM model than the local runner"
pass "kilo train with training.runner: ray writes the local runner's model"

# The same study through the cluster: plan tune → a Ray task per trial → record-trials as each ends.
tune_started=$SECONDS
"$KILO" cluster tune --config "$T/tune-ray.yaml" --model lightgbm --symbol BTCSMALL --address 127.0.0.1:6379 \
    > "$T/tune-ray.out" 2> "$T/tune-ray.err" || { cat "$T/tune-ray.out" "$T/tune-ray.err"; fail "kilo cluster tune failed"; }
grep -q "20 of 20 trials; planned none" "$T/tune-ray.err" || { cat "$T/tune-ray.err"; fail "the cluster study did not reach 20 trials"; }
[ "$(grep -cE '^trial[0-9]+_lightgbm_BTCSMALL +ok ' "$T/tune-ray.out")" = 20 ] || { cat "$T/tune-ray.out"; fail "not every trial ran ok on the cluster"; }
trial_nodes="$(grep -E '^trial[0-9]+_lightgbm_BTCSMALL +ok ' "$T/tune-ray.out" | awk '{print $3}' | sort -u | wc -l)"
[ "$trial_nodes" = 2 ] || fail "the trials ran on $trial_nodes node(s), not both"
pass "20 LightGBM trials ran through kilo cluster tune, 2 at a time on both nodes ($((SECONDS - tune_started)) s; kilo tune here: $tune_local_seconds s with the final model)"
for side in local ray; do
    "$KILO" -c "export study lightgbm_BTCSMALL $T/study-$side.json" --config "$T/tune-$side.yaml" > /dev/null \
        || fail "export study ($side)"
done
grep -q '"state":"pruned"' "$T/study-ray.json" || fail "no trial was pruned: the pruner's view went untested"
a="$(sha256sum < "$T/study-local.json")"
b="$(sha256sum < "$T/study-ray.json")"
[ "$a" = "$b" ] || { diff <(tr '{' '\n' < "$T/study-local.json") <(tr '{' '\n' < "$T/study-ray.json") | head -20; fail "the cluster study differs from kilo tune's"; }
pass "the cluster study exports the local study's bytes (parameters, seeds, fold values, states, pruning; SHA-256 ${a:0:12})"
"$KILO" -c "load BTCSMALL; train lightgbm BTCSMALL --from-study lightgbm_BTCSMALL" --config "$T/tune-ray.yaml" \
    > "$T/tune-final.log" 2>&1 || { cat "$T/tune-final.log"; fail "train --from-study the cluster study"; }
for prefix in lightgbm_model preprocessor; do
    a="$(sha256sum < "$(ls "$T/tune-local/models/${prefix}_BTCSMALL_"*)")"
    b="$(sha256sum < "$(ls "$T/tune-ray/models/${prefix}_BTCSMALL_"*)")"
    [ "$a" = "$b" ] || fail "the $prefix trained from the cluster study differs from kilo tune's"
done
pass "the final model and preprocessor trained from the cluster study have kilo tune's SHA-256"

# kilo tune under training.runner: ray: the trials on the cluster, the study and final model here.
{ tune_config "$T/tune-runner"; printf '  runner: ray\n'; } > "$T/tune-runner.yaml"
RAY_ADDRESS=127.0.0.1:6379 "$KILO" tune --config "$T/tune-runner.yaml" --model lightgbm --symbol BTCSMALL \
    > "$T/tune-runner.log" 2>&1 || { cat "$T/tune-runner.log"; fail "kilo tune under training.runner: ray"; }
grep -q "training.runner is ray: tuning lightgbm_BTCSMALL on the cluster" "$T/tune-runner.log" \
    || fail "kilo tune did not hand its trials to Ray"
"$KILO" -c "export study lightgbm_BTCSMALL $T/study-runner.json" --config "$T/tune-runner.yaml" > /dev/null \
    || fail "export study (runner)"
cmp -s "$T/study-local.json" "$T/study-runner.json" || fail "kilo tune on Ray made another study than the local runner"
a="$(sha256sum < "$(ls "$T/tune-local/models/lightgbm_model_BTCSMALL_"*)")"
b="$(sha256sum < "$(ls "$T/tune-runner/models/lightgbm_model_BTCSMALL_"*)")"
[ "$a" = "$b" ] || fail "kilo tune on Ray trained another final model than the local runner"
pass "kilo tune with training.runner: ray makes the local study and final model"

# Ctrl-C during a study (after two trials ended): the running tasks are cancelled, the finished
# trials recorded, the interrupted ones removed; the same command then completes the study.
tune_int=(cluster tune --config "$T/tune-ray.yaml" --model lightgbm --symbol BTCSMALL --study interrupted
    --address 127.0.0.1:6379)
"$KILO" "${tune_int[@]}" > "$T/tune-int.out" 2> "$T/tune-int.err" &
DRIVER=$!
for _ in $(seq 1 600); do grep -qE ": [2-9] of 20 trials; .*planned [1-9]" "$T/tune-int.err" && break; sleep 0.1; done
for _ in $(seq 1 300); do pgrep -f "run-job" >/dev/null && break; sleep 0.1; done
kill -INT "$DRIVER"
set +e
wait "$DRIVER"
status=$?
set -e
[ "$status" = 130 ] || { cat "$T/tune-int.err"; fail "the interrupted cluster tune exited $status, not 130"; }
grep -q "the finished trials are in the study" "$T/tune-int.err" || fail "no interruption message from cluster tune"
"$KILO" -c "export study interrupted $T/study-int.json" --config "$T/tune-ray.yaml" > /dev/null || fail "export study interrupted"
grep -q '"state":"running"' "$T/study-int.json" && fail "a trial was left running after Ctrl-C"
kept="$(grep -o '"foldValues"' "$T/study-int.json" | wc -l)"
[ "$kept" -ge 2 ] && [ "$kept" -lt 20 ] || fail "the interrupted study holds $kept trials"
"$KILO" "${tune_int[@]}" > "$T/tune-int2.out" 2> "$T/tune-int2.err" || { cat "$T/tune-int2.err"; fail "resuming the study"; }
grep -q "20 of 20 trials; planned none" "$T/tune-int2.err" || fail "the resumed study did not reach 20 trials"
pass "Ctrl-C in a cluster study keeps its $kept finished trials, leaves none running, and the study resumes to 20"

# Ctrl-C cancels the outstanding tasks: no kilo run-job is left running.
grep -v BADEUR "$T/jobs.jsonl" > "$T/good.jsonl"
"$RAY_BIN/python" cluster/ray/driver.py "$T/good.jsonl" --address 127.0.0.1:6379 --kilo "$KILO" \
    --store "$T/store2" --cache-dir "$T/cache" > "$T/run3.out" 2> "$T/run3.err" &
DRIVER=$!
for _ in $(seq 1 300); do pgrep -f "run-job" >/dev/null && break; sleep 0.2; done
pgrep -f "run-job" >/dev/null || fail "no job started before Ctrl-C"
kill -INT "$DRIVER"
set +e
wait "$DRIVER"
status=$?
set -e
[ "$status" = 130 ] || { cat "$T/run3.err"; fail "the interrupted driver exited $status, not 130"; }
grep -q "interrupted; cancelled [1-9][0-9]* outstanding jobs" "$T/run3.err" || fail "no cancellation message"
for _ in $(seq 1 50); do pgrep -f "run-job" >/dev/null || break; sleep 0.2; done
pgrep -f "run-job" >/dev/null && fail "a kilo run-job still runs after Ctrl-C"
pass "Ctrl-C cancels the outstanding tasks ($(grep -o 'cancelled [0-9]* outstanding' "$T/run3.err"))"
echo "cluster checks: all $checks passed"
