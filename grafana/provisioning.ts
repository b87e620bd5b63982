/**
 * Grafana provisioning files: the Prometheus datasource and a dashboards provider that loads the
 * generated JSON. Paths are those of Grafana's container image, which docker-compose mounts; to use
 * them in an existing Grafana, copy them into its provisioning directory and edit the URL and path.
 */
import { stringify } from 'yaml';
import { rules } from './alert-thresholds';
import { DASHBOARD_TAG } from './uids';

/** Where the dashboards provider reads the JSON (grafana/dashboards/ is mounted there). */
export const DASHBOARDS_PATH = '/var/lib/grafana/dashboards';
/** The Prometheus service of docker-compose.yml. */
export const PROMETHEUS_URL = 'http://prometheus:9090';
/** Stable datasource uid, so links and API calls can name it. */
export const DATASOURCE_UID = 'ufo-prometheus';

export function datasourceProvisioning(): string {
  return stringify({
    apiVersion: 1,
    datasources: [
      {
        name: 'UFO Prometheus',
        uid: DATASOURCE_UID,
        type: 'prometheus',
        access: 'proxy',
        url: PROMETHEUS_URL,
        isDefault: true,
        editable: false,
        jsonData: {
          // The scrape interval: Grafana's $__rate_interval is at least four times this.
          timeInterval: rules.scrapeInterval,
          httpMethod: 'POST',
        },
      },
    ],
  });
}

export function dashboardsProvisioning(): string {
  return stringify({
    apiVersion: 1,
    providers: [
      {
        name: 'ufo-monitoring',
        orgId: 1,
        folder: 'UFO',
        folderUid: DASHBOARD_TAG,
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: DASHBOARDS_PATH, foldersFromFilesStructure: false },
      },
    ],
  });
}
