#!/usr/bin/env python3
"""The magdepth Monte Carlo model as an analyst would write it in NumPy.

Vectorised across trials (every array has shape [trials]); the loop is over
nights, which depend on each other through the stock. The model and its
defaults are in benchmark_model.py.

NumPy runs these operations on one core. `--workers N` splits the trials over
N processes (independent streams from one SeedSequence), which is what an
analyst would reach for to use every core.

Prints one JSON object (benchmark_model.summary): the figures, the wall and
CPU time of the simulation (not counting interpreter start-up and import) and
trial-nights per second.
"""

import json

import numpy as np

import benchmark_model


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
    parser = benchmark_model.parser(__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1, help="processes to split trials over")
    args = parser.parse_args()

    params = (args.nights, args.mean, args.pk, args.per_kill, args.stockpile,
              args.every, args.count)

    def run():
        if args.workers <= 1:
            return [simulate(args.trials, *params, args.seed)]
        import multiprocessing

        seeds = np.random.SeedSequence(args.seed).spawn(args.workers)
        shares = [args.trials // args.workers + (i < args.trials % args.workers)
                  for i in range(args.workers)]
        jobs = [(share, *params, seed) for share, seed in zip(shares, seeds)]
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            return pool.map(_worker, jobs)

    results, seconds, cpu_seconds = benchmark_model.timed(run)
    sums = [sum(column) for column in zip(*results)]
    print(json.dumps(benchmark_model.summary(
        sums, args.trials, args.nights, seconds, cpu_seconds,
        tool="numpy", numpy_version=np.__version__, workers=args.workers)))


if __name__ == "__main__":
    main()
