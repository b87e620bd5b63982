/**
 * One per-client family (a line per connected client) kept as its UTF-8 bytes, with each client's
 * line known only as a byte range of them: no string or object per client survives a render.
 *
 * At 100,000 clients the per-client lines cached as strings were 27 MB of strings plus 5.6 MB of
 * small objects, all marked by every full GC, on top of the family bytes built from them
 * (bench/NOTES.md, issue 15k). Here a family is its bytes, the clients in line order and one end
 * offset per line (a typed array). After a change the family is rebuilt by copying the unchanged
 * clients' ranges (runs of them in one copy) and formatting only the clients that are new, replaced
 * (records are immutable, so a changed client is a new object) or whose line `version` moved.
 * A large family is handed out as a packed chunk, which keeps only its compressed form once a gzip
 * scrape has compressed it (packed-chunk.ts): its text is inflated again for the next rebuild.
 */
import type { ConnectedClient } from '../state';
import { chunkBytesSync, LARGE_CHUNK_BYTES, PackedChunk, type MetricsChunk } from './packed-chunk';

/** How a per-client family renders one client. */
export interface ClientLineSource {
  /**
   * A number the client's line depends on besides its record (e.g. its connection count); the line
   * is formatted again when it moves. Absent: the line depends on the record only.
   */
  version?(client: ConnectedClient): number;
  /** The client's sample line, or '' when it has none (a sparse family). */
  line(client: ConnectedClient, version: number): string;
}

const NO_CLIENTS: readonly ConnectedClient[] = [];

export class ClientRangeFamily {
  private chunk: MetricsChunk = new Uint8Array(0);
  /** Bytes before the first line (HELP and TYPE). */
  private headerLength = 0;
  /** The clients with a line, in line order. */
  private clients: readonly ConnectedClient[] = NO_CLIENTS;
  /** ends[i]: where clients[i]'s line ends in `bytes`; it starts where the previous one ends (the first after the header). */
  private ends = new Uint32Array(0);
  /** versions[i]: the `version` clients[i]'s line was formatted for (only when the source has versions). */
  private versions: readonly number[] | undefined;

  /** Client lines formatted (not copied) since the family was created: lets tests see the reuse work. */
  formatted = 0;

  /** The family's bytes: `header`, then the line of each of the first `limit` `clients` (in their order) that has one. */
  render(header: string, clients: Iterable<ConnectedClient>, limit: number, source: ClientLineSource, slabs = new LineSlabs()): MetricsChunk {
    const old = { clients: this.clients, versions: this.versions };
    const picked: ConnectedClient[] = [];
    const versions: number[] | undefined = source.version ? [] : undefined;
    // Per picked client: ≥ 0 the old line index to copy, < 0 `~length` of a line formatted into `slabs`.
    const from: number[] = [];
    // Formatted lines are encoded at once, so no line string outlives its client's turn (at the first
    // render of 100,000 clients, strings kept to the end were promoted to the old generation: ~20 MB).
    slabs.reset();
    const find = oldLineFinder(old.clients);
    const headerLength = Buffer.byteLength(header, 'utf8');
    let total = headerLength;
    let seen = 0;
    for (const client of clients) {
      if (seen++ >= limit) break;
      const version = source.version ? source.version(client) : 0;
      const k = find(client);
      if (k >= 0 && (old.versions === undefined || old.versions[k] === version)) {
        from.push(k);
        total += this.lineLength(k);
      } else {
        const line = source.line(client, version);
        if (line === '') continue;
        const length = slabs.add(line);
        from.push(~length);
        total += length;
        this.formatted++;
      }
      picked.push(client);
      versions?.push(version);
    }
    const out = Buffer.allocUnsafe(total);
    out.write(header, 0, 'utf8');
    const ends = new Uint32Array(picked.length);
    let at = headerLength;
    let oldBytes: Uint8Array | undefined;
    for (let i = 0; i < from.length; ) {
      const f = from[i]!;
      if (f < 0) {
        // A run of consecutive formatted lines is one copy per slab (not one per line: each copy allocates a view).
        let runEnd = at;
        for (; i < from.length && from[i]! < 0; i++) ends[i] = runEnd += ~from[i]!;
        at = slabs.copyNext(runEnd - at, out, at);
        continue;
      }
      // A run of consecutive old lines is one copy.
      let last = f;
      const runStart = i;
      while (i + 1 < from.length && from[i + 1] === last + 1) (last++, i++);
      const start = this.lineStart(f);
      oldBytes ??= chunkBytesSync(this.chunk);
      out.set(oldBytes.subarray(start, this.ends[last]), at);
      for (let r = runStart, shift = at - start; r <= i; r++) ends[r] = this.ends[f + r - runStart]! + shift;
      at += this.ends[last]! - start;
      i++;
    }
    this.chunk = out.byteLength >= LARGE_CHUNK_BYTES ? new PackedChunk(out) : out;
    this.headerLength = headerLength;
    this.clients = picked;
    this.ends = ends;
    this.versions = versions;
    return this.chunk;
  }

  private lineStart(i: number): number {
    return i === 0 ? this.headerLength : this.ends[i - 1]!;
  }

  private lineLength(i: number): number {
    return this.ends[i]! - this.lineStart(i);
  }
}

const SLAB_BYTES = 256 * 1024;

/**
 * Lines encoded one after another into slabs (a line never spans two), read back in the same order.
 * One instance may serve several families in turn (`reset`): the renderer passes one through a whole
 * render, so the families rebuilt after a change (or at the first render) reuse the same slabs.
 */
export class LineSlabs {
  private readonly slabs: Buffer[] = [];
  /** Bytes used in each slab in use (the slabs past these are spare). */
  private readonly used: number[] = [];
  private readSlab = 0;
  private readAt = 0;

  /** Empties the slabs for the next family, keeping them. */
  reset(): void {
    this.used.length = 0;
    this.readSlab = 0;
    this.readAt = 0;
  }

  /** Encodes the line; answers its length in bytes. */
  add(line: string): number {
    let last = this.used.length - 1;
    let slab = this.slabs[last];
    let at = this.used[last] ?? 0;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only a line near the end of the slab is measured.
    if (!slab || (line.length * 3 > slab.length - at && Buffer.byteLength(line, 'utf8') > slab.length - at)) {
      const need = Buffer.byteLength(line, 'utf8');
      slab = this.slabs[++last];
      if (!slab || slab.length < need) this.slabs[last] = slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, need));
      this.used.push((at = 0));
    }
    const length = slab.write(line, at, 'utf8');
    this.used[last] = at + length;
    return length;
  }

  /** Copies the next lines (`length` bytes of them, in one or more slabs) to `out` at `at`; answers where they end there. */
  copyNext(length: number, out: Buffer, at: number): number {
    while (length > 0) {
      if (this.readAt === this.used[this.readSlab]) {
        this.readSlab++;
        this.readAt = 0;
      }
      const n = Math.min(length, this.used[this.readSlab]! - this.readAt);
      out.set(this.slabs[this.readSlab]!.subarray(this.readAt, (this.readAt += n)), at);
      at += n;
      length -= n;
    }
    return at;
  }
}

/**
 * A lookup of a client's index among the old lines, for clients asked in (mostly) the old order:
 * the connected set keeps its order (new connections last, a replaced record in its place), so the
 * next old line or the one after it is almost always the answer. Otherwise a map of the old lines is
 * built once (only while rebuilding after a change, then dropped).
 */
function oldLineFinder(old: readonly ConnectedClient[]): (client: ConnectedClient) => number {
  let next = 0;
  let index: Map<ConnectedClient, number> | undefined;
  return (client) => {
    if (next < old.length && old[next] === client) return next++;
    if (next + 1 < old.length && old[next + 1] === client) return (next += 2) - 1;
    // Every old line so far came in order: a client past the end of them is a new one.
    if (!index && next >= old.length) return -1;
    if (!index) {
      index = new Map();
      for (let i = 0; i < old.length; i++) index.set(old[i]!, i);
    }
    const k = index.get(client);
    if (k === undefined) return -1;
    next = k + 1;
    return k;
  };
}
