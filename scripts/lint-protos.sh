#!/usr/bin/env bash
# Lints the service contracts (protos/, rules in buf.yaml) with the buf CLI from node_modules (package.json pins
# it; scripts/install-test-deps.sh installs it). Once a release is tagged, also checks that the protos make no
# breaking change against the newest v* tag. Prints one line per check; exits non-zero when either fails.
set -uo pipefail
cd "$(dirname "$0")/.."

buf=node_modules/.bin/buf
if [ ! -x "$buf" ]; then
    echo "buf lint: FAILED — $buf is missing (run: bash scripts/install-test-deps.sh)"
    exit 1
fi

status=0
files=$("$buf" ls-files | wc -l)
if "$buf" lint; then
    echo "buf lint: OK (${files} files, $("$buf" --version))"
else
    echo "buf lint: FAILED (see above)"
    status=1
fi

# The newest release tag by version order (v1.10.0 after v1.9.0). Its protos and buf.yaml are exported to a
# temporary folder, which works the same in worktrees, shallow clones and plain checkouts.
tag=$(git tag --list 'v*' --sort=-version:refname 2>/dev/null | head -n 1)
if [ -z "$tag" ]; then
    echo "buf breaking: skipped — no v* release tag yet"
else
    against=$(mktemp -d)
    trap 'rm -rf "$against"' EXIT
    if ! git archive "$tag" buf.yaml protos 2>/dev/null | tar -x -C "$against" 2>/dev/null \
        || [ ! -f "$against/buf.yaml" ]; then
        echo "buf breaking: skipped — tag $tag has no buf.yaml and protos/"
    elif "$buf" breaking --against "$against"; then
        echo "buf breaking: OK against $tag"
    else
        echo "buf breaking: FAILED against $tag (see above)"
        status=1
    fi
fi

exit "$status"
