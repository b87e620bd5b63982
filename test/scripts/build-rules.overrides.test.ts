/**
 * `npm run build:rules -- --config my.yaml --out DIR`, run as a user would: the keys the issue names
 * take effect everywhere, a one-line threshold change reaches the alert expression, the promtool
 * test text, the runbook and the dashboard threshold, the repository is not touched, and a bad file
 * is refused naming the file and every bad field.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { findDrift } from '../../scripts/build/run';
import { useTempDir } from '../helpers/temp-dir';
import { build } from './build-cli';

const USER_CONFIG = `
job: my-ufo
clusterLabel: cluster
runbookBaseUrl: https://wiki.example.org/ufo/runbooks.md
grafanaUrl: https://grafana.example.org
alertLabels: { tenant: acme }
kubernetes:
  namespace: observability
  labels: { release: kube-prometheus-stack }
rules:
  sessionFailureRatio: { warning: 0.3 }   # the one-line threshold change (critical stays 0.35)
`;

interface Rule { alert?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> }
interface Panel { title?: string; fieldConfig?: { defaults?: { thresholds?: { steps?: { value: number | null }[] } } }; panels?: Panel[] }


describe('build:rules --config --out', () => {
  const dir = useTempDir('ufo-bundle-');
  const out = () => join(dir.path, 'out');
  const read = (path: string) => readFile(join(out(), path), 'utf8');

  it('builds a user config into DIR and leaves the committed files alone', async () => {
    await writeFile(join(dir.path, 'my.yaml'), USER_CONFIG);
    await build(['--config', join(dir.path, 'my.yaml'), '--out', out()]);
    expect(await findDrift()).toEqual([]);
  });

  it('selects job="my-ufo" in every rule, labels every alert, links runbooks and Grafana', async () => {
    const groups = (parse(await read('rules/generated/ufo-rules.yml')) as { groups: { rules: Rule[] }[] }).groups;
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.expr).join('\n')).not.toContain('ufo-exporter');
    expect(rules.filter((r) => r.expr.includes('job="my-ufo"')).length).toBeGreaterThan(10);
    for (const a of rules.filter((r) => r.alert)) {
      expect(a.labels, a.alert).toMatchObject({ service: 'ufo', tenant: 'acme' });
      expect(a.annotations?.runbook_url).toMatch(/^https:\/\/wiki\.example\.org\/ufo\/runbooks\.md#/);
      if (a.annotations?.dashboard_url) expect(a.annotations.dashboard_url).toMatch(/^https:\/\/grafana\.example\.org\/d\//);
    }
  });

  it('routes on the labels in the Alertmanager fragment, and puts the k8s resources in the namespace with the labels', async () => {
    const fragment = parse(await read('alertmanager/generated/ufo-route.yml')) as { route: { matchers: string[] } };
    expect(fragment.route.matchers).toEqual(['service="ufo"', 'tenant="acme"']);
    const rule = parse(await read('k8s/generated/prometheus-rule.yaml')) as { metadata: { namespace: string; labels: Record<string, string> } };
    expect(rule.metadata.namespace).toBe('observability');
    expect(rule.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    const monitor = parse(await read('k8s/generated/servicemonitor.yaml')) as { metadata: { namespace: string; labels: Record<string, string> }; spec: { endpoints: { relabelings: unknown[] }[] } };
    expect(monitor.metadata).toMatchObject({ namespace: 'observability', labels: { release: 'kube-prometheus-stack' } });
    expect(monitor.spec.endpoints[0]?.relabelings).toContainEqual({ action: 'replace', targetLabel: 'job', replacement: 'my-ufo' });
    const maps = parseAllDocuments(await read('k8s/generated/grafana-dashboards.yaml')).map((d) => d.toJS() as { metadata: { namespace: string } });
    for (const m of maps) expect(m.metadata.namespace).toBe('observability');
  });

  it('the one-line threshold change reaches the alert expression, the promtool test text, the runbook and the dashboard', async () => {
    const rules = (parse(await read('rules/generated/ufo-rules.yml')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
    const failure = rules.filter((r) => r.alert === 'UfoHighSessionFailureRate');
    expect(failure.find((r) => r.labels?.severity === 'warning')?.expr).toContain('ratio_rate15m{job="my-ufo"} > 0.3)');
    expect(failure.find((r) => r.labels?.severity === 'critical')?.expr).toContain('ratio_rate15m{job="my-ufo"} > 0.35)');
    expect(await read('rules/generated/ufo-rules.test.yml')).toContain('failed (threshold 30%, at least 10 finished).');
    expect(await read('docs/runbooks.md')).toContain('More than <!--sessionFailureRatio.warning-->30% (warning) or <!--sessionFailureRatio.critical-->35% (critical,');
    const overview = JSON.parse(await read('grafana/dashboards/ufo-overview.json')) as { panels: Panel[]; templating: { list: { name: string; current?: { value?: unknown } }[] } };
    const panels = overview.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    const steps = panels.find((p) => p.title === 'Session failure ratio')?.fieldConfig?.defaults?.thresholds?.steps?.map((s) => s.value);
    expect(steps).toEqual([null, 0.3, 0.35]);
    expect(overview.templating.list.find((v) => v.name === 'job')?.current?.value).toBe('my-ufo');
  });

  it('with clusterLabel, every dashboard has a cluster variable and every query filters on it', async () => {
    for (const file of ['ufo-overview', 'ufo-sessions', 'ufo-clients', 'ufo-api', 'ufo-slo', 'ufo-exporter']) {
      const d = JSON.parse(await read(`grafana/dashboards/${file}.json`)) as { panels: (Panel & { targets?: { expr: string }[] })[]; templating: { list: { name: string }[] } };
      expect(d.templating.list.map((v) => v.name), file).toEqual(['datasource', 'cluster', 'job', 'server', 'instance']);
      const exprs = d.panels.flatMap((p) => [p, ...((p.panels ?? []) as typeof d.panels)]).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
      expect(exprs.length, file).toBeGreaterThan(0);
      for (const e of exprs) for (const sel of e.match(/\{[^}]*\}/g) ?? []) if (sel.includes('$job')) expect(sel, `${file}: ${e}`).toMatch(/cluster=~"\$cluster\|?"/);
    }
    const rules = await read('rules/generated/ufo-rules.yml');
    expect(rules).toContain('sum by (cluster, instance, job)');
  });

  it('refuses a bad file, naming the file and each bad field, and writes nothing', async () => {
    const bad = join(dir.path, 'bad.yaml');
    await writeFile(bad, 'job: 3\nrules: { devicesOfflinRatio: 0.3, minDevices: "x" }\nscrapeInterval: 15 seconds\n');
    const failed = await build(['--config', bad, '--out', join(dir.path, 'never')]).then(
      () => undefined,
      (err: { stderr?: string }) => err.stderr ?? '',
    );
    expect(failed).toContain(`${bad}: invalid bundle config:`);
    for (const line of ['job: must be string', 'rules.devicesOfflinRatio: unknown field', 'rules.minDevices: must be number', 'scrapeInterval: must match pattern'])
      expect(failed).toContain(line);
  });
});
