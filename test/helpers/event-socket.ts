/** Shared by the event-socket tests: an HTTP server with the socket attached, and a reply-queue client. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll } from 'vitest';
import type { SourceSink } from '../../exporter/events';
import { silentLogger } from '../../exporter/logging';
import { attachEventSocket, type EventSocket, type EventSocketLimits, type TokenRefusal } from '../../exporter/sources/push';

export const TOKEN = 'push-token-s3cret';
export const MAX_BYTES = 4096;

export interface SocketRig {
  readonly server: Server;
  readonly socket: EventSocket;
  /** Every handshake the socket refused, as `<reason> <path>`, in order. */
  readonly refusals: readonly string[];
  /** Every bound the socket hit, in order. */
  readonly overflows: readonly string[];
  /** ws://127.0.0.1:<port> */
  readonly base: string;
  close(): Promise<void>;
}

/** The exporter's defaults (--events.max-connections, --events.max-rate, --events.max-buffered-bytes). */
export const DEFAULT_LIMITS: EventSocketLimits = { maxConnections: 64, maxMessagesPerSecond: 1000, maxBufferedBytes: 1_048_576 };

export async function startRig(sink: SourceSink, path = '/events', limits: EventSocketLimits = DEFAULT_LIMITS): Promise<SocketRig> {
  const server = createServer((_req, res) => res.writeHead(200).end('ok'));
  const refusals: string[] = [];
  const onRefused = (reason: TokenRefusal, refusedPath: string): void => void refusals.push(`${reason} ${refusedPath}`);
  const overflows: string[] = [];
  const socket = attachEventSocket(
    server,
    { path, token: TOKEN, maxMessageBytes: MAX_BYTES, logger: silentLogger, onRefused, limits, onOverflow: (bound) => void overflows.push(bound) },
    sink,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    socket,
    refusals,
    overflows,
    base: `ws://127.0.0.1:${port}`,
    close: async () => {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Pusher {
  readonly ws: WebSocket;
  /** Sends and waits (bounded) for the one reply. */
  request(payload: string | Buffer): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function connectPusher(url: string, headers: Record<string, string> = {}): Promise<Pusher> {
  const ws = new WebSocket(url, { headers });
  const replies: Record<string, unknown>[] = [];
  const waiters: ((reply: Record<string, unknown>) => void)[] = [];
  ws.on('message', (data) => {
    const reply = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(reply);
    else replies.push(reply);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    request(payload) {
      ws.send(payload);
      const queued = replies.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply within 3 s')), 3_000);
        waiters.push((reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

/** The HTTP status with which a handshake was refused (bounded wait). */
export async function handshakeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return (await handshake(url, headers)).status;
}

/** The status and the WWW-Authenticate challenge (if any) of a handshake, 101 when accepted (bounded wait). */
export function handshake(url: string, headers: Record<string, string> = {}): Promise<{ status: number; challenge?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const timer = setTimeout(() => reject(new Error('handshake neither refused nor accepted within 3 s')), 3_000);
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      const challenge = res.headers['www-authenticate'];
      resolve({ status: res.statusCode ?? 0, ...(challenge !== undefined && { challenge }) });
      ws.terminate();
    });
    ws.on('open', () => {
      clearTimeout(timer);
      ws.close();
      resolve({ status: 101 });
    });
    ws.on('error', () => undefined);
  });
}

/** A rig and one connected pusher for a describe block: started before its tests, closed after. */
export function useConnectedRig(sink: SourceSink): { readonly pusher: () => Pusher; readonly rig: () => SocketRig } {
  let rig: SocketRig | undefined;
  let pusher: Pusher | undefined;
  beforeAll(async () => {
    rig = await startRig(sink);
    pusher = await connectPusher(`${rig.base}/events?token=${TOKEN}`);
  });
  afterAll(async () => {
    await pusher?.close();
    await rig?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the rig is not started (use inside a test)');
    return value;
  };
  return { pusher: () => started(pusher), rig: () => started(rig) };
}
