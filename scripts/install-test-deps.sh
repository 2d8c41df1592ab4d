#!/usr/bin/env bash
# What the test suites need beyond the .NET SDK pinned in global.json. Idempotent; quiet when all is present.
set -euo pipefail
command -v dotnet >/dev/null || { echo "the .NET SDK (see global.json) is required" >&2; exit 1; }
