/**
 * The simulator's log against docs/ufo-server.md: every line is one known kind (regex per message kind), the
 * counts agree with the ground truth, the real server's quirks are there, and a seed repeats.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatedLog } from '../../../scripts/simulator/log-generator';
import { withTempDir } from '../../helpers/temp-dir';
import { startTestSimulator, withoutTimestamps, type TestSimulator } from '../../helpers/simulator';

const PYTHON_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - (\w+) - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - (.*)$/;
const TRACEBACK_LINE = /^(Traceback \(most recent call last\):|  File "[^"]+", line \d+, in \w+|    \S.*|\w+Error: .+)$/;

const CURRENT_MESSAGES = {
  deviceConnected: /^\[WS\] 📱 Device client (\S+) connected - Platform: (\w+)$/,
  constellationConnected: /^\[WS\] 🌟 Constellation client (\S+@\S+) connected$/,
  duplicateRejected: /^\[WS\] 🚨 duplicate client_id rejected: '(\S+)' is already connected$/,
  constellationRejected: /^\[WS\] Constellation registration failed: Target device '(\S+)' is not connected$/,
  errorWithClientNone: /^\[WS\] Error with client None: .+$/,
  disconnectedWithCode: /^\[WS\] (\S+) disconnected - code=(\d+), reason=(.*)$/,
  cancellingStaleCount: /^\[WS\] (?:📱 Device|🌟 Constellation) (\S+) disconnected, cancelling (\d+) active session\(s\)$/,
  disconnected: /^\[WS\] (\S+) disconnected$/,
  taskPrepared: /^\[WS\] 🎯 Prepared task: session_id=(\S+), task_name=(\S+), client_type=ClientType\.(DEVICE|CONSTELLATION), target_device=(\S+)$/,
  sessionCreated: /^Created new (\w+) session: (\S+) \(type: ServiceSession, owner: '([^']+)'\)$/,
  backgroundTaskStarted: /^\[SessionManager\] 🚀 Started background task (\S+)$/,
  executionTook: /^\[SessionManager\] ⏱️ Session (\S+) execution took (\d+(?:\.\d+)?)s$/,
  completedWithStatus: /^\[SessionManager\] ✅ Session (\S+) completed with status TaskStatus\.(COMPLETED|FAILED)$/,
  errorInSession: /^\[SessionManager\] ❌ Error in session (\S+): .+$/,
  cancellingSession: /^\[SessionManager\] 🛑 Cancelling session (\S+) \(reason: (device_disconnected|constellation_disconnected)\)$/,
  wasCancelled: /^\[SessionManager\] 🛑 Session (\S+) was cancelled \(reason: (device_disconnected|constellation_disconnected)\)$/,
  noRunningTask: /^\[SessionManager\] ⚠️ No running task found for (\S+)$/,
} as const;

const UVICORN_LINES = {
  access: /^INFO: {5}127\.0\.0\.1:\d+ - "(GET|POST) (\/\S*) HTTP\/1\.1" (\d{3}) [A-Za-z ]+$/,
  wsAccepted: /^INFO: {5}\('127\.0\.0\.1', \d+\) - "WebSocket \/ws\?token=\S+" \[accepted\]$/,
  wsForbidden: /^INFO: {5}\('127\.0\.0\.1', \d+\) - "WebSocket \/ws\S*" 403$/,
  connectionEvent: /^INFO: {5}connection (open|closed|rejected \(403 Forbidden\))$/,
} as const;

type Kind = keyof typeof CURRENT_MESSAGES | keyof typeof UVICORN_LINES | 'traceback';
interface Classified {
  readonly kind: Kind;
  readonly groups: string[];
  readonly level?: string;
}

function classify(line: string, messages: Record<string, RegExp>): Classified {
  const python = PYTHON_LINE.exec(line);
  const [patterns, text, level] = python ? [messages, python[3]!, python[2]] : [UVICORN_LINES as Record<string, RegExp>, line, undefined];
  const kinds = Object.entries(patterns).filter(([, re]) => re.test(text));
  if (kinds.length === 0 && !python && TRACEBACK_LINE.test(line)) return { kind: 'traceback', groups: [] };
  if (kinds.length !== 1) throw new Error(`line matches ${kinds.length} known kinds: ${line}`);
  const [kind, re] = kinds[0]!;
  return { kind: kind as Kind, groups: re.exec(text)!.slice(1), ...(level ? { level } : {}) };
}

/** A busy fleet: random ticks plus a drop/restore of every device and scripted edge cases. */
async function busyFleet(sim: TestSimulator): Promise<void> {
  sim.control.advance(300);
  sim.control.dropAllDevices();
  sim.control.advance(20);
  sim.control.restoreDevices();
  sim.control.advance(150);
}

describe('simulator log, current format', () => {
  let sim: TestSimulator;
  let lines: string[];
  let classified: Classified[];
  beforeAll(async () => {
    sim = await startTestSimulator({ devices: 6, constellations: 2, seed: 42 });
    await busyFleet(sim);
    lines = await sim.logLines();
    classified = lines.map((line) => classify(line, CURRENT_MESSAGES));
  });
  afterAll(() => sim.stop());

  const count = (kind: Kind, where: (groups: string[]) => boolean = () => true): number =>
    classified.filter((c) => c.kind === kind && where(c.groups)).length;

  it('writes only lines of a known kind (every line matched exactly one regex)', () => {
    expect(lines.length).toBeGreaterThan(500);
    const kinds = new Set(classified.map((c) => c.kind));
    // The busy fleet exercises every kind the ticker can produce.
    for (const kind of [...Object.keys(CURRENT_MESSAGES), 'access', 'wsAccepted', 'connectionEvent', 'traceback'])
      expect(kinds.has(kind as Kind), kind).toBe(true);
  });

  it('agrees with the ground truth', () => {
    const truth = sim.control.truth();
    expect(count('deviceConnected')).toBe(truth.connects.device);
    expect(count('constellationConnected')).toBe(truth.connects.constellation);
    for (const [type, byCode] of Object.entries(truth.disconnects))
      for (const [code, n] of Object.entries(byCode))
        expect(count('disconnectedWithCode', (g) => g[1] === code && (type === 'constellation') === g[0]!.includes('@')), `${type} ${code}`).toBe(n);
    expect(Object.keys(truth.disconnects.device).sort()).toEqual(['1000', '1001', '1006']);
    expect(count('disconnected')).toBe(count('disconnectedWithCode'));
    // Every run is prepared and started; a constellation's reruns reuse its session id, created once.
    expect(count('taskPrepared')).toBe(truth.sessionsStarted);
    expect(count('backgroundTaskStarted')).toBe(truth.sessionsStarted);
    const createdIds = classified.filter((c) => c.kind === 'sessionCreated').map((c) => c.groups[1]);
    expect(new Set(createdIds).size).toBe(createdIds.length);
    expect(createdIds.length).toBeLessThan(truth.sessionsStarted);
    // A constellation's task runs on its target device; a device's own task names none.
    for (const c of classified.filter((k) => k.kind === 'taskPrepared'))
      expect(c.groups[3]).toBe(c.groups[2] === 'CONSTELLATION' ? c.groups[0]!.split('@')[1] : 'None');
    const finished = truth.sessionsFinished;
    expect(count('completedWithStatus', (g) => g[1] === 'COMPLETED')).toBe(finished.completed.none);
    expect(count('executionTook')).toBe((finished.completed.none ?? 0) + (finished.failed.none ?? 0));
    expect(count('errorInSession')).toBe(finished.failed.none);
    for (const reason of ['device_disconnected', 'constellation_disconnected'])
      expect(count('wasCancelled', (g) => g[1] === reason), reason).toBe(finished.cancelled[reason]);
    expect(count('duplicateRejected')).toBe(truth.registrationsRejected.duplicate_client_id);
    expect(count('constellationRejected')).toBe(truth.registrationsRejected.constellation_registration_failed ?? 0);
    expect(count('access')).toBe(Object.values(truth.httpRequests).reduce((a, b) => a + b, 0));
    expect(count('wsAccepted')).toBe(truth.wsHandshakes.accepted);
    const levels: Record<string, number> = {};
    for (const c of classified) if (c.level) levels[c.level.toLowerCase()] = (levels[c.level.toLowerCase()] ?? 0) + 1;
    expect(levels).toEqual(truth.logRecords);
  });

  it('logs a cancelled session as cancelled and then "completed with status TaskStatus.FAILED"', () => {
    const cancelled = classified.flatMap((c, i) => (c.kind === 'wasCancelled' ? [i] : []));
    expect(cancelled.length).toBeGreaterThan(0);
    for (const i of cancelled) {
      const sid = classified[i]!.groups[0];
      expect(classified[i - 1]).toMatchObject({ kind: 'cancellingSession', groups: [sid, classified[i]!.groups[1]] });
      expect(classified[i + 1]).toMatchObject({ kind: 'completedWithStatus', groups: [sid, 'FAILED'] });
    }
    const failedLines = count('completedWithStatus', (g) => g[1] === 'FAILED');
    const truth = sim.control.truth().sessionsFinished;
    const cancelledTotal = Object.values(truth.cancelled).reduce((a, b) => a + b, 0);
    expect(failedLines).toBe((truth.failed.none ?? 0) + cancelledTotal);
  });

  it('gives a stale "cancelling N active session(s)" count, followed by "No running task found"', () => {
    let staleSeen = 0;
    classified.forEach((c, i) => {
      if (c.kind !== 'cancellingStaleCount') return;
      const announced = Number(c.groups[1]);
      const following = classified.slice(i + 1, i + 1 + 3 * announced + 1);
      const end = following.findIndex((f) => f.kind === 'disconnected');
      const block = following.slice(0, end);
      const really = block.filter((f) => f.kind === 'cancellingSession').length;
      expect(block.filter((f) => f.kind === 'noRunningTask').length + really).toBe(announced);
      if (really < announced) staleSeen++;
    });
    expect(staleSeen).toBeGreaterThan(0);
  });

  it('logs "execution took" right before "completed with status"', () => {
    classified.forEach((c, i) => {
      if (c.kind === 'executionTook') expect(classified[i + 1]).toMatchObject({ kind: 'completedWithStatus', groups: [c.groups[0], expect.any(String)] });
    });
  });

  it('logs a rejected registration with the accepted handshake and "Error with client None" but no connected line', () => {
    const i = classified.findIndex((c) => c.kind === 'duplicateRejected');
    expect(i).toBeGreaterThan(1);
    expect(classified.slice(i - 2, i + 3).map((c) => c.kind)).toEqual(['wsAccepted', 'connectionEvent', 'duplicateRejected', 'errorWithClientNone', 'connectionEvent']);
  });

  it('interleaves multi-line Python tracebacks after an error line', () => {
    const start = classified.findIndex((c) => c.kind === 'traceback');
    expect(classified[start - 1]?.kind).toBe('errorInSession');
    expect(lines[start]).toBe('Traceback (most recent call last):');
  });
});

describe('simulator log determinism', () => {
  async function run(seed: number): Promise<string[]> {
    const sim = await startTestSimulator({ devices: 5, constellations: 2, seed });
    try {
      await busyFleet(sim);
      return (await sim.logLines()).map(withoutTimestamps);
    } finally {
      await sim.stop();
    }
  }

  it('repeats the same lines (modulo timestamps) for the same seed, and differs for another', async () => {
    const [a, b, c] = [await run(9), await run(9), await run(10)];
    expect(a.length).toBeGreaterThan(300);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

const LEGACY_MESSAGES = {
  registered: /^\[WS\] ✅ Registered (device|constellation) client: (\S+)$/,
  removed: /^\[WS\] 🔌 Removed client: (\S+)$/,
  created: /^\[Session\] Created session (\S+)$/,
  completed: /^\[Session\] Task completed: (\S+)$/,
  failed: /^\[Session\] Task failed: (\S+)$/,
  cancelled: /^\[Session\] Task cancelled: (\S+) \(reason: (\w+)\)$/,
  duplicateRejected: CURRENT_MESSAGES.duplicateRejected,
  constellationRejected: CURRENT_MESSAGES.constellationRejected,
  errorWithClientNone: CURRENT_MESSAGES.errorWithClientNone,
};

describe('simulator log, legacy and JSON formats', () => {
  it('legacy: the older documented messages, agreeing with the ground truth', async () => {
    const sim = await startTestSimulator({ devices: 5, constellations: 1, seed: 5, logFormat: 'legacy' });
    try {
      await busyFleet(sim);
      const classified = (await sim.logLines()).map((line) => classify(line, LEGACY_MESSAGES));
      const truth = sim.control.truth();
      const n = (kind: string): number => classified.filter((c) => (c.kind as string) === kind).length;
      expect(n('registered')).toBe(truth.connects.device + truth.connects.constellation);
      expect(n('removed')).toBe(Object.values({ ...truth.disconnects.device }).reduce((a, b) => a + b, 0) + Object.values(truth.disconnects.constellation).reduce((a, b) => a + b, 0));
      expect(n('created')).toBe(truth.sessionsStarted);
      expect(n('completed')).toBe(truth.sessionsFinished.completed.none);
      expect(n('failed')).toBe(truth.sessionsFinished.failed.none);
      expect(n('cancelled')).toBe(Object.values(truth.sessionsFinished.cancelled).reduce((a, b) => a + b, 0));
    } finally {
      await sim.stop();
    }
  });

  it('json: one object per line with level, message, client_id and session_id', async () => {
    const sim = await startTestSimulator({ devices: 4, constellations: 1, seed: 5, logFormat: 'json' });
    try {
      sim.control.advance(200);
      const records = (await sim.logLines()).map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const record of records) {
        expect(record.level).toMatch(/^(INFO|WARNING|ERROR)$/);
        expect(typeof record.message).toBe('string');
      }
      const created = records.filter((r) => String(r.message).startsWith('Created new '));
      const runs = records.filter((r) => String(r.message).startsWith('[SessionManager] 🚀 Started background task '));
      expect(runs.length).toBe(sim.control.truth().sessionsStarted);
      expect(created.length).toBeLessThanOrEqual(runs.length);
      for (const r of created) {
        // A device's sessions get a fresh uuid; a constellation reruns under its own id (`task@device`).
        expect(r.session_id).toMatch(/^[0-9a-f-]{36}$|@/);
        expect(String(r.message)).toContain(`owner: '${String(r.client_id)}'`);
      }
      const connected = records.filter((r) => /^\[WS\] (📱 Device|🌟 Constellation) client \S+ connected/.test(String(r.message)));
      expect(connected.length).toBe(sim.control.truth().connects.device + sim.control.truth().connects.constellation);
      expect(connected.every((r) => typeof r.client_id === 'string')).toBe(true);
      expect(records.some((r) => typeof r.exc_info === 'string' && String(r.exc_info).startsWith('Traceback'))).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});

describe('writeSimulatedLog (fixtures and the ingestion bench)', () => {
  it('writes a large log without a server, every line of a known kind, matching its ground truth', async () => {
    await withTempDir('ufo-simlog-', async (dir) => {
      const started = performance.now();
      const { lines, truth } = await writeSimulatedLog(join(dir, 'big.log'), 50_000, { seed: 3 });
      const elapsed = performance.now() - started;
      console.log(`writeSimulatedLog: ${lines} lines in ${elapsed.toFixed(0)} ms`);
      const text = (await readFile(join(dir, 'big.log'), 'utf8')).split('\n').filter(Boolean);
      expect(text).toHaveLength(lines);
      expect(lines).toBeGreaterThanOrEqual(50_000);
      const runs = text.map((l) => classify(l, CURRENT_MESSAGES)).filter((c) => c.kind === 'backgroundTaskStarted').length;
      expect(runs).toBe(truth.sessionsStarted);
    });
  });
});
