/**
 * Every ajv instance of the exporter, made here. Ajv checks each schema against its JSON-Schema
 * meta-schema when compiling it, and compiling that meta-schema costs more than compiling all of the
 * exporter's schemas (~0.6 s of start-up on a busy 2-core machine). The schemas are fixed in the code:
 * the tests (which run the sources) keep the check; the compiled exporter (scripts/build-exporter.ts
 * defines __UFO_COMPILED__) skips it.
 */
import Ajv, { type Options } from 'ajv';

declare const __UFO_COMPILED__: boolean | undefined;
const compiled = typeof __UFO_COMPILED__ === 'boolean' && __UFO_COMPILED__;

export function createAjv(options: Options = {}): Ajv {
  return new Ajv({ ...options, validateSchema: !compiled });
}
