#!/usr/bin/env python3
"""The magdepth Monte Carlo model as an analyst would write it in NumPy.

One interceptor type, a stockpile, a recurring delivery, Poisson raids and a
salvo doctrine of k interceptors per missile. Vectorised across trials (every
array has shape [trials]); the loop is over nights, which depend on each other
through the stock.

Each night n = 1..horizon, in every trial at once:

    stock    += delivery            if n is a delivery night (every D nights, from night D)
    raid      = Poisson(mean)
    engaged   = min(raid, stock // k)          # whole salvos only
    stock    -= k * engaged
    kills     = Binomial(engaged, q),   q = 1 - (1 - pk)^k
    leakers  += raid - kills
    shortfall = engaged < raid                 # missiles left unengaged

and per trial: nights_fully_defended = nights before the first shortfall
(the horizon if none), lasts_horizon = no shortfall at all. The summary is the
mean over trials, as magdepth reports it (`leakers`, `nights_fully_defended`,
`p_lasts_horizon` in `--format json`).

NumPy runs these operations on one core. `--workers N` splits the trials over
N processes (independent streams from one SeedSequence), which is what an
analyst would reach for to use every core.

Prints one JSON object: the figures, the wall time of the simulation (not
counting interpreter start-up and import) and trial-nights per second.
"""

import argparse
import json
import time

import numpy as np


def simulate(trials, horizon, mean, pk, k, stockpile, every, count, seed):
    """Returns sums over trials: leakers, leakers², nights_fully_defended,
    nights_fully_defended², and the number of trials that lasted."""
    rng = np.random.default_rng(seed)
    q = 1.0 - (1.0 - pk) ** k

    stock = np.full(trials, stockpile, dtype=np.int64)
    leakers = np.zeros(trials, dtype=np.int64)
    defended = np.zeros(trials, dtype=np.int64)  # nights before the first shortfall
    clean = np.ones(trials, dtype=bool)          # no shortfall yet
    engaged = np.empty(trials, dtype=np.int64)
    short = np.empty(trials, dtype=bool)

    for night in range(1, horizon + 1):
        if every and night >= every and (night - every) % every == 0:
            stock += count
        raid = rng.poisson(mean, trials)
        np.floor_divide(stock, k, out=engaged)
        np.minimum(raid, engaged, out=engaged)
        stock -= k * engaged
        kills = rng.binomial(engaged, q)
        leakers += raid
        leakers -= kills
        np.less(engaged, raid, out=short)
        clean &= ~short
        defended += clean

    return (int(leakers.sum()), int((leakers * leakers).sum()),
            int(defended.sum()), int((defended * defended).sum()), int(clean.sum()))


def _worker(job):
    return simulate(*job)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--nights", type=int, default=365)
    parser.add_argument("--mean", type=float, default=12.0, help="Poisson raid mean")
    parser.add_argument("--pk", type=float, default=0.7)
    parser.add_argument("--per-kill", type=int, default=2, help="interceptors per missile (k)")
    parser.add_argument("--stockpile", type=int, default=1000)
    parser.add_argument("--every", type=int, default=30, help="delivery every D nights (0: none)")
    parser.add_argument("--count", type=int, default=600, help="interceptors per delivery")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="processes to split trials over")
    args = parser.parse_args()

    params = (args.nights, args.mean, args.pk, args.per_kill, args.stockpile,
              args.every, args.count)
    start = time.perf_counter()
    if args.workers <= 1:
        results = [simulate(args.trials, *params, args.seed)]
    else:
        import multiprocessing

        seeds = np.random.SeedSequence(args.seed).spawn(args.workers)
        shares = [args.trials // args.workers + (i < args.trials % args.workers)
                  for i in range(args.workers)]
        jobs = [(share, *params, seed) for share, seed in zip(shares, seeds)]
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            results = pool.map(_worker, jobs)
    elapsed = time.perf_counter() - start

    leakers, leakers2, defended, defended2, lasted = (sum(col) for col in zip(*results))
    n = args.trials

    def std(total, squares):
        return max(squares / n - (total / n) ** 2, 0.0) ** 0.5
    print(json.dumps({
        "tool": "numpy",
        "numpy_version": np.__version__,
        "workers": args.workers,
        "trials": args.trials,
        "horizon_nights": args.nights,
        "seconds": elapsed,
        "trial_nights_per_second": args.trials * args.nights / elapsed,
        "leakers": leakers / n,
        "nights_fully_defended": defended / n,
        "p_lasts_horizon": lasted / n,
        # Standard deviations over trials, for the standard error of the means.
        "leakers_std": std(leakers, leakers2),
        "nights_fully_defended_std": std(defended, defended2),
    }))


if __name__ == "__main__":
    main()
