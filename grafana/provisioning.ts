/**
 * Grafana provisioning files: the Prometheus datasource and a dashboards provider that loads the
 * generated JSON, from the bundle config's `grafana` section. The defaults suit the docker-compose
 * stack (Grafana's container paths, the `prometheus` service); in an existing Grafana set
 * `grafana.datasource.url` and `grafana.dashboardsPath` in a `--config` file (docs/drop-in.md).
 */
import { stringify } from 'yaml';
import type { BundleConfig } from '../bundle/config';

export function datasourceProvisioning(config: BundleConfig): string {
  const { datasource } = config.grafana;
  return stringify({
    apiVersion: 1,
    datasources: [
      {
        name: datasource.name,
        uid: datasource.uid,
        type: 'prometheus',
        access: 'proxy',
        url: datasource.url,
        // A shared Grafana keeps its own default datasource; the dashboards pick this one by
        // their `datasource` variable.
        isDefault: false,
        editable: false,
        jsonData: {
          // The scrape interval: Grafana's $__rate_interval is at least four times this.
          timeInterval: config.scrapeInterval,
          httpMethod: 'POST',
        },
      },
    ],
  });
}

export function dashboardsProvisioning(config: BundleConfig): string {
  const { grafana } = config;
  return stringify({
    apiVersion: 1,
    providers: [
      {
        name: 'ufo-monitoring',
        orgId: 1,
        folder: grafana.folder,
        folderUid: grafana.folderUid,
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: grafana.dashboardsPath, foldersFromFilesStructure: false },
      },
    ],
  });
}
