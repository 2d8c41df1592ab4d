#!/usr/bin/env node
// Generate latent frames of tokens with a generator service and print them as JSON (header, tokens, summary).
//
//   node clients/typescript/examples/generate.mjs --generator 127.0.0.1:5002 --latent-frames 2 --seed 7

import { parseArgs } from 'node:util';
import grpc from '@grpc/grpc-js';
import { GeneratorClient } from '../src/index.mjs';

const { values: args } = parseArgs({
  options: {
    generator: { type: 'string' },
    'latent-frames': { type: 'string', default: '1' },
    seed: { type: 'string', default: '0' },
    'class-id': { type: 'string' },
    temperature: { type: 'string' },
    'top-k': { type: 'string', default: '0' },
    'top-p': { type: 'string' },
    'guidance-scale': { type: 'string' },
    steps: { type: 'string' },
    greedy: { type: 'boolean', default: false },
    encoding: { type: 'string', default: 'packed' },
    timeout: { type: 'string', default: '60' },
  },
});

if (!args.generator) {
  process.stderr.write('usage: generate.mjs --generator HOST:PORT [--latent-frames N] [--seed S] [--class-id C] '
    + '[--temperature T] [--top-k K] [--top-p P] [--guidance-scale S] [--steps N] [--greedy] [--encoding packed|uint32] '
    + '[--timeout SECONDS]\n');
  process.exit(2);
}
const number = (/** @type {string | undefined} */ value) => (value == null ? undefined : Number(value));

const generator = new GeneratorClient(args.generator, { timeoutMs: Number(args.timeout) * 1000 });
try {
  const { header, stream } = await generator.generate(Number(args['latent-frames']), {
    seed: args.seed,
    classId: number(args['class-id']),
    temperature: number(args.temperature),
    topK: Number(args['top-k']),
    topP: number(args['top-p']),
    guidanceScale: number(args['guidance-scale']),
    steps: number(args.steps),
    greedy: args.greedy,
    tokenEncoding: /** @type {'packed' | 'uint32'} */ (args.encoding),
  });
  const tokens = [];
  for await (const { ids } of stream) {
    tokens.push(ids);
  }
  process.stdout.write(`${JSON.stringify({ header, tokens, summary: stream.summary })}\n`);
} catch (error) {
  // A failed call: its status and the server's message, as the other examples print them.
  const { code, details } = /** @type {{code?: number, details?: string}} */ (error);
  if (code === undefined) {
    throw error;
  }
  process.stderr.write(`${grpc.status[code]}: ${details}\n`);
  process.exitCode = 1;
} finally {
  generator.close();
}
