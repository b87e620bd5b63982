/**
 * Every setting of the exporter, once: its flag, type, default and help. Flags, environment
 * variables (UFO_EXPORTER_*), the YAML config file and `--help` are all derived from this table.
 */

export type OptionKind = 'string' | 'duration' | 'integer' | 'boolean' | 'list';

export interface OptionSpec {
  /** Flag name without dashes; also the config-file key (nested at the dots). */
  readonly name: string;
  readonly kind: OptionKind;
  readonly default: string | number | boolean | readonly string[];
  readonly help: string;
  /** Extra JSON-schema keywords for the value (after flags/env strings are coerced). */
  readonly schema?: Readonly<Record<string, unknown>>;
  /** Shown as `<hidden>` in --help and never logged. */
  readonly secret?: boolean;
  /** What a valid value looks like, for error messages (instead of a regular expression). */
  readonly hint?: string;
  /** Only a flag or env var, not a config-file key (e.g. the config file's own path). */
  readonly notInFile?: boolean;
}

/** host:port, [ipv6]:port, or :port (all interfaces). */
export const LISTEN_ADDRESS_PATTERN = '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]*):[0-9]{1,5}$';
export const DURATION_PATTERN = '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$';

export const OPTIONS = [
  { name: 'config.file', kind: 'string', default: '', help: 'YAML file with any of these settings (keys as the flag names, nested at dots).', notInFile: true },
  { name: 'web.listen-address', kind: 'string', default: '0.0.0.0:9877', help: 'Address to listen on (host:port).', schema: { pattern: LISTEN_ADDRESS_PATTERN }, hint: 'host:port, [ipv6]:port or :port' },
  { name: 'web.telemetry-path', kind: 'string', default: '/metrics', help: 'Path under which metrics are served.', schema: { pattern: '^/[^?#\\s]*$' }, hint: 'a path starting with /' },
  { name: 'web.config.file', kind: 'string', default: '', help: 'Web config file: TLS, basic auth users, bearer token (exporter-toolkit format; docs/access-control.md).' },
  { name: 'web.max-failed-logins', kind: 'integer', default: 10, help: 'Failed basic-auth attempts allowed per client address per minute (a burst of as many); past it the address gets 429 without a password check until its allowance refills.', schema: { minimum: 1, maximum: 1_000_000 } },
  { name: 'web.max-connections', kind: 'integer', default: 512, help: 'Most connections the web server holds open at once; past it new ones are closed at once.', schema: { minimum: 1, maximum: 1_000_000 } },
  { name: 'web.disable-status-page', kind: 'boolean', default: false, help: 'Serve the plain landing page at / instead of the live status page.' },
  { name: 'alertmanager.url', kind: 'string', default: '', help: 'Alertmanager whose firing alerts the status page shows (off when empty).', schema: { pattern: '^(https?://[^\\s?#]+)?$' }, hint: 'an http:// or https:// URL without query' },
  { name: 'status.alertmanager-url', kind: 'string', default: '', help: 'Alertmanager URL as a browser reaches it, for the status page\'s links (default: --alertmanager.url without its credentials).', schema: { pattern: '^(https?://[^\\s?#]+)?$' }, hint: 'an http:// or https:// URL without query' },
  { name: 'status.grafana-url', kind: 'string', default: '', help: 'Grafana URL the status page links to (its UFO overview dashboard); no link when empty.', schema: { pattern: '^(https?://[^\\s?#]+)?$' }, hint: 'an http:// or https:// URL without query' },
  { name: 'status.prometheus-url', kind: 'string', default: '', help: 'Prometheus URL the status page links to (its alerts page); no link when empty.', schema: { pattern: '^(https?://[^\\s?#]+)?$' }, hint: 'an http:// or https:// URL without query' },
  { name: 'ufo.url', kind: 'string', default: 'http://127.0.0.1:8000', help: 'Base URL of the UFO server.', schema: { pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' }, hint: 'an http:// or https:// URL without query' },
  { name: 'ufo.server-name', kind: 'string', default: '', help: 'Name of the UFO server in ufo_server_info{server}, alerts, dashboards and the status page (default: the URL\'s host:port).', schema: { pattern: '^[^\\s"\\\\]{0,128}$' }, hint: 'up to 128 characters without spaces, quotes or backslashes' },
  { name: 'ufo.api-key', kind: 'string', default: '', help: 'API key for the UFO server (X-API-Key). Prefer --ufo.api-key-file.', secret: true },
  { name: 'ufo.api-key-file', kind: 'string', default: '', help: 'File holding the API key (first line; surrounding whitespace trimmed).' },
  { name: 'ufo.timeout', kind: 'duration', default: '5s', help: 'Longest a scrape may wait, e.g. 500ms, 5s. The poll of the UFO server API inside it is aborted earlier, keeping 5% (at least 50ms, at most half) for rendering the answer.', schema: { pattern: DURATION_PATTERN }, hint: 'a duration like 500ms, 5s, 1m' },
  { name: 'ufo.max-body-bytes', kind: 'integer', default: 67_108_864, help: 'Largest answer accepted from the UFO server API, in bytes; a larger one fails the poll (errors_total kind body_too_large). A rich /api/clients answer is ~130 bytes per client.', schema: { minimum: 1024, maximum: 2_147_483_647 } },
  { name: 'ufo.log-file', kind: 'string', default: '', help: 'UFO server log file to follow for sessions, requests and connection events (off when empty).' },
  { name: 'ufo.log-silence', kind: 'duration', default: '10m', help: 'With --ufo.log-file: how long the log may write nothing while clients are connected before it is reported silent (ufo_exporter_log_problem). The server logs every API call, the exporter\'s probes included.', schema: { pattern: DURATION_PATTERN }, hint: 'a duration like 5m, 1h' },
  { name: 'ufo.log-from-start', kind: 'boolean', default: false, help: 'Read the log file from its start instead of its end.' },
  { name: 'clients.max-series', kind: 'integer', default: 1000, help: 'Most clients with per-client (client_id) series; past it only aggregates.', schema: { minimum: 0, maximum: 10_000_000 } },
  { name: 'clients.max-tracked', kind: 'integer', default: 1_000_000, help: 'Most connected clients tracked; a connect past it is dropped and counted (ufo_exporter_bound_overflows_total{bound="clients"}, docs/hardening.md).', schema: { minimum: 1, maximum: 10_000_000 } },
  { name: 'clients.max-history', kind: 'integer', default: 200_000, help: 'Most disconnected clients remembered (connection counts, offline devices); the least recently seen is forgotten first. ~220 bytes each (~45 MB at 200,000), reached only after as many distinct clients have left: a few times the fleet is enough.', schema: { minimum: 1, maximum: 10_000_000 } },
  { name: 'clients.disconnect-grace', kind: 'duration', default: '10s', help: 'With a log or /events source: how long a disconnect the API poll notices first waits for the log/push to report its reason (close code) before it is counted with reason unknown.', schema: { pattern: DURATION_PATTERN }, hint: 'a duration like 500ms, 5s, 1m' },
  { name: 'errors.max-patterns', kind: 'integer', default: 100, help: 'Most error label sets (level, logger, pattern) in ufo_log_errors_total; past it new ones count as pattern="other".', schema: { minimum: 0, maximum: 100_000 } },
  { name: 'devices.known', kind: 'list', default: [], help: 'Comma-separated inventory of device ids, reported offline when not connected.' },
  { name: 'devices.known-file', kind: 'string', default: '', help: 'File with one known device id per line (# comments allowed); added to --devices.known.' },
  { name: 'events.token', kind: 'string', default: '', help: 'Token for the /events WebSocket; the socket is off unless a token is set. Prefer --events.token-file.', secret: true },
  { name: 'events.token-file', kind: 'string', default: '', help: 'File holding the /events token.' },
  { name: 'events.max-message-bytes', kind: 'integer', default: 65536, help: 'Largest /events message accepted, in bytes.', schema: { minimum: 64, maximum: 16_777_216 } },
  { name: 'events.max-unconfirmed-clients', kind: 'integer', default: 100_000, help: 'Most clients connected by /events pushes that no API poll has listed yet (e.g. while the API is down); a pushed connect past it is dropped and counted.', schema: { minimum: 1, maximum: 10_000_000 } },
  { name: 'events.max-connections', kind: 'integer', default: 64, help: 'Most /events connections open at once; a handshake past it is refused with 503.', schema: { minimum: 1, maximum: 100_000 } },
  { name: 'events.max-rate', kind: 'integer', default: 1000, help: 'Messages per second one /events connection may send (a burst of as many is allowed); past it a message is refused with a rate_limited reply.', schema: { minimum: 1, maximum: 1_000_000 } },
  { name: 'events.max-buffered-bytes', kind: 'integer', default: 1_048_576, help: 'Reply bytes one /events connection may leave unread; past it the connection is closed (1008).', schema: { minimum: 1024, maximum: 1_073_741_824 } },
  { name: 'runtime.eventloop-resolution', kind: 'duration', default: '100ms', help: 'How often the event-loop delay behind nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds is sampled (1ms to 1s). Each sample wakes the idle process: prom-client\'s 10ms cost ~0.4 % of a core at rest, 100ms ~0.03 %. A stall longer than this is always seen in max and p99; shorter ones only when they delay a sample. The values are the delay beyond the schedule (docs/metrics.md).', schema: { pattern: DURATION_PATTERN }, hint: 'a duration like 10ms, 100ms, 1s' },
  { name: 'log.level', kind: 'string', default: 'info', help: 'Log level: debug, info, warn, error.', schema: { enum: ['debug', 'info', 'warn', 'error'] } },
  { name: 'log.format', kind: 'string', default: 'json', help: 'Log format: json or logfmt.', schema: { enum: ['json', 'logfmt'] } },
] as const satisfies readonly OptionSpec[];

export const OPTION_BY_NAME: ReadonlyMap<string, OptionSpec> = new Map(OPTIONS.map((o) => [o.name, o]));

/** `web.listen-address` → `UFO_EXPORTER_WEB_LISTEN_ADDRESS` */
export function envName(option: string): string {
  return `UFO_EXPORTER_${option.replace(/[.-]/g, '_').toUpperCase()}`;
}

export function helpText(version: string): string {
  const lines = [
    `ufo-exporter ${version}: Prometheus exporter for the UFO agent server.`,
    '',
    'Usage: ufo-exporter [flags]',
    '',
    'Each flag also reads the environment variable shown, and a key of the --config.file YAML.',
    'Precedence: flag > environment > config file > default.',
    '',
    'Flags:',
  ];
  for (const o of OPTIONS as readonly OptionSpec[]) {
    const value = o.kind === 'boolean' ? '' : `=<${o.kind}>`;
    const def = Array.isArray(o.default) ? o.default.join(',') : String(o.default);
    lines.push(`  --${o.name}${value}`);
    lines.push(`      ${o.help}`);
    lines.push(`      default: ${def === '' ? '(none)' : def}   env: ${envName(o.name)}`);
  }
  lines.push('  --help', '      Show this help and exit.', '  --version', '      Print the version and exit.', '');
  return lines.join('\n');
}
