/**
 * docs/alerting.md's paging policy table against the rules and the routing: every alert and severity
 * the rules define has a row and no other row exists; "who is woken" is what the generated
 * Alertmanager receivers of that severity do; every paging alert's detection time is the one computed
 * from its windows and `for` (rules/policy.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReceivers, receiverName, ROUTED_SEVERITIES } from '../../alertmanager/receivers';
import { routingConfig } from '../../alertmanager/config';
import { defaultRulesConfig } from '../../rules/config';
import { detectionText, pagingDetections } from '../../rules/policy';
import { alertSummary } from '../../rules/rules';
import { REPO_ROOT } from '../../scripts/build/run';

const POLICY_DOC = join(REPO_ROOT, 'docs', 'alerting.md');

interface Row {
  readonly alert: string;
  readonly severity: string;
  readonly who: string;
  readonly why: string;
  readonly detection: string;
}

/** The rows of the table whose header starts `| alert | severity |`. */
function policyRows(markdown: string): Row[] {
  const lines = markdown.split('\n');
  const header = lines.findIndex((l) => /^\|\s*alert\s*\|\s*severity\s*\|/.test(l));
  if (header < 0) throw new Error('docs/alerting.md has no table starting "| alert | severity |"');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim().replace(/^`|`$/g, ''));
    if (cells.length !== 5) throw new Error(`docs/alerting.md: a policy row needs 5 cells: ${line}`);
    const [alert, severity, who, why, detection] = cells as [string, string, string, string, string];
    rows.push({ alert, severity, who, why, detection });
  }
  return rows;
}

/** What the default owner's receiver for a severity does, in the table's words. */
function whoIsWoken(severity: string): string {
  if (severity === 'none') return "nobody: the dead-man's switch";
  const routed = ROUTED_SEVERITIES.find((s) => s === severity);
  const receiver = routed && buildReceivers(routingConfig).find((r) => r.name === receiverName(routingConfig, undefined, routed));
  if (!receiver) throw new Error(`no receiver for severity ${severity}`);
  const channels = [
    ...(receiver.pagerduty_configs ? ['PagerDuty'] : []),
    ...(receiver.slack_configs ? [receiver.slack_configs[0]!.channel === routingConfig.defaults.slackLowPriorityChannel ? 'low-priority Slack' : 'Slack'] : []),
    ...(receiver.email_configs ? ['email'] : []),
  ];
  return `${receiver.pagerduty_configs ? 'the on-call (paged)' : 'nobody'}: ${channels.join(' + ')}`;
}

const rows = policyRows(readFileSync(POLICY_DOC, 'utf8'));
const detections = pagingDetections(defaultRulesConfig);
const defined = alertSummary().flatMap((a) => a.severities.map((severity) => `${a.alert} ${severity}`));

describe('docs/alerting.md: the paging policy table matches the rules', () => {
  it('has one row per alert and severity the rules define, and no other', () => {
    expect(rows.map((r) => `${r.alert} ${r.severity}`).sort()).toEqual([...defined].sort());
  });

  it.each(rows.map((r) => [r.alert, r.severity, r] as const))('%s (%s): who is woken is what the routing does', (_, severity, row) => {
    expect(row.who).toBe(whoIsWoken(severity));
    expect(row.why.length, 'each row says why').toBeGreaterThan(10);
  });

  it.each(rows.map((r) => [r.alert, r.severity, r] as const))('%s (%s): detection time as computed from its windows and for', (alert, severity, row) => {
    const detection = detections[alert];
    if (severity === 'critical') {
      expect(detection, `${alert} pages: rules/policy.ts must compute its detection time`).toBeDefined();
      expect(row.detection).toBe(detectionText(detection!));
    } else expect(row.detection).toBe('—');
  });

  it('the two paging figures the issue asks for: a total outage within 2 minutes, 60% failing sessions within 15', () => {
    expect(detections['UfoServerDown']!.seconds + Number.parseInt(routingConfig.criticalTiming.groupWait, 10)).toBeLessThanOrEqual(120);
    expect(detections['UfoHighSessionFailureRate']!.seconds).toBeLessThanOrEqual(15 * 60);
  });

  it('a table that disagrees fails (the comparison is not vacuous)', () => {
    const edited = readFileSync(POLICY_DOC, 'utf8').replace(/\| `UfoServerDown` \| critical \|/, '| `UfoServerDown` | warning |');
    expect(policyRows(edited).map((r) => `${r.alert} ${r.severity}`).sort()).not.toEqual([...defined].sort());
  });
});
