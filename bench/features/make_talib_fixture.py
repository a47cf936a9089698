"""Writes Tests/Fixtures/features/talib_reference.json: TA-Lib outputs for slices of the
embedded data, keyed by Kilo feature name. Run once with the bench venv; CI never runs it.

    bench/.venv/bin/python bench/features/make_talib_fixture.py   (bench/venv.sh makes the venv)
"""
import csv
import json
import math
import os

import numpy as np
import talib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROWS = 300
# Rows [first, first + count) of each symbol's file (all inside its first segment). DOTEUR's slice
# covers row 402, where a one-ulp typical-price change meets TA-Lib MFI's dead-zone, and the
# zero-volume bars at rows 322 and 369.
SLICES = {"BTCEUR": (0, ROWS), "ADAEUR": (0, ROWS), "DOTEUR": (300, 200)}
WINDOW = 48  # obv_window / ad_window defaults


def load(symbol):
    first, count = SLICES[symbol]
    with open(os.path.join(ROOT, "data", f"{symbol}_30m.csv")) as f:
        rows = list(csv.DictReader(f))[first:first + count]
    cols = {k: np.array([float(r[k]) for r in rows]) for k in ("open", "high", "low", "close", "volume")}
    cols["timestamp"] = [int(r["timestamp"]) for r in rows]
    return cols


def rolling_diff(cumulative, window, first):
    out = np.full_like(cumulative, np.nan)
    out[first] = cumulative[first] if first == window - 1 else np.nan
    for t in range(window, len(cumulative)):
        out[t] = cumulative[t] - cumulative[t - window]
    return out


def reference(s):
    o, h, l, c, v = s["open"], s["high"], s["low"], s["close"], s["volume"]
    ref = {}
    for p in (5, 10, 20, 50):
        ref[f"sma_{p}"] = talib.SMA(c, p)
        ref[f"ema_{p}"] = talib.EMA(c, p)
    ref["rsi"] = talib.RSI(c, 14)
    ref["macd"], ref["macd_signal"], ref["macd_histogram"] = talib.MACD(c, 12, 26, 9)
    ref["bb_upper"], ref["bb_middle"], ref["bb_lower"] = talib.BBANDS(c, 20, 2.0, 2.0, 0)
    ref["atr"] = talib.ATR(h, l, c, 14)
    ref["stoch_k"] = talib.STOCHF(h, l, c, fastk_period=14, fastd_period=1, fastd_matype=0)[0]
    ref["stoch_d"] = talib.STOCHF(h, l, c, fastk_period=14, fastd_period=3, fastd_matype=0)[1]
    ref["cci"] = talib.CCI(h, l, c, 20)
    ref["adx"] = talib.ADX(h, l, c, 14)
    ref["volume_sma_10"] = talib.SMA(v, 10)
    ref["volume_sma_20"] = talib.SMA(v, 20)
    obv = talib.OBV(c, v)
    ref["obv"] = rolling_diff(obv, WINDOW, WINDOW)
    ad = talib.AD(h, l, c, v)
    ref["accumulation_distribution"] = rolling_diff(ad, WINDOW, WINDOW - 1)
    ref["mfi"] = talib.MFI(h, l, c, v, 14)
    ref["natr"] = talib.NATR(h, l, c, 14)
    for p in (5, 10, 20):
        ref[f"roc_{p}"] = talib.ROC(c, p)
        ref[f"momentum_{p}"] = talib.MOM(c, p)
    for p in (14, 21):
        ref[f"williams_r_{p}"] = talib.WILLR(h, l, c, p)
    ref["mom_10"] = talib.MOM(c, 10)
    return {k: [None if math.isnan(x) else float(x) for x in arr] for k, arr in ref.items()}


def main():
    out = {"talib_version": str(talib.__ta_version__), "rows": ROWS, "series": {}}
    for symbol in SLICES:
        s = load(symbol)
        out["series"][symbol] = {
            "first_row": SLICES[symbol][0],
            "timestamp": s["timestamp"],
            **{k: s[k].tolist() for k in ("open", "high", "low", "close", "volume")},
            "talib": reference(s),
        }
    path = os.path.join(ROOT, "Tests", "Fixtures", "features", "talib_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
