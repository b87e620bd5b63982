// The page's pure helpers (exporter/status/browser/format.ts, client-table.ts) run in node as well.
import { describe, expect, it } from 'vitest';
import { toggleSort, visibleClients, type ClientTableView } from '../../../../exporter/status/browser/client-table';
import { formatAge, formatDuration, formatProbeSeconds, formatSince } from '../../../../exporter/status/browser/format';
import type { ClientRow } from '../../../../exporter/status/document';

const rows: ClientRow[] = [
  { id: 'win-2', type: 'device', platform: 'windows', connectedAt: 30 },
  { id: 'task@win-2', type: 'constellation', platform: 'windows', connectedAt: 10 },
  { id: 'Linux-1', type: 'device', platform: 'linux', connectedAt: 20 },
];

describe('client table', () => {
  const byAge: ClientTableView = { filter: '', sortKey: 'connectedAt', descending: false };

  it('sorts by any column, both ways', () => {
    expect(visibleClients(rows, byAge).map((r) => r.id)).toEqual(['task@win-2', 'Linux-1', 'win-2']);
    const byId = toggleSort(byAge, 'id');
    expect(byId).toEqual({ filter: '', sortKey: 'id', descending: false });
    expect(visibleClients(rows, byId).map((r) => r.id)).toEqual(['Linux-1', 'task@win-2', 'win-2']);
    expect(visibleClients(rows, toggleSort(byId, 'id')).map((r) => r.id)).toEqual(['win-2', 'task@win-2', 'Linux-1']);
    expect(visibleClients(rows, toggleSort(byAge, 'type')).map((r) => r.id)).toEqual(['task@win-2', 'Linux-1', 'win-2']);
  });

  it('filters case-insensitively on id, type and platform', () => {
    expect(visibleClients(rows, { ...byAge, filter: 'LINUX' }).map((r) => r.id)).toEqual(['Linux-1']);
    expect(visibleClients(rows, { ...byAge, filter: ' constellation ' }).map((r) => r.id)).toEqual(['task@win-2']);
    expect(visibleClients(rows, { ...byAge, filter: 'win-2' })).toHaveLength(2);
    expect(visibleClients(rows, { ...byAge, filter: 'nothing' })).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats durations and ages', () => {
    expect(formatDuration(0.0421)).toBe('42 ms');
    expect(formatDuration(3.2)).toBe('3.20 s');
    expect(formatDuration(null)).toBe('–');
    expect(formatAge(4.9)).toBe('4s');
    expect(formatAge(185)).toBe('3m 05s');
    expect(formatAge(2 * 3600 + 600)).toBe('2h 10m');
    expect(formatAge(3 * 86400 + 4 * 3600)).toBe('3d 4h');
    expect(formatAge(-5)).toBe('0s');
    expect(formatProbeSeconds({ health: 0.0024, clients: 5 })).toBe('clients 5.00 s, health 2 ms');
    expect(formatProbeSeconds({})).toBe('–');
    expect(formatSince(null, 100)).toBe('never');
    expect(formatSince(88, 100)).toMatch(/^12s ago \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/);
  });
});
