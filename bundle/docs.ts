/**
 * docs/bundle-config.md: every field of the bundle config (from its JSON schema, so from the type's
 * doc comments) and the values of this build as YAML — the committed page shows the defaults.
 */
import { stringify } from 'yaml';
import type { BundleConfig } from './config';
import type { SchemaNode } from './schema';

function typeName(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.anyOf) return node.anyOf.map(typeName).join(' | ');
  if (node.type === 'array') return `list of ${node.items ? typeName(node.items) : 'values'}`;
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties === 'object') return `map of ${typeName(node.additionalProperties)}`;
  const base = typeof node.type === 'string' ? node.type : (node.type ?? ['any']).join(' | ');
  return node.pattern ? `${base} (\`${node.pattern}\`)` : base;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** One table row per field, depth first; nested objects list their own fields after them. */
function rows(node: SchemaNode, prefix: string, out: string[]): void {
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    const optional = required.has(key) ? '' : ' (optional)';
    out.push(`| \`${name}\` | ${cell(typeName(child))}${optional} | ${cell(child.description ?? '')} |`);
    if (child.properties) rows(child, name, out);
    else if (child.type === 'array' && child.items?.properties) rows(child.items, `${name}[]`, out);
  }
}

export function renderBundleConfigDoc(schema: SchemaNode, config: BundleConfig): string {
  const table: string[] = [];
  rows(schema, '', table);
  return [
    '# Bundle configuration',
    '',
    'Every knob of the rules, Alertmanager routing, dashboards and deployment files, in one typed',
    'object: the type is `bundle/config.ts`, the defaults are `bundle/defaults.ts`. To change values',
    'without forking, write only the fields you change into a YAML file and build into a folder:',
    '',
    '```sh',
    'npm run build:rules -- --config my.yaml --out my-bundle',
    '```',
    '',
    'Objects merge field by field with the defaults (so `alertLabels: {team: ufo}` keeps',
    '`service: ufo`); lists and single values replace the default. The file is validated against',
    '`bundle/generated/bundle-config.schema.json`; an error names the file and the field.',
    '`my-bundle/` then holds the same layout as the committed generated files',
    '(`rules/generated/`, `alertmanager/generated/`, `grafana/dashboards/`, `k8s/`, …); see',
    '[drop-in.md](drop-in.md) for where each goes.',
    '',
    '## Fields',
    '',
    '| field | type | meaning |',
    '| --- | --- | --- |',
    ...table,
    '',
    '## Values of this build',
    '',
    '```yaml',
    stringify(config, { lineWidth: 0 }).trimEnd(),
    '```',
    '',
  ].join('\n');
}
