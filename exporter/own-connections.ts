/**
 * The exporter's own connections to the UFO server, so that the server's access log lines for the
 * exporter's API probes (`INFO:     127.0.0.1:56380 - "GET /api/clients HTTP/1.1" 200 OK`) are told
 * apart from other callers' requests: a line whose caller address and port is one of this process's
 * sockets to the server is the exporter's own probe.
 *
 * - Keep-alive: a socket is registered once, when it connects, and stays registered while it is open,
 *   however many probes reuse it.
 * - Reconnects: each new socket registers its own port; a closed socket's port is still recognised
 *   for `graceSeconds` after it closed, because the log line may be read after the socket is gone.
 * - IPv6: the caller is split at its last colon (`::1:56380`, `[::1]:56380`); IPv4-mapped addresses
 *   (`::ffff:127.0.0.1`) compare as their IPv4 form.
 * - Several exporters polling one server: each knows only its own sockets, so another exporter's
 *   probes are another caller's requests. The exporter must reach the server without address
 *   translation (the same host, pod or container network): behind NAT or a proxy the server logs
 *   another address and port and the probes count as requests (docs/metrics.md says so).
 */
import type { Socket } from 'node:net';
import { OldestFirstMap } from './state/oldest-first-map';

export interface OwnConnectionsOptions {
  /** Seconds a closed socket's port is still recognised. */
  readonly graceSeconds?: number;
  /** Ports remembered at most (oldest forgotten first). */
  readonly capacity?: number;
  /** Unix seconds; injectable for tests. */
  readonly now?: () => number;
}

/** The port at the end of `host:port` read from its digits (no substring), or NaN when it is not 1..65535. */
function portOf(text: string, colon: number): number {
  if (colon <= 0 || colon >= text.length - 1 || text.length - colon > 6) return NaN;
  let port = 0;
  for (let i = colon + 1; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    port = port * 10 + d;
  }
  return port > 0 && port <= 65535 ? port : NaN;
}

/** `host:port` as uvicorn writes the caller; undefined when it is not one. */
export function parseCaller(text: string): { address: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  const port = portOf(text, colon);
  if (Number.isNaN(port)) return undefined;
  return { address: normaliseAddress(text.slice(0, colon)), port };
}

function normaliseAddress(address: string): string {
  let a = address.toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  if (a.startsWith('::ffff:') && a.includes('.')) a = a.slice('::ffff:'.length);
  return a;
}

const key = (address: string, port: number): string => `${normaliseAddress(address)}|${port}`;

export class OwnConnections {
  /** `address|port` → Unix seconds until which it is recognised (Infinity while the socket is open). */
  private readonly until = new OldestFirstMap<string, number>();
  /** How many keys of `until` hold each port: most access lines are other callers', told apart by the port alone. */
  private readonly ports = new Map<number, number>();
  private readonly tracked = new WeakSet<Socket>();
  private readonly graceSeconds: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(opts: OwnConnectionsOptions = {}) {
    this.graceSeconds = opts.graceSeconds ?? 60;
    this.capacity = opts.capacity ?? 4096;
    this.now = opts.now ?? (() => Date.now() / 1000);
  }

  /** Registers a socket the exporter uses to call the server (each request's; reused ones are ignored). */
  track(socket: Socket): void {
    if (this.tracked.has(socket)) return;
    this.tracked.add(socket);
    const register = (): void => {
      const { localAddress, localPort } = socket;
      if (localAddress === undefined || localPort === undefined) return;
      const k = key(localAddress, localPort);
      this.set(k, Infinity, localPort);
      socket.once('close', () => this.set(k, this.now() + this.graceSeconds, localPort));
    };
    if (socket.localPort !== undefined) register();
    else socket.once('connect', register);
  }

  /** True when `caller` (`host:port` from an access line) is one of the exporter's own connections. */
  isOwnCaller(caller: string): boolean {
    if (this.until.size === 0) return false;
    // This runs for every access line: a port none of our sockets uses answers without any allocation.
    if (!this.ports.has(portOf(caller, caller.lastIndexOf(':')))) return false;
    const parsed = parseCaller(caller);
    if (!parsed) return false;
    const k = key(parsed.address, parsed.port);
    const until = this.until.get(k);
    if (until === undefined) return false;
    if (until >= this.now()) return true;
    this.forget(k, parsed.port);
    return false;
  }

  private set(k: string, until: number, port: number): void {
    if (!this.until.has(k)) this.ports.set(port, (this.ports.get(port) ?? 0) + 1);
    this.until.delete(k);
    this.until.set(k, until);
    while (this.until.size > this.capacity) {
      const oldest = this.until.oldestKey();
      if (oldest === undefined) break;
      this.forget(oldest, Number(oldest.slice(oldest.lastIndexOf('|') + 1)));
    }
  }

  private forget(k: string, port: number): void {
    if (!this.until.delete(k)) return;
    const count = (this.ports.get(port) ?? 1) - 1;
    if (count > 0) this.ports.set(port, count);
    else this.ports.delete(port);
  }
}
