/**
 * Writes a metrics body (the renderer's chunks) as the answer to a scrape: gzip when the scraper asks
 * for it (Prometheus always does; accept-encoding.ts), from compressed chunks cached per family
 * (gzip-body.ts), else the chunks as they are — never a joined copy of a body that is megabytes at 10k
 * clients. Shared by /metrics and the multi-target /probe.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PackedChunk, type MetricsChunk } from '../metrics/packed-chunk';
import { CONTENT_TYPE } from '../metrics/text-format';
import { negotiateEncoding } from './accept-encoding';
import type { GzipBody } from './gzip-body';

export async function sendMetrics(req: IncomingMessage, res: ServerResponse, chunks: readonly MetricsChunk[], gzipBody: GzipBody): Promise<void> {
  const gzip = negotiateEncoding(req.headers['accept-encoding']) === 'gzip';
  // Without gzip, a family kept compressed is inflated for this answer (off the event loop) and dropped after it.
  const body = gzip ? await gzipBody.gzip(chunks) : await Promise.all(chunks.map((c) => (c instanceof PackedChunk ? c.bytes() : c)));
  res.setHeader('Content-Type', CONTENT_TYPE);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Content-Length', String(body.reduce((sum, c) => sum + c.byteLength, 0)));
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.cork();
  for (const chunk of body) res.write(chunk);
  res.end();
}
