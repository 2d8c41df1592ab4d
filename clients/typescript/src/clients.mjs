// Clients of the three magvit.v1 services over @grpc/grpc-js. Every call carries a deadline (timeoutMs).

import grpc from '@grpc/grpc-js';
import { FrameChunker, MAX_CHUNK_BYTES } from './chunking.mjs';
import { magvitV1 } from './proto.mjs';
import { encoding, tokenChunk, tokenHeaderToProto, tokensPerFrame } from './records.mjs';
import { FrameStream, LatentFrameStream, readHeader } from './streams.mjs';

/** Milliseconds a call may take, start to end, unless the client or the call says otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;

const MODES = { masked: 'GENERATION_MODE_MASKED', autoregressive: 'GENERATION_MODE_AUTOREGRESSIVE' };

/**
 * @typedef {object} ClientOptions
 * @property {number} [timeoutMs] default deadline of each call
 * @property {grpc.ChannelCredentials} [credentials] default: insecure (plaintext HTTP/2)
 * @property {string} [protosDir] where magvit/v1/*.proto live; default: this repository's protos/
 */

/**
 * Writes `messages` to a client-streaming call with back-pressure, then half-closes. A failure cancels the call and is
 * kept, so that the reader reports it instead of the CANCELLED it causes.
 * @param {any} call
 * @param {Iterable<any> | AsyncIterable<any>} messages
 * @returns {() => Error | undefined} the sending side's error, if any
 */
function send(call, messages) {
  /** @type {Error | undefined} */
  let failure;
  (async () => {
    for await (const message of messages) {
      if (call.destroyed || call.writableEnded) {
        return; // the server ended the call; the reader sees its status
      }
      if (!call.write(message)) {
        await new Promise((resolve) => {
          const done = () => {
            call.off('drain', done);
            call.off('close', done);
            resolve(undefined);
          };
          call.on('drain', done);
          call.on('close', done);
        });
      }
    }
    if (!call.destroyed && !call.writableEnded) {
      call.end();
    }
  })().catch((/** @type {Error} */ error) => {
    failure = error;
    call.cancel();
  });
  return () => failure;
}

class Client {
  /**
   * @param {string} target "host:port"
   * @param {string} service the magvit.v1 service name
   * @param {ClientOptions} [options]
   */
  constructor(target, service, { timeoutMs = DEFAULT_TIMEOUT_MS, credentials, protosDir } = {}) {
    if (!(timeoutMs > 0)) {
      throw new RangeError('every call needs a deadline: timeoutMs must be a positive number');
    }
    this.timeoutMs = timeoutMs;
    this.stub = new (magvitV1(protosDir)[service])(target, credentials ?? grpc.credentials.createInsecure());
  }

  /** @param {number} [timeoutMs] @returns {{deadline: Date}} */
  callOptions(timeoutMs) {
    return { deadline: new Date(Date.now() + (timeoutMs ?? this.timeoutMs)) };
  }

  /**
   * The served model (ModelInfo or GeneratorModelInfo, camelCase fields).
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<any>}
   */
  modelInfo({ timeoutMs } = {}) {
    return new Promise((resolve, reject) => {
      this.stub.GetModelInfo({}, this.callOptions(timeoutMs), (/** @type {any} */ error, /** @type {any} */ response) =>
        (error ? reject(error) : resolve(response.model)));
    });
  }

  /** Closes the channel. */
  close() {
    this.stub.close();
  }
}

/** Frames → tokens (magvit.v1.TokenizerService). */
export class TokenizerClient extends Client {
  /** @param {string} target "host:port" @param {ClientOptions} [options] */
  constructor(target, options) {
    super(target, 'TokenizerService', options);
  }

  /**
   * Streams `frames` (RGB24 bytes, any slicing; usually one frame each) to the tokenizer. Resolves to the token header
   * and an async iterator of `{latentFrame, ids}`, each latent frame as soon as the server has determined it.
   * @param {Iterable<Uint8Array> | AsyncIterable<Uint8Array>} frames
   * @param {number} width
   * @param {number} height
   * @param {{frameCount?: number, frameRate?: [number, number], tokenEncoding?: import('./records.mjs').TokenEncodingName,
   *   expectedWeightsSha256?: string, streamId?: string, maxChunkBytes?: number, timeoutMs?: number}} [options]
   * @returns {Promise<{header: import('./records.mjs').TokenHeader, stream: LatentFrameStream}>}
   */
  async tokenize(frames, width, height, options = {}) {
    const { frameCount, frameRate, tokenEncoding = 'packed', expectedWeightsSha256 = '', streamId = '' } = options;
    const chunker = new FrameChunker(options.maxChunkBytes ?? MAX_CHUNK_BYTES);
    const header = {
      frames: {
        width,
        height,
        pixelFormat: 'PIXEL_FORMAT_RGB24',
        ...(frameCount == null ? {} : { frameCount }),
        ...(frameRate ? { frameRate: { numerator: frameRate[0], denominator: frameRate[1] } } : {}),
      },
      tokenEncoding: encoding(tokenEncoding),
      expectedModel: { weightsSha256: expectedWeightsSha256 },
      streamId,
    };
    async function* requests() {
      yield { header };
      for await (const data of frames) {
        for (const chunk of chunker.chunk(data)) {
          yield { frames: chunk };
        }
      }
    }
    const call = this.stub.Tokenize(this.callOptions(options.timeoutMs));
    const sendError = send(call, requests());
    const first = await readHeader(call, sendError);
    const stream = construct(call, () => new LatentFrameStream(call, first.responses, first.header, sendError));
    return { header: stream.header, stream };
  }
}

/** Tokens → frames (magvit.v1.DetokenizerService). */
export class DetokenizerClient extends Client {
  /** @param {string} target "host:port" @param {ClientOptions} [options] */
  constructor(target, options) {
    super(target, 'DetokenizerService', options);
  }

  /**
   * Streams latent frames of ids (each height·width ids in raster order, one chunk each) to the detokenizer. Resolves
   * to an async iterator of RGB24 frames (Buffers) as they decode; its `header` describes them.
   * @param {import('./records.mjs').TokenHeader} header
   * @param {Iterable<ArrayLike<number>> | AsyncIterable<ArrayLike<number>>} tokenFrames
   * @param {{tokenEncoding?: import('./records.mjs').TokenEncodingName, streamId?: string, timeoutMs?: number}} [options]
   * @returns {Promise<FrameStream>}
   */
  async detokenize(header, tokenFrames, options = {}) {
    const wire = encoding(options.tokenEncoding ?? 'packed');
    const perFrame = tokensPerFrame(header);
    async function* requests() {
      yield { header: { tokens: tokenHeaderToProto(header), pixelFormat: 'PIXEL_FORMAT_RGB24', streamId: options.streamId ?? '' } };
      let n = 0;
      for await (const ids of tokenFrames) {
        if (ids.length !== perFrame) {
          throw new RangeError(`latent frame ${n} holds ${ids.length} ids; the grid needs ${perFrame}`);
        }
        yield { tokens: tokenChunk(n, n, [ids], header.codebookBits, wire) };
        n++;
      }
    }
    const call = this.stub.Detokenize(this.callOptions(options.timeoutMs));
    const sendError = send(call, requests());
    const first = await readHeader(call, sendError);
    return construct(call, () => new FrameStream(call, first.responses, first.header, sendError));
  }
}

/** Condition → tokens (magvit.v1.GeneratorService). */
export class GeneratorClient extends Client {
  /** @param {string} target "host:port" @param {ClientOptions} [options] */
  constructor(target, options) {
    super(target, 'GeneratorService', options);
  }

  /**
   * Generates `latentFrames` latent frames after the optional prompt. Unset sampling options take the server's
   * defaults; the same seed, model and request give the same tokens. Resolves to the token header and an async
   * iterator of `{latentFrame, ids}`: the prompt's frames first, then each generated frame as soon as it is final.
   * @param {number} latentFrames
   * @param {{classId?: number, seed?: number | string | bigint, temperature?: number, topK?: number, topP?: number,
   *   guidanceScale?: number, greedy?: boolean, steps?: number, mode?: 'masked' | 'autoregressive',
   *   prompt?: {header: import('./records.mjs').TokenHeader, frames: ArrayLike<number>[]},
   *   tokenEncoding?: import('./records.mjs').TokenEncodingName, expectedWeightsSha256?: string, streamId?: string,
   *   timeoutMs?: number}} [options]
   * @returns {Promise<{header: import('./records.mjs').TokenHeader, stream: LatentFrameStream}>}
   */
  async generate(latentFrames, options = {}) {
    const { mode, prompt } = options;
    if (mode != null && !(mode in MODES)) {
      throw new RangeError(`mode must be one of ${Object.keys(MODES).join(', ')} or unset, got ${mode}`);
    }
    /** @type {Record<string, unknown>} */
    const sampling = { topK: options.topK ?? 0, greedy: options.greedy ?? false, seed: String(options.seed ?? 0) };
    for (const name of /** @type {const} */ (['temperature', 'topP', 'guidanceScale', 'steps'])) {
      if (options[name] != null) {
        sampling[name] = options[name];
      }
    }
    const condition = {
      ...(options.classId == null ? {} : { classId: options.classId }),
      ...(prompt
        ? {
          promptHeader: tokenHeaderToProto(prompt.header),
          prompt: prompt.frames.map((ids, n) => tokenChunk(n, n, [ids], prompt.header.codebookBits)),
        }
        : {}),
    };
    const request = {
      mode: mode ? MODES[mode] : 'GENERATION_MODE_UNSPECIFIED',
      condition,
      latentFrames,
      sampling,
      tokenEncoding: encoding(options.tokenEncoding ?? 'packed'),
      expectedModel: { weightsSha256: options.expectedWeightsSha256 ?? '' },
      streamId: options.streamId ?? '',
    };
    const call = this.stub.Generate(request, this.callOptions(options.timeoutMs));
    const first = await readHeader(call);
    const stream = construct(call, () => new LatentFrameStream(call, first.responses, first.header, () => undefined));
    return { header: stream.header, stream };
  }
}

/**
 * Builds a stream over a call whose header has arrived; a header that breaks the contract cancels the call.
 * @template T
 * @param {any} call
 * @param {() => T} build
 * @returns {T}
 */
function construct(call, build) {
  try {
    return build();
  } catch (error) {
    call.cancel();
    throw error;
  }
}
