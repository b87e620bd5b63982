/**
 * Renders `docs/configuration.md` from the options table, so the reference cannot drift from the
 * flags the exporter accepts (`npm run build:rules` writes it, `--check` compares it).
 */
import { OPTIONS, envName, type OptionSpec } from './options';

/** A config file the exporter accepts (a test loads it), shown as the example in the doc. */
export const EXAMPLE_CONFIG_FILE = `web:
  listen-address: 0.0.0.0:9877
ufo:
  url: http://ufo-server:8000
  api-key-file: /run/secrets/ufo-key
  timeout: 3s
  log-file: /var/log/ufo/server.log
clients.max-series: 2000
devices:
  known: [win-1, win-2, mac-1]
log:
  format: logfmt
`;

function defaultText(o: OptionSpec): string {
  const value = Array.isArray(o.default) ? o.default.join(',') : String(o.default);
  return value === '' ? '—' : `\`${value}\``;
}

function row(o: OptionSpec): string {
  const where = o.notInFile ? ' (flag or environment only)' : '';
  const help = `${o.help}${where}`.replace(/\|/g, '\\|');
  return `| \`--${o.name}\` | ${o.kind} | ${defaultText(o)} | \`${envName(o.name)}\` | ${help} |`;
}

export function renderConfigurationDoc(): string {
  return [
    '# Configuration',
    '',
    'Every setting of `ufo-exporter`, generated from `exporter/config/options.ts`.',
    '',
    'Each setting is a flag (`--name=value` or `--name value`; booleans may be bare), an environment',
    'variable (dots and dashes become `_`), or a key of the YAML file given by `--config.file` (keys are',
    'the flag names, nested at the dots or written dotted). Precedence: **flag > environment > config',
    'file > default**. Unknown flags or file keys are errors. `--help` lists everything with defaults;',
    '`--version` prints version, git revision and Node.js version.',
    '',
    'A bad configuration exits 2 with one line naming the setting and where it came from, e.g.',
    '`ufo.timeout (env UFO_EXPORTER_UFO_TIMEOUT) must be a duration like 500ms, 5s, 1m, got "5x"`.',
    'Durations are written like `500ms`, `5s`, `1m`, `1h`. Secrets (the API key, the event token) are',
    'best given as files (`…-file`); their values are never logged.',
    '',
    '| flag | type | default | environment | what |',
    '| --- | --- | --- | --- | --- |',
    ...(OPTIONS as readonly OptionSpec[]).map(row),
    '',
    'Example config file (`--config.file=exporter.yml`):',
    '',
    '```yaml',
    EXAMPLE_CONFIG_FILE.trimEnd(),
    '```',
    '',
    'Access control and TLS (`--web.config.file`): [access-control.md](access-control.md). The log',
    'source (`--ufo.log-file`): [log-source.md](log-source.md). The event socket (`--events.*`):',
    '[event-socket.md](event-socket.md). The status page (`--alertmanager.url`, `--web.disable-status-page`):',
    '[status-page.md](status-page.md).',
    '',
  ].join('\n');
}
