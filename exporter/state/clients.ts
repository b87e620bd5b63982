/**
 * Who is connected: the connected set (in connection order, so "the oldest N connections" is a
 * stable choice for the per-client cap), per-client connection counts, connects and disconnects.
 *
 * Presence comes from two kinds of sources. The log and the event socket report each connect and
 * disconnect as it happens; the API poll reports the full list, which client-snapshot.ts
 * reconciles with the connected set through the connect/disconnect below.
 *
 * Only the log and the event socket know why a client left (the close code). When one of them is
 * configured (`disconnectGraceSeconds` > 0), a disconnect the API poll notices first ends the
 * client's presence at once but holds its COUNT for the grace window: the log/push report of that
 * disconnect arriving within the window counts it once, with its reason; otherwise it is counted with
 * reason `unknown` when the window has passed (held-disconnects.ts). A log/push connect not newer than the
 * poll that noticed the leave is that same connection reported late: no reconnect, its disconnect follows.
 */
import { UNKNOWN, type ClientType, type EventSource } from '../events';
import type { ExporterBound } from '../catalogue';
import { LruMap } from './bounded';
import { classifyClientId } from './classify';
import { beforeUnreportedLeave, knownPlatform, newHistory, TrackedClient, type ClientHistory } from './client-history';
import type { ClientReads, ConnectedClient } from './fleet-view';
import { HeldDisconnects } from './held-disconnects';
import { LabelledCounter, type CounterEntry } from './series';
import { CellsBy2 } from './series-cells';

/** `connected`/`left` change the connected set; `disconnect_counted` (at once after `left`, or when held) has the reason. */
export type ClientChange =
  | { readonly kind: 'connected' | 'left'; readonly client: ConnectedClient; readonly at: number }
  | { readonly kind: 'disconnect_counted'; readonly client: ConnectedClient; readonly at: number; readonly reason: string };

export interface ClientTrackerOptions {
  /** Disconnected clients remembered (connection counts, seen devices); the least recently seen is forgotten first. */
  readonly historyLimit: number;
  /** Connected clients tracked at most; a connect past it is dropped (counted in bound `clients`). */
  readonly maxConnected: number;
  /**
   * Clients connected by /events pushes that no API poll has confirmed yet (e.g. while the server's
   * API is down); a pushed connect past it is dropped (counted in bound `pushed_clients`).
   */
  readonly maxPushedUnconfirmed: number;
  /** Disconnects whose count waits for its reason at most (bound `held_disconnects`, see held-disconnects.ts). */
  readonly maxHeldDisconnects: number;
  /** Counts an item dropped or evicted at a bound. */
  readonly onOverflow: (bound: ExporterBound) => void;
  /** The --devices.known inventory: devices reported offline when not connected. */
  readonly knownDevices: readonly string[];
  /** Called for every connect and disconnect, and every disconnect counted. */
  readonly onChange: (change: ClientChange) => void;
  /** Seconds a disconnect the API noticed first waits for its reason from the log/push; 0 counts it at once. */
  readonly disconnectGraceSeconds: number;
  /** The state's clock, Unix seconds (grace deadlines). */
  readonly now: () => number;
}

export class ClientTracker implements ClientReads {
  /** The connected clients, each with its history (never evicted while connected: its counts must keep counting). */
  private readonly connected = new Map<string, TrackedClient>();
  /** Histories of disconnected clients only, so every entry may be evicted (an overflow is O(1)). */
  private readonly history: LruMap<string, ClientHistory>;
  /** Connected clients known only from pushes, not yet listed by an API poll. */
  private readonly unconfirmed = new Set<string>();
  private readonly knownDevices: ReadonlySet<string>;
  private readonly held: HeldDisconnects;
  readonly connects = new LabelledCounter(['client_type'] as const);
  private readonly disconnectCounts = new LabelledCounter(['client_type', 'reason'] as const);
  /** Bumped whenever the connected set or a connected client's labels change. */
  presenceVersion = 0;
  /** Bumped whenever a connect/disconnect counter changes. */
  countersVersion = 0;
  /** Bumped by every call that may change the connected set, a client's labels or a pushed time (client-snapshot.ts skips a repeat). */
  mutations = 0;

  constructor(private readonly opts: ClientTrackerOptions) {
    this.history = new LruMap(opts.historyLimit, () => opts.onOverflow('client_history'));
    this.knownDevices = new Set(opts.knownDevices);
    this.held = new HeldDisconnects({
      graceSeconds: opts.disconnectGraceSeconds,
      max: opts.maxHeldDisconnects,
      now: opts.now,
      // Called through opts: its callbacks may be methods (fleet-state.ts's TrackerWiring).
      onOverflow: (bound) => opts.onOverflow(bound),
      count: (client, at, reason) => this.countDisconnect(client, at, reason),
    });
  }

  connect(clientId: string, at: number, source: EventSource, clientType?: ClientType, platform?: string): void {
    const existing = this.connected.get(clientId);
    // A late report of the connection the poll saw leave: not a reconnect, its disconnect line follows.
    const late = source !== 'api' && (this.held.reportsHeldConnection(clientId, at) || beforeUnreportedLeave(this.knownHistory(clientId), at));
    if (late && !existing) return this.pushedLate(clientId, at, platform);
    // A connect refused at a cap changes nothing (not a mutation: an identical next snapshot may be skipped).
    if (!existing && !this.admits(source)) return;
    this.mutations++;
    if (source === 'api') this.unconfirmed.delete(clientId);
    const history = this.historyOf(clientId, clientType, true);
    if (source !== 'api') {
      history.lastPushedAt = Math.max(history.lastPushedAt, at);
      // The log and the socket are ordered: a disconnect they had would have come before this (newer) connect.
      if (!late) this.leaveReported(clientId, history, UNKNOWN);
    }
    if (existing) return this.enrich(existing, clientType, platform);
    const client = new TrackedClient(clientId, clientType ?? history.clientType, knownPlatform(platform) ?? history.platform ?? UNKNOWN, at, history);
    history.clientType = client.clientType;
    if (client.platform !== UNKNOWN) history.platform = client.platform;
    history.connections += 1;
    history.seen = true;
    this.connected.set(clientId, client);
    if (source === 'push') this.unconfirmed.add(clientId);
    this.connects.inc({ client_type: client.clientType });
    this.presenceVersion++;
    this.countersVersion++;
    this.opts.onChange({ kind: 'connected', client, at });
  }

  disconnect(clientId: string, at: number, source: EventSource, reason: string | undefined): void {
    this.mutations++;
    const why = reason || UNKNOWN;
    const client = this.connected.get(clientId);
    if (source !== 'api') {
      const history = this.pushedAbout(clientId, at);
      // The reason of a disconnect the poll saw first (the client may have reconnected since); past
      // its window it was counted as unknown, and this late line is not counted again.
      const alreadyCounted = beforeUnreportedLeave(history, at);
      if (this.leaveReported(clientId, history, why) || alreadyCounted) return;
      // A client that connected before the exporter started, known only from this report: its leave counts.
      if (!client && !history.seen) {
        history.seen = true;
        this.countDisconnect({ clientId, clientType: history.clientType, platform: history.platform ?? UNKNOWN, connectedAt: at }, at, why);
        return;
      }
    }
    // Already gone (the log writes two disconnect lines; the poller may have seen it first).
    if (!client) return;
    const holdCount = source === 'api' && this.opts.disconnectGraceSeconds > 0;
    // A second poll-noticed disconnect of the same client (it reconnected meanwhile): the first counts now.
    if (holdCount) this.held.resolve(clientId, UNKNOWN);
    this.connected.delete(clientId);
    this.unconfirmed.delete(clientId);
    // Last seen now: the newest in the LRU order of disconnected clients (may evict the oldest one).
    const history = client.history();
    this.history.set(clientId, history);
    if (holdCount) history.leftUnreported = at;
    this.presenceVersion++;
    this.opts.onChange({ kind: 'left', client, at });
    if (holdCount) this.held.hold(client, at);
    else this.countDisconnect(client, at, why);
  }

  /** Counts, with reason `unknown`, the held disconnects whose grace window has passed (cheap when none is held). */
  settle(): void {
    this.held.settle();
  }

  get connectedCount(): number {
    return this.connected.size;
  }

  /** Connected clients, oldest connection first. */
  connectedClients(): IterableIterator<ConnectedClient> {
    return this.connected.values();
  }

  /** Disconnects counted, by type and reason; held disconnects past their grace window are counted first. */
  disconnects(): CounterEntry<'client_type' | 'reason'>[] {
    this.settle();
    return this.disconnectCounts.entries();
  }

  byTypeAndPlatform(): CounterEntry<'client_type' | 'platform'>[] {
    const counts = new LabelledCounter(['client_type', 'platform'] as const);
    // Through nested maps: no key string or labels object per client (this walks every client at each presence change).
    const cells = new CellsBy2(counts, (clientType: ClientType, platform: string) => ({ client_type: clientType, platform }));
    for (const c of this.connected.values()) cells.get(c.clientType, c.platform).value++;
    return counts.entries();
  }

  connectionCount(clientId: string): number {
    return this.knownHistory(clientId)?.connections ?? 0;
  }

  /** `at` of the last connect/disconnect the log or the event socket reported about a client (0 if none). */
  lastPushedAt(clientId: string): number {
    return this.knownHistory(clientId)?.lastPushedAt ?? 0;
  }

  /** An API poll listed the client: it is no longer known only from pushes. */
  confirm(clientId: string): void {
    this.unconfirmed.delete(clientId);
  }

  /** confirm() for every listed client, walking the (bounded) unconfirmed set rather than the list. */
  confirmListed(listed: ReadonlySet<string>): void {
    for (const id of this.unconfirmed) if (listed.has(id)) this.unconfirmed.delete(id);
  }

  /**
   * True when an API poll (taken at `at`) listing this client would change nothing but the mutation
   * count: it is connected, no log/push report is newer than the poll, and the poll knows no other
   * type or platform (see connect's enrich). Read-only.
   */
  listedUnchanged(clientId: string, at: number, clientType: ClientType | undefined, platform: string | undefined): boolean {
    const existing = this.connected.get(clientId);
    if (existing === undefined || this.lastPushedAt(clientId) > at) return false;
    const reported = knownPlatform(platform);
    return (reported === undefined || reported === existing.platform) && (clientType === undefined || clientType === existing.clientType);
  }

  /** The type a client has or had, else the one its id implies. */
  typeOf(clientId: string): ClientType {
    return this.typeGiven(this.connected.get(clientId), clientId);
  }

  /** `typeOf(clientId)` given its connected entry (undefined when it is not connected). */
  private typeGiven(connected: TrackedClient | undefined, clientId: string): ClientType {
    return connected?.clientType ?? this.knownHistory(clientId)?.clientType ?? classifyClientId(clientId);
  }

  /** Devices not connected: in the inventory, or seen connected earlier (and still remembered). */
  offlineDeviceCount(): number {
    let offline = 0;
    for (const id of this.knownDevices) if (!this.connected.has(id)) offline++;
    // The history holds disconnected clients only.
    for (const [id, h] of this.history.entries()) if (h.clientType === 'device' && !this.knownDevices.has(id)) offline++;
    return offline;
  }

  /**
   * A session of `ownerId` starts on `deviceId`: `typeOf(ownerId)`, after `fillPlatform(deviceId, platform)`,
   * with one lookup when the owner is the device (a device's own session, most of them).
   */
  sessionOwnerType(ownerId: string, deviceId: string | undefined, platform: string | undefined): ClientType {
    const owner = this.connected.get(ownerId);
    if (deviceId !== undefined && platform !== undefined) this.fillPlatformOf(deviceId === ownerId ? owner : this.connected.get(deviceId), platform);
    // enrich() without a type keeps the owner's type, so `owner` read before it still has the right one.
    return this.typeGiven(owner, ownerId);
  }

  /** A platform learnt elsewhere (a rich snapshot, a session's platform) for a client connected without one. */
  fillPlatform(clientId: string, platform: string | undefined): void {
    this.fillPlatformOf(this.connected.get(clientId), platform);
  }

  private fillPlatformOf(existing: TrackedClient | undefined, platform: string | undefined): void {
    if (existing?.platform === UNKNOWN) this.enrich(existing, undefined, platform);
  }

  /** The connect, reported late, of a disconnected client's earlier connection: only the times and the platform are learnt. */
  private pushedLate(clientId: string, at: number, platform: string | undefined): void {
    this.mutations++;
    const history = this.pushedAbout(clientId, at);
    history.platform = knownPlatform(platform) ?? history.platform;
  }

  /** The log/push reported (or moved past) the leave the poll noticed: its held count, if still held, takes `reason`. */
  private leaveReported(clientId: string, history: ClientHistory, reason: string): boolean {
    const held = this.held.resolve(clientId, reason);
    history.leftUnreported = undefined;
    return held;
  }

  /** The history of a client not (or no longer) connected, with the time of a log/push report about it. */
  private pushedAbout(clientId: string, at: number): ClientHistory {
    const history = this.historyOf(clientId, undefined, false);
    history.lastPushedAt = Math.max(history.lastPushedAt, at);
    return history;
  }

  private countDisconnect(client: ConnectedClient, at: number, reason: string): void {
    this.disconnectCounts.inc({ client_type: client.clientType, reason });
    this.countersVersion++;
    this.opts.onChange({ kind: 'disconnect_counted', client, at, reason });
  }

  /** A new connect is admitted while the connected set (and, for pushes, the unconfirmed part) is under its cap. */
  private admits(source: EventSource): boolean {
    if (this.connected.size >= this.opts.maxConnected) {
      this.opts.onOverflow('clients');
      return false;
    }
    if (source === 'push' && this.unconfirmed.size >= this.opts.maxPushedUnconfirmed) {
      this.opts.onOverflow('pushed_clients');
      return false;
    }
    return true;
  }

  private knownHistory(clientId: string): ClientHistory | undefined {
    return this.connected.get(clientId)?.history() ?? this.history.get(clientId);
  }

  /**
   * The history of a client, created when there is none. A connect takes it out of the LRU (a connected
   * client's history goes with its entry in the connected set, TrackedClient); a disconnect puts it back.
   */
  private historyOf(clientId: string, clientType: ClientType | undefined, connecting: boolean): ClientHistory {
    // A connected client's history is outside the LRU: no touch, so a poll costs no Map churn.
    const live = this.connected.get(clientId);
    if (live) return live.history();
    const history = this.history.get(clientId) ?? newHistory(clientType ?? classifyClientId(clientId));
    // Connecting: the caller puts the client (with this history) in the connected set.
    if (connecting) this.history.delete(clientId);
    else this.history.set(clientId, history);
    return history;
  }

  /** A later report may know the platform or type an earlier one did not. */
  private enrich(existing: TrackedClient, clientType: ClientType | undefined, platform: string | undefined): void {
    const reported = knownPlatform(platform);
    const betterPlatform = reported !== undefined && existing.platform !== reported ? reported : undefined;
    const betterType = clientType && clientType !== existing.clientType ? clientType : undefined;
    if (!betterPlatform && !betterType) return;
    this.mutations++;
    const history = existing.history();
    if (betterPlatform) history.platform = betterPlatform;
    this.connected.set(
      existing.clientId,
      new TrackedClient(existing.clientId, betterType ?? existing.clientType, betterPlatform ?? existing.platform, existing.connectedAt, history),
    );
    this.presenceVersion++;
  }
}
