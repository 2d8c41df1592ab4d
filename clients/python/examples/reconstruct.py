#!/usr/bin/env python3
"""Tokenize a clip with a tokenizer service, decode the tokens with a detokenizer service, report what came back.

Reads raw RGB24 frames (``--input FILE --width W --height H``: frames back to back, row-major) or makes a synthetic
clip (moving colour gradients), and prints one JSON object: the token header, every latent frame's token ids, the
stream summaries and the PSNR of the reconstruction against the input. ``--output FILE`` also writes the
reconstructed frames as raw RGB24.

    python3 clients/python/examples/reconstruct.py --tokenizer 127.0.0.1:5000 --detokenizer 127.0.0.1:5001
"""

import argparse
import dataclasses
import json
import math
import os
import sys

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from magvit_client import DetokenizerClient, TokenizerClient  # noqa: E402


def synthetic_clip(frames, width, height):
    """Frames of smooth gradients that drift right and down by a pixel per frame: a deterministic test clip."""
    for t in range(frames):
        frame = bytearray(width * height * 3)
        for y in range(height):
            for x in range(width):
                i = (y * width + x) * 3
                frame[i] = (x + t) * 255 // max(1, width - 1 + frames) & 0xFF
                frame[i + 1] = (y + t) * 255 // max(1, height - 1 + frames) & 0xFF
                frame[i + 2] = (x + y) * 255 // max(1, width + height - 2) & 0xFF
        yield bytes(frame)


def read_frames(path, frame_bytes):
    """The frames of a raw RGB24 file, one at a time; the file must hold whole frames."""
    with open(path, "rb") as file:
        while True:
            frame = file.read(frame_bytes)
            if not frame:
                return
            if len(frame) != frame_bytes:
                raise SystemExit(f"{path} ends inside a frame: {len(frame)} of {frame_bytes} bytes")
            yield frame


def psnr(original, reconstructed):
    """Peak signal-to-noise ratio in dB over all bytes (None when identical)."""
    squared = sum((a - b) ** 2 for a, b in zip(original, reconstructed))
    if squared == 0:
        return None
    return 10 * math.log10(255 ** 2 * len(original) / squared)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer", required=True, help="host:port of the tokenizer service")
    parser.add_argument("--detokenizer", required=True, help="host:port of the detokenizer service")
    parser.add_argument("--input", help="raw RGB24 frames; default: a synthetic clip")
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--height", type=int, default=64)
    parser.add_argument("--frames", type=int, default=9, help="frames of the synthetic clip")
    parser.add_argument("--output", help="write the reconstructed frames here (raw RGB24)")
    parser.add_argument("--encoding", choices=("packed", "uint32"), default="packed", help="token encoding on the wire")
    parser.add_argument("--timeout", type=float, default=60.0, help="deadline of each call, seconds")
    args = parser.parse_args()

    frame_bytes = args.width * args.height * 3
    if args.input:
        size = os.path.getsize(args.input)
        if size == 0 or size % frame_bytes:
            raise SystemExit(f"{args.input} holds {size} bytes: not whole {args.width}×{args.height} RGB24 frames")
        count, frames = size // frame_bytes, read_frames(args.input, frame_bytes)
    else:
        count, frames = args.frames, synthetic_clip(args.frames, args.width, args.height)
    original = bytearray()

    def sent(source):
        for frame in source:
            original.extend(frame)
            yield frame

    with TokenizerClient(args.tokenizer, args.timeout) as tokenizer, \
            DetokenizerClient(args.detokenizer, args.timeout) as detokenizer:
        header, stream = tokenizer.tokenize(
            sent(frames), args.width, args.height, frame_count=count, token_encoding=args.encoding)
        tokens = [ids for _, ids in stream]
        decoded = detokenizer.detokenize(header, tokens, token_encoding=args.encoding)
        reconstruction = b"".join(decoded)

    if args.output:
        with open(args.output, "wb") as file:
            file.write(reconstruction)
    json.dump({
        "width": args.width,
        "height": args.height,
        "frames": count,
        "reconstructed_frames": len(reconstruction) // frame_bytes,
        "header": dataclasses.asdict(header),
        "tokens": tokens,
        "tokenize_summary": stream.summary,
        "detokenize_summary": decoded.summary,
        "psnr_db": psnr(original[:len(reconstruction)], reconstruction),
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except grpc.RpcError as error:
        sys.exit(f"{error.code().name}: {error.details()}")
