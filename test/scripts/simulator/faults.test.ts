import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../../helpers/simulator';

describe('simulator fault switch', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ devices: 2 });
  });
  afterAll(() => sim.stop());

  const clients = (): Promise<Response> => sim.call('/api/clients');

  it('garbage: 200 with a body that is not JSON', async () => {
    sim.control.setFault({ kind: 'garbage' });
    const res = await clients();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('wrong_shape: 200 JSON that matches neither response shape', async () => {
    sim.control.setFault({ kind: 'wrong_shape' });
    for (const path of ['/api/clients', '/api/health']) {
      const body = (await (await sim.call(path)).json()) as Record<string, unknown>;
      expect(body).not.toHaveProperty('online_clients');
      expect(body).not.toHaveProperty('clients');
      expect(body).not.toHaveProperty('connected_clients');
    }
  });

  it('status N: every /api route answers N, before the key check', async () => {
    sim.control.setFault({ kind: 'status', status: 503 });
    expect((await clients()).status).toBe(503);
    expect((await sim.call('/api/health', { headers: { 'X-API-Key': 'wrong' } })).status).toBe(503);
    sim.control.setFault({ kind: 'status', status: 401 });
    expect((await clients()).status).toBe(401);
  });

  it('slow: answers correctly after the delay', async () => {
    sim.control.setFault({ kind: 'slow', delayMs: 300 });
    const started = performance.now();
    const res = await clients();
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('online_clients');
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it('unresponsive: accepts the connection and never answers; clearing the fault restores answers', async () => {
    sim.control.setFault({ kind: 'unresponsive' });
    await expect(fetch(`${sim.url}/api/clients`, { headers: { 'X-API-Key': sim.apiKey }, signal: AbortSignal.timeout(400) })).rejects.toThrow(/abort|timeout/i);
    sim.control.setFault({ kind: 'none' });
    expect((await clients()).status).toBe(200);
  });

  it('control routes keep working whatever the fault', async () => {
    sim.control.setFault({ kind: 'status', status: 500 });
    const res = await sim.call('/_sim/fault', { body: { kind: 'none' } });
    expect(res.status).toBe(200);
    expect(sim.control.fault()).toEqual({ kind: 'none' });
  });

  it('rejects a malformed fault with an error naming the field', () => {
    expect(() => sim.control.setFault({ kind: 'slow', delayMs: -1 })).toThrow(/fault\.delayMs/);
    expect(() => sim.control.setFault({ kind: 'status', status: 42 })).toThrow(/fault\.status/);
    expect(() => sim.control.setFault({ kind: 'bogus' } as never)).toThrow(/fault\.kind/);
  });
});

describe('simulator close()', () => {
  it('ends never-answered requests and pending delays instead of hanging', async () => {
    const sim = await startTestSimulator();
    try {
      sim.control.setFault({ kind: 'unresponsive' });
      const hanging = fetch(`${sim.url}/api/health`, { headers: { 'X-API-Key': sim.apiKey }, signal: AbortSignal.timeout(10_000) });
      const outcome = hanging.then(
        () => 'answered',
        (error: Error) => error.name,
      );
      await new Promise((r) => setTimeout(r, 100)); // the request reaches the server
      await sim.close();
      // The socket was destroyed: the client sees a network error, not its own 10 s timeout (which
      // is how a close() that left the request hanging would show, whatever the machine's load).
      expect(await outcome).toBe('TypeError');
    } finally {
      await sim.stop();
    }
  });
});
