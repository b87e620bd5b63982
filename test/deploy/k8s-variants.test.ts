/**
 * The k8s overlays for many servers and HA (k8s/multi-server, k8s/ha): each resource validates against
 * the operator's schema (typed models), and says what docs/multi-server.md promises.
 */
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IAlertmanager, IProbe, IPrometheus } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { EXPORTER_JOB } from '../../scripts/stack/prometheus-config';
import { defaultRulesConfig } from '../../rules/config';
import { KUSTOMIZATION, kustomizationResources, loadResources, validateResource, type LoadedResource } from './k8s-manifests';

function overlay(name: string): LoadedResource[] {
  const listed = kustomizationResources(KUSTOMIZATION.replace(/kustomization\.yaml$/, `${name}/kustomization.yaml`));
  for (const f of listed) expect(existsSync(f), f).toBe(true);
  // `../` is the base (k8s/), validated by test/deploy/k8s.test.ts; only the overlay's own files here.
  return loadResources(listed.filter((f) => statSync(f).isFile()));
}

function one<T>(resources: readonly LoadedResource[], kind: string): T {
  const found = resources.filter((r) => r.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!.object as T;
}

describe('k8s/multi-server', () => {
  const resources = overlay('multi-server');
  it('validates, and probes /probe with the job the rules select on', () => {
    for (const r of resources) validateResource(r);
    const probe = one<IProbe>(resources, 'Probe');
    expect(probe.spec.prober?.path).toBe('/probe');
    expect(defaultRulesConfig.exporterSelector).toBe(`job="${probe.spec.jobName}"`);
    expect(probe.spec.jobName).toBe(EXPORTER_JOB);
    expect(probe.spec.targets?.staticConfig?.static?.length).toBeGreaterThan(1);
  });
});

describe('k8s/ha', () => {
  const resources = overlay('ha');
  it('validates: a Prometheus pair labelled replica, three Alertmanager peers, retention past the SLO period', () => {
    for (const r of resources) validateResource(r);
    const prometheus = one<IPrometheus>(resources, 'Prometheus');
    expect(prometheus.spec.replicas).toBe(2);
    expect(prometheus.spec.replicaExternalLabelName).toBe('replica');
    expect(prometheus.spec.ruleSelector?.matchLabels).toMatchObject({ role: defaultRulesConfig.prometheusRule.labels.role });
    expect(Number(/^(\d+)d$/.exec(String(prometheus.spec.retention))?.[1])).toBeGreaterThan(30);
    expect(one<IAlertmanager>(resources, 'Alertmanager').spec.replicas).toBe(3);
  });

  it('the validation rejects a broken resource, naming the field', () => {
    const p = resources.find((r) => r.kind === 'Prometheus')!;
    expect(() => validateResource({ ...p, object: { ...p.object, spec: { ...(p.object.spec as object), replicas: 'two' } } })).toThrow(/replicas/);
  });
});
