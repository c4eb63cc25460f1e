#!/usr/bin/env bash
# The test command (`npm test`): installs what is missing, builds, checks types, lint and
# formatting, then runs every jest suite (unit, emulator, and end-to-end on the real Pulumi
# engine). Ends with one line `N passed, N failed` counting jest tests plus the static checks.
# Extra arguments go to jest (e.g. `npm test -- test/client`).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=toolchain.sh
source scripts/toolchain.sh
if ! ensure_toolchain; then
  echo "The toolchain could not be set up (see above); no test ran."
  echo "0 passed, 1 failed"
  exit 1
fi
echo "node $(node --version), pulumi $(pulumi version)"

passed=0
failed=0
check() {
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
  fi
}

check "build" npm run --silent build
check "eslint" npx eslint .
check "prettier" npx prettier --check --log-level warn .
# The public API of pulumi-jod is pinned by provider/etc/pulumi-jod.api.md (`npm run api:update`).
check "api-extractor" npx api-extractor run -c provider/api-extractor.json
check "package contents and metadata" node scripts/check-package.js provider emulator
check "publint provider" npx publint provider --strict
check "publint emulator" npx publint emulator --strict
check "attw provider" npx attw --pack provider
check "attw emulator" npx attw --pack emulator
check "api docs (typedoc)" npm run --silent docs

# nginx with nchan and Redis for the relay tests; without them those tests fail with the reason.
ensure_relay_tools

# A journal directory set in the environment (as the README tells CI users) holds real entries:
# the tests must never touch one they did not create. jest runs with one that holds an entry
# every prune would remove (it expired in 2001), which must be there, unchanged, afterwards.
mkdir -p .cache
foreign_journal="$(mktemp -d)"
# Named as the journal names entries (sha256 of the identity), so a prune would take it.
canary="$foreign_journal/$(printf canary | sha256sum | cut -d' ' -f1).json"
printf '%s' '{"identity":"canary","phase":"done","updatedAt":"2001-01-01T00:00:00.000Z","expiresAt":"2001-01-01T03:00:00.000Z","request":{"domain":"meet.example.com","recorders":1,"duration":3,"location":"lon"},"outcome":{"kind":"released","message":"canary"}}' >"$canary"
canary_sum="$(sha256sum "$canary")"

# One jest process; jest.config.js bounds its memory (workers replaced past 1 GB of heap).
counts=".cache/jest-counts"
rm -f "$counts"
PULUMI_JOD_JOURNAL_DIR="$foreign_journal" JOD_TEST_COUNTS="$counts" npx jest "$@"
jest_status=$?
check "tests leave a journal directory from the environment alone" \
  test "$(sha256sum "$canary" 2>/dev/null)" = "$canary_sum" -a "$(ls -A "$foreign_journal")" = "$(basename "$canary")"
rm -rf "$foreign_journal"
if [ -f "$counts" ]; then
  read -r jest_passed jest_failed <"$counts"
  passed=$((passed + jest_passed))
  failed=$((failed + jest_failed))
  [ "$jest_status" -eq 0 ] || [ "$jest_failed" -gt 0 ] || failed=$((failed + 1))
else
  echo "FAILED: jest ended without counting its tests (exit status $jest_status)"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
