#!/usr/bin/env bash
# `npm run demo` / `npm run demo:destroy`: sets up the toolchain, builds, runs scripts/demo.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=toolchain.sh
source scripts/toolchain.sh
ensure_toolchain
npm run --silent build
node dist/scripts/demo.js "${1:-up}"
