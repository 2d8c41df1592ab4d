// The magvit.v1 service definitions, generated at load time from protos/magvit/v1/*.proto by @grpc/proto-loader
// (protobufjs underneath): no generated files to keep in step with the contracts. Field names are camelCase, enums
// their value names, 64-bit integers Numbers (counts and offsets stay far below 2^53), oneofs name their set field.

import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

/** protos/ of this repository; `MAGVIT_PROTOS` or the `protosDir` option point elsewhere. */
export const DEFAULT_PROTOS_DIR = process.env.MAGVIT_PROTOS ?? fileURLToPath(new URL('../../../protos', import.meta.url));

const FILES = ['magvit/v1/tokenizer_service.proto', 'magvit/v1/detokenizer_service.proto', 'magvit/v1/generator_service.proto'];

/** @type {Map<string, any>} */
const loaded = new Map();

/**
 * The `magvit.v1` package object (service client constructors) loaded from `protosDir`, cached per folder.
 * @param {string} [protosDir]
 * @returns {any}
 */
export function magvitV1(protosDir = DEFAULT_PROTOS_DIR) {
  let v1 = loaded.get(protosDir);
  if (!v1) {
    const definition = protoLoader.loadSync(FILES, {
      includeDirs: [protosDir],
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    v1 = /** @type {any} */ (grpc.loadPackageDefinition(definition)).magvit.v1;
    loaded.set(protosDir, v1);
  }
  return v1;
}
