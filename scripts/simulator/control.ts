/** `SimulatorControl`: the one implementation behind the in-process API and the `/_sim` routes. */
import { STATUS_CODES } from 'node:http';
import type { Fault, ResponseShape, SimulatorControl } from './contract';
import { validateFault } from './faults';
import { FleetError, type Fleet } from './fleet';
import { routeTemplate } from './http-api';
import type { LogSink } from './log-file';
import type { Prng } from './prng';
import type { ServerLog } from './server-log';
import type { TruthRecorder } from './truth';

export interface ControlDeps {
  readonly fleet: Fleet;
  readonly log: ServerLog;
  readonly sink: LogSink;
  readonly truth: TruthRecorder;
  readonly prng: Prng;
  readonly initialShape: ResponseShape;
  readonly ticker: { tick(): void };
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function validateShape(value: unknown): ResponseShape {
  if (value === 'ids' || value === 'rich') return value;
  throw new Error(`shape: expected "ids" or "rich", got ${JSON.stringify(value)}`);
}

/** An access line for a request some other caller made (validated, since it comes from control). */
export function logForeignRequest({ log, truth, prng }: Pick<ControlDeps, 'log' | 'truth' | 'prng'>, method: string, path: string, status: number): void {
  const upper = method.toUpperCase();
  if (!HTTP_METHODS.includes(upper)) throw new FleetError(`method: expected one of ${HTTP_METHODS.join(', ')}, got ${JSON.stringify(method)}`, 400);
  if (!path.startsWith('/')) throw new FleetError(`path must start with "/", got ${JSON.stringify(path)}`, 400);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new FleetError(`status: expected an HTTP status 100-599, got ${status}`, 400);
  log.httpAccess(`127.0.0.1:${prng.int(49152, 65535)}`, upper, path, status, STATUS_CODES[status] ?? '');
  truth.httpRequest(upper, routeTemplate(path.split('?')[0] ?? path), status);
}

export function createControl(deps: ControlDeps): SimulatorControl {
  const { fleet, sink, truth, ticker, initialShape } = deps;
  let shape = validateShape(initialShape);
  let fault: Fault = { kind: 'none' };
  return {
    setShape: (next) => void (shape = validateShape(next)),
    setFault: (next) => void (fault = validateFault(next)),
    shape: () => shape,
    fault: () => fault,
    connect: (clientId, opts = {}) => fleet.connect(clientId, opts),
    disconnect: (clientId, code = 1000) => {
      if (!Number.isInteger(code) || code < 1000 || code > 4999) throw new FleetError(`close code must be an integer 1000-4999, got ${code}`, 400);
      fleet.disconnect(clientId, code);
    },
    rejectRegistration: (clientId) => void fleet.reject(clientId),
    dropAllDevices: () => fleet.dropAllDevices(),
    restoreDevices: () => fleet.restoreDevices(),
    addDevices: (n, platform) => fleet.addDevices(n, platform),
    startSession: (clientId, opts) => fleet.startSession(clientId, opts),
    finishSession: (sessionId, status, executionSeconds) => {
      if (status !== 'completed' && status !== 'failed') throw new FleetError(`status: expected "completed" or "failed", got ${JSON.stringify(status)}`, 400);
      fleet.finishSession(sessionId, status, executionSeconds);
    },
    logHttpRequest: (method, path, status) => logForeignRequest(deps, method, path, status),
    failureStorm: (count) => {
      if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new FleetError(`count: expected an integer 1-10000, got ${count}`, 400);
      const devices = fleet.clients().filter((c) => c.type === 'device');
      if (devices.length === 0) throw new FleetError('no device is connected to run sessions on', 409);
      for (let i = 0; i < count; i++) fleet.finishSession(fleet.startSession(devices[i % devices.length]!.clientId), 'failed');
    },
    advance: (ticks) => {
      if (!Number.isInteger(ticks) || ticks < 0) throw new FleetError(`ticks: expected an integer >= 0, got ${ticks}`, 400);
      for (let i = 0; i < ticks; i++) ticker.tick();
    },
    clients: () => fleet.clients(),
    sessions: () => fleet.sessions(),
    truth: () => truth.snapshot(),
    flushLog: () => sink.flush(),
    rotateLog: () => sink.rotate(),
    truncateLog: () => sink.truncate(),
    holdLog: () => sink.hold(),
    releaseLog: () => sink.release(),
  };
}
