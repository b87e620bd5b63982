/**
 * Style and correctness rules for the generated dashboards, as functions that return problems (an
 * empty list when all is well), so tests can show each rule catching a broken dashboard.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { knownSeriesNames } from '../exporter/catalogue';
import { recordingRuleNames } from '../rules/recording-names';
import { defaultRulesConfig } from '../rules/config';
import { selectors } from '../promql/parse';
import { labelProblems, type SeriesLabels } from '../promql/labels';
import { buildRules } from '../rules/rules';
import { seriesLabelsFor } from '../rules/series-labels';
import { DATASOURCE } from './panels';
import { withoutZeroFallback } from './promql';
import { dashboardPanels, substituteVariables } from './queries';
import { DASHBOARD_TAG } from './uids';
import { CUSTOM_UNIT_PREFIXES, knownUnitIds } from './units';

const GRID_COLUMNS = 24;
/**
 * The variables every selector must filter on (job: in a shared Prometheus other jobs expose the
 * same process metrics; instance: the chosen exporters), each with a sentinel that stands in for it
 * so the parsed matchers show where the filter is.
 */
const SCOPE_VARIABLES = [
  { label: 'job', sentinel: 'JOB_VARIABLE' },
  { label: 'instance', sentinel: 'INSTANCE_VARIABLE' },
] as const;

interface QueryTarget {
  readonly expr?: unknown;
  readonly refId?: unknown;
  readonly instant?: unknown;
  readonly datasource?: { readonly uid?: unknown };
}

function where(d: dashboard.Dashboard, panel?: { id?: number; title?: string }): string {
  return panel ? `${d.uid ?? '?'} panel ${panel.id ?? '?'} "${panel.title ?? ''}"` : `${d.uid ?? '?'}`;
}

/** Every series name a dashboard query may use: the catalogue, builtins, process metrics, recording rules. */
export function queryableSeriesNames(): Set<string> {
  const names = knownSeriesNames();
  for (const n of recordingRuleNames()) names.add(n);
  return names;
}

let defaultSeriesLabels: SeriesLabels | undefined;

/**
 * The labels of every series a dashboard query may use: the catalogue's label names plus the target
 * labels Prometheus adds, builtins, and what each recording rule of the default rules config keeps.
 */
export function dashboardSeriesLabels(): SeriesLabels {
  defaultSeriesLabels ??= seriesLabelsFor(buildRules(defaultRulesConfig), defaultRulesConfig);
  return defaultSeriesLabels;
}

/**
 * One query's problems: it must parse once Grafana's variables are substituted, name only known
 * series and only labels those series have (in matchers, by/without, on/ignoring — a misspelt label
 * behind a zero fallback would show a flat 0), filter every selector on the job and instance variables, and
 * use `$__rate_interval` for every range (`$__range` is allowed in instant queries: "over the
 * selected time range", and pinned with `@ end()` in range queries).
 */
export function lintQuery(expr: string, instant: boolean, seriesLabels: SeriesLabels = dashboardSeriesLabels()): string[] {
  const problems: string[] = [];
  for (const m of expr.matchAll(/\[([^\]]*)\](\s*@\s*end\(\))?/g)) {
    const range = m[1] ?? '';
    // `[$__range] @ end()` is one value for the whole range even in a range query (a top-k choice, say).
    const wholeRange = range === '$__range' && (instant || m[2] !== undefined);
    const allowed = range === '$__rate_interval' || wholeRange;
    if (!allowed) problems.push(`range [${range}] is not [$__rate_interval]${instant ? ' or [$__range]' : ' or [$__range] @ end()'}`);
  }
  // Tests strip zeroWhenAbsent's fallback to check the real data; a hand-written one they cannot see.
  if (/\bvector\s*\(/.test(withoutZeroFallback(expr) ?? expr))
    problems.push('vector() outside zeroWhenAbsent: write a zero fallback with zeroWhenAbsent(expr), as its last operation');
  const substituted = substituteVariables(expr, Object.fromEntries(SCOPE_VARIABLES.map((v) => [v.label, v.sentinel])));
  let found: ReturnType<typeof selectors>;
  try {
    found = selectors(substituted);
  } catch (err) {
    return [...problems, err instanceof Error ? err.message : String(err)];
  }
  let allKnown = true;
  for (const s of found) {
    if (s.name === undefined) problems.push('a selector without a metric name');
    else if (!seriesLabels(s.name)) {
      allKnown = false;
      problems.push(`unknown series ${s.name} (not in the catalogue nor the recording rules)`);
    }
    for (const { label, sentinel } of SCOPE_VARIABLES) {
      const filter = s.matchers.find((m) => m.label === label && m.op === '=~' && m.value.includes(sentinel));
      if (!filter) problems.push(`${s.name ?? 'a selector'} does not filter on ${label}=~"$${label}"`);
      else if (s.name !== undefined && seriesLabels(s.name)?.has(label) === false && !new RegExp(`^(?:${filter.value})$`).test(''))
        problems.push(`${s.name} has no ${label} label: filter it with ${label}=~"$${label}|" (aggregatedSeries), or it never matches`);
    }
  }
  // Label analysis needs every series' labels; unknown series are reported above. The job and
  // instance matchers were checked just now (they may name a label an aggregated series lacks, on purpose).
  if (allKnown) problems.push(...labelProblems(substituted, seriesLabels, { uncheckedMatcherLabels: SCOPE_VARIABLES.map((v) => v.label) }));
  return problems;
}

function lintPanel(d: dashboard.Dashboard, panel: dashboard.Panel, units: ReadonlySet<string>): string[] {
  const at = where(d, panel);
  const problems: string[] = [];
  if (!panel.title?.trim()) problems.push(`${at}: no title`);
  if (!panel.description?.trim()) problems.push(`${at}: no description`);
  const unit = panel.fieldConfig?.defaults.unit;
  if (!unit) problems.push(`${at}: no unit`);
  else if (!units.has(unit) && !CUSTOM_UNIT_PREFIXES.some((p) => unit.startsWith(p))) problems.push(`${at}: unknown unit "${unit}"`);
  if (panel.datasource?.uid !== DATASOURCE.uid) problems.push(`${at}: panel datasource is not ${DATASOURCE.uid}`);
  const targets = (panel.targets ?? []) as QueryTarget[];
  if (targets.length === 0) problems.push(`${at}: no targets`);
  for (const t of targets) {
    const ref = `${at} target ${String(t.refId)}`;
    if (t.datasource?.uid !== DATASOURCE.uid) problems.push(`${ref}: datasource is not ${DATASOURCE.uid}`);
    if (typeof t.expr !== 'string') problems.push(`${ref}: no expr`);
    else for (const p of lintQuery(t.expr, t.instant === true)) problems.push(`${ref}: ${p}`);
  }
  const pos = panel.gridPos;
  if (!pos) problems.push(`${at}: no gridPos`);
  else if (pos.x < 0 || pos.w <= 0 || pos.h <= 0 || pos.x + pos.w > GRID_COLUMNS) problems.push(`${at}: gridPos outside the 24-column grid`);
  return problems;
}

function overlaps(a: dashboard.GridPos, b: dashboard.GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Ids unique, rows not empty, panels not overlapping. */
function lintStructure(d: dashboard.Dashboard): string[] {
  const problems: string[] = [];
  const top = d.panels ?? [];
  const ids = new Map<number, number>();
  const positioned: { id: number | undefined; pos: dashboard.GridPos }[] = [];
  top.forEach((p, i) => {
    if (p.id === undefined) problems.push(`${where(d)}: panel "${p.title ?? ''}" has no explicit id`);
    else ids.set(p.id, (ids.get(p.id) ?? 0) + 1);
    if (p.type === 'row') {
      const row = p as dashboard.RowPanel;
      const next = top[i + 1];
      const empty = row.collapsed ? row.panels.length === 0 : next === undefined || next.type === 'row';
      if (empty) problems.push(`${where(d, row)}: empty row`);
      for (const inner of row.panels) if (inner.id !== undefined) ids.set(inner.id, (ids.get(inner.id) ?? 0) + 1);
    }
    if (p.gridPos) positioned.push({ id: p.id, pos: p.gridPos });
  });
  for (const [id, n] of ids) if (n > 1) problems.push(`${where(d)}: panel id ${id} used ${n} times`);
  positioned.forEach((a, i) => {
    for (const b of positioned.slice(i + 1)) if (overlaps(a.pos, b.pos)) problems.push(`${where(d)}: panels ${a.id} and ${b.id} overlap`);
  });
  return problems;
}

/** Tags, the two variables, the link menu to the other UFO dashboards. */
function lintSettings(d: dashboard.Dashboard): string[] {
  const at = where(d);
  const problems: string[] = [];
  if (!d.uid) problems.push(`dashboard "${d.title ?? ''}": no uid`);
  if (!d.tags?.includes(DASHBOARD_TAG)) problems.push(`${at}: not tagged ${DASHBOARD_TAG}`);
  const vars = d.templating.list ?? [];
  const ds = vars.find((v) => v.name === 'datasource');
  if (ds?.type !== 'datasource' || ds.query !== 'prometheus') problems.push(`${at}: no datasource variable of type prometheus`);
  const instance = vars.find((v) => v.name === 'instance');
  if (!instance) problems.push(`${at}: no instance variable`);
  else {
    if (instance.datasource?.uid !== DATASOURCE.uid) problems.push(`${at}: the instance variable does not query ${DATASOURCE.uid}`);
    const queried = /^label_values\((\w+)(?:\{[^}]*\})?,\s*instance\)$/.exec(String(instance.query))?.[1];
    if (!queried || !queryableSeriesNames().has(queried)) problems.push(`${at}: the instance variable query "${String(instance.query)}" names no known series`);
  }
  const link = d.links?.find((l) => l.type === 'dashboards' && l.tags.includes(DASHBOARD_TAG));
  if (!link) problems.push(`${at}: no link to the dashboards tagged ${DASHBOARD_TAG}`);
  else if (!link.keepTime || !link.includeVars) problems.push(`${at}: the dashboards link does not keep time and variables`);
  for (const a of d.annotations.list ?? []) {
    if (a.builtIn === 1) continue;
    if (a.datasource?.uid !== DATASOURCE.uid) problems.push(`${at} annotation "${a.name}": datasource is not ${DATASOURCE.uid}`);
    if (a.expr) for (const p of lintQuery(a.expr, false)) problems.push(`${at} annotation "${a.name}": ${p}`);
  }
  return problems;
}

/** Every problem of one dashboard. */
export function lintDashboard(d: dashboard.Dashboard): string[] {
  const units = knownUnitIds();
  return [...lintSettings(d), ...lintStructure(d), ...dashboardPanels(d).flatMap((p) => lintPanel(d, p, units))];
}

/** Every problem of a set of dashboards, including uids used twice. */
export function lintDashboards(ds: readonly dashboard.Dashboard[]): string[] {
  const problems = ds.flatMap(lintDashboard);
  const seen = new Set<string>();
  for (const d of ds) {
    if (d.uid && seen.has(d.uid)) problems.push(`uid ${d.uid} used by two dashboards`);
    if (d.uid) seen.add(d.uid);
  }
  return problems;
}
