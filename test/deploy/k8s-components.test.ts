/**
 * The k8s components that feed the exporter the UFO server's log (k8s/components/server-log-sidecar)
 * or its pushed events (k8s/components/events-socket), rendered by kubectl's own kustomize from the
 * overlays in test/fixtures/k8s/ (written as an operator would), then validated against the API
 * schemas and checked for what makes the exporter read the log: one exporter, beside the server, the
 * log volume shared read-only, flags the exporter has.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { IContainer, IVolume } from 'kubernetes-models/v1';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IService } from 'kubernetes-models/v1';
import { REPO_ROOT } from '../../scripts/build/run';
import { unknownExporterFlags } from './exporter-flags';
import { validateResource, type LoadedResource } from './k8s-manifests';

function render(overlay: string): LoadedResource[] {
  const dir = join(REPO_ROOT, 'test/fixtures/k8s', overlay);
  const out = execFileSync('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return parseAllDocuments(out).map((doc) => {
    const object = doc.toJS() as Record<string, unknown> & { apiVersion: string; kind: string };
    return { file: `kustomize ${overlay}`, apiVersion: object.apiVersion, kind: object.kind, object };
  });
}

const named = <T>(resources: LoadedResource[], kind: string, name: string): T | undefined =>
  resources.find((r) => r.kind === kind && (r.object.metadata as { name?: string }).name === name)?.object as T | undefined;
const flag = (container: IContainer, name: string): string | undefined =>
  container.args?.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
/** The volume mounted at the directory holding `file` in `container`, with the mount. */
function mountOf(container: IContainer, file: string): { name: string; readOnly: boolean } | undefined {
  const m = container.volumeMounts?.find((v) => v.mountPath === posix.dirname(file));
  return m && { name: m.name, readOnly: m.readOnly === true };
}

describe('k8s component: the exporter as a sidecar of the UFO server, reading its log', () => {
  const resources = render('server-log-sidecar');

  it('renders resources that validate against their API schemas', () => {
    // The base's resources, the dashboards' ConfigMaps among them; the component adds no kind.
    expect([...new Set(resources.map((r) => r.kind))].sort()).toEqual(['ConfigMap', 'Deployment', 'PrometheusRule', 'Service', 'ServiceMonitor']);
    for (const r of resources) validateResource(r);
  });

  it('runs one exporter, in the server pod, reading the log from the volume the server writes, read-only', () => {
    expect(named(resources, 'Deployment', 'ufo-exporter')).toBeUndefined();
    const pod = named<IDeployment>(resources, 'Deployment', 'ufo-server')!.spec!.template;
    const [server, exporter, ...others] = pod.spec!.containers;
    expect([server?.name, exporter?.name, others.length]).toEqual(['ufo-server', 'ufo-exporter', 0]);
    const logFile = flag(exporter!, 'ufo.log-file')!;
    expect(logFile).toMatch(/^\/.+\.log$/);
    const exporterMount = mountOf(exporter!, logFile);
    expect(exporterMount).toEqual({ name: expect.any(String), readOnly: true });
    expect(mountOf(server!, logFile)).toEqual({ name: exporterMount!.name, readOnly: false });
    const volume = pod.spec!.volumes!.find((v: IVolume) => v.name === exporterMount!.name);
    expect(volume?.emptyDir).toBeDefined();
    // Same pod: the server on loopback, so its access log names the exporter's probes by their own ports.
    expect(new URL(flag(exporter!, 'ufo.url')!).hostname).toBe('127.0.0.1');
    expect(unknownExporterFlags(exporter!.args ?? [])).toEqual([]);
    // The API key Secret is mounted where --ufo.api-key-file reads it.
    expect(mountOf(exporter!, flag(exporter!, 'ufo.api-key-file')!)?.readOnly).toBe(true);
  });

  it("the exporter's Service selects the server pods, on the exporter's metrics port", () => {
    const deployment = named<IDeployment>(resources, 'Deployment', 'ufo-server')!;
    const service = named<IService>(resources, 'Service', 'ufo-exporter')!;
    const labels = deployment.spec!.template.metadata!.labels!;
    expect(Object.entries(service.spec!.selector!).every(([k, v]) => labels[k] === v)).toBe(true);
    const exporter = deployment.spec!.template.spec!.containers.find((c) => c.name === 'ufo-exporter')!;
    for (const port of service.spec!.ports!) expect(exporter.ports?.map((p) => p.name)).toContain(port.targetPort ?? port.name);
    // Everything in the server's namespace (a Service selects pods of its own).
    expect(new Set(resources.map((r) => (r.object.metadata as { namespace?: string }).namespace))).toEqual(new Set(['ufo']));
  });
});

describe('k8s component: the /events alternative', () => {
  const resources = render('events-socket');

  it('renders resources that validate against their API schemas', () => {
    for (const r of resources) validateResource(r);
  });

  it('turns the event socket on with a token read from a mounted Secret', () => {
    const exporter = named<IDeployment>(resources, 'Deployment', 'ufo-exporter')!.spec!.template.spec!.containers[0]!;
    const tokenFile = flag(exporter, 'events.token-file')!;
    const mount = mountOf(exporter, tokenFile);
    expect(mount?.readOnly).toBe(true);
    const volume = named<IDeployment>(resources, 'Deployment', 'ufo-exporter')!.spec!.template.spec!.volumes!.find((v) => v.name === mount!.name);
    expect(volume?.secret?.secretName).toBe('ufo-exporter-events-token');
    expect(unknownExporterFlags(exporter.args ?? [])).toEqual([]);
    expect(dirname(tokenFile)).not.toBe(dirname(flag(exporter, 'ufo.api-key-file')!));
  });
});
