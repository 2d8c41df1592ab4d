"""Python client of the MAGVIT-v2 gRPC services (magvit.v1): tokenizer, detokenizer, generator.

Callers see plain records and Python values; the generated messages (package ``magvit.v1``, made by
``clients/python/generate.sh``) stay inside. Token packing and frame chunking follow tokens.proto and frames.proto.
"""

from .chunking import MAX_CHUNK_BYTES, Chunk, FrameAssembler, FrameChunker, split
from .packing import pack_tokens, packed_length, require_ids, unpack_tokens
from .records import ContractError, FrameHeader, TokenHeader

try:
    from .clients import DEFAULT_TIMEOUT, DetokenizerClient, GeneratorClient, TokenizerClient
    from .streams import FrameStream, LatentFrameStream
except ModuleNotFoundError as error:  # pragma: no cover - depends on the machine
    if error.name in ("magvit", "magvit.v1") or (error.name or "").startswith("magvit.v1."):
        raise ModuleNotFoundError(
            "the generated magvit.v1 modules are missing: run clients/python/generate.sh", name=error.name) from error
    if error.name in ("grpc", "google", "google.protobuf"):
        raise ModuleNotFoundError(
            f"{error.name} is missing: apt-get install python3-grpcio python3-protobuf and run the Debian "
            "interpreter /usr/bin/python3 (scripts/install-test-deps.sh installs them)", name=error.name) from error
    raise

__all__ = [
    "Chunk", "ContractError", "DEFAULT_TIMEOUT", "DetokenizerClient", "FrameAssembler", "FrameChunker", "FrameHeader",
    "FrameStream", "GeneratorClient", "LatentFrameStream", "MAX_CHUNK_BYTES", "TokenHeader", "TokenizerClient",
    "pack_tokens", "packed_length", "require_ids", "split", "unpack_tokens",
]
