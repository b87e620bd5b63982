/**
 * What every UFO dashboard shares: tags, the `datasource` and `instance` variables, the link menu
 * to the other UFO dashboards (keeping time range and variables), the firing-alert annotations,
 * time settings — and rows of panels laid out on the 24-column grid.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue } from '../exporter/catalogue';
import type { BundleConfig } from '../bundle/config';
import { DATASOURCE } from './panels';
import { ufoAlerts } from './promql';
import { DASHBOARD_TAG } from './uids';

export interface RowSpec {
  /** Explicit and unique within the dashboard, like every panel id. */
  readonly id: number;
  readonly title: string;
  readonly panels: readonly cog.Builder<dashboard.Panel>[];
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly rows: readonly RowSpec[];
}

/** The scrape jobs of UFO exporters (only they have `ufo_server_info`): in a shared Prometheus, never another team's job. */
const JOB_QUERY = `label_values(${catalogue.serverInfo.name}, job)`;
/** The UFO servers by name (`ufo_server_info{server}`): what a person picks. */
const SERVER_QUERY = `label_values(${catalogue.serverInfo.name}{job=~"$job"}, server)`;
/** The variable every query filters on: the scrape `instance`(s) of the chosen servers. */
const INSTANCE_QUERY = `label_values(${catalogue.serverInfo.name}{job=~"$job", server=~"$server"}, instance)`;

function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .description('The Prometheus that scrapes the UFO exporter.')
    .type('prometheus');
}

/**
 * Multi-value with All: one Grafana can watch several UFO servers. All is `.*` rather than the list
 * of values, so it also matches series without an `instance` label (fleet-wide recording rules).
 */
function multiVariable(name: string, label: string, description: string, query: string): dashboard.QueryVariableBuilder {
  return queryVariable(name, label, description, query).includeAll(true).allValue('.*').current({ text: 'All', value: '$__all', selected: true });
}

/** A multi-value variable of the datasource's label values, refreshed with the time range. */
function queryVariable(name: string, label: string, description: string, query: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .description(description)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.NaturalAsc)
    .multi(true);
}

/**
 * The exporter's scrape job(s): every query filters on it. Defaults to the bundle config's `job`;
 * no All option, since All would be every job exposing the same process metrics.
 */
function jobVariable(job: string, clusterLabel: string | undefined): dashboard.QueryVariableBuilder {
  const query = clusterLabel === undefined ? JOB_QUERY : `label_values(${catalogue.serverInfo.name}{${clusterLabel}=~"$cluster"}, job)`;
  return queryVariable('job', 'Exporter job', 'The scrape job(s) of the UFO exporter; other jobs in the same Prometheus are never shown.', query)
    .includeAll(false)
    .current({ text: job, value: job, selected: true });
}

/** Grafana's own annotations (manual notes, Grafana-managed alerts), as Grafana adds by default. */
function builtInAnnotations(): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('Annotations & Alerts')
    .builtIn(1)
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .type('dashboard')
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)');
}

/** The UFO alerts (rules/) while they fire, marked on every graph; the watchdog excluded. */
export function firingAlertsExpr(config: BundleConfig): string {
  return ufoAlerts(config.alertLabels, 'alertstate="firing"', `alertname!="${config.alerting.watchdogAlertName}"`);
}

function firingAlertAnnotations(config: BundleConfig): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('UFO alerts firing')
    .datasource(DATASOURCE)
    .enable(true)
    .iconColor('red')
    .expr(firingAlertsExpr(config))
    .step('60s')
    .titleFormat('{{alertname}}')
    .textFormat('{{severity}} {{instance}}')
    .tagKeys('severity')
    .useValueForTime(false);
}

function linksToOtherDashboards(): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder('UFO dashboards')
    .type(dashboard.DashboardLinkType.Dashboards)
    .tags([DASHBOARD_TAG])
    .asDropdown(true)
    .keepTime(true)
    .includeVars(true)
    .targetBlank(false)
    .icon('external link')
    .tooltip('Other UFO dashboards');
}

/** Every `job=~"$job…` matcher (the query builders write one in every selector) also filters on the cluster. */
function addClusterMatcher(expr: string, label: string): string {
  return expr.replace(/job=~"\$job(\|?)"/g, (whole, orNone: string) => `${label}=~"$cluster${orNone}", ${whole}`);
}

/** The dashboard with the cluster filter in every panel query, variable query and annotation. */
function scopedToCluster(d: dashboard.Dashboard, label: string): dashboard.Dashboard {
  const panels = (d.panels ?? []).map((p) => {
    const scope = (panel: dashboard.Panel): dashboard.Panel => ({
      ...panel,
      targets: (panel.targets ?? []).map((t) => {
        const expr = (t as { expr?: unknown }).expr;
        return typeof expr === 'string' ? { ...t, expr: addClusterMatcher(expr, label) } : t;
      }),
    });
    return p.type === 'row' ? { ...p, panels: (p as dashboard.RowPanel).panels.map((x) => scope(x as dashboard.Panel)) } : scope(p as dashboard.Panel);
  });
  const variables = (d.templating.list ?? []).map((v) =>
    typeof v.query === 'string' ? { ...v, query: addClusterMatcher(v.query, label), ...(typeof v.definition === 'string' ? { definition: addClusterMatcher(v.definition, label) } : {}) } : v,
  );
  const annotations = (d.annotations?.list ?? []).map((a) => (typeof a.expr === 'string' ? { ...a, expr: addClusterMatcher(a.expr, label) } : a));
  return { ...d, panels: panels as dashboard.Dashboard['panels'], templating: { ...d.templating, list: variables }, annotations: { ...d.annotations, list: annotations } };
}

/** Builds one UFO dashboard: the shared settings plus its rows. */
export function ufoDashboard(config: BundleConfig, spec: DashboardSpec): dashboard.Dashboard {
  let builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([DASHBOARD_TAG])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .withVariable(datasourceVariable());
  if (config.clusterLabel !== undefined)
    builder = builder.withVariable(
      multiVariable('cluster', 'Cluster', `The cluster(s) to show, by the ${config.clusterLabel} label.`, `label_values(${catalogue.serverInfo.name}, ${config.clusterLabel})`),
    );
  builder = builder
    .withVariable(jobVariable(config.job, config.clusterLabel))
    .withVariable(multiVariable('server', 'UFO server', 'The UFO server(s) to show, by name (--ufo.server-name or the servers: entry).', SERVER_QUERY))
    .withVariable(
      multiVariable('instance', 'Scrape instance', "The chosen servers' scrape instances (the exporter address, or the server name with /probe).", INSTANCE_QUERY),
    )
    .annotations([builtInAnnotations(), firingAlertAnnotations(config)])
    .link(linksToOtherDashboards());
  for (const row of spec.rows) {
    if (row.panels.length === 0) throw new Error(`dashboard ${spec.uid}: row ${row.id} "${row.title}" has no panels`);
    builder = builder.withRow(new dashboard.RowBuilder(row.title).id(row.id));
    for (const panel of row.panels) builder = builder.withPanel(panel);
  }
  const built = builder.build();
  return config.clusterLabel === undefined ? built : scopedToCluster(built, config.clusterLabel);
}
