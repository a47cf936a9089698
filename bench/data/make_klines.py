#!/usr/bin/env python3
"""Writes a large Binance kline CSV for the load benchmark (deterministic, no randomness).

Usage: make_klines.py OUT.csv [ROWS]   (default 1,000,000 rows)

Rows cycle through data/BTCEUR_30m.csv (the real candles, CRLF line ends as in data/) with
timestamps advanced by 30 minutes per row, so every cell is a realistic price or volume string.
Name the output SYMBOL_30m.csv so `load` takes the symbol and interval from the file name.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, "..", "..", "data", "BTCEUR_30m.csv")
out_path = sys.argv[1]
rows_wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000

with open(source, newline="") as f:
    lines = f.read().splitlines()
header, rows = lines[0], [line.split(",") for line in lines[1:]]
step = 1_800_000
start = 1_500_000_000_000 - 1_500_000_000_000 % step
with open(out_path, "w", newline="") as out:
    out.write(header + "\r\n")
    for i in range(rows_wanted):
        cells = rows[i % len(rows)]
        out.write(str(start + i * step) + "," + ",".join(cells[1:]) + "\r\n")
