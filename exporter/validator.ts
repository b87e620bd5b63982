/**
 * JSON-schema validators of what the exporter reads (the API answers, the Alertmanager read; the
 * settings have their own small check, config/settings-check.ts). From the sources (tests, tsx)
 * ajv compiles each one on first use. The compiled build swaps this module for ajv's standalone code generated at build time
 * (scripts/build-exporter.ts, scripts/standalone-validators.ts): a start-up then neither loads ajv
 * nor compiles a schema, which was ~40 % of the CPU of loading the bundle (docs/performance.md).
 * Each definition must run when its module is loaded, so the build sees it.
 */
import type { Options, SchemaObject, ValidateFunction } from 'ajv';
import { createAjv } from './ajv';

export interface ValidatorDefinition {
  readonly options: Options;
  readonly schema: SchemaObject;
}

const definitions = new Map<string, ValidatorDefinition>();

/** Registers a schema under a unique name; the returned getter compiles it on first call. */
export function defineValidator<T>(name: string, options: Options, schema: SchemaObject): () => ValidateFunction<T> {
  if (definitions.has(name)) throw new Error(`validator ${name} is defined twice`);
  definitions.set(name, { options, schema });
  let compiled: ValidateFunction<T> | undefined;
  return () => (compiled ??= createAjv(options).compile<T>(schema));
}

/** Every definition made so far (the build generates standalone code for each). */
export function validatorDefinitions(): ReadonlyMap<string, ValidatorDefinition> {
  return definitions;
}
