/**
 * `--config my.yaml`: a user's YAML laid over the defaults. Objects merge key by key (so a file
 * names only what it changes); arrays and scalars replace. The merged config is validated against
 * the bundle config's JSON schema; every error names the file and the field.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import type { BundleConfig } from './config';
import { defaultBundleConfig } from './defaults';
import { committedBundleSchema } from './schema';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `base` with `overlay` merged in: nested objects key by key, anything else replaced. */
export function overlay(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = key in base ? overlay(base[key], value) : value;
  return out;
}

/** `rules.minDevices`, `kubernetes.labels.release`, `alerting.teams[0].name` from a JSON pointer. */
function fieldName(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((name, p) => (/^\d+$/.test(p) ? `${name}[${p}]` : name ? `${name}.${p}` : p), '') || '(top level)';
}

function describeError(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') {
    const field = String((e.params as { additionalProperty?: unknown }).additionalProperty);
    return `${fieldName(e.instancePath, field)}: unknown field (docs/bundle-config.md lists every field)`;
  }
  if (e.keyword === 'required') return `${fieldName(e.instancePath, String((e.params as { missingProperty?: unknown }).missingProperty))}: missing`;
  return `${fieldName(e.instancePath)}: ${e.message ?? 'invalid'}`;
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Problems of a whole (merged) config against the schema, one line per field; empty when valid. */
export function bundleConfigProblems(config: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(committedBundleSchema());
  if (validator(config)) return [];
  return [...new Set((validator.errors ?? []).map(describeError))];
}

/** The defaults with a YAML file's values laid over them; throws naming the file and each bad field. */
export function loadBundleConfig(file: string, base: BundleConfig = defaultBundleConfig): BundleConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read the config file: ${err instanceof Error ? err.message : String(err)}`);
  }
  let user: unknown;
  try {
    user = parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (user === null || user === undefined) return base;
  if (!isPlainObject(user)) throw new Error(`${file}: the config must be a mapping of fields (docs/bundle-config.md), not ${Array.isArray(user) ? 'a list' : typeof user}`);
  const merged = overlay(base, user);
  const problems = bundleConfigProblems(merged);
  if (problems.length > 0) throw new Error(`${file}: invalid bundle config:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  // Safe: ajv has just checked the merged value against the schema generated from BundleConfig.
  return merged as BundleConfig;
}
