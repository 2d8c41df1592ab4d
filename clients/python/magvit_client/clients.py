"""Blocking clients of the three magvit.v1 services. Every call carries a deadline (``timeout`` seconds)."""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, Optional, Sequence, Tuple, Union

import grpc

from magvit.v1 import (
    detokenizer_service_pb2,
    detokenizer_service_pb2_grpc,
    frames_pb2,
    generator_service_pb2,
    generator_service_pb2_grpc,
    model_pb2,
    tokenizer_service_pb2,
    tokenizer_service_pb2_grpc,
)

from .chunking import MAX_CHUNK_BYTES, FrameChunker
from .convert import encoding, frame_header_to_proto, to_dict, token_chunk, token_header_to_proto
from .records import FrameHeader, TokenHeader
from .streams import FrameStream, LatentFrameStream, Requests

DEFAULT_TIMEOUT = 60.0
"""Seconds a call may take, start to end, unless the client or the call says otherwise."""

_MODES = {
    None: generator_service_pb2.GENERATION_MODE_UNSPECIFIED,
    "masked": generator_service_pb2.GENERATION_MODE_MASKED,
    "autoregressive": generator_service_pb2.GENERATION_MODE_AUTOREGRESSIVE,
}


class _Client:
    """Owns a channel to ``target`` ("host:port") unless given one; usable as a context manager."""

    def __init__(self, target: Union[str, grpc.Channel], timeout: float = DEFAULT_TIMEOUT) -> None:
        if timeout is None or timeout <= 0:
            raise ValueError("every call needs a deadline: timeout must be a positive number of seconds")
        self._owned = isinstance(target, str)
        self._channel = grpc.insecure_channel(target) if isinstance(target, str) else target
        self.timeout = timeout

    def _deadline(self, timeout: Optional[float]) -> float:
        return self.timeout if timeout is None else timeout

    def close(self) -> None:
        if self._owned:
            self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class TokenizerClient(_Client):
    """Frames → tokens (magvit.v1.TokenizerService)."""

    def __init__(self, target: Union[str, grpc.Channel], timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(target, timeout)
        self._stub = tokenizer_service_pb2_grpc.TokenizerServiceStub(self._channel)

    def tokenize(self, frames: Iterable[bytes], width: int, height: int, *, frame_count: Optional[int] = None,
                 frame_rate: Optional[Tuple[int, int]] = None, token_encoding: str = "packed",
                 expected_weights_sha256: str = "", stream_id: str = "", max_chunk_bytes: int = MAX_CHUNK_BYTES,
                 timeout: Optional[float] = None) -> Tuple[TokenHeader, LatentFrameStream]:
        """Streams ``frames`` (RGB24 bytes, any slicing; usually one frame each) to the tokenizer.

        Returns the token header and an iterator of ``(latent_frame, ids)``, each latent frame as soon as the server
        has determined it. Frames are consumed on gRPC's sending thread while the tokens are read.
        """
        header = tokenizer_service_pb2.TokenizeHeader(
            frames=frame_header_to_proto(FrameHeader(width, height, frame_count, frame_rate)),
            token_encoding=encoding(token_encoding),
            expected_model=model_pb2.ModelIdentity(weights_sha256=expected_weights_sha256),
            stream_id=stream_id,
        )

        def requests() -> Iterator[tokenizer_service_pb2.TokenizeRequest]:
            yield tokenizer_service_pb2.TokenizeRequest(header=header)
            chunker = FrameChunker(max_chunk_bytes)
            for data in frames:
                for chunk in chunker.chunk(data):
                    yield tokenizer_service_pb2.TokenizeRequest(frames=frames_pb2.FrameChunk(
                        sequence_number=chunk.sequence_number, offset=chunk.offset, data=chunk.data))

        messages = Requests(requests())
        stream = LatentFrameStream(self._stub.Tokenize(iter(messages), timeout=self._deadline(timeout)), messages)
        return stream.header, stream

    def model_info(self, *, timeout: Optional[float] = None) -> Dict[str, Any]:
        """The served model (magvit.v1.ModelInfo as a dict, proto field names)."""
        response = self._stub.GetModelInfo(
            tokenizer_service_pb2.TokenizerServiceGetModelInfoRequest(), timeout=self._deadline(timeout))
        return to_dict(response.model)


class DetokenizerClient(_Client):
    """Tokens → frames (magvit.v1.DetokenizerService)."""

    def __init__(self, target: Union[str, grpc.Channel], timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(target, timeout)
        self._stub = detokenizer_service_pb2_grpc.DetokenizerServiceStub(self._channel)

    def detokenize(self, header: TokenHeader, token_frames: Iterable[Sequence[int]], *, token_encoding: str = "packed",
                   stream_id: str = "", timeout: Optional[float] = None) -> FrameStream:
        """Streams latent frames of ids (each ``header.tokens_per_frame`` ids in raster order, one chunk each).

        Returns an iterator of RGB24 frames (``bytes``) as they decode; its ``header`` describes them.
        """
        wire = encoding(token_encoding)

        def requests() -> Iterator[detokenizer_service_pb2.DetokenizeRequest]:
            yield detokenizer_service_pb2.DetokenizeRequest(header=detokenizer_service_pb2.DetokenizeHeader(
                tokens=token_header_to_proto(header), pixel_format=frames_pb2.PIXEL_FORMAT_RGB24, stream_id=stream_id))
            for n, ids in enumerate(token_frames):
                if len(ids) != header.tokens_per_frame:
                    raise ValueError(f"latent frame {n} holds {len(ids)} ids; the grid needs {header.tokens_per_frame}")
                yield detokenizer_service_pb2.DetokenizeRequest(
                    tokens=token_chunk(n, n, [ids], header.codebook_bits, wire))

        messages = Requests(requests())
        return FrameStream(self._stub.Detokenize(iter(messages), timeout=self._deadline(timeout)), messages)

    def model_info(self, *, timeout: Optional[float] = None) -> Dict[str, Any]:
        """The served model (magvit.v1.ModelInfo as a dict, proto field names)."""
        response = self._stub.GetModelInfo(
            detokenizer_service_pb2.DetokenizerServiceGetModelInfoRequest(), timeout=self._deadline(timeout))
        return to_dict(response.model)


class GeneratorClient(_Client):
    """Condition → tokens (magvit.v1.GeneratorService)."""

    def __init__(self, target: Union[str, grpc.Channel], timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(target, timeout)
        self._stub = generator_service_pb2_grpc.GeneratorServiceStub(self._channel)

    def generate(self, latent_frames: int, *, class_id: Optional[int] = None, seed: int = 0,
                 temperature: Optional[float] = None, top_k: int = 0, top_p: Optional[float] = None,
                 guidance_scale: Optional[float] = None, greedy: bool = False, steps: Optional[int] = None,
                 mode: Optional[str] = None, prompt: Optional[Tuple[TokenHeader, Sequence[Sequence[int]]]] = None,
                 token_encoding: str = "packed", expected_weights_sha256: str = "", stream_id: str = "",
                 timeout: Optional[float] = None) -> Tuple[TokenHeader, LatentFrameStream]:
        """Generates ``latent_frames`` latent frames after the optional prompt (its header and latent frames).

        Unset sampling options take the server's defaults; the same seed, model and request give the same tokens.
        Returns the token header and an iterator of ``(latent_frame, ids)``: the prompt's frames first, then each
        generated frame as soon as it is final.
        """
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {[m for m in _MODES if m]} or None, got {mode!r}")
        sampling = generator_service_pb2.SamplingParameters(top_k=top_k, greedy=greedy, seed=seed)
        for name, value in (("temperature", temperature), ("top_p", top_p), ("guidance_scale", guidance_scale),
                            ("steps", steps)):
            if value is not None:
                setattr(sampling, name, value)
        condition = generator_service_pb2.GenerationCondition()
        if class_id is not None:
            condition.class_id = class_id
        if prompt is not None:
            prompt_header, prompt_frames = prompt
            condition.prompt_header.CopyFrom(token_header_to_proto(prompt_header))
            for n, ids in enumerate(prompt_frames):
                condition.prompt.append(token_chunk(n, n, [ids], prompt_header.codebook_bits))
        request = generator_service_pb2.GenerateRequest(
            mode=_MODES[mode], condition=condition, latent_frames=latent_frames, sampling=sampling,
            token_encoding=encoding(token_encoding),
            expected_model=model_pb2.ModelIdentity(weights_sha256=expected_weights_sha256), stream_id=stream_id)
        stream = LatentFrameStream(self._stub.Generate(request, timeout=self._deadline(timeout)))
        return stream.header, stream

    def model_info(self, *, timeout: Optional[float] = None) -> Dict[str, Any]:
        """The served model (magvit.v1.GeneratorModelInfo as a dict, proto field names)."""
        response = self._stub.GetModelInfo(
            generator_service_pb2.GeneratorServiceGetModelInfoRequest(), timeout=self._deadline(timeout))
        return to_dict(response.model)
