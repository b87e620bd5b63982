/**
 * The exporter's configuration: flags > environment > config file > defaults, checked against the
 * option table (settings-check.ts).
 * A bad value raises ConfigError naming the setting and where it came from.
 */
import { readFileSync } from 'node:fs';
import type { LogFormat, LogLevel } from '../logging';
import type { StatusLinks } from '../status/document';
import { parseDurationMs } from '../duration';
import { redactUrlCredentials, redactValueCredentials, withoutCredentials } from '../url-credentials';
import { OPTIONS, type OptionSpec } from './options';
import { checkHttpUrl } from './url-setting';
import { checkSettings } from './settings-check';
import { parseServers, type ServerEntry } from '../targets/servers-config';
import { ConfigError, parseFlags, readConfigFile, readEnv, SERVERS_KEY, type RawSettings, type RawValue } from './sources';

export { ConfigError } from './sources';
export { helpText } from './options';

export interface ExporterConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly telemetryPath: string;
  readonly ufoUrl: string;
  /** --ufo.server-name; unset: the URL's host:port (exporter/targets/identity.ts). */
  readonly serverName?: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  /** --ufo.max-body-bytes */
  readonly maxBodyBytes: number;
  readonly logFile?: string;
  readonly logFromStart: boolean;
  /** --ufo.log-silence, ms. */
  readonly logSilenceMs: number;
  readonly maxSeries: number;
  /** --clients.max-tracked: connected clients tracked at most. */
  readonly maxTrackedClients: number;
  /** --clients.max-history: disconnected clients remembered. */
  readonly clientHistoryLimit: number;
  /** --errors.max-patterns */
  readonly maxErrorPatterns: number;
  /** --clients.disconnect-grace: used only when a log or /events source is configured. */
  readonly disconnectGraceMs: number;
  readonly knownDevices: readonly string[];
  /** Set when the /events socket is enabled. */
  readonly eventsToken?: string;
  readonly eventsMaxMessageBytes: number;
  /** The /events socket's bounds (docs/hardening.md). */
  readonly eventsLimits: {
    readonly maxUnconfirmedClients: number;
    readonly maxConnections: number;
    readonly maxMessagesPerSecond: number;
    readonly maxBufferedBytes: number;
  };
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** --web.config.file: TLS and access control (exporter/web/web-config.ts). */
  readonly webConfigFile?: string;
  /** --web.max-failed-logins: failed basic-auth attempts per client address per minute. */
  readonly maxFailedLogins: number;
  /** --web.max-connections: connections the web server holds at once. */
  readonly maxConnections: number;
  /** --runtime.eventloop-resolution, whole ms: the event-loop delay monitor's sampling interval. */
  readonly eventLoopResolutionMs: number;
  readonly disableStatusPage?: boolean;
  readonly alertmanagerUrl?: string;
  /** Where the status page links to, as a browser reaches them (--status.*-url). */
  readonly statusLinks: StatusLinks;
  /** The config file's `servers:`, served at /probe?target=<name> (exporter/targets/). */
  readonly servers?: readonly ServerEntry[];
  /** Set when `servers:` is given and --ufo.url is not: /metrics then serves the exporter's own metrics only. */
  readonly probeOnly?: boolean;
}

export type CliCommand = { readonly kind: 'help' } | { readonly kind: 'version' } | { readonly kind: 'run'; readonly config: ExporterConfig };

type KindValue<K extends OptionSpec['kind']> = K extends 'integer' ? number : K extends 'boolean' ? boolean : K extends 'list' ? string[] : string;
/** The settings after validation, typed from the option table. */
type SettingValues = { [O in (typeof OPTIONS)[number] as O['name']]: KindValue<O['kind']> };

function splitList(value: unknown): unknown {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value;
}

/** A duration flag's milliseconds (already checked against DURATION_PATTERN by the schema). */
export function parseDuration(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new Error(`not a duration: ${text}`);
  return ms;
}

function readSecretFile(name: string, file: string, setting: RawValue): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${name} (${setting.origin}): cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const first = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (first === '') throw new ConfigError(`${name} (${setting.origin}): ${file} is empty`);
  return first;
}

function readListFile(name: string, file: string, setting: RawValue): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => l !== '');
  } catch (err) {
    throw new ConfigError(`${name} (${setting.origin}): cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** A secret given inline or in a file: setting both is ambiguous, so it is an error. */
function secret(
  settings: RawSettings,
  values: SettingValues,
  inline: 'ufo.api-key' | 'events.token',
  fileOption: 'ufo.api-key-file' | 'events.token-file',
): string | undefined {
  const direct = settings.get(inline);
  const file = settings.get(fileOption);
  if (direct && file) throw new ConfigError(`set only one of ${inline} (${direct.origin}) and ${fileOption} (${file.origin})`);
  if (file) return readSecretFile(fileOption, values[fileOption], file);
  return values[inline] === '' ? undefined : values[inline];
}

function parseListen(address: string, origin: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`web.listen-address (${origin}): port ${port} is out of range 0-65535`);
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/** Merges the sources (later ones win) and validates; throws ConfigError. */
export function resolveConfig(layers: readonly RawSettings[]): ExporterConfig {
  const settings: RawSettings = new Map();
  for (const layer of layers) for (const [name, raw] of layer) settings.set(name, raw);

  const values: Record<string, unknown> = {};
  for (const o of OPTIONS as readonly OptionSpec[]) {
    const raw = settings.get(o.name);
    const value = raw === undefined ? o.default : raw.value;
    values[o.name] = o.kind === 'list' ? splitList(Array.isArray(value) ? [...value] : value) : value;
  }
  const error = checkSettings(values, OPTIONS);
  if (error) {
    const name = error.instancePath.split('/')[1] ?? '';
    const raw = settings.get(name);
    const spec: OptionSpec | undefined = OPTIONS.find((o) => o.name === name);
    // A URL-valued setting may carry user:password; any value is shown with URL credentials redacted.
    const value = raw?.value;
    const shown = spec?.secret ? '<hidden>' : typeof value === 'string' ? JSON.stringify(redactValueCredentials(value)) : redactUrlCredentials(JSON.stringify(value));
    const problem = error.keyword === 'pattern' && spec?.hint ? `must be ${spec.hint}` : error.message;
    throw new ConfigError(`${name} (${raw?.origin ?? 'default'}) ${problem}, got ${shown}`);
  }

  // Safe: checkSettings has just checked (and coerced) every value against the same table.
  const v = values as unknown as SettingValues;
  const originOf = (name: string): string => settings.get(name)?.origin ?? 'default';
  for (const name of ['ufo.url', 'alertmanager.url'] as const) if (v[name] !== '') checkHttpUrl(v[name], `${name} (${originOf(name)})`);
  const knownFile = settings.get('devices.known-file');
  const knownDevices = [...v['devices.known'], ...(knownFile ? readListFile('devices.known-file', v['devices.known-file'], knownFile) : [])];
  const timeoutMs = parseDuration(v['ufo.timeout']);
  if (timeoutMs < 1) throw new ConfigError(`ufo.timeout (${originOf('ufo.timeout')}) must be at least 1ms`);
  const eventLoopResolutionMs = Math.round(parseDuration(v['runtime.eventloop-resolution']));
  if (eventLoopResolutionMs < 1 || eventLoopResolutionMs > 1000)
    throw new ConfigError(`runtime.eventloop-resolution (${originOf('runtime.eventloop-resolution')}) must be between 1ms and 1s, got ${v['runtime.eventloop-resolution']}`);
  const eventsToken = secret(settings, v, 'events.token', 'events.token-file');
  const serversRaw = settings.get(SERVERS_KEY);
  const servers = serversRaw === undefined ? undefined : parseServers(serversRaw.value, serversRaw.origin);

  return {
    listen: parseListen(v['web.listen-address'], originOf('web.listen-address')),
    telemetryPath: v['web.telemetry-path'],
    ufoUrl: v['ufo.url'],
    ...(v['ufo.server-name'] !== '' && { serverName: v['ufo.server-name'] }),
    apiKey: secret(settings, v, 'ufo.api-key', 'ufo.api-key-file') ?? '',
    timeoutMs,
    maxBodyBytes: v['ufo.max-body-bytes'],
    ...(v['ufo.log-file'] !== '' && { logFile: v['ufo.log-file'] }),
    logFromStart: v['ufo.log-from-start'],
    logSilenceMs: parseDuration(v['ufo.log-silence']),
    maxSeries: v['clients.max-series'],
    maxTrackedClients: v['clients.max-tracked'],
    clientHistoryLimit: v['clients.max-history'],
    maxErrorPatterns: v['errors.max-patterns'],
    disconnectGraceMs: parseDuration(v['clients.disconnect-grace']),
    knownDevices: [...new Set(knownDevices)],
    ...(eventsToken !== undefined && { eventsToken }),
    eventsMaxMessageBytes: v['events.max-message-bytes'],
    eventsLimits: {
      maxUnconfirmedClients: v['events.max-unconfirmed-clients'],
      maxConnections: v['events.max-connections'],
      maxMessagesPerSecond: v['events.max-rate'],
      maxBufferedBytes: v['events.max-buffered-bytes'],
    },
    logLevel: v['log.level'] as LogLevel,
    logFormat: v['log.format'] as LogFormat,
    ...(v['web.config.file'] !== '' && { webConfigFile: v['web.config.file'] }),
    maxFailedLogins: v['web.max-failed-logins'],
    maxConnections: v['web.max-connections'],
    eventLoopResolutionMs,
    ...(v['web.disable-status-page'] && { disableStatusPage: true }),
    ...(v['alertmanager.url'] !== '' && { alertmanagerUrl: v['alertmanager.url'] }),
    statusLinks: {
      grafana: v['status.grafana-url'] || null,
      prometheus: v['status.prometheus-url'] || null,
      alertmanager: v['status.alertmanager-url'] || (v['alertmanager.url'] ? withoutCredentials(v['alertmanager.url']) : null),
    },
    ...(servers !== undefined && { servers }),
    ...(servers !== undefined && !settings.has('ufo.url') && { probeOnly: true }),
  };
}

/** Reads flags, environment and the config file; `--help` and `--version` short-circuit. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  const flags = parseFlags(argv);
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };
  const fromEnv = readEnv(env);
  const configFile = flags.settings.get('config.file') ?? fromEnv.get('config.file');
  const fromFile = configFile && String(configFile.value) !== '' ? readConfigFile(String(configFile.value)) : new Map<string, RawValue>();
  return { kind: 'run', config: resolveConfig([fromFile, fromEnv, flags.settings]) };
}
