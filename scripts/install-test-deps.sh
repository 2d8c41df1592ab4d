#!/usr/bin/env bash
# What the test suites need beyond the .NET SDK pinned in global.json. Idempotent; quiet when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "the .NET SDK (see global.json) is required" >&2; exit 1; }

# The buf CLI (scripts/lint-protos.sh), pinned in package.json / package-lock.json. `npm ci` runs only when
# node_modules is missing or was installed from another lock file; a stamp records the lock file it came from.
command -v npm >/dev/null || { echo "Node.js and npm are required (buf, for scripts/lint-protos.sh)" >&2; exit 1; }
stamp=node_modules/.magvit-lock.sha256
lock_hash=$(sha256sum package-lock.json | cut -d ' ' -f 1)
if [ ! -x node_modules/.bin/buf ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$lock_hash" > "$stamp"
fi

# ffmpeg/ffprobe (Debian's): the training library's media tests decode tiny clips that ffmpeg's lavfi sources make.
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null 2>&1 \
        || { "${as_root[@]}" apt-get update -qq >/dev/null 2>&1 \
             && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null 2>&1; } \
        || { echo "ffmpeg is required by tests/Magvit.Training.Tests (apt-get install -y ffmpeg failed)" >&2; exit 1; }
fi
