/**
 * The two exporters the bench compares, as processes on loopback: ours (the compiled exporter, run as
 * users run it: `MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 --no-sparkplug --max-inlined-bytecode-size-cumulative=230 --no-short-builtin-calls bin/ufo-exporter.js`, EXPORTER_NODE_ENV and EXPORTER_NODE_FLAGS) and the Go peer (../shared/bench/go-peer, built with Debian's go into a
 * temporary folder), both reading one simulator process with the rich response shape.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type ManagedProcess } from '../../scripts/stack/process';
import { waitFor } from '../../scripts/stack/wait';
import { EXPORTER_NODE_ENV, EXPORTER_NODE_FLAGS, exporterNodeArgs } from '../../scripts/stack/spawn-exporter';

export const API_KEY = 'bench-key';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Go peer's sources; UFO_GO_PEER_DIR overrides. */
const PEER_DIR = process.env.UFO_GO_PEER_DIR ?? join(ROOT, '..', 'shared', 'bench', 'go-peer');

export interface Running {
  readonly name: string;
  readonly process: ManagedProcess;
  readonly url: string;
  stop(): Promise<void>;
}

export interface Contender {
  readonly name: string;
  /** Starts it reading `upstream`; resolves once the process runs (not necessarily listening yet). */
  start(upstream: string): Promise<Running>;
}

/** A free loopback port (the OS picks it; a tiny race with other processes is accepted in a bench). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('bench: no free port');
  return address.port;
}

function running(name: string, proc: ManagedProcess, port: number): Running {
  return { name, process: proc, url: `http://127.0.0.1:${port}`, stop: () => proc.stop(5_000) };
}

/** Our compiled exporter; `extraEnv` is added to the bench's environment (e.g. the machine's NODE_EXTRA_CA_CERTS). */
export function oursWith(name: string, extraEnv: Readonly<Record<string, string>> = {}): Contender {
  return {
    name,
    async start(upstream) {
      const port = await freePort();
      const proc = startProcess({
        name: 'exporter',
        command: process.execPath,
        args: exporterNodeArgs([`--web.listen-address=127.0.0.1:${port}`, `--ufo.url=${upstream}`, '--ufo.timeout=60s', '--clients.max-series=1000000', '--log.level=warn']),
        env: { ...process.env, ...EXPORTER_NODE_ENV, ...extraEnv, UFO_EXPORTER_UFO_API_KEY: API_KEY },
      });
      return running(name, proc, port);
    },
  };
}

export const ours: Contender = oursWith('ours');

/**
 * Node's floor: a bare `node:http` server answering `ufo_up 1` (bench/peer/node-floor.cjs), started with
 * our node flags and environment. No exporter on Node starts faster or idles smaller than this.
 */
export const nodeFloor: Contender = {
  name: 'bare node:http',
  async start() {
    const port = await freePort();
    const proc = startProcess({
      name: 'node-floor',
      command: process.execPath,
      args: [...EXPORTER_NODE_FLAGS, join(ROOT, 'bench/peer/node-floor.cjs'), `127.0.0.1:${port}`],
      env: { ...process.env, ...EXPORTER_NODE_ENV },
    });
    return running('bare node:http', proc, port);
  },
};

/** Builds the Go peer into a temporary folder; answers the contender, or why there is none. */
export function goPeer(): Contender | string {
  if (!existsSync(join(PEER_DIR, 'main.go'))) return `no Go peer sources in ${PEER_DIR}`;
  const binDir = mkdtempSync(join(tmpdir(), 'ufo-peer-'));
  const binary = join(binDir, 'ufo-peer');
  try {
    execFileSync('go', ['build', '-o', binary, '.'], {
      cwd: PEER_DIR,
      env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '', GOCACHE: join(binDir, 'gocache') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot build the Go peer (Debian packages golang-go and golang-github-prometheus-client-golang-dev): ${stderr || (err as Error).message}`;
  }
  return {
    name: 'Go peer',
    async start(upstream) {
      const port = await freePort();
      const proc = startProcess({ name: 'go-peer', command: binary, args: ['-listen', `127.0.0.1:${port}`, '-upstream', upstream, '-key', API_KEY] });
      return running('Go peer', proc, port);
    },
  };
}

export interface SimulatorProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** The fleet simulator as its own process (its body building must not stall the bench's clock), with `clients` rich-shape devices. */
export async function startSimulatorProcess(clients: number): Promise<SimulatorProcess> {
  const port = await freePort();
  const proc = startProcess({
    name: 'simulator',
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'scripts/simulator/main.ts'), '--api-key', API_KEY, '--port', String(port), '--devices', '0', '--constellations', '0', '--shape', 'rich'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (proc.logs().includes('listening on') ? true : undefined), {
      what: 'the simulator to listen',
      timeoutMs: 60_000,
      intervalMs: 50,
      giveUpIf: () => proc.exitStatus(),
    });
    const res = await fetch(`${url}/_sim/add-devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ count: clients }),
    });
    if (!res.ok) throw new Error(`simulator add-devices: HTTP ${res.status} ${await res.text()}`);
  } catch (err) {
    await proc.stop(1_000);
    throw err;
  }
  return { url, stop: () => proc.stop(5_000) };
}
