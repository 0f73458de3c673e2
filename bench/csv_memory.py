#!/usr/bin/env python3
"""Peak memory of `magdepth fit` on a large generated daily-attack CSV.

Writes a CSV of about --megabytes MB shaped like the Air Force data (the same
columns, quoted launch places with commas, dates and times, `236.0` counts,
NaN, combined entries, unknown models, a few rows with no end date; or, with
--shape, one of two worst cases made of short rows), then runs
`magdepth fit FILE --category ballistic` under `/usr/bin/time -v` and prints
the file size, the wall time and the peak resident memory.

  bench/csv_memory.py                               # 100 MB, target/release/magdepth
  bench/csv_memory.py --megabytes 256 --keep /tmp/big.csv
  bench/csv_memory.py --shape skipped               # worst cases: see --help
  MAGDEPTH=/path/to/magdepth bench/csv_memory.py    # another build

The rows are made by a seeded generator, so every run writes the same file.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Weights roughly as in the real data: mostly drones, some missiles, a few
# combined entries and unknown models.
MODELS = [
    ("Shahed-136/131", 60),
    ("Iskander-M", 8),
    ("Iskander-M/KN-23", 6),
    ("KN-23", 3),
    ("X-101/X-555", 8),
    ("Kalibr", 5),
    ("X-47 Kinzhal", 3),
    ("Unknown UAV", 4),
    ("Фенікс", 1),
    ("Iskander-M and Iskander-K", 0.4),
    ("C-400 and Iskander-M", 0.3),
    ("Iskander-M/KN-23 and Iskander-K and X-59/X-69", 0.3),
]
PLACES = ['"Kursk oblast, Bryansk oblast"', "Crimea", '"Primorsko-Akhtarsk, Kursk"', ""]


def realistic_rows(rng):
    """Rows shaped like the Air Force data."""
    names = [m for m, _ in MODELS]
    weights = [w for _, w in MODELS]
    day = 0
    while True:
        # About 27,000 nights (74 years) fits the 100,000-night replay limit.
        day = (day + rng.choice([0, 0, 0, 1])) % 27_000
        year, rest = divmod(day, 365)
        month, mday = divmod(rest % 336, 28)
        date = f"{2000 + year:04d}-{month + 1:02d}-{mday + 1:02d}"
        model = rng.choices(names, weights)[0]
        launched = rng.randint(1, 120)
        destroyed = "NaN" if rng.random() < 0.05 else f"{rng.randint(0, launched)}.0"
        end = "" if rng.random() < 0.001 else f"{date} 07:00"
        yield (
            f"{date} 18:00,{end},{model},{rng.choice(PLACES)},Ukraine,"
            f"{launched}.0,{destroyed},https://example.org/post/{rng.randint(1, 10**6)}\n"
        )


def skipped_rows(rng):
    """The worst case for notes: short rows, every one but the first skipped
    (no end date)."""
    yield "2025-05-01,Iskander-M,1\n"
    while True:
        yield ",Iskander-M,1\n"


def combined_rows(rng):
    """The worst case for combined entries: short rows, every one an entry
    with models outside the selection, each kept with its record."""
    while True:
        yield f"2025-05-{rng.randint(1, 28):02d},Iskander-M and Iskander-K,{rng.randint(1, 9)}\n"


SHAPES = {"realistic": realistic_rows, "skipped": skipped_rows, "combined": combined_rows}


def write_csv(path, megabytes, shape):
    rng = random.Random(1)
    target = megabytes * 1_000_000
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        header = (
            "time_start,time_end,model,launch_place,target,launched,destroyed,source\n"
            if shape == "realistic"
            else "time_end,model,launched\n"
        )
        out.write(header)
        written = len(header.encode())
        for row in SHAPES[shape](rng):
            if written >= target:
                break
            out.write(row)
            written += len(row.encode())
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="realistic")
    parser.add_argument("--keep", help="write the CSV here and keep it")
    args = parser.parse_args()
    magdepth = os.environ.get(
        "MAGDEPTH", os.path.join(HERE, "..", "target", "release", "magdepth")
    )
    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or os.path.join(scratch, "attacks.csv")
        size = write_csv(path, args.megabytes, args.shape)
        run = subprocess.run(
            ["/usr/bin/time", "-v", magdepth, "fit", path, "--category", "ballistic",
             "--format", "json"],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"magdepth failed:\n{run.stderr}")
        peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)[1])
        wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", run.stderr)[1]
        print(f"{args.shape} CSV: {size:,} bytes; wall time {wall}; peak memory {peak / 1024:.1f} MiB "
              f"({peak * 1024 / size:.2f} bytes per byte of input)")


if __name__ == "__main__":
    main()
