#!/usr/bin/env bash
# Runs every test suite of the repository and ends with one line: "N passed, N failed".
# Installs what the suites need first (scripts/install-test-deps.sh), so a fresh machine needs nothing by hand.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; status=0
log=$(mktemp)

# .NET: every test project in the solution.
dotnet test MagvitGrpc.sln -c Release --nologo 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+),.*/\2 \1/p' "$log")
grep -qE "Failed: +[0-9]+, Passed:" "$log" || { failed=$((failed + 1)); status=1; }

rm -f "$log"
echo "${passed} passed, ${failed} failed"
exit "$status"
