#!/usr/bin/env python3
"""Time from starting `kilo` in a pseudo-terminal to its first prompt.

Usage: startup.py KILO [RUNS]. Prints median and best wall time in milliseconds.
"""
import os
import pty
import select
import statistics
import sys
import time

kilo = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
times = []
for _ in range(runs):
    env = dict(os.environ, KILO_HISTORY="/dev/null", TERM="xterm")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(kilo, [kilo], env)
    seen = b""
    while b"kilo> " not in seen:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            raise SystemExit("no prompt within 10 s")
        seen += os.read(fd, 1024)
    times.append(time.perf_counter() - start)
    os.write(fd, b"quit\n")
    os.waitpid(pid, 0)
    os.close(fd)
print(f"start to first prompt: median {statistics.median(times) * 1000:.1f} ms, best {min(times) * 1000:.1f} ms over {runs} runs")
