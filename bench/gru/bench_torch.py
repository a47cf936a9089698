"""PyTorch CPU side of the GRU benchmark: the same shapes and steps as GRUBenchmark.swift.

Prints one `TORCH_BENCH {json}` line per case. Usage: bench_torch.py THREADS
"""
import json
import os
import sys
import time

import torch
from threadpoolctl import threadpool_info

sys.path.insert(0, os.path.dirname(__file__))
from gru_reference import GRURegressor  # noqa: E402

CASES = [("h64_l2_b64", 40, 64, 2, 60, 64, 30), ("h128_l3_b512", 40, 128, 3, 60, 512, 4)]


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    # torch links MKL / oneDNN statically (threadpoolctl only sees the shared OpenMP and numpy's OpenBLAS).
    libs = sorted({f"{i['internal_api']}:{i.get('architecture', '')}" for i in threadpool_info()})
    libs.append(f"mkl={torch.backends.mkl.is_available()} mkldnn={torch.backends.mkldnn.is_available()}")
    for name, d, h, layers, steps, batch, batches in CASES:
        model = GRURegressor(d, h, layers, 0.2)
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.randn(batch * 4, steps, d)
        y = torch.randn(batch * 4)

        def step(i):
            s = (i % 4) * batch
            opt.zero_grad()
            loss = torch.mean((model(x[s:s + batch]) - y[s:s + batch]) ** 2)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()

        step(0)
        start = time.perf_counter()
        for i in range(batches):
            step(i)
        seconds = time.perf_counter() - start
        print("TORCH_BENCH " + json.dumps({"case": name, "kind": "train", "threads": threads,
                                           "samples_per_s": batches * batch / seconds, "libs": libs}))
    model = GRURegressor(40, 64, 2, 0.2)
    model.eval()
    window = torch.randn(1, 60, 40)
    samples = []
    with torch.inference_mode():
        for _ in range(50):
            model(window)
        for _ in range(500):
            start = time.perf_counter()
            model(window)
            samples.append((time.perf_counter() - start) * 1e3)
    samples.sort()
    print("TORCH_BENCH " + json.dumps({"case": "h64_l2_t60_batch1", "kind": "latency", "threads": threads,
                                       "median_ms": samples[len(samples) // 2],
                                       "p90_ms": samples[len(samples) * 9 // 10], "torch": torch.__version__}))


if __name__ == "__main__":
    main()
