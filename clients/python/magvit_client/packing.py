"""The packed token encoding of ``magvit.v1.TokenChunk.packed_tokens`` (tokens.proto).

K bits per token, little-endian: bit i of token n is bit n·K + i of the byte string, bits numbered LSB-first within
each byte. The string is exactly ceil(count·K / 8) bytes long and its trailing pad bits are zero. Equivalently, the
bytes are the little-endian encoding of the integer Σ_n id_n · 2^(n·K).
"""

from __future__ import annotations

from typing import Iterable, List, Sequence

MIN_BITS = 1
MAX_BITS = 31


def _require_bits(bits: int) -> None:
    if not MIN_BITS <= bits <= MAX_BITS:
        raise ValueError(f"bits per token must lie in {MIN_BITS} … {MAX_BITS}, got {bits}")


def packed_length(count: int, bits: int) -> int:
    """Bytes that ``count`` tokens of ``bits`` bits pack into: ceil(count·bits / 8)."""
    _require_bits(bits)
    if count < 0:
        raise ValueError(f"token count must be ≥ 0, got {count}")
    return (count * bits + 7) // 8


def require_ids(ids: Iterable[int], bits: int) -> None:
    """Raises ValueError unless every id lies in [0, 2^bits) (for the uint32 encoding)."""
    _require_bits(bits)
    limit = 1 << bits
    for n, token in enumerate(ids):
        if not 0 <= token < limit:
            raise ValueError(f"token id {token} at index {n} does not fit in {bits} bits (ids must be < {limit})")


def pack_tokens(ids: Sequence[int], bits: int) -> bytes:
    """Packs ``ids`` (each in [0, 2^bits)) into ceil(len(ids)·bits / 8) bytes."""
    _require_bits(bits)
    limit = 1 << bits
    out = bytearray()
    accumulator = 0  # bits not yet written, lowest first
    held = 0  # how many; < 8 between tokens
    for n, token in enumerate(ids):
        if not 0 <= token < limit:
            raise ValueError(f"token id {token} at index {n} does not fit in {bits} bits (ids must be < {limit})")
        accumulator |= token << held
        held += bits
        while held >= 8:
            out.append(accumulator & 0xFF)
            accumulator >>= 8
            held -= 8
    if held:
        out.append(accumulator)  # the bits above `held` are zero: the pad bits
    return bytes(out)


def unpack_tokens(packed: bytes, bits: int, count: int) -> List[int]:
    """The ``count`` ids of ``bits`` bits in ``packed``; ValueError for a wrong length or a set pad bit."""
    expected = packed_length(count, bits)
    if len(packed) != expected:
        raise ValueError(f"packed tokens hold {len(packed)} bytes; {count} tokens of {bits} bits need {expected}")
    mask = (1 << bits) - 1
    ids = [0] * count
    accumulator = 0
    held = 0
    read = 0
    for n in range(count):
        while held < bits:
            accumulator |= packed[read] << held
            read += 1
            held += 8
        ids[n] = accumulator & mask
        accumulator >>= bits
        held -= bits
    # Every byte has been read (the length is exactly ceil(count·bits/8)); what is left are the pad bits.
    if accumulator:
        raise ValueError(f"the pad bits after {count} tokens of {bits} bits must be zero (got {accumulator:#x})")
    return ids
