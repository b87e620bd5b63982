// Web access control in front of WebSocket upgrades (the /events socket), with a real ws server.
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { silentLogger } from '../../../exporter/logging';
import { guardUpgrades, setUpAccessControl } from '../../../exporter/web/access-guard';
import { useTempDir } from '../../helpers/temp-dir';
import { tryWebSocket } from './ws-handshake';

const TOKEN = 'web-token-upgrade-1';
const tmp = useTempDir('ufo-upgrade-');
let server: http.Server;
let url: string;
const refusals: string[] = [];
let upgradesSeen = 0;

beforeAll(async () => {
  const dir = tmp.path;
  await writeFile(path.join(dir, 'token'), TOKEN);
  await writeFile(path.join(dir, 'web.yml'), 'bearer_token_file: token\n');
  const access = await setUpAccessControl({ webConfigFile: path.join(dir, 'web.yml'), recordFailure: (r) => refusals.push(r), logger: silentLogger });
  server = http.createServer((_req, res) => res.end('plain'));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    upgradesSeen++;
    wss.handleUpgrade(req, socket, head, (ws) => ws.send('hello'));
  });
  guardUpgrades(server, access.authorizeUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const attempt = (headers: Record<string, string>) => tryWebSocket(url, { headers });

describe('guardUpgrades', () => {
  it('refuses an upgrade without a web credential before the socket handler sees it', async () => {
    expect(await attempt({})).toBe('refused:401 Bearer realm="ufo-exporter"');
    expect(await attempt({ authorization: 'Bearer wrong' })).toBe('refused:401 Bearer realm="ufo-exporter"');
    expect(upgradesSeen).toBe(0);
    expect(refusals).toEqual(['missing', 'wrong']);
  });

  it('hands an authorised upgrade to the socket handler', async () => {
    expect(await attempt({ authorization: `Bearer ${TOKEN}` })).toBe('open:hello');
    expect(upgradesSeen).toBe(1);
  });
});
