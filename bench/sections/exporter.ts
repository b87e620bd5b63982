/**
 * Exporter: with N connected clients in the simulator (1k, 10k, 100k; `--sizes=` overrides), the time
 * of one API poll, the /metrics render time (median of 20) with the cached renderer and with a plain
 * prom-client Registry holding the same series, and the RSS of the real exporter process.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { catalogue } from '../../exporter/catalogue';
import { silentLogger } from '../../exporter/logging';
import { CatalogueRenderer } from '../../exporter/metrics/renderer';
import { createStateSink } from '../../exporter/sink';
import { createApiSource } from '../../exporter/sources/api';
import { FleetState } from '../../exporter/state';
import { startSimulator } from '../../scripts/simulator/index';
import { parseMetrics } from '../../scripts/stack/metrics-text';
import { spawnExporter } from '../../scripts/stack/spawn-exporter';
import { growth, median, ms, timeEach, type BenchSection } from '../section';

const API_KEY = 'bench-key';
const RENDERS = 20;

interface Row {
  readonly n: number;
  readonly firstPollMs: number;
  readonly pollMs: number;
  readonly cachedMs: number;
  readonly changedMs: number;
  readonly plainMs: number;
  readonly scrapeMs: number;
  readonly rssMb: number;
}

/** The obvious implementation: prom-client metrics holding the same series, set from the state. */
function plainRegistry(state: FleetState): Registry {
  const registry = new Registry();
  const gauge = (def: { name: string; help: string; labelNames: readonly string[] }): Gauge =>
    new Gauge({ name: def.name, help: def.help, labelNames: [...def.labelNames], registers: [registry] });
  const info = gauge(catalogue.clientInfo);
  const start = gauge(catalogue.clientConnectionStart);
  const reconnects = new Counter({ name: catalogue.clientReconnects.name, help: catalogue.clientReconnects.help, labelNames: ['client_id'], registers: [registry] });
  const connected = gauge(catalogue.clientsConnected);
  const devices = gauge(catalogue.devices);
  for (const c of state.clients.connectedClients()) {
    info.set({ client_id: c.clientId, client_type: c.clientType, platform: c.platform }, 1);
    start.set({ client_id: c.clientId }, c.connectedAt);
    const connections = state.clients.connectionCount(c.clientId);
    if (connections > 1) reconnects.inc({ client_id: c.clientId }, connections - 1);
  }
  for (const e of state.clients.byTypeAndPlatform()) connected.set(e.labels, e.value);
  for (const [status, v] of Object.entries(state.devices.counts())) devices.set({ status }, v);
  return registry;
}

async function measure(n: number, log: (line: string) => void): Promise<Row> {
  const sim = await startSimulator({ apiKey: API_KEY, devices: 0, constellations: 0, shape: 'ids', seed: 1 });
  try {
    sim.control.addDevices(n);
    // In process: the poll and the renderers, without HTTP noise.
    const state = new FleetState();
    const sink = createStateSink({ state, logger: silentLogger, maxSeries: n });
    const api = createApiSource({ url: sim.url, apiKey: API_KEY, timeoutMs: 60_000 });
    await api.start(sink);
    await api.poll(); // the first poll, started by start(), builds the connected set
    const firstPollMs = (state.upstream.status().lastPollSeconds ?? NaN) * 1000;
    const pollMs = median(await timeEach(5, () => api.poll()));
    if (state.clients.connectedCount !== n) throw new Error(`expected ${n} clients in the state, got ${state.clients.connectedCount}`);

    const renderer = new CatalogueRenderer({ view: state, maxSeries: n });
    // renderChunks() is what a scrape writes (render() joins the same chunks into one string, for tests).
    renderer.renderChunks();
    const cachedMs = median(await timeEach(RENDERS, () => renderer.renderChunks()));
    let flip = false;
    const changedMs = median(
      await timeEach(RENDERS, () => {
        flip = !flip;
        sink.emit(flip ? { type: 'client_connected', source: 'push', at: 1, clientId: 'bench-extra' } : { type: 'client_disconnected', source: 'push', at: 1, clientId: 'bench-extra' });
        return renderer.renderChunks();
      }),
    );
    const plain = plainRegistry(state);
    const plainMs = median(await timeEach(RENDERS, () => plain.metrics()));
    await api.stop();

    // The real exporter process: full scrapes (poll + render) and its RSS.
    const exporter = await spawnExporter([`--ufo.url=${sim.url}`, '--ufo.timeout=60s', `--clients.max-series=${n}`], { UFO_EXPORTER_UFO_API_KEY: API_KEY });
    try {
      const scrape = async (): Promise<string> => (await fetch(`${exporter.url}/metrics`)).text();
      await scrape();
      const scrapeMs = median(await timeEach(n >= 100_000 ? 5 : 10, scrape));
      const rssMb = (parseMetrics(await scrape()).value('process_resident_memory_bytes') ?? NaN) / 2 ** 20;
      const row = { n, firstPollMs, pollMs, cachedMs, changedMs, plainMs, scrapeMs, rssMb };
      log(`N=${n}: ${JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v.toFixed(2))])))}`);
      return row;
    } finally {
      await exporter.stop();
    }
  } finally {
    await sim.close();
  }
}

function sizesFromArgs(): number[] {
  const arg = process.argv.find((a) => a.startsWith('--sizes='));
  const sizes = arg ? arg.slice('--sizes='.length).split(',').map(Number) : [1_000, 10_000, 100_000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected positive integers, got ${arg}`);
  return sizes;
}

export const section: BenchSection = {
  name: 'Exporter: polls, /metrics rendering, memory',
  async run(log) {
    const rows: Row[] = [];
    for (const n of sizesFromArgs()) rows.push(await measure(n, log));
    const sizes = rows.map((r) => r.n);
    const col = (pick: (r: Row) => number): number[] => rows.map(pick);
    const lines = [
      'Every client has per-client series (`--clients.max-series` = N). Poll = one poll of `/api/health` + `/api/clients`',
      '(ids shape) into the fleet state. Render = the catalogue as the UTF-8 chunks a scrape writes (`renderChunks()`), median of 20: *cached* = nothing changed since the',
      'last scrape, *changed* = one client connected or left before each render. *plain* = a prom-client Registry holding',
      'the same per-client and aggregate series (`registry.metrics()`). Scrape = a full `GET /metrics` of the real exporter',
      'process (poll + render + process metrics). RSS = that process after the scrapes.',
      '',
      '| clients | first poll ms | poll ms | render cached ms | render changed ms | plain prom-client ms | cached / plain | changed / plain | full scrape ms | RSS MB |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.n.toLocaleString('en')} | ${ms(r.firstPollMs)} | ${ms(r.pollMs)} | ${ms(r.cachedMs)} | ${ms(r.changedMs)} | ${ms(r.plainMs)} | ${(r.cachedMs / r.plainMs).toFixed(3)} | ${(r.changedMs / r.plainMs).toFixed(2)} | ${ms(r.scrapeMs)} | ${r.rssMb.toFixed(0)} |`,
      ),
      '',
      `Growth from ${sizes[0]?.toLocaleString('en')} to ${sizes[sizes.length - 1]?.toLocaleString('en')} clients: poll ${growth(sizes, col((r) => r.pollMs))};`,
      `render cached ${growth(sizes, col((r) => r.cachedMs))}; render changed ${growth(sizes, col((r) => r.changedMs))};`,
      `plain prom-client ${growth(sizes, col((r) => r.plainMs))}; full scrape ${growth(sizes, col((r) => r.scrapeMs))}; RSS ${growth(sizes, col((r) => r.rssMb))}.`,
    ];
    const at10k = rows.find((r) => r.n === 10_000);
    if (at10k)
      lines.push(
        '',
        `Targets at 10,000 clients: render ≤ ½ of plain prom-client — cached ${(at10k.cachedMs / at10k.plainMs).toFixed(3)}× ` +
          `(${at10k.cachedMs <= at10k.plainMs / 2 ? 'met' : 'NOT met'}), after a change ${(at10k.changedMs / at10k.plainMs).toFixed(2)}× ` +
          `(${at10k.changedMs <= at10k.plainMs / 2 ? 'met' : 'NOT met'}); RSS < 150 MB — ${at10k.rssMb.toFixed(0)} MB (${at10k.rssMb < 150 ? 'met' : 'NOT met'}).`,
      );
    return lines.join('\n');
  },
};
