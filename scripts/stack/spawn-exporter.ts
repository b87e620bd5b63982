/**
 * Runs the real `ufo-exporter` command (node <flags> bin/ufo-exporter.js) as a child process on a free
 * port, for tests and the bench. The URL comes from its "exporter listening" log line.
 */
import { fileURLToPath } from 'node:url';
import { startProcess, type ManagedProcess } from './process';
import { waitFor } from './wait';

export const EXPORTER_BIN = fileURLToPath(new URL('../../bin/ufo-exporter.js', import.meta.url));

/**
 * The node flags the exporter runs with everywhere: bin/ufo-exporter.js's shebang (the `ufo-exporter`
 * command on PATH), `npm start`, the Dockerfile's ENTRYPOINT (which docker-compose and the Kubernetes
 * manifests use), and every script, test and bench here that starts it. All four trade a little peak
 * speed for memory (docs/performance.md, bench/NOTES.md issues 15m2, 15R and 15AC):
 * - `--max-semi-space-size=1`: V8's young generation capped at 1 MiB per semi-space instead of growing to
 *   16 MiB under back-to-back scrapes (2 took ~30 MB off the 10k peak; 1 another ~1.5 MB);
 * - `--no-sparkplug`: no baseline code — the hot paths are optimised by TurboFan anyway;
 * - `--max-inlined-bytecode-size-cumulative=230` (V8's default 920): smaller TurboFan compiles, whose zone
 *   memory is most of what a burst of scrapes adds to the peak RSS; a log source gives the default back when it
 *   starts, for its per-line code (exporter/sources/log/inlining-budget.ts);
 * - `--no-short-builtin-calls`: V8 does not map the node binary's builtins a second time next to the JIT
 *   code (it would with a heap limit of 2 GB or more); builtins are called the long way instead.
 * V8 reads the first and last when the process starts, so they cannot be set from inside the exporter.
 * test/scripts/stack/spawn-exporter.test.ts checks that all those places agree.
 */
export const EXPORTER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--no-sparkplug', '--max-inlined-bytecode-size-cumulative=230', '--no-short-builtin-calls'];

/**
 * The environment the exporter runs with wherever glibc's malloc is used (the shebang, `npm start`, the
 * bench and the scripts that spawn it; the Docker image is Alpine, whose musl malloc has no per-thread
 * arenas). glibc gives each thread that contends for malloc an arena of its own, up to 8 per core, and an
 * arena keeps what its thread used: V8's background threads (TurboFan's compiles, GC helpers) held ~5 MB
 * of the 10k peak that way (bench/NOTES.md, issue 15p3). glibc reads it at process start only.
 */
export const EXPORTER_NODE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/** EXPORTER_NODE_ENV as `NAME=value` words, for a shell command line or `env -S`. */
export const exporterEnvWords = (): string => Object.entries(EXPORTER_NODE_ENV).map(([name, value]) => `${name}=${value}`).join(' ');

/** The node arguments that run the exporter with `args`: the flags, the bin, then `args`. */
export const exporterNodeArgs = (args: readonly string[]): string[] => [...EXPORTER_NODE_FLAGS, EXPORTER_BIN, ...args];

export interface SpawnedExporter {
  readonly process: ManagedProcess;
  readonly url: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null if killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export async function spawnExporter(args: readonly string[], env: NodeJS.ProcessEnv = {}, startTimeoutMs = 30_000): Promise<SpawnedExporter> {
  let url: string | undefined;
  const proc = startProcess({
    name: 'exporter',
    command: process.execPath,
    args: exporterNodeArgs(['--web.listen-address=127.0.0.1:0', ...args]),
    env: { ...process.env, ...EXPORTER_NODE_ENV, ...env },
    onLine: (line) => {
      if (url === undefined && line.includes('exporter listening')) url = (JSON.parse(line) as { address: string }).address;
    },
  });
  try {
    url = await waitFor(async () => url, {
      what: 'the exporter\'s "exporter listening" line',
      timeoutMs: startTimeoutMs,
      intervalMs: 10,
      giveUpIf: () => proc.exitStatus(),
    });
  } catch (err) {
    await proc.stop(0, 'SIGKILL');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${proc.logs().slice(-2000)}`);
  }
  return {
    process: proc,
    url,
    async stop(graceMs = 5000) {
      await proc.stop(graceMs);
      return proc.exitCode() ?? null;
    },
  };
}
