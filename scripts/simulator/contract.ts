/**
 * The fleet simulator's public contract: what tests, the demo, the bench and the stack runner use.
 * Implemented in scripts/simulator/ (`startSimulator`). The same controls are exposed over HTTP
 * under `/_sim/*` (API key required) for out-of-process users such as the stack runner.
 */
import type { ChurnProfileName } from './churn';

export type ResponseShape = 'ids' | 'rich';

/** Ways the simulated server misbehaves, for failure tests. */
export type Fault =
  | { readonly kind: 'none' }
  /** Accepts connections and never answers. */
  | { readonly kind: 'unresponsive' }
  /** Answers correctly after a delay. */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** 200 with a body that is not JSON. */
  | { readonly kind: 'garbage' }
  /** 200 with JSON of the wrong shape. */
  | { readonly kind: 'wrong_shape' }
  /** Answers every /api/* request with this status (401, 422, 500, …). */
  | { readonly kind: 'status'; readonly status: number };

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly apiKey: string;
  /** Same seed, same fleet and same sequence of changes. */
  readonly seed?: number;
  readonly devices?: number;
  readonly constellations?: number;
  readonly shape?: ResponseShape;
  /** When set, the server's log is written there in the real format (docs/ufo-server.md). */
  readonly logFile?: string;
  /** Log format: the current server's (default) or the older documented one, or JSON lines. */
  readonly logFormat?: 'current' | 'legacy' | 'json';
  /**
   * Milliseconds between random fleet changes (connects, disconnects, sessions that complete, fail
   * or are cancelled). 0 (default) = the fleet changes only through `control`.
   */
  readonly tickMs?: number;
  /** How much the ticker changes the fleet (scripts/simulator/churn.ts): `busy` (default) or `healthy`. */
  readonly churn?: ChurnProfileName;
}

export interface SimulatedClient {
  readonly clientId: string;
  readonly type: 'device' | 'constellation';
  readonly platform: string;
  /** Unix seconds. */
  readonly connectedAt: number;
}

export interface SimulatedSession {
  readonly sessionId: string;
  /** Who started it: the device itself, or a constellation `task@device`. */
  readonly clientId: string;
  /** The device that runs it (busy while it runs), whichever client started it. */
  readonly deviceId: string;
  /** Unix seconds. */
  readonly startedAt: number;
}

export interface SimulatorControl {
  setShape(shape: ResponseShape): void;
  setFault(fault: Fault): void;
  /** Connects a client (type from the id when omitted: `task@device` is a constellation). */
  connect(clientId: string, opts?: { platform?: string; type?: 'device' | 'constellation' }): void;
  /** Disconnects a client with a WebSocket close code (default 1000); cancels its running sessions. */
  disconnect(clientId: string, code?: number): void;
  /** A registration the server rejects (duplicate id), logged as the real server does. */
  rejectRegistration(clientId: string): void;
  /** All devices drop (code 1006); constellations stay. */
  dropAllDevices(): void;
  /** Devices dropped by `dropAllDevices` reconnect. */
  restoreDevices(): void;
  /** Adds n devices at once (for the bench: 100,000 clients). */
  addDevices(n: number, platform?: string): void;
  /**
   * Starts a session. `sessionId` reuses an id, as a constellation rerunning a task does: an id the
   * server has seen is not created again (no `Created new … session` line), only started.
   */
  startSession(clientId: string, opts?: { sessionId?: string }): string;
  finishSession(sessionId: string, status: 'completed' | 'failed', executionSeconds?: number): void;
  /** Writes a line to the log as the server's uvicorn access log does. */
  logHttpRequest(method: string, path: string, status: number): void;
  /** A failure storm: `count` sessions start on the connected devices in turn and fail at once. */
  failureStorm(count: number): void;
  clients(): SimulatedClient[];
  sessions(): SimulatedSession[];
  // --- Added after the first version (backward compatible: new members only). ---
  /** What really happened since start: compare the exporter's counters with it. */
  truth(): GroundTruth;
  /** Current response shape and fault. */
  shape(): ResponseShape;
  fault(): Fault;
  /** Runs n steps of the random ticker now (deterministic for a seed; works with tickMs 0). */
  advance(ticks: number): void;
  /** Resolves when every log line written so far is on disk. */
  flushLog(): Promise<void>;
  /** Rotates the log like Python's RotatingFileHandler: `log` → `log.1` (… `.3`), then a new `log`. */
  rotateLog(): Promise<void>;
  /** Truncates the log in place (logrotate's copytruncate); the server keeps appending. */
  truncateLog(): Promise<void>;
  /**
   * Holds the server's log lines back until `releaseLog` (a slow log writer): meanwhile the API
   * already answers with the new state, e.g. a reconnect the poll sees before its log line.
   */
  holdLog(): void;
  releaseLog(): void;
}

/** Disconnect counts are keyed by WebSocket close code ('1000', '1001', '1006', …). */
export type CountsByKey = Readonly<Record<string, number>>;

/** The simulator's record of what really happened (all counters start at 0 on start). */
export interface GroundTruth {
  /** Successful registrations, by client type. */
  readonly connects: { readonly device: number; readonly constellation: number };
  /** Disconnects by client type, then by close code. */
  readonly disconnects: { readonly device: CountsByKey; readonly constellation: CountsByKey };
  /** Rejected registrations by reason: `duplicate_client_id`, `constellation_registration_failed`. */
  readonly registrationsRejected: CountsByKey;
  readonly sessionsStarted: number;
  /** Finished sessions by status, then reason (`none`, or the cancel reason). Each session counted once. */
  readonly sessionsFinished: {
    readonly completed: CountsByKey;
    readonly failed: CountsByKey;
    readonly cancelled: CountsByKey;
  };
  /** uvicorn access-log lines written, by `"METHOD route code"` (route with `{name}` placeholders). */
  readonly httpRequests: CountsByKey;
  /**
   * The part of `httpRequests` the simulator's HTTP server answered over a real socket (the exporter's
   * probes, tests' own calls), as opposed to lines written for simulated other callers.
   */
  readonly httpRequestsOverSockets: CountsByKey;
  /** WebSocket handshakes: accepted, and refused with 403 (bad token). */
  readonly wsHandshakes: { readonly accepted: number; readonly forbidden: number };
  /** Calls to GET /api/task_result/{name} — the exporter must keep this at 0. */
  readonly taskResultCalls: number;
  /** Python-logging records written to the log, by lower-case level (uvicorn lines not included). */
  readonly logRecords: CountsByKey;
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:43125 */
  readonly url: string;
  readonly apiKey: string;
  readonly control: SimulatorControl;
  close(): Promise<void>;
}
