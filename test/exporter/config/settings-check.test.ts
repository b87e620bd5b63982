/**
 * The settings check (exporter/config/settings-check.ts) replaced ajv's generated code for the
 * settings schema: held here to ajv itself on the same schema — the same coerced values, and the
 * same first problem (path, keyword, message) — for values as flags, environment and YAML give them.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { OPTIONS, type OptionSpec } from '../../../exporter/config/options';
import { checkSettings, settingsJsonSchema } from '../../../exporter/config/settings-check';

const options = OPTIONS as readonly OptionSpec[];
const validate = new Ajv({ allErrors: false, coerceTypes: true, strict: true }).compile(settingsJsonSchema(options));

function defaults(): Record<string, unknown> {
  return Object.fromEntries(options.map((o) => [o.name, Array.isArray(o.default) ? [...o.default] : o.default]));
}

/** Both checks on copies of the same values: their coerced values and first problems. */
function both(overrides: Record<string, unknown>): { ours: unknown; ajv: unknown } {
  const mine = { ...defaults(), ...structuredClone(overrides) };
  const theirs = { ...defaults(), ...structuredClone(overrides) };
  const problem = checkSettings(mine, options);
  const ok = validate(theirs);
  const first = validate.errors?.[0];
  return {
    ours: { values: mine, problem: problem && { instancePath: problem.instancePath, keyword: problem.keyword, message: problem.message } },
    ajv: { values: theirs, problem: ok ? undefined : first && { instancePath: first.instancePath, keyword: first.keyword, message: first.message } },
  };
}

const CASES: Record<string, unknown>[] = [
  {},
  // integers: strings (flags, env), numbers (YAML), booleans and null coerced; fractions, words, empty refused
  { 'clients.max-series': '5' },
  { 'clients.max-series': ' 7 ' },
  { 'clients.max-series': '1e3' },
  { 'clients.max-series': '0x10' },
  { 'clients.max-series': 12 },
  { 'clients.max-series': true },
  { 'clients.max-series': null },
  { 'clients.max-series': '1.5' },
  { 'clients.max-series': 1.5 },
  { 'clients.max-series': '' },
  { 'clients.max-series': 'many' },
  { 'clients.max-series': -1 },
  { 'clients.max-series': '-1' },
  { 'clients.max-series': 10_000_001 },
  { 'clients.max-series': Infinity },
  { 'clients.max-series': [1] },
  { 'events.max-message-bytes': '10' },
  // booleans
  { 'ufo.log-from-start': 'true' },
  { 'ufo.log-from-start': 'false' },
  { 'ufo.log-from-start': 1 },
  { 'ufo.log-from-start': 0 },
  { 'ufo.log-from-start': null },
  { 'ufo.log-from-start': 'maybe' },
  { 'ufo.log-from-start': 'TRUE' },
  { 'ufo.log-from-start': 2 },
  // strings: patterns, enums, numbers and booleans from YAML, objects refused
  { 'ufo.timeout': '750ms' },
  { 'ufo.timeout': '5' },
  { 'ufo.timeout': 5 },
  { 'ufo.url': 'ftp://x' },
  { 'ufo.url': 'http://ünï.example:1/p' },
  { 'web.listen-address': 'localhost' },
  { 'web.telemetry-path': 'metrics' },
  { 'log.level': 'verbose' },
  { 'log.level': 'warn' },
  { 'log.format': null },
  { 'ufo.log-file': true },
  { 'ufo.log-file': { a: 1 } },
  { 'ufo.server-name': 'with space' },
  { 'ufo.server-name': 'ok-name' },
  // lists: items coerced to strings, empty items and non-lists refused
  { 'devices.known': ['a', 'b'] },
  { 'devices.known': ['a', 7, true] },
  { 'devices.known': ['a', ''] },
  { 'devices.known': ['a', null] },
  { 'devices.known': ['a', ['b']] },
  { 'devices.known': 'a,b' },
  // the first problem in table order when there are several
  { 'log.level': 'verbose', 'web.telemetry-path': 'metrics', 'clients.max-series': 'x' },
];

describe('settings check', () => {
  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('gives what ajv gives for %s', (_name, overrides) => {
    const { ours, ajv } = both(overrides);
    expect(ours).toEqual(ajv);
  });

  it('finds a problem in every case meant to be one (the cases are not all valid)', () => {
    const problems = CASES.filter((c) => checkSettings({ ...defaults(), ...structuredClone(c) }, options) !== undefined);
    expect(problems.length).toBeGreaterThan(20);
  });
});
