/**
 * The JSON bodies of `/api/health` and `/api/clients` in both shapes of DESIGN.md. Bodies are
 * serialised once per fleet change (and, for the rich shape's uptimes, once per second), so a
 * 100,000-client list costs one stringify, not one per request.
 */
import type { ResponseShape } from './contract';
import type { Fleet } from './fleet';

type Endpoint = 'health' | 'clients';

export class ApiBodies {
  private cacheKey = '';
  private readonly cached = new Map<Endpoint, string>();

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
      text = JSON.stringify(this.build(endpoint, shape));
      this.cached.set(endpoint, text);
    }
    return text;
  }

  private build(endpoint: Endpoint, shape: ResponseShape): object {
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
    const clients = Array.from(this.fleet.connectedClients(), (c) => ({
      client_id: c.clientId,
      type: c.type,
      platform: c.platform,
      connected_at: Math.round(c.connectedAt * 1000) / 1000,
      uptime_seconds: Math.max(0, Math.round(now - c.connectedAt)),
    }));
    return { clients, total: clients.length };
  }
}
