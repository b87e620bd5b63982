/**
 * The fleet state: applies FleetEvents from every source and answers through `FleetView`
 * (fleet-view.ts). It composes the rooms — clients.ts, sessions.ts, upstream.ts, recent-events.ts,
 * error-patterns.ts, log-health.ts, bounds.ts — and keeps the request, log-level and exporter counters
 * itself. No HTTP, files or Prometheus here. Per-part version counters let readers cache.
 */
import { HTTP_LATENCY_BUCKETS, type ExporterBound } from '../catalogue';
import type { FleetEvent, SessionStarted, SourceError } from '../events';
import { deviceOfClient } from './classify';
import { BoundLedger } from './bounds';
import { LogHealth, type ConfiguredSources, type LogHealthView } from './log-health';
import { SnapshotReconciler } from './client-snapshot';
import { ClientTracker, type ClientChange, type ConnectedClient } from './clients';
import { DEFAULT_MAX_ERROR_PATTERNS, stateBoundLimits, type FleetStateOptions } from './fleet-options';
import { ErrorPatterns, type ErrorPatternLabel, type ErrorPatternView } from './error-patterns';
import type { DeviceCounts, FleetView, RecentEvent, StateVersions, UpstreamView } from './fleet-view';
import { RecentEvents } from './recent-events';
import { SessionTracker, type ActiveSession } from './sessions';
import { LabelledCounter, LabelledHistogram, type CounterEntry, type HistogramEntry } from './series';
import { UpstreamTracker } from './upstream';

/** Applies between two looks at the clock for the orphan sweep (reads look every time). */
const SWEEP_CHECK_EVERY = 64;

export class FleetState implements FleetView {
  private readonly now: () => number;
  private readonly clientTracker: ClientTracker;
  private readonly snapshots: SnapshotReconciler;
  private readonly sessionTracker: SessionTracker;
  private readonly upstreamTracker = new UpstreamTracker();
  private readonly recent: RecentEvents;
  private readonly requestCounts = new LabelledCounter(['method', 'route', 'code'] as const);
  private readonly ownRequestCounts = new LabelledCounter(['route', 'code'] as const);
  private readonly requestDurations = new LabelledHistogram(['method', 'route'] as const, HTTP_LATENCY_BUCKETS);
  private readonly levels = new LabelledCounter(['level'] as const);
  private readonly errorPatterns: ErrorPatterns;
  private readonly onErrorPatternCap: ((limit: number) => void) | undefined;
  private readonly rejections = new LabelledCounter(['reason'] as const);
  private readonly errorCounts = new LabelledCounter(['source', 'kind'] as const);
  private readonly applied = new LabelledCounter(['source'] as const);
  private readonly authRejections = new LabelledCounter(['reason'] as const);
  /** Every bound's limit and overflows; other components record theirs through recordOverflow/setBoundLimit. */
  private readonly bounds = new BoundLedger();
  private linesRead = 0;
  private readonly sources: ConfiguredSources;
  private readonly logWatch: LogHealth;
  private v = { requests: 0, logs: 0, exporter: 0 };
  private deviceCache: { key: string; counts: DeviceCounts } | undefined;
  private lastSweep = -Infinity;
  private appliesSinceSweepCheck = 0;

  constructor(opts: FleetStateOptions = {}) {
    this.now = opts.now ?? ((): number => Date.now() / 1000);
    this.recent = new RecentEvents(opts.recentEventsCapacity ?? 200);
    const limits = stateBoundLimits(opts);
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
    this.snapshots = new SnapshotReconciler(this.clientTracker);
    this.sessionTracker = new SessionTracker({
      finishedMemory: limits.session_memory,
      maxActive: limits.sessions_active,
      onOverflow,
      orphanGraceSeconds: opts.orphanGraceSeconds ?? 300,
      onFinished: (outcome) => this.recent.sessionFinished(outcome),
      onStarted: (session) => this.recent.sessionStarted(session),
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
        this.snapshots.apply(event);
        break;
      case 'registration_rejected':
        this.rejections.inc({ reason: event.reason });
        this.v.logs++;
        this.recent.registrationRejected(event.at, event.reason);
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
        else {
          this.requestCounts.inc({ method: event.method, route: event.route, code: String(event.code) });
          if (event.durationSeconds !== undefined) this.requestDurations.observe({ method: event.method, route: event.route }, event.durationSeconds);
        }
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
        if (this.upstreamTracker.record(event)) this.recent.upstreamChanged(event);
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`unknown fleet event type: ${JSON.stringify(unexpected)}`);
      }
    }
    // Reading the clock costs more than many events (~85 ns here): applies look at it every SWEEP_CHECK_EVERY events; reads always do.
    if (++this.appliesSinceSweepCheck >= SWEEP_CHECK_EVERY) {
      this.appliesSinceSweepCheck = 0;
      this.sweepOccasionally();
    }
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

  /** API snapshots whose diff was skipped because nothing had changed (client-snapshot.ts). */
  snapshotsSkipped = (): number => this.snapshots.skipped;

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

  // ---- FleetView: what the rooms answer, read as the view's flat interface ------------------------

  versions(): StateVersions {
    this.settle();
    this.sweepOccasionally();
    return {
      presence: this.clientTracker.presenceVersion,
      connections: this.clientTracker.countersVersion,
      sessions: this.sessionTracker.version,
      upstream: this.upstreamTracker.version,
      ...this.v,
      bounds: this.bounds.version,
    };
  }

  // Clients (clients.ts). Reads that count disconnects settle held counts first.
  clients = (): IterableIterator<ConnectedClient> => this.clientTracker.connectedClients();
  connectedCount = (): number => this.clientTracker.connectedCount;
  connectionCount = (clientId: string): number => this.clientTracker.connectionCount(clientId);
  connects = (): CounterEntry<'client_type'>[] => this.clientTracker.connects.entries();
  disconnects(): CounterEntry<'client_type' | 'reason'>[] {
    this.settle();
    return this.clientTracker.disconnects.entries();
  }

  clientsByTypeAndPlatform(): CounterEntry<'client_type' | 'platform'>[] {
    const counts = new LabelledCounter(['client_type', 'platform'] as const);
    for (const c of this.clientTracker.connectedClients()) counts.inc({ client_type: c.clientType, platform: c.platform });
    return counts.entries();
  }

  /** Devices online, busy (running a session) and offline; cached until presence or sessions move. */
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

  // Sessions (sessions.ts).
  activeSessions(): ActiveSession[] {
    this.sweepOccasionally();
    return this.sessionTracker.activeSessions();
  }

  activeSessionsByOwnerType = (): Map<string, number> => this.sessionTracker.activeByOwnerType();
  oldestActiveSessionAge(now: number = this.now()): number {
    const oldest = this.sessionTracker.oldestStartedAt();
    return oldest === undefined ? 0 : Math.max(0, now - oldest);
  }

  sessionsStarted = (): number => this.sessionTracker.started;
  sessionsForgotten = (): number => this.sessionTracker.forgotten;
  sessionsFinished = (): CounterEntry<'status' | 'reason'>[] => this.sessionTracker.finished.entries();
  sessionDurations = (): HistogramEntry<'status'>[] => this.sessionTracker.durations.entries();

  // The server's requests and log records (kept here).
  httpRequests = (): CounterEntry<'method' | 'route' | 'code'>[] => this.requestCounts.entries();
  httpRequestDurations = (): HistogramEntry<'method' | 'route'>[] => this.requestDurations.entries();
  ownRequests = (): CounterEntry<'route' | 'code'>[] => this.ownRequestCounts.entries();
  logMessages = (): CounterEntry<'level'>[] => this.levels.entries();
  registrationsRejected = (): CounterEntry<'reason'>[] => this.rejections.entries();

  // Error patterns (error-patterns.ts).
  logErrors = (): CounterEntry<ErrorPatternLabel>[] => this.errorPatterns.entries();
  errorPatternsFolded = (): number => this.errorPatterns.folded;
  errorPatternLimit = (): number => this.errorPatterns.maxPatterns;
  recentErrorPatterns = (n: number): ErrorPatternView[] => this.errorPatterns.recent(n);

  // The upstream API (upstream.ts).
  upstream = (): UpstreamView => this.upstreamTracker.view();
  apiRequestDurations = (): HistogramEntry<'endpoint'>[] => this.upstreamTracker.probes.entries();
  pollDurations = (): HistogramEntry<never>[] => this.upstreamTracker.polls.entries();

  // The exporter's own counters and bounds (bounds.ts).
  errors = (): CounterEntry<'source' | 'kind'>[] => this.errorCounts.entries();
  eventsApplied = (): CounterEntry<'source'>[] => this.applied.entries();
  logLinesRead = (): number => this.linesRead;
  authFailures = (): CounterEntry<'reason'>[] => this.authRejections.entries();
  boundLimits = (): CounterEntry<'bound'>[] => this.bounds.limitEntries();
  boundOverflows = (): CounterEntry<'bound'>[] => this.bounds.overflowEntries();

  recentEvents(n?: number): RecentEvent[] {
    this.settle();
    return this.recent.latest(n);
  }

  configuredSources = (): ConfiguredSources => this.sources;
  logHealth(now: number = this.now()): LogHealthView {
    // Clients are known connected only while the API answers (a stale list proves nothing).
    const clientsConnected = this.upstreamTracker.view().up === true && this.clientTracker.connectedCount > 0;
    return this.logWatch.view(now, clientsConnected);
  }

  private onClientChange(change: ClientChange): void {
    if (change.kind === 'left') this.sessionTracker.clientDisconnected(change.client.clientId, change.at);
    this.recent.clientChanged(change);
  }

  private startSession(event: SessionStarted): void {
    const ownerType = event.clientId === undefined ? undefined : this.clientTracker.typeOf(event.clientId);
    const deviceId = event.deviceId ?? (event.clientId === undefined ? undefined : deviceOfClient(event.clientId));
    // The session runs on its device's platform: it fills in a platform the device's connect did not carry.
    if (deviceId !== undefined) this.clientTracker.fillPlatform(deviceId, event.platform);
    this.sessionTracker.start({ sessionId: event.sessionId, at: event.at, ownerId: event.clientId, ownerType, deviceId, platform: event.platform });
  }

  /** Counts the held disconnects whose grace window has passed (no timers: called on applies and reads). */
  private settle(): void {
    if (this.clientTracker.heldCount > 0) this.clientTracker.settle(this.now());
  }

  /** Orphaned sessions are swept at most once a second, on reads and every SWEEP_CHECK_EVERY-th apply (no timers). */
  private sweepOccasionally(): void {
    const now = this.now();
    if (now - this.lastSweep < 1) return;
    this.lastSweep = now;
    this.sessionTracker.sweep(now);
  }
}
