"""Python side of bench/features/run.sh.

    bench_talib.py write PATH N SEED   -> writes the synthetic series (6 little-endian float64
                                          arrays of N: timestamp ms, open, high, low, close, volume)
    bench_talib.py time PATH REPEATS   -> times the TA-Lib subset Kilo reproduces (best of REPEATS)
    bench_talib.py time-csv CSV REPEATS -> the same on a Binance kline CSV (the file `kilo load` reads;
                                          bench/run uses it beside `kilo -c "load CSV; features SYMBOL"`)
"""
import sys
import time

import numpy as np
import talib


def write(path, n, seed):
    rng = np.random.default_rng(seed)
    close = 100.0 * np.exp(np.cumsum(rng.normal(0, 0.004, n)))
    open_ = np.concatenate([[100.0], close[:-1]])
    high = np.maximum(open_, close) * (1 + rng.uniform(0, 0.003, n))
    low = np.minimum(open_, close) * (1 - rng.uniform(0, 0.003, n))
    volume = rng.uniform(1, 100, n)
    volume[rng.uniform(0, 1, n) < 0.001] = 0.0  # a few zero-volume bars
    ts = 1_600_000_000_000 + 1_800_000 * np.arange(n, dtype=np.float64)
    np.stack([ts, open_, high, low, close, volume]).astype("<f8").tofile(path)


def read(path):
    data = np.fromfile(path, dtype="<f8")
    n = data.size // 6
    return [np.ascontiguousarray(data[i * n:(i + 1) * n]) for i in range(6)]


def subset(o, h, l, c, v):
    """The 35 TA-Lib outputs Kilo's catalogue reproduces (31 calls)."""
    out = []
    for p in (5, 10, 20, 50):
        out.append(talib.SMA(c, p))
        out.append(talib.EMA(c, p))
    out.append(talib.RSI(c, 14))
    out.extend(talib.MACD(c, 12, 26, 9))
    out.extend(talib.BBANDS(c, 20, 2.0, 2.0, 0))
    out.append(talib.ATR(h, l, c, 14))
    out.extend(talib.STOCHF(h, l, c, 14, 3, 0))
    out.append(talib.CCI(h, l, c, 20))
    out.append(talib.ADX(h, l, c, 14))
    out.append(talib.SMA(v, 10))
    out.append(talib.SMA(v, 20))
    out.append(talib.OBV(c, v))
    out.append(talib.AD(h, l, c, v))
    out.append(talib.MFI(h, l, c, v, 14))
    out.append(talib.NATR(h, l, c, 14))
    for p in (5, 10, 20):
        out.append(talib.ROC(c, p))
        out.append(talib.MOM(c, p))
    for p in (14, 21):
        out.append(talib.WILLR(h, l, c, p))
    out.append(talib.MOM(c, 10))
    return out


def read_csv(path):
    """timestamp, open, high, low, close, volume of a kline CSV (the header names the columns)."""
    with open(path) as f:
        names = f.readline().strip().split(",")
    wanted = [names.index(n) for n in ("timestamp", "open", "high", "low", "close", "volume")]
    table = np.loadtxt(path, delimiter=",", skiprows=1, usecols=wanted, dtype=np.float64)
    return [np.ascontiguousarray(table[:, i]) for i in range(6)]


def time_subset(path, repeats, columns=None):
    ts, o, h, l, c, v = columns if columns is not None else read(path)
    best = float("inf")
    best_cpu = float("inf")
    for _ in range(repeats):
        cpu0 = time.thread_time()
        start = time.perf_counter()
        out = subset(o, h, l, c, v)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.thread_time() - cpu0)
    print(f"python_talib_outputs={len(out)}")
    print(f"python_talib_rows={c.size}")
    print(f"python_talib_seconds={best:.6f}")
    print(f"python_talib_cpu_seconds={best_cpu:.6f}")
    print(f"python_talib_version={talib.__ta_version__.decode() if isinstance(talib.__ta_version__, bytes) else talib.__ta_version__}")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "time-csv":
        time_subset(sys.argv[2], int(sys.argv[3]), read_csv(sys.argv[2]))
    else:
        time_subset(sys.argv[2], int(sys.argv[3]))
