/**
 * `/ws?token=<key>`: a bad token fails the handshake with 403; the first frame must register
 * (`{"type":"register","client_id","client_type":"device"|"constellation","metadata":{"platform"},
 * "target_id"?}` — the UFO AIP shape; a top-level `platform` is accepted too). Registered clients
 * join the fleet and leave it when their socket closes.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { classifyClientId, DEFAULT_PLATFORM, type ClientSocket, type Fleet } from './fleet';
import type { ServerLog } from './server-log';
import type { ClientKind, TruthRecorder } from './truth';

/** How long a socket may stay open without registering (the real server waits forever; tests should not). */
const REGISTRATION_TIMEOUT_MS = 10_000;

export interface Registration {
  readonly clientId: string;
  readonly type: ClientKind;
  readonly platform: string;
  readonly targetId?: string;
}

/** Validates the first frame; the error names the problem as the real server's log would. */
export function parseRegistration(data: string): Registration {
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    throw new Error('First message must be a registration message (not JSON)');
  }
  if (typeof frame !== 'object' || frame === null) throw new Error('First message must be a registration message (not an object)');
  const f = frame as Record<string, unknown>;
  if (typeof f.type !== 'string' || f.type.toLowerCase() !== 'register') throw new Error('First message must be a registration message (type is not "register")');
  if (typeof f.client_id !== 'string' || f.client_id.length === 0) throw new Error('Client ID is required for WebSocket registration');
  const rawType = typeof f.client_type === 'string' ? f.client_type.toLowerCase() : undefined;
  if (rawType !== undefined && rawType !== 'device' && rawType !== 'constellation')
    throw new Error(`client_type must be "device" or "constellation", got ${JSON.stringify(f.client_type)}`);
  const metadata = typeof f.metadata === 'object' && f.metadata !== null ? (f.metadata as Record<string, unknown>) : {};
  const platform = [metadata.platform, f.platform].find((p): p is string => typeof p === 'string') ?? DEFAULT_PLATFORM;
  const targetId = typeof f.target_id === 'string' ? f.target_id : undefined;
  return { clientId: f.client_id, type: rawType ?? classifyClientId(f.client_id), platform, ...(targetId ? { targetId } : {}) };
}

function peerOf(req: IncomingMessage): [string, number] {
  return [(req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, ''), req.socket.remotePort ?? 0];
}

export interface WsEndpointDeps {
  readonly fleet: Fleet;
  readonly log: ServerLog;
  readonly truth: TruthRecorder;
  readonly apiKey: string;
}

/** Attaches the endpoint to an HTTP server; returns a function that ends every socket. */
export function attachWsEndpoint(server: Server, { fleet, log, truth, apiKey }: WsEndpointDeps): () => void {
  const wss = new WebSocketServer({ noServer: true });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://localhost');
    if (url.pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    if (url.searchParams.get('token') !== apiKey) {
      log.wsForbidden(peerOf(req), target);
      truth.wsHandshake('forbidden');
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      log.wsAccepted(peerOf(req), target);
      truth.wsHandshake('accepted');
      awaitRegistration(ws);
    });
  });

  function refuse(ws: WebSocket, detail: string): void {
    ws.send(JSON.stringify({ type: 'error', error: detail }));
    ws.close(1008, detail.slice(0, 120));
  }

  function awaitRegistration(ws: WebSocket): void {
    const timer = setTimeout(() => ws.terminate(), REGISTRATION_TIMEOUT_MS);
    let registeredId: string | undefined;
    let socketHandle: ClientSocket | undefined;
    ws.once('message', (data: RawData) => {
      clearTimeout(timer);
      let registration: Registration;
      try {
        registration = parseRegistration(data.toString());
      } catch (error) {
        const detail = (error as Error).message;
        log.registrationError(detail);
        refuse(ws, detail);
        return;
      }
      const { clientId, type, platform, targetId } = registration;
      const rejection = fleet.rejectionFor(clientId, type, targetId);
      if (rejection) {
        fleet.reject(clientId, { viaSocket: true });
        refuse(ws, rejection === 'duplicate_client_id' ? `Client ID '${clientId}' is already connected` : `Target device '${targetId}' is not connected`);
        return;
      }
      socketHandle = {
        send: (text) => ws.send(text),
        // 1006 cannot be sent in a close frame: it means the connection just dropped.
        close: (code) => (code === 1006 ? ws.terminate() : ws.close(code)),
      };
      fleet.connect(clientId, { type, platform, socket: socketHandle });
      registeredId = clientId;
      ws.send(JSON.stringify({ type: 'register_confirm', status: 'success', timestamp: new Date().toISOString() }));
      ws.on('message', (frame: RawData) => answerFrame(ws, frame.toString()));
    });
    ws.on('close', (code: number, reason: Buffer) => {
      clearTimeout(timer);
      // Still ours only if control has not already disconnected it (or a new client took the id).
      if (registeredId !== undefined && fleet.socketOf(registeredId) === socketHandle)
        fleet.disconnect(registeredId, code, { fromSocket: true, reason: reason.toString() });
      else if (registeredId === undefined) log.wsClosed();
    });
  }

  /** Heartbeats are answered (and logged only at DEBUG by the real server, so not here). */
  function answerFrame(ws: WebSocket, text: string): void {
    let frame: { type?: unknown };
    try {
      frame = JSON.parse(text) as { type?: unknown };
    } catch {
      return;
    }
    if (typeof frame.type === 'string' && frame.type.toLowerCase() === 'heartbeat')
      ws.send(JSON.stringify({ type: 'heartbeat_ack', timestamp: new Date().toISOString() }));
  }

  return () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}
