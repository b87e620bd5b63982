/**
 * The event socket: a WebSocket endpoint on the exporter's own HTTP server (at `/events`, on when
 * `--events.token` or `--events.token-file` is set) where a server that can push sends the facts the
 * log would otherwise carry.
 *
 * - Handshake: the token is required (`?token=` or `Authorization: Bearer`); a missing or wrong one is
 *   refused with 401 and a Bearer challenge, and handed to `onRefused` — the exporter counts it in
 *   `ufo_exporter_auth_failures_total{reason="missing"|"wrong"}` like a refused web credential (not in
 *   ufo_exporter_errors_total: a refused caller is not a fault of the pushed data).
 * - Messages: a text message is one JSON event or a JSON array of events, validated against
 *   events.schema.json. Valid events are applied; the reply is `{"type":"ack","accepted":n}`. A bad
 *   message gets `{"type":"error","kind","field","message","accepted"}` naming the first offending field
 *   (JSON pointer; in a batch prefixed with the index) and is counted (kind `bad_json`,
 *   `invalid_event`, `too_large`). The connection stays open.
 * - Size: a message over `maxMessageBytes` gets a `too_large` error reply and the connection stays
 *   open. The socket's hard frame limit is 4 × maxMessageBytes: past that `ws` stops reading and
 *   closes the connection with 1009 (Message Too Big), still counted as `too_large` — buffering an
 *   unbounded frame just to answer it would let one client exhaust memory.
 * - Backpressure (docs/hardening.md): at most `maxConnections` open at once (a handshake past it gets
 *   503); each connection may send `maxMessagesPerSecond` messages (a burst of as many), a message past
 *   the rate is not applied and gets a `rate_limited` error reply; a connection that leaves more than
 *   `maxBufferedBytes` of replies unread is closed (1008) and its socket destroyed, so a client that
 *   never reads cannot pile replies up in memory. Each of these is counted in
 *   `ufo_exporter_bound_overflows_total{bound="push_connections"|"push_rate"|"push_buffered_bytes"}`.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ExporterBound } from '../../catalogue';
import type { SourceSink } from '../../events';
import type { Logger } from '../../logging';
import { TokenBucket } from '../../token-bucket';
import { createMessageHandler, type Reply } from './message-handler';
import { checkToken, offeredTokens, type TokenCheck } from './token';

/** Why a handshake was refused: the same reason values as the web access control's. */
export type TokenRefusal = Exclude<TokenCheck, 'ok'>;

export interface EventSocketOptions {
  readonly path: string;
  readonly token: string;
  readonly maxMessageBytes: number;
  readonly logger: Logger;
  /** Called once per handshake refused for a missing or wrong token (count it, log it). */
  readonly onRefused: (reason: TokenRefusal, path: string) => void;
  readonly limits: EventSocketLimits;
  /** Counts a connection, message or reply refused at one of the limits. */
  readonly onOverflow: (bound: ExporterBound) => void;
}

export interface EventSocketLimits {
  readonly maxConnections: number;
  readonly maxMessagesPerSecond: number;
  readonly maxBufferedBytes: number;
}

export { MAX_BATCH_EVENTS } from './message-handler';

export interface EventSocket {
  close(): Promise<void>;
}

const HARD_LIMIT_FACTOR = 4;

function checkOptions(opts: EventSocketOptions): void {
  if (!opts.path.startsWith('/')) throw new Error(`event socket path must start with "/", got ${JSON.stringify(opts.path)}`);
  if (opts.token.length === 0) throw new Error('event socket token must not be empty');
  if (!(Number.isInteger(opts.maxMessageBytes) && opts.maxMessageBytes > 0))
    throw new Error(`event socket maxMessageBytes must be a positive integer, got ${opts.maxMessageBytes}`);
}

function refuse(socket: Duplex, status: 401 | 404 | 503): void {
  const text = { 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' }[status];
  const challenge = status === 401 ? 'WWW-Authenticate: Bearer realm="ufo-exporter events"\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${text}\r\n${challenge}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachEventSocket(server: Server, opts: EventSocketOptions, sink: SourceSink): EventSocket {
  checkOptions(opts);
  const { path, token, maxMessageBytes, logger, onRefused, limits, onOverflow } = opts;
  const handleMessage = createMessageHandler({ path, maxMessageBytes, sink });
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * HARD_LIMIT_FACTOR, perMessageDeflate: false });
  const report = (kind: string, message: string): void => sink.reportError({ source: 'push', kind, message });

  let closed = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A wrapper (web access control) may still call this after close().
    if (closed) return refuse(socket, 503);
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (url.pathname !== path) {
      // Another upgrade handler may own this path; answer only if nobody else listens.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404);
      return;
    }
    const verdict = checkToken(offeredTokens(req, url), token);
    if (verdict !== 'ok') {
      onRefused(verdict, path);
      refuse(socket, 401);
      return;
    }
    if (wss.clients.size >= limits.maxConnections) {
      onOverflow('push_connections');
      refuse(socket, 503);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const peer = req.socket.remoteAddress ?? 'unknown';
    logger.info('event pusher connected', { peer, path });
    const rate = new TokenBucket(limits.maxMessagesPerSecond, limits.maxMessagesPerSecond);
    const send = (reply: Reply): void => {
      if (ws.readyState !== ws.OPEN) return;
      const text = JSON.stringify(reply);
      if (ws.bufferedAmount + text.length > limits.maxBufferedBytes) {
        // The client does not read its replies: stop buffering for it, free the socket now.
        onOverflow('push_buffered_bytes');
        report('slow_reader', `event socket ${path}: ${peer} left over ${limits.maxBufferedBytes} bytes of replies unread; connection closed (1008)`);
        ws.close(1008, 'replies not read');
        ws.terminate();
        return;
      }
      ws.send(text);
    };
    ws.on('message', (data: RawData) => {
      if (ws.readyState !== ws.OPEN) return;
      if (!rate.take()) {
        onOverflow('push_rate');
        send({ type: 'error', kind: 'rate_limited', accepted: 0, message: `over ${limits.maxMessagesPerSecond} messages per second; message not applied` });
        return;
      }
      send(handleMessage(data));
    });
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        report('too_large', `event socket ${path}: message over the hard limit of ${maxMessageBytes * HARD_LIMIT_FACTOR} bytes from ${peer}; connection closed (1009)`);
      else report('socket_error', `event socket ${path}: ${error.message} (${peer})`);
    });
    ws.on('close', (code: number) => logger.info('event pusher disconnected', { peer, path, code }));
  });

  server.on('upgrade', onUpgrade);
  logger.info('event socket listening', { path, max_message_bytes: maxMessageBytes });

  return {
    close: async () => {
      closed = true;
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
