/**
 * The log source against logs written by the REAL fleet simulator, through the real fleet state and
 * metrics renderer: counters must equal the simulator's ground truth exactly, in all three formats,
 * and while the log is rotated and truncated under the source.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../exporter/events';
import { silentLogger } from '../../exporter/logging';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createStateSink } from '../../exporter/sink';
import { createLogSource } from '../../exporter/sources/log';
import { FleetState } from '../../exporter/state';
import type { Simulator } from '../../scripts/simulator/contract';
import { startSimulator } from '../../scripts/simulator/index';
import { parseMetrics, type ParsedMetrics } from '../../scripts/stack/metrics-text';
import { waitUntil } from '../../scripts/stack/wait';
import { withTempDir } from '../helpers/temp-dir';
import { API_KEY, expectBusyDevices, expectCountersMatchTruth, linesOnDisk, scriptedFleetChanges } from './truth';

interface Rig {
  readonly state: FleetState;
  readonly source: Source;
  readonly sim: Simulator;
}
const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.source.stop();
    await rig.sim.close();
  }
});

function scrape(state: FleetState): ParsedMetrics {
  return parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 1000 }).render());
}

describe.each(['current', 'legacy', 'json'] as const)('log source on the simulator log (%s format)', (format) => {
  it('turns the whole log into exactly the counters the simulator recorded', () =>
    withTempDir('ufo-log-', async (dir) => {
      const logFile = join(dir, 'ufo-server.log');
      const sim = await startSimulator({ apiKey: API_KEY, seed: 11, devices: 3, constellations: 1, logFile, logFormat: format });
      const state = new FleetState();
      const sink = createStateSink({ state, logger: silentLogger, maxSeries: 1000 });
      const source = createLogSource({ file: logFile, fromStart: true, logger: silentLogger, pollMs: 20 });
      rigs.push({ state, source, sim });

      const executionSeconds = scriptedFleetChanges(sim.control, 1);
      await sim.control.flushLog();
      await source.start(sink);
      const written = await linesOnDisk(logFile);
      expect(state.exporter.logLinesRead).toBe(written);

      const samples = scrape(state);
      expectCountersMatchTruth(samples, sim.control.truth(), format === 'legacy');
      // The older format names no session owner, so it cannot tell which device is busy.
      if (format !== 'legacy') expectBusyDevices(samples, sim.control);
      if (format !== 'legacy') {
        // The server's own "execution took" values, not created→finished wall time.
        const sum = samples.valueOrZero('ufo_session_duration_seconds_sum', { status: 'completed' }) + samples.valueOrZero('ufo_session_duration_seconds_sum', { status: 'failed' });
        expect(sum).toBeCloseTo(executionSeconds, 6);
      }
      expect(new CatalogueRenderer({ view: state, maxSeries: 1000 }).render()).not.toContain(API_KEY);
    }));
});

describe('log source following the simulator while the log is rotated and truncated', () => {
  it('keeps exact counts across a late-created file, a rotation and a copytruncate', () =>
    withTempDir('ufo-log-', async (dir) => {
      const logFile = join(dir, 'ufo-server.log');
      const state = new FleetState();
      const sink = createStateSink({ state, logger: silentLogger, maxSeries: 1000 });
      // Started before the server: the file does not exist yet.
      const source = createLogSource({ file: logFile, fromStart: false, logger: silentLogger, pollMs: 20 });
      await source.start(sink);
      const sim = await startSimulator({ apiKey: API_KEY, seed: 5, devices: 4, constellations: 1, logFile });
      rigs.push({ state, source, sim });

      let readBefore = 0;
      const caughtUp = async (what: string): Promise<void> => {
        await sim.control.flushLog();
        const onDisk = await linesOnDisk(logFile);
        await waitUntil(what, () => state.exporter.logLinesRead === readBefore + onDisk);
      };

      scriptedFleetChanges(sim.control, 1);
      await caughtUp('round 1');
      readBefore = state.exporter.logLinesRead;
      await sim.control.rotateLog();
      scriptedFleetChanges(sim.control, 2);
      await caughtUp('round 2 in the new file');
      // copytruncate loses what the tailer had not read yet; real logrotate has the same race.
      readBefore = state.exporter.logLinesRead;
      await sim.control.truncateLog();
      scriptedFleetChanges(sim.control, 3);
      await caughtUp('round 3 after truncation');

      const samples = scrape(state);
      expectCountersMatchTruth(samples, sim.control.truth(), false);
      expectBusyDevices(samples, sim.control);
    }));
});
