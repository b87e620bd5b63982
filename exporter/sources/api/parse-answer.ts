/**
 * Turning an API answer's bytes into its result, the same on the main thread and in the parse worker:
 * decode + JSON.parse (probe.ts), then the endpoint's shape check (responses.ts). Every failure is a
 * ProbeFailure naming the URL. Also the messages the parse worker exchanges with the main thread.
 */
import { displayUrl } from '../../url-credentials';
import type { ClientColumns } from './client-columns';
import { ProbeFailure, parseJsonBody, type ProbeFailureKind } from './probe';
import { ShapeError } from './responses';

/** `parse(JSON of bytes)`; throws ProbeFailure `bad_json` or `bad_shape`. */
export function decodeAnswer<T>(bytes: Buffer, url: URL, parse: (body: unknown) => T): T {
  try {
    return parse(parseJsonBody(bytes, url));
  } catch (err) {
    if (err instanceof ShapeError) throw new ProbeFailure('bad_shape', `GET ${displayUrl(url)}: ${err.message}`);
    throw err;
  }
}

export interface ParseRequest {
  readonly id: number;
  /** A copy of the answer, moved to the worker. */
  readonly bytes: Uint8Array;
  readonly url: string;
}

export type ParseReply =
  | { readonly id: number; readonly ok: true; readonly columns: ClientColumns }
  | { readonly id: number; readonly ok: false; readonly kind: ProbeFailureKind; readonly message: string };
