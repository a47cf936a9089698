"""Python reference for the trader benchmark: the same per-iteration work as Kilo's PaperTrader.

Per iteration, for 5 symbols: reveal the next bar, fill the previous bar's orders at this open
(slippage, fee), mark to market, three fake constant-cost models (weighted sum of the last 32
close changes, as FixedCostModel in TraderBenchmarkTests.swift), ensemble with weights
0.45/0.45/0.10, threshold max(base, 2*(fee+slippage)) * clamp(std(last 20 changes)/ref, 0.5, 2)
(numpy, ddof=1), buy/sell/hold with the Kilo sizing, and one SQLite transaction (WAL,
synchronous=NORMAL) inserting the iteration row, 5 decision rows, orders and fills.
Dev-only; prints mean/median/p99 ms per iteration. Usage: python reference_loop.py [iterations]
"""
import csv, os, sqlite3, sys, tempfile, time
import numpy as np

SYMBOLS = ["BTCEUR", "ETHEUR", "ADAEUR", "DOTEUR", "LINKEUR"]
FEE, SLIP, MAXPOS, MINV = 0.001, 0.0005, 0.1, 5.0
W = {"gru": 0.45, "lightgbm": 0.45, "ppo": 0.10}
BASE = {"BTCEUR": 8e-5, "ETHEUR": 8e-5, "ADAEUR": 1.2e-4}
root = os.path.join(os.path.dirname(__file__), "..", "..")

def load(sym):
    with open(os.path.join(root, "data", f"{sym}_30m.csv")) as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) for r in rows]) for k in ("timestamp", "open", "close")}

def model(close, i, scale):
    k = np.arange(32)
    ch = close[i - k] / close[i - k - 1] - 1
    return float((ch * (32 - k)).sum() * scale / 528)

def main(n):
    data = {s: load(s) for s in SYMBOLS}
    ref = float(np.std(np.diff(data["BTCEUR"]["close"][:1000]) / data["BTCEUR"]["close"][:999], ddof=1))
    path = os.path.join(tempfile.mkdtemp(), "ref.sqlite")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
    db.executescript("""
      CREATE TABLE iterations (iteration INTEGER PRIMARY KEY, bar_time INTEGER, cash REAL, equity REAL);
      CREATE TABLE decisions (iteration INTEGER, symbol TEXT, close REAL, gru REAL, lightgbm REAL, ppo REAL,
                              ensemble REAL, threshold REAL, action TEXT, PRIMARY KEY (iteration, symbol));
      CREATE TABLE orders (id INTEGER PRIMARY KEY, iteration INTEGER, symbol TEXT, side TEXT, quantity REAL);
      CREATE TABLE fills (id INTEGER PRIMARY KEY, order_id INTEGER, symbol TEXT, side TEXT, quantity REAL,
                          price REAL, fee REAL);""")
    cash, pos, marks, pending, oid, fid = 10000.0, {}, {}, [], 1, 1
    times = []
    for it in range(1, n + 1):
        t0 = time.perf_counter()
        i = 999 + it
        fills = []
        for (o, sym, side, q) in sorted(pending, key=lambda p: (p[2] != "sell", p[0])):
            op = data[sym]["open"][i]
            if side == "buy":
                px = op * (1 + SLIP); q = min(q, cash / (px * (1 + FEE)))
                if q * px < MINV: continue
                cash -= q * px * (1 + FEE); pos[sym] = pos.get(sym, 0) + q
            else:
                px = op * (1 - SLIP); q = min(q, pos.get(sym, 0)); cash += q * px * (1 - FEE); pos.pop(sym, None)
            fills.append((fid, o, sym, side, q, px, q * px * FEE)); fid += 1
        pending = []
        for s in SYMBOLS: marks[s] = data[s]["close"][i]
        equity = cash + sum(q * marks[s] for s, q in pos.items())
        rows, orders, avail = [], [], cash
        for s in SYMBOLS:
            c = data[s]["close"]
            p = {"gru": model(c, i, 10), "lightgbm": model(c, i, 8), "ppo": model(c, i, -5)}
            ens = sum(W[m] * v for m, v in p.items()) / sum(W.values())
            ch = c[i - 19:i + 1] / c[i - 20:i] - 1
            thr = max(BASE.get(s, 1e-4), 2 * (FEE + SLIP)) * min(max(float(np.std(ch, ddof=1)) / ref, 0.5), 2)
            act = "hold"
            if ens > thr:
                v = min(MAXPOS * equity - pos.get(s, 0) * c[i], avail / (1 + FEE + SLIP))
                if v >= MINV:
                    act = "buy"; avail -= v * (1 + FEE + SLIP); orders.append((oid, it, s, "buy", v / c[i])); oid += 1
            elif ens < -thr and s in pos:
                act = "sell"; orders.append((oid, it, s, "sell", pos[s])); oid += 1
            rows.append((it, s, c[i], p["gru"], p["lightgbm"], p["ppo"], ens, thr, act))
        pending = [(o[0], o[2], o[3], o[4]) for o in orders]
        db.execute("BEGIN")
        db.execute("INSERT INTO iterations VALUES (?,?,?,?)", (it, int(data["BTCEUR"]["timestamp"][i]), cash, equity))
        db.executemany("INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO orders VALUES (?,?,?,?,?)", orders)
        db.executemany("INSERT INTO fills VALUES (?,?,?,?,?,?,?)", fills)
        db.execute("COMMIT")
        times.append((time.perf_counter() - t0) * 1e3)
    t = np.array(times)
    print(f"python reference: {len(t)} iterations, mean {t.mean():.3f} ms, median {np.median(t):.3f} ms, "
          f"p99 {np.percentile(t, 99):.3f} ms, max {t.max():.3f} ms, {fid - 1} fills")

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
