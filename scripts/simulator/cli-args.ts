/** The simulator CLI's flags → `SimulatorOptions`; every bad flag gets an error naming it. */
import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './contract';

export const USAGE = `usage: npm run simulator -- --api-key KEY [--port 8000] [--host 127.0.0.1] [--devices 5]
       [--constellations 2] [--seed 1] [--shape ids|rich] [--log-file PATH]
       [--log-format current|legacy|json] [--tick-ms 1000]`;

function integerFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min) throw new Error(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`--${name}: expected ${allowed.join('|')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** `'help'` when --help was asked for. */
export function parseSimulatorArgs(argv: string[], env: NodeJS.ProcessEnv = {}): SimulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      devices: { type: 'string' },
      constellations: { type: 'string' },
      seed: { type: 'string' },
      shape: { type: 'string' },
      'log-file': { type: 'string' },
      'log-format': { type: 'string' },
      'tick-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const apiKey = values['api-key'] ?? env.UFO_API_KEY;
  if (!apiKey) throw new Error('--api-key (or UFO_API_KEY) is required');
  const options: { -readonly [K in keyof SimulatorOptions]: SimulatorOptions[K] } = {
    apiKey,
    port: integerFlag('port', values.port, 0) ?? 8000,
    devices: integerFlag('devices', values.devices, 0) ?? 5,
    constellations: integerFlag('constellations', values.constellations, 0) ?? 2,
    seed: integerFlag('seed', values.seed, -(2 ** 31)) ?? 1,
    shape: oneOf('shape', values.shape, ['ids', 'rich'] as const) ?? 'ids',
    logFormat: oneOf('log-format', values['log-format'], ['current', 'legacy', 'json'] as const) ?? 'current',
    tickMs: integerFlag('tick-ms', values['tick-ms'], 0) ?? 1000,
  };
  if (values.host !== undefined) options.host = values.host;
  if (values['log-file'] !== undefined) options.logFile = values['log-file'];
  return options;
}
