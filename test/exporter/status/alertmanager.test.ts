// The alerts section against a real Alertmanager (Debian's prometheus-alertmanager).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerReader } from '../../../exporter/status/alertmanager';
import type { ListeningBinary } from '../../../scripts/stack/listening-binary';
import { freeLoopbackPort } from '../../../scripts/stack/ports';
import { useTempDir } from '../../helpers/temp-dir';
import { startBlackholeAlertmanager } from './blackhole-alertmanager';

const tmp = useTempDir('ufo-status-am-');
let am: ListeningBinary;

async function postAlert(labels: Record<string, string>, summary: string): Promise<void> {
  const res = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ labels, annotations: { summary }, startsAt: new Date(Date.now() - 60_000).toISOString() }]),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  am = await startBlackholeAlertmanager(tmp.path);
});

afterAll(async () => {
  await am?.process.stop(5_000);
});

describe('AlertmanagerReader', () => {
  it('reads firing alerts, most severe first, and leaves silenced ones out', async () => {
    await postAlert({ alertname: 'UfoSessionsFailing', severity: 'warning' }, 'Sessions fail');
    await postAlert({ alertname: 'UfoServerDown', severity: 'critical' }, 'The UFO server is down');
    await postAlert({ alertname: 'UfoSilenced', severity: 'critical' }, 'silenced');
    const silence = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'UfoSilenced', isRegex: false }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'test',
        comment: 'test',
      }),
    });
    expect(silence.status).toBe(200);
    // A route prefix-less URL with a trailing slash and credentials must both work.
    const reader = new AlertmanagerReader({ url: `http://u:p@${am.address}/`, cacheMs: 0 });
    const section = await reader.read();
    expect(section).toMatchObject({ configured: true, error: null });
    if (!section.configured) throw new Error('unreachable');
    expect(section.firing.map((a) => [a.name, a.severity, a.summary])).toEqual([
      ['UfoServerDown', 'critical', 'The UFO server is down'],
      ['UfoSessionsFailing', 'warning', 'Sessions fail'],
    ]);
    expect(reader.displayUrl).toBe(`http://${am.address}/`);
  });

  it('reports an unreachable Alertmanager as an error in the section, keeping the time of the last answer', async () => {
    const port = await freeLoopbackPort(); // nothing listens there
    const reader = new AlertmanagerReader({ url: `http://admin:hunter2@127.0.0.1:${port}`, cacheMs: 0 });
    const section = await reader.read();
    expect(section).toMatchObject({ configured: true, fetchedAt: null, firing: [] });
    if (!section.configured) throw new Error('unreachable');
    expect(section.error).toMatch(new RegExp(`^Alertmanager http://127\\.0\\.0\\.1:${port}/: ECONNREFUSED`));
    expect(section.error).not.toContain('hunter2');
  });

  it('reports a wrong answer and a timeout', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/slow/')) return; // never answers
      res.setHeader('content-type', 'application/json');
      res.end(req.url?.startsWith('/shape/') ? '[{"labels":"x"}]' : 'not json');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const read = async (url: string) => {
        const s = await new AlertmanagerReader({ url, cacheMs: 0, timeoutMs: 300 }).read();
        return s.configured ? s.error : null;
      };
      expect(await read(`${base}/garbage`)).toMatch(/did not return JSON/);
      expect(await read(`${base}/shape`)).toMatch(/unexpected \/api\/v2\/alerts answer at \/0: must have required property 'startsAt'|at \/0\/labels/);
      expect(await read(`${base}/slow`)).toMatch(/no answer within 300 ms/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('caches answers so many pages cost one request', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let now = 0;
    const reader = new AlertmanagerReader({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cacheMs: 5000, now: () => now });
    try {
      await Promise.all([reader.read(), reader.read(), reader.read()]);
      await reader.read();
      expect(requests).toBe(1);
      now = 5001;
      await reader.read();
      expect(requests).toBe(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new AlertmanagerReader({ url: 'ftp://am' })).toThrow(/--alertmanager.url: must be http/);
    expect(() => new AlertmanagerReader({ url: 'not a url' })).toThrow(/--alertmanager.url: not a URL/);
  });
});
