#!/usr/bin/env python3
"""Python lightgbm side of the GBDT benchmark (driven by bench/gbdt/run.sh).

  data OUT       write the benchmark data sets as binary files both sides read
  python OUT     train/predict with lightgbm on them, print timings and RMSE as JSON lines
  syn OUT / btc OUT   one data set only
  verify OUT     load Kilo-written model files with lightgbm and compare predictions

Binary matrix file: int64 rows, int64 cols (little endian), rows*cols float64 row-major X,
then rows float64 labels.
"""
import json, os, sys, time
import numpy as np

def write_bin(path, X, y):
    X = np.ascontiguousarray(X, dtype="<f8")
    with open(path, "wb") as f:
        np.array([X.shape[0], X.shape[1]], dtype="<i8").tofile(f)
        X.tofile(f)
        np.asarray(y, dtype="<f8").tofile(f)

def read_bin(path):
    with open(path, "rb") as f:
        rows, cols = np.fromfile(f, dtype="<i8", count=2)
        X = np.fromfile(f, dtype="<f8", count=rows * cols).reshape(rows, cols)
        y = np.fromfile(f, dtype="<f8", count=rows)
    return X, y

def synthetic(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X[rng.random((n, d)) < 0.02] = np.nan
    Z = np.nan_to_num(X)
    y = (np.sin(Z[:, 0] * 2) + 0.5 * Z[:, 1] * Z[:, 2] + (Z[:, 3] > 0.5) * 1.0 + 0.3 * Z[:, 4:10].sum(axis=1)
         - 0.2 * np.abs(Z[:, 10]) + 0.1 * Z[:, 11:20].sum(axis=1) + rng.normal(size=n) * 0.5)
    return X, y

def btc_features(path):
    import csv
    rows = list(csv.DictReader(open(path)))
    close = np.array([float(r["close"]) for r in rows])
    high = np.array([float(r["high"]) for r in rows])
    low = np.array([float(r["low"]) for r in rows])
    vol = np.array([float(r["volume"]) for r in rows])
    r = np.diff(np.log(close), prepend=np.nan) * 1e4          # bps
    lv = np.diff(np.log(vol + 1e-9), prepend=np.nan)
    rng_ = (high - low) / close * 1e4
    feats, names = [], []
    for k in range(1, 9):
        feats.append(np.roll(r, k - 1)); names.append(f"ret_lag{k}")
    feats.append(lv); names.append("dlogvol")
    feats.append(rng_); names.append("range_bps")
    X = np.column_stack(feats)
    y = np.roll(r, -1)                                         # next bar's return
    ok = np.arange(len(y)) >= 9
    ok[-1] = False
    return X[ok], y[ok]

def data(out):
    os.makedirs(out, exist_ok=True)
    X, y = synthetic(1_200_000, 40, 42)
    write_bin(os.path.join(out, "syn_train.bin"), X[:1_000_000], y[:1_000_000])
    write_bin(os.path.join(out, "syn_test.bin"), X[1_000_000:], y[1_000_000:])
    X, y = btc_features(os.path.join("data", "BTCEUR_30m.csv"))
    n = len(y); a = int(n * 0.7); b = int(n * 0.85)
    write_bin(os.path.join(out, "btc_train.bin"), X[:a], y[:a])
    write_bin(os.path.join(out, "btc_valid.bin"), X[a:b], y[a:b])
    write_bin(os.path.join(out, "btc_test.bin"), X[b:], y[b:])

SYN_PARAMS = dict(objective="regression", num_leaves=31, max_bin=255, learning_rate=0.1,
                  min_data_in_leaf=20, feature_fraction=1.0, bagging_fraction=1.0, bagging_freq=0,
                  num_threads=2, verbose=-1, seed=1, force_col_wise=False)
BTC_PARAMS = dict(objective="regression", num_leaves=31, max_bin=255, learning_rate=0.05,
                  min_data_in_leaf=20, feature_fraction=0.9, bagging_fraction=0.8, bagging_freq=5,
                  num_threads=2, verbose=-1, seed=1)

def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))

def python(out):
    syn(out)
    btc(out)

def syn(out):
    import lightgbm as lgb
    try:
        from threadpoolctl import threadpool_info
        blas = [i.get("internal_api") for i in threadpool_info()]
    except Exception:
        blas = []
    X, y = read_bin(os.path.join(out, "syn_train.bin"))
    Xt, yt = read_bin(os.path.join(out, "syn_test.bin"))
    t0 = time.perf_counter()
    ds = lgb.Dataset(X, y, params=dict(max_bin=255, verbose=-1, num_threads=2)).construct()
    t1 = time.perf_counter()
    b = lgb.train(SYN_PARAMS, ds, 200)
    t2 = time.perf_counter()
    p = b.predict(Xt, num_threads=2)
    t3 = time.perf_counter()
    print(json.dumps(dict(side="lightgbm", data="synthetic", version=lgb.__version__, dataset_s=t1 - t0,
                          train_s=t2 - t1, predict_rows_per_s=len(yt) / (t3 - t2), test_rmse=rmse(p, yt),
                          threadpools=blas)))
    b.save_model(os.path.join(out, "lgb_syn.txt"))

def btc(out):
    import lightgbm as lgb
    X, y = read_bin(os.path.join(out, "btc_train.bin"))
    Xv, yv = read_bin(os.path.join(out, "btc_valid.bin"))
    Xt, yt = read_bin(os.path.join(out, "btc_test.bin"))
    ds = lgb.Dataset(X, y)
    dv = lgb.Dataset(Xv, yv, reference=ds)
    b = lgb.train(BTC_PARAMS, ds, 1000, valid_sets=[dv], callbacks=[lgb.early_stopping(50, verbose=False)])
    p = b.predict(Xt, num_iteration=b.best_iteration)
    print(json.dumps(dict(side="lightgbm", data="btc", best_iteration=b.best_iteration, test_rmse=rmse(p, yt),
                          zero_rmse=rmse(np.zeros_like(yt), yt), mean_rmse=rmse(np.full_like(yt, y.mean()), yt))))

def verify(out):
    import lightgbm as lgb
    for name, test in [("kilo_syn", "syn_test.bin"), ("kilo_btc", "btc_test.bin")]:
        path = os.path.join(out, name + ".txt")
        if not os.path.exists(path):
            continue
        Xt, _ = read_bin(os.path.join(out, test))
        mine = np.fromfile(os.path.join(out, name + "_pred.bin"), dtype="<f8")
        p = lgb.Booster(model_file=path).predict(Xt)
        print(json.dumps(dict(side="verify", model=name, rows=len(p), max_abs_diff=float(np.max(np.abs(p - mine))),
                              identical=bool(np.array_equal(p, mine)))))

if __name__ == "__main__":
    {"data": data, "python": python, "syn": syn, "btc": btc, "verify": verify}[sys.argv[1]](sys.argv[2])
