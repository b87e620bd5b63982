import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from '../../helpers/simulator';

describe('simulator log file rotation and truncation', () => {
  let sim: TestSimulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('rotates like RotatingFileHandler: log → log.1 → log.2, new lines in a fresh log', async () => {
    sim = await startTestSimulator({ devices: 1 });
    sim.control.connect('before-rotation');
    await sim.control.rotateLog();
    sim.control.connect('after-first-rotation');
    await sim.control.rotateLog();
    sim.control.connect('after-second-rotation');
    await sim.control.flushLog();
    const [current, first, second] = await Promise.all(['', '.1', '.2'].map((suffix) => readFile(sim!.logFile + suffix, 'utf8')));
    expect(second).toContain('before-rotation connected');
    expect(first).toContain('after-first-rotation connected');
    expect(first).not.toContain('before-rotation connected');
    expect(current).toContain('after-second-rotation connected');
    expect(current).not.toContain('after-first-rotation');
  });

  it('keeps lines written during a rotation, in the new file', async () => {
    sim = await startTestSimulator();
    const rotation = sim.control.rotateLog();
    sim.control.connect('during-rotation');
    await rotation;
    expect((await sim.logLines()).some((l) => l.includes('during-rotation connected'))).toBe(true);
  });

  it('truncates in place (copytruncate) and keeps appending from the start of the file', async () => {
    sim = await startTestSimulator({ devices: 3 });
    expect((await sim.logLines()).length).toBeGreaterThan(3);
    await sim.control.truncateLog();
    expect(await readFile(sim.logFile, 'utf8')).toBe('');
    sim.control.connect('after-truncate');
    const lines = await sim.logLines();
    expect(lines[0]).toMatch(/^INFO: {5}\('127\.0\.0\.1', \d+\) - "WebSocket/);
    expect(lines.at(-1)).toMatch(/ - INFO - \[WS\] 📱 Device client after-truncate connected - Platform: windows$/);
    expect(lines).toHaveLength(3);
  });

  it('rotates and truncates over HTTP too', async () => {
    sim = await startTestSimulator({ devices: 1 });
    expect((await sim.call('/_sim/log/rotate', { method: 'POST' })).status).toBe(200);
    expect(await readFile(`${sim.logFile}.1`, 'utf8')).toContain('Device client');
    sim.control.connect('x');
    expect((await sim.call('/_sim/log/truncate', { method: 'POST' })).status).toBe(200);
    expect(await readFile(sim.logFile, 'utf8')).toBe('');
  });
});
