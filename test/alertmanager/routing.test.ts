/**
 * The routing table: for each (severity, team, alertname) combination that matters, the exact
 * receivers real amtool resolves from the committed generated config.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../alertmanager/generator';
import { REPO_ROOT } from '../../scripts/build/run';
import { amtool } from './amtool';

interface Case {
  readonly labels: Readonly<Record<string, string>>;
  readonly receivers: readonly string[];
  readonly why: string;
}

const CASES: readonly Case[] = [
  { labels: { service: 'ufo', alertname: 'UfoServerDown', severity: 'critical' }, receivers: ['ufo-critical'], why: 'critical pages: PagerDuty + Slack + email' },
  { labels: { service: 'ufo', alertname: 'UfoHighErrorRate', severity: 'error' }, receivers: ['ufo-error'], why: 'error goes to Slack + email, no page' },
  { labels: { service: 'ufo', alertname: 'UfoSlowApiResponse', severity: 'error', endpoint: '/api/health' }, receivers: ['ufo-error'], why: 'error goes to Slack + email, no page' },
  { labels: { service: 'ufo', alertname: 'UfoHighErrorRate', severity: 'error', team: 'platform' }, receivers: ['ufo-platform-error'], why: 'team error' },
  { labels: { service: 'ufo', alertname: 'UfoLowDeviceCount', severity: 'warning' }, receivers: ['ufo-warning'], why: 'warning goes to Slack' },
  { labels: { service: 'ufo', alertname: 'UfoFlakyClient', severity: 'info' }, receivers: ['ufo-info'], why: 'info goes to the low-priority channel' },
  { labels: { service: 'ufo', alertname: 'UfoWatchdog', severity: 'none' }, receivers: ['ufo-deadmans-switch'], why: 'the watchdog feeds the dead-man\'s switch' },
  { labels: { service: 'ufo', alertname: 'UfoWatchdog', severity: 'none', team: 'platform' }, receivers: ['ufo-deadmans-switch'], why: 'the watchdog wins over team routing' },
  { labels: { service: 'ufo', alertname: 'UfoSessionStuck', severity: 'critical', team: 'platform' }, receivers: ['ufo-platform-critical'], why: 'team critical' },
  { labels: { service: 'ufo', alertname: 'UfoSessionStuck', severity: 'warning', team: 'platform' }, receivers: ['ufo-platform-warning'], why: 'team warning' },
  { labels: { service: 'ufo', alertname: 'UfoFlakyClient', severity: 'info', team: 'platform' }, receivers: ['ufo-platform-info'], why: 'team info' },
  { labels: { service: 'ufo', alertname: 'UfoNoDevicesConnected', severity: 'critical', team: 'devices' }, receivers: ['ufo-devices-critical'], why: 'second team critical' },
  { labels: { service: 'ufo', alertname: 'UfoDevicesOffline', severity: 'warning', team: 'devices' }, receivers: ['ufo-devices-warning'], why: 'second team warning' },
  { labels: { service: 'ufo', alertname: 'UfoDevicesOffline', severity: 'warning', team: 'nobody' }, receivers: ['ufo-warning'], why: 'an unknown team falls back to the default on-call' },
  { labels: { service: 'ufo', alertname: 'UfoSomething', severity: 'none', team: 'devices' }, receivers: ['ufo-default'], why: 'team alert with no routed severity → never-silent default' },
  { labels: { service: 'ufo', alertname: 'UfoSomething' }, receivers: ['ufo-default'], why: 'no severity → default' },
  { labels: { service: 'ufo', alertname: 'UfoSomething', severity: 'page' }, receivers: ['ufo-default'], why: 'unknown severity → default' },
  { labels: { service: 'ufo', alertname: 'UfoApiAvailabilityBudgetBurn', severity: 'critical', slo: 'api_availability' }, receivers: ['ufo-critical'], why: 'SLO page' },
  { labels: { service: 'ufo', alertname: 'UfoSessionSuccessBudgetBurn', severity: 'warning', slo: 'session_success' }, receivers: ['ufo-warning'], why: 'SLO ticket' },
  { labels: { alertname: 'NodeFilesystemAlmostOutOfSpace', severity: 'critical' }, receivers: ['ufo-default'], why: 'not a UFO alert (no service="ufo"): the UFO severity routes leave it to the root receiver' },
];

const configFile = join(REPO_ROOT, CONFIG_FILE);
const asArgs = (labels: Readonly<Record<string, string>>): string[] => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

describe('routing table (amtool config routes test on the generated config)', () => {
  it.each(CASES)('$labels → $receivers ($why)', async ({ labels, receivers }) => {
    const resolved = await amtool(['config', 'routes', 'test', `--config.file=${configFile}`, ...asArgs(labels)]);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout.trim().split(',')).toEqual(receivers);
    // amtool's own check agrees, and fails for a wrong expectation (so the check is not vacuous).
    const verified = await amtool(['config', 'routes', 'test', `--config.file=${configFile}`, `--verify.receivers=${receivers.join(',')}`, ...asArgs(labels)]);
    expect(verified.code, verified.stdout).toBe(0);
    const wrong = await amtool(['config', 'routes', 'test', `--config.file=${configFile}`, '--verify.receivers=nobody', ...asArgs(labels)]);
    expect(wrong.code).not.toBe(0);
  });
});
