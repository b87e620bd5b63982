/**
 * The compile settler (exporter/worker-settle.ts) must really wait for the isolate's background compiles:
 * a worker that answers while a TurboFan job for it still runs can be stopped in Node 20's teardown window
 * and abort the process. V8's testing flag `--concurrent-recompilation-delay` holds every background job
 * (held 60 s where the settler must not wait, so no load can finish it early), and a function queued for
 * concurrent optimization is optimized right after the settler returns only if the settler waited for it.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeCompileSettler } from '../../exporter/worker-settle';

/**
 * Runs `settlerSource` (an expression giving the settler) in a fresh node whose background compiles are
 * held `delayMs`; true when the queued job was done right after the settler returned. The child is killed
 * once it has answered: Node's exit would wait for a held job.
 */
async function jobDoneAfterSettle(settlerSource: string, delayMs: number): Promise<boolean> {
  const script = `
    const settle = (${settlerSource});
    const check = new Function('settle', \`
      function f(a) { return a * 2 + 1; }
      %PrepareFunctionForOptimization(f);
      f(1); f(2);
      %OptimizeFunctionOnNextCall(f, "concurrent");
      f(3);      // queues the background job (held by the flag)
      settle();
      f(4);      // installs the job's code if it is done
      return %GetOptimizationStatus(f);
    \`);
    process.stdout.write(check(settle) + '\\n');`;
  const child = spawn(process.execPath, [`--concurrent-recompilation-delay=${delayMs}`, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.endsWith('\n')) resolve();
    });
    child.on('close', () => resolve());
  });
  child.kill('SIGKILL');
  await closed;
  expect(err).toBe('');
  expect(out).toMatch(/^\d+\n$/);
  const OPTIMIZED = 16; // V8's OptimizationStatus::kOptimized
  return (Number(out) & OPTIMIZED) !== 0;
}

describe('the compile settler', () => {
  it("waits for the isolate's background compiles (its own source text, as the bcrypt worker embeds it)", async () => {
    expect(await jobDoneAfterSettle(`(${makeCompileSettler.toString()})(require('node:v8'))`, 300)).toBe(true);
  });

  it('the check sees a settler that does not wait (the same run with a no-op)', async () => {
    expect(await jobDoneAfterSettle(`(require('node:v8').setFlagsFromString('--allow-natives-syntax'), () => {})`, 60_000)).toBe(false);
  });

  it('is a no-op where the flag cannot be set', () => {
    const settle = makeCompileSettler({
      setFlagsFromString: () => {
        throw new Error('flags are frozen');
      },
    });
    expect(settle()).toBeUndefined();
  });
});
