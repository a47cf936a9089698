#!/usr/bin/env python3
"""Summarises bench/out/tune/{kilo,optuna}.jsonl into the bench/RESULTS.md table (markdown)."""
import json
import statistics
import sys

MINIMUM = {"branin": 0.39788735772973816, "hartmann6": -3.322368011391339, "mixed10": 0.0}


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def main(out):
    kilo = load(f"{out}/kilo.jsonl")
    optuna = load(f"{out}/optuna.jsonl")
    print("| function (minimum) | seeds | Kilo median best @50 | Optuna median best @50 | Kilo median best @200 "
          "| Optuna median best @200 | gap ratio @50 | gap ratio @200 | Kilo ≤ Optuna @200 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ["branin", "hartmann6", "mixed10"]:
        k = [r for r in kilo if r.get("function") == name and "best" in r and "timing" not in r]
        o = [r for r in optuna if r.get("function") == name and "best" in r]
        if not k or not o:
            continue
        row = [f"{name} ({MINIMUM[name]:.6g})", f"{len(k)} / {len(o)}"]
        ratios = []
        medians = {}
        for key in ["best_after_50", "best"]:
            km = statistics.median(r[key] for r in k)
            om = statistics.median(r[key] for r in o)
            medians[key] = (km, om)
            ratios.append((km - MINIMUM[name]) / (om - MINIMUM[name]) if om != MINIMUM[name] else float("nan"))
        row += [f"{medians['best_after_50'][0]:.6f}", f"{medians['best_after_50'][1]:.6f}",
                f"{medians['best'][0]:.6f}", f"{medians['best'][1]:.6f}",
                f"{ratios[0]:.2f}", f"{ratios[1]:.2f}", "yes" if medians["best"][0] <= medians["best"][1] else "**no**"]
        print("| " + " | ".join(row) + " |")
    print()
    print("| function | finished trials | Kilo CPU ms per suggestion (mean / median / max) "
          "| Optuna CPU ms (mean / median / max) "
          "| Kilo wall ms (mean / max) | Optuna wall ms (mean / max) | Optuna / Kilo (CPU) |")
    print("|---|---|---|---|---|---|---|")
    for name in ["branin", "hartmann6", "mixed10"]:
        k = [r["timing"] for r in kilo if r.get("function") == name and "timing" in r]
        o = [r for r in optuna if r.get("function") == name and "mean_ms" in r]
        if not k or not o:
            continue
        k, o = k[0], o[0]
        km, om = k.get("median_cpu_ms", float("nan")), o.get("median_cpu_ms", float("nan"))
        print(f"| {name} | {k['history']} | {k['mean_cpu_ms']:.3f} / {km:.3f} / {k['max_cpu_ms']:.3f} "
              f"| {o['mean_cpu_ms']:.1f} / {om:.1f} / {o['max_cpu_ms']:.1f} | {k['mean_ms']:.3f} / {k['max_ms']:.3f} "
              f"| {o['mean_ms']:.1f} / {o['max_ms']:.1f} | {o['mean_cpu_ms'] / k['mean_cpu_ms']:.0f}× |")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/out/tune")
