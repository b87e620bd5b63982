/**
 * The status page in headless Chromium against the real exporter CLI on the real fleet simulator:
 * no console errors, the simulator's numbers, live updates after fleet changes, escaping of a hostile
 * client id, sorting and filtering, and the down / unreachable states. Screenshots go to
 * test-artifacts/ (status-page.png, status-page-down.png).
 */

import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProbeSeconds } from '../../../exporter/status/browser/format';
import type { StatusDocument } from '../../../exporter/status/document';
import { launchChromium, pageRecordingErrors } from './chromium';
import { startExporterOnSimulator, type ExporterHarness } from '../../helpers/exporter-harness';

const ARTIFACTS = new URL('../../../test-artifacts/', import.meta.url);
const XSS_ID = '<img src=x onerror="window.__xss=1">';

let h: ExporterHarness;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const text = (testId: string) => page.getByTestId(testId).first().textContent({ timeout: 5_000 });

/** Waits until the element's text is `expected` (the page polls every second here). */
async function expectText(testId: string, expected: string | RegExp): Promise<void> {
  await expect.poll(() => text(testId), { timeout: 10_000, interval: 200 }).toMatch(expected instanceof RegExp ? expected : new RegExp(`^${expected}$`));
}

/** The last /api/status document the page itself fetched (what it is rendering now). */
let lastFetchedDoc: StatusDocument | undefined;

beforeAll(async () => {
  h = await startExporterOnSimulator({ simulator: { devices: 4, constellations: 1, seed: 7, shape: 'rich' }, followLog: true });
  browser = await launchChromium();
  page = await pageRecordingErrors(browser, consoleErrors);
  page.on('response', (response) => {
    if (new URL(response.url()).pathname !== '/api/status' || !response.ok()) return;
    void response.json().then((doc: StatusDocument) => (lastFetchedDoc = doc), () => undefined);
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('status page', () => {
  it('loads without console errors and shows the numbers the simulator set', async () => {
    await page.goto(`${h.url}/?refresh=1`);
    const fleet = h.sim.control.clients();
    const devices = fleet.filter((c) => c.type === 'device');
    await expectText('upstream-state', 'UP');
    await expectText('clients-total', String(fleet.length));
    expect(await text('clients-devices')).toBe(String(devices.length));
    expect(await text('clients-constellations')).toBe(String(fleet.length - devices.length));
    expect(await text('devices-online')).toBe(String(devices.length));
    expect(await text('devices-busy')).toBe('0');
    expect(await page.getByTestId('client-row').count()).toBe(fleet.length);
    expect(await page.locator('#clients-body').textContent()).toContain(fleet[0]!.clientId);
    expect(await text('last-success')).toMatch(/^\d+s ago \(/);
    // API latency is the last poll's probes, as the JSON document the page fetched reports them.
    await expect
      .poll(async () => ({ shown: await text('api-latency'), fetched: formatProbeSeconds(lastFetchedDoc?.upstream.lastProbeSeconds ?? {}) }), { timeout: 5_000 })
      .toSatisfy(({ shown, fetched }) => shown === fetched);
    expect(await text('api-latency')).toMatch(/^clients \d+ ms, health \d+ ms$/);
    expect(await text('api-latency-mean')).toMatch(/^clients \d+ ms, health \d+ ms$/);
    expect(await page.locator('#upstream-banner').isHidden()).toBe(true);
    expect(await page.locator('#exporter-banner').isHidden()).toBe(true);
    expect(await page.locator('#alerts').isHidden()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it('updates after fleet changes: connects, sessions, a hostile client id shown as text', async () => {
    const before = h.sim.control.clients().length;
    h.sim.control.connect('mac-new', { platform: 'macos' });
    h.sim.control.connect(XSS_ID, { platform: 'linux' });
    const busyDevice = h.sim.control.clients().find((c) => c.type === 'device')!.clientId;
    const sessionId = h.sim.control.startSession(busyDevice);
    await expectText('clients-total', String(before + 2));
    await expectText('sessions-active', '1');
    await expectText('devices-busy', '1');
    expect(await page.locator('#sessions-body').textContent()).toContain(sessionId);
    expect(await page.locator('#platforms-body').textContent()).toContain('macos');
    // The id is rendered as text, never as markup.
    expect(await page.locator('#clients-body').textContent()).toContain(XSS_ID);
    expect(await page.locator('#events-list').textContent()).toContain(XSS_ID);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Newest event first.
    expect(await page.getByTestId('event').first().textContent()).toMatch(/connected|session/);
    h.sim.control.finishSession(sessionId, 'completed', 2.5);
    await expectText('sessions-active', '0');
    await expect.poll(() => page.getByTestId('event').first().textContent(), { timeout: 10_000 }).toContain('completed');
    expect(consoleErrors).toEqual([]);
  });

  it('filters and sorts the client table', async () => {
    await page.locator('#clients-filter').fill('macos');
    await expect.poll(() => page.getByTestId('client-row').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.getByTestId('client-row').textContent()).toContain('mac-new');
    await page.locator('#clients-filter').fill('');
    await page.getByTestId('sort-id').click();
    const ids = async () => page.locator('[data-testid="client-row"] td:first-child').allTextContents();
    const ascending = await ids();
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    await page.getByTestId('sort-id').click();
    expect(await ids()).toEqual([...ascending].reverse());
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Client id');
    // Connection times from the JSON endpoint (fractional seconds): mac-new and the XSS id connected
    // in the previous test, later than the simulator's starting fleet.
    const doc = (await (await page.request.get(`${h.url}/api/status`)).json()) as StatusDocument;
    const connectedAt = new Map(doc.clients.list.map((c) => [c.id, c.connectedAt]));
    const times = async () => (await ids()).map((id) => connectedAt.get(id));
    expect(new Set(connectedAt.values()).size).toBeGreaterThan(1);
    await page.getByTestId('sort-connectedAt').click();
    const oldestFirst = await times();
    expect(oldestFirst).toHaveLength(connectedAt.size);
    expect(oldestFirst).toEqual([...connectedAt.values()].sort((a, b) => a - b));
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Connected since');
    await page.getByTestId('sort-connectedAt').click();
    expect(await times()).toEqual([...connectedAt.values()].sort((a, b) => b - a));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Connected since');
  });

  it('lists recent error patterns: count, last seen, the latest example with its ids', async () => {
    const device = h.sim.control.clients().find((c) => c.type === 'device')!.clientId;
    const failed: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sessionId = h.sim.control.startSession(device);
      h.sim.control.finishSession(sessionId, 'failed', 1);
      failed.push(sessionId);
    }
    const row = page.getByTestId('error-pattern-row').filter({ hasText: '[SessionManager] ❌ Error in session <id>: TimeoutError: Device did not respond within <n>' });
    // textContent waits for a missing row: a short wait per attempt keeps the poll polling.
    await expect.poll(() => row.getByTestId('error-pattern-count').textContent({ timeout: 500 }).catch(() => 'no row'), { timeout: 10_000 }).toBe('2');
    expect(await row.getByTestId('error-pattern-example').textContent()).toBe(`[SessionManager] ❌ Error in session ${failed[1]}: TimeoutError: Device did not respond within 300s`);
    expect(await row.locator('td').nth(1).textContent()).toMatch(/^\d+s ago$/);
    expect(await row.locator('td').nth(2).textContent()).toBe('errorSessionManager');
    expect(await page.locator('#error-patterns-note').textContent()).toMatch(/^The \d+ patterns seen last;/);
    expect(await page.locator('#error-patterns-body').textContent()).not.toContain(failed[0]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows disconnects, then saves a screenshot', async () => {
    const before = h.sim.control.clients().length;
    const plainDevice = h.sim.control.clients().find((c) => c.type === 'device' && c.clientId !== 'mac-new')!.clientId;
    h.sim.control.disconnect(XSS_ID, 1006);
    h.sim.control.disconnect(plainDevice, 1001);
    await expectText('clients-total', String(before - 2));
    // Not necessarily the newest events: the simulator's log lines can land after the poll saw the
    // clients go. Anywhere in the list will do, but each must be THAT client's disconnect.
    const disconnectOf = (clientId: string) => page.locator('[data-testid="event"].kind-client_disconnected').filter({ hasText: clientId });
    await expect.poll(() => disconnectOf(XSS_ID).count(), { timeout: 10_000 }).toBe(1);
    // The reason comes from the log (code=1001) within --clients.disconnect-grace (default 10 s).
    await expect.poll(() => disconnectOf(plainDevice).locator('.detail').textContent(), { timeout: 10_000 }).toBe('reason going_away');
    h.sim.control.startSession('mac-new');
    await expectText('sessions-active', '1');
    await page.screenshot({ path: new URL('status-page.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('shows the server down when the simulator answers 500, and recovers', async () => {
    h.sim.control.setFault({ kind: 'status', status: 500 });
    await expectText('upstream-state', 'DOWN');
    expect(await page.locator('#upstream-banner').isVisible()).toBe(true);
    expect(await page.locator('#upstream-banner').textContent()).toMatch(/UFO server is DOWN\. Last successful poll: \d+s ago/);
    expect(await page.locator('#overall').textContent()).toBe(`UFO server ${new URL(h.sim.url).host} DOWN`);
    await page.screenshot({ path: new URL('status-page-down.png', ARTIFACTS).pathname, fullPage: true });
    h.sim.control.setFault({ kind: 'none' });
    await expectText('upstream-state', 'UP');
    expect(await page.locator('#upstream-banner').isHidden()).toBe(true);
  });

  it('shows the server down when the simulator stops, and the exporter unreachable when it stops', async () => {
    await h.stopSimulator();
    await expectText('upstream-state', 'DOWN');
    await h.exporter.stop(5_000);
    await expect.poll(() => page.locator('#exporter-banner').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#exporter-banner').textContent()).toMatch(/Cannot reach the exporter .*Showing data from .*old\./);
    expect(await page.locator('#overall').textContent()).toBe('EXPORTER UNREACHABLE');
    // The failed fetches themselves are logged by Chromium as network errors; nothing else may be.
    expect(consoleErrors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  });
});
