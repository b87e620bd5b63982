/**
 * `startSimulator`: a UFO-compatible server for demos and tests (see contract.ts and the README's
 * "Fleet simulator" section). Composes the fleet model, its log, the HTTP API, the WebSocket
 * endpoint, the `/_sim` control routes and the random ticker.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApiBodies } from './api-bodies';
import type { Simulator, SimulatorOptions } from './contract';
import { createControl, logForeignRequest } from './control';
import { controlRoutes } from './control-routes';
import { faultMiddleware, PendingWork } from './faults';
import { Fleet } from './fleet';
import { accessLog, apiRoutes, jsonErrors, requireApiKey } from './http-api';
import { AppendLogFile, discardingSink } from './log-file';
import { Prng } from './prng';
import { LOG_FORMATS, ServerLog } from './server-log';
import { FleetTicker } from './ticker';
import { TruthRecorder } from './truth';
import { attachWsEndpoint } from './ws-endpoint';

export type * from './contract';

function checkCount(name: string, value: number | undefined): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new Error(`simulator option ${name}: expected an integer >= 0, got ${value}`);
  return n;
}

function checkOptions(opts: SimulatorOptions): void {
  if (typeof opts.apiKey !== 'string' || opts.apiKey.length === 0) throw new Error('simulator option apiKey: required, a non-empty string');
  if (opts.logFormat !== undefined && !LOG_FORMATS.includes(opts.logFormat))
    throw new Error(`simulator option logFormat: expected ${LOG_FORMATS.join('|')}, got ${JSON.stringify(opts.logFormat)}`);
  if (opts.tickMs !== undefined && !(Number.isFinite(opts.tickMs) && opts.tickMs >= 0))
    throw new Error(`simulator option tickMs: expected a number of milliseconds >= 0, got ${opts.tickMs}`);
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535))
    throw new Error(`simulator option port: expected 0-65535, got ${opts.port}`);
}

/** The starting fleet: `win-1`, `linux-2`, … and constellations `orchestrator-1@<device>`. */
function seedRoster(prng: Prng, devices: number, constellations: number): { clientId: string; platform: string }[] {
  const roster: { clientId: string; platform: string }[] = [];
  for (let i = 1; i <= devices; i++) {
    const platform = prng.chance(0.7) ? 'windows' : 'linux';
    roster.push({ clientId: `${platform === 'windows' ? 'win' : 'linux'}-${i}`, platform });
  }
  for (let j = 1; j <= constellations; j++) {
    const device = roster[(j - 1) % Math.max(1, devices)];
    roster.push({ clientId: `orchestrator-${j}@${device?.clientId ?? 'none'}`, platform: device?.platform ?? 'windows' });
  }
  return roster;
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  checkOptions(opts);
  const devices = checkCount('devices', opts.devices);
  const constellations = checkCount('constellations', opts.constellations);
  const apiKey = opts.apiKey;
  const prng = new Prng(opts.seed ?? 1);
  const truth = new TruthRecorder();
  const sink = opts.logFile ? new AppendLogFile(opts.logFile) : discardingSink;
  const log = new ServerLog(sink, opts.logFormat ?? 'current', (level) => truth.logRecord(level));
  const fleet = new Fleet(log, truth, prng, `/ws?token=${apiKey}`);
  const roster = seedRoster(prng, devices, constellations);
  const ticker = new FleetTicker(fleet, prng, roster, (method, path, status) => logForeignRequest({ log, truth, prng }, method, path, status));
  const control = createControl({ fleet, log, sink, truth, prng, ticker, initialShape: opts.shape ?? 'ids' });
  const pending = new PendingWork();
  const bodies = new ApiBodies(fleet, Date.now() / 1000);

  const app = express();
  app.disable('x-powered-by');
  app.use('/api', accessLog(log, truth), faultMiddleware(control.fault, pending), requireApiKey(apiKey), apiRoutes({ fleet, bodies, truth, currentShape: control.shape }));
  app.use('/_sim', requireApiKey(apiKey), controlRoutes(control));
  app.use(jsonErrors);

  const server = createServer(app);
  const closeSockets = attachWsEndpoint(server, { fleet, log, truth, apiKey });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  for (const { clientId, platform } of roster) fleet.connect(clientId, { platform });
  if (opts.tickMs) ticker.start(opts.tickMs);

  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    apiKey,
    control,
    close: () =>
      (closing ??= (async () => {
        ticker.stop();
        pending.cancelAll();
        closeSockets();
        // Ends keep-alive and never-answered (unresponsive fault) connections too.
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await sink.close();
      })()),
  };
}
