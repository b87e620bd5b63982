/**
 * `npm run demo`: the fleet simulator with a moving fleet and a real-format log, and the exporter on
 * it (API + log file). Prints the URLs; Ctrl-C stops both.
 *
 * Flags: --port=<exporter port> (default 9877; 0 = any free port), --devices=<n>, --tick-ms=<ms>.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../exporter/config';
import type { RawValue } from '../exporter/config/sources';
import { startExporter } from '../exporter/exporter';
import { createLogger } from '../exporter/logging';
import { startSimulator } from './simulator/index';

function flag(name: string, fallback: number): number {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) return fallback;
  const value = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`demo: --${name} must be a non-negative integer, got ${arg}\n`);
    process.exit(2);
  }
  return value;
}

const port = flag('port', 9877);
const devices = flag('devices', 8);
const tickMs = flag('tick-ms', 1000);
const dir = mkdtempSync(join(tmpdir(), 'ufo-demo-'));
const logFile = join(dir, 'ufo-server.log');
const apiKey = randomBytes(12).toString('hex');

const sim = await startSimulator({ apiKey, devices, constellations: Math.max(1, Math.floor(devices / 4)), seed: 42, tickMs, logFile, shape: 'rich' });
const settings: Record<string, string> = {
  'web.listen-address': `127.0.0.1:${port}`,
  'ufo.url': sim.url,
  'ufo.api-key': apiKey,
  'ufo.log-file': logFile,
  'ufo.log-from-start': 'true',
};
const config = resolveConfig([new Map<string, RawValue>(Object.entries(settings).map(([k, v]) => [k, { value: v, origin: `demo ${k}` }]))]);
const exporter = await startExporter(config, createLogger({ level: 'info', format: 'logfmt', secrets: [apiKey] }));

process.stdout.write(
  [
    '',
    'UFO monitoring demo',
    `  simulated UFO server  ${sim.url}   (${devices} devices, a fleet change every ${tickMs} ms)`,
    `  server log            ${logFile}`,
    `  exporter              ${exporter.url}/`,
    `  metrics               ${exporter.metricsUrl}`,
    '  Ctrl-C stops both.',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await exporter.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
