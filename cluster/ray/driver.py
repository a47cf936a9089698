#!/usr/bin/env python3
"""Runs Kilo jobs on a Ray cluster: each line of a jobs file (`kilo plan ... --out jobs.jsonl`) is
one Ray task that runs `kilo run-job` on a worker; the files it writes come back into the local
model store under the usual names, with the job's result JSON in `STORE/jobs/ID.json`.

Tune mode (`--tune "PLAN_ARGS"`, started by `kilo cluster tune`) runs a study instead, on `kilo
tune`'s pipelined schedule: `kilo plan tune PLAN_ARGS` plans the trials that can start now from the
study on this machine (up to the parallel count in flight), each trial is a task as above, and as
each ends `kilo record-trials` writes its outcome into the study and the next plan follows, so the
study equals the one `kilo tune` makes locally with the same seed and parallel count.

- Data files travel by content: each distinct file is read once, checked against the SHA-256 the
  jobs carry, put in Ray's object store, and written by a worker to `CACHE/SHA256/NAME` (reused by
  later jobs on that node). With `--shared-data` workers read the planned paths instead.
- A job whose result is already in the store with every file at its hash is skipped.
- A lost worker or node (the task's process died) is retried up to `--max-retries` times by Ray; a
  job that fails by itself (kilo says `failed` or `refused`) is reported with its reason, never
  retried (`retry_exceptions` names only `WorkerLost`).
- Ctrl-C cancels every outstanding task (`ray.cancel`) and exits 130.
- One progress line (done / running / failed per node) while it runs, a table at the end.

Exit status: 0 every job ok (or skipped), 3 some job failed, 2 bad invocation, 130 interrupted.
Kilo starts it as `kilo cluster run` (or `kilo train` under `training.runner: ray`).
"""
import argparse
import ctypes
import hashlib
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time

import ray
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy


class WorkerLost(Exception):
    """`kilo run-job` died by a signal: its worker or node went away, so Ray may run it again."""


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomically(path, data):
    """Writes `data` to `path` through a temporary file in the same folder and a rename."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".kilo-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _die_with_parent():
    """In the kilo child: be killed when the Ray worker that started it dies (PR_SET_PDEATHSIG)."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


@ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=-1)
class Board:
    """Which node runs which job, as the tasks report it (the driver's progress line reads it)."""

    def __init__(self):
        self.running = {}
        self.starts = {}

    def started(self, job_id, node):
        self.running[job_id] = node
        self.starts[job_id] = self.starts.get(job_id, 0) + 1

    def snapshot(self):
        return self.running, self.starts


def run_job(line, data, data_path, kilo, cache_dir, board):
    """The Ray task: one `kilo run-job` on this worker; returns its result JSON and files' bytes."""
    job = json.loads(line)
    node = ray.get_runtime_context().get_node_id()
    if board is not None:
        # Waited for: a start must be on the board before `kilo run-job` runs, or a worker killed
        # while the call is still in flight loses it and the retried job shows one try.
        ray.get(board.started.remote(job["id"], node))
    if data is not None:
        # `data` arrived through the object store: keep it in the cache under its hash and name.
        data_path = os.path.join(cache_dir, job["data"]["sha256"], job["data"]["name"])
        if not os.path.exists(data_path) or sha256_file(data_path) != job["data"]["sha256"]:
            write_atomically(data_path, bytes(data))
    with tempfile.TemporaryDirectory(prefix="kilo-job-") as work:
        job_file = os.path.join(work, "job.json")
        with open(job_file, "w") as handle:
            handle.write(line)
        out = os.path.join(work, "out")
        started = time.monotonic()
        process = subprocess.run(
            [kilo, "run-job", job_file, "--out", out, "--data", data_path],
            capture_output=True, text=True, preexec_fn=_die_with_parent)
        wall = time.monotonic() - started
        if process.returncode < 0:
            raise WorkerLost(f"kilo run-job was killed by signal {-process.returncode}")
        result_path = os.path.join(out, "jobs", job["id"] + ".json")
        reply = {"node": node, "host": socket.gethostname(), "wall": wall}
        if not os.path.exists(result_path):
            last = (process.stderr.strip().splitlines() or ["no output"])[-1]
            reply["result"] = {"id": job["id"], "status": "failed", "files": [],
                               "reason": f"kilo run-job exited {process.returncode} without a result: {last}"}
            return reply
        with open(result_path, "rb") as handle:
            reply["result_bytes"] = handle.read()
        reply["result"] = json.loads(reply["result_bytes"])
        reply["files"] = {}
        for entry in reply["result"].get("files", []):
            with open(os.path.join(out, entry["path"]), "rb") as handle:
                reply["files"][entry["path"]] = handle.read()
        return reply


def already_done(store, job):
    """Whether `store` holds an ok result for `job` whose files all still have their hashes."""
    path = os.path.join(store, "jobs", job["id"] + ".json")
    try:
        with open(path) as handle:
            result = json.load(handle)
    except (OSError, ValueError):
        return False
    if result.get("status") != "ok":
        return False
    for entry in result.get("files", []):
        target = os.path.join(store, entry["path"])
        if not os.path.exists(target) or sha256_file(target) != entry["sha256"]:
            return False
    return True


def store_reply(store, job, reply):
    """Writes a finished job's files (checked against their hashes) and result into the store."""
    result = reply["result"]
    for entry in result.get("files", []):
        data = reply["files"][entry["path"]]
        if sha256_bytes(data) != entry["sha256"]:
            raise ValueError(f"{entry['path']} arrived with another SHA-256 than its job wrote")
        write_atomically(os.path.join(store, entry["path"]), data)
    body = reply.get("result_bytes") or json.dumps(result, indent=2, sort_keys=True).encode()
    write_atomically(os.path.join(store, "jobs", job["id"] + ".json"), body)


def read_jobs(path):
    jobs = []
    with open(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                job = json.loads(line)
                job["id"], job["data"]["sha256"]
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"kilo cluster: {path}:{number}: not a job ({error})")
            jobs.append((line.strip(), job))
    ids = [job["id"] for _, job in jobs]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"kilo cluster: {path}: a job id appears twice")
    return jobs


class Progress:
    """One line, rewritten in place on a terminal (every few seconds otherwise)."""

    def __init__(self, total, skipped):
        self.total, self.skipped = total, skipped
        self.tty = sys.stderr.isatty()
        self.last_print = 0.0
        self.width = 0

    def show(self, done, failed, running, per_node, final=False):
        nodes = " | ".join(
            f"{name}: {c['done']} done {c['running']} running {c['failed']} failed"
            for name, c in sorted(per_node.items()))
        line = (f"[{done + failed + self.skipped}/{self.total}] done {done} · running {running} · "
                f"failed {failed} · skipped {self.skipped}" + (f" | {nodes}" if nodes else ""))
        now = time.monotonic()
        if self.tty:
            sys.stderr.write("\r" + line.ljust(self.width) + ("\n" if final else ""))
            self.width = len(line)
        elif final or now - self.last_print >= 5:
            sys.stderr.write(line + "\n")
            self.last_print = now
        sys.stderr.flush()


def node_names():
    """Ray node id → `IP/ID6` (nodes on one machine share the IP)."""
    return {n["NodeID"]: f"{n['NodeManagerAddress']}/{n['NodeID'][:6]}" for n in ray.nodes()}


def submit(todo, rows, args, task, board, data_refs, pending=None):
    """Submits each job as a task (its data file once into the object store); returns ref -> job
    (filled into `pending` as it goes). A job whose data file cannot be read or has another hash is
    marked refused and not submitted."""
    pending = {} if pending is None else pending
    for line, job in todo:
        data = job["data"]
        path = os.path.abspath(data["path"])
        if args.shared_data:
            ref, worker_path = None, path
        else:
            if data["sha256"] not in data_refs:
                try:
                    with open(data["path"], "rb") as handle:
                        content = handle.read()
                except OSError as error:
                    content, data_refs[data["sha256"]] = None, f"cannot read {data['path']}: {error.strerror}"
                if content is not None:
                    found = sha256_bytes(content)
                    data_refs[data["sha256"]] = ray.put(content) if found == data["sha256"] else (
                        f"refusing job: data.sha256 is '{data['sha256']}' in the job but '{found}' here")
            ref, worker_path = data_refs[data["sha256"]], None
            if isinstance(ref, str):
                rows[job["id"]].update(status="refused", reason=ref)
                continue
        pending[task.remote(line, ref, worker_path, args.kilo, args.cache_dir, board)] = job
        rows[job["id"]]["submitted"] = time.monotonic()
    return pending


def cancel_all(pending):
    """Cancels every task in `pending` (futures → jobs) once, force-killing its worker, and empties
    it: a task cancelled twice can trip a check in Ray's core worker that aborts the driver."""
    for ref in list(pending):
        ray.cancel(ref, force=True)
    pending.clear()


def wait_all(pending, rows, args, board, names, progress, per_node, finished):
    """Waits for every task, storing each ok job's files and result; updates the rows, the set of
    finished job ids (the board lists every job it saw start) and the progress line. Ctrl-C
    cancels the outstanding tasks and raises KeyboardInterrupt (after saying how many were
    cancelled). Returns the tries per job id Ray reported."""
    done = failed = 0
    failed += sum(1 for row in rows.values() if row["status"] == "refused")
    starts = {}
    try:
        while pending:
            for job in take_ready(pending, rows, args, names, per_node, finished, 0.5):
                if rows[job["id"]]["status"] == "ok":
                    done += 1
                else:
                    failed += 1
            try:
                running_map, starts = ray.get(board.snapshot.remote(), timeout=5)
            except Exception:
                running_map = {}
            for counts in per_node.values():
                counts["running"] = 0
            live = {jid: node for jid, node in running_map.items() if jid not in finished}
            for node in live.values():
                per_node.setdefault(names.get(node, node[:6]), {"done": 0, "running": 0, "failed": 0})["running"] += 1
            progress.show(done, failed, len(live), per_node)
    except KeyboardInterrupt:
        cancelled = len(pending)
        cancel_all(pending)
        progress.show(done, failed, 0, per_node, final=True)
        sys.stderr.write(f"kilo cluster: interrupted; cancelled {cancelled} outstanding jobs\n")
        raise
    try:
        _, starts = ray.get(board.snapshot.remote(), timeout=5)
    except Exception:
        pass
    progress.show(done, failed, 0, per_node, final=True)
    return starts


def new_row(job, status):
    return {"id": job["id"], "status": status, "node": "", "seconds": None, "wall": None,
            "latency": None, "attempts": 0, "reason": ""}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run Kilo jobs, or a study's trials, on a Ray cluster.")
    parser.add_argument("jobs", nargs="?", help="jobs file, one JSON job per line (kilo plan ... --out FILE)")
    parser.add_argument("--tune", default=None, metavar="PLAN_ARGS",
                        help="tune mode instead of a jobs file: the arguments of `kilo plan tune`, as one string")
    parser.add_argument("--config", default=None, help="tune mode: kilo's --config for plan tune and record-trials")
    parser.add_argument("--address", default=None, help="Ray head HOST:PORT (default: RAY_ADDRESS, else auto)")
    parser.add_argument("--kilo", required=True, help="the kilo binary, at this path on every worker")
    parser.add_argument("--store", required=True, help="the local models folder results are written into")
    parser.add_argument("--cache-dir", default="/tmp/kilo-ray-cache", help="worker folder of data by SHA-256")
    parser.add_argument("--max-retries", type=int, default=3, help="retries after a lost worker or node")
    parser.add_argument("--shared-data", action="store_true", help="workers read the planned data paths")
    parser.add_argument("--summary", default=None, help="also write the final table as JSON here")
    args = parser.parse_args(argv)
    if (args.jobs is None) == (args.tune is None):
        parser.error("give a jobs file or --tune PLAN_ARGS")
    # Ctrl-C (and SIGTERM) raise KeyboardInterrupt even when started in the background by a shell
    # that ignores SIGINT for its background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    jobs = read_jobs(args.jobs) if args.jobs else []
    todo = [(line, job) for line, job in jobs if not already_done(args.store, job)]
    skipped = len(jobs) - len(todo)
    address = args.address or os.environ.get("RAY_ADDRESS") or "auto"
    ray.init(address=address, logging_level="WARNING", log_to_driver=False)
    names = node_names()
    board = Board.options(scheduling_strategy=NodeAffinitySchedulingStrategy(
        node_id=ray.get_runtime_context().get_node_id(), soft=True)).remote()
    task = ray.remote(run_job).options(
        num_cpus=1, max_retries=args.max_retries, retry_exceptions=[WorkerLost])
    if args.tune is not None:
        return tune(args, task, board, names)

    rows = {job["id"]: new_row(job, "skipped") for _, job in jobs}
    for _, job in todo:
        rows[job["id"]]["status"] = "pending"
    started = time.monotonic()
    pending = submit(todo, rows, args, task, board, {})
    try:
        starts = wait_all(pending, rows, args, board, names, Progress(len(jobs), skipped), {}, set())
    except KeyboardInterrupt:
        return 130
    return finish(rows, starts, started, args)


def finish(rows, starts, started, args):
    """The final table (with each job's tries), the summary file, and the exit status."""
    for job_id, count in starts.items():
        if job_id in rows:
            rows[job_id]["attempts"] = count
    print_table(rows, time.monotonic() - started)
    if args.summary:
        with open(args.summary, "w") as handle:
            json.dump({"elapsed": time.monotonic() - started, "jobs": list(rows.values())}, handle, indent=2)
    return 3 if any(row["status"] not in ("ok", "skipped") for row in rows.values()) else 0


class Interrupt:
    """Tune mode's Ctrl-C (and SIGTERM): only noted; the loop checks it between short waits, so a
    step that writes the study (`plan tune`, `record-trials`) is never cut short."""

    def __init__(self):
        self.seen = False

    def __call__(self, signum, frame):
        self.seen = True


def _ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_step(command):
    """Runs a kilo step that writes the study to its end (the child ignores SIGINT, so a Ctrl-C
    at the terminal reaches only the driver). Returns (exit status, stdout, stderr)."""
    process = subprocess.run(command, capture_output=True, text=True, preexec_fn=_ignore_sigint)
    return process.returncode, process.stdout, process.stderr


def take_ready(pending, rows, args, names, per_node, finished, timeout):
    """Waits up to `timeout` s for tasks in `pending` (futures → jobs) to end; stores each ok
    job's files and result, updates its row, the per-node counts and the finished ids. Returns the
    ended jobs (removed from `pending`)."""
    ready, _ = ray.wait(list(pending), num_returns=1, timeout=timeout)
    if ready:
        more, _ = ray.wait(list(pending), num_returns=len(pending), timeout=0)
        ready = list(dict.fromkeys(ready + more))
    ended = []
    for ref in ready:
        job = pending.pop(ref)
        row = rows[job["id"]]
        row["latency"] = time.monotonic() - row.pop("submitted")
        finished.add(job["id"])
        try:
            reply = ray.get(ref)
            result = reply["result"]
            row.update(node=names.get(reply["node"], reply["node"][:6]), wall=reply["wall"],
                       seconds=result.get("seconds"), status=result["status"], reason=result.get("reason") or "")
            if result["status"] == "ok":
                store_reply(args.store, job, reply)
        except Exception as error:  # the task's own failure after its retries, or a bad reply
            row.update(status="failed", reason=f"{type(error).__name__}: {str(error).splitlines()[0][:300]}")
        counts = per_node.setdefault(row["node"] or "?", {"done": 0, "running": 0, "failed": 0})
        counts["done" if row["status"] == "ok" else "failed"] += 1
        ended.append(job)
    return ended


def tune(args, task, board, names):
    """Tune mode, on `kilo tune`'s pipelined schedule: `kilo plan tune` plans the trials that can
    start now (from the study on this machine; up to --parallel in flight, each suggested from the
    trials numbered up to k - L), each runs as a task, and as each ends `kilo record-trials` writes
    its outcome into the study and the next plan follows. The first plan marks trials a dead run
    left running failed; later ones pass --in-flight. A failed job stops planning (the running
    trials are still recorded; the failed one is removed, so a later run plans it again); Ctrl-C
    cancels the running tasks and removes their trials (the finished ones stay recorded, as
    `kilo tune` does). The study is the same whatever order the trials end in."""
    interrupt = Interrupt()
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    config = ["--config", args.config] if args.config else []
    plan_args = shlex.split(args.tune)
    batch_path = os.path.join(args.store, "jobs", "tune_batch.jsonl")
    ended_path = os.path.join(args.store, "jobs", "tune_ended.jsonl")
    os.makedirs(os.path.dirname(batch_path), exist_ok=True)
    rows, starts, data_refs, per_node, finished = {}, {}, {}, {}, set()
    lines = {}
    started = time.monotonic()
    planned = 0
    stopped = False
    exit_status = 3
    pending = {}
    progress = Progress(0, 0)

    def record(jobs):
        """`kilo record-trials` on `jobs` (never cut short by Ctrl-C); returns its exit status."""
        with open(ended_path, "w") as handle:
            handle.write("".join(lines[job["id"]] + "\n" for job in jobs))
        status, out, err = run_step([args.kilo, "record-trials", ended_path, "--results", args.store, *config])
        sys.stdout.write(out)
        sys.stderr.write(err)
        return status

    while True:
        dropped = []
        if not stopped and not interrupt.seen:
            plan = [args.kilo, "plan", "tune", *plan_args, *config, "--out", batch_path]
            status, _, err = run_step(plan + (["--in-flight"] if planned else []))
            sys.stderr.write(err)
            if status != 0:
                sys.stderr.write(f"kilo cluster: kilo plan tune exited {status}\n")
                stopped = True
                exit_status = 3 if status == 3 else 2
                batch = []
            else:
                batch = read_jobs(batch_path)
            planned += len(batch)
            for line, job in batch:
                rows[job["id"]] = new_row(job, "pending")
                lines[job["id"]] = line
                # A result left by an earlier run under this id would be taken for this trial's.
                stale = os.path.join(args.store, "jobs", job["id"] + ".json")
                if os.path.exists(stale):
                    os.unlink(stale)
            if interrupt.seen:
                dropped = [job for _, job in batch]
            else:
                submit(batch, rows, args, task, board, data_refs, pending)
                refused = [job for _, job in batch if rows[job["id"]]["status"] == "refused"]
                if refused:
                    record(refused)
                    stopped = True
        if interrupt.seen:
            cancelled = list(pending.values())
            cancel_all(pending)
            # No late task reply may reach this process while the study is written: Ray 2.60's
            # core worker can abort the driver on a reply for a task it has cancelled ("Tried to
            # complete task that was not pending"). Recording needs no Ray.
            ray.shutdown()
            sys.stderr.write(f"\nkilo cluster: interrupted; cancelled {len(cancelled)} running trials\n")
            if cancelled or dropped:
                record(cancelled + dropped)
            break
        if not pending:
            break
        ended = []
        while not ended and not interrupt.seen:
            ended = take_ready(pending, rows, args, names, per_node, finished, 0.5)
            done = sum(1 for row in rows.values() if row["status"] == "ok")
            failed = sum(1 for row in rows.values() if row["status"] in ("failed", "refused"))
            progress.total = len(rows)
            progress.show(done, failed, len(pending), per_node)
        if ended and (record(ended) != 0 or any(rows[job["id"]]["status"] != "ok" for job in ended)):
            stopped = True
    try:
        if not interrupt.seen:
            _, starts = ray.get(board.snapshot.remote(), timeout=5)
    except Exception:
        pass
    if interrupt.seen:
        sys.stderr.write("kilo cluster: interrupted; the finished trials are in the study, run the same tune again to resume\n")
        return 130
    status = finish(rows, starts, started, args)
    if stopped:
        sys.stderr.write("kilo cluster: a trial's job did not complete; stopped planning (the trial is planned again next run)\n")
        return exit_status
    print(f"{planned} trials ran; the study holds its trials (train MODEL SYMBOL --from-study NAME trains the final model)")
    return status


def print_table(rows, elapsed):
    header = ["job", "status", "node", "tries", "kilo s", "task s", "reason"]
    lines = [[row["id"], row["status"], row["node"], str(row["attempts"]),
              "" if row["seconds"] is None else f"{row['seconds']:.1f}",
              "" if row["wall"] is None else f"{row['wall']:.1f}", row["reason"][:120]]
             for row in rows.values()]
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
    counts = {}
    for row in rows.values():
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print(f"{len(rows)} jobs in {elapsed:.1f} s: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))


if __name__ == "__main__":
    sys.exit(main())
