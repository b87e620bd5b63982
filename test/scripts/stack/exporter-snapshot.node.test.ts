/**
 * The start-up snapshot the build made (dist/exporter/snapshot.blob) starts the exporter, and so does
 * the bin when the launcher refuses a blob; node itself refuses a blob under other V8 flags with a
 * clear message (what `npm start` or the image would print after a flag was added), never a crash.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../scripts/simulator/index';
import { parseMetrics } from '../../../scripts/stack/metrics-text';
import { snapshotBlob, snapshotManifestPath, snapshotProblem, SNAPSHOT_DIR } from '../../../scripts/stack/exporter-snapshot';
import { EXPORTER_BIN, EXPORTER_NODE_ENV, EXPORTER_NODE_FLAGS, exporterNodeArgs, spawnExporter } from '../../../scripts/stack/spawn-exporter';
import { startListeningBinary } from '../../../scripts/stack/listening-binary';
import { useTempDir } from '../../helpers/temp-dir';

const API_KEY = 'snapshot-key-3f1a';

/** When the kernel started process `pid`, in seconds since the epoch (/proc/stat's btime + the process's start in clock ticks). */
function processStartSeconds(pid: number): number {
  const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
  const startTicks = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19]);
  return bootSeconds + startTicks / 100;
}

async function upAndStarted(url: string): Promise<{ up: number | undefined; startSeconds: number | undefined }> {
  const metrics = parseMetrics(await (await fetch(`${url}/metrics`)).text());
  return { up: metrics.value('ufo_up'), startSeconds: metrics.value('process_start_time_seconds') };
}

describe('the start-up snapshot', () => {
  const tmp = useTempDir('ufo-snapshot-');
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 2, constellations: 0, seed: 3 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('is what the build made for this node and the exporter flags, and starts the exporter (state made at build time is not served)', async () => {
    expect(snapshotProblem(EXPORTER_NODE_FLAGS, {})).toBeUndefined();
    const args = exporterNodeArgs([`--ufo.url=${sim.url}`], {});
    expect(args.slice(EXPORTER_NODE_FLAGS.length, EXPORTER_NODE_FLAGS.length + 3)).toEqual(['--snapshot-blob', snapshotBlob(), '--']);
    const exporter = await spawnExporter([`--ufo.url=${sim.url}`, '--ufo.timeout=2s'], { UFO_EXPORTER_UFO_API_KEY: API_KEY, NODE_OPTIONS: '' });
    try {
      const { up, startSeconds } = await upAndStarted(exporter.url);
      expect(up).toBe(1);
      // The process's start (the kernel's), not the build's: read when the metrics are set up, not at module load.
      expect(Math.abs((startSeconds ?? 0) - processStartSeconds(exporter.process.pid))).toBeLessThanOrEqual(1);
    } finally {
      await exporter.stop(1000);
    }
    const version = spawnSync(process.execPath, [...EXPORTER_NODE_FLAGS, '--snapshot-blob', snapshotBlob(), '--', '--version'], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, NODE_OPTIONS: '' } });
    expect(version.stdout).toMatch(/^ufo-exporter \S+ \(revision \S+, node \d+\.\d+\.\d+\)$/m);
    expect(version.status).toBe(0);
  });

  it('falls back to the bin when the blob is damaged, which then serves ufo_up 1', async () => {
    const dir = tmp.path;
    await cp(snapshotManifestPath(), snapshotManifestPath(dir));
    const blob = await readFile(snapshotBlob());
    const middle = Math.floor(blob.length / 2);
    blob[middle] = blob[middle]! ^ 0x20;
    await writeFile(snapshotBlob(dir), blob);
    expect(snapshotProblem(EXPORTER_NODE_FLAGS, {}, dir)).toMatch(/damaged/);
    const child = await startListeningBinary({
      name: 'exporter',
      command: process.execPath,
      args: (address) => {
        const args = exporterNodeArgs([`--web.listen-address=${address}`, `--ufo.url=${sim.url}`, '--ufo.timeout=2s', `--ufo.api-key=${API_KEY}`], {}, dir);
        expect(args).toContain(EXPORTER_BIN);
        return args;
      },
      readyPath: '/-/ready',
      readyTimeoutMs: 20_000,
    });
    try {
      expect((await upAndStarted(child.url)).up).toBe(1);
    } finally {
      await child.process.stop(1000);
    }
  });

  it('is refused by node with a clear message and exit status 14 under other V8 flags', () => {
    const run = spawnSync(process.execPath, [...EXPORTER_NODE_FLAGS, '--max-old-space-size=96', '--snapshot-blob', path.join(SNAPSHOT_DIR, 'snapshot.blob'), '--', '--version'], {
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, ...EXPORTER_NODE_ENV, NODE_OPTIONS: '' },
    });
    expect(run.stderr).toMatch(/Failed to load the startup snapshot because it was built with a different version of V8 or with different V8 configurations/);
    expect(run.status).toBe(14);
  });
});
