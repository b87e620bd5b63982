/** Shared by the fixture tests: a log fixture through the real log source, sink, fleet state and renderer. */
import { silentLogger } from '../../exporter/logging';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createStateSink } from '../../exporter/sink';
import { createLogSource } from '../../exporter/sources/log';
import { FleetState } from '../../exporter/state';
import { parseMetrics, type ParsedMetrics } from '../../scripts/stack/metrics-text';
import { FIXTURES, local } from '../helpers/log-parse';

/** A clock after every record of the fixtures (sessions orphaned by a disconnect stay within their grace). */
export const AFTER_THE_FIXTURES = local(2026, 11, 21, 6, 30, 0);

export interface ScrapeOptions {
  /** The exporter's own callers (own-connections.ts), as the log source is told them. */
  readonly isOwnCaller?: (caller: string) => boolean;
}

/** The fixture read from its start; the metrics a scrape then returns. */
export async function scrapeFixture(name: string, opts: ScrapeOptions = {}): Promise<ParsedMetrics> {
  const state = new FleetState({ now: () => AFTER_THE_FIXTURES });
  const sink = createStateSink({ state, logger: silentLogger, maxSeries: 1000 });
  const source = createLogSource({ file: FIXTURES + name, fromStart: true, logger: silentLogger, pollMs: 20, ...opts });
  try {
    await source.start(sink);
  } finally {
    await source.stop();
    sink.close();
  }
  return parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 1000, now: () => AFTER_THE_FIXTURES }).render());
}
