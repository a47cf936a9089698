#!/usr/bin/env python3
"""Expected Parzen-estimator densities from Optuna 5's own `_ParzenEstimator`.

Writes parzen_fixtures.json beside this script: for a five-parameter space (float, log float,
int, log int, categorical) and n = 0, 1, 2, 3, 30 observations, the log density Optuna's
estimator (default TPESampler parameters) gives at a few points. Kilo's ParzenEstimator must give
the same numbers.

numpy's default argsort breaks ties in no fixed order (it depends on the sort kernel numpy
picks for the CPU), and Optuna's bandwidth rule gives equal observations different neighbour
gaps depending on that order, so the tie order changes which kernel weight (the ramp of
default_weights) goes with which bandwidth. Kilo breaks ties by trial order; the fixture makes
numpy do the same (a stable argsort), which is the only change to Optuna's computation. Run with a Python that has optuna 5.x (bench/.venv after bench/venv.sh):
    python Tests/KiloCoreTests/Tune/Fixtures/make_parzen_fixtures.py
"""
import json
import os

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

SPACE = {
    "x": FloatDistribution(-5.0, 10.0),
    "lr": FloatDistribution(1e-5, 1e-3, log=True),
    "n": IntDistribution(1, 20),
    "h": IntDistribution(8, 256, log=True),
    "c": CategoricalDistribution(["a", "b", "c"]),
}


def draw(rng, count):
    return {
        "x": rng.uniform(-5, 10, count),
        "lr": np.exp(rng.uniform(np.log(1e-5), np.log(1e-3), count)),
        "n": rng.integers(1, 21, count).astype(float),
        "h": np.round(np.exp(rng.uniform(np.log(8), np.log(256), count))),
        "c": rng.integers(0, 3, count).astype(float),
    }


def main():
    unstable_argsort = np.argsort
    np.argsort = lambda a, *args, **kwargs: unstable_argsort(a, kind="stable")
    rng = np.random.default_rng(17)
    parameters = _ParzenEstimatorParameters(
        prior_weight=1.0, consider_magic_clip=True, consider_endpoints=False, weights=default_weights,
        multivariate=True)
    cases = []
    for n in [0, 1, 2, 3, 30]:
        observations = draw(rng, n)
        if n == 3:  # ties and a value at the domain's end
            observations["n"][:] = [4.0, 4.0, 20.0]
            observations["x"][0] = -5.0
        points = draw(rng, 8)
        estimator = _ParzenEstimator(observations, SPACE, parameters)
        log_pdf = estimator.log_pdf(points)
        cases.append({
            "observations": {k: v.tolist() for k, v in observations.items()},
            "points": {k: v.tolist() for k, v in points.items()},
            "log_pdf": log_pdf.tolist(),
        })
    out = {"optuna": optuna.__version__, "parameters": list(SPACE), "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parzen_fixtures.json")
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(path)


if __name__ == "__main__":
    main()
