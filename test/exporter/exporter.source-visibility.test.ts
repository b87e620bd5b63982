/**
 * A missing source is visible, not zero (issue 11): without a log or /events the families only they
 * feed are absent and `ufo_exporter_source_configured` says so; a configured log that is missing or
 * silent while clients are connected is `ufo_exporter_log_problem`, a log line and a status-page note.
 * The real exporter (in process) against the fleet simulator; the silence clock is the state's own.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createLogProblemReporter } from '../../exporter/log-problem-reporter';
import { createLogger } from '../../exporter/logging';
import { FleetState } from '../../exporter/state';
import { buildStatusDocument } from '../../exporter/status/build-document';
import type { StatusDocument } from '../../exporter/status/document';
import type { Simulator } from '../../scripts/simulator/contract';
import { startSimulator } from '../../scripts/simulator/index';
import { parseMetrics } from '../../scripts/stack/metrics-text';
import { useTempDir } from '../helpers/temp-dir';
import { startTestExporter, type TestExporter } from '../helpers/exporter';

const API_KEY = 'source-visibility-key';
const LOG_ONLY_FAMILIES = ['ufo_sessions_started_total', 'ufo_sessions_active', 'ufo_session_duration_seconds', 'ufo_http_requests_total', 'ufo_log_messages_total', 'ufo_registrations_rejected_total'];

async function statusOf(exporter: TestExporter): Promise<StatusDocument> {
  return (await (await fetch(`${exporter.url}/api/status`)).json()) as StatusDocument;
}

describe('the real exporter without a log or /events', () => {
  let sim: Simulator;
  let exporter: TestExporter;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 2, constellations: 1, seed: 5 });
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY });
  });
  afterAll(async () => {
    await exporter?.close();
    await sim?.close();
  });

  it('exports no session, request or log family, and says which sources are configured', async () => {
    const m = await exporter.scrape();
    for (const name of LOG_ONLY_FAMILIES) {
      expect(m.types.has(name), name).toBe(false);
      expect(m.find(name), name).toEqual([]);
    }
    expect(m.find('ufo_exporter_log_problem')).toEqual([]);
    expect(m.value('ufo_exporter_source_configured', { source: 'api' })).toBe(1);
    expect(m.value('ufo_exporter_source_configured', { source: 'log' })).toBe(0);
    expect(m.value('ufo_exporter_source_configured', { source: 'push' })).toBe(0);
    // Presence still comes from the API.
    expect(m.value('ufo_devices', { status: 'online' })).toBe(2);
  });

  it('says plainly on the status page that there is no session data, and how to enable it', async () => {
    const doc = await statusOf(exporter);
    expect(doc.sessions.sourceProblem).toMatch(/^No session data: .*neither is configured\. Enable one: --ufo\.log-file=/);
  });
});

describe('the real exporter with a configured log that is missing', () => {
  const tmp = useTempDir('ufo-source-');
  let sim: Simulator;
  let exporter: TestExporter;
  let logFile: string;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: API_KEY, devices: 1, constellations: 0, seed: 6 });
    logFile = join(tmp.path, 'not-there.log');
    exporter = await startTestExporter({ 'ufo.url': sim.url, 'ufo.api-key': API_KEY, 'ufo.log-file': logFile });
  });
  afterAll(async () => {
    await exporter?.close();
    await sim?.close();
  });

  it('is a problem on /metrics, in the log and on the status page until the file appears', async () => {
    let m = await exporter.scrape();
    expect(m.value('ufo_exporter_source_configured', { source: 'log' })).toBe(1);
    expect(m.value('ufo_exporter_log_problem', { problem: 'missing' })).toBe(1);
    expect(m.value('ufo_exporter_log_problem', { problem: 'silent' })).toBe(0);
    // The log families are exported (a source that feeds them is configured), at their start values.
    expect(m.value('ufo_sessions_started_total')).toBe(0);
    expect(exporter.logLines.filter((l) => l.includes('UFO server log missing'))).toHaveLength(1);
    expect((await statusOf(exporter)).sessions.sourceProblem).toContain(`The UFO server log is missing (${logFile} does not exist)`);

    writeFileSync(logFile, '');
    appendFileSync(logFile, '2026-11-21 04:28:00,001 - SessionManager - INFO - SessionManager initialized for platform: windows\n');
    for (const deadline = Date.now() + 10_000; m.value('ufo_exporter_log_problem', { problem: 'missing' }) !== 0; ) {
      if (Date.now() > deadline) throw new Error('the log problem never cleared');
      await new Promise((resolve) => setTimeout(resolve, 50));
      m = await exporter.scrape();
    }
    expect(exporter.logLines.filter((l) => l.includes('UFO server log feeds the exporter again'))).toHaveLength(1);
    expect((await statusOf(exporter)).sessions.sourceProblem).toBeNull();
  });
});

describe('a configured log silent while clients are connected', () => {
  it('becomes a problem after --ufo.log-silence, logged once, and clears when lines come', () => {
    let now = 10_000;
    const state = new FleetState({ now: () => now, configuredSources: { log: true, push: false }, logSilenceSeconds: 600 });
    const lines: string[] = [];
    const check = createLogProblemReporter(state, createLogger({ level: 'info', write: (l) => lines.push(l) }), '/var/log/ufo/server.log');
    const problem = (p: string) => parseMetrics(new CatalogueRenderer({ view: state, maxSeries: 10, now: () => now }).render()).value('ufo_exporter_log_problem', { problem: p });
    state.recordLinesRead(5);
    state.apply({ type: 'clients_snapshot', source: 'api', at: now, clients: [{ clientId: 'win-1' }] });
    state.apply({ type: 'upstream_status', source: 'api', at: now, up: true });
    now += 600;
    check();
    expect(problem('silent')).toBe(0);
    now += 1;
    check();
    check();
    expect(problem('silent')).toBe(1);
    expect(buildStatusDocument(state, { listLimit: 10, version: 'test', server: { name: 'test', url: 'http://ufo:8000' }, startedAt: 0, now, alerts: { configured: false } }).sessions.sourceProblem).toContain(
      'has written nothing for more than 600 s while clients are connected',
    );
    expect(lines.filter((l) => l.includes('UFO server log silent while clients are connected'))).toHaveLength(1);
    // No client connected: an idle server's quiet log is no problem.
    state.apply({ type: 'clients_snapshot', source: 'api', at: now, clients: [] });
    expect(problem('silent')).toBe(0);
    state.apply({ type: 'clients_snapshot', source: 'api', at: now, clients: [{ clientId: 'win-1' }] });
    expect(problem('silent')).toBe(1);
    state.recordLinesRead(1);
    check();
    expect(problem('silent')).toBe(0);
    expect(lines.filter((l) => l.includes('feeds the exporter again'))).toHaveLength(1);
  });
});
