/**
 * Renders the catalogue's metrics from the fleet state, caching each family's text until a state
 * part it reads changes. Scrapes are frequent and the fleet changes rarely, so most scrapes
 * concatenate cached strings; only time-dependent families are recomputed every time.
 */
import { catalogue, type CatalogueKey } from '../catalogue';
import type { FleetView } from '../state';
import { buildInfo, type BuildInfo } from './build-info';
import type { ConnectedClient } from '../state';
import { familyKeys, families, type ClientLines, type RenderContext } from './families';
import { familyHeader } from './text-format';

export interface CatalogueRendererOptions {
  readonly view: FleetView;
  /** --clients.max-series */
  readonly maxSeries: number;
  readonly build?: BuildInfo;
  /** Unix seconds; injectable for tests. */
  readonly now?: () => number;
}

export class CatalogueRenderer {
  private readonly cache = new Map<CatalogueKey, { key: string; text: string }>();
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
    const { view } = this.opts;
    const versions = view.versions();
    const ctx: RenderContext = {
      view,
      maxSeries: this.opts.maxSeries,
      build: this.build,
      now: this.now(),
      presenceHidden: view.upstream().up === false,
      clientLines: this.clientLines,
    };
    let out = '';
    for (const key of familyKeys) {
      const spec = families[key];
      const def = catalogue[key];
      const hidden = spec.presence === true && ctx.presenceHidden;
      const cacheKey = spec.reads === 'every-scrape' ? undefined : `${hidden}|${spec.reads.map((part) => versions[part]).join(',')}`;
      const cached = this.cache.get(key);
      if (cacheKey !== undefined && cached?.key === cacheKey) {
        out += cached.text;
        continue;
      }
      // Presence families keep HELP/TYPE while hidden; their gauges simply have no current series.
      const samples = hidden && key !== 'clientSeriesDropped' ? '' : spec.samples(def, ctx);
      const text = familyHeader(def) + samples;
      this.renders++;
      if (cacheKey !== undefined) this.cache.set(key, { key: cacheKey, text });
      out += text;
    }
    return out;
  }
}
