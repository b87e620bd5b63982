/** panelQueries() lists every panel query for the live end-to-end test; substituteVariables() prepares them. */
import { describe, expect, it } from 'vitest';
import { allDashboards } from '../../grafana/boards/index';
import { dashboardPanels, panelQueries, substituteVariables } from '../../grafana/queries';
import { parsePromql } from '../../promql/parse';

describe('panelQueries', () => {
  const queries = panelQueries();

  it('lists every target of every panel once, with its dashboard, panel id and title', () => {
    const targets = allDashboards().flatMap((d) => dashboardPanels(d).flatMap((p) => p.targets ?? []));
    expect(queries).toHaveLength(targets.length);
    const keys = queries.map((q) => `${q.dashboardUid}/${q.panelId}/${q.refId}`);
    expect(new Set(keys).size).toBe(keys.length);
    const sloBudget = queries.find((q) => q.dashboardUid === 'ufo-slo' && q.expr.includes('ufo:slo_error_budget_remaining:ratio'));
    expect(sloBudget?.panelTitle).toMatch(/error budget left/);
  });

  it('covers all six dashboards, and marks table queries instant', () => {
    expect(new Set(queries.map((q) => q.dashboardUid))).toEqual(new Set(allDashboards().map((d) => d.uid)));
    for (const q of queries) expect(q.instant, `${q.dashboardUid}/${q.panelId}`).toBe(q.panelType === 'table' || q.panelType === 'bargauge');
  });

  it('gives the fallback-free form of exactly the queries that end in a zero fallback', () => {
    const withFallback = queries.filter((q) => q.withoutFallback !== undefined);
    expect(withFallback.length).toBeGreaterThanOrEqual(6);
    for (const q of queries) {
      if (q.withoutFallback === undefined) expect(q.expr, `${q.dashboardUid}/${q.panelId}`).not.toMatch(/vector\(/);
      else {
        expect(q.expr).toBe(`${q.withoutFallback} or on() vector(0)`);
        expect(q.withoutFallback).not.toMatch(/vector\(/);
        expect(() => parsePromql(substituteVariables(q.withoutFallback!))).not.toThrow();
      }
    }
  });

  it('gives queries that parse once the variables are substituted', () => {
    for (const q of queries) {
      const expr = substituteVariables(q.expr);
      expect(expr, q.expr).not.toMatch(/\$/);
      expect(() => parsePromql(expr)).not.toThrow();
    }
  });
});

describe('substituteVariables', () => {
  it("replaces Grafana's variable syntaxes, with defaults a test can override", () => {
    const expr = 'rate(x{instance=~"$instance"}[$__rate_interval]) + y{a="${instance}", b="${instance:regex}", c="[[instance]]"}';
    expect(substituteVariables(expr, { instance: 'h:9100', __rate_interval: '2m' })).toBe(
      'rate(x{instance=~"h:9100"}[2m]) + y{a="h:9100", b="h:9100", c="h:9100"}',
    );
    expect(substituteVariables('increase(x[$__range])')).toBe('increase(x[1h])');
  });

  it('names a variable it has no value for', () => {
    expect(() => substituteVariables('x{team="$team"}')).toThrow(/no value for Grafana variable \$team in: x\{team="\$team"\}/);
  });
});
