/** Filtering and sorting of the connected-clients table. Pure (unit-tested in node). */

import type { ClientRow } from '../document';

export type ClientSortKey = keyof ClientRow;
export interface ClientTableView {
  readonly filter: string;
  readonly sortKey: ClientSortKey;
  readonly descending: boolean;
}

export const CLIENT_COLUMNS: readonly { readonly key: ClientSortKey; readonly label: string }[] = [
  { key: 'id', label: 'Client id' },
  { key: 'type', label: 'Type' },
  { key: 'platform', label: 'Platform' },
  { key: 'connectedAt', label: 'Connected since' },
];

/** Case-insensitive substring match on id, type or platform. */
export function matchesFilter(row: ClientRow, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return [row.id, row.type, row.platform].some((field) => field.toLowerCase().includes(needle));
}

function compare(a: ClientRow, b: ClientRow, key: ClientSortKey): number {
  const x = a[key];
  const y = b[key];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y)) || a.id.localeCompare(b.id);
}

export function visibleClients(rows: readonly ClientRow[], view: ClientTableView): ClientRow[] {
  const sign = view.descending ? -1 : 1;
  return rows.filter((r) => matchesFilter(r, view.filter)).sort((a, b) => sign * compare(a, b, view.sortKey));
}

/** Clicking a column sorts by it; clicking the sorted column again reverses the order. */
export function toggleSort(view: ClientTableView, key: ClientSortKey): ClientTableView {
  return view.sortKey === key ? { ...view, descending: !view.descending } : { ...view, sortKey: key, descending: false };
}
