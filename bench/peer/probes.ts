/**
 * What the bench measures on a running exporter from outside: a scrape (time, bytes on the wire,
 * exposed series), `/-/healthy` latency while scrapes run back to back, start-up to the first
 * `ufo_up 1`, and the process's memory from /proc (VmHWM: peak RSS; VmRSS: current).
 */
import { Agent, get } from 'node:http';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export interface Scrape {
  readonly ms: number;
  /** Bytes on the wire (the compressed body when gzip was answered). */
  readonly bytes: number;
  readonly body: Buffer;
  readonly encoding: string | undefined;
}

/** One GET, timed to the last body byte. */
export function fetchTimed(url: string, acceptEncoding?: string): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = get(url, { agent, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const body = Buffer.concat(parts);
        resolve({ ms: performance.now() - started, bytes: body.length, body, encoding: res.headers['content-encoding'] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error(`GET ${url}: no answer within 120 s`)));
  });
}

/** Samples (lines that are not comments) in a text-format body. */
export function seriesCount(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith('#')) n++;
  return n;
}

export const isUp = (text: string): boolean => /^ufo_up 1$/m.test(text);

/** Milliseconds from `startedAt` until /metrics answers with `ufo_up 1` (polled every 5 ms). */
export async function untilUp(metricsUrl: string, startedAt: number, giveUpIf: () => string | undefined, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    const why = giveUpIf();
    if (why !== undefined) throw new Error(`${metricsUrl}: ${why}`);
    try {
      const s = await fetchTimed(metricsUrl);
      if (isUp(s.body.toString('utf8'))) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    if (performance.now() - startedAt > timeoutMs) throw new Error(`${metricsUrl}: no ufo_up 1 within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Peak (VmHWM) or current (VmRSS) resident memory of a process, MiB. */
export function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]) / 1024;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * `/-/healthy` latencies (ms), asked one after another every `everyMs`, while gzip scrapes of
 * /metrics run back to back for `durationMs`. Answers the latencies and the scrapes done.
 */
export async function healthUnderScrapes(baseUrl: string, durationMs: number, everyMs = 10): Promise<{ latencies: number[]; scrapes: number }> {
  const until = performance.now() + durationMs;
  let scrapes = 0;
  const scraping = (async () => {
    while (performance.now() < until) {
      await fetchTimed(`${baseUrl}/metrics`, 'gzip');
      scrapes++;
    }
  })();
  const latencies: number[] = [];
  while (performance.now() < until) {
    latencies.push((await fetchTimed(`${baseUrl}/-/healthy`)).ms);
    await sleep(everyMs);
  }
  await scraping;
  return { latencies, scrapes };
}
