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

# Python client: its stubs generated from protos/, then its unit tests under Debian's interpreter (the one that sees
# python3-grpcio and python3-protobuf; MAGVIT_PYTHON overrides). unittest ends with "Ran N tests in …" and "OK" or
# "FAILED (failures=F, errors=E, …)"; a run without that line (it could not start) counts as one failure.
check "Python stubs (clients/python/generate.sh)" bash clients/python/generate.sh
(cd clients/python && "${MAGVIT_PYTHON:-/usr/bin/python3}" -m unittest discover -s tests -t .) 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
ran=$(sed -nE 's/^Ran ([0-9]+) tests? in .*/\1/p' "$log" | tail -n 1)
if [ -n "$ran" ]; then
    outcome=$(grep -E '^(OK|FAILED)' "$log" | tail -n 1)
    count() { local n; n=$(grep -oE "$1=[0-9]+" <<<"$outcome" | cut -d = -f 2); echo "${n:-0}"; }
    bad=$(( $(count failures) + $(count errors) + $(count "unexpected successes") ))
    passed=$((passed + ran - bad - $(count skipped))); failed=$((failed + bad))
else
    failed=$((failed + 1)); status=1
fi

# Node.js client: its unit tests (node --test, TAP summary lines "# pass N", "# fail N", "# cancelled N").
(cd clients/typescript && node --test --test-reporter=tap test/) 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
if grep -qE '^# pass [0-9]+$' "$log"; then
    tap() { local n; n=$(sed -nE "s/^# $1 ([0-9]+)$/\1/p" "$log" | tail -n 1); echo "${n:-0}"; }
    passed=$((passed + $(tap pass))); failed=$((failed + $(tap fail) + $(tap cancelled)))
else
    failed=$((failed + 1)); status=1
fi

# .NET: every test project in the solution.
dotnet test MagvitGrpc.sln -c Release --nologo 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
    sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+),.*/\2 \1/p' "$log")
grep -qE "Failed: +[0-9]+, Passed:" "$log" || { failed=$((failed + 1)); status=1; }

rm -f "$log"
echo "${passed} passed, ${failed} failed"
exit "$status"
