/**
 * What every UFO dashboard shares: tags, the `datasource` and `instance` variables, the link menu
 * to the other UFO dashboards (keeping time range and variables), the firing-alert annotations,
 * time settings — and rows of panels laid out on the 24-column grid.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue } from '../exporter/catalogue';
import { DATASOURCE } from './panels';
import { aggregatedSeries } from './promql';
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

/** The UFO servers by name (`ufo_server_info{server}`): what a person picks. */
const SERVER_QUERY = `label_values(${catalogue.serverInfo.name}, server)`;
/** The variable every query filters on: the scrape `instance`(s) of the chosen servers. */
const INSTANCE_QUERY = `label_values(${catalogue.serverInfo.name}{server=~"$server"}, instance)`;

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
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .description(description)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.NaturalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all', selected: true });
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

/** The Prometheus alerts (rules/) while they fire, marked on every graph; the watchdog excluded. */
export const FIRING_ALERTS_EXPR = aggregatedSeries('ALERTS', 'alertstate="firing"', 'alertname!="UfoWatchdog"');

function firingAlertAnnotations(): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('UFO alerts firing')
    .datasource(DATASOURCE)
    .enable(true)
    .iconColor('red')
    .expr(FIRING_ALERTS_EXPR)
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

/** Builds one UFO dashboard: the shared settings plus its rows. */
export function ufoDashboard(spec: DashboardSpec): dashboard.Dashboard {
  let builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([DASHBOARD_TAG])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .withVariable(datasourceVariable())
    .withVariable(multiVariable('server', 'UFO server', 'The UFO server(s) to show, by name (--ufo.server-name or the servers: entry).', SERVER_QUERY))
    .withVariable(
      multiVariable('instance', 'Scrape instance', "The chosen servers' scrape instances (the exporter address, or the server name with /probe).", INSTANCE_QUERY),
    )
    .annotations([builtInAnnotations(), firingAlertAnnotations()])
    .link(linksToOtherDashboards());
  for (const row of spec.rows) {
    if (row.panels.length === 0) throw new Error(`dashboard ${spec.uid}: row ${row.id} "${row.title}" has no panels`);
    builder = builder.withRow(new dashboard.RowBuilder(row.title).id(row.id));
    for (const panel of row.panels) builder = builder.withPanel(panel);
  }
  return builder.build();
}
