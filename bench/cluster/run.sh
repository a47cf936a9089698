#!/usr/bin/env bash
# bench/cluster/run.sh [N_SYMBOLS] [KILO]   (defaults: 8, .build/release/kilo)
#
# Jobs/s and per-job overhead of the local runner (kilo train, the embedded thread pool) against
# Ray (kilo cluster run) with 1 and 2 nodes on this machine, on N synthetic symbols (kilo
# generate-data, 6,000 bars each) with one LightGBM job per symbol sized to take >= 5 s
# (bench/cluster/jobs.yaml: num_threads 1, so one job uses one core like a Ray task of num_cpus 1).
#   local-1: training.parallel_runs 1     ray-1: a head with --num-cpus 1
#   local-2: training.parallel_runs 2     ray-2: the head plus a second node (ray start --address), --num-cpus 1 each
# Ray runs inside a private network namespace (unshare -n, root) whose only address is 127.0.0.1.
# Wall-clock ratios on a shared machine move with the neighbours' load; "ray cost/job" (a slot's time
# not spent in kilo's own run, from the driver's summary) is the overhead that does not.
# Every run writes the same model files (checked by SHA-256). Prints a table and writes
# bench/out/cluster.json; the figures and their reading are in bench/RESULTS.md (## Cluster).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
N="${1:-8}"
KILO="$(realpath "${2:-.build/release/kilo}")"
RAY_BIN="$ROOT/cluster/ray/.venv/bin"
if [ "${KILO_CLUSTER_NETNS:-}" != 1 ]; then
    bash cluster/ray/setup.sh
    exec env KILO_CLUSTER_NETNS=1 unshare -n bash "$0" "$N" "$KILO"
fi
ip link set lo up
export RAY_USAGE_STATS_ENABLED=0
T="$(mktemp -d /tmp/kilo-cluster-bench.XXXXXX)"
trap '"$RAY_BIN/ray" stop --force >/dev/null 2>&1 || true; rm -rf "$T"' EXIT
mkdir -p bench/out
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; load at start: $(load)"

"$KILO" generate-data "$N" --seed 1 --bars 6000 --out "$T/data" > /dev/null
symbols="$(ls "$T/data" | sed 's/_30m.csv//' | paste -sd, -)"
for workers in 1 2; do
    { cat bench/cluster/jobs.yaml; printf 'data:\n  dir: %s\n  symbols: [%s]\ntraining:\n  parallel_runs: %s\n' \
        "$T/data" "$symbols" "$workers"; } > "$T/local-$workers.yaml"
done
cp "$T/local-1.yaml" "$T/plan.yaml"
"$KILO" plan train --config "$T/plan.yaml" --model lightgbm --seed 1 --out "$T/jobs.jsonl" 2>/dev/null

declare -A seconds
for workers in 1 2; do
    start=$(now)
    "$KILO" train --config "$T/local-$workers.yaml" --model lightgbm --seed 1 --models-dir "$T/local-$workers" > /dev/null 2>&1
    seconds[local-$workers]=$(echo "$(now) - $start" | bc)
    echo "local-$workers: ${seconds[local-$workers]} s"
done

"$RAY_BIN/ray" start --head --num-cpus 1 --node-ip-address 127.0.0.1 --port 6379 \
    --include-dashboard=false --disable-usage-stats > "$T/head.log" 2>&1
cat > "$T/cluster.yaml" <<EOF
training:
  ray: {python: $RAY_BIN/python, driver: $ROOT/cluster/ray/driver.py, cache_dir: $T/cache}
EOF
run_ray() {
    local name="$1"
    rm -rf "$T/cache"
    start=$(now)
    "$RAY_BIN/python" cluster/ray/driver.py "$T/jobs.jsonl" --address 127.0.0.1:6379 --kilo "$KILO" \
        --store "$T/$name" --cache-dir "$T/cache" --summary "$T/$name.json" > "$T/$name.out" 2> "$T/$name.err"
    seconds[$name]=$(echo "$(now) - $start" | bc)
    echo "$name: ${seconds[$name]} s ($(tail -1 "$T/$name.out"))"
}
run_ray ray-1
"$RAY_BIN/ray" start --address 127.0.0.1:6379 --num-cpus 1 > "$T/node2.log" 2>&1
sleep 2
run_ray ray-2

# Same bytes everywhere.
for run in local-2 ray-1 ray-2; do
    a="$(cd "$T/local-1" && sha256sum lightgbm_model_* | cut -c1-64 | sort | sha256sum)"
    b="$(cd "$T/$run" && sha256sum lightgbm_model_* | cut -c1-64 | sort | sha256sum)"
    [ "$a" = "$b" ] || { echo "bench/cluster: $run wrote other model files than local-1" >&2; exit 1; }
done
echo "model files: identical in all four runs"
echo "load at end: $(load)"

python3 - "$T" "$N" "${seconds[local-1]}" "${seconds[local-2]}" "${seconds[ray-1]}" "${seconds[ray-2]}" <<'EOF'
import json, sys, os, statistics
T, n = sys.argv[1], int(sys.argv[2])
local1, local2, ray1, ray2 = map(float, sys.argv[3:7])
rows = []
for name, wall, workers, base in [("local-1", local1, 1, local1), ("local-2", local2, 2, local2),
                                  ("ray-1", ray1, 1, local1), ("ray-2", ray2, 2, local2)]:
    row = {"run": name, "jobs": n, "seconds": round(wall, 2), "jobs_per_s": round(n / wall, 4),
           "overhead_vs_local": None if name.startswith("local") else round(wall / base - 1, 4),
           "overhead_per_job_s": None if name.startswith("local") else round((wall - base) * workers / n, 3)}
    if name.startswith("ray"):
        jobs = json.load(open(os.path.join(T, name + ".json")))["jobs"]
        kilo = [j["seconds"] for j in jobs]
        task = [j["wall"] for j in jobs]
        lat = [j["latency"] for j in jobs]
        row["mean_job_kilo_s"] = round(statistics.mean(kilo), 3)
        row["mean_in_task_overhead_s"] = round(statistics.mean(t - k for t, k in zip(task, kilo)), 3)
        elapsed = json.load(open(os.path.join(T, name + ".json")))["elapsed"]
        row["driver_elapsed_s"] = round(elapsed, 2)
        # Everything a worker slot spent on other than kilo's own run (process start, data
        # transfer, scheduling, result return, idle slots at the end), per job.
        row["ray_cost_per_job_s"] = round((elapsed * workers - sum(kilo)) / n, 3)
        row["ray_cost_fraction"] = round(row["ray_cost_per_job_s"] / statistics.mean(kilo), 4)
    rows.append(row)
print(f"{'run':8} {'jobs':>4} {'seconds':>8} {'jobs/s':>7} {'overhead':>9} {'per job':>8} {'kilo s/job':>10} {'in-task s':>9} {'ray cost/job':>13}")
for r in rows:
    ov = "" if r["overhead_vs_local"] is None else f"{100 * r['overhead_vs_local']:+.1f} %"
    pj = "" if r["overhead_per_job_s"] is None else f"{r['overhead_per_job_s']:+.2f} s"
    print(f"{r['run']:8} {r['jobs']:>4} {r['seconds']:>8.1f} {r['jobs_per_s']:>7.3f} {ov:>9} {pj:>8} "
          f"{r.get('mean_job_kilo_s', ''):>10} {r.get('mean_in_task_overhead_s', ''):>9} "
          + ("" if "ray_cost_per_job_s" not in r else f"{r['ray_cost_per_job_s']:.2f} s ({100 * r['ray_cost_fraction']:.1f} %)"))
json.dump({"rows": rows}, open("bench/out/cluster.json", "w"), indent=2)
EOF
