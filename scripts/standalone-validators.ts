/**
 * For the compiled build: ajv's standalone code for every validator defined with
 * exporter/validator.ts, as an esbuild plugin that replaces that module. The bundle then holds each
 * validator as plain generated JavaScript (plus ajv's few small runtime helpers), so a start-up
 * neither loads ajv nor compiles a schema. The schemas are the sources' own: the modules that
 * define them are loaded here, and a definition the build did not see fails loudly at start-up.
 */
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { Plugin } from 'esbuild';
import { validatorDefinitions } from '../exporter/validator';
// Loaded for their definitions (each module defines its validators when it is evaluated).
import '../exporter/sources/api/responses';
import '../exporter/status/alertmanager';

const NAMESPACE = 'ufo-validators';

/** The replacement of exporter/validator.ts: `defineValidator(name)` hands back the generated function. */
function registryModule(names: readonly string[]): string {
  const imports = names.map((name, i) => `import v${i} from ${JSON.stringify(`${NAMESPACE}:${name}`)};`);
  const entries = names.map((name, i) => `[${JSON.stringify(name)}, v${i}]`);
  return [
    ...imports,
    `const generated = new Map([${entries.join(', ')}]);`,
    'export function defineValidator(name) {',
    '  const validate = generated.get(name);',
    '  if (validate === undefined) throw new Error(`validator ${name} was not generated at build time (scripts/standalone-validators.ts)`);',
    '  return () => validate;',
    '}',
    '',
  ].join('\n');
}

function generatedCode(name: string): string {
  const definition = validatorDefinitions().get(name);
  if (!definition) throw new Error(`no validator named ${name}`);
  // The same options as at run time from the sources (exporter/ajv.ts), plus code generation.
  const ajv = new Ajv({ ...definition.options, code: { source: true, esm: true } });
  return standaloneCode(ajv, ajv.compile(definition.schema));
}

/** esbuild plugin: exporter/validator.ts → the generated validators. */
export function standaloneValidators(resolveDir: string): Plugin {
  return {
    name: 'standalone-validators',
    setup(build) {
      build.onResolve({ filter: /\/validator$/ }, (args) =>
        args.importer.includes('/exporter/') ? { path: 'registry', namespace: NAMESPACE } : undefined,
      );
      build.onResolve({ filter: new RegExp(`^${NAMESPACE}:`) }, (args) => ({ path: args.path.slice(NAMESPACE.length + 1), namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: args.path === 'registry' ? registryModule([...validatorDefinitions().keys()]) : generatedCode(args.path),
        loader: 'js',
        resolveDir, // the generated code requires ajv's runtime helpers (ajv/dist/runtime/…)
      }));
    },
  };
}
