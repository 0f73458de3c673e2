#!/usr/bin/env python3
"""The magdepth Monte Carlo model as an analyst would write it for Numba.

A loop over trials, each trial a loop over nights, compiled with `@njit`;
the model and its defaults are in benchmark_model.py. Without `--parallel`
the trials run one after another on one thread; with it the same function,
compiled with `parallel=True`, spreads them over `--threads` threads
(`prange`, default all cores).

Every trial seeds Numba's generator (its own MT19937 with NumPy's legacy
Poisson and binomial algorithms, one state per thread) with a seed of its
own, base + trial modulo 2^32, where base comes from the run's seed through
`SeedSequence`. So a trial draws the same numbers whichever thread runs it,
and the figures depend on the seed alone, not on `--parallel` or the thread
count; the sums are integers, so their order does not matter either. The
seeds are distinct for up to 2^32 trials.

Both versions are compiled and run once on a few trials before the clock
starts: the timing leaves out the JIT compilation (reported separately as
`compile_seconds`), as well as interpreter start-up and imports.

Prints one JSON object (benchmark_model.summary).
"""

import json

import numba
import numpy as np
from numba import prange

import benchmark_model

WARM_UP_TRIALS = 16


def simulate(trials, base_seed, horizon, mean, q, k, stockpile, every, count):
    """Returns sums over trials: leakers, leakers², nights_fully_defended,
    nights_fully_defended², and the number of trials that lasted."""
    leakers_sum = 0
    leakers_squares = 0
    defended_sum = 0
    defended_squares = 0
    lasted = 0
    for trial in prange(trials):
        np.random.seed((base_seed + trial) % 4294967296)
        stock = stockpile
        leakers = 0
        defended = 0  # nights before the first shortfall
        clean = True  # no shortfall yet
        for night in range(1, horizon + 1):
            if every > 0 and night >= every and (night - every) % every == 0:
                stock += count
            raid = np.random.poisson(mean)
            engaged = min(raid, stock // k)
            stock -= k * engaged
            kills = np.random.binomial(engaged, q) if engaged > 0 else 0
            leakers += raid - kills
            if engaged < raid:
                clean = False
            if clean:
                defended += 1
        leakers_sum += leakers
        leakers_squares += leakers * leakers
        defended_sum += defended
        defended_squares += defended * defended
        lasted += 1 if clean else 0
    return leakers_sum, leakers_squares, defended_sum, defended_squares, lasted


# One Python function, two compilations: outside a parallel function `prange`
# is plain `range`, so both versions run exactly the same trials.
simulate_one_thread = numba.njit(simulate)
simulate_prange = numba.njit(parallel=True)(simulate)


def main():
    parser = benchmark_model.parser(__doc__.split("\n\n")[0])
    parser.add_argument("--parallel", action="store_true",
                        help="the prange version (default: the one-thread version)")
    parser.add_argument("--threads", type=int, default=numba.config.NUMBA_NUM_THREADS,
                        help="threads for --parallel (default: all cores)")
    args = parser.parse_args()
    if not 1 <= args.threads <= numba.config.NUMBA_NUM_THREADS:
        parser.error("--threads must be 1 to %d" % numba.config.NUMBA_NUM_THREADS)

    base_seed = int(np.random.SeedSequence(args.seed).generate_state(1)[0])
    q = 1.0 - (1.0 - args.pk) ** args.per_kill
    params = (args.nights, args.mean, q, args.per_kill, args.stockpile, args.every, args.count)
    if args.parallel:
        numba.set_num_threads(args.threads)
        simulate_version, threads = simulate_prange, args.threads
    else:
        simulate_version, threads = simulate_one_thread, 1

    _, compile_seconds, _ = benchmark_model.timed(
        lambda: simulate_version(WARM_UP_TRIALS, base_seed, *params))
    sums, seconds, cpu_seconds = benchmark_model.timed(
        lambda: simulate_version(args.trials, base_seed, *params))

    print(json.dumps(benchmark_model.summary(
        sums, args.trials, args.nights, seconds, cpu_seconds,
        tool="numba", numba_version=numba.__version__, numpy_version=np.__version__,
        parallel=args.parallel, threads=threads,
        threading_layer=numba.threading_layer() if args.parallel else None,
        compile_seconds=compile_seconds)))


if __name__ == "__main__":
    main()
