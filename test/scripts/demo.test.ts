/**
 * `npm run demo` as a first-time user meets it: it names the status page, prints the simulator's key
 * and fault commands that work when pasted, refuses a taken port in one line naming the flag, and
 * leaves no temporary folder behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startProcess } from '../../scripts/stack/process';
import { waitFor } from '../../scripts/stack/wait';
import { useTempDir } from '../helpers/temp-dir';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// tsx's loader in the demo's own process: through tsx's CLI a second process relays the signal, and
// under load that relay may answer Ctrl-C with its own exit 130 before the demo's handler finishes.
const DEMO = ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'demo.ts')];

describe('npm run demo', () => {
  const tmp = useTempDir('ufo-demo-test-');
  let blocker: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())));

  /** The demo's folders in a TMPDIR (tsx keeps its own cache there too). */
  const demoFolders = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('ufo-demo-'));

  /** A TMPDIR of its own for one run, so what the demo leaves behind can be listed. */
  function ownTmp(name: string): string {
    const dir = join(tmp.path, name);
    mkdirSync(dir);
    return dir;
  }

  it('refuses a taken port in one line naming --port, exits 2 and leaves no temporary folder', async () => {
    blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker!.listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port)));
    const tmpdir = ownTmp('taken');
    const result = spawnSync(process.execPath, [...DEMO, `--port=${port}`], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmpdir }, timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`demo: port ${port} on 127.0.0.1 is taken; choose another with --port=N (--port=0 picks a free one)`]);
    expect(demoFolders(tmpdir)).toEqual([]);
  }, 90_000);

  it('prints the status page URL, the key and fault commands that work; Ctrl-C removes its folder', async () => {
    const tmpdir = ownTmp('run');
    const demo = startProcess({ name: 'demo', command: process.execPath, args: [...DEMO, '--port=0', '--tick-ms=0'], env: { ...process.env, TMPDIR: tmpdir } });
    try {
      const banner = await waitFor(async () => (demo.logs().includes('Ctrl-C stops both.') ? demo.logs() : undefined), {
        what: "the demo's banner",
        timeoutMs: 60_000,
        giveUpIf: () => demo.exitStatus(),
      });
      const statusPage = /status page +(http:\/\/127\.0\.0\.1:\d+\/) +<- open this in a browser/.exec(banner)?.[1];
      expect(statusPage).toBeDefined();
      expect(await (await fetch(statusPage!)).text()).toMatch(/<html/i);
      expect(banner).toMatch(/its API key +[0-9a-f]{24}/);
      const commands = banner.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('curl '));
      expect(commands).toHaveLength(3);
      expect(demoFolders(tmpdir)).toHaveLength(1); // the demo's folder, with the simulated log
      // Paste each command: the simulator accepts it (curl is not needed to prove that; its arguments are).
      for (const command of commands) {
        const [, key, body, url] = /-H 'X-API-Key: (\w+)' -H 'content-type: application\/json' -d '([^']+)' (\S+)$/.exec(command) ?? [];
        const res = await fetch(url!, { method: 'POST', headers: { 'X-API-Key': key!, 'content-type': 'application/json' }, body: body! });
        expect(res.status, command).toBe(200);
      }
      await demo.stop(10_000, 'SIGINT');
      expect(demo.exitCode()).toBe(0);
      expect(demoFolders(tmpdir)).toEqual([]);
    } finally {
      await demo.stop(0, 'SIGKILL');
    }
  }, 120_000);
});
