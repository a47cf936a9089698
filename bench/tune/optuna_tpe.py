#!/usr/bin/env python3
"""Optuna's TPESampler on the test functions of `kilo check tpe` (same functions, same spaces).

    optuna_tpe.py run FUNCTION --trials N --seeds A-B [--folds K]   one JSON line per seed
    optuna_tpe.py overhead FUNCTION --history N --seed S            seconds per TPE suggestion

With --folds K each trial is scored fold by fold as `kilo check tpe F --folds K` does: fold k's
value is the function's plus `fold_deviation` (TuneTestFunction+Folds.swift, term by term), the
running mean is reported after each fold and the issue's median pruner (running_median_pruner.py,
Kilo's MedianPruner) judges it after each fold but the last; the line adds how many trials
completed and were pruned and how many folds were scored.

The functions mirror Sources/KiloCore/Tune/TestFunctions (Branin.swift, Hartmann6.swift,
Mixed10.swift) term by term. `overhead` fills a study with N trials of Optuna's RandomSampler,
then switches to TPESampler(seed) and times 20 ask() + suggest_* calls (wall and thread CPU time) (the sampler's work plus
Optuna's in-memory study bookkeeping, which is what a user waits for); each timed trial is told
its value before the next, as `kilo check tpe --history N` does.
"""
import argparse
import json
import math
import statistics
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
              [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
MINIMUM = {"branin": 5 / (4 * math.pi), "hartmann6": -3.322368011391339, "mixed10": 0.0}


def branin(trial):
    x1 = trial.suggest_float("x1", -5, 10)
    x2 = trial.suggest_float("x2", 0, 15)
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(1, 7)]
    total = 0.0
    for i in range(4):
        exponent = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-exponent)
    return -total


def mixed10(trial):
    x0 = trial.suggest_float("x0", -5, 5)
    x1 = trial.suggest_float("x1", -5, 5)
    x2 = trial.suggest_float("x2", -5, 5)
    x3 = trial.suggest_float("x3", 1e-3, 10, log=True)
    x4 = trial.suggest_float("x4", 0, 1)
    n0 = trial.suggest_int("n0", -10, 10)
    n1 = trial.suggest_int("n1", -10, 10)
    n2 = trial.suggest_int("n2", 1, 64, log=True)
    c0 = trial.suggest_categorical("c0", ["a", "b", "c", "d"])
    c1 = trial.suggest_categorical("c1", [1, 2, 4])
    f = (x0 - 1) ** 2 + (x1 + 2) ** 2 + (x2 - 0.5) ** 2
    f += 0.5 * (math.log10(x3) + 1) ** 2
    f += (x4 - {1: 0.25, 2: 0.5, 4: 0.75}[c1]) ** 2
    f += 0.1 * ((n0 - 3) ** 2 + (n1 + 4) ** 2)
    f += 0.5 * (math.log2(n2) - 3) ** 2
    return f + {"a": 1.0, "b": 0.0, "c": 0.5, "d": 2.0}[c0] + {1: 0.3, 2: 0.0, 4: 0.6}[c1]


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "mixed10": mixed10}
CATEGORICAL = {"c0", "c1"}


def fold_deviation(params, k, count):
    """Fold k's deviation (TuneTestFunction.foldDeviation): categorical parameters count 0."""
    if k == 0 or count < 2:
        return 0.0
    a = b = 0.0
    for i, name in enumerate(sorted(params)):
        x = 0.0 if name in CATEGORICAL else float(params[name])
        a += x * (i + 1)
        b += x * x
    amplitude = 2 * (count - k) / (count - 1)
    return amplitude * math.sin((k + 1) * 0.7 * a + k) * math.cos(0.3 * b + k)


def folded(function, count):
    def objective(trial):
        value = function(trial)
        values = []
        for k in range(count):
            values.append(value + fold_deviation(trial.params, k, count))
            trial.report(sum(values) / len(values), k)
            if k + 1 < count and trial.should_prune():
                raise optuna.TrialPruned()
        return sum(values) / count
    return objective


def run(name, trials, seeds, folds=0):
    from running_median_pruner import RunningMedianPruner
    for seed in seeds:
        pruner = RunningMedianPruner(n_startup_trials=5) if folds >= 2 else None
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed), pruner=pruner)
        objective = folded(FUNCTIONS[name], folds) if folds >= 2 else FUNCTIONS[name]
        started = time.perf_counter()
        study.optimize(objective, n_trials=trials)
        seconds = time.perf_counter() - started
        values = [t.value for t in study.trials]
        line = {"side": "optuna", "function": name, "seed": seed, "trials": trials,
                "best_after_50": min(v for v in values[:50] if v is not None),
                "best": min(v for v in values if v is not None), "seconds": seconds,
                "best_parameters": study.best_params}
        if folds >= 2:
            states = [t.state for t in study.trials]
            line["folds"] = {"count": folds, "complete": states.count(optuna.trial.TrialState.COMPLETE),
                             "pruned": states.count(optuna.trial.TrialState.PRUNED),
                             "folds_run": sum(len(t.intermediate_values) for t in study.trials)}
        print(json.dumps(line), flush=True)


def overhead(name, history, seed):
    objective = FUNCTIONS[name]
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=seed + 1))
    study.optimize(objective, n_trials=history)
    study.sampler = optuna.samplers.TPESampler(seed=seed)
    durations = []
    cpu_durations = []
    for _ in range(20):
        started = time.perf_counter()
        cpu_started = time.thread_time()
        trial = study.ask()
        value = objective(trial)  # the suggest_* calls sample; the arithmetic is negligible
        cpu_durations.append(time.thread_time() - cpu_started)
        durations.append(time.perf_counter() - started)
        study.tell(trial, value)
    print(json.dumps({"side": "optuna", "function": name, "history": history, "suggestions": len(durations),
                      "mean_ms": 1000 * sum(durations) / len(durations), "max_ms": 1000 * max(durations),
                      "mean_cpu_ms": 1000 * sum(cpu_durations) / len(cpu_durations),
                      "median_cpu_ms": 1000 * statistics.median(cpu_durations),
                      "max_cpu_ms": 1000 * max(cpu_durations)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["run", "overhead"])
    parser.add_argument("function", choices=list(FUNCTIONS))
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seeds", default="1-20")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--history", type=int, default=1000)
    parser.add_argument("--folds", type=int, default=0)
    args = parser.parse_args()
    if args.mode == "run":
        first, last = (int(x) for x in args.seeds.split("-"))
        run(args.function, args.trials, range(first, last + 1), args.folds)
    else:
        overhead(args.function, args.history, args.seed)


if __name__ == "__main__":
    main()
