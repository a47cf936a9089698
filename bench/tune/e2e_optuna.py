"""The original harness in Python: Optuna's TPESampler + a median pruner over LightGBM on the features
Kilo exported (`export features`), with the folds, space, objective and fee of a Kilo study
(`inspect study NAME --format json`), so both sides search the same problem.

Each trial: for each fold, lightgbm.train on the fold's train rows with early stopping on its
validation rows, predict its held-out rows, score net_t = sign(pred_t)*y_t - fee*|sign(pred_t) -
sign(pred_{t-1})| (no position before the first row), Sharpe = mean / population std; report the
running mean to the pruner; the trial's value is the mean over folds (maximised).

The pruner (--pruner) is by default the issue's rule, the one Kilo's `MedianPruner` implements
(running_median_pruner.py: the running mean after fold k against the median of the complete
trials' running means after fold k). `--pruner optuna-median` is Optuna's stock `MedianPruner`,
which judges a trial's best running mean over the folds so far instead: on BTCEUR every trial
scores the same on fold 0 (all long), so that best never falls below a later fold's median and it
prunes nothing. `--pruner none` runs every fold.

`--replay` runs no search: it trains Kilo's own trials from the study (`trial_list`), in order, with
their parameters, each on as many folds as Kilo ran it (a pruned trial stops where Kilo's pruner
stopped it). Both sides then do the same work, so the time ratio measures the two implementations
and not which model sizes each sampler's random stream happened to pick.

Usage: e2e_optuna.py --features F.csv --data BARS.csv --study INSPECT.json --trials N [--fee 0.001]
       [--seed 42] [--threads 2] [--pruner running-median|optuna-median|none] [--pruner-startup 5]
       [--pruner-warmup 0] [--replay]
Prints one JSON line: wall seconds (whole script and optimize alone), best value, trial states
(with --replay: the trials' summed seconds, the folds trained, Kilo's summed trial seconds and each
trial's fold values on both sides).
"""
import argparse
import json
import math
import time

T0 = time.perf_counter()
import lightgbm as lgb  # noqa: E402
import numpy as np  # noqa: E402
import optuna  # noqa: E402
from running_median_pruner import RunningMedianPruner  # noqa: E402


def load(features_path, data_path):
    feats = np.genfromtxt(features_path, delimiter=",", names=True, dtype=float)
    names = [n for n in feats.dtype.names if n != "timestamp"]
    X = np.column_stack([feats[n] for n in names])
    ts = feats["timestamp"].astype(np.int64)
    bars = np.genfromtxt(data_path, delimiter=",", names=True, dtype=float)
    close = dict(zip(bars["timestamp"].astype(np.int64), bars["close"]))
    step = int(np.median(np.diff(ts)))
    y = np.full(len(ts), np.nan)
    for i in range(len(ts) - 1):  # close[t+1]/close[t] - 1 where t+1 is exactly one interval later
        if ts[i + 1] - ts[i] == step:
            y[i] = close[ts[i + 1]] / close[ts[i]] - 1
    return X, y, names


def net_sharpe(pred, y, fee):
    ok = np.isfinite(pred) & np.isfinite(y)
    s = np.sign(pred[ok])
    net = s * y[ok] - fee * np.abs(np.diff(s, prepend=0.0))
    sd = net.std()
    return 0.0 if len(net) < 2 or sd == 0 else float(net.mean() / sd)


def suggest(trial, space):
    params = {}
    for p in space["parameters"]:
        name, dom = p["name"], p["domain"]
        if "int" in dom:
            d = dom["int"]
            params[name] = trial.suggest_int(name, d["low"], d["high"], log=d["log"])
        elif "float" in dom:
            d = dom["float"]
            params[name] = trial.suggest_float(name, d["low"], d["high"], log=d["log"])
        else:
            choices = [list(c.values())[0]["_0"] if isinstance(c, dict) else c for c in dom["categorical"]["_0"]]
            params[name] = trial.suggest_categorical(name, choices)
    return params


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--study", required=True)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--fee", type=float, default=0.001)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pruner", choices=["running-median", "optuna-median", "none"], default="running-median")
    ap.add_argument("--pruner-startup", type=int, default=5)
    ap.add_argument("--pruner-warmup", type=int, default=0)
    ap.add_argument("--replay", action="store_true")
    a = ap.parse_args()
    study_json = json.loads(open(a.study).read().strip().splitlines()[-1])
    folds = study_json["folds"]
    space = study_json["space"]
    X, y, _ = load(a.features, a.data)
    base = dict(objective="regression", learning_rate=0.05, num_leaves=31, max_depth=-1, min_data_in_leaf=20,
                feature_fraction=0.9, bagging_fraction=0.8, bagging_freq=5, max_bin=255, verbose=-1,
                num_threads=a.threads)

    def rows(r):
        idx = np.arange(r[0], r[1])
        return idx[np.isfinite(y[idx])]

    def fold_value(suggested, number, f):
        params = dict(base, **suggested)
        rounds = params.pop("num_iterations", 1000)
        params["seed"] = a.seed + number
        tr, va, te = rows(f["train"]), rows(f["validation"]), rows(f["test"])
        booster = lgb.train(params, lgb.Dataset(X[tr], y[tr]), num_boost_round=rounds,
                            valid_sets=[lgb.Dataset(X[va], y[va])],
                            callbacks=[lgb.early_stopping(50, verbose=False)])
        pred = booster.predict(X[te], num_iteration=booster.best_iteration)
        return net_sharpe(pred, y[te], a.fee)

    def objective(trial):
        suggested = suggest(trial, space)
        values = []
        for k, f in enumerate(folds):
            values.append(fold_value(suggested, trial.number, f))
            trial.report(float(np.mean(values)), k)
            if k + 1 < len(folds) and trial.should_prune():
                raise optuna.TrialPruned()
        return float(np.mean(values))

    if a.replay:
        trials = [t for t in study_json["trial_list"] if t["state"] in ("complete", "pruned")][: a.trials]
        t1 = time.perf_counter()
        trained = 0
        replayed = []
        for t in trials:
            values = [fold_value(t["parameters"], t["number"], f) for f in folds[: len(t["folds"])]]
            trained += len(values)
            replayed.append({"number": t["number"], "kilo": t["folds"], "lightgbm": values})
        t2 = time.perf_counter()
        print(json.dumps({
            "side": "lightgbm-replay", "lightgbm": lgb.__version__, "trials": len(trials), "folds_trained": trained,
            "wall_seconds": time.perf_counter() - T0, "trial_seconds": t2 - t1,
            "kilo_trial_seconds": sum(t["seconds"] or 0 for t in trials), "seed": a.seed, "fold_values": replayed,
        }))
        return

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if a.pruner == "running-median":
        pruner = RunningMedianPruner(n_startup_trials=a.pruner_startup, n_warmup_steps=a.pruner_warmup)
    elif a.pruner == "optuna-median":
        pruner = optuna.pruners.MedianPruner(n_startup_trials=a.pruner_startup, n_warmup_steps=a.pruner_warmup)
    else:
        pruner = optuna.pruners.NopPruner()
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=a.seed),
                                pruner=pruner)
    t1 = time.perf_counter()
    study.optimize(objective, n_trials=a.trials, n_jobs=1)
    t2 = time.perf_counter()
    states = {}
    for t in study.trials:
        states[t.state.name.lower()] = states.get(t.state.name.lower(), 0) + 1
    print(json.dumps({
        "side": "optuna", "optuna": optuna.__version__, "lightgbm": lgb.__version__, "trials": a.trials,
        "folds": len(folds), "wall_seconds": time.perf_counter() - T0, "optimize_seconds": t2 - t1,
        "seed": a.seed, "pruner": a.pruner, "best_value": study.best_value, "best_params": study.best_params,
        "states": states,
    }))


if __name__ == "__main__":
    main()
