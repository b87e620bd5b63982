import http from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpDateNow, imfFixdate } from '../../../exporter/web/http-date';
import { createWebServer } from '../../../exporter/web/tls';

describe('imfFixdate', () => {
  it('writes what toUTCString (Node\'s Date header) writes, for any time in years 1000–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }), (ms) => {
        expect(imfFixdate(ms)).toBe(new Date(ms).toUTCString());
      }),
      { numRuns: 2000 },
    );
    expect(imfFixdate(Date.UTC(2026, 11, 1, 9, 5, 7))).toBe('Tue, 01 Dec 2026 09:05:07 GMT');
  });

  it('changes with the second, not within it', () => {
    const t = Date.UTC(2026, 11, 1, 21, 40, 0);
    expect(httpDateNow(t + 999)).toBe(imfFixdate(t));
    expect(httpDateNow(t + 1000)).toBe(imfFixdate(t + 1000));
    expect(httpDateNow(t)).toBe(imfFixdate(t));
  });
});

describe('the web server\'s Date header', () => {
  it('is one header in the IMF-fixdate format, for every answer', async () => {
    const server = createWebServer((_req, res) => res.end('ok'), undefined, 1000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const before = Math.floor(Date.now() / 1000) * 1000;
      const raw = await new Promise<string[]>((resolve, reject) => {
        http.get(`http://127.0.0.1:${port}/`, (res) => {
          res.resume();
          res.on('end', () => resolve(res.rawHeaders));
        }).on('error', reject);
      });
      const after = Date.now();
      const dates = raw.flatMap((name, i) => (i % 2 === 0 && name.toLowerCase() === 'date' ? [raw[i + 1]!] : []));
      expect(dates).toHaveLength(1);
      const value = dates[0]!;
      expect(value).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/);
      expect(Date.parse(value)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(value)).toBeLessThanOrEqual(after);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
