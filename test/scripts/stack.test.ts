/**
 * `npm run stack` as a user runs it: the command starts every component, prints their URLs, serves
 * them, and Ctrl-C (SIGINT) stops every process it started and removes its temporary folder, exiting 0.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/build/run';
import { startProcess, type ManagedProcess } from '../../scripts/stack/process';
import { httpGet, waitUntil } from '../../scripts/stack/wait';
import { useTempDir } from '../helpers/temp-dir';

const COMPONENTS = ['simulator', 'exporter', 'prometheus', 'alertmanager'];

/** Pids of every live descendant of `pid` (children of children included). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) if (ppid === parent) (found.push(child), queue.push(child));
  }
  return found;
}

/** Running, not merely a zombie waiting to be reaped (PID 1 in a container may never reap it). */
function isAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('npm run stack', () => {
  const tmp = useTempDir('ufo-stack-command-');
  let stack: ManagedProcess | undefined;
  let children: number[] = [];
  afterAll(async () => {
    // Even when the test failed: SIGINT lets the command stop its components; then nothing may survive.
    await stack?.stop(20_000, 'SIGINT');
    for (const pid of children.filter(isAlive)) process.kill(pid, 'SIGKILL');
  });

  it('prints every URL, serves them, and stops everything on SIGINT', async () => {
    stack = startProcess({
      name: 'npm run stack',
      command: process.execPath,
      // tsx's loader in-process: through tsx's CLI a relay process may answer SIGINT with its own 130 under load.
      args: ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'stack.ts'), '--tick-ms', '0'],
      cwd: REPO_ROOT,
      // A TMPDIR of its own, to see that the stack's temporary folder goes when it stops.
      env: { ...process.env, TMPDIR: tmp.path },
    });
    const proc = stack;
    await waitUntil('"Ctrl-C stops everything" in the output', () => proc.logs().includes('Ctrl-C stops everything') || proc.exitStatus() !== undefined, 60_000);
    expect(proc.exitStatus(), proc.logs()).toBeUndefined();

    const urls = new Map<string, string>();
    for (const m of proc.logs().matchAll(/^ {2}(\S.*?) {2,}((?:http|smtp):\/\/127\.0\.0\.1:\d+\S*)$/gm)) urls.set(m[1]!.toLowerCase(), m[2]!);
    for (const name of COMPONENTS) expect([...urls.keys()].some((k) => k.includes(name)), `${name} URL in:\n${proc.logs()}`).toBe(true);
    // Every printed HTTP URL answers (the stand-ins' webhook paths answer GET with 404/405, still < 500).
    for (const [name, url] of urls)
      if (url.startsWith('http')) expect((await httpGet(url)).status, `${name} ${url}`).toBeLessThan(500);
    const exporter = [...urls].find(([k]) => k.startsWith('exporter'))![1];
    expect((await httpGet(`${new URL(exporter).origin}/-/ready`)).status).toBe(200);
    // The status page's alerts panel is on: the stack passes --alertmanager.url.
    const status = JSON.parse((await httpGet(`${new URL(exporter).origin}/api/status`, 10_000)).body) as { alerts: { configured: boolean }; links: { alertmanager: string | null } };
    expect(status.alerts.configured).toBe(true);
    expect(status.links.alertmanager).toBe(urls.get([...urls.keys()].find((k) => k === 'alertmanager')!));

    children = descendants(proc.pid);
    expect(children.length).toBeGreaterThanOrEqual(COMPONENTS.length - 2); // simulator and stand-ins may run in-process
    await proc.stop(20_000, 'SIGINT');
    expect(proc.exitCode(), proc.logs()).toBe(0);
    expect(proc.logs()).toContain('stopped.');
    // Helpers such as tsx's esbuild service exit when their parent's pipe closes: give them a moment.
    await waitUntil('every process the stack started to exit', () => !children.some(isAlive), 5_000).catch(() => undefined);
    expect(children.filter(isAlive), 'processes left behind').toEqual([]);
    expect(readdirSync(tmp.path).filter((name) => name.startsWith('ufo-stack-')), 'temporary folders left behind').toEqual([]);
  }, 90_000);
});
