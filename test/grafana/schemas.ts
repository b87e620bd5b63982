/**
 * JSON schemas the dashboards are validated against:
 * - generated at test time from the foundation SDK's TypeScript types (ts-json-schema-generator), so
 *   a fresh clone has them without anything from outside the repo;
 * - Grafana's own schemas in ../shared/schemas/grafana/ when that folder exists (always in CI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFormatter, createParser, createProgram, DEFAULT_CONFIG, SchemaGenerator, type CompletedConfig } from 'ts-json-schema-generator';
import { REPO_ROOT } from '../../scripts/build/run';

/** Panel types the dashboards may use, and whether their SDK module has a `FieldConfig` (custom) type. */
export const PANEL_TYPES = {
  timeseries: { fieldConfig: true },
  stat: { fieldConfig: false },
  table: { fieldConfig: true },
  heatmap: { fieldConfig: true },
  bargauge: { fieldConfig: false },
} as const;
export type PanelType = keyof typeof PANEL_TYPES;

export function isPanelType(type: string): type is PanelType {
  return Object.hasOwn(PANEL_TYPES, type);
}

export type JsonSchema = Record<string, unknown>;

export interface SdkSchemas {
  readonly dashboard: JsonSchema;
  readonly prometheusQuery: JsonSchema;
  readonly panelOptions: Record<PanelType, JsonSchema>;
  /** Absent for panel types without custom field config. */
  readonly panelFieldConfig: Partial<Record<PanelType, JsonSchema>>;
}

const SDK_DIST = join(REPO_ROOT, 'node_modules/@grafana/grafana-foundation-sdk/dist');

/** Alias names differ from the SDK's own type names: two definitions of one name are refused. */
const alias = (module: string, type: string) => `Sdk_${module}_${type}`;

/**
 * Generates every schema from one TypeScript program over a small entry file that re-exports the SDK
 * types under distinct names (one program is ~1 s; one per type would be ~1 s each).
 */
export async function generateSdkSchemas(): Promise<SdkSchemas> {
  const types: [module: string, type: string][] = [
    ['dashboard', 'Dashboard'],
    ['prometheus', 'Dataquery'],
    ...Object.entries(PANEL_TYPES).flatMap(([m, has]): [string, string][] =>
      has.fieldConfig ? [[m, 'Options'], [m, 'FieldConfig']] : [[m, 'Options']],
    ),
  ];
  const dir = await mkdtemp(join(tmpdir(), 'ufo-grafana-schema-'));
  try {
    const entry = join(dir, 'entry.ts');
    const modules = [...new Set(types.map(([m]) => m))];
    await writeFile(
      entry,
      [
        ...modules.map((m) => `import type * as ${m} from ${JSON.stringify(join(SDK_DIST, m, 'types.gen'))};`),
        ...types.map(([m, t]) => `export type ${alias(m, t)} = ${m}.${t};`),
      ].join('\n'),
    );
    const config: CompletedConfig = { ...DEFAULT_CONFIG, path: entry, type: '*', skipTypeCheck: true, expose: 'export', topRef: true, jsDoc: 'none' };
    const program = createProgram(config);
    const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);
    const schema = (m: string, t: string) => generator.createSchema(alias(m, t)) as JsonSchema;
    const panelOptions = {} as Record<PanelType, JsonSchema>;
    const panelFieldConfig: Partial<Record<PanelType, JsonSchema>> = {};
    for (const [m, has] of Object.entries(PANEL_TYPES) as [PanelType, { fieldConfig: boolean }][]) {
      panelOptions[m] = schema(m, 'Options');
      if (has.fieldConfig) panelFieldConfig[m] = schema(m, 'FieldConfig');
    }
    return { dashboard: openQueryTargets(schema('dashboard', 'Dashboard')), prometheusQuery: schema('prometheus', 'Dataquery'), panelOptions, panelFieldConfig };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The SDK types a panel's targets as `cog.Dataquery`, a marker interface (one method) that any
 * plugin's query implements, which the generator turns into "an object without properties". Like
 * Grafana's own schema, the dashboard schema leaves targets open; they are validated against the
 * Prometheus query schema on their own.
 */
function openQueryTargets(dashboardSchema: JsonSchema): JsonSchema {
  const definitions = dashboardSchema.definitions as Record<string, unknown> | undefined;
  if (!definitions?.Dataquery) throw new Error('the SDK dashboard schema has no Dataquery definition: has the SDK changed?');
  return { ...dashboardSchema, definitions: { ...definitions, Dataquery: { type: 'object' } } };
}

/** ../shared/schemas/grafana beside the checkout: Grafana's schemas, kept outside the repo. */
export const GRAFANA_SCHEMAS_DIR = join(REPO_ROOT, '..', 'shared', 'schemas', 'grafana');

export function grafanaSchemasPresent(): boolean {
  return existsSync(join(GRAFANA_SCHEMAS_DIR, 'dashboard.jsonschema.json'));
}

/** One of Grafana's schema files, parsed; throws naming the file when it is missing or not JSON. */
export function readGrafanaSchema(name: string): JsonSchema {
  const path = join(GRAFANA_SCHEMAS_DIR, `${name}.jsonschema.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JsonSchema;
  } catch (err) {
    throw new Error(`cannot read Grafana schema ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
