/**
 * No secret in any generated file: the Alertmanager output, and the rules, Grafana, k8s and docs
 * output where those exist. The scanner itself is tested on samples so the scan cannot pass vacuously.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../alertmanager/secret-scan';
import { REPO_ROOT } from '../../scripts/build/run';

/** Where generated output lives; hand-written TS sources are not scanned. */
const GENERATED_ROOTS = ['alertmanager', 'rules', 'grafana', 'k8s', 'docs'];
const ROOT_FILES = ['docker-compose.yml'];

async function generatedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await generatedFiles(path)));
    else if (!e.name.endsWith('.ts')) files.push(path);
  }
  return files;
}

describe('secret scan', () => {
  it('finds no key, token, password or webhook URL in any generated file', async () => {
    const files = [
      ...(await Promise.all(GENERATED_ROOTS.map((d) => generatedFiles(join(REPO_ROOT, d))))).flat(),
      ...ROOT_FILES.map((f) => join(REPO_ROOT, f)),
    ];
    const findings = [];
    let scanned = 0;
    for (const file of files) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      scanned++;
      findings.push(...findSecrets(relative(REPO_ROOT, file), text));
    }
    expect(findings).toEqual([]);
    expect(scanned).toBeGreaterThanOrEqual(2); // at least the Alertmanager config and templates
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
