#!/usr/bin/env bash
# Kept for old instructions: bench/compare does the whole comparison.
exec "$(dirname "${BASH_SOURCE[0]}")/compare" "$@"
