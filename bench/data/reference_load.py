#!/usr/bin/env python3
"""Python reference for the CSV load benchmark: times reading a kline CSV into float64 columns.

Usage: reference_load.py FILE.csv [REPEATS]
Prints one line per reader: `<reader> best <seconds> s, <rows> rows`. Uses pandas.read_csv (the
original Bot_kilo's reader) when pandas is installed, and numpy.loadtxt (C parser in numpy 2.x).
"""
import sys
import time

import numpy as np

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def best(load):
    times, rows = [], 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        rows = load()
        times.append(time.perf_counter() - t0)
    return min(times), rows


def numpy_load():
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return table.shape[0]


try:
    import pandas as pd

    def pandas_load():
        frame = pd.read_csv(path)
        frame = frame.sort_values("timestamp").drop_duplicates("timestamp", keep="last")
        return len(frame)

    seconds, rows = best(pandas_load)
    print(f"pandas.read_csv best {seconds:.3f} s, {rows} rows")
except ImportError:
    print("pandas not installed: skipped")

seconds, rows = best(numpy_load)
print(f"numpy.loadtxt best {seconds:.3f} s, {rows} rows")
