/**
 * The generated outputs: the PrometheusRule is a valid resource (typed model + schema) holding the
 * same groups as the plain rule file; runbook and dashboard links resolve; the config drives the output.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/build/run';
import { defaultRulesConfig, withRulesConfig } from '../../rules/config';
import { PROMETHEUS_RULE_FILE, RULE_FILE } from '../../rules/generator';
import { prometheusRule, renderRuleFile } from '../../rules/render';
import { allAlerts, buildRules } from '../../rules/rules';
import { headingAnchor, readRunbookAnchors } from '../../rules/runbooks';

const readYaml = async (path: string) => parse(await readFile(join(REPO_ROOT, path), 'utf8')) as Record<string, unknown>;

describe('PrometheusRule resource', () => {
  it('validates against the operator schema and carries the plain rule file groups', async () => {
    const doc = await readYaml(PROMETHEUS_RULE_FILE);
    const resource = new PrometheusRule(doc as ConstructorParameters<typeof PrometheusRule>[0]);
    expect(() => resource.validate()).not.toThrow();
    expect(resource.metadata?.name).toBe('ufo-monitoring-rules');
    expect(resource.metadata?.labels).toMatchObject({ 'app.kubernetes.io/name': 'ufo-monitoring' });
    expect(resource.spec.groups).toEqual((await readYaml(RULE_FILE)).groups);
  });

  it('is rejected by the schema when a group has no name (the validation can fail)', () => {
    const invalid = new PrometheusRule({ metadata: { name: 'x' }, spec: { groups: [{ rules: [] } as unknown as { name: string }] } });
    expect(() => invalid.validate()).toThrow(/name/);
  });

  it('takes name, namespace and labels from the config', () => {
    const config = withRulesConfig({ prometheusRule: { name: 'ufo', namespace: 'monitoring', labels: { prometheus: 'k8s' } } });
    const resource = prometheusRule(buildRules(config), config);
    expect(resource.metadata).toEqual({ name: 'ufo', namespace: 'monitoring', labels: { prometheus: 'k8s' } });
  });
});

describe('links in annotations', () => {
  const alerts = allAlerts(buildRules(defaultRulesConfig));
  const anchors = readRunbookAnchors();

  it.each(alerts.map((a) => [a.alert, a.annotations.runbook_url] as const))('%s links a section of docs/runbooks.md', (_, url) => {
    const [base, anchor] = url.split('#');
    expect(base).toBe(defaultRulesConfig.runbookBaseUrl);
    expect(base).toMatch(/docs\/runbooks\.md$/);
    expect(anchors.has(anchor ?? '')).toBe(true);
  });

  it('every alert except the Watchdog links one of the dashboards by its uid', () => {
    const uids = Object.values(defaultRulesConfig.dashboardUids).map((uid) => `${defaultRulesConfig.grafanaUrl}/d/${uid}`);
    for (const a of alerts.filter((x) => x.alert !== 'UfoWatchdog')) expect(uids, a.alert).toContain(a.annotations.dashboard_url);
  });

  it('computes GitHub heading anchors', () => {
    expect(headingAnchor('UfoServerDown')).toBe('ufoserverdown');
    expect(headingAnchor('Error budget: 30 days')).toBe('error-budget-30-days');
  });
});

describe('buildRules(config)', () => {
  it('adds the team label to every alert only when configured', () => {
    expect(allAlerts(buildRules(defaultRulesConfig)).some((a) => 'team' in a.labels)).toBe(false);
    const withTeam = allAlerts(buildRules(withRulesConfig({ team: 'ufo-ops' })));
    expect(withTeam.every((a) => a.labels.team === 'ufo-ops')).toBe(true);
  });

  it('renders thresholds and windows from the config (one place to change them)', () => {
    const config = withRulesConfig({ minDevices: 5, lowDevicesFor: '2m', stuckSessionSeconds: 7200, exporterSelector: 'job="ufo"' });
    const text = renderRuleFile(buildRules(config));
    expect(text).toContain('< 5 > 0');
    expect(text).toContain('(limit 2h)');
    expect(text).toContain('absent(up{job="ufo"})');
    expect(text).not.toContain('job="ufo-exporter"');
    const low = allAlerts(buildRules(config)).find((a) => a.alert === 'UfoLowDeviceCount');
    expect(low?.for).toBe('2m');
  });

  it('uses the SLO objectives in the burn-rate recording rules', () => {
    const text = renderRuleFile(buildRules(withRulesConfig({ slos: { api_availability: { objective: 0.99, description: 'x', pageOnBurn: true } } })));
    expect(text).toContain('vector(0.99)');
    expect(text).toMatch(/ufo:slo_errors:ratio_rate1h\{slo="api_availability"\} \/ 0\.01\b/);
  });
});
