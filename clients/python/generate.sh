#!/usr/bin/env bash
# Generates the Python messages and gRPC stubs of protos/magvit/v1/*.proto into clients/python/magvit/ (git-ignored,
# like the C# code Magvit.Contracts generates at build time). Run it again whenever a .proto changes; it is fast.
#
# Tools: Debian 12's protoc 3.21 (protobuf-compiler) with grpc_python_plugin 1.51 (protobuf-compiler-grpc), the same
# releases as the runtime packages python3-protobuf 3.21 (module version 4.21) and python3-grpcio 1.51, so the generated
# code is what that runtime expects. Not python3-grpc-tools: its bundled protoc (3.6) predates proto3 `optional`, which
# the contracts use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
protos=$(cd "$here/../../protos" && pwd)

for tool in protoc grpc_python_plugin; do
    command -v "$tool" >/dev/null || {
        echo "$tool is missing: apt-get install protobuf-compiler protobuf-compiler-grpc (scripts/install-test-deps.sh does)" >&2
        exit 1
    }
done

# Generate into a scratch folder and swap it in, so a reader never sees half a package.
scratch=$(mktemp -d "$here/.generate.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
protoc -I "$protos" \
    --python_out="$scratch" \
    --grpc_out="$scratch" --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" \
    "$protos"/magvit/v1/*.proto
# The messages-only protos get empty service modules; keep only the ones that define services.
find "$scratch/magvit/v1" -name '*_pb2_grpc.py' ! -name '*_service_pb2_grpc.py' -delete
touch "$scratch/magvit/__init__.py" "$scratch/magvit/v1/__init__.py"
rm -rf "$here/magvit"
mv "$scratch/magvit" "$here/magvit"
