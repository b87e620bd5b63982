/**
 * Where raw settings come from: command-line flags, UFO_EXPORTER_* environment variables and the
 * YAML config file. Each raw value remembers its origin so a validation error can say where the
 * bad value was written.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { redactUrlCredentials } from '../url-credentials';
import { OPTION_BY_NAME, OPTIONS, envName, type OptionSpec } from './options';

export class ConfigError extends Error {}

/** A bad `--web.config.file` (or a file it names): the message names the file and the field, never a secret. */
export class WebConfigError extends ConfigError {
  override readonly name = 'WebConfigError';
}

/** The config file's list of servers for /probe (not a flag). */
export const SERVERS_KEY = 'servers';

export interface RawValue {
  readonly value: unknown;
  /** e.g. `flag --ufo.timeout`, `env UFO_EXPORTER_UFO_TIMEOUT`, `config.yml: ufo.timeout`. */
  readonly origin: string;
}

export type RawSettings = Map<string, RawValue>;

export interface ParsedArgs {
  readonly settings: RawSettings;
  readonly help: boolean;
  readonly version: boolean;
}

/** Parses `--flag=value`, `--flag value` and bare boolean flags (`-flag` is accepted too). */
export function parseFlags(argv: readonly string[]): ParsedArgs {
  const settings: RawSettings = new Map();
  // --help wins over everything else on the line, even a bad flag.
  if (argv.some((a) => a === '--help' || a === '-h' || a === '-help')) return { settings, help: true, version: false };
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new ConfigError(`unexpected argument "${redactUrlCredentials(arg)}": flags look like --name=value (see --help)`);
    const name = match[1] ?? '';
    let value: string | undefined = match[2];
    if (name === 'help' || name === 'h') {
      help = true;
      continue;
    }
    if (name === 'version') {
      version = true;
      continue;
    }
    const spec = OPTION_BY_NAME.get(name);
    if (!spec) throw new ConfigError(`unknown flag --${name} (see --help)`);
    if (value === undefined) {
      if (spec.kind === 'boolean') value = 'true';
      else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new ConfigError(`flag --${name} needs a value`);
        value = next;
        i++;
      }
    }
    settings.set(name, { value, origin: `flag --${name}` });
  }
  return { settings, help, version };
}

/** UFO_EXPORTER_* variables that are not settings but are read elsewhere (build-info.ts). */
const OTHER_ENV = new Set(['UFO_EXPORTER_REVISION']);

/** Reads the UFO_EXPORTER_* settings; any other UFO_EXPORTER_* variable is an error (a typo would go unnoticed). */
export function readEnv(env: NodeJS.ProcessEnv): RawSettings {
  const known = new Set([...(OPTIONS as readonly OptionSpec[]).map((o) => envName(o.name)), ...OTHER_ENV]);
  const unknown = Object.keys(env).filter((name) => name.startsWith('UFO_EXPORTER_') && !known.has(name)).sort();
  if (unknown.length > 0)
    throw new ConfigError(`unknown environment variable${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (settings are UFO_EXPORTER_<FLAG NAME>, see --help)`);
  const settings: RawSettings = new Map();
  for (const o of OPTIONS as readonly OptionSpec[]) {
    const value = env[envName(o.name)];
    if (value !== undefined && value !== '') settings.set(o.name, { value, origin: `env ${envName(o.name)}` });
  }
  return settings;
}

/** Flattens `{ufo: {timeout: 5s}}` to `ufo.timeout`; dotted keys are accepted as they are. */
function flatten(node: Record<string, unknown>, prefix: string, out: Map<string, unknown>, file: string): void {
  for (const [key, value] of Object.entries(node)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    const spec = OPTION_BY_NAME.get(name);
    if (spec) {
      if (spec.notInFile) throw new ConfigError(`${file}: key "${name}" cannot be set in the config file`);
      out.set(name, value);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      flatten(value as Record<string, unknown>, name, out, file);
    } else {
      throw new ConfigError(`${file}: unknown key "${name}" (keys are the flag names, see --help)`);
    }
  }
}

/**
 * yaml is required when a config file is read rather than imported: only `--config.file` needs it,
 * and so the compiled build leaves it out of what every start-up loads (docs/performance.md). It is
 * resolved from node_modules at run time, like bcryptjs (both are production dependencies).
 */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

export function readConfigFile(file: string): RawSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`--config.file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`--config.file ${file}: not valid YAML: ${redactUrlCredentials((err as Error).message.split('\n')[0] ?? '')}`);
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`--config.file ${file}: must be a mapping of settings`);
  // `servers:` (the multi-target section) is a list, not a setting: it is kept whole (exporter/targets/servers-config.ts).
  const { [SERVERS_KEY]: servers, ...rest } = doc as Record<string, unknown>;
  const flat = new Map<string, unknown>();
  flatten(rest, '', flat, file);
  const settings: RawSettings = new Map();
  for (const [name, value] of flat) settings.set(name, { value, origin: `${file}: ${name}` });
  if (servers !== undefined) settings.set(SERVERS_KEY, { value: servers, origin: `${file}: ${SERVERS_KEY}` });
  return settings;
}
