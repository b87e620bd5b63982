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
  { labels: { alertname: 'UfoServerDown', severity: 'critical' }, receivers: ['critical'], why: 'critical pages: PagerDuty + Slack + email' },
  { labels: { alertname: 'UfoHighErrorRate', severity: 'error' }, receivers: ['error'], why: 'error goes to Slack + email, no page' },
  { labels: { alertname: 'UfoSlowApiResponse', severity: 'error', endpoint: '/api/health' }, receivers: ['error'], why: 'error goes to Slack + email, no page' },
  { labels: { alertname: 'UfoHighErrorRate', severity: 'error', team: 'platform' }, receivers: ['platform-error'], why: 'team error' },
  { labels: { alertname: 'UfoLowDeviceCount', severity: 'warning' }, receivers: ['warning'], why: 'warning goes to Slack' },
  { labels: { alertname: 'UfoFlakyClient', severity: 'info' }, receivers: ['info'], why: 'info goes to the low-priority channel' },
  { labels: { alertname: 'UfoWatchdog', severity: 'none' }, receivers: ['deadmans-switch'], why: 'the watchdog feeds the dead-man\'s switch' },
  { labels: { alertname: 'UfoWatchdog', severity: 'none', team: 'platform' }, receivers: ['deadmans-switch'], why: 'the watchdog wins over team routing' },
  { labels: { alertname: 'UfoSessionStuck', severity: 'critical', team: 'platform' }, receivers: ['platform-critical'], why: 'team critical' },
  { labels: { alertname: 'UfoSessionStuck', severity: 'warning', team: 'platform' }, receivers: ['platform-warning'], why: 'team warning' },
  { labels: { alertname: 'UfoFlakyClient', severity: 'info', team: 'platform' }, receivers: ['platform-info'], why: 'team info' },
  { labels: { alertname: 'UfoNoDevicesConnected', severity: 'critical', team: 'devices' }, receivers: ['devices-critical'], why: 'second team critical' },
  { labels: { alertname: 'UfoDevicesOffline', severity: 'warning', team: 'devices' }, receivers: ['devices-warning'], why: 'second team warning' },
  { labels: { alertname: 'UfoDevicesOffline', severity: 'warning', team: 'nobody' }, receivers: ['warning'], why: 'an unknown team falls back to the default on-call' },
  { labels: { alertname: 'UfoSomething', severity: 'none', team: 'devices' }, receivers: ['default'], why: 'team alert with no routed severity → never-silent default' },
  { labels: { alertname: 'UfoSomething' }, receivers: ['default'], why: 'no severity → default' },
  { labels: { alertname: 'UfoSomething', severity: 'page' }, receivers: ['default'], why: 'unknown severity → default' },
  { labels: { alertname: 'UfoApiAvailabilityBudgetBurn', severity: 'critical', slo: 'api_availability' }, receivers: ['critical'], why: 'SLO page' },
  { labels: { alertname: 'UfoSessionSuccessBudgetBurn', severity: 'warning', slo: 'session_success' }, receivers: ['warning'], why: 'SLO ticket' },
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
