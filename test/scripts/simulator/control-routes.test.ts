import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../../helpers/simulator';

describe('simulator /_sim control routes', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ devices: 2, constellations: 1, seed: 11 });
  });
  afterAll(() => sim.stop());

  const post = async (path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await sim.call(`/_sim${path}`, { method: 'POST', ...(body === undefined ? {} : { body }) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const onlineIds = async (): Promise<string[]> => ((await (await sim.call('/api/clients')).json()) as { online_clients: string[] }).online_clients;

  it('require the API key', async () => {
    expect((await sim.call('/_sim/state', { headers: { 'X-API-Key': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${sim.url}/_sim/state`)).status).toBe(422);
  });

  it('connect, disconnect, reject, sessions and shape mirror control', async () => {
    expect(await post('/connect', { client_id: 'remote-1', platform: 'linux' })).toEqual({ status: 200, json: { ok: true } });
    expect(await onlineIds()).toContain('remote-1');
    const started = await post('/sessions', { client_id: 'remote-1' });
    const sessionId = String(started.json.session_id);
    expect(sim.control.sessions().map((s) => s.sessionId)).toContain(sessionId);
    expect((await post(`/sessions/${sessionId}/finish`, { status: 'failed', execution_seconds: 3.5 })).status).toBe(200);
    expect(sim.control.truth().sessionsFinished.failed.none).toBe(1);
    expect((await post('/disconnect', { client_id: 'remote-1', code: 1006 })).status).toBe(200);
    expect(sim.control.truth().disconnects.device['1006']).toBe(1);
    expect((await post('/reject', { client_id: 'remote-2' })).status).toBe(200);
    expect(sim.control.truth().registrationsRejected.duplicate_client_id).toBe(1);
    expect(await post('/shape', { shape: 'rich' })).toEqual({ status: 200, json: { shape: 'rich' } });
    expect(await (await sim.call('/api/clients')).json()).toHaveProperty('total');
    await post('/shape', { shape: 'ids' });
  });

  it('failure-storm fails that many sessions at once on the connected devices, and refuses a bad count', async () => {
    const before = sim.control.truth();
    expect(await post('/failure-storm', { count: 5 })).toEqual({ status: 200, json: { ok: true } });
    const after = sim.control.truth();
    expect(after.sessionsStarted - before.sessionsStarted).toBe(5);
    expect((after.sessionsFinished.failed.none ?? 0) - (before.sessionsFinished.failed.none ?? 0)).toBe(5);
    const bad = await post('/failure-storm', { count: 0 });
    expect(bad.status).toBe(400);
    expect(String(bad.json.detail)).toMatch(/count: expected an integer 1-10000, got 0/);
  });

  it('drop-devices keeps constellations; restore-devices brings the devices back', async () => {
    const before = await onlineIds();
    await post('/drop-devices');
    expect(await onlineIds()).toEqual(before.filter((id) => id.includes('@')));
    await post('/restore-devices');
    expect((await onlineIds()).sort()).toEqual(before.sort());
  });

  it('add-devices, advance, http-request and the state/truth reads', async () => {
    await post('/add-devices', { count: 25, platform: 'linux' });
    expect((await onlineIds()).filter((id) => id.startsWith('bulk-'))).toHaveLength(25);
    const ticksBefore = sim.control.truth();
    await post('/advance', { ticks: 50 });
    expect(sim.control.truth()).not.toEqual(ticksBefore);
    await post('/http-request', { method: 'get', path: '/api/task_result/abc?x=1', status: 200 });
    expect(sim.control.truth().httpRequests['GET /api/task_result/{name} 200']).toBeGreaterThanOrEqual(1);
    const state = (await (await sim.call('/_sim/state')).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ shape: 'ids', fault: { kind: 'none' } });
    expect(state.clients).toEqual(JSON.parse(JSON.stringify(sim.control.clients())));
    expect(await (await sim.call('/_sim/truth')).json()).toEqual(sim.control.truth());
  });

  it('answer bad input with a 4xx naming the problem', async () => {
    expect(await post('/connect', {})).toMatchObject({ status: 400, json: { detail: expect.stringContaining('body.client_id') } });
    expect(await post('/disconnect', { client_id: 'nobody' })).toMatchObject({ status: 404, json: { detail: expect.stringContaining('nobody is not connected') } });
    expect(await post('/disconnect', { client_id: sim.control.clients()[0]!.clientId, code: 12 })).toMatchObject({ status: 400, json: { detail: expect.stringContaining('close code') } });
    const [existing] = sim.control.clients();
    expect(await post('/connect', { client_id: existing!.clientId })).toMatchObject({ status: 409 });
    expect(await post('/fault', { kind: 'slow' })).toMatchObject({ status: 400, json: { detail: expect.stringContaining('fault.delayMs') } });
    expect(await post('/shape', { shape: 'fancy' })).toMatchObject({ status: 400, json: { detail: expect.stringContaining('shape') } });
    expect(await post('/sessions/nope/finish', { status: 'completed' })).toMatchObject({ status: 404 });
    expect(await post('/add-devices', { count: -1 })).toMatchObject({ status: 400 });
    expect(await post('/connect', '[1,2]')).toMatchObject({ status: 400, json: { detail: 'request body must be a JSON object' } });
    expect((await sim.call('/_sim/nothing-here')).status).toBe(404);
  });
});
