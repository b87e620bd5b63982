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
import { ClientTracker, type ClientChange } from './clients';
import { DeviceStatus } from './devices';
import { DEFAULT_MAX_ERROR_PATTERNS, stateBoundLimits, type FleetStateOptions } from './fleet-options';
import { ErrorPatterns, type ErrorPatternLabel, type ErrorPatternView } from './error-patterns';
import type { ClientReads, DeviceReads, FleetView, RecentEventReads, SessionReads, StateVersions, UpstreamReads } from './fleet-view';
import { RecentEvents } from './recent-events';
import { SessionTracker } from './sessions';
import { LabelledCounter, LabelledHistogram, type CounterEntry, type HistogramEntry } from './series';
import { UpstreamTracker } from './upstream';

export class FleetState implements FleetView {
  private readonly now: () => number;
  private readonly clientTracker: ClientTracker;
  readonly clients: ClientReads;
  private readonly snapshots: SnapshotReconciler;
  private readonly sessionTracker: SessionTracker;
  readonly sessions: SessionReads;
  private readonly upstreamTracker = new UpstreamTracker();
  readonly upstream: UpstreamReads = this.upstreamTracker;
  private readonly recent: RecentEvents;
  readonly recentEvents: RecentEventReads;
  readonly devices: DeviceReads;
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

  constructor(opts: FleetStateOptions = {}) {
    this.now = opts.now ?? ((): number => Date.now() / 1000);
    this.recentEvents = this.recent = new RecentEvents(opts.recentEventsCapacity ?? 200, () => this.clientTracker.settle());
    const limits = stateBoundLimits(opts);
    for (const [bound, limit] of Object.entries(limits)) this.bounds.setLimit(bound as keyof typeof limits, limit);
    const onOverflow = (bound: ExporterBound): void => this.bounds.overflow(bound);
    this.errorPatterns = new ErrorPatterns(opts.maxErrorPatterns ?? DEFAULT_MAX_ERROR_PATTERNS);
    this.onErrorPatternCap = opts.onErrorPatternCap;
    this.sources = opts.configuredSources ?? { log: true, push: true };
    this.logWatch = new LogHealth(this.sources.log, opts.logSilenceSeconds ?? 600, this.now());
    this.clients = this.clientTracker = new ClientTracker({
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
    this.sessions = this.sessionTracker = new SessionTracker({
      finishedMemory: limits.session_memory,
      maxActive: limits.sessions_active,
      onOverflow,
      orphanGraceSeconds: opts.orphanGraceSeconds ?? 300,
      onFinished: (outcome) => this.recent.sessionFinished(outcome),
      onStarted: (session) => this.recent.sessionStarted(session),
      now: this.now,
    });
    this.devices = new DeviceStatus(this.clientTracker, this.sessionTracker);
  }

  apply(event: FleetEvent): void {
    // Held disconnect counts whose window passed before this event are counted first (as unknown).
    this.clientTracker.settle();
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
    this.sessionTracker.sweepOccasionally();
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
    this.clientTracker.settle();
    this.sessionTracker.sweepOccasionally();
    return {
      presence: this.clientTracker.presenceVersion,
      connections: this.clientTracker.countersVersion,
      sessions: this.sessionTracker.version,
      upstream: this.upstreamTracker.version,
      ...this.v,
      bounds: this.bounds.version,
    };
  }

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

  // The exporter's own counters and bounds (bounds.ts).
  errors = (): CounterEntry<'source' | 'kind'>[] => this.errorCounts.entries();
  eventsApplied = (): CounterEntry<'source'>[] => this.applied.entries();
  logLinesRead = (): number => this.linesRead;
  authFailures = (): CounterEntry<'reason'>[] => this.authRejections.entries();
  boundLimits = (): CounterEntry<'bound'>[] => this.bounds.limitEntries();
  boundOverflows = (): CounterEntry<'bound'>[] => this.bounds.overflowEntries();

  configuredSources = (): ConfiguredSources => this.sources;
  logHealth(now: number = this.now()): LogHealthView {
    // Clients are known connected only while the API answers (a stale list proves nothing).
    const clientsConnected = this.upstreamTracker.status().up === true && this.clientTracker.connectedCount > 0;
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
}
