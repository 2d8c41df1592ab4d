// Token chunks and headers ↔ magvit.v1 messages, through the definitions loaded from protos/.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { magvitV1 } from '../src/proto.mjs';
import { ContractError, chunkIds, summaryFromProto, tokenChunk, tokenHeaderFromProto, tokenHeaderToProto } from '../src/records.mjs';

/** @type {import('../src/records.mjs').TokenHeader} */
const header = {
  codebookBits: 18, height: 1, width: 3, frames: 2, modelId: '', weightsSha256: 'ab'.repeat(32),
  spatialFactor: 8, temporalFactor: 4, frameRule: 'FRAME_RULE_CAUSAL', windowFrames: 0,
};

/** Serializes and parses `value` as the response type of Tokenize, as it would travel. */
function wire(value) {
  const method = magvitV1().TokenizerService.service.Tokenize;
  return method.responseDeserialize(method.responseSerialize(value));
}

test('a token header round-trips through the wire', () => {
  const message = wire({ header: tokenHeaderToProto(header) }).header;
  assert.equal(message.rasterOrder, 'RASTER_ORDER_TIME_ROW_COLUMN');
  assert.equal(message.bitOrder, 'TOKEN_BIT_ORDER_LSB_FIRST');
  assert.deepEqual(tokenHeaderFromProto(message), header);
});

test('an absent grid.frames stays absent', () => {
  const message = wire({ header: tokenHeaderToProto({ ...header, frames: null }) }).header;
  assert.equal(tokenHeaderFromProto(message).frames, null);
});

test('a packed chunk holds the proto example bytes and reads back', () => {
  const chunk = wire({ tokens: tokenChunk(0, 0, [[1, 2 ** 17, 3]], 18) }).tokens;
  assert.deepEqual([...chunk.packedTokens], [0x01, 0, 0, 0, 0x38, 0, 0]);
  assert.deepEqual(chunkIds(chunk, header), [1, 2 ** 17, 3]);
});

test('both encodings give the same ids', () => {
  const frames = [[5, 6, 7], [8, 9, 2 ** 18 - 1]];
  const packed = wire({ tokens: tokenChunk(3, 4, frames, 18, 'TOKEN_ENCODING_PACKED') }).tokens;
  const listed = wire({ tokens: tokenChunk(3, 4, frames, 18, 'TOKEN_ENCODING_UINT32') }).tokens;
  assert.deepEqual([listed.sequenceNumber, listed.firstLatentFrame, listed.latentFrameCount], [3, 4, 2]);
  assert.equal(listed.tokens, 'tokenIds');
  assert.deepEqual(chunkIds(packed, header), frames.flat());
  assert.deepEqual(chunkIds(listed, header), frames.flat());
});

test('a wrong id count or a chunk without tokens is a contract error', () => {
  assert.throws(() => chunkIds(wire({ tokens: tokenChunk(0, 0, [[1, 2]], 18, 'TOKEN_ENCODING_UINT32') }).tokens, header), ContractError);
  assert.throws(() => chunkIds(wire({ tokens: { latentFrameCount: 1 } }).tokens, header), ContractError);
});

test('a summary gives its durations in seconds and keeps unset ones null', () => {
  const summary = wire({ summary: { frames: 5, elapsed: { seconds: 1, nanos: 500_000_000 } } }).summary;
  const plain = summaryFromProto(summary);
  assert.equal(plain.frames, 5);
  assert.equal(plain.elapsed, 1.5);
  assert.equal(plain.modelTime, null);
});
