"""Records ↔ generated magvit.v1 messages, and token chunks ↔ ids. The one module that knows both."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.duration_pb2 import Duration

from magvit.v1 import frames_pb2, model_pb2, tokens_pb2

from .packing import pack_tokens, require_ids, unpack_tokens
from .records import ContractError, FrameHeader, TokenHeader

ENCODINGS = {
    "packed": tokens_pb2.TOKEN_ENCODING_PACKED,
    "uint32": tokens_pb2.TOKEN_ENCODING_UINT32,
}


def encoding(name: str) -> int:
    """The TokenEncoding value of "packed" or "uint32"."""
    try:
        return ENCODINGS[name]
    except KeyError:
        raise ValueError(f"token encoding must be one of {sorted(ENCODINGS)}, got {name!r}") from None


def to_dict(message: Any) -> Dict[str, Any]:
    """A message as a dict with proto field names: integers as ints (also 64-bit ones), enums as value names,
    durations as float seconds, unset message and optional fields as None."""
    result: Dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if field.label == FieldDescriptor.LABEL_REPEATED:
            result[field.name] = [_value(field, item) for item in value]
        elif field.has_presence and not message.HasField(field.name):
            result[field.name] = None
        else:
            result[field.name] = _value(field, value)
    return result


def _value(field: FieldDescriptor, value: Any) -> Any:
    if field.type == FieldDescriptor.TYPE_ENUM:
        return field.enum_type.values_by_number[value].name if value in field.enum_type.values_by_number else value
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return value.ToTimedelta().total_seconds() if isinstance(value, Duration) else to_dict(value)
    return value


def token_header_from_proto(message: tokens_pb2.TokenHeader) -> TokenHeader:
    if message.raster_order not in (tokens_pb2.RASTER_ORDER_UNSPECIFIED, tokens_pb2.RASTER_ORDER_TIME_ROW_COLUMN):
        raise ContractError(f"unknown raster order {message.raster_order}")
    if message.bit_order not in (tokens_pb2.TOKEN_BIT_ORDER_UNSPECIFIED, tokens_pb2.TOKEN_BIT_ORDER_LSB_FIRST):
        raise ContractError(f"unknown token bit order {message.bit_order}")
    geometry = message.geometry
    return TokenHeader(
        codebook_bits=message.codebook_bits,
        height=message.grid.height,
        width=message.grid.width,
        frames=message.grid.frames if message.grid.HasField("frames") else None,
        model_id=message.model.model_id,
        weights_sha256=message.model.weights_sha256,
        spatial_factor=geometry.spatial_factor,
        temporal_factor=geometry.temporal_factor,
        frame_rule=model_pb2.FrameRule.Name(geometry.frame_rule),
        window_frames=geometry.window_frames,
    )


def token_header_to_proto(header: TokenHeader) -> tokens_pb2.TokenHeader:
    grid = tokens_pb2.LatentGrid(height=header.height, width=header.width)
    if header.frames is not None:
        grid.frames = header.frames
    return tokens_pb2.TokenHeader(
        codebook_bits=header.codebook_bits,
        grid=grid,
        raster_order=tokens_pb2.RASTER_ORDER_TIME_ROW_COLUMN,
        bit_order=tokens_pb2.TOKEN_BIT_ORDER_LSB_FIRST,
        model=model_pb2.ModelIdentity(model_id=header.model_id, weights_sha256=header.weights_sha256),
        geometry=model_pb2.TokenizerGeometry(
            spatial_factor=header.spatial_factor,
            temporal_factor=header.temporal_factor,
            frame_rule=model_pb2.FrameRule.Value(header.frame_rule),
            window_frames=header.window_frames,
        ),
    )


def frame_header_from_proto(message: frames_pb2.FrameHeader) -> FrameHeader:
    if message.pixel_format != frames_pb2.PIXEL_FORMAT_RGB24:
        raise ContractError(f"frames arrive as pixel format {message.pixel_format}; this client reads RGB24 only")
    if message.width == 0 or message.height == 0:
        raise ContractError(f"a {message.width}×{message.height} frame header")
    rate = message.frame_rate
    return FrameHeader(
        width=message.width,
        height=message.height,
        frame_count=message.frame_count if message.HasField("frame_count") else None,
        frame_rate=(rate.numerator, rate.denominator) if rate.denominator else None,
    )


def frame_header_to_proto(header: FrameHeader) -> frames_pb2.FrameHeader:
    message = frames_pb2.FrameHeader(width=header.width, height=header.height, pixel_format=frames_pb2.PIXEL_FORMAT_RGB24)
    if header.frame_count is not None:
        message.frame_count = header.frame_count
    if header.frame_rate is not None:
        message.frame_rate.numerator, message.frame_rate.denominator = header.frame_rate
    return message


def token_chunk(sequence_number: int, first_latent_frame: int, frames: Sequence[Sequence[int]], bits: int,
                token_encoding: int = tokens_pb2.TOKEN_ENCODING_PACKED) -> tokens_pb2.TokenChunk:
    """A chunk of whole latent frames (each a sequence of ids in raster order)."""
    if not frames:
        raise ValueError("a token chunk carries at least one latent frame")
    ids: List[int] = [token for frame in frames for token in frame]
    chunk = tokens_pb2.TokenChunk(
        sequence_number=sequence_number, first_latent_frame=first_latent_frame, latent_frame_count=len(frames))
    if token_encoding == tokens_pb2.TOKEN_ENCODING_UINT32:
        require_ids(ids, bits)
        chunk.token_ids.ids.extend(ids)
    else:
        chunk.packed_tokens = pack_tokens(ids, bits)
    return chunk


def chunk_ids(chunk: tokens_pb2.TokenChunk, header: TokenHeader) -> List[int]:
    """The ids of ``chunk`` (either encoding), checked against the token contract."""
    if chunk.latent_frame_count == 0:
        raise ContractError("a token chunk carries at least one latent frame")
    count = chunk.latent_frame_count * header.tokens_per_frame
    kind = chunk.WhichOneof("tokens")
    try:
        if kind == "packed_tokens":
            return unpack_tokens(chunk.packed_tokens, header.codebook_bits, count)
        if kind == "token_ids":
            ids = list(chunk.token_ids.ids)
            if len(ids) != count:
                raise ValueError(f"the chunk holds {len(ids)} ids; {chunk.latent_frame_count} latent frames need {count}")
            require_ids(ids, header.codebook_bits)
            return ids
    except ValueError as error:
        raise ContractError(str(error)) from error
    raise ContractError("the chunk carries no tokens (neither packed_tokens nor token_ids is set)")
