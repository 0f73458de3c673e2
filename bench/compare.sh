#!/usr/bin/env bash
# magdepth against the NumPy version of the same Monte Carlo model
# (issue 9, part 4). Run from anywhere:  bench/compare.sh
#
# Makes bench/.venv with NumPy if it is missing (pip from PyPI), builds
# magdepth in release, writes the benchmark scenario as YAML and hands over
# to compare.py, which times both tools (best of $RUNS runs each) and prints
# the figures side by side.
#
# Environment: TRIALS (100000), RUNS (3), PYTHON (python3), MAGDEPTH (a
# magdepth binary to time instead of building target/release/magdepth, e.g.
# one built from another commit).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
venv="$here/.venv"

if ! "$venv/bin/python" -c 'import numpy' 2>/dev/null; then
    echo "== creating $venv with numpy" >&2
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip numpy
fi

magdepth="${MAGDEPTH:-}"
if [ -z "$magdepth" ]; then
    echo "== building magdepth (release)" >&2
    cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin magdepth
    magdepth="$root/target/release/magdepth"
fi

scenario="$(mktemp -d)/benchmark.yaml"
trap 'rm -rf "$(dirname "$scenario")"' EXIT
# The scenario of benches/monte_carlo.rs.
cat > "$scenario" <<'EOF'
name: Benchmark
horizon_nights: 365
stockpile: 1000
interceptors_per_kill: 2
missiles_per_night: { poisson: 12 }
pk: 0.7
deliveries:
  - { every_nights: 30, count: 600 }
EOF

exec "$venv/bin/python" "$here/compare.py" \
    --magdepth "$magdepth" \
    --scenario "$scenario" \
    --trials "${TRIALS:-100000}" \
    --runs "${RUNS:-3}"
