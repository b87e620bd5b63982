// --web.telemetry-path: the status page's "Metrics" link follows the configured path (not /metrics).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporterOnSimulator, type ExporterHarness } from '../../helpers/exporter-harness';

const TELEMETRY_PATH = '/probe/ufo-metrics';
let h: ExporterHarness;

beforeAll(async () => {
  h = await startExporterOnSimulator({ simulator: { devices: 1 }, flags: () => [`--web.telemetry-path=${TELEMETRY_PATH}`] });
});

afterAll(async () => {
  await h?.close();
});

describe('status page with a non-default telemetry path', () => {
  it('links to the configured path, and that link serves the metrics', async () => {
    const html = await (await fetch(`${h.url}/`)).text();
    expect(html).toContain('status/app.js');
    const links = [...html.matchAll(/<a href="([^"]*)">Metrics<\/a>/g)].map((m) => m[1]);
    expect(links).toEqual([TELEMETRY_PATH]);
    const metrics = await fetch(new URL(links[0]!, `${h.url}/`));
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^ufo_up 1$/m);
    expect((await fetch(`${h.url}/metrics`)).status).toBe(404);
  });
});
