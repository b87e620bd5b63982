/**
 * Client and session ids become `client_id` label values and status-page text. A real id never holds
 * a query string; a hostile or garbled line can put a URL there (`…/ws?token=<API KEY>`), so
 * whatever follows a `?` or `#` is cut off before an event leaves a source — the same rule as routes.
 */
import type { FleetEvent } from '../../events';
import { stripQuery } from './http-labels';

function hasQuery(id: string | undefined): boolean {
  return id !== undefined && (id.includes('?') || id.includes('#'));
}

/**
 * The event with query strings cut from its ids; undefined when an id is nothing but a query. The ids
 * are read by the event's type (each read sees one or two shapes, not a dozen).
 */
export function scrubIds(event: FleetEvent): FleetEvent | undefined {
  switch (event.type) {
    case 'session_duration':
    case 'session_finished':
      return hasQuery(event.sessionId) ? scrubbed(event, undefined, event.sessionId) : event;
    case 'session_started':
      return hasQuery(event.sessionId) || hasQuery(event.clientId) ? scrubbed(event, event.clientId, event.sessionId) : event;
    case 'client_connected':
    case 'client_disconnected':
      return hasQuery(event.clientId) ? scrubbed(event, event.clientId, undefined) : event;
    case 'log_line':
    case 'http_request':
    case 'log_error':
    case 'registration_rejected':
    case 'clients_snapshot':
    case 'upstream_status':
      return event; // no ids
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

/** A copy of `event` with the query strings cut from the ids given (undefined: the event has no such id). */
function scrubbed(event: FleetEvent, clientId: string | undefined, sessionId: string | undefined): FleetEvent | undefined {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, id] of [
    ['clientId', clientId],
    ['sessionId', sessionId],
  ] as const) {
    if (id === undefined || !hasQuery(id)) continue;
    const clean = stripQuery(id);
    if (clean === '') return undefined;
    copy[key] = clean;
  }
  return copy as unknown as FleetEvent;
}

/**
 * `id` as a string of its own. A regex capture or `slice` of a line is a view into the whole line
 * (V8 keeps the line alive as long as the capture lives): an id kept in a 50,000-entry map would keep
 * its ~150-byte line (twice that for a line with an emoji) with it, and every such line survives the
 * young-generation collections and is copied by them. Concatenating flattens into a new string, and
 * the slice of that is a view of only the id's own characters.
 */
export function detached(id: string): string {
  // V8 copies a slice shorter than 13 characters (no view below that length): a short id is its own string already.
  return id.length < 13 ? id : (id + ' ').slice(0, -1);
}
