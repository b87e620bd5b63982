/**
 * Generates the operator resources of k8s/ from the bundle config (`npm run build:rules`), into
 * k8s/generated/ inside the kustomization's folder (so `kubectl apply -k k8s` needs no
 * `--load-restrictor`):
 * - servicemonitor.yaml — scrapes the exporter's Service, sets `job` to the config's `job` (what
 *   every rule and dashboard selects), carries `kubernetes.labels` (the operator's selector);
 * - prometheus-rule.yaml is written by the rules generator (rules/generator.ts) into the same folder.
 */
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { stringify } from 'yaml';
import type { BundleConfig } from '../../bundle/config';
import type { Generator } from '../build/generated';

export const K8S_GENERATED_DIR = 'k8s/generated';
export const SERVICE_MONITOR_FILE = `${K8S_GENERATED_DIR}/servicemonitor.yaml`;

/** The exporter's Service (k8s/service.yaml): its selector label and port name. */
const EXPORTER_SERVICE = { label: { 'app.kubernetes.io/name': 'ufo-exporter' }, port: 'http-metrics' } as const;

export function serviceMonitor(config: BundleConfig): ServiceMonitor {
  const monitor = new ServiceMonitor({
    metadata: {
      name: 'ufo-exporter',
      namespace: config.kubernetes.namespace,
      labels: { ...EXPORTER_SERVICE.label, 'app.kubernetes.io/component': 'scrape', ...config.kubernetes.labels },
    },
    spec: {
      selector: { matchLabels: { ...EXPORTER_SERVICE.label } },
      endpoints: [
        {
          port: EXPORTER_SERVICE.port,
          path: '/metrics',
          interval: config.scrapeInterval,
          // The rules and dashboards select job="<job>", whatever the Service is called.
          relabelings: [{ action: 'replace', targetLabel: 'job', replacement: config.job }],
        },
      ],
    },
  });
  monitor.validate();
  return monitor;
}

export const k8sGenerator: Generator = {
  name: 'k8s',
  sources: 'scripts/stack/k8s-generator.ts, bundle/defaults.ts',
  ownedDirs: [K8S_GENERATED_DIR],
  generate: (config) => [{ path: SERVICE_MONITOR_FILE, content: stringify(serviceMonitor(config).toJSON(), { lineWidth: 0 }) }],
};
