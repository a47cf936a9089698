"""Would lightgbm's fold values have pruned Kilo's trials the same way?

Reads what `bench/tune/e2e.sh` leaves per seed (`inspect.json`: Kilo's trials, states and fold
values; `replay.json`: the same trials' fold values from lightgbm, `e2e_optuna.py --replay`) and
replays the pruning rule (`running_median_pruner.py`, Kilo's `MedianPruner`: prune after fold k
when the running mean is below the median of the complete trials' running means after fold k, from
5 complete trials on, never after the last fold) over the trials in number order, once with each
side's values, judging every fold Kilo ran. The complete trials are Kilo's, so both replays judge
against the same trials. One trial at a time (every earlier trial seen), so with Kilo's own values
it differs from a study run two at a time (lag 3) in a few decisions.

Prints per seed: decisions that agree with Kilo's, decisions that would prune where Kilo went on,
and decisions that would go on where Kilo pruned.

Usage: python bench/tune/pruning_replay.py [OUT]   (default bench/out/tune-e2e; every seed* in it)
"""
import glob
import json
import os
import statistics
import sys

FOLDS = 5
STARTUP = 5


def decisions(trials, states, side):
    complete = []  # running means after each fold of the complete trials so far
    agree = prune_more = keep_more = 0
    for trial in trials:
        values, done = trial[side], len(trial["kilo"])
        for k in range(min(done, FOLDS - 1)):
            kilo_pruned = states[trial["number"]] == "pruned" and k == done - 1
            others = [means[k] for means in complete]
            would = (len(complete) >= STARTUP and bool(others)
                     and statistics.mean(values[: k + 1]) < statistics.median(others))
            if would == kilo_pruned:
                agree += 1
            elif would:
                prune_more += 1
            else:
                keep_more += 1
        if states[trial["number"]] == "complete":
            complete.append([statistics.mean(values[: k + 1]) for k in range(FOLDS)])
    return agree, prune_more, keep_more


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench/out/tune-e2e"
    for run in sorted(glob.glob(os.path.join(out, "seed*"))):
        replay_path = os.path.join(run, "replay.json")
        if not os.path.exists(replay_path):
            continue
        replay = json.load(open(replay_path))
        study = json.loads(open(os.path.join(run, "inspect.json")).read().strip().splitlines()[-1])
        states = {t["number"]: t["state"] for t in study["trial_list"]}
        for side in ("kilo", "lightgbm"):
            agree, prune_more, keep_more = decisions(replay["fold_values"], states, side)
            print(f"{os.path.basename(run)} {side:8} values: {agree} decisions as Kilo's, "
                  f"{prune_more} would prune where Kilo went on, {keep_more} would go on where Kilo pruned")


if __name__ == "__main__":
    main()
