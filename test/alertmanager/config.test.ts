/** The generated config: amtool check-config, policy checks, quiet hours, and the local override's limits. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routingConfig, type RoutingConfig } from '../../alertmanager/config';
import { CONFIG_FILE, buildAlertmanagerConfig } from '../../alertmanager/generator';
import { overrideForLocalReceivers } from '../../scripts/stack/alertmanager-local';
import { QUIET_HOURS_INTERVAL } from '../../alertmanager/routing';
import type { Route } from '../../alertmanager/schema';
import { findConfigProblems } from '../../alertmanager/validate';
import { formatDurationMs as formatDuration, parsePrometheusDurationMs as parseDuration } from '../../exporter/duration';
import { REPO_ROOT } from '../../scripts/build/run';
import { amtool, withConfigFile } from './amtool';
import { committedConfig } from './alerts';

/** The route and all its descendants. */
function allRoutes(route: Route): Route[] {
  return [route, ...(route.routes ?? []).flatMap(allRoutes)];
}

describe('generated alertmanager.yml', () => {
  it('passes amtool check-config, templates included', async () => {
    const result = await amtool(['check-config', join(REPO_ROOT, CONFIG_FILE)]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 templates\s+SUCCESS/);
  });

  it('re-sends only on group interval ticks: every effective repeat_interval is a multiple of its group_interval', async () => {
    const offenders: string[] = [];
    const walk = (route: Route, parentInterval: string, parentRepeat: string): void => {
      const interval = route.group_interval ?? parentInterval;
      const repeat = route.repeat_interval ?? parentRepeat;
      const ratio = (parseDuration(repeat) ?? NaN) / (parseDuration(interval) ?? NaN);
      if (!Number.isInteger(ratio) || ratio < 1) offenders.push(`${JSON.stringify(route.matchers ?? 'root')}: ${repeat} / ${interval}`);
      for (const child of route.routes ?? []) walk(child, interval, repeat);
    };
    const { route } = await committedConfig();
    walk(route, route.group_interval ?? '', route.repeat_interval ?? '');
    expect(offenders).toEqual([]);
  });

  it('has quiet hours off by default; enabled, they mute error, warning and info but never critical', async () => {
    expect((await committedConfig()).time_intervals).toBeUndefined();
    const quiet: RoutingConfig = { ...routingConfig, quietHours: { ...routingConfig.quietHours, enabled: true } };
    const config = buildAlertmanagerConfig(quiet);
    expect(config.time_intervals?.map((t) => t.name)).toEqual([QUIET_HOURS_INTERVAL]);
    for (const route of allRoutes(config.route)) {
      const severity = route.matchers?.find((m) => m.startsWith('severity='));
      if (!severity) continue;
      expect(route.mute_time_intervals ?? [], severity).toEqual(severity.includes('critical') ? [] : [QUIET_HOURS_INTERVAL]);
    }
    const result = await withConfigFile(config, (path) => amtool(['check-config', path]));
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});

describe('routing config validation', () => {
  it('accepts the shipped config', () => {
    expect(findConfigProblems(routingConfig)).toEqual([]);
  });

  it('names every bad setting', () => {
    const bad: RoutingConfig = {
      ...routingConfig,
      timing: { groupWait: '30 seconds', groupInterval: '5m', repeatInterval: '7m' },
      teams: [{ ...routingConfig.teams[0]!, name: 'Bad Team', slackApiUrlFile: 'https://hooks.example/abc' }, routingConfig.teams[0]!, routingConfig.teams[0]!],
      quietHours: { enabled: true, intervals: [{ times: [{ start_time: '25:00', end_time: '08:00' }], weekdays: ['funday'] }], severities: ['info'] },
    };
    const problems = findConfigProblems(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        'timing.groupWait: "30 seconds" is not a duration like 30s or 5m',
        expect.stringMatching(/^timing\.repeatInterval: 7m must be a multiple of groupInterval 5m/),
        expect.stringMatching(/^teams\[0\]\.name: "Bad Team" must match/),
        'teams[0].slackApiUrlFile: "https://hooks.example/abc" must be an absolute file path holding the secret, not the secret itself',
        'teams[2].name: "platform" is listed twice',
        'quietHours.intervals[0].times[0].start_time: "25:00" is not HH:MM',
        'quietHours.intervals[0].weekdays[0]: "funday" is not a weekday or range like monday:friday',
      ]),
    );
    expect(() => buildAlertmanagerConfig(bad)).toThrow(/alertmanager\/config\.ts is invalid:\n {2}- timing\.groupWait/);
  });

  it('parses and formats Alertmanager durations', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('5 m')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(48_000)).toBe('48s');
  });
});

/** Paths (a.b[0].c) where two JSON values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? [] : [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`),
  );
}

describe('local override (tests and the local stack only)', () => {
  const options = {
    endpoints: { slackUrl: 'http://127.0.0.1:1', pagerdutyUrl: 'http://127.0.0.1:2/v2/enqueue', webhookUrl: 'http://127.0.0.1:3', smtpSmarthost: '127.0.0.1:4' },
    secretsDir: '/tmp/local-secrets',
    templatesDir: '/repo/alertmanager/templates',
    timing: { groupWait: '1s', groupInterval: '1s' },
    smtpPassword: 'pw',
  };

  it('changes only endpoints, secret file paths, the template path and timings', async () => {
    const original = await committedConfig();
    const { config } = overrideForLocalReceivers(original, options);
    const allowed = [
      /^\.global\.(smtp_smarthost|smtp_require_tls|pagerduty_url)$/,
      /^\.route(\.routes\[\d+\])*\.(group_wait|group_interval|repeat_interval)$/,
      /^\.receivers\[\d+\]\.\w+_configs\[\d+\]\.(routing_key_file|api_url_file|auth_password_file|url|smarthost|require_tls|http_config\.authorization\.credentials_file)$/,
      /^\.templates\[0\]$/,
    ];
    const changed = differences(original, config);
    expect(changed.filter((p) => !allowed.some((re) => re.test(p)))).toEqual([]);
    expect(changed).toContain('.route.routes[0].repeat_interval');
    expect(JSON.stringify(config.route)).toContain('"repeat_interval":"48s"'); // 4h is 48 × 5m, so 48 × 1s
  });

  it('keeps every secret out of the config and in the files it writes', async () => {
    const { config, secretFiles } = overrideForLocalReceivers(await committedConfig(), options);
    const text = JSON.stringify(config);
    for (const [original, local] of secretFiles) {
      expect(text).not.toContain(original);
      expect(local.path.startsWith('/tmp/local-secrets/')).toBe(true);
      expect(text).not.toContain(local.content);
    }
    expect([...secretFiles.keys()].sort()).toEqual(
      expect.arrayContaining(['/etc/alertmanager/secrets/smtp_password', '/etc/alertmanager/secrets/pagerduty_routing_key_oncall']),
    );
  });
});
