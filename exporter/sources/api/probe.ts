/**
 * One GET of a server API endpoint: sends X-API-Key, reads the body (at most `maxBodyBytes`), and
 * turns every way it can go wrong into a ProbeFailure with a bounded `kind` and a message naming the
 * URL (never the key). The body goes to the caller's receiver as it arrives: the API source compares
 * it with the last answer before anything is parsed (unchanged-body.ts, parseJsonBody).
 */
import type { Socket } from 'node:net';
import { BodyTooLargeError, decodeUtf8, httpGetBody, type BodyReceiver, type BodyStart } from '../../http-get';
import { displayUrl } from '../../url-credentials';

export type ProbeFailureKind =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns'
  | 'network'
  | 'http_401'
  | 'http_422'
  | 'http_5xx'
  | `http_${number}`
  | 'bad_json'
  | 'bad_shape'
  | 'body_too_large';

export class ProbeFailure extends Error {
  constructor(
    readonly kind: ProbeFailureKind,
    message: string,
  ) {
    super(message);
  }
}

function networkKind(err: unknown): ProbeFailureKind {
  switch ((err as { code?: unknown }).code) {
    case 'ECONNREFUSED':
      return 'connection_refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection_reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    default:
      return 'network';
  }
}

function statusKind(status: number): ProbeFailureKind {
  if (status === 401) return 'http_401';
  if (status === 422) return 'http_422';
  if (status >= 500) return 'http_5xx';
  return `http_${status}`;
}

export interface ProbeOptions<R> {
  readonly url: URL;
  readonly apiKey: string;
  readonly signal: AbortSignal;
  /** When the poll is aborted (the poll's share of --ufo.timeout), for the timeout message. */
  readonly timeoutMs: number;
  /** The largest body accepted (--ufo.max-body-bytes). */
  readonly maxBodyBytes: number;
  /** Receives a 2xx answer's body (e.g. comparing it with the last answer as it arrives). */
  readonly receive: (start: BodyStart) => BodyReceiver<R>;
  /** Told each socket the probe is sent on (the exporter's own connections, own-connections.ts). */
  readonly onSocket?: (socket: Socket) => void;
}

/** Receives another status's body: only its length is checked (the limit), nothing is kept. */
const DISCARD: BodyReceiver<undefined> = { write: () => undefined, end: () => undefined };

const is2xx = (status: number): boolean => status >= 200 && status <= 299;

/** GETs the URL and answers what `receive` made of its body (a 2xx answer's). Throws ProbeFailure. */
export async function probeBody<R>({ url, apiKey, signal, timeoutMs, maxBodyBytes, receive, onSocket }: ProbeOptions<R>): Promise<R> {
  // Only for errors: building the display URL at every probe was a visible share of a poll's CPU.
  const where = (): string => `GET ${displayUrl(url)}`;
  try {
    const headers = { 'X-API-Key': apiKey, Accept: 'application/json' };
    const res = await httpGetBody<R | undefined>(url, (start) => (is2xx(start.status) ? receive(start) : DISCARD), { headers, signal, maxBodyBytes, onSocket });
    if (!is2xx(res.status) || res.body === undefined) throw new ProbeFailure(statusKind(res.status), `${where()}: HTTP ${res.status} ${res.statusText}`.trimEnd());
    return res.body;
  } catch (err) {
    if (err instanceof ProbeFailure) throw err;
    if (err instanceof BodyTooLargeError)
      throw new ProbeFailure('body_too_large', `${where()}: ${err.message}; the answer was dropped (--ufo.max-body-bytes)`);
    if (signal.aborted) throw new ProbeFailure('timeout', `${where()}: no complete answer within ${timeoutMs} ms (the poll's share of --ufo.timeout)`);
    const kind = networkKind(err);
    const code = (err as { code?: unknown }).code;
    throw new ProbeFailure(kind, `${where()}: ${kind.replace('_', ' ')}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

/** The body decoded (UTF-8) and parsed as JSON. Throws ProbeFailure `bad_json` naming the URL. */
export function parseJsonBody(bytes: Buffer, url: URL): unknown {
  const text = decodeUtf8(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const preview = text.slice(0, 40).replace(/\s+/g, ' ');
    throw new ProbeFailure('bad_json', `GET ${displayUrl(url)}: body is not JSON (starts ${JSON.stringify(preview)})`);
  }
}
