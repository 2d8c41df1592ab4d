// Node.js client of the MAGVIT-v2 gRPC services (magvit.v1): tokenizer, detokenizer, generator. Callers see plain
// objects and async iterators; token packing and frame chunking follow tokens.proto and frames.proto.

export { FrameAssembler, FrameChunker, MAX_CHUNK_BYTES, split } from './chunking.mjs';
export { DEFAULT_TIMEOUT_MS, DetokenizerClient, GeneratorClient, TokenizerClient } from './clients.mjs';
export { MAX_BITS, MIN_BITS, packTokens, packedLength, requireIds, unpackTokens } from './packing.mjs';
export { DEFAULT_PROTOS_DIR, magvitV1 } from './proto.mjs';
export { ContractError, chunkIds, tokenChunk, tokenHeaderFromProto, tokenHeaderToProto } from './records.mjs';
export { FrameStream, LatentFrameStream } from './streams.mjs';
