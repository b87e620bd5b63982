/**
 * `npm run build`: compiles the exporter into dist/ so it runs as plain JavaScript — no tsx and no
 * esbuild at run time (start-up and idle memory: docs/performance.md).
 *
 *   dist/exporter/main.js            exporter/main.ts and what every start-up needs, one ES module
 *   dist/exporter/<name>-<hash>.js   chunks imported on first use (the /events socket, the web config)
 *   dist/exporter/clients-parse-worker.js  the worker thread parsing large changed /api/clients answers
 *                                    (exporter/sources/api/parse-worker.ts)
 *   dist/exporter/events.schema.json the /events schema (read next to the module, as in the sources)
 *   dist/exporter/assets/            the status page's HTML, CSS and icon
 *   dist/exporter/meta.json          esbuild's metafile: which sources and packages each file holds
 *                                    (test/scripts/build-exporter.test.ts checks what a start loads)
 *
 * The status page's browser script is bundled here too and inlined into main.js
 * (exporter/status/bundle.ts reads it from __STATUS_PAGE_SCRIPT__). The bundle sits two folders
 * below the repository root like the sources do, so paths relative to the module resolve the same
 * way. The build info's version and git revision are written in (a rebuild follows a commit: see
 * exporterBuildIsStale).
 *
 * `--if-stale` builds only when a source is newer than the last build (ensure-deps, the tests).
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGitHead } from '../exporter/metrics/build-info';
import { bundleBrowserCode } from '../exporter/status/bundle';
import { standaloneValidators } from './standalone-validators';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeRequire = createRequire(import.meta.url);
const out = join(root, 'dist', 'exporter');
const stamp = join(root, 'dist', '.built');
const inputs = [join(root, 'exporter'), join(root, 'package.json'), join(root, 'package-lock.json'), fileURLToPath(import.meta.url), join(root, 'scripts/standalone-validators.ts')];

/**
 * Node's modules through `require` instead of `import`: an ES import of a built-in makes Node build
 * an ES facade that reads every export, which runs the lazy getters (`fs` loads its streams, `net`
 * its BlockList and SocketAddress, `util` its MIME and argument parsers): ~1.5 ms of CPU and a dozen
 * internal modules at every start for nothing. `require` is the one the banner defines.
 *
 * Each built-in becomes an ES module of its own with one named export per property (the names read at
 * build time), each a call marked pure: esbuild keeps only the names the code imports, and reads only
 * those at start. A CommonJS `module.exports = require(…)` would be wrapped in esbuild's `__toESM`,
 * which copies every property of the module (descriptor by descriptor) at every start.
 */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const builtinsThroughRequire: Plugin = {
  name: 'builtins-through-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace: 'node-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => {
      const names = Object.getOwnPropertyNames(nodeRequire(args.path)).filter((name) => IDENTIFIER.test(name) && name !== 'default');
      const exports = names.map((name) => `export const ${name} = /* @__PURE__ */ (() => m.${name})();`);
      return { contents: [`const m = require(${JSON.stringify(args.path)});`, 'export default m;', ...exports].join('\n'), loader: 'js' };
    });
  },
};

/** What main.ts imports: the graph every start loads. */
const START_MODULES = ['exporter/exporter.ts', 'exporter/config/index.ts'].map((file) => join(root, file));

/**
 * Every module loaded with import() (the web config, /events, the status page's router, the log source)
 * also imports the start's modules (already loaded when it runs, so this costs nothing at run time).
 * esbuild puts a module shared by several entries into the chunk of exactly that set of entries, so
 * without this the start's code is cut into one chunk per pattern of sharing (8 files); with it, what a
 * start loads is main.js and one chunk. Each ES module costs Node's loader ~0.35 ms of CPU here.
 */
const lazyModulesShareTheStart: Plugin = {
  name: 'lazy-modules-share-the-start',
  setup(b) {
    const lazy = new Set<string>();
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length === 0 && !resolved.external && resolved.path.endsWith('.ts')) lazy.add(resolved.path);
      return resolved;
    });
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!lazy.has(args.path)) return undefined;
      const imports = START_MODULES.map((file) => `import ${JSON.stringify(file)};`).join('\n');
      return { contents: `${readFileSync(args.path, 'utf8')}\n${imports}\n`, loader: 'ts', resolveDir: dirname(args.path) };
    });
  },
};

function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${join(root, 'package.json')}: no "version" string`);
  return version;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * True when dist/ is missing or older than a source, or than the git HEAD it carries the revision of
 * (a commit or checkout rewrites HEAD or the branch's ref, even when no source changed).
 */
export function exporterBuildIsStale(): boolean {
  const gitFiles = readGitHead(root).files.filter((file) => existsSync(file));
  return !existsSync(stamp) || [...inputs, ...gitFiles].some((input) => newestMtime(input) > statSync(stamp).mtimeMs);
}

export async function buildExporter(): Promise<void> {
  const script = await bundleBrowserCode();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The bundled CommonJS packages (ws, bcryptjs, … in the lazy chunks) call require() for Node's modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // package.json's version and the git revision written in: buildInfo() reads neither package.json nor .git at start.
    define: {
      __STATUS_PAGE_SCRIPT__: JSON.stringify(script),
      __UFO_COMPILED__: 'true',
      __UFO_PACKAGE_VERSION__: JSON.stringify(packageVersion()),
      __UFO_GIT_REVISION__: JSON.stringify(readGitHead(root).revision),
    },
    // Never loaded at run time: esbuild only by the status page's fallback for unbuilt sources.
    external: ['esbuild'],
    plugins: [standaloneValidators(root), builtinsThroughRequire],
    // Minified: less source for V8 to compile at start-up (error stacks map back through the source map).
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  } as const satisfies BuildOptions;
  // The parse worker runs as its own script next to main.js (exporter/sources/api/parse-worker.ts), in
  // its own thread and module graph: built alone, so that the code it shares with main.js does not
  // split main.js into more chunks (each ES module a start loads costs Node's loader ~0.35 ms).
  const worker = await build({ ...common, entryPoints: [join(root, 'exporter/sources/api/clients-parse-worker.ts')], outdir: out, entryNames: '[name]' });
  const result = await build({
    ...common,
    entryPoints: [join(root, 'exporter/main.ts')],
    plugins: [...common.plugins, lazyModulesShareTheStart],
    outdir: out,
    entryNames: '[name]',
    // Modules imported with import() (the /events socket, the web config) become chunks that are
    // parsed only when used, not at every start-up.
    splitting: true,
    chunkNames: '[name]-[hash]', // next to main.js: paths relative to the module resolve alike
  });
  writeFileSync(join(out, 'meta.json'), JSON.stringify({ inputs: { ...worker.metafile.inputs, ...result.metafile.inputs }, outputs: { ...worker.metafile.outputs, ...result.metafile.outputs } }));
  cpSync(join(root, 'exporter/sources/push/events.schema.json'), join(out, 'events.schema.json'));
  cpSync(join(root, 'exporter/status/assets'), join(out, 'assets'), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !exporterBuildIsStale()) process.exit(0);
  const started = performance.now();
  await buildExporter();
  process.stderr.write(`build: dist/exporter/main.js in ${Math.round(performance.now() - started)} ms\n`);
}
