import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs } from '../../scripts/simulator/cli-args';

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
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulator/main.ts', '--port', '0', '--api-key', 'K', '--devices', '2', '--constellations', '0', '--tick-ms', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no URL printed within 15 s')), 15_000);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const body = await (await fetch(`${url}/api/clients`, { headers: { 'X-API-Key': 'K' } })).json();
      expect((body as { online_clients: string[] }).online_clients).toHaveLength(2);
      const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
