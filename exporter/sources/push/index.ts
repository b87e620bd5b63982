/**
 * The event socket: a WebSocket endpoint on the exporter's own HTTP server (`--events.path`, default
 * `/events`) where a server that can push sends the facts the log would otherwise carry.
 *
 * - Handshake: the token is required (`?token=` or `Authorization: Bearer`); missing → 401, wrong →
 *   403, both counted (`ufo_exporter_errors_total{source="push",kind="unauthorized"|"forbidden"}`).
 * - Messages: a text message is one JSON event or a JSON array of events, validated against
 *   events.schema.json. Valid events are applied; the reply is `{"type":"ack","accepted":n}`. A bad
 *   message gets `{"type":"error","kind","field","message","accepted"}` naming the first offending field
 *   (JSON pointer; in a batch prefixed with the index) and is counted (kind `bad_json`,
 *   `invalid_event`, `too_large`). The connection stays open.
 * - Size: a message over `maxMessageBytes` gets a `too_large` error reply and the connection stays
 *   open. The socket's hard frame limit is 4 × maxMessageBytes: past that `ws` stops reading and
 *   closes the connection with 1009 (Message Too Big), still counted as `too_large` — buffering an
 *   unbounded frame just to answer it would let one client exhaust memory.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { FleetEvent, SourceSink } from '../../events';
import type { Logger } from '../../logging';
import { scrubIds } from '../log/ids';
import { toFleetEvent } from './pushed-event';
import { checkToken, offeredTokens } from './token';
import { EventValidator, type FieldProblem } from './validate';

export interface EventSocketOptions {
  readonly path: string;
  readonly token: string;
  readonly maxMessageBytes: number;
  readonly logger: Logger;
}

export interface EventSocket {
  close(): Promise<void>;
}

/** Most events one batch message may carry. */
export const MAX_BATCH_EVENTS = 10_000;
const HARD_LIMIT_FACTOR = 4;

type Reply =
  | { readonly type: 'ack'; readonly accepted: number }
  | ({ readonly type: 'error'; readonly kind: string; readonly accepted: number } & Partial<FieldProblem> & { readonly message: string });

function checkOptions(opts: EventSocketOptions): void {
  if (!opts.path.startsWith('/')) throw new Error(`event socket path must start with "/", got ${JSON.stringify(opts.path)}`);
  if (opts.token.length === 0) throw new Error('event socket token must not be empty');
  if (!(Number.isInteger(opts.maxMessageBytes) && opts.maxMessageBytes > 0))
    throw new Error(`event socket maxMessageBytes must be a positive integer, got ${opts.maxMessageBytes}`);
}

function refuse(socket: Duplex, status: 401 | 403 | 404): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  const challenge = status === 401 ? 'WWW-Authenticate: Bearer realm="ufo-exporter events"\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${text}\r\n${challenge}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, part) => n + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function asText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

export function attachEventSocket(server: Server, opts: EventSocketOptions, sink: SourceSink): EventSocket {
  checkOptions(opts);
  const { path, token, maxMessageBytes, logger } = opts;
  const validator = new EventValidator();
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * HARD_LIMIT_FACTOR, perMessageDeflate: false });
  const report = (kind: string, message: string): void => sink.reportError({ source: 'push', kind, message });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (url.pathname !== path) {
      // Another upgrade handler may own this path; answer only if nobody else listens.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404);
      return;
    }
    const peer = req.socket.remoteAddress ?? 'unknown';
    const verdict = checkToken(offeredTokens(req, url), token);
    if (verdict !== 'ok') {
      const missing = verdict === 'missing';
      report(missing ? 'unauthorized' : 'forbidden', `event socket ${path}: ${missing ? 'no token offered' : 'wrong token'} by ${peer}`);
      refuse(socket, missing ? 401 : 403);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const peer = req.socket.remoteAddress ?? 'unknown';
    logger.info('event pusher connected', { peer, path });
    const send = (reply: Reply): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    };
    ws.on('message', (data: RawData) => send(handleMessage(data)));
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        report('too_large', `event socket ${path}: message over the hard limit of ${maxMessageBytes * HARD_LIMIT_FACTOR} bytes from ${peer}; connection closed (1009)`);
      else report('socket_error', `event socket ${path}: ${error.message} (${peer})`);
    });
    ws.on('close', (code: number) => logger.info('event pusher disconnected', { peer, path, code }));
  });

  /** One message → events applied, and the reply. Never throws. */
  const handleMessage = (data: RawData): Reply => {
    const size = byteLength(data);
    if (size > maxMessageBytes) {
      const message = `message is ${size} bytes; the limit is ${maxMessageBytes}`;
      report('too_large', `event socket ${path}: ${message}`);
      return { type: 'error', kind: 'too_large', accepted: 0, message };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(asText(data));
    } catch {
      // V8's parse error quotes the input; the reply and the log line do not.
      const message = 'message is not valid JSON';
      report('bad_json', `event socket ${path}: ${message}`);
      return { type: 'error', kind: 'bad_json', accepted: 0, message };
    }
    const batch = Array.isArray(parsed);
    const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    if (items.length > MAX_BATCH_EVENTS) {
      const message = `batch of ${items.length} events; at most ${MAX_BATCH_EVENTS} per message`;
      report('too_large', `event socket ${path}: ${message}`);
      return { type: 'error', kind: 'too_large', accepted: 0, field: '/', message };
    }
    const receivedAt = Date.now() / 1000;
    let accepted = 0;
    let firstProblem: FieldProblem | undefined;
    const valid: FleetEvent[] = [];
    items.forEach((item, index) => {
      const result = validator.check(item, batch ? `/${index}` : '');
      if (result.ok) {
        const event = scrubIds(toFleetEvent(result.event, receivedAt));
        if (event) valid.push(event);
        return;
      }
      firstProblem ??= result.problem;
      report('invalid_event', `event socket ${path}: field ${result.problem.field} ${result.problem.message}`);
    });
    for (const event of valid) {
      sink.emit(event);
      accepted++;
    }
    if (firstProblem === undefined) return { type: 'ack', accepted };
    return {
      type: 'error',
      kind: 'invalid_event',
      accepted,
      field: firstProblem.field,
      message: `${firstProblem.field} ${firstProblem.message}`,
    };
  };

  server.on('upgrade', onUpgrade);
  logger.info('event socket listening', { path, max_message_bytes: maxMessageBytes });

  return {
    close: async () => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
