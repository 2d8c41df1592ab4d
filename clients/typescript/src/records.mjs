// What callers of the client see instead of protobuf messages, and the conversions to and from them.

import { packTokens, requireIds, unpackTokens } from './packing.mjs';

/** A message broke the magvit.v1 contract (a server answered out of order, a chunk was malformed). */
export class ContractError extends Error {
  /** @param {string} message @param {ErrorOptions} [options] */
  constructor(message, options) {
    super(message, options);
    this.name = 'ContractError';
  }
}

/**
 * Describes every token of one token stream (magvit.v1.TokenHeader), raster order, LSB-first bits.
 * @typedef {object} TokenHeader
 * @property {number} codebookBits K: bits per token, 1 … 31
 * @property {number} height latent grid rows
 * @property {number} width latent grid columns
 * @property {number | null} frames latent frames in the stream, when known
 * @property {string} modelId
 * @property {string} weightsSha256 the weights that made the tokens; a detokenizer checks it
 * @property {number} spatialFactor pixels per token along each axis
 * @property {number} temporalFactor frames per latent frame after the first
 * @property {string} frameRule magvit.v1.FrameRule value name
 * @property {number} windowFrames
 */

/**
 * Describes every frame of one frame stream (magvit.v1.FrameHeader); frames are RGB24.
 * @typedef {object} FrameHeader
 * @property {number} width
 * @property {number} height
 * @property {number | null} frameCount
 * @property {[number, number] | null} frameRate numerator, denominator
 */

/** @typedef {'packed' | 'uint32'} TokenEncodingName */

const ENCODINGS = { packed: 'TOKEN_ENCODING_PACKED', uint32: 'TOKEN_ENCODING_UINT32' };

/**
 * The TokenEncoding value of 'packed' or 'uint32'.
 * @param {string} name
 * @returns {string}
 */
export function encoding(name) {
  const value = ENCODINGS[/** @type {TokenEncodingName} */ (name)];
  if (!value) {
    throw new RangeError(`token encoding must be one of ${Object.keys(ENCODINGS).join(', ')}, got ${name}`);
  }
  return value;
}

/** @param {TokenHeader} header */
export const tokensPerFrame = (header) => header.height * header.width;

/**
 * @param {any} message a decoded magvit.v1.TokenHeader
 * @returns {TokenHeader}
 */
export function tokenHeaderFromProto(message) {
  if (!['RASTER_ORDER_UNSPECIFIED', 'RASTER_ORDER_TIME_ROW_COLUMN'].includes(message.rasterOrder)) {
    throw new ContractError(`unknown raster order ${message.rasterOrder}`);
  }
  if (!['TOKEN_BIT_ORDER_UNSPECIFIED', 'TOKEN_BIT_ORDER_LSB_FIRST'].includes(message.bitOrder)) {
    throw new ContractError(`unknown token bit order ${message.bitOrder}`);
  }
  const grid = message.grid ?? {};
  const geometry = message.geometry ?? {};
  return {
    codebookBits: message.codebookBits,
    height: grid.height ?? 0,
    width: grid.width ?? 0,
    frames: grid.frames ?? null,
    modelId: message.model?.modelId ?? '',
    weightsSha256: message.model?.weightsSha256 ?? '',
    spatialFactor: geometry.spatialFactor ?? 0,
    temporalFactor: geometry.temporalFactor ?? 0,
    frameRule: geometry.frameRule ?? 'FRAME_RULE_UNSPECIFIED',
    windowFrames: geometry.windowFrames ?? 0,
  };
}

/**
 * @param {TokenHeader} header
 * @returns {object} a magvit.v1.TokenHeader
 */
export function tokenHeaderToProto(header) {
  return {
    codebookBits: header.codebookBits,
    grid: { height: header.height, width: header.width, ...(header.frames == null ? {} : { frames: header.frames }) },
    rasterOrder: 'RASTER_ORDER_TIME_ROW_COLUMN',
    bitOrder: 'TOKEN_BIT_ORDER_LSB_FIRST',
    model: { modelId: header.modelId ?? '', weightsSha256: header.weightsSha256 ?? '' },
    geometry: {
      spatialFactor: header.spatialFactor ?? 0,
      temporalFactor: header.temporalFactor ?? 0,
      frameRule: header.frameRule ?? 'FRAME_RULE_UNSPECIFIED',
      windowFrames: header.windowFrames ?? 0,
    },
  };
}

/**
 * @param {any} message a decoded magvit.v1.FrameHeader
 * @returns {FrameHeader}
 */
export function frameHeaderFromProto(message) {
  if (message.pixelFormat !== 'PIXEL_FORMAT_RGB24') {
    throw new ContractError(`frames arrive as ${message.pixelFormat}; this client reads RGB24 only`);
  }
  if (!message.width || !message.height) {
    throw new ContractError(`a ${message.width}×${message.height} frame header`);
  }
  const rate = message.frameRate;
  return {
    width: message.width,
    height: message.height,
    frameCount: message.frameCount ?? null,
    frameRate: rate?.denominator ? [rate.numerator, rate.denominator] : null,
  };
}

/**
 * A decoded summary message (StreamSummary, GenerationSummary) with its durations as seconds; unset ones stay null.
 * @param {Record<string, any>} message
 * @returns {Record<string, any>}
 */
export function summaryFromProto(message) {
  return Object.fromEntries(Object.entries(message).map(([name, value]) => [
    name,
    value !== null && typeof value === 'object' && 'seconds' in value && 'nanos' in value ? value.seconds + value.nanos / 1e9 : value,
  ]));
}

/**
 * A chunk of whole latent frames (each an array of ids in raster order).
 * @param {number} sequenceNumber
 * @param {number} firstLatentFrame
 * @param {ArrayLike<number>[]} frames
 * @param {number} bits
 * @param {string} [tokenEncoding] a TokenEncoding value name
 * @returns {object} a magvit.v1.TokenChunk
 */
export function tokenChunk(sequenceNumber, firstLatentFrame, frames, bits, tokenEncoding = 'TOKEN_ENCODING_PACKED') {
  if (frames.length === 0) {
    throw new RangeError('a token chunk carries at least one latent frame');
  }
  const ids = frames.flatMap((frame) => Array.from(frame));
  const chunk = { sequenceNumber, firstLatentFrame, latentFrameCount: frames.length };
  if (tokenEncoding === 'TOKEN_ENCODING_UINT32') {
    requireIds(ids, bits);
    return { ...chunk, tokenIds: { ids } };
  }
  return { ...chunk, packedTokens: packTokens(ids, bits) };
}

/**
 * The ids of a decoded magvit.v1.TokenChunk (either encoding), checked against the token contract.
 * @param {any} chunk
 * @param {TokenHeader} header
 * @returns {number[]}
 */
export function chunkIds(chunk, header) {
  if (!chunk.latentFrameCount) {
    throw new ContractError('a token chunk carries at least one latent frame');
  }
  const count = chunk.latentFrameCount * tokensPerFrame(header);
  try {
    if (chunk.tokens === 'packedTokens') {
      return unpackTokens(chunk.packedTokens, header.codebookBits, count);
    }
    if (chunk.tokens === 'tokenIds') {
      const ids = chunk.tokenIds.ids;
      if (ids.length !== count) {
        throw new RangeError(`the chunk holds ${ids.length} ids; ${chunk.latentFrameCount} latent frames need ${count}`);
      }
      requireIds(ids, header.codebookBits);
      return ids;
    }
  } catch (error) {
    throw new ContractError(/** @type {Error} */ (error).message, { cause: error });
  }
  throw new ContractError('the chunk carries no tokens (neither packed_tokens nor token_ids is set)');
}
