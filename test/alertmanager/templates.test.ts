/** The committed notification templates, rendered by real amtool (`amtool template render`). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE, use, type TemplateName } from '../../alertmanager/templates';
import { REPO_ROOT } from '../../scripts/build/run';
import { useTempDir } from '../helpers/temp-dir';
import { amtool } from './amtool';
import { DASHBOARDS, RUNBOOKS, alert, type PostableAlert } from './alerts';

const EXTERNAL = 'http://alertmanager.local:9093';
const GLOB = join(REPO_ROOT, 'alertmanager', 'templates', '*.tmpl');

/** The data Alertmanager passes to templates (template.Data), for a group of alerts. */
function groupData(status: 'firing' | 'resolved', alerts: readonly PostableAlert[], groupLabels: Record<string, string>): object {
  const common = Object.fromEntries(
    Object.entries(alerts[0]?.labels ?? {}).filter(([k, v]) => alerts.every((a) => a.labels[k] === v)),
  );
  const commonAnnotations = Object.fromEntries(
    Object.entries(alerts[0]?.annotations ?? {}).filter(([k, v]) => alerts.every((a) => a.annotations[k] === v)),
  );
  return {
    receiver: 'warning',
    status,
    alerts: alerts.map((a) => ({ status, labels: a.labels, annotations: a.annotations, startsAt: '2026-11-21T04:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: a.generatorURL, fingerprint: 'f' })),
    groupLabels,
    commonLabels: common,
    commonAnnotations,
    externalURL: EXTERNAL,
  };
}

const tmp = useTempDir('ufo-am-templates-');

let fileCount = 0;
async function render(name: TemplateName, data: object, type: 'text' | 'html' = 'text'): Promise<string> {
  const dataFile = join(tmp.path, `data-${fileCount++}.json`);
  await writeFile(dataFile, JSON.stringify(data));
  const result = await amtool(['template', 'render', `--template.glob=${GLOB}`, `--template.text=${use(name)}`, `--template.data=${dataFile}`, `--template.type=${type}`]);
  if (result.code !== 0) throw new Error(`amtool template render ${name} failed: ${result.stderr}`);
  return result.stdout.replace(/\n$/, '');
}

const instance = 'host-1:9100';
const withDashboard = alert('UfoHighErrorRate', 'warning', instance, { source: 'requests' });
const { dashboard_url: _dropped, ...noDashboard } = withDashboard.annotations;
const withoutDashboard: PostableAlert = { ...withDashboard, labels: { ...withDashboard.labels, source: 'logs' }, annotations: { ...noDashboard, summary: 'Log errors high' } };
const groupLabels = { alertname: 'UfoHighErrorRate', instance, job: 'ufo' };
const firing = groupData('firing', [withDashboard, withoutDashboard], groupLabels);

describe('notification templates (amtool template render)', () => {
  it('titles say status, how many, what and where', async () => {
    expect(await render(TEMPLATE.title, firing)).toBe(`[FIRING:2] UfoHighErrorRate on ${instance} (warning)`);
    expect(await render(TEMPLATE.title, groupData('resolved', [withDashboard], groupLabels))).toBe(`[RESOLVED] UfoHighErrorRate on ${instance} (warning)`);
  });

  it('titles name the server (the server label the rules join in) rather than the exporter address', async () => {
    const named = alert('UfoServerDown', 'critical', instance, { server: 'lab-a' });
    expect(await render(TEMPLATE.title, groupData('firing', [named], groupLabels))).toBe('[FIRING:1] UfoServerDown on lab-a (critical)');
  });

  it('the message lists every alert with summary, description, runbook, dashboard (when set) and a silence link', async () => {
    const text = await render(TEMPLATE.messageText, firing);
    expect(text.split('\n')[0]).toBe('2 firing.');
    expect(text).toContain('FIRING warning: UfoHighErrorRate summary');
    expect(text).toContain('FIRING warning: Log errors high');
    expect(text).toContain(`UfoHighErrorRate on ${instance}: the value that matters is 42.`);
    expect(text.match(/Runbook: /g)).toHaveLength(2);
    expect(text.match(/Dashboard: /g)).toHaveLength(1);
    expect(text).toContain(`Dashboard: ${DASHBOARDS}?var-instance=${instance}`);
    expect(text).toContain(`Silence: ${EXTERNAL}/#/silences/new?filter=%7Balertname%3D%22UfoHighErrorRate%22%2Cinstance%3D%22host-1%3A9100%22%2Cjob%3D%22ufo%22%7D`);
  });

  it('the resolved message says so and offers no silence link', async () => {
    const text = await render(TEMPLATE.messageText, groupData('resolved', [withDashboard, withoutDashboard], groupLabels));
    expect(text.split('\n')[0]).toBe('Resolved: 2 alerts stopped firing.');
    expect(text).toContain('RESOLVED warning: UfoHighErrorRate summary');
    expect(text).not.toContain('Silence:');
  });

  it('silence links escape label values', async () => {
    const url = await render(TEMPLATE.silenceUrl, groupData('firing', [withDashboard], { alertname: 'UfoX', instance: 'a b&c="d"' }));
    expect(url).toBe(`${EXTERNAL}/#/silences/new?filter=%7Balertname%3D%22UfoX%22%2Cinstance%3D%22a+b%26c%3D%22d%22%22%7D`);
  });

  it('links PagerDuty needs are never empty: dashboard falls back to Alertmanager', async () => {
    expect(await render(TEMPLATE.dashboardUrl, groupData('firing', [withoutDashboard], groupLabels))).toBe(EXTERNAL);
    expect(await render(TEMPLATE.runbookUrl, firing)).toBe(`${RUNBOOKS}#ufohigherrorrate`);
  });

  it('maps severities onto PagerDuty\'s and Slack colours', async () => {
    const bySeverity = async (severity: string): Promise<string> =>
      render(TEMPLATE.pagerdutySeverity, groupData('firing', [alert('UfoX', severity, instance)], groupLabels));
    expect(await bySeverity('critical')).toBe('critical');
    expect(await bySeverity('error')).toBe('error');
    expect(await bySeverity('warning')).toBe('warning');
    expect(await bySeverity('info')).toBe('info');
    expect(await bySeverity('none')).toBe('info');
    expect(await render(TEMPLATE.slackColor, groupData('firing', [alert('UfoX', 'critical', instance)], groupLabels))).toBe('danger');
    expect(await render(TEMPLATE.slackColor, groupData('resolved', [alert('UfoX', 'critical', instance)], groupLabels))).toBe('good');
    expect(await render(TEMPLATE.slackColor, groupData('firing', [alert('UfoX', 'error', instance)], groupLabels))).toBe('danger');
    expect(await render(TEMPLATE.slackColor, groupData('firing', [alert('UfoX', 'warning', instance)], groupLabels))).toBe('warning');
  });

  it('the HTML email escapes alert text and links runbook, dashboard and silence', async () => {
    const hostile = alert('UfoX', 'critical', instance);
    const data = groupData('firing', [{ ...hostile, annotations: { ...hostile.annotations, description: '<script>alert(1)</script>' } }], groupLabels);
    const html = await render(TEMPLATE.emailHtml, data, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain(`<a href="${RUNBOOKS}#ufox">Runbook</a>`);
    expect(html).toContain('>Dashboard</a>');
    expect(html).toMatch(/<a href="http:\/\/alertmanager\.local:9093\/#\/silences\/new\?filter=[^"]+">Silence this group<\/a>/);
  });
});
