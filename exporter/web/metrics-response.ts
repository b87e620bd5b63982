/**
 * Writes a metrics body (the renderer's chunks) as the answer to a scrape: gzip when the scraper asks
 * for it (Prometheus always does), from compressed chunks cached per family (gzip-body.ts), else the
 * chunks as they are — never a joined copy of a body that is megabytes at 10k clients. Shared by
 * /metrics and the multi-target /probe.
 */
import type { Request, Response } from 'express';
import { CONTENT_TYPE } from '../metrics/text-format';
import type { GzipBody } from './gzip-body';

export async function sendMetrics(req: Request, res: Response, chunks: readonly Uint8Array[], gzipBody: GzipBody): Promise<void> {
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  const body = gzip ? await gzipBody.gzip(chunks) : chunks;
  res
    .set('Content-Type', CONTENT_TYPE)
    .set('Cache-Control', 'no-store')
    .set('Vary', 'Accept-Encoding')
    .set('Content-Length', String(body.reduce((sum, c) => sum + c.byteLength, 0)));
  if (gzip) res.set('Content-Encoding', 'gzip');
  res.cork();
  for (const chunk of body) res.write(chunk);
  res.end();
}
