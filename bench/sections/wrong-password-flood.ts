/**
 * Wrong-password flood: the real exporter process with basic auth (a cost-10 bcrypt hash, as
 * `htpasswd -nBC 10` makes), 1,000 simulated clients, and 10 concurrent attackers sending wrong
 * passwords as fast as they are answered, for 30 s, while a legitimate scraper scrapes every 250 ms.
 * Reports the legitimate scrape's p50/p99 without attackers, under the flood with the default
 * failed-login limiter, and under the flood with the limiter out of the way (the bcrypt worker and
 * its bounded queue alone). Target: p99 under --ufo.timeout (5 s).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import bcrypt from 'bcryptjs';
import { startSimulator } from '../../scripts/simulator/index';
import { spawnExporter } from '../../scripts/stack/spawn-exporter';
import { ms, type BenchSection } from '../section';

const API_KEY = 'bench-key';
const ATTACKERS = 10;
const FLOOD_MS = 30_000;
const TIMEOUT_MS = 5000;
const basic = (password: string): string => 'Basic ' + Buffer.from(`prometheus:${password}`).toString('base64');

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface Run {
  readonly label: string;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly scrapes: number;
  readonly failed: number;
  readonly attempts: Readonly<Record<string, number>>;
}

async function measure(label: string, url: string, attackers: number): Promise<Run> {
  const scrape = async (): Promise<number> => {
    const t = performance.now();
    const res = await fetch(`${url}/metrics`, { headers: { authorization: basic('right') }, signal: AbortSignal.timeout(30_000) });
    await res.text();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return performance.now() - t;
  };
  await scrape(); // the credential is verified once, then cached
  let running = true;
  const attempts: Record<string, number> = {};
  const attack = async (n: number): Promise<void> => {
    for (let i = 0; running; i++) {
      const res = await fetch(`${url}/metrics`, { headers: { authorization: basic(`guess-${n}-${i}`) } }).catch(() => undefined);
      await res?.text();
      const key = String(res?.status ?? 'error');
      attempts[key] = (attempts[key] ?? 0) + 1;
    }
  };
  const flood = Array.from({ length: attackers }, (_, n) => attack(n));
  const times: number[] = [];
  let failed = 0;
  const started = performance.now();
  while (performance.now() - started < FLOOD_MS) {
    const tick = performance.now();
    await scrape().then((t) => times.push(t), () => failed++);
    await sleep(Math.max(0, 250 - (performance.now() - tick)));
  }
  running = false;
  await Promise.all(flood);
  return { label, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times), scrapes: times.length, failed, attempts };
}

export const section: BenchSection = {
  name: 'Wrong-password flood: 10 attackers against basic auth',
  async run(log) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ufo-bench-auth-'));
    const sim = await startSimulator({ apiKey: API_KEY, devices: 1000, constellations: 0, shape: 'ids', seed: 3 });
    const runs: Run[] = [];
    try {
      const web = path.join(dir, 'web.yml');
      await writeFile(web, `basic_auth_users:\n  prometheus: '${bcrypt.hashSync('right', 10)}'\n`);
      const configs = [
        { label: 'no attackers', attackers: 0, flags: [] },
        { label: '10 attackers, default limiter (10 failures/min per address)', attackers: ATTACKERS, flags: [] },
        { label: '10 attackers, limiter out of the way (bcrypt worker + queue of 32 only)', attackers: ATTACKERS, flags: ['--web.max-failed-logins=1000000'] },
      ];
      for (const c of configs) {
        const exporter = await spawnExporter([`--ufo.url=${sim.url}`, `--web.config.file=${web}`, `--ufo.timeout=${TIMEOUT_MS}ms`, ...c.flags], { UFO_EXPORTER_UFO_API_KEY: API_KEY }, 60_000);
        try {
          const run = await measure(c.label, exporter.url, c.attackers);
          log(`${c.label}: ${JSON.stringify(run)}`);
          runs.push(run);
        } finally {
          await exporter.stop();
        }
      }
    } finally {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    }
    const worst = Math.max(...runs.map((r) => r.p99));
    return [
      `The real exporter process, 1,000 clients, \`--ufo.timeout=${TIMEOUT_MS}ms\`; a legitimate scrape every 250 ms for ${FLOOD_MS / 1000} s while`,
      `${ATTACKERS} attackers send wrong passwords back to back (all from 127.0.0.1).`,
      '',
      '| run | legit p50 ms | legit p99 ms | legit max ms | legit scrapes | failed | attacker answers |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      ...runs.map(
        (r) =>
          `| ${r.label} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.scrapes} | ${r.failed} | ${Object.entries(r.attempts).map(([s, n]) => `${s}: ${n}`).join(', ') || '—'} |`,
      ),
      '',
      `Target: legitimate p99 under --ufo.timeout (${TIMEOUT_MS} ms) — worst p99 ${ms(worst)} ms (${worst < TIMEOUT_MS && runs.every((r) => r.failed === 0) ? 'met' : 'NOT met'}).`,
    ].join('\n');
  },
};
