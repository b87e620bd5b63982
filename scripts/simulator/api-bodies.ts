/**
 * The JSON bodies of `/api/health` and `/api/clients` in both shapes of docs/ufo-server.md. Bodies are
 * serialised once per fleet change (and, for the rich shape's uptimes, once per second), so a
 * 100,000-client list costs one stringify, not one per request.
 */
import type { ResponseShape } from './contract';
import type { Fleet } from './fleet';

type Endpoint = 'health' | 'clients';

export class ApiBodies {
  private cacheKey = '';
  private readonly cached = new Map<Endpoint, string>();
  /** Per-client JSON up to the uptime, rebuilt only when the fleet changes. */
  private richPrefixes: { version: number; prefixes: string[]; connectedAt: number[] } | undefined;

  constructor(
    private readonly fleet: Fleet,
    /** When the server started (Unix seconds), for the rich health body's uptime. */
    private readonly startedAt: number,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  body(endpoint: Endpoint, shape: ResponseShape): string {
    const second = Math.floor(this.nowSeconds());
    // Active sessions appear in the rich health body, so it also depends on the session count.
    const key = `${shape}:${this.fleet.version}:${shape === 'rich' ? `${second}:${this.fleet.activeSessionCount}` : ''}`;
    if (key !== this.cacheKey) {
      this.cached.clear();
      this.cacheKey = key;
    }
    let text = this.cached.get(endpoint);
    if (text === undefined) {
      const built = this.build(endpoint, shape);
      text = typeof built === 'string' ? built : JSON.stringify(built);
      this.cached.set(endpoint, text);
    }
    return text;
  }

  /** A body object, or for the rich client list its ready JSON text. */
  private build(endpoint: Endpoint, shape: ResponseShape): object | string {
    if (shape === 'ids') {
      const ids = Array.from(this.fleet.connectedClients(), (c) => c.clientId);
      return endpoint === 'health' ? { status: 'healthy', online_clients: ids } : { online_clients: ids };
    }
    const now = this.nowSeconds();
    if (endpoint === 'health')
      return {
        status: 'healthy',
        uptime_seconds: Math.round(now - this.startedAt),
        connected_clients: this.fleet.clientCount,
        active_sessions: this.fleet.activeSessionCount,
      };
    return this.richClientsText(now);
  }

  /**
   * The rich `/api/clients` body: only `uptime_seconds` changes every second, so the rest of each
   * entry is serialised once per fleet change and the uptimes are spliced in.
   */
  private richClientsText(now: number): string {
    if (this.richPrefixes?.version !== this.fleet.version) {
      const prefixes: string[] = [];
      const connectedAt: number[] = [];
      for (const c of this.fleet.connectedClients()) {
        const entry = { client_id: c.clientId, type: c.type, platform: c.platform, connected_at: Math.round(c.connectedAt * 1000) / 1000 };
        prefixes.push(`${JSON.stringify(entry).slice(0, -1)},"uptime_seconds":`);
        connectedAt.push(c.connectedAt);
      }
      this.richPrefixes = { version: this.fleet.version, prefixes, connectedAt };
    }
    const { prefixes, connectedAt } = this.richPrefixes;
    const entries = prefixes.map((prefix, i) => `${prefix}${Math.max(0, Math.round(now - connectedAt[i]!))}}`);
    return `{"clients":[${entries.join(',')}],"total":${entries.length}}`;
  }
}
