/**
 * Loads the Kubernetes manifests listed in k8s/kustomization.yaml and validates each resource with
 * the typed models of `kubernetes-models` / `@kubernetes-models/prometheus-operator` (their
 * `validate()` checks the object against the API's OpenAPI schema and throws naming the field).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Service, type IConfigMap, type IService } from 'kubernetes-models/v1';
import {
  Alertmanager,
  Probe,
  Prometheus,
  PrometheusRule,
  ServiceMonitor,
  type IAlertmanager,
  type IProbe,
  type IPrometheus,
  type IPrometheusRule,
  type IServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { REPO_ROOT } from '../../scripts/build/run';

export const KUSTOMIZATION = join(REPO_ROOT, 'k8s', 'kustomization.yaml');

export interface LoadedResource {
  /** Repo-relative file the resource came from. */
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: Record<string, unknown>;
}

/**
 * The validating constructor of each kind the bundle ships. The casts hand a parsed YAML object
 * to the model, whose `validate()` is exactly the check that the cast is not yet justified.
 */
const validators: Record<string, (obj: Record<string, unknown>) => void> = {
  'apps/v1 Deployment': (o) => new Deployment(o as unknown as IDeployment).validate(),
  'v1 Service': (o) => new Service(o as unknown as IService).validate(),
  'v1 ConfigMap': (o) => new ConfigMap(o as unknown as IConfigMap).validate(),
  'monitoring.coreos.com/v1 ServiceMonitor': (o) => new ServiceMonitor(o as unknown as IServiceMonitor).validate(),
  'monitoring.coreos.com/v1 PrometheusRule': (o) => new PrometheusRule(o as unknown as IPrometheusRule).validate(),
  'monitoring.coreos.com/v1 Probe': (o) => new Probe(o as unknown as IProbe).validate(),
  'monitoring.coreos.com/v1 Prometheus': (o) => new Prometheus(o as unknown as IPrometheus).validate(),
  'monitoring.coreos.com/v1 Alertmanager': (o) => new Alertmanager(o as unknown as IAlertmanager).validate(),
};

export function kustomizationResources(file = KUSTOMIZATION): string[] {
  const k = parse(readFileSync(file, 'utf8')) as { resources?: unknown };
  if (!Array.isArray(k.resources) || !k.resources.every((r) => typeof r === 'string'))
    throw new Error(`${file}: "resources" must be a list of paths`);
  return k.resources.map((r: string) => join(dirname(file), r));
}

export function loadResources(files: readonly string[]): LoadedResource[] {
  const out: LoadedResource[] = [];
  for (const abs of files) {
    const file = relative(REPO_ROOT, abs);
    for (const doc of parseAllDocuments(readFileSync(abs, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: YAML error: ${doc.errors[0]?.message}`);
      const object = doc.toJS() as unknown;
      if (object === null) continue;
      if (typeof object !== 'object' || Array.isArray(object)) throw new Error(`${file}: a document is not a mapping`);
      const { apiVersion, kind } = object as { apiVersion?: unknown; kind?: unknown };
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error(`${file}: a document has no apiVersion/kind`);
      out.push({ file, apiVersion, kind, object: object as Record<string, unknown> });
    }
  }
  return out;
}

/** Throws `<file>: <kind> <name>: <schema error>` for an invalid or unknown resource. */
export function validateResource(r: LoadedResource): void {
  const validate = validators[`${r.apiVersion} ${r.kind}`];
  const name = String((r.object.metadata as { name?: unknown } | undefined)?.name ?? '?');
  if (!validate) throw new Error(`${r.file}: ${r.apiVersion} ${r.kind} ${name}: no typed model registered for this kind`);
  try {
    validate(r.object);
  } catch (err) {
    throw new Error(`${r.file}: ${r.kind} ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
