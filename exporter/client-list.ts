/**
 * The client list of a `clients_snapshot` (events.ts): one object per client, or the same list as
 * columns — a few arrays instead of an object per client. The API source hands columns over for the
 * answers it parses on the main thread (sources/api/sliced-clients.ts): its last list is kept between
 * polls (the unchanged answer reuses it), and as objects it was ~80 bytes a client more (0.6 MB at
 * 10,000 clients, part of the exporter's peak memory; bench/NOTES.md, issue 15M).
 *
 * Readers go through the accessors below, which answer the same for both forms.
 */
import type { ClientSnapshotEntry, ClientType } from './events';

export interface ClientColumns {
  readonly ids: string[];
  /** 0: no type given, 1: device, 2: constellation (COLUMN_TYPES). */
  readonly types: Uint8Array;
  /** Index into `platforms`, -1 when none was given. */
  readonly platformIndex: Int32Array;
  /** Each distinct platform once. */
  readonly platforms: string[];
  /** NaN when the server gave none. */
  readonly connectedAt: Float64Array;
}

export type ClientList = readonly ClientSnapshotEntry[] | ClientColumns;

/** What `types` holds, by value. */
export const COLUMN_TYPES: readonly (ClientType | undefined)[] = [undefined, 'device', 'constellation'];

const isColumns = (list: ClientList): list is ClientColumns => !Array.isArray(list);

export const listLength = (list: ClientList): number => (isColumns(list) ? list.ids.length : list.length);

export function clientIdAt(list: ClientList, i: number): string {
  return isColumns(list) ? list.ids[i]! : list[i]!.clientId;
}

export function clientTypeAt(list: ClientList, i: number): ClientType | undefined {
  return isColumns(list) ? COLUMN_TYPES[list.types[i]!] : list[i]!.clientType;
}

export function platformAt(list: ClientList, i: number): string | undefined {
  if (!isColumns(list)) return list[i]!.platform;
  const p = list.platformIndex[i]!;
  return p >= 0 ? list.platforms[p] : undefined;
}

export function connectedAtAt(list: ClientList, i: number): number | undefined {
  if (!isColumns(list)) return list[i]!.connectedAt;
  const at = list.connectedAt[i]!;
  return Number.isNaN(at) ? undefined : at;
}

/** The list as one object per client, in one block (columns are turned into entries; e.g. a list whose labels must be shortened, label-bounds.ts). */
export function listEntries(list: ClientList): readonly ClientSnapshotEntry[] {
  if (!isColumns(list)) return list;
  const entries = new Array<ClientSnapshotEntry>(list.ids.length);
  fillEntries(list, entries, 0, entries.length);
  return entries;
}

/** Entries `from` to `to` of the columns, with the same fields present as the API's parse gives (sources/api/responses.ts). */
export function fillEntries(c: ClientColumns, entries: ClientSnapshotEntry[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const clientType = COLUMN_TYPES[c.types[i]!];
    const p = c.platformIndex[i]!;
    const connectedAt = c.connectedAt[i]!;
    const entry: { clientId: string; clientType?: ClientType; platform?: string; connectedAt?: number } = { clientId: c.ids[i]! };
    if (clientType !== undefined) entry.clientType = clientType;
    if (p >= 0) entry.platform = c.platforms[p];
    if (!Number.isNaN(connectedAt)) entry.connectedAt = connectedAt;
    entries[i] = entry;
  }
}
