/**
 * Every generated dashboard validates (a) against schemas generated from the foundation SDK's types,
 * which any clone can produce, and (b) against Grafana's own schemas in ../shared/schemas/grafana/
 * when that folder exists — in CI (CI=true) its absence is a failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { defaultBundleConfig } from '../../bundle/defaults';
import { DASHBOARDS_DIR, dashboardFiles } from '../../grafana/generator';
import { dashboardPanels } from '../../grafana/queries';
import { REPO_ROOT } from '../../scripts/build/run';
import {
  generateSdkSchemas,
  GRAFANA_SCHEMAS_DIR,
  grafanaSchemasPresent,
  isPanelType,
  PANEL_TYPES,
  readGrafanaSchema,
  type JsonSchema,
  type SdkSchemas,
} from './schemas';

// ajv-formats is CommonJS with a default export; under ESM interop the function sits on .default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule);

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** The committed JSON, read from disk: what Grafana will load (the drift test ties it to the sources). */
function committedDashboards(): dashboard.Dashboard[] {
  return dashboardFiles(defaultBundleConfig).map((f) => JSON.parse(readFileSync(join(REPO_ROOT, f.path), 'utf8')) as dashboard.Dashboard);
}

/** Every schema failure of one value, as readable lines naming where it is. */
function failures(validate: ValidateFunction, value: unknown, where: string): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${where}${e.instancePath}: ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`);
}

interface PanelValidators {
  readonly dashboard: ValidateFunction;
  readonly query: ValidateFunction;
  options(type: string): ValidateFunction | undefined;
  /** undefined: the panel type has no custom field config (it must then be empty). */
  fieldConfig(type: string): ValidateFunction | undefined;
}

/** Validates every dashboard, panel (options, custom field config) and target; returns the failures. */
function validateAll(dashboards: readonly dashboard.Dashboard[], v: PanelValidators): string[] {
  const problems: string[] = [];
  for (const d of dashboards) {
    problems.push(...failures(v.dashboard, d, `${d.uid ?? '?'}`));
    for (const panel of dashboardPanels(d)) {
      const at = `${d.uid ?? '?'} panel ${panel.id ?? '?'} (${panel.type})`;
      const options = v.options(panel.type);
      if (!options) problems.push(`${at}: panel type ${panel.type} has no schema`);
      else problems.push(...failures(options, panel.options, `${at} options`));
      const custom: unknown = panel.fieldConfig?.defaults.custom;
      const fieldConfig = v.fieldConfig(panel.type);
      if (fieldConfig) problems.push(...failures(fieldConfig, custom ?? {}, `${at} fieldConfig.defaults.custom`));
      else if (typeof custom === 'object' && custom !== null && Object.keys(custom).length > 0) problems.push(`${at}: custom field config on a panel type without one`);
      for (const target of panel.targets ?? []) problems.push(...failures(v.query, target, `${at} target`));
    }
  }
  return problems;
}

describe('dashboards against schemas generated from the foundation SDK types', () => {
  let schemas: SdkSchemas;
  let validators: PanelValidators;

  beforeAll(async () => {
    schemas = await generateSdkSchemas();
    const ajv = newAjv();
    const compile = (s: JsonSchema | undefined) => (s ? ajv.compile(s) : undefined);
    const options = Object.fromEntries(Object.entries(schemas.panelOptions).map(([t, s]) => [t, ajv.compile(s)]));
    const fieldConfig = Object.fromEntries(Object.entries(schemas.panelFieldConfig).map(([t, s]) => [t, compile(s)]));
    validators = {
      dashboard: ajv.compile(schemas.dashboard),
      query: ajv.compile(schemas.prometheusQuery),
      options: (type) => (isPanelType(type) ? options[type] : undefined),
      fieldConfig: (type) => (isPanelType(type) ? fieldConfig[type] : undefined),
    };
  }, 60_000);

  it('the generated schemas are strict enough to catch a wrong dashboard', () => {
    const [first] = committedDashboards();
    if (!first) throw new Error(`no dashboards in ${DASHBOARDS_DIR}`);
    const broken = { ...first, schemaVersion: 'forty-two', panels: [{ ...first.panels?.[1], gridPos: { x: 0 } }] };
    const problems = validateAll([broken as unknown as dashboard.Dashboard], validators);
    expect(problems.some((p) => p.includes('/schemaVersion'))).toBe(true);
    expect(problems.some((p) => p.includes('/gridPos'))).toBe(true);
  });

  it('catch wrong panel options and a misspelt target field', () => {
    const [first] = committedDashboards();
    const panel = first ? dashboardPanels(first).find((p) => p.type === 'timeseries') : undefined;
    if (!first || !panel) throw new Error('expected a timeseries panel in the first dashboard');
    const wrong = { ...panel, options: { legend: 'bottom' }, targets: [{ refId: 'A', expr: 'up', legendFromat: 'x' }] };
    const problems = validateAll([{ ...first, panels: [wrong as unknown as dashboard.Panel] }], validators);
    expect(problems.some((p) => p.includes('options/legend'))).toBe(true);
    expect(problems.some((p) => p.includes('legendFromat'))).toBe(true);
  });

  it('every dashboard, panel and target validates', () => {
    expect(validateAll(committedDashboards(), validators)).toEqual([]);
  });
});

describe(`dashboards against Grafana's own schemas (${GRAFANA_SCHEMAS_DIR})`, () => {
  const present = grafanaSchemasPresent();

  it.runIf(process.env.CI === 'true')('are present in CI', () => {
    expect(present, `${GRAFANA_SCHEMAS_DIR} must exist in CI (CI=true)`).toBe(true);
  });

  /** Validators from Grafana's schema files: the dashboard, each panel type's Options and FieldConfig, Prometheus targets. */
  function grafanaValidators(): PanelValidators {
    const ajv = newAjv();
    const definitionOf = (type: string, def: 'Options' | 'FieldConfig'): ValidateFunction | undefined => {
      if (!isPanelType(type)) return undefined;
      const id = `grafana-panel-${type}`;
      if (!ajv.getSchema(id)) ajv.addSchema(readGrafanaSchema(type), id);
      const schema = readGrafanaSchema(type) as { definitions?: Record<string, unknown> };
      return schema.definitions?.[def] ? ajv.compile({ $ref: `${id}#/definitions/${def}` }) : undefined;
    };
    return {
      dashboard: ajv.compile(readGrafanaSchema('dashboard')),
      query: ajv.compile(readGrafanaSchema('prometheus')),
      options: (type) => definitionOf(type, 'Options'),
      fieldConfig: (type) => definitionOf(type, 'FieldConfig'),
    };
  }

  it.runIf(present)("every dashboard, each panel's options and custom field config, and every target validate", () => {
    expect(validateAll(committedDashboards(), grafanaValidators())).toEqual([]);
  });

  it.runIf(present)('catch a wrong option value and a wrong custom field config', () => {
    const [first] = committedDashboards();
    const panels = first ? dashboardPanels(first) : [];
    const stat = panels.find((p) => p.type === 'stat');
    const graph = panels.find((p) => p.type === 'timeseries');
    if (!first || !stat || !graph) throw new Error('expected a stat and a timeseries panel in the first dashboard');
    const wrongStat = { ...stat, options: { ...stat.options, graphMode: 'sparkles' } };
    const wrongGraph = { ...graph, fieldConfig: { defaults: { custom: { drawStyle: 'crayon' } }, overrides: [] } };
    const problems = validateAll([{ ...first, panels: [wrongStat, wrongGraph] }], grafanaValidators());
    expect(problems.some((p) => p.includes('options/graphMode'))).toBe(true);
    expect(problems.some((p) => p.includes('custom/drawStyle'))).toBe(true);
  });

  it.runIf(present)('cover every panel type the dashboards use', () => {
    for (const type of Object.keys(PANEL_TYPES)) expect(() => readGrafanaSchema(type), type).not.toThrow();
  });
});
