#!/usr/bin/env python3
"""Generates Tests/Fixtures/gbdt/ once with Python lightgbm 4.x.

Run from the repository root:  bench/.venv/bin/python bench/gbdt/make_fixtures.py
Writes: data.csv (timestamp, features, extra columns, label), LightGBM model files
(regression with NaN routing, binary, zero-as-missing, a wide model for bin bounds, a
categorical one that Kilo must refuse) and each model's predictions on data.csv (%.17g).
"""
import os
import numpy as np
import lightgbm as lgb

out = os.path.join("Tests", "Fixtures", "gbdt")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20240601)
n = 1200
x0 = rng.normal(size=n)
x0[rng.random(n) < 0.12] = np.nan            # NaN routing
x1 = rng.normal(size=n) * 3
x2 = np.where(rng.random(n) < 0.4, 0.0, np.round(rng.normal(size=n) * 4))  # many zeros
x3 = rng.uniform(-1, 1, size=n)
x4 = rng.exponential(size=n)
x4[rng.random(n) < 0.05] = np.nan
X = np.column_stack([x0, x1, x2, x3, x4])
names = ["ret_1", "ret_4", "vol_z", "rsi_c", "spread"]
y = (np.nan_to_num(x0, nan=1.5) * 1.2 + np.sin(x1) + 0.3 * x2 + (x3 > 0.2) * 0.8
     + np.nan_to_num(np.log1p(x4), nan=-1.0) + rng.normal(size=n) * 0.3)
ybin = (y > np.median(y)).astype(float)

# Special rows at the end: all-NaN, zeros, tiny values, huge values.
special = np.array([
    [np.nan] * 5,
    [0.0] * 5,
    [1e-40, -1e-40, 1e-36, -0.0, 1e-300],
    [1e300, -1e300, 1e10, -1e10, 1e5],
])
X = np.vstack([X, special])
y = np.concatenate([y, [0.0, 0.0, 0.0, 0.0]])
ybin = np.concatenate([ybin, [0.0, 1.0, 0.0, 1.0]])
ntrain = 1000

def fmt(v):
    return "nan" if np.isnan(v) else "%.17g" % v

with open(os.path.join(out, "data.csv"), "w") as f:
    # Columns deliberately not in model order, plus columns the model does not use.
    f.write("timestamp,spread,close,ret_4,ret_1,vol_z,rsi_c,label,label_binary\n")
    for i in range(len(X)):
        ts = "2024-01-01T00:00:00Z" if i == 0 else f"2024-01-{1 + i // 48:02d}T{(i % 48) // 2:02d}:{30 * (i % 2):02d}:00Z"
        row = [X[i, 4], 100.0 + i, X[i, 1], X[i, 0], X[i, 2], X[i, 3]]
        f.write(ts + "," + ",".join(fmt(v) for v in row) + f",{fmt(y[i])},{fmt(ybin[i])}\n")

def save(name, params, label, rounds):
    ds = lgb.Dataset(X[:ntrain], label[:ntrain], feature_name=names, free_raw_data=False)
    b = lgb.train(dict(params, verbose=-1, num_threads=1, deterministic=True), ds, rounds)
    b.save_model(os.path.join(out, name + ".txt"))
    p = b.predict(X)
    with open(os.path.join(out, name + "_predictions.txt"), "w") as f:
        for v in p:
            f.write("%.17g\n" % v)
    return b

base = dict(learning_rate=0.1, num_leaves=15, min_data_in_leaf=20, seed=7)
save("regression", dict(base, objective="regression"), y, 40)
save("binary", dict(base, objective="binary"), ybin, 25)
save("huber", dict(base, objective="huber", alpha=0.9, lambda_l1=0.5, lambda_l2=1.0), y, 20)
save("zero_as_missing", dict(base, objective="regression", zero_as_missing=True), y, 20)
# Many small leaves: its thresholds sample LightGBM's bin upper bounds densely.
save("wide", dict(objective="regression", learning_rate=0.3, num_leaves=63, min_data_in_leaf=1,
                  min_sum_hessian_in_leaf=0, min_data_in_bin=3), y, 60)

# A categorical model, which Kilo refuses.
Xc = X[:ntrain].copy()
Xc[:, 2] = rng.integers(0, 8, size=ntrain)
yc = y[:ntrain] + np.array([3.0, -2, 0, 5, -4, 1, 2, -1])[Xc[:, 2].astype(int)]
ds = lgb.Dataset(Xc, yc, feature_name=names, categorical_feature=[2])
b = lgb.train(dict(objective="regression", verbose=-1, num_leaves=7, min_data_per_group=5,
                   cat_smooth=1, num_threads=1), ds, 5)
b.save_model(os.path.join(out, "categorical.txt"))
print("lightgbm", lgb.__version__, "fixtures written to", out)
