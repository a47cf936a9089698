#!/usr/bin/env python3
"""Simulates a study's schedules from trial durations: batch-synchronous (P trials from the same
history, the next batch after the slowest) and pipelined with lag L (trial k starts once a slot is
free and every trial <= k - L has finished). Prints each schedule's makespan and the share of slot
time idle. The durations are a proxy: another schedule suggests other trials, which take other times.

Usage: schedule_sim.py STUDY.sqlite [STUDY.sqlite ...] [--parallel 2] [--lags 1,2,3,4]
       schedule_sim.py --lognormal MEDIAN,SIGMA,N,SEEDS ...   (synthetic durations)
"""
import argparse
import heapq
import random
import sqlite3


def durations_of(path):
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT duration FROM trials ORDER BY number")]


def batch_sync(durations, parallel):
    return sum(max(durations[i:i + parallel]) for i in range(0, len(durations), parallel))


def pipelined(durations, parallel, lag):
    n = len(durations)
    now, running, ended, done_prefix, nxt = 0.0, [], set(), -1, 0
    while nxt < n or running:
        while nxt < n and len(running) < parallel and nxt - lag <= done_prefix:
            heapq.heappush(running, (now + durations[nxt], nxt))
            nxt += 1
        now, k = heapq.heappop(running)
        ended.add(k)
        while done_prefix + 1 in ended:
            done_prefix += 1
    return now


def report(name, durations, parallel, lags):
    work = sum(durations)
    line = f"{name}: {len(durations)} trials, {work:.1f} s of trial time, P={parallel}; "
    cells = [("batch", batch_sync(durations, parallel))] + [(f"L={lag}", pipelined(durations, parallel, lag)) for lag in lags]
    line += "; ".join(f"{label} {span:.1f} s ({100 * (1 - work / (parallel * span)):.1f} % idle)" for label, span in cells)
    print(line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("studies", nargs="*")
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--lags", default="1,2,3,4")
    parser.add_argument("--lognormal", default=None)
    args = parser.parse_args()
    lags = [int(x) for x in args.lags.split(",")]
    for path in args.studies:
        report(path, durations_of(path), args.parallel, lags)
    if args.lognormal:
        median, sigma, n, seeds = args.lognormal.split(",")
        for seed in range(int(seeds)):
            rng = random.Random(seed)
            durations = [float(median) * rng.lognormvariate(0, float(sigma)) for _ in range(int(n))]
            report(f"lognormal({median}, {sigma}) seed {seed}", durations, args.parallel, lags)


if __name__ == "__main__":
    main()
