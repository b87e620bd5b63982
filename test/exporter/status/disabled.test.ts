// --web.disable-status-page: the plain landing page is back at `/` and the status endpoints are gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporterOnSimulator, type ExporterHarness } from '../../helpers/exporter-harness';

let h: ExporterHarness;

beforeAll(async () => {
  h = await startExporterOnSimulator({ simulator: { devices: 1 }, flags: () => ['--web.disable-status-page'] });
});

afterAll(async () => {
  await h?.close();
});

describe('with the status page disabled', () => {
  it('serves the landing page at / and no status endpoint', async () => {
    const home = await fetch(`${h.url}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<h1>UFO exporter</h1>');
    expect(html).toContain('href="/metrics"');
    expect(html).not.toContain('status/app.js');
    for (const path of ['/api/status', '/status/app.js', '/status/app.css']) expect((await fetch(h.url + path)).status, path).toBe(404);
  });
});
