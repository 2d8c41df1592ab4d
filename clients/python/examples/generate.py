#!/usr/bin/env python3
"""Generate latent frames of tokens with a generator service and print them as JSON (header, tokens, summary).

    python3 clients/python/examples/generate.py --generator 127.0.0.1:5002 --latent-frames 2 --seed 7
"""

import argparse
import dataclasses
import json
import os
import sys

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from magvit_client import GeneratorClient  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generator", required=True, help="host:port of the generator service")
    parser.add_argument("--latent-frames", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--class-id", type=int, help="class to condition on; default: unconditional")
    parser.add_argument("--temperature", type=float)
    parser.add_argument("--top-k", type=int, default=0)
    parser.add_argument("--top-p", type=float)
    parser.add_argument("--guidance-scale", type=float)
    parser.add_argument("--steps", type=int, help="decoding steps per latent frame (masked models)")
    parser.add_argument("--greedy", action="store_true")
    parser.add_argument("--encoding", choices=("packed", "uint32"), default="packed", help="token encoding on the wire")
    parser.add_argument("--timeout", type=float, default=60.0, help="deadline of the call, seconds")
    args = parser.parse_args()

    with GeneratorClient(args.generator, args.timeout) as generator:
        header, stream = generator.generate(
            args.latent_frames, class_id=args.class_id, seed=args.seed, temperature=args.temperature,
            top_k=args.top_k, top_p=args.top_p, guidance_scale=args.guidance_scale, greedy=args.greedy,
            steps=args.steps, token_encoding=args.encoding)
        tokens = [ids for _, ids in stream]
    json.dump({"header": dataclasses.asdict(header), "tokens": tokens, "summary": stream.summary}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except grpc.RpcError as error:
        sys.exit(f"{error.code().name}: {error.details()}")
