#!/usr/bin/env python3
"""Helpers of bench/run (standard library only, any Python 3.8+).

    harness.py row ROWS.jsonl --area A --what W [--kilo X --unit U] [--ref-name N --ref Y]
                              [--ref-status S] [--better lower|higher] [--cmd C ...] [--kind command|probe]
                              [--note T] [--detail JSON]
        appends one result row (ratio = Kilo / reference, computed here).
    harness.py timers FILE          the `time: X s` lines of `set timer on`, one figure per line
    harness.py training LOG         per-model lines of `kilo train` as JSON (kind, symbol, seconds, what)
    harness.py training-kind LOG KIND   "mean|count|min-max s: SYMBOL seconds (what), ..." of one model kind
    harness.py jsonl-field FILE PREFIX KEY [K=V ...]
                                    KEY of every JSON object (or object in an array) on the lines starting
                                    with PREFIX (prefix stripped) whose fields K equal V
    harness.py median|mean NUMBER ...   the median / mean
    harness.py scale NUMBER FACTOR  NUMBER * FACTOR
    harness.py versions             the reference packages' versions (run it with the reference Python)
    harness.py finite-rows IN.csv OUT.csv
                                    copies the header and the rows whose values after the first are all finite
                                    (an exported feature matrix without its warm-up rows), LF line ends
    harness.py machine OUT.json KERNEL BLAS_LINE LOAD_START MODE VERSIONS_JSON
                                    CPU model, cores, kernel, the start load, mode and versions as JSON
    harness.py report MACHINE.json ROWS.jsonl RESULTS.json
                                    adds the end load, prints the table, writes results.json
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_model():
    """`model name` of /proc/cpuinfo with family/model and the widest AVX (lscpu's model name otherwise)."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if not line.strip():
                    break  # the first processor is enough
                key, _, value = line.partition(":")
                fields[key.strip().lower()] = value.strip()
    except OSError:
        pass
    if "model name" in fields:
        flags = fields.get("flags", "").split()
        simd = next((f for f in ("avx512f", "avx2", "avx") if f in flags), "no avx")
        return f"{fields['model name']} (family {fields.get('cpu family', '?')} model {fields.get('model', '?')}, {simd})"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def number(text):
    if text is None or text == "":
        return None
    value = float(text)
    return value if value == value else None  # NaN -> None


def row(argv):
    p = argparse.ArgumentParser(prog="harness.py row")
    p.add_argument("rows")
    p.add_argument("--area", required=True)
    p.add_argument("--what", required=True)
    p.add_argument("--kilo")
    p.add_argument("--unit", default="")
    p.add_argument("--stat", default="")
    p.add_argument("--ref-name", default="")
    p.add_argument("--ref")
    p.add_argument("--ref-unit")
    p.add_argument("--ref-status", default="")
    p.add_argument("--better", choices=["lower", "higher"], default="lower")
    p.add_argument("--cmd", action="append", default=[])
    p.add_argument("--ref-cmd", action="append", default=[])
    p.add_argument("--kind", choices=["command", "probe"], default="command")
    p.add_argument("--status", default="ok")
    p.add_argument("--note", default="")
    p.add_argument("--detail", default="")
    a = p.parse_args(argv)
    kilo, ref = number(a.kilo), number(a.ref)
    ratio = kilo / ref if kilo is not None and ref else None
    status = a.ref_status or ("ok" if ref is not None else ("none" if not a.ref_name else "no figure (see log)"))
    if status == "ok" and ref is None:
        status = "no figure (see log)"
    if kilo is None and a.status == "ok":
        a.status = "no figure (see log)"
    verdict = ""
    if ratio is not None:
        kilo_better = ratio < 1 if a.better == "lower" else ratio > 1
        factor = max(ratio, 1 / ratio) if ratio > 0 else float("inf")
        if a.ref_name.startswith("goal"):
            verdict = "goal met" if kilo_better or ratio == 1 else "goal missed"
        elif abs(factor - 1) < 0.005:
            verdict = "parity"
        else:
            verdict = f"Kilo {factor:.2f}x {'faster' if kilo_better else 'slower'}"
    record = {
        "area": a.area, "what": a.what, "kind": a.kind, "status": a.status,
        "kilo": {"value": kilo, "unit": a.unit, "stat": a.stat},
        "reference": {"name": a.ref_name, "value": ref, "unit": a.ref_unit or a.unit, "status": status},
        "ratio": ratio, "ratio_definition": "kilo / reference", "better": a.better, "verdict": verdict,
        "commands": a.cmd, "reference_commands": a.ref_cmd, "note": a.note,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "load_average": load_average(),
    }
    if a.detail:
        record["detail"] = json.loads(a.detail)
    with open(a.rows, "a") as f:
        f.write(json.dumps(record) + "\n")


def timers(path):
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"^time: ([0-9.]+) s\s*$", line)
            if m:
                print(m.group(1))


def training(path):
    """`gru BTCEUR: data ...; 5.1 s; seed 42 ...` -> one JSON object per model."""
    models = []
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"^(gru|lightgbm|ppo) ([A-Z0-9]+): (.*?); ([0-9.]+) s; seed", line)
            if m:
                what = re.search(r"(stopped early after [0-9]+ epochs|early-stopped after [0-9]+ rounds|trained [0-9]+ steps|[0-9]+ epochs)", m.group(3))
                models.append({"kind": m.group(1), "symbol": m.group(2), "seconds": float(m.group(4)),
                               "what": what.group(1) if what else ""})
    print(json.dumps(models))


def training_kind(path, kind):
    import io
    import contextlib
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        training(path)
    models = [m for m in json.loads(buffer.getvalue()) if m["kind"] == kind]
    if not models:
        return
    seconds = [m["seconds"] for m in models]
    each = ", ".join(f"{m['symbol']} {m['seconds']:.1f} s" + (f" ({m['what']})" if m["what"] else "") for m in models)
    print(f"{statistics.mean(seconds):.2f}|{len(models)}|{min(seconds):.1f}-{max(seconds):.1f} s: {each}")


def jsonl_field(path, prefix, key, *filters):
    wanted = dict(f.split("=", 1) for f in filters)
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith(prefix):
                try:
                    value = json.loads(line[len(prefix):])
                except ValueError:
                    continue
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict) and key in item \
                            and all(str(item.get(k)) == v for k, v in wanted.items()):
                        print(item[key])


def finite_rows(source, target):
    import csv
    import math
    kept = 0
    with open(source, newline="") as f, open(target, "w", newline="") as out:
        reader, writer = csv.reader(f), csv.writer(out, lineterminator="\n")
        writer.writerow(next(reader))
        for cells in reader:
            try:
                finite = all(math.isfinite(float(c)) for c in cells[1:])
            except ValueError:
                finite = False
            if finite:
                writer.writerow(cells)
                kept += 1
    print(kept)


def versions():
    from importlib import metadata
    found = {"python": sys.version.split()[0]}
    for name in ("numpy", "pandas", "ta-lib", "torch", "stable-baselines3", "gymnasium", "lightgbm"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    print(json.dumps(found))


def machine(out, kernel, blas_line, load_start, mode, versions_json):
    info = {
        "cpu_model": cpu_model(), "cores": os.cpu_count(), "blas_kernel": kernel, "blas_line": blas_line,
        "load_average_start": load_start, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "mode": mode, "reference_versions": json.loads(versions_json),
        "openblas_environment": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")},
    }
    with open(out, "w") as f:
        json.dump(info, f)


def fmt(value, unit):
    if value is None:
        return "-"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def report(machine_path, rows_path, results_path):
    with open(machine_path) as f:
        info = json.load(f)
    info["load_average_end"] = load_average()
    info["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    rows = []
    if os.path.exists(rows_path):
        with open(rows_path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
    for r in rows:
        r["blas_kernel"] = info["blas_kernel"]
    kernel = info["blas_kernel"]
    print(f"machine: {info['cpu_model']}, {info['cores']} cores")
    print(f"BLAS: {info['blas_line']}")
    if info["openblas_environment"]:
        print(f"OpenBLAS environment as found (not changed): {info['openblas_environment']}")
    print(f"load average at start {info['load_average_start']}, at end {info['load_average_end']}"
          f" ({info['started']} to {info['finished']})")
    print(f"mode: {info['mode']}; references: "
          + ", ".join(f"{k} {v}" for k, v in info["reference_versions"].items()))
    header = ["#", "area", "what", "Kilo", "reference", "ratio K/ref", "better", "verdict", "BLAS kernel"]
    table = []
    for i, r in enumerate(rows, 1):
        kilo = fmt(r["kilo"]["value"], r["kilo"]["unit"])
        if r["kilo"]["stat"] and r["kilo"]["value"] is not None:
            kilo += f" ({r['kilo']['stat']})"
        ref = r["reference"]
        if ref["status"] == "ok":
            reference = f"{ref['name']} {fmt(ref['value'], ref['unit'])}"
        elif ref["status"] == "none":
            reference = "(no reference)"
        else:
            reference = f"{ref['name']}: {ref['status']}" if ref["name"] else ref["status"]
        what = r["what"] + (" [probe]" if r["kind"] == "probe" else "")
        if r["status"] != "ok":
            kilo = r["status"] if r["kilo"]["value"] is None else kilo
        ratio = f"{r['ratio']:.3g}" if r["ratio"] is not None else "-"
        table.append([str(i), r["area"], what, kilo, reference, ratio,
                      r["better"] if r["ratio"] is not None else "-", r["verdict"] or "-", kernel])
    widths = [max(len(h), *(len(t[c]) for t in table)) if table else len(h) for c, h in enumerate(header)]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for t in table:
        print(" | ".join(v.ljust(w) for v, w in zip(t, widths)))
    print("ratio = Kilo / reference; 'better' says which direction favours Kilo. Commands per row:")
    for i, r in enumerate(rows, 1):
        for c in r["commands"]:
            print(f"  {i}. {c}")
        for c in r["reference_commands"]:
            print(f"  {i}. ref: {c}")
        if r["note"]:
            print(f"  {i}. note: {r['note']}")
    with open(results_path, "w") as f:
        json.dump({"machine": info, "rows": rows}, f, indent=2)
        f.write("\n")
    print(f"wrote {results_path}")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "row":
        row(args)
    elif command == "timers":
        timers(args[0])
    elif command == "training":
        training(args[0])
    elif command == "training-kind":
        training_kind(*args)
    elif command == "jsonl-field":
        jsonl_field(*args)
    elif command == "median":
        print(statistics.median(float(a) for a in args))
    elif command == "mean":
        print(statistics.mean(float(a) for a in args))
    elif command == "scale":
        print(float(args[0]) * float(args[1]))
    elif command == "versions":
        versions()
    elif command == "finite-rows":
        finite_rows(*args)
    elif command == "machine":
        machine(*args)
    elif command == "report":
        report(*args)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # a reader that stopped early (`| sed 1q`) is not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
