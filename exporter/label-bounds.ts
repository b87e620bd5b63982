/**
 * Every label value the exporter takes from outside (client and session ids, platforms, reasons,
 * methods, routes, levels) is at most MAX_LABEL_CHARS characters. A longer one is shortened to a
 * prefix plus a digest of the whole value, so two long ids stay two series. Applied once, where
 * every source's events enter the state (sink.ts); the shortened values are counted in
 * `ufo_exporter_bound_overflows_total{bound="label_length"}`. The /events schema already refuses ids
 * over this length; the API and the log are not schema-capped.
 */
import { nodeCrypto } from './node-modules-on-demand';
import { clientIdAt, listEntries, listLength, platformAt, type ClientList } from './client-list';
import type { ClientSnapshotEntry, ClientsSnapshot, FleetEvent } from './events';

export const MAX_LABEL_CHARS = 256;
const DIGEST_CHARS = 16;

/** `value` itself when short enough, else its first characters, `~`, and a digest of all of it. */
export function boundLabel(value: string): string {
  if (value.length <= MAX_LABEL_CHARS) return value;
  const digest = nodeCrypto().createHash('sha256').update(value).digest('hex').slice(0, DIGEST_CHARS);
  let prefix = value.slice(0, MAX_LABEL_CHARS - DIGEST_CHARS - 1);
  // Do not leave half of a surrogate pair at the cut.
  if (/[\uD800-\uDBFF]$/.test(prefix)) prefix = prefix.slice(0, -1);
  return `${prefix}~${digest}`;
}

const LABEL_FIELDS = ['clientId', 'sessionId', 'platform', 'reason', 'method', 'route', 'level'] as const;

function tooLong(record: object, fields: readonly string[]): boolean {
  for (const field of fields) {
    const value = (record as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > MAX_LABEL_CHARS) return true;
  }
  return false;
}

const isLong = (value: unknown): boolean => typeof value === 'string' && value.length > MAX_LABEL_CHARS;

/**
 * `tooLong(event, LABEL_FIELDS)` by the event's type: only the label fields its type has, read by name.
 * This runs for every event, and reads of a dozen field names across a dozen event shapes are slow
 * (megamorphic); per type each read sees one or two shapes. A test holds it to the keyed check.
 */
function eventTooLong(event: Exclude<FleetEvent, ClientsSnapshot>): boolean {
  switch (event.type) {
    case 'log_line':
    case 'log_error':
      return isLong(event.level);
    case 'http_request':
      return isLong(event.method) || isLong(event.route);
    case 'session_started':
      return isLong(event.sessionId) || isLong(event.clientId) || isLong(event.platform);
    case 'session_duration':
      return isLong(event.sessionId);
    case 'session_finished':
      return isLong(event.sessionId) || isLong(event.reason);
    case 'client_connected':
      return isLong(event.clientId) || isLong(event.platform);
    case 'client_disconnected':
      return isLong(event.clientId) || isLong(event.reason);
    case 'registration_rejected':
      return isLong(event.reason);
    case 'upstream_status':
      return false;
    default: {
      const unexpected: never = event;
      return tooLong(unexpected, LABEL_FIELDS);
    }
  }
}

/** A copy of `record` with its over-long label fields shortened; `onShortened` is called per value. */
function shortened<T extends object>(record: T, fields: readonly string[], onShortened: () => void): T {
  if (!tooLong(record, fields)) return record;
  const copy = { ...record } as Record<string, unknown>;
  for (const field of fields) {
    const value = copy[field];
    if (typeof value !== 'string' || value.length <= MAX_LABEL_CHARS) continue;
    copy[field] = boundLabel(value);
    onShortened();
  }
  return copy as unknown as T;
}

/**
 * Client lists already found within bounds. The API source hands over the same list object while its
 * answer does not change (a list is never modified), so a 100,000-client list is scanned once, not at
 * every poll.
 */
const listsWithinBounds = new WeakSet<ClientList>();

function listTooLong(list: ClientList): boolean {
  for (let i = 0, n = listLength(list); i < n; i++) if (isLong(clientIdAt(list, i)) || isLong(platformAt(list, i))) return true;
  return false;
}

/** The event with every label value within MAX_LABEL_CHARS (the same object when nothing was too long). */
export function boundEventLabels(event: FleetEvent, onShortened: () => void): FleetEvent {
  if (event.type !== 'clients_snapshot') return eventTooLong(event) ? shortened(event, LABEL_FIELDS, onShortened) : event;
  if (listsWithinBounds.has(event.clients)) return event;
  const entryFields = ['clientId', 'platform'];
  if (!listTooLong(event.clients)) {
    listsWithinBounds.add(event.clients);
    return event;
  }
  const clients: ClientSnapshotEntry[] = listEntries(event.clients).map((c) => shortened(c, entryFields, onShortened));
  return { ...event, clients };
}
