/**
 * Case 6 of the hardening issue: a scheme-less `user:pass@host` printed the password; an
 * out-of-range port passed validation and died later with `Invalid URL` (exit 1); web-config errors
 * exited 1 as a JSON log line instead of 2 with one line; unknown UFO_EXPORTER_* variables were ignored.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../exporter/config';
import { thrownMessage } from '../helpers/thrown';
import { useTempDir } from '../helpers/temp-dir';
import { EXPORTER_BIN } from '../../scripts/stack/spawn-exporter';

const failure = (argv: string[], env: NodeJS.ProcessEnv = {}): string => thrownMessage(() => loadConfig(argv, env), ConfigError);

/** Runs the real command to its exit (it must exit by itself: a bad config never starts serving). */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [EXPORTER_BIN, '--web.listen-address=127.0.0.1:0', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('configuration errors', () => {
  const tmp = useTempDir('ufo-hostile-config-');

  it('never prints the password of a URL written without a scheme', () => {
    const errors = [failure(['--ufo.url=admin:hunter2@ufo-host:8000']), failure(['--alertmanager.url=am:hunter2@am-host'])];
    expect(errors[0]).toContain('ufo.url (flag --ufo.url) must be an http:// or https:// URL');
    expect(errors[0]).toContain('admin:***@ufo-host:8000');
    for (const message of errors) expect(message).not.toContain('hunter2');
  });

  it('names the setting of an out-of-range port at start-up', () => {
    expect(failure(['--ufo.url=http://admin:hunter2@ufo-host:99999'])).toBe('ufo.url (flag --ufo.url): port "99999" is out of range 1-65535');
    expect(failure(['--alertmanager.url=http://am:0'])).toContain('alertmanager.url (flag --alertmanager.url): port "0"');
    expect(loadConfig(['--ufo.url=http://ufo-host:8000'], {})).toMatchObject({ kind: 'run', config: { ufoUrl: 'http://ufo-host:8000' } });
  });

  it('refuses unknown UFO_EXPORTER_* variables, naming them', () => {
    const message = failure([], { UFO_EXPORTER_UFO_TIMEOUTT: '5s', UFO_EXPORTER_REVISION: 'abc', UFO_EXPORTER_UFO_TIMEOUT: '5s' });
    expect(message).toContain('UFO_EXPORTER_UFO_TIMEOUTT');
    expect(message).not.toContain('UFO_EXPORTER_REVISION');
  });

  it('exits 2 with one line for a bad port, an unknown variable and a bad web config', async () => {
    const web = path.join(tmp.path, 'web.yml');
    await writeFile(web, 'basic_auth_users:\n  alice: not-a-hash\n');
    const tlsWeb = path.join(tmp.path, 'tls.yml');
    await writeFile(tlsWeb, 'tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n');
    const cases = await Promise.all([
      run(['--ufo.url=http://ufo-host:70000']),
      run([], { UFO_EXPORTER_LOG_LEVLE: 'debug' }),
      run([`--web.config.file=${web}`]),
      run([`--web.config.file=${tlsWeb}`]),
    ]);
    const expected = ['ufo.url (flag --ufo.url): port', 'UFO_EXPORTER_LOG_LEVLE', 'basic_auth_users.alice: must be a bcrypt hash', /tls_server_config\.(cert|key)_file: cannot read/];
    cases.forEach((result, i) => {
      expect(result.status, result.stderr).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^ufo-exporter: invalid configuration: /);
      expect(lines[0]).toMatch(expected[i]!);
    });
  }, 60_000);
});
