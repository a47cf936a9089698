#!/usr/bin/env python3
"""Expected values for Kilo's selection-aware statistics, computed independently with numpy/scipy.

Writes statistics_fixtures.json beside this script. Run from anywhere with a Python that has
numpy and scipy (e.g. bench/.venv/bin/python after bench/venv.sh):
    python Tests/KiloCoreTests/Tune/Fixtures/make_statistics_fixtures.py

Deflated Sharpe Ratio (Bailey & Lopez de Prado, 2014):
    SR0 = sqrt(V) * ((1 - g) * Z^-1(1 - 1/N) + g * Z^-1(1 - 1/(N e))),  g = Euler-Mascheroni
    DSR = Z((SR - SR0) * sqrt(T - 1) / sqrt(1 - skew * SR + (kurt - 1) / 4 * SR^2))
Diebold-Mariano with the Harvey-Leybourne-Newbold correction, d = model - baseline,
one-sided p = T_{n-1}(DM*) (H1: the model's expected loss is smaller).
"""
import json
import math
import os

import numpy as np
from scipy import special, stats

EULER_GAMMA = float(np.euler_gamma)


def deflated_sharpe(sr, variance, n_trials, t_obs, skew, kurt):
    if n_trials == 1:
        sr0 = 0.0
    else:
        sr0 = math.sqrt(variance) * (
            (1 - EULER_GAMMA) * stats.norm.ppf(1 - 1 / n_trials)
            + EULER_GAMMA * stats.norm.ppf(1 - 1 / (n_trials * math.e)))
    z = (sr - sr0) * math.sqrt(t_obs - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr**2)
    return {"expected_maximum_sharpe": float(sr0), "probability": float(stats.norm.cdf(z))}


def diebold_mariano(model, baseline, h):
    d = np.asarray(model, float) - np.asarray(baseline, float)
    n = d.size
    mean = d.mean()
    centred = d - mean
    gamma = [np.dot(centred[k:], centred[: n - k]) / n for k in range(h)]
    variance = (gamma[0] + 2 * sum(gamma[1:])) / n
    dm = mean / math.sqrt(variance)
    dm_star = dm * math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return {"statistic": float(dm_star), "p_value": float(stats.t.cdf(dm_star, df=n - 1))}


def main():
    rng = np.random.default_rng(20261206)
    out = {}
    out["normal_cdf"] = [[x, float(stats.norm.cdf(x))] for x in
                         [-38.0, -20.0, -8.5, -5.0, -1.96, -1.0, -0.3, 0.0, 0.25, 1.0, 1.6448536269514722, 3.0, 7.0, 9.0]]
    out["normal_log_cdf"] = [[x, float(special.log_ndtr(x))] for x in [-40.0, -25.0, -10.0, -3.0, 0.0, 2.0, 6.0]]
    out["normal_quantile"] = [[p, float(stats.norm.ppf(p))] for p in
                              [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9,
                               0.975, 0.97575, 0.999, 1 - 1e-10]]
    out["normal_log_mass"] = [[a, b, float(np.log(stats.norm.cdf(b) - stats.norm.cdf(a)) if b <= 0 else
                                        np.log(stats.norm.sf(a) - stats.norm.sf(b)) if a > 0 else
                                        np.log1p(-stats.norm.cdf(a) - stats.norm.sf(b)))]
                              for a, b in [(-1.0, 1.0), (-0.5, 0.5), (-30.0, -29.5), (29.0, 29.5), (-3.0, -2.99),
                                           (0.1, 0.2), (-100.0, 0.0), (-0.01, 100.0), (-8.0, 8.0)]]
    out["incomplete_beta"] = [[x, a, b, float(special.betainc(a, b, x))] for x, a, b in
                              [(0.1, 0.5, 0.5), (0.5, 2.0, 3.0), (0.9, 10.0, 0.5), (0.999, 50.0, 0.5),
                               (0.3, 1.5, 0.5), (0.01, 120.0, 0.5), (0.7, 0.5, 5.0)]]
    out["student_t_cdf"] = [[t, df, float(stats.t.cdf(t, df))] for t, df in
                            [(-3.0, 1), (-2.5, 4), (-1.0, 9), (0.0, 3), (0.7, 29), (2.0, 99), (-4.0, 249),
                             (-12.0, 30), (1.3, 2), (-0.2, 1000)]]

    dsr_cases = [
        (0.10, 0.002, 100, 1250, -0.3, 5.0),
        (0.25, 0.01, 10, 500, 0.0, 3.0),
        (0.05, 0.0005, 1000, 5000, -1.2, 9.5),
        (0.30, 0.02, 2, 250, 0.4, 4.0),
        (0.02, 0.0004, 30, 2000, 0.0, 3.0),
        (0.40, 0.0, 50, 100, -0.5, 6.0),
        (0.15, 0.003, 1, 800, 0.1, 3.5),
    ]
    out["deflated_sharpe"] = [
        {"observed_sharpe": sr, "trial_sharpe_variance": v, "trial_count": n, "observations": t,
         "skewness": s, "kurtosis": k, **deflated_sharpe(sr, v, n, t, s, k)}
        for sr, v, n, t, s, k in dsr_cases]

    dm_cases = []
    for n, h, shift in [(40, 1, 0.0), (200, 1, -0.05), (500, 3, -0.02), (60, 2, 0.1), (1000, 1, 0.0), (25, 4, -0.3)]:
        noise = rng.standard_normal(n)
        baseline = (rng.standard_normal(n) + 0.2 * noise) ** 2
        model = np.maximum(baseline + shift + 0.3 * rng.standard_normal(n), 0.0)
        dm_cases.append({"model_losses": model.tolist(), "baseline_losses": baseline.tolist(), "horizon": h,
                         **diebold_mariano(model, baseline, h)})
    out["diebold_mariano"] = dm_cases

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "statistics_fixtures.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(path)


if __name__ == "__main__":
    main()
