/**
 * The mergeable fragment (alertmanager/generated/ufo-route.yml) in someone else's Alertmanager: a
 * foreign config with its own root receiver and a catch-all critical route, merged the way
 * docs/drop-in.md says (scripts/merge-alertmanager.ts), checked by real amtool: UFO alerts reach the
 * UFO receivers, foreign alerts reach exactly the receivers they reached before the merge.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FRAGMENT_FILE } from '../../alertmanager/generator';
import type { LooseConfig } from '../../alertmanager/merge';
import { TEMPLATE_FILE } from '../../alertmanager/templates';
import { REPO_ROOT } from '../../scripts/build/run';
import { useTempDir } from '../helpers/temp-dir';
import { amtool } from './amtool';

/** Another team's config: everything critical pages them, everything else goes to their Slack. */
const FOREIGN: LooseConfig = {
  route: {
    receiver: 'ops-default',
    group_by: ['alertname'],
    routes: [
      { matchers: ['severity="critical"'], receiver: 'ops-pager' },
      { matchers: ['team="platform"'], receiver: 'ops-platform' },
    ],
  },
  receivers: [
    { name: 'ops-default', webhook_configs: [{ url: 'http://127.0.0.1:9/default' }] },
    { name: 'ops-pager', webhook_configs: [{ url: 'http://127.0.0.1:9/pager' }] },
    { name: 'ops-platform', webhook_configs: [{ url: 'http://127.0.0.1:9/platform' }] },
  ],
  inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname'] }],
};

const UFO_CASES: readonly [Record<string, string>, string][] = [
  [{ alertname: 'UfoServerDown', severity: 'critical', service: 'ufo' }, 'ufo-critical'],
  [{ alertname: 'UfoLowDeviceCount', severity: 'warning', service: 'ufo' }, 'ufo-warning'],
  [{ alertname: 'UfoSessionStuck', severity: 'critical', service: 'ufo', team: 'platform' }, 'ufo-platform-critical'],
  [{ alertname: 'UfoWatchdog', severity: 'none', service: 'ufo' }, 'ufo-deadmans-switch'],
  [{ alertname: 'UfoSomething', service: 'ufo' }, 'ufo-default'],
];

/** The examples: node and kube alerts the old whole-config routing sent to the UFO on-call. */
const FOREIGN_CASES: readonly Record<string, string>[] = [
  { alertname: 'NodeFilesystemAlmostOutOfSpace', severity: 'critical' },
  { alertname: 'KubeJobFailed', severity: 'warning' },
  { alertname: 'KubeJobFailed', severity: 'warning', team: 'platform' },
  { alertname: 'UfoLookalike', severity: 'critical', service: 'not-ufo' },
  { alertname: 'Watchdog', severity: 'none' },
];

const asArgs = (labels: Readonly<Record<string, string>>): string[] => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

async function routesTo(configFile: string, labels: Readonly<Record<string, string>>): Promise<string[]> {
  const r = await amtool(['config', 'routes', 'test', `--config.file=${configFile}`, ...asArgs(labels)]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim().split(',');
}

describe('the UFO fragment merged into a foreign Alertmanager config', () => {
  const dir = useTempDir('ufo-fragment-');
  const paths = () => ({ foreign: join(dir.path, 'generated', 'foreign.yml'), merged: join(dir.path, 'generated', 'merged.yml') });

  it('merges with the documented command into a config amtool accepts', async () => {
    // Same layout as the repository: the fragment's templates glob (../templates/*.tmpl) resolves.
    await mkdir(join(dir.path, 'generated'), { recursive: true });
    await mkdir(join(dir.path, 'templates'), { recursive: true });
    await copyFile(join(REPO_ROOT, TEMPLATE_FILE), join(dir.path, 'templates', 'ufo.tmpl'));
    await writeFile(paths().foreign, stringify(FOREIGN));
    const { stdout } = await promisify(execFile)('npx', ['tsx', join(REPO_ROOT, 'scripts/merge-alertmanager.ts'), paths().foreign, join(REPO_ROOT, FRAGMENT_FILE)], {
      cwd: REPO_ROOT,
      timeout: 60_000,
    });
    await writeFile(paths().merged, stdout);
    const check = await amtool(['check-config', paths().merged]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/- 1 templates/);
  });

  it.each(UFO_CASES)('UFO alert %o reaches %s', async (labels, receiver) => {
    expect(await routesTo(paths().merged, labels)).toEqual([receiver]);
  });

  it.each(FOREIGN_CASES)('foreign alert %o reaches what it reached before the merge', async (labels) => {
    const before = await routesTo(paths().foreign, labels);
    expect(before.every((r) => r.startsWith('ops-'))).toBe(true);
    expect(await routesTo(paths().merged, labels)).toEqual(before);
  });

  it('keeps the foreign config intact and scopes every UFO inhibition to UFO alerts on both sides', async () => {
    const merged = parse(await readFile(paths().merged, 'utf8')) as LooseConfig & { route: { routes: unknown[] } };
    const fragment = parse(await readFile(join(REPO_ROOT, FRAGMENT_FILE), 'utf8')) as LooseConfig & { inhibit_rules: { source_matchers: string[]; target_matchers: string[] }[] };
    expect(merged.route.routes.slice(1)).toEqual(FOREIGN.route?.routes);
    expect(merged.route.receiver).toBe('ops-default');
    expect(merged.inhibit_rules?.[0]).toEqual(FOREIGN.inhibit_rules?.[0]);
    expect(Object.keys(fragment).sort()).toEqual(['inhibit_rules', 'receivers', 'route', 'templates']);
    expect(fragment.inhibit_rules.length).toBeGreaterThan(0);
    for (const rule of fragment.inhibit_rules) {
      expect(rule.source_matchers).toContain('service="ufo"');
      expect(rule.target_matchers).toContain('service="ufo"');
    }
  });
});
