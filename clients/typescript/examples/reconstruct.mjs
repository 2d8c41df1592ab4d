#!/usr/bin/env node
// Tokenize a clip with a tokenizer service, decode the tokens with a detokenizer service, report what came back.
//
// Reads raw RGB24 frames (--input FILE --width W --height H: frames back to back, row-major) or makes a synthetic
// clip (moving colour gradients), and prints one JSON object: the token header, every latent frame's token ids, the
// stream summaries and the PSNR of the reconstruction against the input. --output FILE also writes the
// reconstructed frames as raw RGB24.
//
//   node clients/typescript/examples/reconstruct.mjs --tokenizer 127.0.0.1:5000 --detokenizer 127.0.0.1:5001

import { open, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import grpc from '@grpc/grpc-js';
import { DetokenizerClient, TokenizerClient } from '../src/index.mjs';

const { values: args } = parseArgs({
  options: {
    tokenizer: { type: 'string' },
    detokenizer: { type: 'string' },
    input: { type: 'string' },
    width: { type: 'string', default: '64' },
    height: { type: 'string', default: '64' },
    frames: { type: 'string', default: '9' },
    output: { type: 'string' },
    encoding: { type: 'string', default: 'packed' },
    timeout: { type: 'string', default: '60' },
  },
});

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Frames of smooth gradients that drift right and down by a pixel per frame: a deterministic test clip. */
function* syntheticClip(/** @type {number} */ frames, /** @type {number} */ width, /** @type {number} */ height) {
  for (let t = 0; t < frames; t++) {
    const frame = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        frame[i] = Math.floor(((x + t) * 255) / Math.max(1, width - 1 + frames)) & 0xff;
        frame[i + 1] = Math.floor(((y + t) * 255) / Math.max(1, height - 1 + frames)) & 0xff;
        frame[i + 2] = Math.floor(((x + y) * 255) / Math.max(1, width + height - 2)) & 0xff;
      }
    }
    yield frame;
  }
}

/** The frames of a raw RGB24 file, one at a time. */
async function* readFrames(/** @type {string} */ path, /** @type {number} */ frameBytes) {
  const file = await open(path);
  try {
    while (true) {
      const frame = new Uint8Array(frameBytes);
      const { bytesRead } = await file.read(frame, 0, frameBytes, null);
      if (bytesRead === 0) {
        return;
      }
      if (bytesRead !== frameBytes) {
        fail(`${path} ends inside a frame: ${bytesRead} of ${frameBytes} bytes`);
      }
      yield frame;
    }
  } catch (error) {
  // A failed call: its status and the server's message, as the other examples print them.
  const { code, details } = /** @type {{code?: number, details?: string}} */ (error);
  if (code === undefined) {
    throw error;
  }
  process.stderr.write(`${grpc.status[code]}: ${details}\n`);
  process.exitCode = 1;
} finally {
    await file.close();
  }
}

/** Peak signal-to-noise ratio in dB over all bytes (null when identical). */
function psnr(/** @type {Uint8Array} */ original, /** @type {Uint8Array} */ reconstructed) {
  let squared = 0;
  for (let i = 0; i < reconstructed.length; i++) {
    squared += (original[i] - reconstructed[i]) ** 2;
  }
  return squared === 0 ? null : 10 * Math.log10((255 ** 2 * reconstructed.length) / squared);
}

if (!args.tokenizer || !args.detokenizer) {
  fail('usage: reconstruct.mjs --tokenizer HOST:PORT --detokenizer HOST:PORT [--input FILE] [--width W] [--height H] '
    + '[--frames N] [--output FILE] [--encoding packed|uint32] [--timeout SECONDS]');
}
const [width, height, timeoutMs] = [Number(args.width), Number(args.height), Number(args.timeout) * 1000];
const frameBytes = width * height * 3;
let count;
let frames;
if (args.input) {
  const { size } = await stat(args.input);
  if (size === 0 || size % frameBytes !== 0) {
    fail(`${args.input} holds ${size} bytes: not whole ${width}×${height} RGB24 frames`);
  }
  [count, frames] = [size / frameBytes, readFrames(args.input, frameBytes)];
} else {
  [count, frames] = [Number(args.frames), syntheticClip(Number(args.frames), width, height)];
}
/** @type {Uint8Array[]} */
const original = [];
async function* sent() {
  for await (const frame of frames) {
    original.push(frame);
    yield frame;
  }
}

const tokenizer = new TokenizerClient(args.tokenizer, { timeoutMs });
const detokenizer = new DetokenizerClient(args.detokenizer, { timeoutMs });
try {
  const tokenEncoding = /** @type {'packed' | 'uint32'} */ (args.encoding);
  const { header, stream } = await tokenizer.tokenize(sent(), width, height, { frameCount: count, tokenEncoding });
  const tokens = [];
  for await (const { ids } of stream) {
    tokens.push(ids);
  }
  const decoded = await detokenizer.detokenize(header, tokens, { tokenEncoding });
  const reconstructed = [];
  for await (const frame of decoded) {
    reconstructed.push(frame);
  }
  const reconstruction = Buffer.concat(reconstructed);
  if (args.output) {
    await writeFile(args.output, reconstruction);
  }
  process.stdout.write(`${JSON.stringify({
    width,
    height,
    frames: count,
    reconstructed_frames: reconstruction.length / frameBytes,
    header,
    tokens,
    tokenize_summary: stream.summary,
    detokenize_summary: decoded.summary,
    psnr_db: psnr(Buffer.concat(original), reconstruction),
  })}\n`);
} catch (error) {
  // A failed call: its status and the server's message, as the other examples print them.
  const { code, details } = /** @type {{code?: number, details?: string}} */ (error);
  if (code === undefined) {
    throw error;
  }
  process.stderr.write(`${grpc.status[code]}: ${details}\n`);
  process.exitCode = 1;
} finally {
  tokenizer.close();
  detokenizer.close();
}
