/**
 * Generates the operator resources of k8s/ from the bundle config (`npm run build:rules`), into
 * k8s/generated/ inside the kustomization's folder (so `kubectl apply -k k8s` needs no
 * `--load-restrictor`):
 * - servicemonitor.yaml — scrapes the exporter's Service, sets `job` to the config's `job` (what
 *   every rule and dashboard selects), carries `kubernetes.labels` (the operator's selector);
 * - grafana-dashboards.yaml — one ConfigMap per dashboard with the Grafana sidecar's label
 *   (`grafana_dashboard: "1"`), which kube-prometheus-stack's Grafana loads from any namespace it watches;
 * - prometheus-rule.yaml is written by the rules generator (rules/generator.ts) into the same folder.
 */
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { stringify } from 'yaml';
import { allDashboards } from '../../grafana/boards/index';
import type { BundleConfig } from '../../bundle/config';
import type { Generator } from '../build/generated';

export const K8S_GENERATED_DIR = 'k8s/generated';
export const SERVICE_MONITOR_FILE = `${K8S_GENERATED_DIR}/servicemonitor.yaml`;
export const DASHBOARD_CONFIGMAPS_FILE = `${K8S_GENERATED_DIR}/grafana-dashboards.yaml`;

/** The label the Grafana sidecar (kiwigrid k8s-sidecar, as in kube-prometheus-stack) loads dashboards by. */
export const GRAFANA_SIDECAR_LABEL = { grafana_dashboard: '1' } as const;

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

/** The dashboards as ConfigMaps, one per dashboard, for Grafana's dashboard sidecar. */
export function dashboardConfigMaps(config: BundleConfig): ConfigMap[] {
  return allDashboards(config).map((d) => {
    const map = new ConfigMap({
      metadata: {
        name: `grafana-dashboard-${d.uid ?? 'unnamed'}`,
        namespace: config.kubernetes.namespace,
        labels: { ...GRAFANA_SIDECAR_LABEL, 'app.kubernetes.io/part-of': 'ufo-monitoring', 'app.kubernetes.io/component': 'dashboards' },
        // The sidecar puts the dashboards in this Grafana folder.
        annotations: { grafana_folder: config.grafana.folder },
      },
      data: { [`${d.uid ?? 'unnamed'}.json`]: `${JSON.stringify(d, null, 2)}\n` },
    });
    map.validate();
    return map;
  });
}

export const k8sGenerator: Generator = {
  name: 'k8s',
  sources: 'scripts/stack/k8s-generator.ts, grafana/boards/*.ts, bundle/defaults.ts',
  ownedDirs: [K8S_GENERATED_DIR],
  generate: (config) => [
    { path: SERVICE_MONITOR_FILE, content: stringify(serviceMonitor(config).toJSON(), { lineWidth: 0 }) },
    { path: DASHBOARD_CONFIGMAPS_FILE, content: dashboardConfigMaps(config).map((m) => stringify(m.toJSON(), { lineWidth: 0 })).join('---\n') },
  ],
};
