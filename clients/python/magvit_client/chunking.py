"""frames.proto's chunking rule, both directions.

A frame stream is one contiguous byte string (frames back to back, row-major RGB24). It travels as chunks of
1 … 65,536 bytes with sequence numbers 0, 1, 2, … and offsets equal to the bytes sent before them; chunk boundaries
need not fall on frame boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

MAX_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Chunk:
    """One slice of a frame byte string, as a FrameChunk carries it."""

    sequence_number: int
    offset: int
    data: bytes


def _require_chunk_size(max_chunk_bytes: int) -> None:
    if not 1 <= max_chunk_bytes <= MAX_CHUNK_BYTES:
        raise ValueError(f"chunks hold 1 … {MAX_CHUNK_BYTES} bytes, got a limit of {max_chunk_bytes}")


def split(data: bytes, max_chunk_bytes: int = MAX_CHUNK_BYTES) -> List[bytes]:
    """Consecutive slices of ``data`` of ``max_chunk_bytes`` each, the last one shorter; none for empty data."""
    _require_chunk_size(max_chunk_bytes)
    view = memoryview(data)
    return [bytes(view[start:start + max_chunk_bytes]) for start in range(0, len(view), max_chunk_bytes)]


class FrameChunker:
    """The sending side: numbers the slices of whatever is passed to :meth:`chunk`. One per stream."""

    def __init__(self, max_chunk_bytes: int = MAX_CHUNK_BYTES) -> None:
        _require_chunk_size(max_chunk_bytes)
        self._max_chunk_bytes = max_chunk_bytes
        self.next_sequence_number = 0
        self.offset = 0

    def chunk(self, data: bytes) -> List[Chunk]:
        """The chunks that carry ``data`` next in the stream (none for empty data)."""
        chunks = []
        for piece in split(data, self._max_chunk_bytes):
            chunks.append(Chunk(self.next_sequence_number, self.offset, piece))
            self.next_sequence_number += 1
            self.offset += len(piece)
        return chunks


class FrameAssembler:
    """The receiving side: checks each chunk against the rule and hands back whole frames as they complete."""

    def __init__(self, frame_bytes: int, frame_count: Optional[int] = None) -> None:
        if frame_bytes <= 0:
            raise ValueError(f"a frame holds at least one byte, got {frame_bytes}")
        self._frame_bytes = frame_bytes
        self._expected = None if frame_count is None else frame_count * frame_bytes
        self._pending = bytearray()
        self.next_sequence_number = 0
        self.offset = 0

    @property
    def complete_frames(self) -> int:
        """Frames received completely so far."""
        return self.offset // self._frame_bytes

    def accept(self, sequence_number: int, offset: int, data: bytes) -> List[bytes]:
        """Checks the next chunk and returns the frames it completes (possibly none)."""
        if sequence_number != self.next_sequence_number:
            raise ValueError(f"frame chunk {sequence_number} arrived where {self.next_sequence_number} was due")
        if offset != self.offset:
            raise ValueError(f"frame chunk {sequence_number} starts at byte {offset}; the stream is at byte {self.offset}")
        if not 1 <= len(data) <= MAX_CHUNK_BYTES:
            raise ValueError(f"frame chunk {sequence_number} holds {len(data)} bytes; chunks hold 1 … {MAX_CHUNK_BYTES}")
        if self._expected is not None and self.offset + len(data) > self._expected:
            raise ValueError(f"frame chunk {sequence_number} goes past the {self._expected} bytes of the header's frame_count")
        self.next_sequence_number += 1
        self.offset += len(data)
        self._pending += data
        whole = len(self._pending) // self._frame_bytes * self._frame_bytes
        frames = [bytes(self._pending[start:start + self._frame_bytes]) for start in range(0, whole, self._frame_bytes)]
        del self._pending[:whole]
        return frames

    def complete(self) -> None:
        """Checks, at the end of the stream, that it held whole frames and as many as announced."""
        if self._pending:
            raise ValueError(f"the frame stream ended inside frame {self.complete_frames}: {self.offset} bytes is not a multiple of {self._frame_bytes}")
        if self._expected is not None and self.offset != self._expected:
            raise ValueError(f"the frame stream ended after {self.complete_frames} frames; the header announced {self._expected // self._frame_bytes}")
