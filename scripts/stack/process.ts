/**
 * A child process the stack owns: started with its output captured (bounded), stopped with SIGTERM
 * then SIGKILL after a grace period. The captured output is what a failing test prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Lines kept per process: enough for a failure report, bounded so a chatty process cannot grow memory. */
const MAX_LOG_LINES = 400;

export interface ProcessSpec {
  /** Short name used in logs and failure reports (e.g. "prometheus"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each output line (stdout and stderr), e.g. to print it live. */
  readonly onLine?: (line: string) => void;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** The last captured output lines (stdout and stderr interleaved). */
  logs(): string;
  /** Set once the process exited; undefined while it runs. */
  exitStatus(): string | undefined;
  /** The exit code once exited (null when killed by a signal); undefined while it runs. */
  exitCode(): number | null | undefined;
  /** `signal` (default SIGTERM), then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

class LineBuffer {
  private readonly lines: string[] = [];
  private partial = '';
  constructor(private readonly onLine?: (line: string) => void) {}

  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  flush(): void {
    if (this.partial !== '') this.add(this.partial);
    this.partial = '';
  }

  text(): string {
    return [...this.lines, ...(this.partial ? [this.partial] : [])].join('\n');
  }

  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > MAX_LOG_LINES) this.lines.shift();
    this.onLine?.(line);
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export function startProcess(spec: ProcessSpec): ManagedProcess {
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const buffer = new LineBuffer(spec.onLine);
  let status: string | undefined;
  child.stdout?.on('data', (c: Buffer) => buffer.push(c));
  child.stderr?.on('data', (c: Buffer) => buffer.push(c));
  child.on('error', (err) => {
    status = `failed to start: ${err.message}`;
  });
  child.on('exit', (code, signal) => {
    buffer.flush();
    status ??= signal ? `killed by ${signal}` : `exited with code ${code}`;
  });
  if (child.pid === undefined) {
    // spawn reports ENOENT asynchronously; an absent pid means the command could not run at all.
    throw new Error(`${spec.name}: cannot start "${spec.command}" (is it installed and on PATH?)`);
  }
  const pid = child.pid;

  return {
    name: spec.name,
    pid,
    logs: () => buffer.text(),
    exitStatus: () => status,
    exitCode: () => (child.exitCode === null && child.signalCode === null ? undefined : child.exitCode),
    async stop(graceMs = 5_000, signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = waitForExit(child);
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
