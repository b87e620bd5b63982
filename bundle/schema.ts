/**
 * The JSON schema of the bundle config, generated from the `BundleConfig` type and its doc comments
 * (ts-json-schema-generator) at build time and committed as bundle/generated/bundle-config.schema.json:
 * `--config` validates a user's file against that committed file, so validation needs no TypeScript.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_FILE = 'bundle/generated/bundle-config.schema.json';

const BUNDLE_DIR = dirname(fileURLToPath(import.meta.url));

/** A JSON schema node, as far as the docs and the error messages read it. */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly SchemaNode[];
  readonly pattern?: string;
}

/** Generates the schema from the TypeScript types (slow: it builds a TS program; build time only). */
export async function generateBundleSchema(): Promise<SchemaNode> {
  const { createGenerator } = await import('ts-json-schema-generator');
  return createGenerator({
    path: join(BUNDLE_DIR, 'config.ts'),
    tsconfig: join(BUNDLE_DIR, 'schema-tsconfig.json'),
    type: 'BundleConfig',
    skipTypeCheck: true,
    additionalProperties: false,
    expose: 'none',
    topRef: false,
  }).createSchema('BundleConfig') as SchemaNode;
}

/** The committed schema (what `--config` validates against). */
export function committedBundleSchema(): SchemaNode {
  return JSON.parse(readFileSync(join(BUNDLE_DIR, 'generated', 'bundle-config.schema.json'), 'utf8')) as SchemaNode;
}
