import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitUntil } from '../../../scripts/stack/wait';
import { API_KEY, startTestSimulator, type TestSimulator } from '../../helpers/simulator';

/** Resolves with the next frame (parsed) or rejects after a bounded wait. */
function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no frame within 3 s')), 3000);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString()) as Record<string, unknown>);
    });
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket not closed within 3 s')), 3000);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('simulator WebSocket /ws', () => {
  let sim: TestSimulator;
  let wsUrl: string;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    sim = await startTestSimulator({ devices: 1, seed: 3 });
    wsUrl = `${sim.url.replace(/^http/, 'ws')}/ws?token=${API_KEY}`;
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await sim.stop();
  });

  async function register(frame: object): Promise<{ ws: WebSocket; reply: Record<string, unknown> }> {
    const ws = await open(wsUrl);
    sockets.push(ws);
    const reply = nextFrame(ws);
    ws.send(JSON.stringify(frame));
    return { ws, reply: await reply };
  }

  it('registers a real client, lists it, answers heartbeats, and drops it when the socket closes', async () => {
    const { ws, reply } = await register({ type: 'register', client_id: 'real-1', client_type: 'device', metadata: { platform: 'linux' } });
    expect(reply).toMatchObject({ type: 'register_confirm', status: 'success' });
    expect(sim.control.clients()).toContainEqual(expect.objectContaining({ clientId: 'real-1', type: 'device', platform: 'linux' }));
    expect(((await (await sim.call('/api/clients')).json()) as { online_clients: string[] }).online_clients).toContain('real-1');

    const ack = nextFrame(ws);
    ws.send(JSON.stringify({ type: 'heartbeat', client_id: 'real-1' }));
    expect(await ack).toMatchObject({ type: 'heartbeat_ack' });

    ws.close(1001, 'bye');
    await waitUntil('real-1 to leave', () => !sim.control.clients().some((c) => c.clientId === 'real-1'), 3_000);
    expect(sim.control.truth().disconnects.device['1001']).toBe(1);
    const lines = await sim.logLines();
    expect(lines).toContainEqual(expect.stringMatching(/ - INFO - \[WS\] 📱 Device client real-1 connected - Platform: linux$/));
    expect(lines).toContainEqual(expect.stringMatching(/ - INFO - \[WS\] real-1 disconnected - code=1001, reason=bye$/));
    // uvicorn leaks the token into the handshake line, as the real server does.
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^INFO: {5}\\('127\\.0\\.0\\.1', \\d+\\) - "WebSocket /ws\\?token=${API_KEY}" \\[accepted\\]$`)));
  });

  it('receives dispatched tasks on the registered socket', async () => {
    const { ws } = await register({ type: 'REGISTER', client_id: 'real-2', client_type: 'DEVICE' });
    const task = nextFrame(ws);
    expect((await sim.call('/api/dispatch', { body: { client_id: 'real-2', request: 'do it' } })).status).toBe(200);
    expect(await task).toMatchObject({ type: 'task', request: 'do it' });
  });

  it('fails the handshake with 403 on a bad or missing token', async () => {
    for (const url of [wsUrl.replace(API_KEY, 'wrong'), wsUrl.replace(`?token=${API_KEY}`, '')]) {
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => reject(new Error('handshake succeeded')));
        ws.once('error', () => undefined);
      });
      expect(status).toBe(403);
    }
    expect(sim.control.truth().wsHandshakes.forbidden).toBe(2);
    expect(await sim.logLines()).toContainEqual(expect.stringMatching(/^INFO: {5}\('127\.0\.0\.1', \d+\) - "WebSocket \/ws\?token=wrong" 403$/));
  });

  it('rejects a duplicate client_id as the real server does, keeping the first connection', async () => {
    const before = sim.control.truth();
    const { ws, reply } = await register({ type: 'register', client_id: 'real-2', client_type: 'device' });
    expect(reply).toMatchObject({ type: 'error' });
    expect(await closed(ws)).toBe(1008);
    expect(sim.control.truth().registrationsRejected.duplicate_client_id).toBe((before.registrationsRejected.duplicate_client_id ?? 0) + 1);
    expect(sim.control.truth().connects).toEqual(before.connects);
    expect(sim.control.clients().filter((c) => c.clientId === 'real-2')).toHaveLength(1);
    const lines = await sim.logLines();
    expect(lines).toContainEqual(expect.stringMatching(/ - WARNING - \[WS\] 🚨 duplicate client_id rejected: 'real-2' is already connected$/));
    expect(lines).toContainEqual(expect.stringMatching(/ - ERROR - \[WS\] Error with client None: Client ID 'real-2' is already connected$/));
    expect(lines.filter((l) => l.includes('Device client real-2 connected'))).toHaveLength(1);
  });

  it('refuses a first frame that is not a registration, and a constellation whose device is offline', async () => {
    const bad = await register({ type: 'heartbeat', client_id: 'x' });
    expect(bad.reply).toMatchObject({ type: 'error' });
    expect(String(bad.reply.error)).toMatch(/First message must be a registration message/);
    const constellation = await register({ type: 'register', client_id: 'job@nowhere', client_type: 'constellation', target_id: 'nowhere' });
    expect(String(constellation.reply.error)).toBe("Target device 'nowhere' is not connected");
    expect(sim.control.truth().registrationsRejected.constellation_registration_failed).toBe(1);
  });

  it('closes a real socket when control disconnects its client', async () => {
    const { ws } = await register({ type: 'register', client_id: 'real-3' });
    const code = closed(ws);
    sim.control.disconnect('real-3', 1001);
    expect(await code).toBe(1001);
    expect(sim.control.clients().some((c) => c.clientId === 'real-3')).toBe(false);
  });
});
