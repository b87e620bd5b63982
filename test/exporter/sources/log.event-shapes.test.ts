/**
 * The log's hot path keeps its optimized code through V8's memory-reducing collections (docs/performance.md,
 * "One shape per literal"). Such a collection — V8's memory reducer runs them while allocation is slow, as it is while
 * a log is followed — keeps no map alive that only a transition points at: an object given a field after its literal
 * (`event.platform = …`, `{ ...event, platform }`) has such a map, and when no object of it is alive at that moment,
 * V8 throws away the optimized code of every function that saw it, ~ten of the per-line functions at once, and the
 * lines after run unoptimized until they are compiled again (~60 ms of CPU each time, bench/NOTES.md, issue 15AF).
 *
 * The child (test/fixtures/v8/memory-reducing-gc.ts) reads a simulated log — sessions, reconnects, warnings and
 * tracebacks — with the exporter's node flags, compiling synchronously so that what is optimized does not depend on
 * the machine's load, then takes a heap snapshot (a memory-reducing collection). A control function, hot on objects
 * given a field in place, shows in the same run that such a collection does throw code away on this node.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeSimulatedLog } from '../../../scripts/simulator/log-generator';
import { EXPORTER_NODE_FLAGS } from '../../../scripts/stack/spawn-exporter';
import { parseText } from '../../helpers/log-parse';
import { withTempDir } from '../../helpers/temp-dir';

const CHILD = fileURLToPath(new URL('../../fixtures/v8/memory-reducing-gc.ts', import.meta.url));
/** The child's markers, in order. */
const READING = '=== reading the log';
const READ = '=== log read';
const COLLECTION = '=== memory-reducing collection';
/** Per-line functions whose code died in such a collection before their events had one shape (issue 15AF). */
const HOT = ['webSocket', 'recordMessage', 'emojiMessage'];

/** Runs the child on `file`; its stdout (V8's traces and the markers) once it has exited. */
async function traceOf(file: string): Promise<string> {
  const child = spawn(process.execPath, [...EXPORTER_NODE_FLAGS, '--no-concurrent-recompilation', '--trace-opt', '--trace-deopt', '--import', 'tsx', CHILD, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(err, 'the child wrote to stderr').toBe('');
  expect(code).toBe(0);
  return out;
}

/** Names of the functions `trace` shows compiled by TurboFan. */
function compiled(trace: string): Set<string> {
  return new Set([...trace.matchAll(/completed compiling \S+ <JSFunction ([\w$]*) /g)].map((m) => m[1]!));
}

/** Names of the functions whose optimized code `trace` shows thrown away because an object it held died. */
function diedOfWeakObjects(trace: string): string[] {
  return [...trace.matchAll(/<SharedFunctionInfo ([\w$]*)>\) \(opt id \d+\) for deoptimization, reason: weak objects/g)].map((m) => m[1]!);
}

describe("the log's optimized code through a memory-reducing collection", () => {
  it('is kept: only the control, built to lose it, loses it', async () => {
    await withTempDir('ufo-shapes-', async (dir) => {
      const file = join(dir, 'server.log');
      await writeSimulatedLog(file, 60_000, { seed: 7 });
      const trace = await traceOf(file);
      const reading = trace.indexOf(READING);
      const read = trace.indexOf(READ);
      const collection = trace.indexOf(COLLECTION);
      expect(0 <= reading && reading < read && read < collection, 'the child wrote its markers in order').toBe(true);
      // The log's code is what TurboFan compiled while the log was read (not, say, the module loader's, compiled while tsx loads).
      const logCode = compiled(trace.slice(reading, read));
      for (const name of HOT) expect(logCode.has(name), `${name} was optimized while the log was read`).toBe(true);
      const control = [...compiled(trace.slice(read, collection))].filter((name) => name.startsWith('control'));
      expect(control.length, 'the control was optimized').toBeGreaterThan(0);
      // Judged: the log's code and the control. Other code (tsx's loader) may lose its code whenever V8's memory reducer runs.
      const judged = (name: string): boolean => logCode.has(name) || name.startsWith('control');
      expect(diedOfWeakObjects(trace.slice(0, collection)).filter(judged), 'code that lost its optimized code before the collection').toEqual([]);
      const died = diedOfWeakObjects(trace.slice(collection)).filter(judged);
      expect(died.filter((name) => name.startsWith('control')).length, 'the control lost its optimized code').toBeGreaterThan(0);
      expect(died.filter((name) => logCode.has(name)), 'log code that lost its optimized code').toEqual([]);
    });
  });
});

describe('events built with every field', () => {
  /** The key lists of the `type` events parsed from `text`, one per event. */
  const keysOf = (text: string, type: string): string[] =>
    parseText(text)
      .events.filter((e) => e.type === type)
      .map((e) => Object.keys(e).join(','));
  const line = (message: string, logger = 'UFOWebSocketHandler'): string => `2026-11-21 04:28:27,535 - ${logger} - INFO - ${message}`;

  it('client_connected has one shape with and without a platform', () => {
    const text = [line('[WS] 📱 Device client win-1 connected'), line('[WS] 📱 Device client linux-7 connected - Platform: linux, CPU: 8, Memory: 16.0GB')].join('\n');
    expect(keysOf(text, 'client_connected')).toEqual(Array(2).fill('source,at,type,clientId,clientType,platform'));
  });

  it('session_started has one shape whatever the log said of the session', () => {
    const sm = 'ufo.server.services.session_manager';
    const text = [
      line("Created new windows session: s-1 (type: ServiceSession, owner: 'win-1')", sm),
      line('Created new windows session: s-2 (type: ServiceSession)', sm),
      line('[WS] 🎯 Prepared task: session_id=s-3, task_name=t, client_type=ClientType.CONSTELLATION, target_device=win-1'),
      line("Created new linux session: s-3 (type: ServiceSession, owner: 'demo@win-1')", sm),
      line('[SessionManager] 🚀 Started background task s-4', sm),
    ].join('\n');
    // Four runs start (s-3's Prepared line names its device); each event has every key.
    expect(keysOf(text, 'session_started')).toEqual(Array(4).fill('source,at,type,sessionId,clientId,deviceId,platform'));
  });
});
