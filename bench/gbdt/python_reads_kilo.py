"""Writes Tests/Fixtures/gbdt/kilo_written_python_predictions.txt: Python LightGBM's predictions
from the Kilo-written model Tests/Fixtures/gbdt/kilo_written.txt on every row of data.csv (the
columns GBDTFixtures.featureNames names, in that order), one repr() per line. CI never runs it;
PythonReadsKiloModelTests keeps Kilo equal to it.

    bench/.venv/bin/python bench/gbdt/python_reads_kilo.py   (bench/venv.sh makes the venv)
"""
import csv
import os

import lightgbm as lgb
import numpy as np

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
fixtures = os.path.join(root, "Tests", "Fixtures", "gbdt")
names = ["ret_1", "ret_4", "vol_z", "rsi_c", "spread"]
with open(os.path.join(fixtures, "data.csv")) as f:
    rows = [[float(r[n]) if r[n] != "" else np.nan for n in names] for r in csv.DictReader(f)]
booster = lgb.Booster(model_file=os.path.join(fixtures, "kilo_written.txt"))
predictions = booster.predict(np.array(rows, dtype=np.float64))
with open(os.path.join(fixtures, "kilo_written_python_predictions.txt"), "w") as f:
    f.write("".join(repr(float(p)) + "\n" for p in predictions))
print(f"lightgbm {lgb.__version__}: {len(predictions)} predictions")
