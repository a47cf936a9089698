"""The median pruner of issue 17 for Optuna: a trial whose running mean after fold k is worse than
the median of the complete trials' running means after fold k stops.

The objective reports the running mean after fold k as the intermediate value of step k. Optuna's
own `MedianPruner` judges something else: the trial's *best* intermediate value over all the steps
it reported (`PercentilePruner.prune` → `_get_best_intermediate_result_over_steps`), so a trial
whose first fold was good is never pruned afterwards however badly its running mean falls. This
pruner judges the value of the last step, as Kilo's `MedianPruner` does; everything else is
Optuna's: nothing is pruned while fewer than `n_startup_trials` trials are complete, before step
`n_warmup_steps`, or when no complete trial reported the step (n_min_trials 1); a NaN value is
pruned; NaN values of complete trials are left out of the median (numpy's nanpercentile, linear
interpolation, so an even count gives the mean of the two middle values); a value equal to the
median is kept; interval_steps is 1.
"""
import math

import numpy as np
import optuna
from optuna.study import StudyDirection
from optuna.trial import TrialState


class RunningMedianPruner(optuna.pruners.BasePruner):
    def __init__(self, n_startup_trials=5, n_warmup_steps=0):
        self.n_startup_trials = n_startup_trials
        self.n_warmup_steps = n_warmup_steps

    def prune(self, study, trial):
        complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if len(complete) == 0 or len(complete) < self.n_startup_trials:
            return False
        step = trial.last_step
        if step is None or step < self.n_warmup_steps:
            return False
        value = trial.intermediate_values[step]
        if math.isnan(value):
            return True
        others = np.array([t.intermediate_values[step] for t in complete if step in t.intermediate_values], float)
        if others.size == 0 or np.isnan(others).all():
            return False
        median = float(np.nanpercentile(others, 50))
        if study.direction == StudyDirection.MAXIMIZE:
            return value < median
        return value > median
