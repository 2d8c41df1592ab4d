// The packed token encoding of magvit.v1.TokenChunk.packed_tokens (tokens.proto): K bits per token, little-endian.
// Bit i of token n is bit n·K + i of the byte string, bits numbered LSB-first within each byte; the string is exactly
// ceil(count·K / 8) bytes and its trailing pad bits are zero. Ids move through a Number accumulator (≤ 39 bits held,
// exact below 2^53) because JavaScript's bitwise operators stop at 32 bits.

export const MIN_BITS = 1;
export const MAX_BITS = 31;

/** @param {number} bits */
function requireBits(bits) {
  if (!Number.isInteger(bits) || bits < MIN_BITS || bits > MAX_BITS) {
    throw new RangeError(`bits per token must lie in ${MIN_BITS} … ${MAX_BITS}, got ${bits}`);
  }
}

/**
 * Bytes that `count` tokens of `bits` bits pack into: ceil(count·bits / 8).
 * @param {number} count
 * @param {number} bits
 * @returns {number}
 */
export function packedLength(count, bits) {
  requireBits(bits);
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`token count must be an integer ≥ 0, got ${count}`);
  }
  return Math.ceil((count * bits) / 8);
}

/**
 * Throws unless every id is an integer in [0, 2^bits) (for the uint32 encoding).
 * @param {ArrayLike<number>} ids
 * @param {number} bits
 */
export function requireIds(ids, bits) {
  requireBits(bits);
  const limit = 2 ** bits;
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n];
    if (!Number.isInteger(id) || id < 0 || id >= limit) {
      throw new RangeError(`token id ${id} at index ${n} does not fit in ${bits} bits (ids must be < ${limit})`);
    }
  }
}

/**
 * Packs `ids` (each in [0, 2^bits)) into ceil(ids.length·bits / 8) bytes.
 * @param {ArrayLike<number>} ids
 * @param {number} bits
 * @returns {Uint8Array}
 */
export function packTokens(ids, bits) {
  requireIds(ids, bits);
  const out = new Uint8Array(packedLength(ids.length, bits));
  let accumulator = 0; // bits not yet written, lowest first
  let held = 0; // how many; < 8 between tokens
  let written = 0;
  for (let n = 0; n < ids.length; n++) {
    accumulator += ids[n] * 2 ** held;
    held += bits;
    while (held >= 8) {
      out[written++] = accumulator % 256;
      accumulator = Math.floor(accumulator / 256);
      held -= 8;
    }
  }
  if (held > 0) {
    out[written] = accumulator; // the bits above `held` are zero: the pad bits
  }
  return out;
}

/**
 * The `count` ids of `bits` bits in `packed`; throws for a wrong length or a set pad bit.
 * @param {Uint8Array} packed
 * @param {number} bits
 * @param {number} count
 * @returns {number[]}
 */
export function unpackTokens(packed, bits, count) {
  const expected = packedLength(count, bits);
  if (packed.length !== expected) {
    throw new RangeError(`packed tokens hold ${packed.length} bytes; ${count} tokens of ${bits} bits need ${expected}`);
  }
  const radix = 2 ** bits;
  const ids = new Array(count);
  let accumulator = 0;
  let held = 0;
  let read = 0;
  for (let n = 0; n < count; n++) {
    while (held < bits) {
      accumulator += packed[read++] * 2 ** held;
      held += 8;
    }
    ids[n] = accumulator % radix;
    accumulator = Math.floor(accumulator / radix);
    held -= bits;
  }
  // Every byte has been read (the length is exactly ceil(count·bits/8)); what is left are the pad bits.
  if (accumulator !== 0) {
    throw new RangeError(`the pad bits after ${count} tokens of ${bits} bits must be zero (got 0x${accumulator.toString(16)})`);
  }
  return ids;
}
