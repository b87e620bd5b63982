/**
 * A small example pusher for the exporter's event socket: connects, sends a few events (one by one
 * and as a batch), prints each reply, and exits non-zero if any event was refused.
 *
 *   npx tsx scripts/push-example.ts --url ws://127.0.0.1:9877/events --token-file /run/secrets/events-token
 *   UFO_EVENTS_TOKEN=... npx tsx scripts/push-example.ts --url ws://127.0.0.1:9877/events
 *
 * The token goes in an `Authorization: Bearer` header, not the URL, so it stays out of access logs.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

export interface PushReply {
  readonly type: string;
  readonly accepted?: number;
  readonly kind?: string;
  readonly field?: string;
  readonly message?: string;
}

const REPLY_TIMEOUT_MS = 5_000;

/** The example's messages: a device connects, runs a session, serves requests, and leaves. */
export function exampleMessages(now = Date.now() / 1000): unknown[] {
  const sessionId = `example-${Math.floor(now)}`;
  return [
    { type: 'client_connected', client_id: 'example-device', client_type: 'device', platform: 'linux', timestamp: now },
    { type: 'session_started', session_id: sessionId, client_id: 'example-device', timestamp: now },
    [
      { type: 'http_request', method: 'GET', route: '/api/health', code: 200, duration_seconds: 0.004 },
      { type: 'http_request', method: 'POST', route: '/api/dispatch', code: 200, duration_seconds: 0.021 },
      { type: 'log_line', level: 'info' },
    ],
    { type: 'session_finished', session_id: sessionId, status: 'completed', duration_seconds: 1.5, timestamp: now + 1.5 },
    { type: 'client_disconnected', client_id: 'example-device', code: 1000, timestamp: now + 2 },
  ];
}

/** Sends each message and collects its reply (one reply per message, in order). */
export async function pushMessages(url: string, token: string, messages: readonly unknown[]): Promise<PushReply[]> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, handshakeTimeout: REPLY_TIMEOUT_MS });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${url}: handshake refused with HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  try {
    const replies: PushReply[] = [];
    for (const message of messages) {
      const reply = new Promise<PushReply>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${url}: no reply within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
        ws.once('message', (data) => {
          clearTimeout(timer);
          resolve(JSON.parse(String(data)) as PushReply);
        });
      });
      ws.send(JSON.stringify(message));
      replies.push(await reply);
    }
    return replies;
  } finally {
    ws.close();
  }
}

function readToken(tokenFile: string | undefined): string {
  const token = tokenFile ? readFileSync(tokenFile, 'utf8').trim() : process.env.UFO_EVENTS_TOKEN;
  if (!token) throw new Error('no token: pass --token-file <path> or set UFO_EVENTS_TOKEN');
  return token;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string', default: 'ws://127.0.0.1:9877/events' }, 'token-file': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write('usage: push-example.ts [--url ws://host:port/events] [--token-file path]   (or UFO_EVENTS_TOKEN)\n');
    return;
  }
  const replies = await pushMessages(values.url, readToken(values['token-file']), exampleMessages());
  for (const reply of replies) process.stdout.write(JSON.stringify(reply) + '\n');
  if (replies.some((r) => r.type !== 'ack')) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`push-example: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
