import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestSimulator, type TestSimulator } from '../../helpers/simulator';

describe('simulator HTTP API', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ devices: 3, constellations: 1, seed: 7 });
  });
  afterAll(() => sim.stop());

  it('answers /api/health and /api/clients in the ids shape by default', async () => {
    const ids = sim.control.clients().map((c) => c.clientId);
    expect(ids).toHaveLength(4);
    expect(ids.filter((id) => id.includes('@'))).toHaveLength(1);
    expect(await (await sim.call('/api/health')).json()).toEqual({ status: 'healthy', online_clients: ids });
    expect(await (await sim.call('/api/clients')).json()).toEqual({ online_clients: ids });
  });

  it('switches to the rich shape at run time and back', async () => {
    sim.control.setShape('rich');
    try {
      const health = (await (await sim.call('/api/health')).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'healthy', connected_clients: 4, active_sessions: 0 });
      expect(typeof health.uptime_seconds).toBe('number');
      const body = (await (await sim.call('/api/clients')).json()) as { clients: Record<string, unknown>[]; total: number };
      expect(body.total).toBe(4);
      const constellation = body.clients.find((c) => String(c.client_id).includes('@'));
      expect(constellation).toMatchObject({ type: 'constellation' });
      for (const client of body.clients) {
        expect(Object.keys(client).sort()).toEqual(['client_id', 'connected_at', 'platform', 'type', 'uptime_seconds']);
        expect(Math.abs(Number(client.connected_at) - Date.now() / 1000)).toBeLessThan(60);
      }
    } finally {
      sim.control.setShape('ids');
    }
    expect(await (await sim.call('/api/clients')).json()).toHaveProperty('online_clients');
  });

  it('reflects connects and disconnects made through control at once', async () => {
    sim.control.connect('extra-1', { platform: 'linux' });
    expect(((await (await sim.call('/api/clients')).json()) as { online_clients: string[] }).online_clients).toContain('extra-1');
    sim.control.disconnect('extra-1', 1001);
    expect(((await (await sim.call('/api/clients')).json()) as { online_clients: string[] }).online_clients).not.toContain('extra-1');
    expect(() => sim.control.disconnect('extra-1')).toThrow(/extra-1 is not connected/);
  });

  it('answers a wrong key with 401 and a missing key with a FastAPI-style 422', async () => {
    const wrong = await sim.call('/api/health', { headers: { 'X-API-Key': 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ detail: 'Invalid API key' });
    const missing = await fetch(`${sim.url}/api/clients`);
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ detail: [{ type: 'missing', loc: ['header', 'X-API-Key'], msg: 'Field required', input: null }] });
  });

  it('dispatches to an online client (a session starts) and 404s an offline one', async () => {
    const [device] = sim.control.clients();
    const ok = await sim.call('/api/dispatch', { body: { client_id: device!.clientId, request: 'open notepad', task_name: 't1' } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { status: string; session_id: string; task_name: string };
    expect(body).toMatchObject({ status: 'dispatched', task_name: 't1', client_id: device!.clientId });
    expect(sim.control.sessions().map((s) => s.sessionId)).toContain(body.session_id);
    sim.control.finishSession(body.session_id, 'completed', 2);

    const offline = await sim.call('/api/dispatch', { body: { client_id: 'ghost', request: 'x' } });
    expect(offline.status).toBe(404);
    expect(await offline.json()).toEqual({ detail: 'Client not online' });
    const invalid = await sim.call('/api/dispatch', { body: { request: 'x' } });
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(await invalid.json())).toContain('client_id');
    const notJson = await sim.call('/api/dispatch', { body: '{"client_id":' });
    expect(notJson.status).toBe(422);
  });

  it('serves /api/task_result/{name} and counts every call in the ground truth', async () => {
    const before = sim.control.truth().taskResultCalls;
    expect((await sim.call('/api/task_result/t1')).status).toBe(200);
    expect((await sim.call('/api/task_result/unknown')).status).toBe(404);
    expect(sim.control.truth().taskResultCalls).toBe(before + 2);
  });

  it('records every request it answered as a uvicorn access line and in the ground truth', async () => {
    const truth = sim.control.truth().httpRequests;
    expect(truth['GET /api/health 401']).toBe(1);
    expect(truth['GET /api/clients 422']).toBe(1);
    expect(truth['GET /api/task_result/{name} 404']).toBe(1);
    const access = (await sim.logLines()).filter((l) => l.startsWith('INFO:     127.0.0.1:'));
    const total = Object.values(truth).reduce((a, b) => a + b, 0);
    expect(access).toHaveLength(total);
    expect(access).toContainEqual(expect.stringMatching(/^INFO: {5}127\.0\.0\.1:\d+ - "GET \/api\/task_result\/unknown HTTP\/1\.1" 404 Not Found$/));
    // The key travels in a header, so it never reaches an HTTP access line.
    expect(access.some((l) => l.includes(API_KEY))).toBe(false);
  });
});
