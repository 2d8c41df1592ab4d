"""What callers of magvit_client see instead of protobuf messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple


class ContractError(ValueError):
    """A message broke the magvit.v1 contract (a server answered out of order, a chunk was malformed)."""


@dataclass(frozen=True)
class TokenHeader:
    """Describes every token of one token stream (magvit.v1.TokenHeader), in raster order with LSB-first bits."""

    codebook_bits: int  # K: bits per token, 1 … 31
    height: int  # latent grid rows
    width: int  # latent grid columns
    frames: Optional[int] = None  # latent frames in the stream, when known
    model_id: str = ""
    weights_sha256: str = ""  # the weights that made the tokens; a detokenizer checks it
    spatial_factor: int = 0  # pixels per token along each axis
    temporal_factor: int = 0  # frames per latent frame after the first
    frame_rule: str = "FRAME_RULE_UNSPECIFIED"  # magvit.v1.FrameRule value name
    window_frames: int = 0

    @property
    def tokens_per_frame(self) -> int:
        """Tokens in one latent frame: height · width."""
        return self.height * self.width


@dataclass(frozen=True)
class FrameHeader:
    """Describes every frame of one frame stream (magvit.v1.FrameHeader); frames are RGB24."""

    width: int
    height: int
    frame_count: Optional[int] = None
    frame_rate: Optional[Tuple[int, int]] = None  # (numerator, denominator)

    @property
    def frame_bytes(self) -> int:
        """Bytes of one RGB24 frame: width · height · 3."""
        return self.width * self.height * 3
