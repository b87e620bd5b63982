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
import { catalogue, type CatalogueKey, type MetricDefinition, type MetricSource } from '../catalogue';
import type { ConfiguredSources, FleetView, StateVersions } from '../state';
import { buildInfo, type BuildInfo } from './build-info';
import type { ServerIdentity } from '../targets/identity';
import { ClientRangeFamily, LineSlabs } from './client-ranges';
import { chunkBytesSync, type MetricsChunk } from './packed-chunk';
import { familyKeys, families, type FamilySpec, type RenderContext } from './families';
import { familyHeader } from './text-format';

/** Both strings encoded into one buffer, without first joining them into a (flattened) copy. */
function utf8Bytes(head: string, tail: string): Buffer {
  const headLength = Buffer.byteLength(head, 'utf8');
  const bytes = Buffer.allocUnsafe(headLength + Buffer.byteLength(tail, 'utf8'));
  bytes.write(head, 0, 'utf8');
  bytes.write(tail, headLength, 'utf8');
  return bytes;
}

/** Whether one of a family's sources feeds this exporter: the API poll and the exporter itself always do. */
function fedBy(configured: ConfiguredSources, sources: readonly MetricSource[]): boolean {
  for (const source of sources) if (source === 'log' ? configured.log : source === 'push' ? configured.push : true) return true;
  return false;
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

/** A family's cached bytes and the versions of the state parts (and the presence hiding) they were rendered for. */
interface CachedFamily {
  readonly bytes: MetricsChunk;
  readonly hidden: boolean;
  readonly versions: number[];
}

/** Whether the cached bytes still describe the state: compared part by part, nothing allocated. */
function stillValid(cached: CachedFamily | undefined, reads: readonly (keyof StateVersions)[], versions: StateVersions, hidden: boolean): cached is CachedFamily {
  if (cached === undefined || cached.hidden !== hidden) return false;
  for (let i = 0; i < reads.length; i++) if (cached.versions[i] !== versions[reads[i]!]) return false;
  return true;
}

export class CatalogueRenderer {
  private readonly cache = new Map<CatalogueKey, CachedFamily>();
  /** The per-client families' bytes with each client's line as a byte range (client-ranges.ts). */
  private readonly clientFamilies = new Map<CatalogueKey, ClientRangeFamily>();
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
    return Buffer.concat(this.renderChunks().map(chunkBytesSync)).toString('utf8');
  }

  /** Client lines formatted (not copied from the previous bytes) since start, over all per-client families. */
  get clientLinesFormatted(): number {
    let n = 0;
    for (const family of this.clientFamilies.values()) n += family.formatted;
    return n;
  }

  /**
   * The whole catalogue as UTF-8 chunks, one per family, in catalogue order (what a scrape writes).
   * An unchanged family is the same chunk object as at the previous scrape (gzip-body.ts keys on it);
   * the large per-client families are packed chunks (packed-chunk.ts), kept compressed between changes.
   */
  renderChunks(): MetricsChunk[] {
    const { view } = this.opts;
    const versions = view.versions();
    const presenceHidden = view.upstream.status().up === false;
    let ctx: RenderContext | undefined;
    // Scratch for the per-client families rebuilt by this render, shared by them in turn and dropped after it.
    let slabs: LineSlabs | undefined;
    const chunks: MetricsChunk[] = [];
    const configured = view.sources.configured;
    for (const key of familyKeys) {
      const spec = families[key];
      const def = catalogue[key];
      // A family no configured source feeds is absent, not a flat 0 (ufo_exporter_source_configured says why).
      if (!fedBy(configured, def.sources)) continue;
      const hidden = spec.presence === true && presenceHidden;
      const cached = this.cache.get(key);
      if (spec.reads !== 'every-scrape' && stillValid(cached, spec.reads, versions, hidden)) {
        chunks.push(cached.bytes);
        continue;
      }
      ctx ??= { view, maxSeries: this.opts.maxSeries, build: this.build, server: this.opts.server, now: this.now(), presenceHidden };
      if (spec.clientLine) slabs ??= new LineSlabs();
      const bytes = this.renderFamily(key, spec, def, ctx, hidden, slabs);
      this.renders++;
      if (spec.reads !== 'every-scrape') this.cache.set(key, { bytes, hidden, versions: spec.reads.map((part) => versions[part]) });
      chunks.push(bytes);
    }
    return chunks;
  }

  private renderFamily(key: CatalogueKey, spec: FamilySpec, def: MetricDefinition, ctx: RenderContext, hidden: boolean, slabs: LineSlabs | undefined): MetricsChunk {
    const header = familyHeader(def);
    // Presence families keep HELP/TYPE while hidden; their gauges simply have no current series.
    if (hidden && key !== 'clientSeriesDropped') return utf8Bytes(header, '');
    if (spec.clientLine === undefined) return utf8Bytes(header, spec.samples(def, ctx));
    let family = this.clientFamilies.get(key);
    if (!family) this.clientFamilies.set(key, (family = new ClientRangeFamily()));
    // The clients that get per-client series: the oldest `maxSeries` connections (a stable choice).
    return family.render(header, ctx.view.clients.connectedClients(), Math.max(0, ctx.maxSeries), spec.clientLine(def, ctx), slabs);
  }
}
