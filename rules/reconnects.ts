/**
 * How many times each client reconnected within a window, read from the sparse
 * `ufo_client_reconnects_total`: UfoFlakyClient (rules/groups/fleet.ts) and the clients dashboard's
 * "Flakiest clients" table count the same way.
 *
 * The series exists only for a connected client that has reconnected since the exporter started: it
 * is born at its first reconnect (at 1) and is absent while the client is away. `increase()` would
 * not count that birth (it only counts rises between samples inside the window), so a client's first
 * reconnects would go unseen, and it extrapolates young series. Instead, per client:
 * - series present at the window's start: its highest value in the window minus its value at the start;
 * - series that appears within the window (its first reconnect, or its return after being away at the
 *   start): 1 for the appearance plus its rise within the window.
 *
 * Exact integers for one reconnect per scrape interval; several reconnects between two scrapes at the
 * appearance count once. A counter reset (the exporter restarted, or forgot an evicted client) can
 * only make it count fewer: an appearing series with a reset in the window is left out.
 */
export function reconnectsWithin(selector: string, window: string): string {
  const highest = `max_over_time(${selector}[${window}])`;
  const atStart = `${selector} offset ${window}`;
  const appeared = `(${highest} - min_over_time(${selector}[${window}]) + 1) unless resets(${selector}[${window}]) > 0`;
  return `((${highest} - ${atStart}) or (${appeared}))`;
}
