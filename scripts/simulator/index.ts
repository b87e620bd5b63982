/**
 * `startSimulator`: a UFO-compatible server for demos and tests (see contract.ts and
 * docs/simulator.md). Composes the fleet model, its log, the HTTP API, the WebSocket
 * endpoint, the `/_sim` control routes and the random ticker.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApiBodies } from './api-bodies';
import type { Simulator, SimulatorOptions } from './contract';
import { createControl } from './control';
import { controlRoutes } from './control-routes';
import { faultMiddleware, PendingWork } from './faults';
import { accessLog, apiRoutes, jsonErrors, requireApiKey } from './http-api';
import { AppendLogFile, discardingSink } from './log-file';
import { checkWorldOptions, createWorld } from './world';
import { attachWsEndpoint } from './ws-endpoint';

export type * from './contract';

function checkServerOptions(opts: SimulatorOptions): void {
  checkWorldOptions(opts);
  if (opts.tickMs !== undefined && !(Number.isFinite(opts.tickMs) && opts.tickMs >= 0))
    throw new Error(`simulator option tickMs: expected a number of milliseconds >= 0, got ${opts.tickMs}`);
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535))
    throw new Error(`simulator option port: expected 0-65535, got ${opts.port}`);
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  checkServerOptions(opts);
  const apiKey = opts.apiKey;
  const sink = opts.logFile ? new AppendLogFile(opts.logFile) : discardingSink;
  const world = createWorld(opts, sink);
  const { prng, truth, log, fleet, ticker } = world;
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

  world.connectRoster();
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
