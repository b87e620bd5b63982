import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, helpText, loadConfig, type ExporterConfig } from '../../../exporter/config';
import { OPTIONS, envName } from '../../../exporter/config/options';
import { useTempDir } from '../../helpers/temp-dir';
import { thrownMessage } from '../../helpers/thrown';

const tmp = useTempDir('ufo-exporter-config-');
function file(name: string, content: string): string {
  const path = join(tmp.path, name);
  writeFileSync(path, content);
  return path;
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}): ExporterConfig {
  const command = loadConfig(argv, env);
  if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
  return command.config;
}

function failure(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  return thrownMessage(() => loadConfig(argv, env), ConfigError);
}

describe('configuration', () => {
  it('has working defaults', () => {
    expect(run([])).toEqual({
      listen: { host: '0.0.0.0', port: 9877 },
      telemetryPath: '/metrics',
      ufoUrl: 'http://127.0.0.1:8000',
      apiKey: '',
      timeoutMs: 5000,
      maxBodyBytes: 67_108_864,
      logFromStart: false,
      logSilenceMs: 600_000,
      maxSeries: 1000,
      maxFailedLogins: 10,
      maxConnections: 512,
      eventLoopResolutionMs: 100,
      maxTrackedClients: 1_000_000,
      clientHistoryLimit: 200_000,
      maxErrorPatterns: 100,
      disconnectGraceMs: 10_000,
      knownDevices: [],
      eventsMaxMessageBytes: 65536,
      eventsLimits: { maxUnconfirmedClients: 100_000, maxConnections: 64, maxMessagesPerSecond: 1000, maxBufferedBytes: 1_048_576 },
      logLevel: 'info',
      logFormat: 'json',
      statusLinks: { grafana: null, prometheus: null, alertmanager: null },
    });
  });

  it('links the status page to Alertmanager at --alertmanager.url without its credentials, unless --status.alertmanager-url says otherwise', () => {
    expect(run(['--alertmanager.url=http://u:pw@am:9093']).statusLinks).toEqual({ grafana: null, prometheus: null, alertmanager: 'http://am:9093' });
    expect(run(['--alertmanager.url=http://am:9093', '--status.alertmanager-url=https://am.example.org', '--status.grafana-url=https://g.example.org']).statusLinks).toEqual({
      grafana: 'https://g.example.org',
      prometheus: null,
      alertmanager: 'https://am.example.org',
    });
    expect(() => run(['--status.grafana-url=javascript:alert(1)'])).toThrow(/status\.grafana-url .*must be an http:\/\/ or https:\/\/ URL without query/);
  });

  it('reads --flag=value, --flag value and bare booleans', () => {
    const c = run(['--ufo.timeout=750ms', '--clients.max-series', '5', '--clients.disconnect-grace=2.5s', '--ufo.log-from-start', '--ufo.log-file', '/x.log', '--web.listen-address=[::1]:9', '--devices.known=a, b,,c', '--runtime.eventloop-resolution=20ms']);
    expect(c).toMatchObject({ eventLoopResolutionMs: 20, timeoutMs: 750, maxSeries: 5, disconnectGraceMs: 2500, logFromStart: true, logFile: '/x.log', listen: { host: '::1', port: 9 }, knownDevices: ['a', 'b', 'c'] });
  });

  it('applies precedence flag > env > file > default', () => {
    const yml = file('prec.yml', 'ufo:\n  timeout: 3s\n  url: http://file:1\nclients.max-series: 7\nlog:\n  format: logfmt\n');
    const env = { [envName('ufo.timeout')]: '2s', [envName('ufo.url')]: 'http://env:1', UFO_EXPORTER_CONFIG_FILE: yml };
    const c = run(['--ufo.timeout=1s'], env);
    expect(c).toMatchObject({ timeoutMs: 1000, ufoUrl: 'http://env:1', maxSeries: 7, logFormat: 'logfmt', logLevel: 'info' });
  });

  it('reads secrets and the device inventory from files', () => {
    const key = file('key', '  s3cret-key \n');
    const token = file('token', 'tok\n');
    const inventory = file('devices', '# lab\nwin-1\n\nmac-1  # spare\n');
    const c = run([`--ufo.api-key-file=${key}`, `--events.token-file=${token}`, `--devices.known-file=${inventory}`, '--devices.known=win-1,x']);
    expect(c).toMatchObject({ apiKey: 's3cret-key', eventsToken: 'tok', knownDevices: ['win-1', 'x', 'mac-1'] });
  });

  it.each([
    [['--web.listen-address=localhost'], 'web.listen-address (flag --web.listen-address) must be host:port'],
    [['--web.listen-address=:70000'], 'port 70000 is out of range'],
    [['--web.telemetry-path=metrics'], 'web.telemetry-path (flag --web.telemetry-path) must be a path starting with /'],
    [['--ufo.url=ftp://x'], 'ufo.url (flag --ufo.url) must be an http:// or https:// URL'],
    [['--ufo.timeout=5'], 'ufo.timeout (flag --ufo.timeout) must be a duration'],
    [['--ufo.timeout=0s'], 'ufo.timeout (flag --ufo.timeout) must be at least 1ms'],
    [['--runtime.eventloop-resolution=0ms'], 'runtime.eventloop-resolution (flag --runtime.eventloop-resolution) must be between 1ms and 1s, got 0ms'],
    [['--runtime.eventloop-resolution=2s'], 'runtime.eventloop-resolution (flag --runtime.eventloop-resolution) must be between 1ms and 1s, got 2s'],
    [['--clients.disconnect-grace=soon'], 'clients.disconnect-grace (flag --clients.disconnect-grace) must be a duration'],
    [['--clients.max-series=-1'], 'clients.max-series (flag --clients.max-series) must be >= 0'],
    [['--clients.max-series=1.5'], 'clients.max-series (flag --clients.max-series) must be integer'],
    [['--events.max-message-bytes=10'], 'events.max-message-bytes (flag --events.max-message-bytes) must be >= 64'],
    [['--log.level=verbose'], 'log.level (flag --log.level) must be equal to one of the allowed values'],
    [['--log.format=xml'], 'log.format (flag --log.format) must be equal to one of the allowed values'],
    [['--ufo.log-from-start=maybe'], 'ufo.log-from-start (flag --ufo.log-from-start) must be boolean'],
    [['--nope=1'], 'unknown flag --nope'],
    [['--ufo.url'], 'flag --ufo.url needs a value'],
    [['stray'], 'unexpected argument "stray"'],
    [['--ufo.api-key=a', '--ufo.api-key-file=/k'], 'set only one of ufo.api-key (flag --ufo.api-key) and ufo.api-key-file'],
    [['--ufo.api-key-file=/does/not/exist'], 'ufo.api-key-file (flag --ufo.api-key-file): cannot read /does/not/exist (ENOENT)'],
  ])('%j is rejected naming the field', (argv, message) => {
    expect(failure(argv)).toContain(message);
  });

  it('names the environment variable or file key a bad value came from, and hides secrets', () => {
    expect(failure([], { UFO_EXPORTER_UFO_TIMEOUT: 'soon' })).toContain('ufo.timeout (env UFO_EXPORTER_UFO_TIMEOUT)');
    const yml = file('bad.yml', 'clients:\n  max-series: lots\n');
    expect(failure([`--config.file=${yml}`])).toContain(`clients.max-series (${yml}: clients.max-series) must be integer`);
    const unknown = file('unknown.yml', 'ufo:\n  tiemout: 5s\n');
    expect(failure([`--config.file=${unknown}`])).toContain('unknown key "ufo.tiemout"');
    expect(failure([`--config.file=${file('broken.yml', 'a: [')}`])).toContain('not valid YAML');
    expect(failure(['--config.file=/nope.yml'])).toContain('--config.file /nope.yml: cannot read it');
    const emptyKey = file('empty-key', '\n');
    expect(failure([`--ufo.api-key-file=${emptyKey}`])).toContain('is empty');
  });

  it('never echoes the password of a URL-valued setting in an error', () => {
    const errors = [
      failure(['--ufo.url=ftp://admin:hunter2@x']),
      failure(['--alertmanager.url=ftp://am:s3cr3t-am@x/']),
      failure([], { [envName('ufo.url')]: 'http://admin:hunter2@x?query=1' }),
      failure([`--config.file=${file('url.yml', 'alertmanager:\n  url: "gopher://am:s3cr3t-am@x"\n')}`]),
      failure(['http://admin:hunter2@stray']),
    ];
    expect(errors[0]).toContain('ufo.url (flag --ufo.url) must be an http:// or https:// URL without query, got "ftp://admin:***@x"');
    expect(errors[1]).toContain('got "ftp://am:***@x/"');
    expect(errors[2]).toContain('ufo.url (env UFO_EXPORTER_UFO_URL)');
    expect(errors[3]).toContain('alertmanager.url (');
    expect(errors[4]).toContain('unexpected argument "http://admin:***@stray"');
    for (const message of errors) expect(message).not.toMatch(/hunter2|s3cr3t-am/);
  });

  it('--help lists every flag with its default and env var; --help and --version short-circuit', () => {
    const help = helpText('9.9.9');
    for (const o of OPTIONS) {
      expect(help).toContain(`--${o.name}`);
      expect(help).toContain(envName(o.name));
    }
    expect(help).toContain('default: 0.0.0.0:9877');
    expect(loadConfig(['--help', '--bad.flag'])).toEqual({ kind: 'help' });
    expect(loadConfig(['--version'])).toEqual({ kind: 'version' });
  });
});
