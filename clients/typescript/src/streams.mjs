// Async iterators over the server-streamed halves of the calls: latent frames of tokens, or RGB24 frames.

import { FrameAssembler } from './chunking.mjs';
import { ContractError, chunkIds, frameHeaderFromProto, summaryFromProto, tokenHeaderFromProto, tokensPerFrame } from './records.mjs';

/**
 * A call's response stream whose header has been read; the rest is read on iteration.
 * @template T
 */
class CallStream {
  /**
   * @param {any} call a grpc-js ClientReadableStream or ClientDuplexStream
   * @param {AsyncIterator<any>} responses the call's responses, the header already taken
   * @param {() => Error | undefined} sendError what went wrong on the sending side, if anything
   */
  constructor(call, responses, sendError) {
    this.call = call;
    this.responses = responses;
    this.sendError = sendError;
    /** @type {Record<string, any> | null} the stream's summary, once read to the end */
    this.summary = null;
  }

  /** Cancels the call (the server stops work for it). */
  cancel() {
    this.call.cancel();
  }

  /** @returns {AsyncIterator<T>} */
  [Symbol.asyncIterator]() {
    return this.read();
  }

  /**
   * The messages after the header; a failure on the sending side is reported in place of the CANCELLED it caused,
   * and a contract violation cancels the call.
   * @returns {AsyncGenerator<any>}
   */
  async *messages() {
    try {
      while (true) {
        const { value, done } = await this.responses.next();
        if (done) {
          return;
        }
        yield value;
      }
    } catch (error) {
      throw this.sendError() ?? error;
    }
  }

  /** @returns {AsyncGenerator<T>} */
  async *read() {
    throw new Error('not implemented');
  }

  /** @param {Error} error @returns {never} */
  fail(error) {
    this.call.cancel();
    throw error;
  }
}

/**
 * Token stream of Tokenize or Generate: yields `{latentFrame, ids}` per latent frame, in order.
 * @extends {CallStream<{latentFrame: number, ids: number[]}>}
 */
export class LatentFrameStream extends CallStream {
  /** @param {any} call @param {AsyncIterator<any>} responses @param {any} header @param {() => Error | undefined} sendError */
  constructor(call, responses, header, sendError) {
    super(call, responses, sendError);
    /** @type {import('./records.mjs').TokenHeader} */
    this.header = tokenHeaderFromProto(header);
  }

  async *read() {
    const perFrame = tokensPerFrame(this.header);
    let chunks = 0;
    let nextFrame = 0;
    for await (const message of this.messages()) {
      if (message.payload === 'tokens') {
        const chunk = message.tokens;
        if (chunk.sequenceNumber !== chunks || chunk.firstLatentFrame !== nextFrame) {
          this.fail(new ContractError(`token chunk ${chunk.sequenceNumber} at latent frame ${chunk.firstLatentFrame}; `
            + `expected chunk ${chunks} at latent frame ${nextFrame}`));
        }
        let ids;
        try {
          ids = chunkIds(chunk, this.header);
        } catch (error) {
          this.fail(/** @type {Error} */ (error));
        }
        chunks++;
        for (let i = 0; i < chunk.latentFrameCount; i++) {
          yield { latentFrame: nextFrame++, ids: ids.slice(i * perFrame, (i + 1) * perFrame) };
        }
      } else if (message.payload === 'summary') {
        this.summary = summaryFromProto(message.summary);
      } else if (message.payload !== 'rows') { // partial rows (stream_rows): the frame's chunk follows
        this.fail(new ContractError(`unexpected ${message.payload} after the header`));
      }
    }
    if (!this.summary) {
      throw new ContractError('the stream ended without a summary');
    }
    if (this.header.frames != null && nextFrame !== this.header.frames) {
      throw new ContractError(`the header announced ${this.header.frames} latent frames; the stream carried ${nextFrame}`);
    }
  }
}

/**
 * Frame stream of Detokenize: yields each RGB24 frame (a Buffer of width·height·3 bytes) once it is whole.
 * @extends {CallStream<Buffer>}
 */
export class FrameStream extends CallStream {
  /** @param {any} call @param {AsyncIterator<any>} responses @param {any} header @param {() => Error | undefined} sendError */
  constructor(call, responses, header, sendError) {
    super(call, responses, sendError);
    /** @type {import('./records.mjs').FrameHeader} */
    this.header = frameHeaderFromProto(header);
  }

  async *read() {
    const assembler = new FrameAssembler(this.header.width * this.header.height * 3, this.header.frameCount);
    for await (const message of this.messages()) {
      if (message.payload === 'frames') {
        const chunk = message.frames;
        let frames;
        try {
          frames = assembler.accept(chunk.sequenceNumber, chunk.offset, chunk.data);
        } catch (error) {
          this.fail(new ContractError(/** @type {Error} */ (error).message, { cause: error }));
        }
        yield* frames;
      } else if (message.payload === 'summary') {
        this.summary = summaryFromProto(message.summary);
      } else {
        this.fail(new ContractError(`unexpected ${message.payload} after the header`));
      }
    }
    try {
      assembler.complete();
    } catch (error) {
      throw new ContractError(/** @type {Error} */ (error).message, { cause: error });
    }
    if (!this.summary) {
      throw new ContractError('the stream ended without a summary');
    }
  }
}

/**
 * Starts reading `call`'s responses and takes the header off them.
 * @param {any} call
 * @param {() => Error | undefined} [sendError]
 * @returns {Promise<{responses: AsyncIterator<any>, header: any}>}
 */
export async function readHeader(call, sendError = () => undefined) {
  const responses = call[Symbol.asyncIterator]();
  let first;
  try {
    first = await responses.next();
  } catch (error) {
    throw sendError() ?? error;
  }
  if (first.done) {
    throw new ContractError('the stream ended before its header');
  }
  if (first.value.payload !== 'header') {
    call.cancel();
    throw new ContractError(`the stream began with ${first.value.payload}, not its header`);
  }
  return { responses, header: first.value.header };
}
