import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs } from '../../../scripts/simulator/cli-args';
import { startProcess } from '../../../scripts/stack/process';
import { waitFor } from '../../../scripts/stack/wait';

describe('simulator CLI flags', () => {
  it('parses every flag', () => {
    expect(
      parseSimulatorArgs(['--port', '0', '--api-key', 'K', '--devices', '7', '--constellations', '3', '--seed', '9', '--shape', 'rich', '--log-file', '/tmp/x.log', '--log-format', 'json', '--tick-ms', '250', '--host', '127.0.0.1']),
    ).toEqual({ apiKey: 'K', port: 0, devices: 7, constellations: 3, seed: 9, shape: 'rich', logFile: '/tmp/x.log', logFormat: 'json', tickMs: 250, host: '127.0.0.1' });
    expect(parseSimulatorArgs([], { UFO_API_KEY: 'from-env' })).toMatchObject({ apiKey: 'from-env', port: 8000, devices: 5, tickMs: 1000 });
    expect(parseSimulatorArgs(['--help'])).toBe('help');
  });

  it('names the bad flag', () => {
    expect(() => parseSimulatorArgs(['--api-key', 'K', '--devices', 'many'])).toThrow(/--devices: expected an integer >= 0, got "many"/);
    expect(() => parseSimulatorArgs(['--api-key', 'K', '--shape', 'round'])).toThrow(/--shape: expected ids\|rich/);
    expect(() => parseSimulatorArgs(['--api-key', 'K', '--log-format', 'xml'])).toThrow(/--log-format/);
    expect(() => parseSimulatorArgs(['--api-key', 'K', '--port', '-1'])).toThrow(/--port/);
    expect(() => parseSimulatorArgs(['--api-key', 'K', '--colour'])).toThrow(/--colour/);
    expect(() => parseSimulatorArgs([])).toThrow(/--api-key/);
  });

  it('starts, prints its URL, serves, and stops on SIGINT', async () => {
    const simulator = startProcess({
      name: 'simulator',
      command: process.execPath,
      args: ['--import', 'tsx', 'scripts/simulator/main.ts', '--port', '0', '--api-key', 'K', '--devices', '2', '--constellations', '0', '--tick-ms', '0'],
    });
    try {
      const url = await waitFor(async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(simulator.logs())?.[1], {
        what: 'the simulator to print its URL',
        timeoutMs: 15_000,
        intervalMs: 50,
        giveUpIf: () => simulator.exitStatus(),
      });
      const body = await (await fetch(`${url}/api/clients`, { headers: { 'X-API-Key': 'K' }, signal: AbortSignal.timeout(5_000) })).json();
      expect((body as { online_clients: string[] }).online_clients).toHaveLength(2);
      await simulator.stop(5_000, 'SIGINT');
      expect(simulator.exitStatus()).toBe('exited with code 0');
    } finally {
      await simulator.stop(1_000);
    }
  });
});
