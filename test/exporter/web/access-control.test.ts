/**
 * Access control and TLS on the real exporter CLI (on the real simulator): every protected path
 * with no, malformed, wrong and right credentials (basic and bearer), the open health paths, the
 * failure counter, the TLS handshake with a certificate generated here, and a grep of everything the
 * exporter produced for the secrets.
 */

import https from 'node:https';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporterOnSimulator, TEST_API_KEY, type ExporterHarness } from '../../helpers/exporter-harness';
import { useTempDir } from '../../helpers/temp-dir';
import { freeLoopbackPort } from '../../../scripts/stack/ports';
import { generateSelfSignedCert, type TestCertificate } from '../../helpers/cert';
import { tryWebSocket } from './ws-handshake';

const USER = 'prometheus';
const PASSWORD = 'scrape-pass-7Qx';
const BEARER = 'bearer-token-Zk31p';
const EVENT_TOKEN = 'event-token-Pq82w';
/** Credentials written into URL-valued flags (--ufo.url, --alertmanager.url): user:password@host. */
const UFO_URL_PASSWORD = 'ufo-url-pass-Hn2r';
const AM_URL_PASSWORD = 'am-url-pass-Vb7t';
const HASH = bcrypt.hashSync(PASSWORD, 4);

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const CREDENTIALS = {
  none: undefined,
  malformed: 'Basic not-base64!',
  wrongBasic: basic(USER, 'nope'),
  unknownUser: basic('mallory', PASSWORD),
  wrongBearer: 'Bearer not-the-token',
  rightBasic: basic(USER, PASSWORD),
  rightBearer: `Bearer ${BEARER}`,
} as const;
const PROTECTED = ['/metrics', '/', '/status/app.js', '/status/app.css', '/status/favicon.svg', '/api/status', '/no-such-page'];
const OPEN = ['/-/healthy', '/-/ready'];

const tmp = useTempDir('ufo-tls-');
let cert: TestCertificate;
let h: ExporterHarness;
/** Every response body the exporter sent, for the leak grep. */
const bodies: string[] = [];

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(pathname: string, authorization?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      new URL(pathname, h.url),
      { ca: cert.certPem, headers: authorization ? { authorization } : {}, timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          bodies.push(body);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${pathname}: timeout`)));
    req.on('error', reject);
  });
}

function authFailures(metrics: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics.matchAll(/^ufo_exporter_auth_failures_total\{reason="(\w+)"\} (\d+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

beforeAll(async () => {
  cert = await generateSelfSignedCert(tmp.path);
  // The simulator's port is chosen first so --ufo.url can carry user:password (the harness's own
  // --ufo.url comes earlier on the command line; the later flag wins). Nothing listens on amPort:
  // the status page's Alertmanager read fails, and its error text is grepped for the password too.
  const [simPort, amPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  h = await startExporterOnSimulator({
    simulator: { devices: 2, constellations: 1, seed: 3, shape: 'rich', port: simPort },
    followLog: true,
    prepare: async (dir) => {
      await writeFile(path.join(dir, 'token'), BEARER + '\n');
      await writeFile(path.join(dir, 'events-token'), EVENT_TOKEN + '\n');
      await writeFile(
        path.join(dir, 'web.yml'),
        `tls_server_config:\n  cert_file: ${cert.certFile}\n  key_file: ${cert.keyFile}\n` +
          `basic_auth_users:\n  ${USER}: '${HASH}'\nbearer_token_file: token\n`,
      );
    },
    flags: (dir) => [
      `--web.config.file=${path.join(dir, 'web.yml')}`,
      `--events.token-file=${path.join(dir, 'events-token')}`,
      '--log.level=debug',
      // The access matrix sends dozens of wrong credentials from one address (test/hostile tests the limiter).
      '--web.max-failed-logins=100000',
      `--ufo.url=http://ufo-admin:${UFO_URL_PASSWORD}@127.0.0.1:${simPort}`,
      `--alertmanager.url=http://am-admin:${AM_URL_PASSWORD}@127.0.0.1:${amPort}`,
    ],
  });
});

afterAll(async () => {
  await h?.close();
});

describe('TLS', () => {
  it('serves HTTPS with the configured certificate', async () => {
    expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { port } = new URL(h.url);
    const socket = tls.connect({ host: '127.0.0.1', port: Number(port), ca: cert.certPem, servername: 'localhost' });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
      expect(socket.authorized).toBe(true);
      expect(socket.getPeerCertificate().subject.CN).toBe('localhost');
      expect(socket.getProtocol()).toMatch(/^TLSv1\.[23]$/);
    } finally {
      socket.destroy();
    }
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const { port } = new URL(h.url);
    const socket = tls.connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost' });
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    socket.destroy();
    expect(error.message).toMatch(/self[- ]signed/i);
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    const plain = h.url.replace('https://', 'http://');
    const outcome = await fetch(`${plain}/-/healthy`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => `HTTP ${r.status}`,
      (e: Error) => `error ${e.message}`,
    );
    expect(outcome).not.toBe('HTTP 200');
  });
});

describe('access control', () => {
  it('leaves the health endpoints open', async () => {
    for (const p of OPEN) expect((await get(p)).status, p).toBe(200);
  });

  it('refuses every protected path without a valid credential, with a challenge, and accepts valid ones', async () => {
    for (const p of PROTECTED) {
      for (const name of ['none', 'malformed', 'wrongBasic', 'unknownUser', 'wrongBearer'] as const) {
        const reply = await get(p, CREDENTIALS[name]);
        expect(reply.status, `${p} with ${name}`).toBe(401);
        expect(reply.headers['www-authenticate'], `${p} with ${name}`).toBe('Basic realm="ufo-exporter", charset="UTF-8", Bearer realm="ufo-exporter"');
        expect(reply.body).toBe('Unauthorized\n');
      }
      for (const name of ['rightBasic', 'rightBearer'] as const) {
        const reply = await get(p, CREDENTIALS[name]);
        expect(reply.status, `${p} with ${name}`).toBe(p === '/no-such-page' ? 404 : 200);
      }
    }
  });

  it('counts each refusal by reason', async () => {
    const metrics = (await get('/metrics', CREDENTIALS.rightBearer)).body;
    expect(authFailures(metrics)).toEqual({ missing: PROTECTED.length, malformed: PROTECTED.length, wrong: 3 * PROTECTED.length, throttled: 0 });
  });

  it('serves the status document to an authorised client', async () => {
    const reply = await get('/api/status', CREDENTIALS.rightBasic);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const doc = JSON.parse(reply.body) as { clients: { total: number } };
    expect(doc.clients.total).toBe(h.sim.control.clients().length);
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

/** Opens /events over TLS and pushes one event: 'open:<reply>' or 'refused:<status> <challenge>'. */
function openEvents(query: string, authorization?: string): Promise<string> {
  return tryWebSocket(`${h.url.replace('https://', 'wss://')}/events${query}`, {
    ca: cert.certPem,
    headers: authorization ? { authorization } : {},
    send: JSON.stringify({ type: 'client_connected', client_id: 'pushed-1' }),
  });
}

describe('the /events socket', () => {
  it('needs a web credential as well as its own token', async () => {
    const challenge = 'Basic realm="ufo-exporter", charset="UTF-8", Bearer realm="ufo-exporter"';
    expect(await openEvents(`?token=${EVENT_TOKEN}`)).toBe(`refused:401 ${challenge}`);
    expect(await openEvents(`?token=${EVENT_TOKEN}`, CREDENTIALS.wrongBasic)).toBe(`refused:401 ${challenge}`);
    // The event token alone, offered as a bearer token, is not a web credential.
    expect(await openEvents('', `Bearer ${EVENT_TOKEN}`)).toBe(`refused:401 ${challenge}`);
    const accepted = await openEvents(`?token=${EVENT_TOKEN}`, CREDENTIALS.rightBasic);
    expect(accepted).toBe('open:{"type":"ack","accepted":1}');
  });

  it('refuses a missing or wrong event token with 401 and counts it in ufo_exporter_auth_failures_total', async () => {
    const before = authFailures((await get('/metrics', CREDENTIALS.rightBearer)).body);
    const challenge = 'Bearer realm="ufo-exporter events"';
    expect(await openEvents('', CREDENTIALS.rightBasic)).toBe(`refused:401 ${challenge}`);
    expect(await openEvents('?token=not-the-event-token', CREDENTIALS.rightBasic)).toBe(`refused:401 ${challenge}`);
    const after = authFailures((await get('/metrics', CREDENTIALS.rightBearer)).body);
    expect(after).toEqual({ ...before, missing: before.missing! + 1, wrong: before.wrong! + 1 });
    const metrics = (await get('/metrics', CREDENTIALS.rightBearer)).body;
    expect(metrics).not.toMatch(/ufo_exporter_errors_total\{source="push",kind="(unauthorized|forbidden)"\}/);
  });
});

describe('secrets', () => {
  it('never appear in logs, metrics, the status JSON, the page or error bodies', async () => {
    // Make the upstream fail (its error text ends up in logs and the status JSON), then recover.
    h.sim.control.setFault({ kind: 'status', status: 401 });
    await get('/api/status', CREDENTIALS.rightBearer);
    h.sim.control.setFault({ kind: 'none' });
    await get('/api/status', CREDENTIALS.rightBearer);
    await get('/metrics', CREDENTIALS.rightBasic);
    await get('/', CREDENTIALS.rightBasic);
    await get('/status/app.js', CREDENTIALS.rightBasic);
    await get('/nope', CREDENTIALS.rightBasic);
    // The simulator's log carries the API key (uvicorn logs /ws?token=<key>), and the exporter reads it.
    expect(await readFile(path.join(h.dir, 'ufo-server.log'), 'utf8')).toContain(`token=${TEST_API_KEY}`);
    const everything = [...h.output, ...bodies].join('\n');
    const listening = h.output.find((line) => line.includes('exporter listening')) ?? '';
    expect(JSON.parse(listening)).toMatchObject({
      ufo_url: `http://ufo-admin:***@127.0.0.1:${new URL(h.sim.url).port}`,
      alertmanager_url: expect.stringMatching(/^http:\/\/am-admin:\*\*\*@127\.0\.0\.1:\d+$/),
    });
    expect(bodies.join('\n')).toMatch(/Alertmanager http:\/\/127\.0\.0\.1:\d+\/: ECONNREFUSED/);
    expect(bodies.length).toBeGreaterThan(7 * PROTECTED.length);
    for (const secret of [TEST_API_KEY, PASSWORD, BEARER, EVENT_TOKEN, HASH, CREDENTIALS.rightBasic.slice(6), UFO_URL_PASSWORD, AM_URL_PASSWORD]) {
      expect(everything.includes(secret), `a secret (${secret.slice(0, 3)}…) leaked`).toBe(false);
    }
  });
});

describe('a bad web config', () => {
  it('stops the exporter at start-up with a message naming the field, not the value', async () => {
    const attempt = startExporterOnSimulator({
      prepare: (dir) => writeFile(path.join(dir, 'web.yml'), `basic_auth_users:\n  bob: plain-text-password\n`),
      flags: (dir) => [`--web.config.file=${path.join(dir, 'web.yml')}`],
    });
    const error = await attempt.then(
      async (started) => {
        await started.close();
        return new Error('the exporter started');
      },
      (e: Error) => e,
    );
    expect(error.message).toMatch(/exporter exited with code [12]/);
    expect(error.message).toMatch(/web\.yml: basic_auth_users\.bob: must be a bcrypt hash/);
    expect(error.message).not.toContain('plain-text-password');
  });
});
