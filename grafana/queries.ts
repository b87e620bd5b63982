/**
 * Every PromQL query the dashboards run, for tests that run them against a live Prometheus
 * (`panelQueries()`), and Grafana's variable substitution for doing so (`substituteVariables`).
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { defaultBundleConfig } from '../bundle/defaults';
import { allDashboards } from './boards/index';
import { withoutZeroFallback } from './promql';

export interface PanelQuery {
  readonly dashboardUid: string;
  readonly panelId: number;
  readonly panelTitle: string;
  readonly panelType: string;
  readonly refId: string;
  /** As written in the dashboard, with Grafana variables (`$instance`, `$__rate_interval`, …). */
  readonly expr: string;
  /** Grafana runs it as an instant query (tables, bar gauges) rather than over the time range. */
  readonly instant: boolean;
  /**
   * For a query ending in the zero fallback (`zeroWhenAbsent`), the query without it: the part that
   * shows real data. A test that only checks `expr` returns a series cannot fail for such a query.
   */
  readonly withoutFallback: string | undefined;
}

/** A Prometheus target as the dashboards' JSON holds it (the SDK types targets loosely). */
interface PrometheusTarget {
  readonly expr?: unknown;
  readonly refId?: unknown;
  readonly instant?: unknown;
}

/** Every panel of a dashboard that is not a row, including panels inside collapsed rows. */
export function dashboardPanels(d: dashboard.Dashboard): dashboard.Panel[] {
  const out: dashboard.Panel[] = [];
  for (const p of d.panels ?? []) {
    if (p.type === 'row') out.push(...(p as dashboard.RowPanel).panels);
    else out.push(p as dashboard.Panel);
  }
  return out;
}

/** Every (dashboard uid, panel id, panel title, expr) of the given dashboards (default: all of them). */
export function panelQueries(dashboards: readonly dashboard.Dashboard[] = allDashboards()): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const d of dashboards) {
    for (const panel of dashboardPanels(d)) {
      for (const raw of panel.targets ?? []) {
        const target = raw as PrometheusTarget;
        const where = `dashboard ${d.uid ?? '?'} panel ${panel.id ?? '?'} "${panel.title ?? ''}"`;
        if (typeof target.expr !== 'string' || typeof target.refId !== 'string')
          throw new Error(`${where}: a target without a string expr and refId`);
        queries.push({
          dashboardUid: d.uid ?? '',
          panelId: panel.id ?? -1,
          panelTitle: panel.title ?? '',
          panelType: panel.type,
          refId: target.refId,
          expr: target.expr,
          instant: target.instant === true,
          withoutFallback: withoutZeroFallback(target.expr),
        });
      }
    }
  }
  return queries;
}

/**
 * Values a test can use for Grafana's variables: every exporter instance, Grafana's rate interval
 * for a 15 s scrape interval (4 × 15 s), and a one-hour range.
 */
export const DEFAULT_VARIABLE_VALUES: Readonly<Record<string, string>> = {
  job: defaultBundleConfig.job,
  server: '.*',
  instance: '.*',
  __rate_interval: '1m',
  __interval: '15s',
  __range: '1h',
};

/** `$name`, `${name}`, `${name:format}` and `[[name]]`: Grafana's variable syntaxes. */
const VARIABLE = /\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g;

/**
 * Replaces Grafana variables in a query with the given values (defaults: DEFAULT_VARIABLE_VALUES),
 * as Grafana does before it sends the query. Throws naming a variable that has no value.
 */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>> = {}): string {
  const all = { ...DEFAULT_VARIABLE_VALUES, ...values };
  return expr.replace(VARIABLE, (whole, braced?: string, plain?: string, bracketed?: string) => {
    const name = braced ?? plain ?? bracketed ?? '';
    const value = all[name];
    if (value === undefined) throw new Error(`no value for Grafana variable ${whole} in: ${expr}`);
    return value;
  });
}
