import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dashboardFiles } from '../../grafana/generator';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { defaultBundleConfig } from '../../bundle/defaults';
import { REPO_ROOT } from '../../scripts/build/run';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IService } from 'kubernetes-models/v1';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { unknownExporterFlags } from './exporter-flags';
import { kustomizationResources, loadResources, validateResource, type LoadedResource } from './k8s-manifests';

const files = kustomizationResources();
const resources = loadResources(files.filter((f) => existsSync(f)));

function only<T>(kind: string): T {
  const found = resources.filter((r) => r.kind === kind);
  expect(found, `exactly one ${kind} in k8s/`).toHaveLength(1);
  return found[0]!.object as T;
}

describe('k8s manifests', () => {
  it('every file the kustomization lists exists (including the generated PrometheusRule)', () => {
    expect(files.filter((f) => !existsSync(f))).toEqual([]);
  });

  it('every resource validates against its API schema (typed models)', () => {
    expect([...new Set(resources.map((r) => r.kind))].sort()).toEqual(['ConfigMap', 'Deployment', 'PrometheusRule', 'Service', 'ServiceMonitor']);
    for (const r of resources) validateResource(r);
  });

  it('the validation rejects a broken resource, naming the field', () => {
    const deployment = resources.find((r) => r.kind === 'Deployment')!;
    const broken: LoadedResource = {
      ...deployment,
      object: { ...deployment.object, spec: { ...(deployment.object.spec as object), replicas: 'one' } },
    };
    expect(() => validateResource(broken)).toThrow(/replicas/);
  });

  const deployment = only<IDeployment>('Deployment');
  const pod = deployment.spec!.template.spec!;
  const container = pod.containers[0]!;

  it('the exporter has liveness and readiness probes on its health endpoints, and resource limits', () => {
    expect(container.livenessProbe?.httpGet?.path).toBe('/-/healthy');
    expect(container.readinessProbe?.httpGet?.path).toBe('/-/ready');
    expect(container.resources?.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it('passes only flags the exporter has', () => {
    expect(container.args?.length).toBeGreaterThan(0);
    expect(unknownExporterFlags(container.args ?? [])).toEqual([]);
    expect(unknownExporterFlags(['--ufo.no-such-flag=1'])).toEqual(['--ufo.no-such-flag=1']);
  });

  it('runs as non-root with a read-only root filesystem and no capabilities', () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('reads the API key from a mounted Secret through --ufo.api-key-file, never from a flag value', () => {
    const args = container.args ?? [];
    expect(args.some((a) => a.startsWith('--ufo.api-key='))).toBe(false);
    const keyFile = args.find((a) => a.startsWith('--ufo.api-key-file='))?.split('=')[1];
    expect(keyFile, '--ufo.api-key-file is set').toBeDefined();
    const mount = (container.volumeMounts ?? []).find((m) => keyFile!.startsWith(`${m.mountPath}/`));
    expect(mount, `a volume is mounted above ${keyFile}`).toBeDefined();
    const volume = (pod.volumes ?? []).find((v) => v.name === mount!.name);
    expect(volume?.secret?.secretName).toBeTruthy();
  });

  it('probes, Service and ServiceMonitor name the same port, and the selectors match', () => {
    const service = only<IService>('Service');
    const monitor = only<IServiceMonitor>('ServiceMonitor');
    const portName = container.ports?.[0]?.name;
    expect(portName).toBeTruthy();
    expect(container.livenessProbe?.httpGet?.port).toBe(portName);
    expect(container.readinessProbe?.httpGet?.port).toBe(portName);
    const listen = (container.args ?? []).find((a) => a.startsWith('--web.listen-address='));
    expect(listen).toBe(`--web.listen-address=0.0.0.0:${container.ports?.[0]?.containerPort}`);
    expect(service.spec?.ports?.[0]).toMatchObject({ name: portName, targetPort: portName });
    const podLabels = deployment.spec!.template.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(service.spec?.selector ?? {})) expect(podLabels[k], `pod label ${k}`).toBe(v);
    const serviceLabels = service.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels ?? {})) expect(serviceLabels[k], `service label ${k}`).toBe(v);
    expect(monitor.spec.endpoints?.[0]?.port).toBe(service.spec?.ports?.[0]?.name);
    // The rules select job="<job>" (bundle config): the ServiceMonitor sets exactly that job.
    expect(monitor.spec.endpoints?.[0]?.relabelings).toContainEqual({ action: 'replace', targetLabel: 'job', replacement: defaultBundleConfig.job });
  });

  it('builds with plain `kubectl kustomize` (no --load-restrictor), every resource in the configured namespace with the operator selector labels', async () => {
    const { stdout } = await promisify(execFile)('kubectl', ['kustomize', join(REPO_ROOT, 'k8s')], { timeout: 60_000 });
    const built = parseAllDocuments(stdout).map((d) => d.toJS() as { kind: string; metadata: { namespace?: string; labels?: Record<string, string> } });
    expect([...new Set(built.map((r) => r.kind))].sort()).toEqual(['ConfigMap', 'Deployment', 'PrometheusRule', 'Service', 'ServiceMonitor']);
    for (const r of built) expect(r.metadata.namespace, r.kind).toBe(defaultBundleConfig.kubernetes.namespace);
    for (const kind of ['PrometheusRule', 'ServiceMonitor'])
      expect(built.find((r) => r.kind === kind)?.metadata.labels, kind).toMatchObject(defaultBundleConfig.kubernetes.labels);
  });

  it('ships every dashboard as a ConfigMap with the Grafana sidecar label, holding exactly the generated JSON', () => {
    const maps = resources.filter((r) => r.kind === 'ConfigMap').map((r) => r.object as { metadata: { labels: Record<string, string> }; data: Record<string, string> });
    const files = dashboardFiles(defaultBundleConfig);
    expect(maps).toHaveLength(files.length);
    for (const map of maps) expect(map.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    const shipped = Object.fromEntries(maps.flatMap((m) => Object.entries(m.data)));
    for (const f of files) expect(shipped[basename(f.path)], f.path).toBe(readFileSync(join(REPO_ROOT, f.path), 'utf8'));
  });
});
