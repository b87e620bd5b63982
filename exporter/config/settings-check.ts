/**
 * Checks the merged settings against the option table, coercing flag and environment strings as ajv
 * does with `coerceTypes: true` (test/exporter/config/settings-check.test.ts holds it to ajv's
 * results and messages). Hand-written because the table only uses a few keywords (type, pattern,
 * enum, minimum, maximum, minLength of list items), while ajv's generated code for it was 30 KB that
 * every start-up compiled and ran (~4 ms of CPU, docs/performance.md).
 */
import type { OptionSpec } from './options';

export interface SettingProblem {
  /** `/name`, or `/name/i` for an item of a list. */
  readonly instancePath: string;
  readonly keyword: 'type' | 'pattern' | 'enum' | 'minimum' | 'maximum' | 'minLength';
  readonly message: string;
}

type Scalar = 'string' | 'integer' | 'boolean';

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v % 1 === 0;

/** The value in the wanted type, as ajv's coercion makes it, or `undefined` when it cannot be. */
function coerce(value: unknown, type: Scalar): unknown {
  switch (type) {
    case 'integer':
      if (isInteger(value)) return value;
      if (typeof value === 'boolean' || value === null) return Number(value);
      // ajv: a non-empty string equal to its number (`'5' == +'5'`), without a fraction.
      if (typeof value === 'string' && value !== '' && Number(value) == (value as unknown as number) && Number(value) % 1 === 0) return Number(value);
      return undefined;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'false' || value === 0 || value === null) return false;
      if (value === 'true' || value === 1) return true;
      return undefined;
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (value === null) return '';
      return undefined;
  }
}

function checkScalar(value: unknown, type: Scalar, schema: Readonly<Record<string, unknown>>, path: string): SettingProblem | undefined {
  const s = schema as { pattern?: string; enum?: readonly string[]; minimum?: number; maximum?: number; minLength?: number };
  if (type === 'integer') {
    const n = value as number;
    if (s.maximum !== undefined && !(n <= s.maximum)) return { instancePath: path, keyword: 'maximum', message: `must be <= ${s.maximum}` };
    if (s.minimum !== undefined && !(n >= s.minimum)) return { instancePath: path, keyword: 'minimum', message: `must be >= ${s.minimum}` };
  }
  if (type === 'string') {
    const text = value as string;
    // ajv counts characters (code points), not UTF-16 units.
    if (s.minLength !== undefined && [...text].length < s.minLength)
      return { instancePath: path, keyword: 'minLength', message: `must NOT have fewer than ${s.minLength} characters` };
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(text)) return { instancePath: path, keyword: 'pattern', message: `must match pattern "${s.pattern}"` };
    if (s.enum !== undefined && !s.enum.includes(text)) return { instancePath: path, keyword: 'enum', message: 'must be equal to one of the allowed values' };
  }
  return undefined;
}

/** One setting: coerced in `values` (as ajv does in place), or its problem. */
function checkOne(values: Record<string, unknown>, o: OptionSpec): SettingProblem | undefined {
  const path = `/${o.name}`;
  if (o.kind === 'list') {
    const list = values[o.name];
    if (!Array.isArray(list)) return { instancePath: path, keyword: 'type', message: 'must be array' };
    for (let i = 0; i < list.length; i++) {
      const item = coerce(list[i], 'string');
      if (item === undefined) return { instancePath: `${path}/${i}`, keyword: 'type', message: 'must be string' };
      list[i] = item;
      const problem = checkScalar(item, 'string', { minLength: 1 }, `${path}/${i}`);
      if (problem) return problem;
    }
    return undefined;
  }
  const type: Scalar = o.kind === 'integer' || o.kind === 'boolean' ? o.kind : 'string';
  const value = coerce(values[o.name], type);
  if (value === undefined) return { instancePath: path, keyword: 'type', message: `must be ${type}` };
  values[o.name] = value;
  return type === 'boolean' ? undefined : checkScalar(value, type, o.schema ?? {}, path);
}

/** The first problem in table order (as ajv reports with `allErrors: false`); coerces `values` in place. */
export function checkSettings(values: Record<string, unknown>, options: readonly OptionSpec[]): SettingProblem | undefined {
  for (const o of options) {
    const problem = checkOne(values, o);
    if (problem) return problem;
  }
  return undefined;
}

/** The JSON schema this check implements (for ajv, in the test that holds the two to the same results). */
export function settingsJsonSchema(options: readonly OptionSpec[]): Record<string, unknown> {
  const schemaFor = (o: OptionSpec): Record<string, unknown> => {
    if (o.kind === 'integer') return { type: 'integer', ...o.schema };
    if (o.kind === 'boolean') return { type: 'boolean' };
    if (o.kind === 'list') return { type: 'array', items: { type: 'string', minLength: 1 } };
    return { type: 'string', ...o.schema };
  };
  return { type: 'object', properties: Object.fromEntries(options.map((o) => [o.name, schemaFor(o)])), additionalProperties: false };
}
