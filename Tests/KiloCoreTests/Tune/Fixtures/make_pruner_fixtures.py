#!/usr/bin/env python3
"""Pruning decisions for Kilo's `MedianPruner`, made with Optuna 5 itself.

Writes pruner_fixtures.json beside this script. Run with a Python that has optuna and numpy
(e.g. bench/.venv/bin/python after bench/venv.sh):
    python Tests/KiloCoreTests/Tune/Fixtures/make_pruner_fixtures.py

Each case is a study (direction, the pruner's startup trials and warmup folds, finished trials with
their state and per-fold values) and a running trial's fold values so far. The objective reports
the running mean after fold k as step k's intermediate value, as bench/tune/e2e_optuna.py does.
Two decisions are written:
  - "prune": bench/tune/running_median_pruner.py's RunningMedianPruner, the issue's rule (the
    running mean after fold k against the complete trials' median after fold k), run by Optuna on
    a real in-memory study. Kilo must match it on every case.
  - "optuna_median_prune": Optuna's stock MedianPruner on the same study, which judges the trial's
    best running mean over its folds so far. It differs from "prune" only where the running mean
    at the last fold is not the trial's best; the script checks that.
Fold values come from a coarse grid so that ties with the median occur (a tie is kept).
"""
import json
import os
import sys

import numpy as np
import optuna
from optuna.distributions import FloatDistribution
from optuna.study import StudyDirection
from optuna.trial import TrialState, create_trial

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "bench", "tune"))
from running_median_pruner import RunningMedianPruner  # noqa: E402

STATES = {"complete": TrialState.COMPLETE, "pruned": TrialState.PRUNED, "failed": TrialState.FAIL}


def running_means(folds):
    return {k: float(np.mean(folds[: k + 1])) for k in range(len(folds))}


def decide(case):
    direction = StudyDirection.MAXIMIZE if case["direction"] == "maximize" else StudyDirection.MINIMIZE
    study = optuna.create_study(direction=direction)
    dist = {"x": FloatDistribution(0, 1)}
    for t in case["history"]:
        state = STATES[t["state"]]
        value = float(np.mean(t["folds"])) if state == TrialState.COMPLETE else None
        study.add_trial(create_trial(state=state, value=value, params={"x": 0.5}, distributions=dist,
                                     intermediate_values=running_means(t["folds"])))
    current = create_trial(state=TrialState.RUNNING, params={"x": 0.5}, distributions=dist,
                           intermediate_values=running_means(case["current"]))
    ours = RunningMedianPruner(case["startup_trials"], case["warmup_folds"]).prune(study, current)
    stock = optuna.pruners.MedianPruner(case["startup_trials"], case["warmup_folds"]).prune(study, current)
    means = list(running_means(case["current"]).values())
    last_is_best = means[-1] == (max(means) if direction == StudyDirection.MAXIMIZE else min(means))
    assert ours == stock or not last_is_best, case
    return bool(ours), bool(stock)


def random_case(rng):
    folds = int(rng.integers(2, 6))
    history = []
    for _ in range(int(rng.integers(0, 9))):
        state = rng.choice(["complete"] * 6 + ["pruned", "failed"])
        n = folds if state == "complete" else int(rng.integers(1, folds + 1))
        history.append({"state": str(state), "folds": [float(v) for v in rng.integers(-4, 5, n) / 4]})
    return {
        "direction": str(rng.choice(["maximize", "minimize"])),
        "startup_trials": int(rng.choice([0, 1, 3, 5])),
        "warmup_folds": int(rng.choice([0, 0, 0, 1, 2])),
        "history": history,
        "current": [float(v) for v in rng.integers(-4, 5, int(rng.integers(1, folds + 1))) / 4],
    }


def e2e_like_case():
    # BTCEUR's end-to-end study: every trial scores the same on fold 0 (all long), later folds are
    # worse. The running mean of the trial below falls under the median after fold 2, but its best
    # running mean (fold 0) equals fold 0's median, so Optuna's stock pruner keeps it.
    history = [{"state": "complete", "folds": [0.0124, -0.05 - 0.01 * i, -0.08, -0.03, -0.02]} for i in range(6)]
    return {"direction": "maximize", "startup_trials": 5, "warmup_folds": 0, "history": history,
            "current": [0.0124, -0.12, -0.2]}


def main():
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    rng = np.random.default_rng(17)
    cases = [e2e_like_case()] + [random_case(rng) for _ in range(200)]
    for case in cases:
        case["prune"], case["optuna_median_prune"] = decide(case)
    assert cases[0]["prune"] and not cases[0]["optuna_median_prune"]
    out = {"optuna": optuna.__version__, "cases": cases}
    with open(os.path.join(HERE, "pruner_fixtures.json"), "w") as f:  # one case a line
        f.write('{"optuna": %s, "cases": [\n' % json.dumps(out["optuna"]))
        f.write(",\n".join(json.dumps(c, sort_keys=True) for c in cases))
        f.write("\n]}\n")
    pruned = sum(c["prune"] for c in cases)
    differ = sum(c["prune"] != c["optuna_median_prune"] for c in cases)
    print(f"{len(cases)} cases, {pruned} pruned, {differ} where Optuna's stock MedianPruner decides otherwise")


if __name__ == "__main__":
    main()
