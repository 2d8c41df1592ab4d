// Token packing per tokens.proto: K bits per token, little-endian, LSB-first, zero pad bits.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { packTokens, packedLength, requireIds, unpackTokens } from '../src/packing.mjs';

const hex = (/** @type {string} */ text) => Uint8Array.from(Buffer.from(text, 'hex'));

/** A deterministic generator of ids below 2^bits (a linear congruential sequence). */
function ids(count, bits, seed) {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % 2 ** bits;
  });
}

describe('packTokens', () => {
  test('proto example gives documented bytes', () => {
    // tokens.proto: K = 18, ids [1, 2^17, 3] → 54 bits → 7 bytes 01 00 00 00 38 00 00.
    assert.deepEqual(packTokens([1, 2 ** 17, 3], 18), hex('01000000380000'));
  });

  test('unpack of the proto example gives the ids', () => {
    assert.deepEqual(unpackTokens(hex('01000000380000'), 18, 3), [1, 2 ** 17, 3]);
  });

  test('equals the little-endian bytes of the sum of id·2^(n·K), and round-trips', () => {
    for (const bits of [1, 3, 7, 8, 9, 17, 18, 24, 31]) {
      for (const count of [0, 1, 2, 5, 16, 33]) {
        const tokens = ids(count, bits, bits * 100 + count);
        let value = 0n;
        tokens.forEach((id, n) => { value += BigInt(id) << BigInt(n * bits); });
        const expected = new Uint8Array(packedLength(count, bits));
        for (let b = 0; b < expected.length; b++) {
          expected[b] = Number((value >> BigInt(8 * b)) & 0xffn);
        }
        assert.deepEqual(packTokens(tokens, bits), expected, `bits ${bits}, count ${count}`);
        assert.deepEqual(unpackTokens(expected, bits, count), tokens, `bits ${bits}, count ${count}`);
      }
    }
  });

  test('packed length: four 18-bit tokens in 9 bytes, a 16×16 frame in 576', () => {
    assert.equal(packedLength(4, 18), 9);
    assert.equal(packedLength(256, 18), 576);
    assert.equal(packedLength(0, 18), 0);
  });

  test('largest id round-trips, the next one and negatives are rejected', () => {
    assert.deepEqual(unpackTokens(packTokens([2 ** 18 - 1], 18), 18, 1), [2 ** 18 - 1]);
    assert.throws(() => packTokens([2 ** 18], 18), RangeError);
    assert.throws(() => packTokens([-1], 18), RangeError);
    assert.throws(() => packTokens([1.5], 18), RangeError);
  });

  test('bits outside 1 … 31 are rejected', () => {
    assert.throws(() => packTokens([0], 0), RangeError);
    assert.throws(() => packTokens([0], 32), RangeError);
  });
});

describe('unpackTokens', () => {
  test('wrong length is rejected', () => {
    assert.throws(() => unpackTokens(new Uint8Array(6), 18, 3), RangeError);
    assert.throws(() => unpackTokens(new Uint8Array(8), 18, 3), RangeError);
  });

  test('a set pad bit is rejected', () => {
    const packed = hex('01000000380000');
    packed[6] |= 0x40; // bit 54: the first pad bit
    assert.throws(() => unpackTokens(packed, 18, 3), RangeError);
  });
});

test('requireIds rejects an id of K bits', () => {
  requireIds([0, 63], 6);
  assert.throws(() => requireIds([0, 64], 6), RangeError);
});
