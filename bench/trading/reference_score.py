#!/usr/bin/env python3
"""Python reference for `kilo score MODEL.txt INPUT.csv OUTPUT.csv` with a LightGBM model file.

Usage: reference_score.py MODEL.txt INPUT.csv OUTPUT.csv [REPEATS]
The same work as Kilo's score: load the model file (Python lightgbm reads Kilo's files), read the
CSV, take the model's feature columns by name, predict, write `timestamp,prediction` with
round-trip precision. Prints `python score best <seconds> s, <rows> rows` (best of REPEATS, wall).
"""
import sys
import time

import lightgbm as lgb
import pandas as pd

model_path, input_path, output_path = sys.argv[1:4]
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 1
best, rows = float("inf"), 0
for _ in range(repeats):
    start = time.perf_counter()
    booster = lgb.Booster(model_file=model_path)
    frame = pd.read_csv(input_path)
    predictions = booster.predict(frame[booster.feature_name()].to_numpy(dtype="float64"))
    out = pd.DataFrame({"timestamp": frame.iloc[:, 0], "prediction": predictions})
    out.to_csv(output_path, index=False, float_format="%.17g")
    best = min(best, time.perf_counter() - start)
    rows = len(frame)
print(f"python score best {best:.4f} s, {rows} rows")
