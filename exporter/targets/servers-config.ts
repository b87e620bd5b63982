/**
 * The `servers:` section of the config file: the UFO servers one exporter serves at
 * `/probe?target=<name>` (the multi-target convention of blackbox_exporter and json_exporter).
 *
 * ```yaml
 * servers:
 *   - name: lab-a
 *     url: http://ufo-a:8000
 *     api_key_file: /run/secrets/ufo-a
 *     log_file: /var/log/ufo-a/server.log   # optional
 * ```
 *
 * Every problem is a ConfigError naming the entry and the field.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/sources';
import { checkHttpUrl } from '../config/url-setting';
import { redactUrlCredentials, redactValueCredentials } from '../url-credentials';
import type { ServerSettings } from './pipeline';

/** Most servers one exporter serves: every one holds its own state and caches. */
export const MAX_SERVERS = 1000;
/** What a server name may be: it becomes a label value, a URL query value and Prometheus' `instance`. */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const URL_PATTERN = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
const FIELDS = new Set(['name', 'url', 'api_key_file', 'log_file']);

export interface ServerEntry extends ServerSettings {
  readonly name: string;
}

function text(entry: Record<string, unknown>, field: string, where: string, required: boolean): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) {
    if (required) throw new ConfigError(`${where}: ${field} is missing`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${where}: ${field} must be a non-empty string, got ${redactUrlCredentials(JSON.stringify(value))}`);
  return value;
}

function readKey(file: string, where: string): string {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${where}: api_key_file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const key = content.split(/\r?\n/)[0]?.trim() ?? '';
  if (key === '') throw new ConfigError(`${where}: api_key_file ${file} is empty`);
  return key;
}

/** Parses the section's YAML value; `origin` (e.g. `exporter.yml: servers`) starts every message. */
export function parseServers(value: unknown, origin: string): ServerEntry[] {
  if (!Array.isArray(value)) throw new ConfigError(`${origin}: must be a list of servers (name, url, api_key_file, log_file)`);
  if (value.length === 0) throw new ConfigError(`${origin}: lists no server (remove the section, or add name, url, api_key_file entries)`);
  if (value.length > MAX_SERVERS) throw new ConfigError(`${origin}: ${value.length} servers, at most ${MAX_SERVERS}`);
  const names = new Set<string>();
  return value.map((raw: unknown, i) => {
    const at = `${origin}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${at}: must be a mapping with name, url, api_key_file`);
    const entry = raw as Record<string, unknown>;
    const unknown = Object.keys(entry).filter((k) => !FIELDS.has(k));
    if (unknown.length > 0) throw new ConfigError(`${at}: unknown field ${unknown.join(', ')} (fields: ${[...FIELDS].join(', ')})`);
    const name = text(entry, 'name', at, true) ?? '';
    const where = `${origin}[${i}] (${JSON.stringify(name)})`;
    if (!SERVER_NAME_PATTERN.test(name)) throw new ConfigError(`${where}: name must be letters, digits, . _ : - (at most 128), starting with a letter or digit`);
    if (names.has(name)) throw new ConfigError(`${where}: another server already has this name`);
    names.add(name);
    const url = text(entry, 'url', where, true) ?? '';
    if (!URL_PATTERN.test(url)) throw new ConfigError(`${where}: url must be an http:// or https:// URL without query, got ${JSON.stringify(redactValueCredentials(url))}`);
    checkHttpUrl(url, `${where}: url`);
    const keyFile = text(entry, 'api_key_file', where, false);
    const logFile = text(entry, 'log_file', where, false);
    return { name, url, apiKey: keyFile === undefined ? '' : readKey(keyFile, where), ...(logFile !== undefined && { logFile }) };
  });
}
