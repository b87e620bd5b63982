import { describe, expect, it } from 'vitest';
import { CatalogueRenderer } from '../../../exporter/metrics/renderer';
import { FleetState } from '../../../exporter/state';
import { defaultServerName, serverIdentity } from '../../../exporter/targets/identity';
import { parseMetrics } from '../../../scripts/stack/metrics-text';
import { startTestExporter } from '../../helpers/exporter';

describe('server identity', () => {
  it('defaults the name to the URL host:port, with the scheme port when none is written', () => {
    expect(defaultServerName('http://ufo-a:8000/base')).toBe('ufo-a:8000');
    expect(defaultServerName('https://ufo.example')).toBe('ufo.example:443');
    expect(defaultServerName('http://[::1]:8000')).toBe('[::1]:8000');
    expect(serverIdentity('http://u:secret@ufo-a:8000', 'lab-a')).toEqual({ name: 'lab-a', url: 'http://u:***@ufo-a:8000' });
    expect(serverIdentity('http://u:secret@ufo-a:8000', '').name).toBe('ufo-a:8000');
  });

  it('is exported as ufo_server_info{server,url} 1', () => {
    const renderer = new CatalogueRenderer({ view: new FleetState(), maxSeries: 10, server: serverIdentity('http://ufo-b:9000', 'lab-b') });
    const m = parseMetrics(renderer.render());
    expect(m.value('ufo_server_info', { server: 'lab-b', url: 'http://ufo-b:9000' })).toBe(1);
    expect(m.samples.filter((s) => s.name === 'ufo_server_info')).toHaveLength(1);
  });

  it('comes from --ufo.server-name on a running exporter (default host:port of --ufo.url)', async () => {
    const named = await startTestExporter({ 'ufo.url': 'http://127.0.0.1:9', 'ufo.server-name': 'lab-a', 'ufo.timeout': '200ms' });
    const unnamed = await startTestExporter({ 'ufo.url': 'http://127.0.0.1:9', 'ufo.timeout': '200ms' });
    try {
      expect((await named.scrape()).value('ufo_server_info', { server: 'lab-a', url: 'http://127.0.0.1:9' })).toBe(1);
      expect((await unnamed.scrape()).value('ufo_server_info', { server: '127.0.0.1:9', url: 'http://127.0.0.1:9' })).toBe(1);
    } finally {
      await Promise.all([named.close(), unnamed.close()]);
    }
  });
});
