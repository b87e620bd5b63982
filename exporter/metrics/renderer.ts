/**
 * Renders the catalogue's metrics from the fleet state, caching each family's text until a state
 * part it reads changes. Scrapes are frequent and the fleet changes rarely, so most scrapes reuse
 * cached families; only time-dependent families are recomputed every time.
 *
 * Families are kept as UTF-8 bytes and served as a list of chunks (`renderChunks`): a scrape writes
 * the cached bytes as they are. A single body string would be flattened and encoded again at every
 * scrape — at 10,000 clients two short-lived copies of ~2 MB each per scrape, which is what the
 * exporter's RSS was made of (bench/RESULTS.md).
 */
import { catalogue, type CatalogueKey, type MetricSource } from '../catalogue';
import type { ConfiguredSources, FleetView } from '../state';
import { buildInfo, type BuildInfo } from './build-info';
import type { ConnectedClient } from '../state';
import type { ServerIdentity } from '../targets/identity';
import { familyKeys, families, type ClientLines, type RenderContext } from './families';
import { familyHeader } from './text-format';

/** Both strings encoded into one buffer, without first joining them into a (flattened) copy. */
function utf8Bytes(head: string, tail: string): Buffer {
  const headLength = Buffer.byteLength(head, 'utf8');
  const bytes = Buffer.allocUnsafe(headLength + Buffer.byteLength(tail, 'utf8'));
  bytes.write(head, 0, 'utf8');
  bytes.write(tail, headLength, 'utf8');
  return bytes;
}

/** Whether a metric source feeds this exporter: the API poll and the exporter itself always do. */
function fedBy(configured: ConfiguredSources): (source: MetricSource) => boolean {
  return (source) => (source === 'log' ? configured.log : source === 'push' ? configured.push : true);
}

export interface CatalogueRendererOptions {
  readonly view: FleetView;
  /** --clients.max-series */
  readonly maxSeries: number;
  readonly build?: BuildInfo;
  /** The server the view describes (`ufo_server_info`). */
  readonly server?: ServerIdentity;
  /** Unix seconds; injectable for tests. */
  readonly now?: () => number;
}

export class CatalogueRenderer {
  private readonly cache = new Map<CatalogueKey, { key: string; bytes: Buffer }>();
  private readonly clientLines = new WeakMap<ConnectedClient, ClientLines>();
  private readonly build: BuildInfo;
  private readonly now: () => number;
  /** Families rendered (not served from cache) since start: lets tests and the bench see the cache work. */
  renders = 0;

  constructor(private readonly opts: CatalogueRendererOptions) {
    this.build = opts.build ?? buildInfo();
    this.now = opts.now ?? (() => Date.now() / 1000);
  }

  /** The whole catalogue in the text exposition format. */
  render(): string {
    return Buffer.concat(this.renderChunks()).toString('utf8');
  }

  /** The whole catalogue as UTF-8 chunks, one per family, in catalogue order (what a scrape writes). */
  renderChunks(): Buffer[] {
    const { view } = this.opts;
    const versions = view.versions();
    const ctx: RenderContext = {
      view,
      maxSeries: this.opts.maxSeries,
      build: this.build,
      server: this.opts.server,
      now: this.now(),
      presenceHidden: view.upstream.status().up === false,
      clientLines: this.clientLines,
    };
    const chunks: Buffer[] = [];
    const fed = fedBy(view.sources.configured);
    for (const key of familyKeys) {
      const spec = families[key];
      const def = catalogue[key];
      // A family no configured source feeds is absent, not a flat 0 (ufo_exporter_source_configured says why).
      if (!def.sources.some(fed)) continue;
      const hidden = spec.presence === true && ctx.presenceHidden;
      const cacheKey = spec.reads === 'every-scrape' ? undefined : `${hidden}|${spec.reads.map((part) => versions[part]).join(',')}`;
      const cached = this.cache.get(key);
      if (cacheKey !== undefined && cached?.key === cacheKey) {
        chunks.push(cached.bytes);
        continue;
      }
      // Presence families keep HELP/TYPE while hidden; their gauges simply have no current series.
      const samples = hidden && key !== 'clientSeriesDropped' ? '' : spec.samples(def, ctx);
      const bytes = utf8Bytes(familyHeader(def), samples);
      this.renders++;
      if (cacheKey !== undefined) this.cache.set(key, { key: cacheKey, bytes });
      chunks.push(bytes);
    }
    return chunks;
  }
}
