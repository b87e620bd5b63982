/**
 * A parsed client list in a compact, transferable form: a few arrays instead of one object per
 * client. The parse worker (clients-parse-worker.ts) answers this, so what crosses the thread
 * boundary is five arrays (the typed ones moved, not copied), not 100,000 cloned objects.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { COLUMN_TYPES as TYPES, fillEntries, type ClientColumns } from '../../client-list';
import type { ClientSnapshotEntry } from '../../events';

export type { ClientColumns } from '../../client-list';

/** Columns filled one entry at a time, for a list of `n` clients. */
export class ColumnsBuilder {
  readonly columns: ClientColumns;
  private readonly platformAt = new Map<string, number>();

  constructor(n: number) {
    this.columns = { ids: new Array<string>(n), types: new Uint8Array(n), platformIndex: new Int32Array(n), platforms: [], connectedAt: new Float64Array(n) };
  }

  set(i: number, e: ClientSnapshotEntry): void {
    const columns = this.columns;
    columns.ids[i] = e.clientId;
    columns.types[i] = e.clientType === undefined ? 0 : TYPES.indexOf(e.clientType);
    let p = -1;
    if (e.platform !== undefined) {
      p = this.platformAt.get(e.platform) ?? columns.platforms.push(e.platform) - 1;
      this.platformAt.set(e.platform, p);
    }
    columns.platformIndex[i] = p;
    columns.connectedAt[i] = e.connectedAt ?? NaN;
  }
}

export function toColumns(entries: readonly ClientSnapshotEntry[]): ClientColumns {
  const builder = new ColumnsBuilder(entries.length);
  for (let i = 0; i < entries.length; i++) builder.set(i, entries[i]!);
  return builder.columns;
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

/** The typed arrays' memory, to move with postMessage instead of copying it. */
export const transferList = (c: ClientColumns): ArrayBuffer[] => [c.types.buffer, c.platformIndex.buffer, c.connectedAt.buffer] as ArrayBuffer[];
