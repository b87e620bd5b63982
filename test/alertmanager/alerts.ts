/** Building alerts like the rules emit them and posting them to Alertmanager's v2 API. */
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFile } from 'node:fs/promises';
import { REPO_ROOT } from '../../scripts/build/run';
import { CONFIG_FILE } from '../../alertmanager/generator';
import { defaultBundleConfig } from '../../bundle/defaults';
import type { AlertmanagerConfig } from '../../alertmanager/schema';

export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL: string;
}

export const RUNBOOKS = 'https://github.com/example/ufo-monitoring/blob/main/docs/runbooks.md';
export const DASHBOARDS = 'http://grafana.local:3000/d/ufo-overview/ufo-overview';

export function alert(alertname: string, severity: string, instance: string, extraLabels: Record<string, string> = {}): PostableAlert {
  const anchor = alertname.toLowerCase();
  return {
    labels: { alertname, severity, instance, job: 'ufo', ...defaultBundleConfig.alertLabels, ...extraLabels },
    annotations: {
      summary: `${alertname} summary`,
      description: `${alertname} on ${instance}: the value that matters is 42.`,
      runbook_url: `${RUNBOOKS}#${anchor}`,
      dashboard_url: `${DASHBOARDS}?var-instance=${instance}`,
    },
    generatorURL: 'http://prometheus.local:9090/graph',
  };
}

/** The same alert, ended a minute ago: Alertmanager treats it as resolved. */
export function resolved(a: PostableAlert): PostableAlert {
  return { ...a, endsAt: new Date(Date.now() - 60_000).toISOString() };
}

export async function postAlerts(alertmanagerUrl: string, alerts: readonly PostableAlert[]): Promise<void> {
  const res = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
}

export interface AlertStatus {
  readonly labels: Record<string, string>;
  readonly status: { readonly state: 'active' | 'suppressed' | 'unprocessed'; readonly inhibitedBy: string[] };
}

export async function getAlerts(alertmanagerUrl: string): Promise<AlertStatus[]> {
  const res = await fetch(`${alertmanagerUrl}/api/v2/alerts`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET /api/v2/alerts: ${res.status}`);
  return (await res.json()) as AlertStatus[];
}

/** The committed generated config, exactly as Alertmanager would load it. */
export async function committedConfig(): Promise<AlertmanagerConfig> {
  return parse(await readFile(join(REPO_ROOT, CONFIG_FILE), 'utf8')) as AlertmanagerConfig;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
