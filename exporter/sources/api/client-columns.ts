/**
 * A parsed client list in a compact, transferable form: a few arrays instead of one object per
 * client. The parse worker (clients-parse-worker.ts) answers this, so what crosses the thread
 * boundary is five arrays (the typed ones moved, not copied), not 100,000 cloned objects.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ClientSnapshotEntry, ClientType } from '../../events';

export interface ClientColumns {
  readonly ids: string[];
  /** 0: no type given, 1: device, 2: constellation. */
  readonly types: Uint8Array;
  /** Index into `platforms`, -1 when none was given. */
  readonly platformIndex: Int32Array;
  /** Each distinct platform once. */
  readonly platforms: string[];
  /** NaN when the server gave none. */
  readonly connectedAt: Float64Array;
}

const TYPES: readonly (ClientType | undefined)[] = [undefined, 'device', 'constellation'];

export function toColumns(entries: readonly ClientSnapshotEntry[]): ClientColumns {
  const n = entries.length;
  const columns: ClientColumns = {
    ids: new Array<string>(n),
    types: new Uint8Array(n),
    platformIndex: new Int32Array(n),
    platforms: [],
    connectedAt: new Float64Array(n),
  };
  const platformAt = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    columns.ids[i] = e.clientId;
    columns.types[i] = e.clientType === undefined ? 0 : TYPES.indexOf(e.clientType);
    let p = -1;
    if (e.platform !== undefined) {
      p = platformAt.get(e.platform) ?? columns.platforms.push(e.platform) - 1;
      platformAt.set(e.platform, p);
    }
    columns.platformIndex[i] = p;
    columns.connectedAt[i] = e.connectedAt ?? NaN;
  }
  return columns;
}

/** Entries built per slice of this many clients between turns of the event loop (fromColumnsInSlices). */
const FROM_COLUMNS_SLICE = 8192;

/**
 * The entries again, with the same fields present as parseClients gives (responses.ts), built in slices
 * that yield to the event loop: 100,000 entries are tens of ms of allocation in one block, which health
 * checks and scrapes would wait behind.
 */
export async function fromColumnsInSlices(c: ClientColumns, slice = FROM_COLUMNS_SLICE): Promise<ClientSnapshotEntry[]> {
  const entries = new Array<ClientSnapshotEntry>(c.ids.length);
  for (let from = 0; from < entries.length; from += slice) {
    if (from > 0) await yieldToLoop();
    fillEntries(c, entries, from, Math.min(entries.length, from + slice));
  }
  return entries;
}

function fillEntries(c: ClientColumns, entries: ClientSnapshotEntry[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const clientType = TYPES[c.types[i]!];
    const p = c.platformIndex[i]!;
    const connectedAt = c.connectedAt[i]!;
    const entry: { clientId: string; clientType?: ClientType; platform?: string; connectedAt?: number } = { clientId: c.ids[i]! };
    if (clientType !== undefined) entry.clientType = clientType;
    if (p >= 0) entry.platform = c.platforms[p];
    if (!Number.isNaN(connectedAt)) entry.connectedAt = connectedAt;
    entries[i] = entry;
  }
}

/** The typed arrays' memory, to move with postMessage instead of copying it. */
export const transferList = (c: ClientColumns): ArrayBuffer[] => [c.types.buffer, c.platformIndex.buffer, c.connectedAt.buffer] as ArrayBuffer[];
