/**
 * Style and query rules (grafana/lint.ts) hold for every dashboard, and each rule catches the
 * mistake it is there for.
 */
import { describe, expect, it } from 'vitest';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { allDashboards } from '../../grafana/boards/index';
import { lintDashboard, lintDashboards, lintQuery } from '../../grafana/lint';
import { dashboardPanels } from '../../grafana/queries';
import { DASHBOARD_UIDS } from '../../grafana/uids';
import { defaultRulesConfig } from '../../rules/config';

/** A deep copy to break: the generated dashboards are plain JSON. */
function copy(d: dashboard.Dashboard): dashboard.Dashboard {
  return JSON.parse(JSON.stringify(d)) as dashboard.Dashboard;
}

function overview(): dashboard.Dashboard {
  const d = allDashboards().find((x) => x.uid === 'ufo-overview');
  if (!d) throw new Error('no ufo-overview dashboard');
  return copy(d);
}

/** The first non-row panel of a dashboard, to break. */
function firstPanel(d: dashboard.Dashboard): dashboard.Panel {
  const p = dashboardPanels(d)[0];
  if (!p) throw new Error(`${d.uid ?? '?'} has no panels`);
  return p;
}

describe('dashboard style', () => {
  it('every dashboard passes every rule', () => {
    expect(lintDashboards(allDashboards())).toEqual([]);
  });

  it('has exactly the dashboards alerts link to, with the uids the rules use', () => {
    expect(allDashboards().map((d) => d.uid)).toEqual([...DASHBOARD_UIDS]);
    expect(new Set(Object.values(defaultRulesConfig.dashboardUids))).toEqual(new Set(DASHBOARD_UIDS));
  });

  it('catches a panel without unit, description or title', () => {
    const d = overview();
    const p = firstPanel(d);
    delete p.description;
    p.title = ' ';
    if (p.fieldConfig) delete p.fieldConfig.defaults.unit;
    const problems = lintDashboard(d).join('\n');
    expect(problems).toMatch(/no title/);
    expect(problems).toMatch(/no description/);
    expect(problems).toMatch(/no unit/);
  });

  it('catches an unknown unit but accepts a custom suffix unit', () => {
    const d = overview();
    const p = firstPanel(d);
    p.fieldConfig = { defaults: { unit: 'furlongs' }, overrides: [] };
    expect(lintDashboard(d).join('\n')).toMatch(/unknown unit "furlongs"/);
    p.fieldConfig = { defaults: { unit: 'suffix:×' }, overrides: [] };
    expect(lintDashboard(d)).toEqual([]);
  });

  it('catches a panel or target not using the datasource variable', () => {
    const d = overview();
    const p = firstPanel(d);
    p.datasource = { type: 'prometheus', uid: 'prod-prometheus' };
    (p.targets?.[0] as { datasource?: unknown }).datasource = { type: 'prometheus', uid: 'prod-prometheus' };
    const problems = lintDashboard(d);
    expect(problems.some((x) => /panel datasource is not \$\{datasource\}/.test(x))).toBe(true);
    expect(problems.some((x) => /target A: datasource is not \$\{datasource\}/.test(x))).toBe(true);
  });

  it('catches duplicate panel ids, duplicate uids, empty rows and overlapping panels', () => {
    const d = overview();
    const panels = d.panels ?? [];
    const [, a, b] = panels;
    if (!a || !b) throw new Error('expected panels');
    b.id = a.id;
    b.gridPos = a.gridPos ? { ...a.gridPos } : b.gridPos;
    panels.push({ type: 'row', id: 99, title: 'Nothing here', collapsed: false, panels: [], gridPos: { x: 0, y: 200, w: 24, h: 1 } });
    const problems = lintDashboards([d, overview()]).join('\n');
    expect(problems).toMatch(new RegExp(`panel id ${a.id ?? '?'} used 2 times`));
    expect(problems).toMatch(/uid ufo-overview used by two dashboards/);
    expect(problems).toMatch(/panel 99 "Nothing here": empty row/);
    expect(problems).toMatch(/overlap/);
  });

  it('catches a dashboard without the ufo tag, the variables or the links', () => {
    const d = overview();
    d.tags = [];
    d.templating.list = [];
    d.links = [];
    const problems = lintDashboard(d).join('\n');
    expect(problems).toMatch(/not tagged ufo/);
    expect(problems).toMatch(/no datasource variable/);
    expect(problems).toMatch(/no instance variable/);
    expect(problems).toMatch(/no link to the dashboards tagged ufo/);
  });
});

describe('panel queries', () => {
  it('accept a rate over $__rate_interval filtered on the instance', () => {
    expect(lintQuery('sum(rate(ufo_sessions_started_total{job=~"$job", instance=~"$instance"}[$__rate_interval]))', false)).toEqual([]);
  });

  it('reject a fixed rate window, and $__range outside instant queries', () => {
    expect(lintQuery('rate(ufo_sessions_started_total{job=~"$job", instance=~"$instance"}[5m])', false)).toEqual([
      'range [5m] is not [$__rate_interval] or [$__range] @ end()',
    ]);
    expect(lintQuery('increase(ufo_sessions_started_total{job=~"$job", instance=~"$instance"}[$__range])', false)).toHaveLength(1);
    expect(lintQuery('increase(ufo_sessions_started_total{job=~"$job", instance=~"$instance"}[$__range])', true)).toEqual([]);
  });

  it('accept $__range pinned with @ end() in a range query (one top-k choice for the whole range)', () => {
    expect(lintQuery('topk(3, increase(ufo_sessions_started_total{job=~"$job", instance=~"$instance"}[$__range] @ end()))', false)).toEqual([]);
  });

  it('reject a series neither the catalogue nor the recording rules define', () => {
    expect(lintQuery('ufo_sessions_begun_total{job=~"$job", instance=~"$instance"}', false)).toEqual([
      'unknown series ufo_sessions_begun_total (not in the catalogue nor the recording rules)',
    ]);
    expect(lintQuery('ufo:slo_errors:ratio_rate1h{job=~"$job|", instance=~"$instance|"}', false)).toEqual([]);
  });

  it('reject a selector without the instance filter', () => {
    expect(lintQuery('ufo_up / ufo_up{job=~"$job", instance=~"$instance"}', false)).toEqual(['ufo_up does not filter on job=~"$job"', 'ufo_up does not filter on instance=~"$instance"']);
    expect(lintQuery('ufo_up{instance=~"$instance"}', false)).toEqual(['ufo_up does not filter on job=~"$job"']);
  });

  // A misspelt label behind a zero fallback (`or on() vector(0)`) would be a panel stuck at 0.
  it('reject a matcher label the metric does not have', () => {
    expect(lintQuery('sum(ufo_devices{job=~"$job", instance=~"$instance", state="offline"}) or on() vector(0)', false)).toEqual([
      'the matcher of ufo_devices names label "state", which ufo_devices does not have (it has: instance, job, status)',
    ]);
    expect(lintQuery('sum(ufo_devices{job=~"$job", instance=~"$instance", status="offline"}) or on() vector(0)', false)).toEqual([]);
  });

  it('reject a by / without label the aggregated input does not have', () => {
    expect(lintQuery('sum by (nope) (ufo_devices{job=~"$job", instance=~"$instance", status="offline"})', false)).toEqual([
      'sum by names label "nope", which the input of sum (ufo_devices{job=~"JOB_VARIABLE", instance=~"INSTANCE_VARIABLE", status="offline"}) does not have (it has: instance, job, status)',
    ]);
    expect(lintQuery('sum without (stat) (ufo_devices{job=~"$job", instance=~"$instance"})', false)).toEqual([
      expect.stringMatching(/^sum without names label "stat"/),
    ]);
    // The grouping labels of an inner aggregation are all an outer one can group by.
    expect(lintQuery('max by (status) (sum by (instance) (ufo_devices{job=~"$job", instance=~"$instance"}))', false)).toEqual([
      expect.stringMatching(/^max by names label "status", which the input of max \(sum by \(instance\)/),
    ]);
    expect(lintQuery('sum by (le) (rate(ufo_session_duration_seconds_bucket{job=~"$job", instance=~"$instance"}[$__rate_interval]))', false)).toEqual([]);
  });

  it('reject on / ignoring / group_left labels missing from the sides they apply to', () => {
    const devices = 'ufo_devices{job=~"$job", instance=~"$instance"}';
    expect(lintQuery(`${devices} / on (instance, status) ufo_up{job=~"$job", instance=~"$instance"}`, false)).toEqual([
      expect.stringMatching(/^on names label "status", which the right side \(ufo_up\{/),
    ]);
    expect(lintQuery(`${devices} / ignoring (stauts) group_left ufo_up{job=~"$job", instance=~"$instance"}`, false)).toEqual([
      'ignoring names label "stauts", which either side does not have (it has: instance, job, status)',
    ]);
    expect(lintQuery(`${devices} * on (instance) group_left (platfrom) ufo_up{job=~"$job", instance=~"$instance"}`, false)).toEqual([
      expect.stringMatching(/^group_left names label "platfrom", which the right side/),
    ]);
    expect(lintQuery(`${devices} * on (instance) group_left (job) ufo_up{job=~"$job", instance=~"$instance"}`, false)).toEqual([]);
  });

  it('require the instance-or-none filter on a series that has no instance label', () => {
    expect(lintQuery('ufo:slo_objective:ratio{job=~"$job|", instance=~"$instance|"}', false)).toEqual([]);
    expect(lintQuery('ufo:slo_objective:ratio{job=~"$job|", instance=~"$instance"}', false)).toEqual([
      'ufo:slo_objective:ratio has no instance label: filter it with instance=~"$instance|" (aggregatedSeries), or it never matches',
    ]);
  });

  it('catch a misspelt label in a generated dashboard', () => {
    const d = overview();
    const target = firstPanel(d).targets?.[0] as { expr: string } | undefined;
    if (!target) throw new Error('the first overview panel has no target');
    target.expr = `sum by (nope) (${target.expr})`;
    expect(lintDashboard(d).join('\n')).toMatch(/target A: sum by names label "nope"/);
  });

  it('reject a zero fallback not written with zeroWhenAbsent (tests could not strip it)', () => {
    expect(lintQuery('count(ufo_up{job=~"$job", instance=~"$instance"}) or vector(0)', false)).toEqual([
      'vector() outside zeroWhenAbsent: write a zero fallback with zeroWhenAbsent(expr), as its last operation',
    ]);
    expect(lintQuery('count(ufo_up{job=~"$job", instance=~"$instance"}) or on() vector(0)', false)).toEqual([]);
  });

  it('reject PromQL that does not parse, naming the query', () => {
    const [problem] = lintQuery('sum(ufo_up{job=~"$job", instance=~"$instance"}', false);
    expect(problem).toMatch(/syntax error.*sum\(ufo_up/);
  });
});
