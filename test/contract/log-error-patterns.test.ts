/**
 * Error patterns through the REAL exporter process (bin/ufo-exporter.js --ufo.log-file): a server log
 * in the real format with the five ERROR records — two "Error in session …" for different
 * sessions (with tracebacks), a duplicate registration, an unconnected target device, a "Client … not
 * online" — gives exactly four error patterns summing to 5; a second process on the same log gives
 * the same label sets (patterns are stable across restarts), and the API key never shows.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/stack/wait';
import { spawnExporter, type SpawnedExporter } from '../../scripts/stack/spawn-exporter';
import { parseMetrics, type ParsedMetrics } from '../../scripts/stack/metrics-text';
import { useTempDir } from '../helpers/temp-dir';
import { FIXTURES } from '../helpers/log-parse';

const FIXTURE = 'error-patterns.txt';
/** The API key uvicorn wrote into the fixture's WebSocket lines. */
const KEY_IN_LOG = 'sk-live-4f9a8b7c6d5e4f3a2b1c';

describe('error patterns in the real exporter', () => {
  const tmp = useTempDir('ufo-e2e-errors-');
  let exporter: SpawnedExporter | undefined;
  afterEach(async () => {
    await exporter?.stop();
    exporter = undefined;
  });

  /** Starts an exporter on the log (the API unreachable: log metrics do not need it) and scrapes once it read every line. */
  async function scrapeAfterReading(logFile: string): Promise<{ body: string; metrics: ParsedMetrics }> {
    const lines = readFileSync(logFile, 'utf8').split('\n').length - 1;
    exporter = await spawnExporter(['--ufo.url=http://127.0.0.1:9', '--ufo.timeout=1s', `--ufo.log-file=${logFile}`, '--ufo.log-from-start']);
    const url = `${exporter.url}/metrics`;
    return waitFor(
      async () => {
        const body = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
        const metrics = parseMetrics(body);
        return metrics.valueOrZero('ufo_exporter_log_lines_read_total') >= lines ? { body, metrics } : undefined;
      },
      { what: `the exporter to read the ${lines} lines of ${logFile}`, timeoutMs: 15_000, intervalMs: 50 },
    );
  }

  it('counts the five ERROR records as four patterns, the same ones after a restart', async () => {
    const logFile = join(tmp.path, 'server.log');
    copyFileSync(join(FIXTURES, FIXTURE), logFile);

    const first = await scrapeAfterReading(logFile);
    const errors = first.metrics.series('ufo_log_errors_total');
    expect([...errors.entries()].sort()).toEqual(
      [
        ['level=error,logger=UFOWebSocketHandler,pattern=[WS] Error with client None: Client <str> is already registered; duplicate registrations are not allowed', 1],
        ['level=error,logger=UFOWebSocketHandler,pattern=[WS] Error with client None: Target device <str> is not connected', 1],
        ['level=error,logger=ufo.server.app,pattern=Client <id> not online', 1],
        ['level=error,logger=ufo.server.services.session_manager,pattern=[SessionManager] ❌ Error in session <id>: <str> object is not iterable [TypeError]', 2],
      ].sort(),
    );
    expect([...errors.values()].reduce((a, b) => a + b, 0)).toBe(5);
    expect(first.metrics.valueOrZero('ufo_log_messages_total', { level: 'error' })).toBe(5);
    expect(first.metrics.value('ufo_log_error_patterns_folded')).toBe(0);
    expect(first.metrics.value('ufo_log_error_patterns_limit')).toBe(100);
    expect(first.body).not.toContain(KEY_IN_LOG);
    await exporter?.stop();

    const second = await scrapeAfterReading(logFile);
    expect(second.metrics.series('ufo_log_errors_total')).toEqual(errors);
  });
});
