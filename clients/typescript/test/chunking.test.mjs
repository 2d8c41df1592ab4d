// Frame chunking per frames.proto: 1 … 64 KiB chunks, sequence numbers from 0, offsets the bytes before.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FrameAssembler, FrameChunker, MAX_CHUNK_BYTES, split } from '../src/chunking.mjs';

const bytes = (/** @type {string} */ text) => new TextEncoder().encode(text);

describe('split', () => {
  test('a large frame gives full 64 KiB chunks, then the rest', () => {
    const data = new Uint8Array(256_000).map((_, i) => i % 256);
    const pieces = split(data);
    assert.deepEqual(pieces.map((p) => p.length), [MAX_CHUNK_BYTES, MAX_CHUNK_BYTES, MAX_CHUNK_BYTES, 256_000 - 3 * MAX_CHUNK_BYTES]);
    assert.deepEqual(Buffer.concat(pieces), Buffer.from(data));
  });

  test('empty data gives no chunks', () => {
    assert.deepEqual(split(new Uint8Array(0)), []);
  });

  test('a limit outside 1 … 64 KiB is rejected', () => {
    assert.throws(() => split(bytes('abc'), 0), RangeError);
    assert.throws(() => split(bytes('abc'), MAX_CHUNK_BYTES + 1), RangeError);
  });
});

describe('FrameChunker', () => {
  test('numbers and offsets run on across calls', () => {
    const chunker = new FrameChunker(4);
    const chunks = [...chunker.chunk(bytes('abcdefghij')), ...chunker.chunk(bytes('klmnopqrst'))]; // 4 + 4 + 2 each
    assert.deepEqual(chunks.map((c) => c.sequenceNumber), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(chunks.map((c) => c.offset), [0, 4, 8, 10, 14, 18]);
    assert.equal(Buffer.concat(chunks.map((c) => c.data)).toString(), 'abcdefghijklmnopqrst');
    assert.ok(chunks.every((c) => c.data.length >= 1 && c.data.length <= 4));
  });

  test('every chunk is at most 64 KiB and offsets are running sums', () => {
    const chunker = new FrameChunker();
    const frame = new Uint8Array(160 * 144 * 3); // 69,120 bytes: one frame spans two chunks
    const chunks = [0, 1, 2].flatMap(() => chunker.chunk(frame));
    let offset = 0;
    chunks.forEach((chunk, n) => {
      assert.equal(chunk.sequenceNumber, n);
      assert.equal(chunk.offset, offset);
      assert.ok(chunk.data.length >= 1 && chunk.data.length <= MAX_CHUNK_BYTES);
      offset += chunk.data.length;
    });
    assert.equal(offset, 3 * frame.length);
  });
});

describe('FrameAssembler', () => {
  test('chunks across frame boundaries give whole frames', () => {
    const frames = [0, 1, 2].map((f) => new Uint8Array(6).fill(f));
    const assembler = new FrameAssembler(6, 3);
    const out = new FrameChunker(4).chunk(Buffer.concat(frames)).flatMap((c) => assembler.accept(c.sequenceNumber, c.offset, c.data));
    assembler.complete();
    assert.deepEqual(out.map((f) => [...f]), frames.map((f) => [...f]));
  });

  test('a gap in sequence numbers is rejected', () => {
    const assembler = new FrameAssembler(6);
    assembler.accept(0, 0, bytes('abc'));
    assert.throws(() => assembler.accept(2, 3, bytes('def')), RangeError);
  });

  test('a wrong offset is rejected', () => {
    const assembler = new FrameAssembler(6);
    assembler.accept(0, 0, bytes('abc'));
    assert.throws(() => assembler.accept(1, 4, bytes('def')), RangeError);
  });

  test('an empty or oversized chunk is rejected', () => {
    assert.throws(() => new FrameAssembler(6).accept(0, 0, new Uint8Array(0)), RangeError);
    assert.throws(() => new FrameAssembler(6).accept(0, 0, new Uint8Array(MAX_CHUNK_BYTES + 1)), RangeError);
  });

  test('bytes past the announced frame count are rejected', () => {
    assert.throws(() => new FrameAssembler(2, 1).accept(0, 0, bytes('abc')), RangeError);
  });

  test('a partial last frame or too few frames are rejected at the end', () => {
    const partial = new FrameAssembler(6);
    partial.accept(0, 0, bytes('abcdefgh'));
    assert.throws(() => partial.complete(), RangeError);
    const short = new FrameAssembler(2, 2);
    short.accept(0, 0, bytes('ab'));
    assert.throws(() => short.complete(), RangeError);
  });
});
