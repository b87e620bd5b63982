/**
 * The web config file (`--web.config.file`): TLS and access control for everything the exporter
 * serves, in the format of Prometheus' exporter-toolkit, plus one extension:
 *
 * ```yaml
 * tls_server_config:            # optional: serve HTTPS
 *   cert_file: server.crt
 *   key_file: server.key
 *   client_ca_file: ca.crt      # optional: mutual TLS (with client_auth_type)
 *   client_auth_type: RequireAndVerifyClientCert
 *   min_version: TLS12          # and max_version, cipher_suites, prefer_server_cipher_suites, curve_preferences
 * http_server_config:
 *   headers: { X-Frame-Options: deny }   # added to every response (http2 is accepted, Node serves HTTP/1.1)
 * basic_auth_users:             # optional: user → bcrypt hash (htpasswd -nBC 10 user)
 *   alice: $2y$10$...
 * bearer_token_file: token.txt  # optional (extension): a file holding one bearer token
 * ```
 *
 * Relative paths are resolved against the config file's directory, as exporter-toolkit does.
 * Parsing is pure (`parseWebConfig`); `loadWebConfig` reads the file, and `loadWebSecurity` turns it
 * into what the web server runs with (an Authenticator, TLS credentials, response headers), reading
 * every file the config names, so a missing key or token file fails at start-up (and at a reload),
 * naming the field and the file. Imported only when `--web.config.file` is given (its chunk holds ajv,
 * yaml and the bcrypt checks); access-guard.ts applies the result to every request.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { createAjv } from '../ajv';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  CIPHER_SUITE_NAMES,
  CLIENT_AUTH_TYPES,
  CURVE_NAMES,
  RESPONSE_HEADERS,
  TLS_VERSION_NAMES,
  tlsSettings,
  type TlsServerConfigFile,
  type TlsSettings,
} from './tls-settings';

import { WebConfigError } from '../config/sources';
import { Authenticator, type AuthenticatorOptions } from './auth';
import { loadTlsCredentials, type TlsCredentials } from './tls';

export { WebConfigError };

/** The file as written (snake_case, exporter-toolkit field names). */
interface WebConfigFile {
  tls_server_config?: TlsServerConfigFile;
  http_server_config?: { http2?: boolean; headers?: Record<string, string> };
  basic_auth_users?: Record<string, string>;
  bearer_token_file?: string;
}

/** bcrypt's modular crypt format: `$2a$`/`$2b$`/`$2y$`, two-digit cost, 53 characters of salt+hash. */
const BCRYPT_HASH = '^\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}$';

const schema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    tls_server_config: {
      type: 'object',
      additionalProperties: false,
      required: ['cert_file', 'key_file'],
      properties: {
        cert_file: { type: 'string', minLength: 1 },
        key_file: { type: 'string', minLength: 1 },
        client_ca_file: { type: 'string', minLength: 1 },
        client_auth_type: { enum: CLIENT_AUTH_TYPES },
        min_version: { enum: TLS_VERSION_NAMES },
        max_version: { enum: TLS_VERSION_NAMES },
        cipher_suites: { type: 'array', items: { enum: CIPHER_SUITE_NAMES } },
        prefer_server_cipher_suites: { type: 'boolean' },
        curve_preferences: { type: 'array', items: { enum: CURVE_NAMES } },
      },
    },
    http_server_config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        http2: { type: 'boolean' },
        headers: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(RESPONSE_HEADERS.map((h) => [h, { type: 'string' }])),
        },
      },
    },
    basic_auth_users: {
      type: 'object',
      propertyNames: { minLength: 1, pattern: '^[^:]*$' },
      additionalProperties: { type: 'string', pattern: BCRYPT_HASH },
    },
    bearer_token_file: { type: 'string', minLength: 1 },
  },
} as const;

const validate = createAjv({ allErrors: true }).compile<WebConfigFile | null>(schema);

/** What the exporter needs from the file, paths resolved. */
export interface WebConfig {
  readonly tls?: TlsSettings;
  /** Response headers from http_server_config.headers (blank values left out, as the toolkit does). */
  readonly headers: Readonly<Record<string, string>>;
  /** user → bcrypt hash. Empty when basic auth is off. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  readonly bearerTokenFile?: string;
}

/** `/a/b` → `a.b`, the way the file's fields are written. */
function fieldOf(error: ErrorObject): string {
  const parts = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') parts.push(String(error.params['additionalProperty']));
  if (error.keyword === 'required') parts.push(String(error.params['missingProperty']));
  if (error.keyword === 'propertyNames') parts.push(String(error.params['propertyName']));
  return parts.join('.') || '(top level)';
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a known field (known: tls_server_config, http_server_config, basic_auth_users, bearer_token_file; see docs/access-control.md)';
    case 'enum':
      return `must be one of ${(error.params['allowedValues'] as readonly string[]).join(', ')}`;
    case 'required':
      return 'is required';
    case 'propertyNames':
      return 'is not a valid user name (non-empty, no ":")';
    case 'pattern':
      // Only bcrypt hashes carry a pattern; the value itself is a (hashed) credential: never echoed.
      return 'must be a bcrypt hash such as $2y$10$… (e.g. from `htpasswd -nBC 10 <user>`)';
    default:
      return error.message ?? 'is invalid';
  }
}

function formatErrors(errors: readonly ErrorObject[], origin: string): string {
  // propertyNames errors come with a duplicate pointing at the parent object; keep the precise one.
  const relevant = errors.filter((e) => !(e.keyword === 'pattern' && e.propertyName !== undefined));
  const lines = [...new Set(relevant.map((e) => `${fieldOf(e)}: ${describe(e)}`))];
  return `invalid web config ${origin}: ${lines.join('; ')}`;
}

/** Validates the YAML text of a web config. `origin` (the file name) appears in errors; `baseDir` resolves relative paths. */
export function parseWebConfig(text: string, origin: string, baseDir: string): WebConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` line ${err.linePos[0].line}` : '';
    throw new WebConfigError(`invalid web config ${origin}${where}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!validate(raw)) throw new WebConfigError(formatErrors(validate.errors ?? [], origin));
  const file: WebConfigFile = raw ?? {};
  const resolve = (p: string): string => path.resolve(baseDir, p);
  const tls = file.tls_server_config;
  return {
    ...(tls && { tls: tlsSettings(tls, resolve, origin) }),
    headers: Object.fromEntries(Object.entries(file.http_server_config?.headers ?? {}).filter(([, v]) => v.trim() !== '')),
    basicAuthUsers: new Map(Object.entries(file.basic_auth_users ?? {})),
    ...(file.bearer_token_file !== undefined && { bearerTokenFile: resolve(file.bearer_token_file) }),
  };
}

/** Reads and validates `--web.config.file`. */
export async function loadWebConfig(file: string): Promise<WebConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new WebConfigError(`cannot read web config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseWebConfig(text, file, path.dirname(path.resolve(file)));
}

/** Reads the bearer token file: one token, surrounding whitespace ignored. The error never shows the content. */
export async function readBearerToken(file: string): Promise<string> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    throw new WebConfigError(`bearer_token_file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const token = content.trim();
  if (token.length === 0) throw new WebConfigError(`bearer_token_file: ${file} is empty`);
  if (/\s/.test(token)) throw new WebConfigError(`bearer_token_file: ${file} must hold a single token without whitespace`);
  return token;
}

/** What the web server runs with, resolved from a web config (or open, without one: access-guard.ts). */
export interface WebSecurity {
  readonly authenticator: Authenticator;
  readonly tls?: TlsCredentials;
  /** http_server_config.headers, added to every response. */
  readonly headers: Readonly<Record<string, string>>;
  /** Secret values to mask in logs (the bearer token). */
  readonly secrets: readonly string[];
  /** Every file the config consists of (itself included), for noticing changes. */
  readonly files: readonly string[];
}

/** Reads `--web.config.file` and every file it names; throws WebConfigError naming the file and field when anything is wrong. */
export async function loadWebSecurity(webConfigFile: string, opts: AuthenticatorOptions = {}): Promise<WebSecurity> {
  const config = await loadWebConfig(webConfigFile);
  const bearerToken = config.bearerTokenFile === undefined ? undefined : await readBearerToken(config.bearerTokenFile);
  const tls = config.tls && (await loadTlsCredentials(config.tls));
  const named = [config.tls?.certFile, config.tls?.keyFile, config.tls?.clientCaFile, config.bearerTokenFile];
  return {
    authenticator: new Authenticator({ basicAuthUsers: config.basicAuthUsers, ...(bearerToken !== undefined && { bearerToken }) }, opts),
    ...(tls && { tls }),
    headers: config.headers,
    secrets: bearerToken === undefined ? [] : [bearerToken],
    files: [webConfigFile, ...named.filter((f): f is string => f !== undefined)],
  };
}
