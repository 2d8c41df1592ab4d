"""Iterators over the server-streamed halves of the calls: latent frames of tokens, or RGB24 frames."""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, TypeVar

import grpc

from .chunking import FrameAssembler
from .convert import chunk_ids, frame_header_from_proto, to_dict, token_header_from_proto
from .records import ContractError, FrameHeader, TokenHeader

T = TypeVar("T")


class Requests(Iterable[T]):
    """The request messages of a client-streaming call. gRPC reads them on its own thread and turns a failure there
    into an UNKNOWN status; this keeps the failure, so that the reader reports it instead."""

    def __init__(self, messages: Iterable[T]) -> None:
        self._messages = messages
        self.error: Optional[BaseException] = None

    def __iter__(self) -> Iterator[T]:
        try:
            yield from self._messages
        except Exception as error:
            self.error = error
            raise


class _CallStream:
    """Reads the header off a response stream at once; the rest on iteration. ``cancel()`` ends the call."""

    def __init__(self, call: Any, requests: Optional[Requests] = None) -> None:
        self._call = call
        self._requests = requests
        self.summary: Optional[Dict[str, Any]] = None
        try:
            first = next(call)
        except StopIteration:
            raise ContractError("the stream ended before its header") from None
        except grpc.RpcError as error:
            self._raise_send_error(error)
            raise
        try:
            if first.WhichOneof("payload") != "header":
                raise ContractError(f"the stream began with {first.WhichOneof('payload')}, not its header")
            self._read_header(first.header)
        except ContractError:
            call.cancel()
            raise
        self._iterator = self._read()

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self._iterator)
        except ContractError:
            self._call.cancel()  # the server may still be sending; a broken stream is not read on
            raise
        except grpc.RpcError as error:
            self._raise_send_error(error)
            raise

    def _raise_send_error(self, error: grpc.RpcError) -> None:
        if self._requests is not None and self._requests.error is not None:
            raise self._requests.error from error

    def cancel(self) -> None:
        """Cancels the call (the server stops work for it)."""
        self._call.cancel()

    def _read_header(self, message: Any) -> None:
        raise NotImplementedError

    def _read(self) -> Iterator[Any]:
        raise NotImplementedError


class LatentFrameStream(_CallStream):
    """Token stream of Tokenize or Generate: yields ``(latent_frame, ids)`` per latent frame, in order.

    ``header`` is the stream's :class:`TokenHeader`; ``summary`` (a dict of the StreamSummary or GenerationSummary)
    is set once the stream has been read to the end.
    """

    header: TokenHeader

    def _read_header(self, message: Any) -> None:
        self.header = token_header_from_proto(message)

    def _read(self) -> Iterator[Tuple[int, List[int]]]:
        per_frame = self.header.tokens_per_frame
        chunks = 0
        next_frame = 0
        for message in self._call:
            kind = message.WhichOneof("payload")
            if kind == "tokens":
                chunk = message.tokens
                if chunk.sequence_number != chunks or chunk.first_latent_frame != next_frame:
                    raise ContractError(
                        f"token chunk {chunk.sequence_number} at latent frame {chunk.first_latent_frame}; "
                        f"expected chunk {chunks} at latent frame {next_frame}")
                ids = chunk_ids(chunk, self.header)
                chunks += 1
                for i in range(chunk.latent_frame_count):
                    yield next_frame, ids[i * per_frame:(i + 1) * per_frame]
                    next_frame += 1
            elif kind == "summary":
                self.summary = to_dict(message.summary)
            elif kind == "rows":
                continue  # partial rows (stream_rows); the frame's chunk follows
            else:
                raise ContractError(f"unexpected {kind} after the header")
        if self.summary is None:
            raise ContractError("the stream ended without a summary")
        if self.header.frames is not None and next_frame != self.header.frames:
            raise ContractError(f"the header announced {self.header.frames} latent frames; the stream carried {next_frame}")


class FrameStream(_CallStream):
    """Frame stream of Detokenize: yields each RGB24 frame (``bytes`` of ``header.frame_bytes``) once it is whole.

    ``header`` is the stream's :class:`FrameHeader`; ``summary`` (a dict of the StreamSummary) is set once the stream
    has been read to the end.
    """

    header: FrameHeader

    def _read_header(self, message: Any) -> None:
        self.header = frame_header_from_proto(message)

    def _read(self) -> Iterator[bytes]:
        assembler = FrameAssembler(self.header.frame_bytes, self.header.frame_count)
        for message in self._call:
            kind = message.WhichOneof("payload")
            if kind == "frames":
                chunk = message.frames
                try:
                    frames = assembler.accept(chunk.sequence_number, chunk.offset, chunk.data)
                except ValueError as error:
                    raise ContractError(str(error)) from error
                yield from frames
            elif kind == "summary":
                self.summary = to_dict(message.summary)
            else:
                raise ContractError(f"unexpected {kind} after the header")
        try:
            assembler.complete()
        except ValueError as error:
            raise ContractError(str(error)) from error
        if self.summary is None:
            raise ContractError("the stream ended without a summary")
