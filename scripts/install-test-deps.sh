#!/usr/bin/env bash
# What the test suites need beyond the .NET SDK pinned in global.json. Idempotent; quiet when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "the .NET SDK (see global.json) is required" >&2; exit 1; }

# ffmpeg/ffprobe (Debian's), first: the media and training tests decode tiny clips that ffmpeg's lavfi sources make, and
# the magvit CLI's media commands and demo tell a person without ffmpeg to run this script.
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null 2>&1 \
        || { "${as_root[@]}" apt-get update -qq >/dev/null 2>&1 \
             && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null 2>&1; } \
        || { echo "ffmpeg is required by the magvit CLI and tests/Magvit.Media.Tests (apt-get install -y ffmpeg failed)" >&2; exit 1; }
fi

# The Python client (clients/python): Debian's protoc and grpc_python_plugin generate its stubs, python3-grpcio and
# python3-protobuf (the same releases: protobuf 3.21, gRPC 1.51) run them under /usr/bin/python3. libprotobuf-dev
# holds google/protobuf/duration.proto, which the contracts import.
apt_packages=(protobuf-compiler protobuf-compiler-grpc libprotobuf-dev python3-grpcio python3-protobuf)
missing=()
for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    command -v apt-get >/dev/null || { echo "Debian packages ${missing[*]} are required (clients/python)" >&2; exit 1; }
    sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    apt_install() { "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }
    apt_install || { "${sudo[@]}" apt-get update -qq >/dev/null && apt_install; } || {
        echo "could not install ${missing[*]} with apt-get (clients/python)" >&2; exit 1; }
fi

# npm packages, pinned by each folder's package-lock.json: the buf CLI at the root (scripts/lint-protos.sh), gRPC for
# the Node.js client in clients/typescript. `npm ci` runs only when the folder's node_modules is missing or was installed
# from another lock file; a stamp records the lock file it came from.
command -v npm >/dev/null || { echo "Node.js and npm are required (buf, for scripts/lint-protos.sh; clients/typescript)" >&2; exit 1; }
node_major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
[ "$node_major" -ge 20 ] || { echo "Node.js 20 or later is required (clients/typescript); found $(node --version)" >&2; exit 1; }
npm_ci() { # folder, a file that `npm ci` installs there
    local folder=$1 marker=$2 stamp="$1/node_modules/.magvit-lock.sha256" lock_hash
    lock_hash=$(sha256sum "$folder/package-lock.json" | cut -d ' ' -f 1)
    if [ ! -e "$folder/$marker" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
        (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        echo "$lock_hash" > "$stamp"
    fi
}
npm_ci . node_modules/.bin/buf
npm_ci clients/typescript node_modules/@grpc/grpc-js/package.json
