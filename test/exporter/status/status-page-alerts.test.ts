/**
 * Firing alerts on the status page, read from a real Alertmanager (Debian's prometheus-alertmanager):
 * shown most severe first with their summary as text, labels, runbook and silence links, the page's
 * links to Grafana, Prometheus and Alertmanager, and an Alertmanager that goes away is shown as
 * an error on the page while the rest keeps working; the client table respects --clients.max-series.
 */

import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningBinary } from '../../../scripts/stack/listening-binary';
import { useTempDir } from '../../helpers/temp-dir';
import { startBlackholeAlertmanager } from './blackhole-alertmanager';
import { launchChromium, pageRecordingErrors } from './chromium';
import { startExporterOnSimulator, type ExporterHarness } from '../../helpers/exporter-harness';

const HOSTILE_SUMMARY = '<script>window.__pwned=1</script> sessions failing';

const tmp = useTempDir('ufo-status-am-');
let am: ListeningBinary;
let h: ExporterHarness;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const RUNBOOK = 'https://runbooks.example.org/ufo#ufoserverdown';

async function fireAlert(alertname: string, severity: string, summary: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ labels: { alertname, severity, ...labels }, annotations: { summary, ...annotations }, startsAt: new Date(Date.now() - 120_000).toISOString() }]),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  am = await startBlackholeAlertmanager(tmp.path);
  // A runbook_url that is not http(s) must never become a link.
  await fireAlert('UfoSessionsFailing', 'warning', HOSTILE_SUMMARY, {}, { runbook_url: 'javascript:window.__pwned=2' });
  await fireAlert('UfoServerDown', 'critical', 'The UFO server does not answer', { instance: 'ufo-1:9877', job: 'ufo-exporter' }, { runbook_url: RUNBOOK });
  h = await startExporterOnSimulator({
    simulator: { devices: 2, seed: 5 },
    flags: () => [`--alertmanager.url=${am.url}`, '--clients.max-series=2', '--status.grafana-url=http://grafana.example:3000', '--status.prometheus-url=http://prom.example:9090/'],
  });
  browser = await launchChromium();
  page = await pageRecordingErrors(browser, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await am?.process.stop(5_000);
});

describe('status page alerts', () => {
  it('lists the firing alerts, most severe first, with summaries as text', async () => {
    await page.goto(`${h.url}/?refresh=1`);
    await expect.poll(() => page.getByTestId('alert-row').count(), { timeout: 10_000 }).toBe(2);
    const rows = await page.getByTestId('alert-row').allTextContents();
    expect(rows[0]).toMatch(/^UfoServerDowncriticalThe UFO server does not answerinstance=ufo-1:9877job=ufo-exporter\d+m \d\ds ago \([\d :-]+\)Runbook · Silence$/);
    const first = page.getByTestId('alert-row').first();
    expect(await first.getByTestId('alert-label').allTextContents()).toEqual(['instance=ufo-1:9877', 'job=ufo-exporter']);
    expect(await first.getByTestId('alert-runbook').getAttribute('href')).toBe(RUNBOOK);
    const silence = new URL((await first.getByTestId('alert-silence').getAttribute('href'))!);
    expect(`${silence.origin}${silence.pathname}`).toBe(`${am.url}/`);
    expect(decodeURIComponent(silence.hash)).toBe('#/silences/new?filter={alertname="UfoServerDown",instance="ufo-1:9877",job="ufo-exporter",severity="critical"}');
    // The hostile runbook_url is dropped; the silence link stays.
    expect(await page.getByTestId('alert-row').nth(1).getByTestId('alert-runbook').count()).toBe(0);
    expect(await page.getByTestId('alert-row').nth(1).getByTestId('alert-silence').count()).toBe(1);
    // Links to the rest of the stack, from the flags (Alertmanager from --alertmanager.url).
    expect(await page.getByTestId('link-grafana').getAttribute('href')).toBe('http://grafana.example:3000/dashboards?tag=ufo');
    expect(await page.getByTestId('link-prometheus').getAttribute('href')).toBe('http://prom.example:9090/alerts');
    expect(await page.getByTestId('link-alertmanager').getAttribute('href')).toBe(`${am.url}/`);
    expect(rows[1]).toContain(HOSTILE_SUMMARY);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#alerts-status').textContent()).toMatch(/^2 firing \(read \d+s ago/);
    await page.screenshot({ path: fileURLToPath(new URL('../../../test-artifacts/status-page-alerts.png', import.meta.url)), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('shows an unreachable Alertmanager as an error and keeps the rest of the page live, within the client cap', async () => {
    await am.process.stop(5_000);
    // Answers are cached for 5 s.
    await expect.poll(() => page.getByTestId('alerts-error').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('alerts-error').textContent()).toMatch(/^Cannot read alerts: Alertmanager http:\/\/127\.0\.0\.1:\d+\/: ECONNREFUSED/);
    expect(await page.getByTestId('upstream-state').textContent()).toBe('UP');
    h.sim.control.connect('late-device', { platform: 'linux' });
    await expect.poll(() => page.getByTestId('clients-total').textContent(), { timeout: 10_000 }).toBe('3');
    // --clients.max-series=2: the table lists two clients and says why.
    expect(await page.getByTestId('client-row').count()).toBe(2);
    expect(await page.locator('#clients-note').textContent()).toBe(
      'Showing 2 of 3 connected clients. The list is capped at 2 clients (--clients.max-series); 1 more is connected but not listed.',
    );
  });
});
