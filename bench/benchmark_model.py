"""The benchmark model, defined once for every contender.

`bench/compare` writes magdepth's YAML from MODEL and passes the same values
to the NumPy and Numba scripts as command-line options; the scripts take
their defaults from MODEL too, so the three cannot drift apart.

The model (issue 15): 365 nights, Poisson(12) raids, salvos of 2 at pk 0.8,
a stockpile of 2,000 and 50 delivered every 30 nights (from night 30, as
magdepth's `every_nights`), 100,000 trials, seed 1.

Each night n = 1..nights, in every trial:

    stock    += count               if n is a delivery night (every D nights, from night D)
    raid      = Poisson(mean)
    engaged   = min(raid, stock // k)          # whole salvos only
    stock    -= k * engaged
    kills     = Binomial(engaged, q),   q = 1 - (1 - pk)^k
    leakers  += raid - kills
    shortfall = engaged < raid                 # missiles left unengaged

and per trial: nights_fully_defended = nights before the first shortfall
(the horizon if none), lasts_horizon = no shortfall at all. The summary is
the mean over trials, under the names magdepth's `--format json` uses.
"""

import argparse
import platform
import resource
import time

MODEL = {
    "nights": 365,
    "mean": 12.0,
    "pk": 0.8,
    "per_kill": 2,
    "stockpile": 2000,
    "every": 30,
    "count": 50,
    "trials": 100_000,
    "seed": 1,
}


def scenario_yaml(model=MODEL):
    """magdepth's short form of the model."""
    return (
        "name: Benchmark\n"
        f"horizon_nights: {model['nights']}\n"
        f"stockpile: {model['stockpile']}\n"
        f"interceptors_per_kill: {model['per_kill']}\n"
        f"missiles_per_night: {{ poisson: {model['mean']} }}\n"
        f"pk: {model['pk']}\n"
        "deliveries:\n"
        f"  - {{ every_nights: {model['every']}, count: {model['count']} }}\n"
    )


def script_args(model=MODEL):
    """The same model as options of numpy_monte_carlo.py and numba_monte_carlo.py."""
    return [
        "--nights", str(model["nights"]), "--mean", str(model["mean"]),
        "--pk", str(model["pk"]), "--per-kill", str(model["per_kill"]),
        "--stockpile", str(model["stockpile"]), "--every", str(model["every"]),
        "--count", str(model["count"]), "--trials", str(model["trials"]),
        "--seed", str(model["seed"]),
    ]


def parser(description):
    """The options both Python versions of the model share, defaulting to MODEL."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--trials", type=int, default=MODEL["trials"])
    p.add_argument("--nights", type=int, default=MODEL["nights"])
    p.add_argument("--mean", type=float, default=MODEL["mean"], help="Poisson raid mean")
    p.add_argument("--pk", type=float, default=MODEL["pk"])
    p.add_argument("--per-kill", type=int, default=MODEL["per_kill"],
                   help="interceptors per missile (k)")
    p.add_argument("--stockpile", type=int, default=MODEL["stockpile"])
    p.add_argument("--every", type=int, default=MODEL["every"],
                   help="delivery every D nights, from night D (0: none)")
    p.add_argument("--count", type=int, default=MODEL["count"], help="interceptors per delivery")
    p.add_argument("--seed", type=int, default=MODEL["seed"])
    return p


def timed(fn):
    """Runs fn() and returns (its result, wall seconds, CPU seconds). CPU time
    is user + system of this process's threads and of any child processes
    that ended meanwhile (the NumPy workers)."""
    def cpu():
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    start, cpu_start = time.perf_counter(), cpu()
    result = fn()
    return result, time.perf_counter() - start, cpu() - cpu_start


def summary(sums, trials, nights, seconds, cpu_seconds, **extra):
    """The JSON object both scripts print.

    `sums` are integer sums over trials: (leakers, leakers², nights fully
    defended, its square, trials that lasted the horizon). The standard
    deviations are over trials (population), worked out in exact integer
    arithmetic, for the standard error of each mean.
    """
    leakers, leakers2, defended, defended2, lasted = (int(s) for s in sums)
    n = trials

    def std(total, squares):
        return ((n * squares - total * total) / (n * n)) ** 0.5

    return {
        **extra,
        "python_version": platform.python_version(),
        "trials": trials,
        "horizon_nights": nights,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "trial_nights_per_second": trials * nights / seconds,
        "leakers": leakers / n,
        "nights_fully_defended": defended / n,
        "p_lasts_horizon": lasted / n,
        "leakers_std": std(leakers, leakers2),
        "nights_fully_defended_std": std(defended, defended2),
    }
