// frames.proto's chunking rule, both directions. A frame stream is one contiguous byte string (frames back to back,
// row-major RGB24); it travels as chunks of 1 … 65,536 bytes with sequence numbers 0, 1, 2, … and offsets equal to
// the bytes sent before them. Chunk boundaries need not fall on frame boundaries.

export const MAX_CHUNK_BYTES = 64 * 1024;

/**
 * One slice of a frame byte string, as a FrameChunk carries it.
 * @typedef {{sequenceNumber: number, offset: number, data: Uint8Array}} Chunk
 */

/** @param {number} maxChunkBytes */
function requireChunkSize(maxChunkBytes) {
  if (!Number.isInteger(maxChunkBytes) || maxChunkBytes < 1 || maxChunkBytes > MAX_CHUNK_BYTES) {
    throw new RangeError(`chunks hold 1 … ${MAX_CHUNK_BYTES} bytes, got a limit of ${maxChunkBytes}`);
  }
}

/**
 * Consecutive slices (views, not copies) of `data` of `maxChunkBytes` each, the last one shorter; none for empty data.
 * @param {Uint8Array} data
 * @param {number} [maxChunkBytes]
 * @returns {Uint8Array[]}
 */
export function split(data, maxChunkBytes = MAX_CHUNK_BYTES) {
  requireChunkSize(maxChunkBytes);
  const slices = [];
  for (let start = 0; start < data.length; start += maxChunkBytes) {
    slices.push(data.subarray(start, Math.min(start + maxChunkBytes, data.length)));
  }
  return slices;
}

/** The sending side: numbers the slices of whatever is passed to `chunk`. One per stream. */
export class FrameChunker {
  /** @param {number} [maxChunkBytes] */
  constructor(maxChunkBytes = MAX_CHUNK_BYTES) {
    requireChunkSize(maxChunkBytes);
    this.maxChunkBytes = maxChunkBytes;
    this.nextSequenceNumber = 0;
    this.offset = 0;
  }

  /**
   * The chunks that carry `data` next in the stream (none for empty data). They share `data`'s memory.
   * @param {Uint8Array} data
   * @returns {Chunk[]}
   */
  chunk(data) {
    return split(data, this.maxChunkBytes).map((slice) => {
      const chunk = { sequenceNumber: this.nextSequenceNumber++, offset: this.offset, data: slice };
      this.offset += slice.length;
      return chunk;
    });
  }
}

/** The receiving side: checks each chunk against the rule and hands back whole frames as they complete. */
export class FrameAssembler {
  /**
   * @param {number} frameBytes bytes of one frame
   * @param {number | null} [frameCount] frames announced by the header, when known
   */
  constructor(frameBytes, frameCount = null) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) {
      throw new RangeError(`a frame holds at least one byte, got ${frameBytes}`);
    }
    this.frameBytes = frameBytes;
    this.expected = frameCount == null ? null : frameCount * frameBytes;
    this.nextSequenceNumber = 0;
    this.offset = 0;
    /** @type {Uint8Array[]} */
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Frames received completely so far. */
  get completeFrames() {
    return Math.floor(this.offset / this.frameBytes);
  }

  /**
   * Checks the next chunk and returns the frames it completes (possibly none).
   * @param {number} sequenceNumber
   * @param {number} offset
   * @param {Uint8Array} data
   * @returns {Buffer[]}
   */
  accept(sequenceNumber, offset, data) {
    if (sequenceNumber !== this.nextSequenceNumber) {
      throw new RangeError(`frame chunk ${sequenceNumber} arrived where ${this.nextSequenceNumber} was due`);
    }
    if (offset !== this.offset) {
      throw new RangeError(`frame chunk ${sequenceNumber} starts at byte ${offset}; the stream is at byte ${this.offset}`);
    }
    if (data.length < 1 || data.length > MAX_CHUNK_BYTES) {
      throw new RangeError(`frame chunk ${sequenceNumber} holds ${data.length} bytes; chunks hold 1 … ${MAX_CHUNK_BYTES}`);
    }
    if (this.expected != null && this.offset + data.length > this.expected) {
      throw new RangeError(`frame chunk ${sequenceNumber} goes past the ${this.expected} bytes of the header's frame_count`);
    }
    this.nextSequenceNumber++;
    this.offset += data.length;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes < this.frameBytes) {
      return [];
    }
    const buffer = Buffer.concat(this.pending, this.pendingBytes);
    const whole = Math.floor(buffer.length / this.frameBytes) * this.frameBytes;
    const frames = [];
    for (let start = 0; start < whole; start += this.frameBytes) {
      frames.push(buffer.subarray(start, start + this.frameBytes));
    }
    this.pending = whole < buffer.length ? [buffer.subarray(whole)] : [];
    this.pendingBytes = buffer.length - whole;
    return frames;
  }

  /** Checks, at the end of the stream, that it held whole frames and as many as announced. */
  complete() {
    if (this.pendingBytes !== 0) {
      throw new RangeError(
        `the frame stream ended inside frame ${this.completeFrames}: ${this.offset} bytes is not a multiple of ${this.frameBytes}`);
    }
    if (this.expected != null && this.offset !== this.expected) {
      throw new RangeError(
        `the frame stream ended after ${this.completeFrames} frames; the header announced ${this.expected / this.frameBytes}`);
    }
  }
}
