/**
 * The fleet state: applies FleetEvents from every source and answers questions about the fleet.
 * It knows nothing of HTTP, files or Prometheus; collectors and the status page read it through
 * `FleetView`. Each part carries a version counter so readers can cache what did not change.
 */
import { API_LATENCY_BUCKETS, HTTP_LATENCY_BUCKETS, type ExporterBound } from '../catalogue';
import { UNKNOWN, type FleetEvent, type SessionStarted, type SourceError, type UpstreamStatus } from '../events';
import { deviceOfClient } from './classify';
import { RingBuffer } from './bounded';
import { BoundLedger } from './bounds';
import { LogHealth, type ConfiguredSources, type LogHealthView } from './log-health';
import { ClientTracker, type ClientChange, type ConnectedClient } from './clients';
import { ErrorPatterns, type ErrorPatternLabel, type ErrorPatternView } from './error-patterns';
import { SessionTracker, type ActiveSession, type SessionOutcome } from './sessions';
import { LabelledCounter, LabelledHistogram, type CounterEntry, type HistogramEntry } from './series';

export type { ActiveSession, ConfiguredSources, ConnectedClient, ErrorPatternView, LogHealthView };

/** Version counters, one per part of the state; a reader re-renders only when its parts moved. */
export interface StateVersions {
  /** Connected set, client types and platforms. */
  readonly presence: number;
  /** Connect/disconnect counters and per-client connection counts. */
  readonly connections: number;
  readonly sessions: number;
  readonly requests: number;
  /** Log levels, error patterns and rejected registrations. */
  readonly logs: number;
  readonly upstream: number;
  /** The exporter's own counters: errors, events applied, lines read. */
  readonly exporter: number;
  /** Bound limits and overflows. */
  readonly bounds: number;
}

export interface UpstreamView {
  /** null before the first poll finished. */
  readonly up: boolean | null;
  readonly lastPollAt: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly lastPollSeconds: number | null;
  /** Seconds each API endpoint probe took in the last poll that reported probes ({} before one did). */
  readonly lastProbeSeconds: Readonly<Record<string, number>>;
}

export interface DeviceCounts {
  readonly online: number;
  readonly busy: number;
  readonly offline: number;
}

export type RecentEventKind =
  | 'client_connected'
  | 'client_disconnected'
  | 'session_started'
  | 'session_finished'
  | 'registration_rejected'
  | 'upstream_up'
  | 'upstream_down';

/** A notable fleet event, kept in a small ring buffer for the status page. */
export interface RecentEvent {
  readonly at: number;
  readonly kind: RecentEventKind;
  readonly clientId?: string;
  readonly sessionId?: string;
  /** Short human-readable detail: reason, status, platform, error. */
  readonly detail: string;
}

/** Read-only access to the fleet state, for collectors and the status page. */
export interface FleetView {
  versions(): StateVersions;
  /** Connected clients, oldest connection first. */
  clients(): IterableIterator<ConnectedClient>;
  connectedCount(): number;
  connectionCount(clientId: string): number;
  connects(): CounterEntry<'client_type'>[];
  disconnects(): CounterEntry<'client_type' | 'reason'>[];
  /** Connected clients by type and platform. */
  clientsByTypeAndPlatform(): CounterEntry<'client_type' | 'platform'>[];
  deviceCounts(): DeviceCounts;
  activeSessions(): ActiveSession[];
  activeSessionsByOwnerType(): Map<string, number>;
  /** Seconds since the oldest running session started (0 when none runs). */
  oldestActiveSessionAge(now?: number): number;
  sessionsStarted(): number;
  sessionsForgotten(): number;
  sessionsFinished(): CounterEntry<'status' | 'reason'>[];
  sessionDurations(): HistogramEntry<'status'>[];
  httpRequests(): CounterEntry<'method' | 'route' | 'code'>[];
  httpRequestDurations(): HistogramEntry<'method' | 'route'>[];
  /** The exporter's own API probes, as the server's access log recorded them (not in httpRequests). */
  ownRequests(): CounterEntry<'route' | 'code'>[];
  logMessages(): CounterEntry<'level'>[];
  /** `ufo_log_errors_total`: error records by level, logger and pattern (capped, see error-patterns.ts). */
  logErrors(): CounterEntry<ErrorPatternLabel>[];
  /** Distinct error label sets counted as `other` because the pattern cap was reached. */
  errorPatternsFolded(): number;
  /** The pattern cap (--errors.max-patterns). */
  errorPatternLimit(): number;
  /** The `n` error patterns seen last, latest first. */
  recentErrorPatterns(n: number): ErrorPatternView[];
  registrationsRejected(): CounterEntry<'reason'>[];
  upstream(): UpstreamView;
  apiRequestDurations(): HistogramEntry<'endpoint'>[];
  pollDurations(): HistogramEntry<never>[];
  errors(): CounterEntry<'source' | 'kind'>[];
  eventsApplied(): CounterEntry<'source'>[];
  logLinesRead(): number;
  authFailures(): CounterEntry<'reason'>[];
  /** The limit of each bound (ufo_exporter_bound_limit). */
  boundLimits(): CounterEntry<'bound'>[];
  /** Items past each bound (ufo_exporter_bound_overflows_total). */
  boundOverflows(): CounterEntry<'bound'>[];
  /** The last `n` notable events, newest first. */
  recentEvents(n?: number): RecentEvent[];
  /** The optional event sources configured (the API poll always runs). */
  configuredSources(): ConfiguredSources;
  /** Whether the configured log feeds the exporter (missing, silent while clients are connected). */
  logHealth(now?: number): LogHealthView;
}

export interface FleetStateOptions {
  /** Devices reported offline when not connected (--devices.known). */
  readonly knownDevices?: readonly string[];
  /** Current Unix time in seconds; injectable for tests. */
  readonly now?: () => number;
  readonly recentEventsCapacity?: number;
  /** Disconnected clients remembered (connection counts, offline devices). */
  readonly clientHistoryLimit?: number;
  /** Connected clients tracked at most (--clients.max-tracked). */
  readonly maxConnectedClients?: number;
  /** Connected clients known only from /events pushes, unconfirmed by an API poll (--events.max-unconfirmed-clients). */
  readonly maxPushedUnconfirmed?: number;
  readonly finishedSessionMemory?: number;
  readonly maxActiveSessions?: number;
  readonly orphanGraceSeconds?: number;
  /**
   * Seconds a disconnect the API poll noticed first waits for the log/push to report its reason
   * before it is counted with reason `unknown` (--clients.disconnect-grace). 0 (the default, for an
   * exporter without a log or push source) counts it at once.
   */
  readonly disconnectGraceSeconds?: number;
  /** Most error patterns in `ufo_log_errors_total` (--errors.max-patterns); default 100. */
  readonly maxErrorPatterns?: number;
  /** Called once, when the first error pattern is folded into `other` (for a log line). */
  readonly onErrorPatternCap?: (limit: number) => void;
  /**
   * The optional sources configured; families only they feed are exported only when one is. The
   * default (both) suits a state fed by hand, as in tests.
   */
  readonly configuredSources?: ConfiguredSources;
  /** Seconds a configured log may stay silent while clients are connected before it is a problem (--ufo.log-silence). */
  readonly logSilenceSeconds?: number;
}

/** Default of --errors.max-patterns. */
export const DEFAULT_MAX_ERROR_PATTERNS = 100;

const systemNow = (): number => Date.now() / 1000;

export class FleetState implements FleetView {
  private readonly now: () => number;
  private readonly clientTracker: ClientTracker;
  private readonly sessionTracker: SessionTracker;
  private readonly recent: RingBuffer<RecentEvent>;
  /** Recent `client_disconnected` events whose disconnect is not counted yet, by client id. */
  private readonly awaitingReason = new Map<string, { detail: string }>();
  private readonly requestCounts = new LabelledCounter(['method', 'route', 'code'] as const);
  private readonly ownRequestCounts = new LabelledCounter(['route', 'code'] as const);
  private readonly requestDurations = new LabelledHistogram(['method', 'route'] as const, HTTP_LATENCY_BUCKETS);
  private readonly levels = new LabelledCounter(['level'] as const);
  private readonly errorPatterns: ErrorPatterns;
  private readonly onErrorPatternCap: ((limit: number) => void) | undefined;
  private readonly rejections = new LabelledCounter(['reason'] as const);
  private readonly apiProbes = new LabelledHistogram(['endpoint'] as const, API_LATENCY_BUCKETS);
  private readonly polls = new LabelledHistogram([] as never[], API_LATENCY_BUCKETS);
  private readonly errorCounts = new LabelledCounter(['source', 'kind'] as const);
  private readonly applied = new LabelledCounter(['source'] as const);
  private readonly authRejections = new LabelledCounter(['reason'] as const);
  /** Every bound's limit and overflows; other components record theirs through recordOverflow/setBoundLimit. */
  private readonly bounds = new BoundLedger();
  private linesRead = 0;
  private readonly sources: ConfiguredSources;
  private readonly logWatch: LogHealth;
  private upstreamView: UpstreamView = {
    up: null,
    lastPollAt: null,
    lastSuccessAt: null,
    lastError: null,
    lastErrorAt: null,
    lastPollSeconds: null,
    lastProbeSeconds: {},
  };
  private v = { requests: 0, logs: 0, upstream: 0, exporter: 0 };
  private deviceCache: { key: string; counts: DeviceCounts } | undefined;
  private lastSweep = -Infinity;

  constructor(opts: FleetStateOptions = {}) {
    this.now = opts.now ?? systemNow;
    this.recent = new RingBuffer(opts.recentEventsCapacity ?? 200);
    const limits = {
      client_history: opts.clientHistoryLimit ?? 200_000,
      clients: opts.maxConnectedClients ?? 1_000_000,
      pushed_clients: opts.maxPushedUnconfirmed ?? 100_000,
      session_memory: opts.finishedSessionMemory ?? 50_000,
      sessions_active: opts.maxActiveSessions ?? 100_000,
    } as const;
    for (const [bound, limit] of Object.entries(limits)) this.bounds.setLimit(bound as keyof typeof limits, limit);
    const onOverflow = (bound: ExporterBound): void => this.bounds.overflow(bound);
    this.errorPatterns = new ErrorPatterns(opts.maxErrorPatterns ?? DEFAULT_MAX_ERROR_PATTERNS);
    this.onErrorPatternCap = opts.onErrorPatternCap;
    this.sources = opts.configuredSources ?? { log: true, push: true };
    this.logWatch = new LogHealth(this.sources.log, opts.logSilenceSeconds ?? 600, this.now());
    this.clientTracker = new ClientTracker({
      historyLimit: limits.client_history,
      maxConnected: limits.clients,
      maxPushedUnconfirmed: limits.pushed_clients,
      onOverflow,
      knownDevices: opts.knownDevices ?? [],
      onChange: (change) => this.onClientChange(change),
      disconnectGraceSeconds: opts.disconnectGraceSeconds ?? 0,
      now: this.now,
    });
    this.sessionTracker = new SessionTracker({
      finishedMemory: limits.session_memory,
      maxActive: limits.sessions_active,
      onOverflow,
      orphanGraceSeconds: opts.orphanGraceSeconds ?? 300,
      onFinished: (outcome) => this.onSessionFinished(outcome),
      onStarted: (session) => this.onSessionStarted(session),
    });
  }

  apply(event: FleetEvent): void {
    // Held disconnect counts whose window passed before this event are counted first (as unknown).
    this.settle();
    this.applied.inc({ source: event.source });
    this.v.exporter++;
    switch (event.type) {
      case 'client_connected':
        this.clientTracker.connect(event.clientId, event.at, event.source, event.clientType, event.platform);
        break;
      case 'client_disconnected':
        this.clientTracker.disconnect(event.clientId, event.at, event.source, event.reason);
        break;
      case 'clients_snapshot':
        this.clientTracker.applySnapshot(event);
        break;
      case 'registration_rejected':
        this.rejections.inc({ reason: event.reason });
        this.v.logs++;
        this.remember({ at: event.at, kind: 'registration_rejected', detail: event.reason });
        break;
      case 'session_started':
        this.startSession(event);
        break;
      case 'session_duration':
        this.sessionTracker.recordDuration(event.sessionId, event.seconds);
        break;
      case 'session_finished':
        this.sessionTracker.finish(event);
        break;
      case 'http_request':
        if (event.byExporter) this.ownRequestCounts.inc({ route: event.route, code: String(event.code) });
        else this.recordHttpRequest(event.method, event.route, event.code, event.durationSeconds);
        this.v.requests++;
        break;
      case 'log_line':
        this.levels.inc({ level: event.level });
        this.v.logs++;
        break;
      case 'log_error':
        if (this.errorPatterns.record(event)) this.onErrorPatternCap?.(this.errorPatterns.maxPatterns);
        this.v.logs++;
        break;
      case 'upstream_status':
        this.recordUpstream(event);
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`unknown fleet event type: ${JSON.stringify(unexpected)}`);
      }
    }
    this.sweepOccasionally();
  }

  /** Counts a problem a source met (the one place ufo_exporter_errors_total is incremented). */
  recordError(error: Pick<SourceError, 'source' | 'kind'>): void {
    this.errorCounts.inc({ source: error.source, kind: error.kind });
    this.v.exporter++;
  }

  /** Counts a request to the exporter rejected by its access control (missing, malformed, wrong). */
  recordAuthFailure(reason: string): void {
    this.authRejections.inc({ reason });
    this.v.exporter++;
  }

  /** Counts `count` items dropped, shortened or refused at a bound kept outside the state (push, web, labels). */
  recordOverflow(bound: ExporterBound, count = 1): void {
    this.bounds.overflow(bound, count);
  }

  /** Declares the limit of a bound kept outside the state. */
  setBoundLimit(bound: ExporterBound, limit: number): void {
    this.bounds.setLimit(bound, limit);
  }

  /** API snapshots whose diff was skipped because nothing had changed (ClientTracker.applySnapshot). */
  snapshotsSkipped(): number {
    return this.clientTracker.snapshotsSkipped;
  }

  recordLinesRead(count: number): void {
    if (!Number.isFinite(count) || count <= 0) return;
    this.linesRead += count;
    this.logWatch.linesRead(this.now());
    this.v.exporter++;
  }

  /** The log source found its file (null) or not (why). */
  recordLogFileState(missingDetail: string | null): void {
    this.logWatch.fileState(missingDetail);
  }

  // ---- FleetView -------------------------------------------------------------------------------

  versions(): StateVersions {
    this.settle();
    this.sweepOccasionally();
    return {
      presence: this.clientTracker.presenceVersion,
      connections: this.clientTracker.countersVersion,
      sessions: this.sessionTracker.version,
      ...this.v,
      bounds: this.bounds.version,
    };
  }

  clients(): IterableIterator<ConnectedClient> {
    return this.clientTracker.connectedClients();
  }

  connectedCount(): number {
    return this.clientTracker.connectedCount;
  }

  connectionCount(clientId: string): number {
    return this.clientTracker.connectionCount(clientId);
  }

  connects(): CounterEntry<'client_type'>[] {
    return this.clientTracker.connects.entries();
  }

  disconnects(): CounterEntry<'client_type' | 'reason'>[] {
    this.settle();
    return this.clientTracker.disconnects.entries();
  }

  clientsByTypeAndPlatform(): CounterEntry<'client_type' | 'platform'>[] {
    const counts = new LabelledCounter(['client_type', 'platform'] as const);
    for (const c of this.clientTracker.connectedClients()) counts.inc({ client_type: c.clientType, platform: c.platform });
    return counts.entries();
  }

  deviceCounts(): DeviceCounts {
    const key = `${this.clientTracker.presenceVersion}:${this.sessionTracker.version}`;
    if (this.deviceCache?.key === key) return this.deviceCache.counts;
    let online = 0;
    let busy = 0;
    for (const c of this.clientTracker.connectedClients()) {
      if (c.clientType !== 'device') continue;
      if (this.sessionTracker.runningOn(c.clientId) > 0) busy++;
      else online++;
    }
    const counts = { online, busy, offline: this.clientTracker.offlineDeviceCount() };
    this.deviceCache = { key, counts };
    return counts;
  }

  activeSessions(): ActiveSession[] {
    this.sweepOccasionally();
    return this.sessionTracker.activeSessions();
  }

  activeSessionsByOwnerType(): Map<string, number> {
    return this.sessionTracker.activeByOwnerType();
  }

  oldestActiveSessionAge(now: number = this.now()): number {
    const oldest = this.sessionTracker.oldestStartedAt();
    return oldest === undefined ? 0 : Math.max(0, now - oldest);
  }

  sessionsStarted(): number {
    return this.sessionTracker.started;
  }

  sessionsForgotten(): number {
    return this.sessionTracker.forgotten;
  }

  sessionsFinished(): CounterEntry<'status' | 'reason'>[] {
    return this.sessionTracker.finished.entries();
  }

  sessionDurations(): HistogramEntry<'status'>[] {
    return this.sessionTracker.durations.entries();
  }

  httpRequests(): CounterEntry<'method' | 'route' | 'code'>[] {
    return this.requestCounts.entries();
  }

  httpRequestDurations(): HistogramEntry<'method' | 'route'>[] {
    return this.requestDurations.entries();
  }

  ownRequests(): CounterEntry<'route' | 'code'>[] {
    return this.ownRequestCounts.entries();
  }

  logMessages(): CounterEntry<'level'>[] {
    return this.levels.entries();
  }

  logErrors(): CounterEntry<ErrorPatternLabel>[] {
    return this.errorPatterns.entries();
  }

  errorPatternsFolded(): number {
    return this.errorPatterns.folded;
  }

  errorPatternLimit(): number {
    return this.errorPatterns.maxPatterns;
  }

  recentErrorPatterns(n: number): ErrorPatternView[] {
    return this.errorPatterns.recent(n);
  }

  registrationsRejected(): CounterEntry<'reason'>[] {
    return this.rejections.entries();
  }

  upstream(): UpstreamView {
    return this.upstreamView;
  }

  apiRequestDurations(): HistogramEntry<'endpoint'>[] {
    return this.apiProbes.entries();
  }

  pollDurations(): HistogramEntry<never>[] {
    return this.polls.entries();
  }

  errors(): CounterEntry<'source' | 'kind'>[] {
    return this.errorCounts.entries();
  }

  eventsApplied(): CounterEntry<'source'>[] {
    return this.applied.entries();
  }

  logLinesRead(): number {
    return this.linesRead;
  }

  authFailures(): CounterEntry<'reason'>[] {
    return this.authRejections.entries();
  }

  boundLimits(): CounterEntry<'bound'>[] {
    return this.bounds.limitEntries();
  }

  boundOverflows(): CounterEntry<'bound'>[] {
    return this.bounds.overflowEntries();
  }

  recentEvents(n?: number): RecentEvent[] {
    this.settle();
    return this.recent.latest(n);
  }

  configuredSources(): ConfiguredSources {
    return this.sources;
  }

  logHealth(now: number = this.now()): LogHealthView {
    // Clients are known connected only while the API answers (a stale list proves nothing).
    const clientsConnected = this.upstreamView.up === true && this.clientTracker.connectedCount > 0;
    return this.logWatch.view(now, clientsConnected);
  }

  // ---- internals -------------------------------------------------------------------------------

  private recordHttpRequest(method: string, route: string, code: number, durationSeconds: number | undefined): void {
    this.requestCounts.inc({ method, route, code: String(code) });
    if (durationSeconds !== undefined) this.requestDurations.observe({ method, route }, durationSeconds);
  }

  private recordUpstream(event: UpstreamStatus): void {
    const before = this.upstreamView.up;
    this.upstreamView = {
      up: event.up,
      lastPollAt: event.at,
      lastSuccessAt: event.up ? event.at : this.upstreamView.lastSuccessAt,
      lastError: event.up ? this.upstreamView.lastError : (event.error ?? 'unknown error'),
      lastErrorAt: event.up ? this.upstreamView.lastErrorAt : event.at,
      lastPollSeconds: event.pollSeconds ?? this.upstreamView.lastPollSeconds,
      lastProbeSeconds: event.probes ? Object.fromEntries(event.probes.map((p) => [p.endpoint, p.seconds])) : this.upstreamView.lastProbeSeconds,
    };
    for (const probe of event.probes ?? []) this.apiProbes.observe({ endpoint: probe.endpoint }, probe.seconds);
    if (event.pollSeconds !== undefined) this.polls.observe({}, event.pollSeconds);
    this.v.upstream++;
    if (before !== event.up)
      this.remember({ at: event.at, kind: event.up ? 'upstream_up' : 'upstream_down', detail: event.error ?? 'API answering' });
  }

  private onClientChange(change: ClientChange): void {
    const { client, at } = change;
    switch (change.kind) {
      case 'connected':
        this.remember({ at, kind: 'client_connected', clientId: client.clientId, detail: `${client.clientType} on ${client.platform}` });
        break;
      case 'left': {
        this.sessionTracker.clientDisconnected(client.clientId, at);
        // Shown at once; the reason is filled in when the disconnect is counted (at once, or after the grace window).
        const event = { at, kind: 'client_disconnected' as const, clientId: client.clientId, detail: 'reason pending' };
        this.awaitingReason.set(client.clientId, event);
        this.remember(event);
        break;
      }
      case 'disconnect_counted': {
        const event = this.awaitingReason.get(client.clientId);
        this.awaitingReason.delete(client.clientId);
        if (event) event.detail = `reason ${change.reason}`;
        else this.remember({ at, kind: 'client_disconnected', clientId: client.clientId, detail: `reason ${change.reason}` });
        break;
      }
    }
  }

  private startSession(event: SessionStarted): void {
    const ownerType = event.clientId === undefined ? undefined : this.clientTracker.typeOf(event.clientId);
    const deviceId = event.deviceId ?? (event.clientId === undefined ? undefined : deviceOfClient(event.clientId));
    // The session runs on its device's platform: it fills in a platform the device's connect did not carry.
    if (deviceId !== undefined) this.clientTracker.fillPlatform(deviceId, event.platform);
    this.sessionTracker.start({ sessionId: event.sessionId, at: event.at, ownerId: event.clientId, ownerType, deviceId, platform: event.platform });
  }

  private onSessionStarted(session: ActiveSession): void {
    const owner = session.ownerType === UNKNOWN ? 'owner unknown' : session.ownerType;
    this.remember({
      at: session.startedAt,
      kind: 'session_started',
      sessionId: session.sessionId,
      clientId: session.ownerId,
      detail: session.platform === undefined ? owner : `${owner} on ${session.platform}`,
    });
  }

  private onSessionFinished(outcome: SessionOutcome): void {
    const took = outcome.durationSeconds === undefined ? '' : ` after ${outcome.durationSeconds.toFixed(1)}s`;
    this.remember({
      at: outcome.at,
      kind: 'session_finished',
      sessionId: outcome.sessionId,
      clientId: outcome.ownerId,
      detail: `${outcome.status}${outcome.reason === 'none' ? '' : ` (${outcome.reason})`}${took}`,
    });
  }

  /** Counts the held disconnects whose grace window has passed (no timers: called on applies and reads). */
  private settle(): void {
    if (this.clientTracker.heldCount > 0) this.clientTracker.settle(this.now());
  }

  private remember(event: RecentEvent): void {
    this.recent.push(event);
  }

  /** Orphaned sessions are swept at most once a second, on applies and reads (no timers). */
  private sweepOccasionally(): void {
    const now = this.now();
    if (now - this.lastSweep < 1) return;
    this.lastSweep = now;
    this.sessionTracker.sweep(now);
  }
}
