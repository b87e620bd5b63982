/**
 * `npm run demo`: the fleet simulator with a moving fleet and a real-format log, and the exporter on
 * it (API + log file). Prints the status page URL, the simulator's API key and ready-to-paste fault
 * commands; Ctrl-C stops both and removes the temporary folder (so does any failed start).
 *
 * Flags: --port=<exporter port> (default 9877; 0 = any free port), --devices=<n>, --tick-ms=<ms>.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../exporter/config';
import type { RawValue } from '../exporter/config/sources';
import { startExporter, type RunningExporter } from '../exporter/exporter';
import { createLogger } from '../exporter/logging';
import { startSimulator, type Simulator } from './simulator/index';

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(2);
}

function flag(name: string, fallback: number): number {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) return fallback;
  const value = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 0) fail(`--${name} must be a non-negative integer, got ${arg}`);
  return value;
}

/** The lines a user pastes to change the simulated server while watching the status page. */
function faultCommands(simUrl: string, apiKey: string): string[] {
  const post = (route: string, body: string) => `curl -s -X POST -H 'X-API-Key: ${apiKey}' -H 'content-type: application/json' -d '${body}' ${simUrl}/_sim/${route}`;
  return [
    '  take the server down (the exporter reports it down, ufo_up 0):',
    `    ${post('fault', '{"kind":"unresponsive"}')}`,
    '  bring it back:',
    `    ${post('fault', '{"kind":"none"}')}`,
    '  a failure storm (20 sessions fail at once):',
    `    ${post('failure-storm', '{"count":20}')}`,
  ];
}

const port = flag('port', 9877);
const devices = flag('devices', 8);
const tickMs = flag('tick-ms', 1000);
const dir = mkdtempSync(join(tmpdir(), 'ufo-demo-'));
// Whatever ends the process (Ctrl-C, a failed start, an uncaught error), the folder goes with it.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const logFile = join(dir, 'ufo-server.log');
const apiKey = randomBytes(12).toString('hex');

let sim: Simulator | undefined;
let exporter: RunningExporter | undefined;
let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await exporter?.close();
  await sim?.close();
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

sim = await startSimulator({ apiKey, devices, constellations: Math.max(1, Math.floor(devices / 4)), seed: 42, tickMs, logFile, shape: 'rich' });
const settings: Record<string, string> = {
  'web.listen-address': `127.0.0.1:${port}`,
  'ufo.url': sim.url,
  'ufo.api-key': apiKey,
  'ufo.log-file': logFile,
  'ufo.log-from-start': 'true',
};
const config = resolveConfig([new Map<string, RawValue>(Object.entries(settings).map(([k, v]) => [k, { value: v, origin: `demo ${k}` }]))]);
try {
  exporter = await startExporter(config, createLogger({ level: 'warn', format: 'logfmt', secrets: [apiKey] }));
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `demo: port ${port} on 127.0.0.1 is taken; choose another with --port=N (--port=0 picks a free one)\n`
      : `demo: the exporter did not start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  await stop(2);
}

if (exporter) {
  process.stdout.write(
    [
      '',
      'UFO monitoring demo',
      '',
      `  status page   ${exporter.url}/      <- open this in a browser`,
      `  metrics       ${exporter.metricsUrl}`,
      `  simulated UFO server  ${sim.url}   (${devices} devices, a fleet change every ${tickMs} ms)`,
      `  its API key           ${apiKey}`,
      `  its log               ${logFile}`,
      '',
      'Try a fault (paste into another terminal):',
      ...faultCommands(sim.url, apiKey),
      '',
      'Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
}
