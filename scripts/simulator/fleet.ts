/**
 * The simulated server's state: who is connected, which sessions run, and what the server logs
 * when that changes. Every change goes through here so the log and the ground truth agree.
 */
import type { SimulatedClient, SimulatedSession } from './contract';
import type { Prng } from './prng';
import type { ServerLog } from './server-log';
import type { ClientKind, TruthRecorder } from './truth';

/** A real WebSocket behind a registered client (simulated clients have none). */
export interface ClientSocket {
  send(data: string): void;
  close(code: number): void;
}

interface FleetClient {
  readonly clientId: string;
  readonly type: ClientKind;
  readonly platform: string;
  readonly connectedAt: number;
  /** Sessions this connection ever ran: the real server never prunes it (hence its stale counts). */
  readonly history: string[];
  readonly socket?: ClientSocket;
}

interface FleetSession {
  readonly sessionId: string;
  /** Who asked for it: the device itself, or a constellation. */
  readonly clientId: string;
  /** The device that runs it. */
  readonly deviceId: string;
  readonly platform: string;
  readonly startedAt: number;
}

export type RejectionReason = 'duplicate_client_id' | 'constellation_registration_failed';

export const DEFAULT_PLATFORM = 'windows';
/** Created session ids the simulated server remembers (the real one never forgets; the simulator must stay bounded). */
const MAX_REMEMBERED_SESSIONS = 100_000;

/** `task@device` ids are constellations (docs/ufo-server.md). */
export function classifyClientId(clientId: string): ClientKind {
  return clientId.includes('@') ? 'constellation' : 'device';
}

/** The device a constellation id points at (`task@device` → `device`). */
export function targetDeviceOf(clientId: string): string | undefined {
  const at = clientId.indexOf('@');
  return at < 0 ? undefined : clientId.slice(at + 1);
}

const CLOSE_REASONS: Readonly<Record<number, string>> = { 1000: 'client shutdown', 1001: 'going away', 1006: '' };

const SAMPLE_TRACEBACK = (error: string): string[] => [
  'Traceback (most recent call last):',
  '  File "/app/ufo/server/services/session_manager.py", line 214, in _run_session',
  '    await session.run()',
  '  File "/app/ufo/module/sessions/service_session.py", line 131, in run',
  '    result = await asyncio.wait_for(self._execute(), timeout=self.timeout)',
  `${error}`,
];

export class FleetError extends Error {
  constructor(
    message: string,
    /** HTTP status for the `/_sim` routes: 404 unknown, 409 conflicting. */
    readonly status: 404 | 409 | 400,
  ) {
    super(message);
  }
}

export class Fleet {
  private readonly clientsById = new Map<string, FleetClient>();
  private readonly sessionsById = new Map<string, FleetSession>();
  /** Session ids the server has created (it never forgets one: a rerun is not created again). Bounded. */
  private readonly createdSessionIds = new Set<string>();
  private dropped: { clientId: string; platform: string }[] = [];
  private addedDevices = 0;
  /** Bumps whenever the set of connected clients changes (response caches key on it). */
  private clientsVersion = 0;

  constructor(
    private readonly log: ServerLog,
    private readonly truth: TruthRecorder,
    private readonly prng: Prng,
    /** The WebSocket target simulated clients "used" (`/ws?token=<key>`), for uvicorn's handshake line. */
    private readonly wsTarget: string,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  get version(): number {
    return this.clientsVersion;
  }

  connectedClients(): IterableIterator<FleetClient> {
    return this.clientsById.values();
  }

  get clientCount(): number {
    return this.clientsById.size;
  }

  get activeSessionCount(): number {
    return this.sessionsById.size;
  }

  isConnected(clientId: string): boolean {
    return this.clientsById.has(clientId);
  }

  /** The type and platform of a connected client. */
  describe(clientId: string): { type: ClientKind; platform: string } | undefined {
    return this.clientsById.get(clientId);
  }

  clients(): SimulatedClient[] {
    return [...this.clientsById.values()].map(({ clientId, type, platform, connectedAt }) => ({ clientId, type, platform, connectedAt }));
  }

  sessions(): SimulatedSession[] {
    return [...this.sessionsById.values()].map(({ sessionId, clientId, deviceId, startedAt }) => ({ sessionId, clientId, deviceId, startedAt }));
  }

  /** Sessions running on (or asked for by) a client. */
  sessionsOf(clientId: string): string[] {
    return [...this.sessionsById.values()].filter((s) => s.clientId === clientId || s.deviceId === clientId).map((s) => s.sessionId);
  }

  isRunning(sessionId: string): boolean {
    return this.sessionsById.has(sessionId);
  }

  /** The real socket behind a connected client, if any. */
  socketOf(clientId: string): ClientSocket | undefined {
    return this.clientsById.get(clientId)?.socket;
  }

  /** Why the server would refuse this registration now, if it would. */
  rejectionFor(clientId: string, type: ClientKind, targetId?: string): RejectionReason | undefined {
    if (this.clientsById.has(clientId)) return 'duplicate_client_id';
    if (type === 'constellation' && targetId !== undefined && this.clientsById.get(targetId)?.type !== 'device')
      return 'constellation_registration_failed';
    return undefined;
  }

  private simulatedPeer(): [string, number] {
    return ['127.0.0.1', this.prng.int(49152, 65535)];
  }

  /**
   * Registers a client. Simulated clients (no socket) also get uvicorn's handshake lines; a real
   * socket's handshake was already logged by the WebSocket endpoint.
   */
  connect(clientId: string, opts: { type?: ClientKind; platform?: string; socket?: ClientSocket } = {}): void {
    if (clientId.length === 0) throw new FleetError('client id must not be empty', 400);
    if (this.clientsById.has(clientId)) throw new FleetError(`client ${clientId} is already connected`, 409);
    const type = opts.type ?? classifyClientId(clientId);
    const platform = opts.platform ?? DEFAULT_PLATFORM;
    if (!opts.socket) this.log.wsAccepted(this.simulatedPeer(), this.wsTarget);
    if (!opts.socket) this.truth.wsHandshake('accepted');
    const client: FleetClient = { clientId, type, platform, connectedAt: this.nowSeconds(), history: [], ...(opts.socket ? { socket: opts.socket } : {}) };
    this.clientsById.set(clientId, client);
    this.clientsVersion++;
    this.log.clientConnected(clientId, type, platform);
    this.truth.connected(type);
  }

  /** A refused registration as the real server logs it: handshake accepted, error, connection closed. */
  reject(clientId: string, opts: { viaSocket?: boolean } = {}): RejectionReason {
    const type = classifyClientId(clientId);
    const target = targetDeviceOf(clientId);
    const reason = this.rejectionFor(clientId, type, target) ?? 'duplicate_client_id';
    if (!opts.viaSocket) {
      this.log.wsAccepted(this.simulatedPeer(), this.wsTarget);
      this.truth.wsHandshake('accepted');
    }
    if (reason === 'constellation_registration_failed') this.log.constellationRejected(clientId, target ?? '');
    else this.log.duplicateRejected(clientId);
    if (!opts.viaSocket) this.log.wsClosed();
    this.truth.registrationRejected(reason);
    return reason;
  }

  /**
   * Disconnects a client and cancels what it was running. `fromSocket` means the socket already
   * closed by itself; otherwise a real socket is closed here with `code`.
   */
  disconnect(clientId: string, code = 1000, opts: { fromSocket?: boolean; reason?: string } = {}): void {
    const client = this.clientsById.get(clientId);
    if (!client) throw new FleetError(`client ${clientId} is not connected`, 404);
    this.clientsById.delete(clientId);
    this.clientsVersion++;
    if (client.socket && !opts.fromSocket) client.socket.close(code);
    this.log.disconnectStarted(clientId, code, opts.reason ?? CLOSE_REASONS[code] ?? '');
    const cancelReason = client.type === 'device' ? 'device_disconnected' : 'constellation_disconnected';
    const running = new Set(this.sessionsOf(clientId));
    const history = [...new Set([...client.history, ...running])];
    if (history.length > 0) this.log.cancellingSessions(clientId, client.type, history.length);
    for (const sessionId of history) {
      if (running.has(sessionId)) this.cancelSession(sessionId, cancelReason);
      else this.log.noRunningTask(sessionId);
    }
    this.log.disconnectFinished(clientId);
    this.log.wsClosed();
    this.truth.disconnected(client.type, code);
  }

  private cancelSession(sessionId: string, reason: string): void {
    this.sessionsById.delete(sessionId);
    this.log.sessionCancelled(sessionId, reason);
    this.truth.sessionFinished('cancelled', reason);
  }

  dropAllDevices(): void {
    const devices = [...this.clientsById.values()].filter((c) => c.type === 'device');
    for (const device of devices) {
      this.disconnect(device.clientId, 1006);
      this.dropped.push({ clientId: device.clientId, platform: device.platform });
    }
  }

  restoreDevices(): void {
    const dropped = this.dropped;
    this.dropped = [];
    for (const { clientId, platform } of dropped) {
      if (!this.clientsById.has(clientId)) this.connect(clientId, { type: 'device', platform });
    }
  }

  /** Connects n new devices `bulk-<k>` at once; one version bump, so caches rebuild once. */
  addDevices(n: number, platform = DEFAULT_PLATFORM): void {
    if (!Number.isInteger(n) || n < 0) throw new FleetError(`device count must be a non-negative integer, got ${n}`, 400);
    for (let added = 0; added < n; ) {
      const clientId = `bulk-${++this.addedDevices}`;
      if (this.clientsById.has(clientId)) continue;
      this.connect(clientId, { type: 'device', platform });
      added++;
    }
  }

  /**
   * Starts a session on a connected client; returns its id. A constellation's runs on its target
   * device. `opts.sessionId` reuses an id (a rerun): one the server created before is only started.
   */
  startSession(clientId: string, opts: { sessionId?: string } = {}): string {
    const client = this.clientsById.get(clientId);
    if (!client) throw new FleetError(`client ${clientId} is not connected`, 404);
    const target = client.type === 'device' ? undefined : targetDeviceOf(clientId);
    const deviceId = target ?? clientId;
    const platform = this.clientsById.get(deviceId)?.platform ?? client.platform;
    const sessionId = opts.sessionId ?? this.prng.uuid();
    if (sessionId === '' || /\s/.test(sessionId)) throw new FleetError(`session id must be non-empty without spaces, got ${JSON.stringify(sessionId)}`, 400);
    if (this.sessionsById.has(sessionId)) throw new FleetError(`session ${sessionId} is already running`, 409);
    this.sessionsById.set(sessionId, { sessionId, clientId, deviceId, platform, startedAt: this.nowSeconds() });
    client.history.push(sessionId);
    if (deviceId !== clientId) this.clientsById.get(deviceId)?.history.push(sessionId);
    this.log.taskPrepared(sessionId, clientId.split('@')[0] ?? clientId, client.type, target);
    const firstRun = !this.createdSessionIds.has(sessionId);
    if (firstRun) this.rememberCreated(sessionId);
    this.log.sessionStarted(sessionId, platform, clientId, firstRun);
    this.truth.sessionStarted();
    return sessionId;
  }

  private rememberCreated(sessionId: string): void {
    if (this.createdSessionIds.size >= MAX_REMEMBERED_SESSIONS) {
      const oldest = this.createdSessionIds.values().next();
      if (!oldest.done) this.createdSessionIds.delete(oldest.value);
    }
    this.createdSessionIds.add(sessionId);
  }

  /**
   * Finishes a running session. A failed one logs the error first (with a traceback when asked),
   * then, as the real server does for both outcomes, "execution took" and "completed with status".
   */
  finishSession(sessionId: string, status: 'completed' | 'failed', executionSeconds?: number, opts: { traceback?: boolean } = {}): void {
    const session = this.sessionsById.get(sessionId);
    if (!session) throw new FleetError(`session ${sessionId} is not running`, 404);
    if (executionSeconds !== undefined && !(Number.isFinite(executionSeconds) && executionSeconds >= 0))
      throw new FleetError(`execution seconds must be a finite number >= 0, got ${executionSeconds}`, 400);
    this.sessionsById.delete(sessionId);
    if (status === 'failed') {
      const error = 'TimeoutError: Device did not respond within 300s';
      this.log.sessionError(sessionId, error, opts.traceback ? SAMPLE_TRACEBACK(error) : undefined);
    }
    this.log.sessionExecutionTook(sessionId, executionSeconds ?? Math.max(0, this.nowSeconds() - session.startedAt));
    this.log.sessionCompleted(sessionId, status);
    this.truth.sessionFinished(status, 'none');
  }

  /** Sends a frame to a client's real socket, if it has one. */
  sendTo(clientId: string, frame: object): void {
    this.clientsById.get(clientId)?.socket?.send(JSON.stringify(frame));
  }
}
