/**
 * The fleet state: the write side and the composition. It applies FleetEvents from every source to
 * the trackers — upstream.ts (the API poll), clients.ts with client-snapshot.ts (who is connected),
 * sessions.ts, requests.ts and server-log.ts (what the server's log says), recent-events.ts — and
 * wires them together (a client leaving orphans its sessions and is narrated in the recent events).
 * Readers get `FleetView` (fleet-view.ts): each part is the tracker itself, read through its read-only
 * interface; there are no pass-through getters here. No HTTP, files or Prometheus.
 */
import type { ExporterBound } from '../catalogue';
import type { ClientsSnapshot, ClientType, FleetEvent, SessionStarted, SourceError } from '../events';
import { deviceOfClient } from './classify';
import { BoundLedger } from './bounds';
import { LogHealth } from './log-health';
import { SnapshotReconciler } from './client-snapshot';
import { ClientTracker, type ClientChange, type ClientTrackerOptions } from './clients';
import { DeviceStatus } from './devices';
import { ExporterCounters } from './exporter-counters';
import { DEFAULT_MAX_ERROR_PATTERNS, stateBoundLimits, type FleetStateOptions } from './fleet-options';
import type { FleetView, FleetViewParts, StateVersions } from './fleet-view';
import { RecentEvents } from './recent-events';
import { ServerRequests } from './requests';
import { ServerLog } from './server-log';
import { SessionTracker, type ActiveSession, type SessionOutcome, type SessionTrackerOptions } from './sessions';
import { UpstreamTracker } from './upstream';

/**
 * The view's parts (`clients`, `sessions`, …) are declared once, in FleetView, and merged in here;
 * the constructor assigns them all (FleetViewParts makes the list complete).
 */
export interface FleetState extends FleetViewParts {}

/** The default clock, one function for every state (a default arrow would be a new call target per state). */
const wallClock = (): number => Date.now() / 1000;

/** Applies between two looks at the clock for the orphan sweep (reads look every time). */
const SWEEP_CHECK_EVERY = 64;

/**
 * The client and session trackers' options, with their callbacks as methods of this class: each callback
 * is one function for every state in a process. (Arrows made per state were a new call target for each
 * state: the bench's second ingest, with its new state, deoptimised the trackers' connect, start and finish.)
 */
class TrackerWiring implements ClientTrackerOptions, SessionTrackerOptions {
  readonly historyLimit: number;
  readonly maxConnected: number;
  readonly maxPushedUnconfirmed: number;
  readonly maxHeldDisconnects: number;
  readonly knownDevices: readonly string[];
  readonly disconnectGraceSeconds: number;
  readonly finishedMemory: number;
  readonly maxActive: number;
  readonly orphanGraceSeconds: number;
  /** Set as soon as the session tracker is made (after the client tracker, whose changes reach it). */
  sessions: SessionTracker | undefined;

  constructor(
    opts: FleetStateOptions,
    limits: ReturnType<typeof stateBoundLimits>,
    readonly now: () => number,
    private readonly ledger: BoundLedger,
    private readonly recent: RecentEvents,
  ) {
    this.historyLimit = limits.client_history;
    this.maxConnected = limits.clients;
    this.maxPushedUnconfirmed = limits.pushed_clients;
    this.maxHeldDisconnects = limits.held_disconnects;
    this.knownDevices = opts.knownDevices ?? [];
    this.disconnectGraceSeconds = opts.disconnectGraceSeconds ?? 0;
    this.finishedMemory = limits.session_memory;
    this.maxActive = limits.sessions_active;
    this.orphanGraceSeconds = opts.orphanGraceSeconds ?? 300;
  }

  onOverflow(bound: ExporterBound): void {
    this.ledger.overflow(bound);
  }

  /** A client leaving orphans its sessions; every change is narrated in the recent events. */
  onChange(change: ClientChange): void {
    if (change.kind === 'left') this.sessions?.clientDisconnected(change.client.clientId, change.at);
    this.recent.clientChanged(change);
  }

  onStarted(session: ActiveSession): void {
    this.recent.sessionStarted(session);
  }

  onFinished(outcome: SessionOutcome): void {
    this.recent.sessionFinished(outcome);
  }
}

export class FleetState implements FleetView {
  /** API snapshots whose diff was skipped because nothing had changed, and sliced diffs applied or dropped (client-snapshot.ts; tests and the bench read them). */
  readonly snapshots: { readonly skipped: number; readonly planned: { readonly applied: number; readonly dropped: number } };

  private readonly now: () => number;
  private readonly logWatch: LogHealth;
  private appliesSinceSweepCheck = 0;
  private readonly upstreamTracker = new UpstreamTracker();
  private readonly clientTracker: ClientTracker;
  private readonly reconciler: SnapshotReconciler;
  private readonly sessionTracker: SessionTracker;
  private readonly serverRequests = new ServerRequests();
  private readonly serverLog: ServerLog;
  private readonly recent: RecentEvents;
  private readonly counters = new ExporterCounters();
  /** Every bound's limit and overflows; other components record theirs through recordOverflow/setBoundLimit. */
  private readonly ledger = new BoundLedger();

  constructor(opts: FleetStateOptions = {}) {
    this.now = opts.now ?? wallClock;
    const limits = stateBoundLimits(opts);
    for (const [bound, limit] of Object.entries(limits)) this.ledger.setLimit(bound as keyof typeof limits, limit);
    this.recent = new RecentEvents(opts.recentEventsCapacity ?? 200, () => this.clientTracker.settle());
    const wiring = new TrackerWiring(opts, limits, this.now, this.ledger, this.recent);
    this.clientTracker = new ClientTracker(wiring);
    this.reconciler = new SnapshotReconciler(this.clientTracker);
    this.sessionTracker = wiring.sessions = new SessionTracker(wiring);
    this.serverLog = new ServerLog(opts.maxErrorPatterns ?? DEFAULT_MAX_ERROR_PATTERNS, opts.onErrorPatternCap);
    // Clients are known connected only while the API answers (a stale list proves nothing).
    const clientsConnected = (): boolean => this.upstreamTracker.status().up === true && this.clientTracker.connectedCount > 0;
    this.logWatch = new LogHealth(opts.configuredSources ?? { log: true, push: true }, opts.logSilenceSeconds ?? 600, this.now, clientsConnected);

    this.snapshots = this.reconciler;
    // Each part is its tracker, read through its read-only interface (the type makes the list complete).
    const parts: FleetViewParts = {
      sources: this.logWatch,
      upstream: this.upstreamTracker,
      clients: this.clientTracker,
      sessions: this.sessionTracker,
      devices: new DeviceStatus(this.clientTracker, this.sessionTracker),
      requests: this.serverRequests,
      log: this.serverLog,
      recentEvents: this.recent,
      exporter: this.counters,
      bounds: this.ledger,
    };
    Object.assign(this, parts);
  }

  /** The read-only part of a `clients_snapshot`'s diff, in slices that yield (client-snapshot.ts); apply() does the rest. */
  prepareSnapshot(snapshot: ClientsSnapshot): Promise<void> {
    return this.reconciler.prepare(snapshot);
  }

  apply(event: FleetEvent): void {
    this.beforeApply(event.source);
    switch (event.type) {
      case 'client_connected':
        this.clientTracker.connect(event.clientId, event.at, event.source, event.clientType, event.platform);
        break;
      case 'client_disconnected':
        this.clientTracker.disconnect(event.clientId, event.at, event.source, event.reason);
        break;
      case 'clients_snapshot':
        this.reconciler.apply(event);
        break;
      case 'registration_rejected':
        this.serverLog.registrationRejected(event.reason);
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
        this.serverRequests.record(event);
        break;
      case 'log_line':
        this.serverLog.line(event.level);
        break;
      case 'log_error':
        this.serverLog.error(event);
        break;
      case 'upstream_status':
        if (this.upstreamTracker.record(event)) this.recent.upstreamChanged(event);
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`unknown fleet event type: ${JSON.stringify(unexpected)}`);
      }
    }
    this.afterApply();
  }

  /** `apply({ source: 'log', type: 'log_line', level, at })` without the event object (SourceSink.logLine): one per log record. */
  applyLogLine(level: string): void {
    this.beforeApply('log');
    this.serverLog.line(level);
    this.afterApply();
  }

  private beforeApply(source: FleetEvent['source']): void {
    // Held disconnect counts whose window passed before this event are counted first (as unknown).
    this.clientTracker.settle();
    this.counters.applied(source);
  }

  private afterApply(): void {
    // Reading the clock costs more than many events (~85 ns here): applies look at it every SWEEP_CHECK_EVERY events; reads always do.
    if (++this.appliesSinceSweepCheck >= SWEEP_CHECK_EVERY) {
      this.appliesSinceSweepCheck = 0;
      this.sessionTracker.sweepOccasionally();
    }
  }

  /** Counts a problem a source met (the one place ufo_exporter_errors_total is incremented). */
  recordError(error: Pick<SourceError, 'source' | 'kind'>): void {
    this.counters.error(error);
  }

  /** Counts a request to the exporter rejected by its access control (missing, malformed, wrong). */
  recordAuthFailure(reason: string): void {
    this.counters.authFailure(reason);
  }

  /** Counts `count` items dropped, shortened or refused at a bound kept outside the state (push, web, labels). */
  recordOverflow(bound: ExporterBound, count = 1): void {
    this.ledger.overflow(bound, count);
  }

  /** Declares the limit of a bound kept outside the state. */
  setBoundLimit(bound: ExporterBound, limit: number): void {
    this.ledger.setLimit(bound, limit);
  }

  recordLinesRead(count: number): void {
    if (!Number.isFinite(count) || count <= 0) return;
    this.counters.linesRead(count);
    this.logWatch.linesRead(this.now());
  }

  /** The log source found its file (null) or not (why). */
  recordLogFileState(missingDetail: string | null): void {
    this.logWatch.fileState(missingDetail);
  }

  versions(): StateVersions {
    this.clientTracker.settle();
    this.sessionTracker.sweepOccasionally();
    return {
      presence: this.clientTracker.presenceVersion,
      connections: this.clientTracker.countersVersion,
      sessions: this.sessionTracker.version,
      requests: this.serverRequests.version,
      logs: this.serverLog.version,
      upstream: this.upstreamTracker.version,
      exporter: this.counters.version,
      bounds: this.ledger.version,
    };
  }

  private startSession(event: SessionStarted): void {
    const { clientId, platform } = event;
    const deviceId = event.deviceId ?? (clientId === undefined ? undefined : deviceOfClient(clientId));
    // The session runs on its device's platform: it fills in a platform the device's connect did not carry.
    let ownerType: ClientType | undefined;
    if (clientId !== undefined) ownerType = this.clientTracker.sessionOwnerType(clientId, deviceId, platform);
    else if (deviceId !== undefined) this.clientTracker.fillPlatform(deviceId, platform);
    this.sessionTracker.start({ sessionId: event.sessionId, at: event.at, ownerId: clientId, ownerType, deviceId, platform });
  }
}
