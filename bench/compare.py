#!/usr/bin/env python3
"""Times magdepth and bench/numpy_monte_carlo.py on the same scenario and
prints trial-nights per second, the ratios, and both tools' summary figures.

Run through bench/compare.sh, which makes the venv, builds magdepth and
writes the scenario. Each configuration runs --runs times; the best (fastest)
run counts.

  magdepth: wall time of the whole process (`run FILE --mode monte-carlo
            --trials N --seed 1 --format json`): start-up, parsing, the
            simulation, the per-night table and the JSON output.
  NumPy:    the simulation loop only, as the script measures it (interpreter
            start-up and `import numpy` are left out, which favours NumPy).
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Kept in step with the YAML that compare.sh writes.
NIGHTS = 365
NUMPY_ARGS = ["--nights", "365", "--mean", "12", "--pk", "0.7", "--per-kill", "2",
              "--stockpile", "1000", "--every", "30", "--count", "600", "--seed", "1"]

# Keep NumPy (and any BLAS it loads) to the one thread it would use anyway,
# so that "one process" means one core.
ONE_THREAD = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                               "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")}


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r["seconds"])


def run_magdepth(binary, scenario, trials, threads):
    cmd = [binary, "run", scenario, "--mode", "monte-carlo", "--trials", str(trials),
           "--seed", "1", "--format", "json"]
    if threads is not None:
        cmd += ["--threads", str(threads)]

    def once():
        start, cpu = time.perf_counter(), child_cpu()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        seconds = time.perf_counter() - start
        summary = json.loads(out)["summary"]
        return {
            "seconds": seconds,
            "cpu": child_cpu() - cpu,
            "leakers": summary["leakers"],
            "nights_fully_defended": summary["nights_fully_defended"],
            "p_lasts_horizon": summary["p_lasts_horizon"],
        }

    return once, " ".join(os.path.relpath(c) if c in (binary, scenario) else c for c in cmd)


def run_numpy(trials, workers):
    cmd = [sys.executable, os.path.join(HERE, "numpy_monte_carlo.py"), "--trials", str(trials),
           "--workers", str(workers)] + NUMPY_ARGS
    env = dict(os.environ, **ONE_THREAD)

    def once():
        cpu = child_cpu()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
        result = json.loads(out)
        result["cpu"] = child_cpu() - cpu  # whole processes, start-up and import included
        return result

    return once, "python bench/numpy_monte_carlo.py --trials %d --workers %d" % (trials, workers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--magdepth", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    cores = os.cpu_count() or 1
    trial_nights = args.trials * NIGHTS
    configs = [
        ("magdepth, all cores", *run_magdepth(args.magdepth, args.scenario, args.trials, None)),
        ("magdepth --threads 1", *run_magdepth(args.magdepth, args.scenario, args.trials, 1)),
        ("NumPy, 1 process", *run_numpy(args.trials, 1)),
    ]
    if cores > 1:
        configs.append(("NumPy, %d processes" % cores, *run_numpy(args.trials, cores)))

    print("Scenario: 365 nights, Poisson(12) raids, pk 0.7, 2 per kill, stockpile 1000,")
    print("600 delivered every 30 nights; %d trials (%.1f million trial-nights);"
          % (args.trials, trial_nights / 1e6))
    print("best of %d runs each, %d logical CPUs.\n" % (args.runs, cores))

    results = {}
    for label, once, cmd in configs:
        print("  running: %s" % cmd, file=sys.stderr, flush=True)
        results[label] = best_of(args.runs, once)

    print("%-22s %10s %22s %12s" % ("", "seconds", "trial-nights / second", "CPU seconds"))
    for label, r in results.items():
        print("%-22s %10.3f %22s %12.3f" % (label, r["seconds"],
                                            "{:,.0f}".format(trial_nights / r["seconds"]), r["cpu"]))
    print("(CPU seconds: user + system of the best run, all its processes and threads;")
    print(" steadier than wall time on a busy machine.)")

    def ratio(a, b):
        return results[b]["seconds"] / results[a]["seconds"]

    print("\nSpeed ratios (magdepth / NumPy, trial-nights per second):")
    print("  magdepth all cores vs NumPy as usually written (1 process): %6.1fx"
          % ratio("magdepth, all cores", "NumPy, 1 process"))
    print("  per core: magdepth --threads 1 vs NumPy 1 process:          %6.1fx"
          % ratio("magdepth --threads 1", "NumPy, 1 process"))
    if cores > 1:
        label = "NumPy, %d processes" % cores
        print("  all cores: magdepth vs NumPy in %d processes:                %6.1fx"
              % (cores, ratio("magdepth, all cores", label)))

    m = results["magdepth, all cores"]
    n = results["NumPy, 1 process"]
    print("\nSummary figures (means over %d trials; different random streams):" % args.trials)
    print("%-24s %14s %14s %10s %12s" % ("", "magdepth", "NumPy", "diff", "diff / s.e."))
    for key, std_key in (("leakers", "leakers_std"),
                         ("nights_fully_defended", "nights_fully_defended_std"),
                         ("p_lasts_horizon", None)):
        a, b = m[key], n[key]
        if std_key:
            se = n[std_key] * math.sqrt(2.0 / args.trials)  # s.e. of a difference of two means
        else:
            p = (a + b) / 2
            se = math.sqrt(2.0 * p * (1 - p) / args.trials)
        z = "%.2f" % ((a - b) / se) if se > 0 else ("0 (exact)" if a == b else "inf")
        print("%-24s %14.4f %14.4f %10.4f %12s" % (key, a, b, a - b, z))
    print("\n|diff / s.e.| below about 2 means the two agree within sampling error.")


if __name__ == "__main__":
    main()
