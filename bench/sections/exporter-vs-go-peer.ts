/**
 * Issue 15's targets, side by side in one run: our compiled exporter and the Go peer (a json_exporter-
 * style exporter on client_golang, ../shared/bench/go-peer) read one simulator process holding N
 * rich-shape clients. Rounds alternate the order of the two; each figure is the median over rounds,
 * and each ratio is ours / the peer's within this run (absolute numbers on a shared machine are noisy).
 * `--peer-sizes=10000,100000`, `--rounds=3` (the sizes) and `--start-rounds=9` (start-up and idle RSS:
 * a figure of tens of ms on a shared machine needs more rounds) override the defaults.
 */
import { buildExporter, exporterBuildIsStale } from '../../scripts/build-exporter';
import { median, ms, type BenchSection } from '../section';
import { machineExtraCaCerts } from '../environment';
import { goPeer, nodeFloor, ours, oursWith, startSimulatorProcess, type Contender, type Running } from '../peer/contenders';
import { EXPORTER_NODE_FLAGS, exporterEnvWords } from '../../scripts/stack/spawn-exporter';
import { fetchTimed, healthUnderScrapes, isUp, memoryMb, percentile, seriesCount, untilUp } from '../peer/probes';

interface SizeFigures {
  /** Median gzip scrape, ms. */
  readonly scrapeMs: number;
  readonly series: number;
  readonly gzipBytes: number;
  readonly identityBytes: number;
  readonly healthyP99Ms: number;
  readonly peakRssMb: number;
}

interface StartFigures {
  readonly startupMs: number;
  readonly idleRssMb: number;
}

function intList(flag: string, fallback: number[]): number[] {
  const arg = process.argv.find((a) => a.startsWith(`--${flag}=`));
  const values = arg ? arg.slice(flag.length + 3).split(',').map(Number) : fallback;
  if (values.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${flag}: expected positive integers, got ${arg}`);
  return values;
}

async function withRunning<T>(contender: Contender, upstream: string, fn: (r: Running, startedAt: number) => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const r = await contender.start(upstream);
  try {
    return await fn(r, startedAt);
  } catch (err) {
    throw new Error(`${contender.name}: ${err instanceof Error ? err.message : String(err)}\n${r.process.logs().slice(-1500)}`);
  } finally {
    await r.stop();
  }
}

async function measureSize(contender: Contender, upstream: string, n: number): Promise<SizeFigures> {
  return withRunning(contender, upstream, async (r, startedAt) => {
    await untilUp(`${r.url}/metrics`, startedAt, () => r.process.exitStatus());
    const identity = await fetchTimed(`${r.url}/metrics`);
    const text = identity.body.toString('utf8');
    if (!isUp(text)) throw new Error('ufo_up is not 1');
    const times: number[] = [];
    let gzipBytes = 0;
    for (let i = 0; i < (n >= 100_000 ? 5 : 15); i++) {
      const s = await fetchTimed(`${r.url}/metrics`, 'gzip');
      if (s.encoding !== 'gzip') throw new Error(`asked for gzip, got ${s.encoding ?? 'identity'}`);
      times.push(s.ms);
      gzipBytes = s.bytes;
    }
    const health = await healthUnderScrapes(r.url, n >= 100_000 ? 12_000 : 6_000);
    return {
      scrapeMs: median(times),
      series: seriesCount(text),
      gzipBytes,
      identityBytes: identity.bytes,
      healthyP99Ms: percentile(health.latencies, 99),
      peakRssMb: memoryMb(r.process.pid, 'VmHWM'),
    };
  });
}

async function measureStart(contender: Contender, upstream: string): Promise<StartFigures> {
  return withRunning(contender, upstream, async (r, startedAt) => {
    const startupMs = await untilUp(`${r.url}/metrics`, startedAt, () => r.process.exitStatus());
    // Idle: a few scrapes of a small fleet, then a quiet second.
    for (let i = 0; i < 3; i++) await fetchTimed(`${r.url}/metrics`, 'gzip');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return { startupMs, idleRssMb: memoryMb(r.process.pid, 'VmRSS') };
  });
}

/** Runs `fn` for both contenders, `rounds` times, alternating who goes first; medians per contender. */
async function alternate<T>(contenders: readonly Contender[], rounds: number, fn: (c: Contender) => Promise<T>, log: (line: string) => void, label: string): Promise<T[][]> {
  const results = contenders.map((): T[] => []);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders.map((_, i) => i) : contenders.map((_, i) => contenders.length - 1 - i);
    for (const i of order) {
      const value = await fn(contenders[i]!);
      results[i]!.push(value);
      log(`${label} round ${round + 1} ${contenders[i]!.name}: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}`);
    }
  }
  return results;
}

const medianOf = <T>(values: readonly T[], pick: (v: T) => number): number => median(values.map(pick));

interface Row {
  readonly figure: string;
  readonly ours: number;
  readonly peer: number | undefined;
  readonly unit: string;
  readonly target?: { readonly text: string; readonly met: (ours: number, ratio: number) => boolean };
}

function formatRow(r: Row): string {
  const ratio = r.peer === undefined ? NaN : r.ours / r.peer;
  const fmt = (v: number): string => (r.unit === 'KB' ? (v / 1024).toFixed(0) : r.unit === '' ? v.toLocaleString('en') : ms(v));
  const verdict = r.target ? ` ${r.target.text} — **${r.target.met(r.ours, ratio) ? 'met' : 'NOT met'}**` : '';
  return `| ${r.figure} | ${fmt(r.ours)} ${r.unit} | ${r.peer === undefined ? 'n/a' : `${fmt(r.peer)} ${r.unit}`} | ${Number.isNaN(ratio) ? 'n/a' : ratio.toFixed(2)} |${verdict} |`;
}

export const section: BenchSection = {
  name: 'Exporter vs the Go peer (issue 15 targets)',
  async run(log) {
    const sizes = intList('peer-sizes', [10_000, 100_000]);
    const rounds = intList('rounds', [3])[0]!;
    const startRounds = intList('start-rounds', [9])[0]!;
    if (exporterBuildIsStale()) await buildExporter(); // ours runs compiled
    const peer = goPeer();
    if (typeof peer === 'string') log(`Go peer unavailable: ${peer}`);
    const contenders = typeof peer === 'string' ? [ours] : [ours, peer];
    const pick = <T>(all: T[][], i: number): T[] | undefined => (i < contenders.length ? all[i] : undefined);

    const rows: Row[] = [];
    const perSize = new Map<number, { ours: SizeFigures[]; peer: SizeFigures[] | undefined }>();
    for (const n of sizes) {
      const sim = await startSimulatorProcess(n);
      try {
        const all = await alternate(contenders, rounds, (c) => measureSize(c, sim.url, n), log, `N=${n}`);
        perSize.set(n, { ours: all[0]!, peer: pick(all, 1) });
      } finally {
        await sim.stop();
      }
    }
    const small = await startSimulatorProcess(10);
    let starts: StartFigures[][];
    let floorStarts: StartFigures[];
    const caCerts = machineExtraCaCerts();
    let startsWithCaCerts: StartFigures[] | undefined;
    try {
      // Node's floor alternates with the two: what a start on Node costs before any exporter code runs.
      const withFloor = await alternate([...contenders, nodeFloor], startRounds, (c) => measureStart(c, small.url), log, 'start-up');
      floorStarts = withFloor.pop()!;
      starts = withFloor;
      if (caCerts !== undefined) {
        const withCaCerts = oursWith('ours with NODE_EXTRA_CA_CERTS', { NODE_EXTRA_CA_CERTS: caCerts });
        startsWithCaCerts = (await alternate([withCaCerts], rounds, (c) => measureStart(c, small.url), log, 'start-up'))[0];
      }
    } finally {
      await small.stop();
    }

    const peerMedian = <T>(values: T[] | undefined, f: (v: T) => number): number | undefined => (values ? medianOf(values, f) : undefined);
    for (const [n, figures] of perSize) {
      const k = `${n / 1000}k`;
      const perSeries = (f: SizeFigures): number => (f.scrapeMs * 1000) / f.series;
      rows.push(
        {
          figure: `scrape (gzip) per exposed series, ${k}`,
          ours: medianOf(figures.ours, perSeries),
          peer: peerMedian(figures.peer, perSeries),
          unit: 'µs',
          ...(n === 10_000 && { target: { text: 'ratio ≤ 0.15', met: (_o: number, ratio: number) => ratio <= 0.15 } }),
        },
        { figure: `scrape (gzip), ${k}`, ours: medianOf(figures.ours, (f) => f.scrapeMs), peer: peerMedian(figures.peer, (f) => f.scrapeMs), unit: 'ms' },
        { figure: `series exposed, ${k}`, ours: medianOf(figures.ours, (f) => f.series), peer: peerMedian(figures.peer, (f) => f.series), unit: '' },
        {
          figure: `bytes on the wire (gzip), ${k}`,
          ours: medianOf(figures.ours, (f) => f.gzipBytes),
          peer: peerMedian(figures.peer, (f) => f.gzipBytes),
          unit: 'KB',
          target: { text: 'ratio ≤ 1.1', met: (_o, ratio) => ratio <= 1.1 },
        },
        {
          figure: `peak RSS, ${k}`,
          ours: medianOf(figures.ours, (f) => f.peakRssMb),
          peer: peerMedian(figures.peer, (f) => f.peakRssMb),
          unit: 'MB',
          target: n >= 100_000 ? { text: 'ratio ≤ 1.0', met: (_o, ratio) => ratio <= 1.0 } : { text: 'ratio ≤ 2', met: (_o, ratio) => ratio <= 2 },
        },
        {
          figure: `\`/-/healthy\` p99 while scrapes run back to back, ${k}`,
          ours: medianOf(figures.ours, (f) => f.healthyP99Ms),
          peer: peerMedian(figures.peer, (f) => f.healthyP99Ms),
          unit: 'ms',
          ...(n >= 100_000 && { target: { text: '≤ 20 ms', met: (o: number) => o <= 20 } }),
        },
      );
    }
    rows.push(
      {
        figure: 'start-up to the first scrape with `ufo_up 1`',
        ours: medianOf(starts[0]!, (s) => s.startupMs),
        peer: peerMedian(pick(starts, 1), (s) => s.startupMs),
        unit: 'ms',
        target: { text: 'ratio ≤ 5', met: (_o, ratio) => ratio <= 5 },
      },
      {
        figure: 'idle RSS (10 clients)',
        ours: medianOf(starts[0]!, (s) => s.idleRssMb),
        peer: peerMedian(pick(starts, 1), (s) => s.idleRssMb),
        unit: 'MB',
        target: { text: '≤ 50 MB', met: (o) => o <= 50 },
      },
    );
    /** Start-up and idle RSS of another start (Node's floor, ours with the CA variable), next to the peer's. */
    const startRows = (starting: string, idle: string, figures: StartFigures[]): Row[] => [
      { figure: starting, ours: medianOf(figures, (s) => s.startupMs), peer: peerMedian(pick(starts, 1), (s) => s.startupMs), unit: 'ms' },
      { figure: idle, ours: medianOf(figures, (s) => s.idleRssMb), peer: peerMedian(pick(starts, 1), (s) => s.idleRssMb), unit: 'MB' },
    ];
    rows.push(...startRows("start-up, Node's floor: a bare `node:http` server answering `ufo_up 1`", "idle RSS, Node's floor", floorStarts));
    if (startsWithCaCerts) {
      rows.push(...startRows("start-up, ours with this machine's `NODE_EXTRA_CA_CERTS`", "idle RSS, ours with this machine's `NODE_EXTRA_CA_CERTS`", startsWithCaCerts));
    }
    return [
      `Both exporters read one simulator process (rich shape: \`client_id\`, \`type\`, \`platform\`, \`connected_at\`, \`uptime_seconds\`);`,
      `medians of ${rounds} alternating rounds (start-up and idle RSS: ${startRounds}; ours with the CA variable: ${rounds}), each with fresh exporter processes. Scrape = \`GET /metrics\` with`,
      '`Accept-Encoding: gzip` (as Prometheus asks), timed to the last byte, median of 15 (5 at 100k) after the first;',
      'series = samples in the identity body. Peak RSS = VmHWM of the process after all its scrapes; `/-/healthy` is asked',
      'every 10 ms while gzip scrapes run back to back (6 s; 12 s at 100k); the Go peer has no such route and answers 404,',
      'which costs it the same. Start-up = from spawning the process to the first answer carrying `ufo_up 1` (10 clients);',
      'idle RSS = VmRSS one second after three scrapes. Ours is the compiled exporter run as `npm start`, the bin and the',
      `Docker image run it (\`${exporterEnvWords()} node ${EXPORTER_NODE_FLAGS.join(' ')} bin/ufo-exporter.js\`; the image has musl's malloc, no arenas). Both run without this machine's`,
      '`NODE_EXTRA_CA_CERTS` (see the environment line above). Node\'s floor = a bare `node:http` server (bench/peer/node-floor.cjs)',
      'with the same node flags, alternating with the two: no exporter on Node starts faster. The last two rows show our start with the variable.',
      '',
      '| figure | ours | Go peer | ours / peer | target |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows.map(formatRow),
    ].join('\n');
  },
};
