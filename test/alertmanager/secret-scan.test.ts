/**
 * No secret in any generated file: every file `npm run build:rules` produces (taken from the
 * generators themselves, so a new generator is scanned without editing this test), plus the
 * hand-written deployment files. The scanner itself is tested on samples so the scan cannot pass
 * vacuously.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../alertmanager/secret-scan';
import { defaultBundleConfig } from '../../bundle/defaults';
import { generators } from '../../scripts/build/generators';
import { renderAll, REPO_ROOT } from '../../scripts/build/run';

/** Hand-written deployment files that reference secrets (by path) and must never hold one. */
const HAND_WRITTEN = ['docker-compose.yml', 'Dockerfile', 'k8s'];

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(join(REPO_ROOT, path), { withFileTypes: true }).catch(() => undefined);
  if (entries === undefined) return [path];
  const files: string[] = [];
  for (const e of entries) files.push(...(await filesUnder(`${path}/${e.name}`)));
  return files;
}

describe('secret scan', () => {
  it('finds no key, token, password or webhook URL in any generated or deployment file', async () => {
    // Every generator's output, generated once (the bundle schema builds a TypeScript program):
    // the Alertmanager config, rules, dashboards, deploy/, docs.
    const scanned = new Map<string, string>();
    for (const g of generators) {
      const files = await renderAll([g], defaultBundleConfig);
      expect(files.size, g.name).toBeGreaterThan(0);
      for (const [path, text] of files) scanned.set(path, text);
    }
    for (const path of (await Promise.all(HAND_WRITTEN.map(filesUnder))).flat())
      scanned.set(path, await readFile(join(REPO_ROOT, path), 'utf8'));
    const findings = [...scanned].flatMap(([path, text]) => findSecrets(path, text));
    expect(findings).toEqual([]);
    expect(scanned.has('alertmanager/generated/alertmanager.yml')).toBe(true);
    expect(scanned.has('deploy/prometheus/prometheus.yml')).toBe(true);
  });

  it.each([
    ['routing_key: 0123456789abcdef0123456789abcdef', 'inline secret field'],
    ['    api_url: https://hooks.slack.com/services/T000/B000/XXXXXXXX', 'Slack webhook URL'],
    ['  "password": "hunter2"', 'inline secret field'],
    ['auth_password: s3cret', 'inline secret field'],
    ['slack_api_url: "https://example.com/hook"', 'inline secret field'],
    ['token: xoxb-1234567890-abcdefghij', 'Slack token'],
    ['url: https://user:pass@deadmans.example.com/ping', 'URL with credentials'],
    ['url: https://nosnch.in/abc?token=abcdef', 'URL with a token parameter'],
    ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', 'bearer token'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'private key'],
    ['key 0123456789abcdef0123456789abcdef', 'integration key'],
  ])('flags %s', (line, rule) => {
    expect(findSecrets('sample.yml', line).map((f) => f.rule)).toContain(rule);
  });

  it.each([
    'routing_key_file: /etc/alertmanager/secrets/pagerduty_routing_key_oncall',
    'api_url_file: /etc/alertmanager/secrets/slack_api_url_oncall',
    'auth_password_file: /etc/alertmanager/secrets/smtp_password',
    "text: '{{ template \"ufo.message.text\" . }}'",
    'credentials_file: /etc/alertmanager/secrets/deadmans_switch_token',
    'password: ""',
    'url: http://127.0.0.1:9093/#/silences/new?filter=%7Balertname%3D%22X%22%7D',
  ])('does not flag %s', (line) => {
    expect(findSecrets('sample.yml', line)).toEqual([]);
  });

  it('names the file and line of a finding', () => {
    expect(findSecrets('a.yml', 'ok: 1\npassword: hunter2\n')).toEqual([{ file: 'a.yml', line: 2, rule: 'inline secret field', excerpt: 'password: hunt…' }]);
  });
});
