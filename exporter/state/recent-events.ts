/**
 * Recent events: the last notable fleet events (connects, disconnects, sessions, rejections, the API
 * going up or down), in a small ring buffer, each with a short human-readable detail for the status
 * page. A disconnect is shown at once; its reason is filled in when the disconnect is counted.
 * Session entries (most of them) are the sessions themselves, made into events (detail text included) only
 * when read: at thousands of sessions a second nearly all are overwritten unread.
 */
import { UNKNOWN, type UpstreamStatus } from '../events';
import { RingBuffer } from './bounded';
import type { ClientChange } from './clients';
import type { RecentEvent, RecentEventReads } from './fleet-view';
import type { ActiveSession, SessionOutcome } from './sessions';

/**
 * A session's entry is the session itself (the tracker's record of a start, the outcome of a finish): its
 * event, detail text included, is made when read. No entry object per session start or finish.
 */
type Entry = RecentEvent | ActiveSession | SessionOutcome;

function startedDetail(session: ActiveSession): string {
  const owner = session.ownerType === UNKNOWN ? 'owner unknown' : session.ownerType;
  return session.platform === undefined ? owner : `${owner} on ${session.platform}`;
}

function finishedDetail(outcome: SessionOutcome): string {
  const took = outcome.durationSeconds === undefined ? '' : ` after ${outcome.durationSeconds.toFixed(1)}s`;
  return `${outcome.status}${outcome.reason === 'none' ? '' : ` (${outcome.reason})`}${took}`;
}

/** The entry as readers see it. */
function asEvent(entry: Entry): RecentEvent {
  if ('kind' in entry) return entry;
  if ('startedAt' in entry)
    return { at: entry.startedAt, kind: 'session_started', sessionId: entry.sessionId, clientId: entry.ownerId, detail: startedDetail(entry) };
  return { at: entry.at, kind: 'session_finished', sessionId: entry.sessionId, clientId: entry.ownerId, detail: finishedDetail(entry) };
}

export class RecentEvents implements RecentEventReads {
  private readonly ring: RingBuffer<Entry>;
  /** Recent `client_disconnected` events whose disconnect is not counted yet, by client id. */
  private readonly awaitingReason = new Map<string, { detail: string }>();

  constructor(
    capacity: number,
    /** Counts the held disconnects that are due (the client tracker's settle), so a read shows their reasons. */
    private readonly settleDisconnects: () => void,
  ) {
    this.ring = new RingBuffer(capacity);
  }

  latest(n?: number): RecentEvent[] {
    this.settleDisconnects();
    return this.ring.latest(n).map(asEvent);
  }

  registrationRejected(at: number, reason: string): void {
    this.ring.push({ at, kind: 'registration_rejected', detail: reason });
  }

  /** The API went up or down (call only on a change). */
  upstreamChanged(event: UpstreamStatus): void {
    this.ring.push({ at: event.at, kind: event.up ? 'upstream_up' : 'upstream_down', detail: event.error ?? 'API answering' });
  }

  clientChanged(change: ClientChange): void {
    const { client, at } = change;
    switch (change.kind) {
      case 'connected':
        this.ring.push({ at, kind: 'client_connected', clientId: client.clientId, detail: `${client.clientType} on ${client.platform}` });
        break;
      case 'left': {
        // Shown at once; the reason is filled in when the disconnect is counted (at once, or after the grace window).
        const event = { at, kind: 'client_disconnected' as const, clientId: client.clientId, detail: 'reason pending' };
        this.awaitingReason.set(client.clientId, event);
        this.ring.push(event);
        break;
      }
      case 'disconnect_counted': {
        const event = this.awaitingReason.get(client.clientId);
        this.awaitingReason.delete(client.clientId);
        if (event) event.detail = `reason ${change.reason}`;
        else this.ring.push({ at, kind: 'client_disconnected', clientId: client.clientId, detail: `reason ${change.reason}` });
        break;
      }
    }
  }

  sessionStarted(session: ActiveSession): void {
    this.ring.push(session);
  }

  sessionFinished(outcome: SessionOutcome): void {
    this.ring.push(outcome);
  }
}
