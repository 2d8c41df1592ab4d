#!/usr/bin/env bash
# Runs every test suite of the repository and ends with one line: "N passed, N failed".
# Installs what the suites need first (scripts/install-test-deps.sh), so a fresh machine needs nothing by hand.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; status=0
log=$(mktemp)

# A named check that is not a test runner (a linter, a script) counts as one test: passed or failed by exit code.
check() {
    local name=$1; shift
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "check failed: ${name}"
        failed=$((failed + 1)); status=1
    fi
}

# Contracts: buf lint (and buf breaking against the newest v* tag, once one exists).
check "buf lint (scripts/lint-protos.sh)" bash scripts/lint-protos.sh

# .NET: every test project in the solution.
dotnet test MagvitGrpc.sln -c Release --nologo 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
    sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+),.*/\2 \1/p' "$log")
grep -qE "Failed: +[0-9]+, Passed:" "$log" || { failed=$((failed + 1)); status=1; }

rm -f "$log"
echo "${passed} passed, ${failed} failed"
exit "$status"
