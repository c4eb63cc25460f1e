#!/usr/bin/env bash
# `npm run bench`: sets up the toolchain, builds, and runs the benchmarks (bench/, see
# BENCHMARKS.md). Knobs such as BENCH_RUNS or BENCH_ONLY are read from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=toolchain.sh
source scripts/toolchain.sh
ensure_toolchain
ensure_relay_tools
npm run --silent build
node dist/bench/run-benchmarks.js
