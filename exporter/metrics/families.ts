/**
 * How each catalogue metric is filled from the fleet state. The mapped type makes this exhaustive:
 * a metric added to the catalogue without a family here fails to compile, and nothing is exported
 * that the catalogue does not declare.
 */
import { CLIENT_TYPES, DEVICE_STATUSES, catalogue, type CatalogueKey, type MetricDefinition } from '../catalogue';
import { LOG_PROBLEMS, type CounterEntry, type FleetView, type HistogramEntry, type StateVersions } from '../state';
import type { ServerIdentity } from '../targets/identity';
import type { BuildInfo } from './build-info';
import { INITIAL_SERIES, withInitialSeries } from './initial-series';
import type { ClientLineSource } from './client-ranges';
import { counterLine, histogramLines, sampleLine, type LabelPairs } from './text-format';

export interface RenderContext {
  readonly view: FleetView;
  /** --clients.max-series */
  readonly maxSeries: number;
  readonly build: BuildInfo;
  /** The server this state describes; without one `ufo_server_info` has no sample. */
  readonly server: ServerIdentity | undefined;
  /** Unix seconds. */
  readonly now: number;
  /** True while the API is down: the connected set may be stale, so presence families are empty. */
  readonly presenceHidden: boolean;
}

interface FamilyBase {
  /** State parts the family reads (its cache is kept until one moves), or 'every-scrape' for time-dependent values. */
  readonly reads: readonly (keyof StateVersions)[] | 'every-scrape';
  /** Describes who is connected now: empty while the API is down (stale data is not reported as current). */
  readonly presence?: boolean;
}

/** A family rendered whole: its sample lines (without HELP/TYPE). */
export interface TextFamilySpec extends FamilyBase {
  samples(def: MetricDefinition, ctx: RenderContext): string;
  readonly clientLine?: undefined;
}

/**
 * A family of one line per capped client (client-ranges.ts): kept as bytes, and rebuilt after a
 * change from the unchanged clients' bytes plus the lines of the changed ones.
 */
export interface ClientFamilySpec extends FamilyBase {
  clientLine(def: MetricDefinition, ctx: RenderContext): ClientLineSource;
  readonly samples?: undefined;
}

export type FamilySpec = TextFamilySpec | ClientFamilySpec;

type InitialLabelSets = readonly Readonly<Record<string, string>>[] | undefined;

/** A counter family's samples; `initial` label sets (INITIAL_SERIES) are exported at 0 until they count. */
function counterLines(def: MetricDefinition, entries: readonly CounterEntry<string>[], initial?: InitialLabelSets): string {
  let out = '';
  for (const e of withInitialSeries(def.labelNames, initial, entries, (labels) => ({ labels, value: 0 })))
    out += counterLine(def, e.labels, e.value);
  return out;
}

/** A histogram family's series; `initial` label sets get empty histograms until observed. */
function histogramFamily(def: MetricDefinition, entries: readonly HistogramEntry<string>[], initial?: InitialLabelSets): string {
  const empty = (labels: Readonly<Record<string, string>>): HistogramEntry<string> => ({
    labels,
    cumulative: (def.buckets ?? []).map(() => 0),
    sum: 0,
    count: 0,
  });
  return withInitialSeries(def.labelNames, initial, entries, empty)
    .map((e) => histogramLines(def, e))
    .join('');
}

function single(def: MetricDefinition, value: number, labels: LabelPairs = {}): string {
  return sampleLine(def.name, def.labelNames, labels, value);
}

export const families: { readonly [K in CatalogueKey]: FamilySpec } = {
  up: {
    reads: ['upstream'],
    samples: (def, { view }) => single(def, view.upstream.status().up === true ? 1 : 0),
  },
  serverInfo: {
    reads: [],
    samples: (def, { server }) => (server === undefined ? '' : single(def, 1, { server: server.name, url: server.url })),
  },
  lastSuccessfulPoll: {
    reads: ['upstream'],
    samples: (def, { view }) => single(def, view.upstream.status().lastSuccessAt ?? 0),
  },
  buildInfo: {
    reads: [],
    samples: (def, { build }) => single(def, 1, { version: build.version, revision: build.revision, nodejs: build.nodejs }),
  },
  exporterErrors: { reads: ['exporter'], samples: (def, { view }) => counterLines(def, view.exporter.errors.entries(), INITIAL_SERIES.exporterErrors) },
  exporterEvents: { reads: ['exporter'], samples: (def, { view }) => counterLines(def, view.exporter.eventsApplied.entries()) },
  logLinesRead: { reads: ['exporter'], samples: (def, { view }) => single(def, view.exporter.logLinesRead) },
  pollDuration: { reads: ['upstream'], samples: (def, { view }) => histogramFamily(def, view.upstream.polls.entries()) },
  clientSeriesDropped: {
    reads: ['presence'],
    presence: true,
    samples: (def, { view, maxSeries, presenceHidden }) =>
      single(def, presenceHidden ? 0 : Math.max(0, view.clients.connectedCount - Math.max(0, maxSeries))),
  },
  sourceConfigured: {
    reads: [],
    samples: (def, { view }) => {
      const configured = { api: true, ...view.sources.configured };
      return Object.entries(configured).map(([source, on]) => single(def, on ? 1 : 0, { source })).join('');
    },
  },
  logProblem: {
    reads: 'every-scrape',
    samples: (def, { view, now }) => {
      const { problem } = view.sources.logHealth(now);
      return LOG_PROBLEMS.map((p) => single(def, problem === p ? 1 : 0, { problem: p })).join('');
    },
  },
  clientSeriesLimit: { reads: [], samples: (def, { maxSeries }) => single(def, maxSeries) },
  boundLimit: { reads: ['bounds'], samples: (def, { view }) => counterLines(def, view.bounds.limitEntries()) },
  boundOverflows: { reads: ['bounds'], samples: (def, { view }) => counterLines(def, view.bounds.overflowEntries(), INITIAL_SERIES.boundOverflows) },
  authFailures: { reads: ['exporter'], samples: (def, { view }) => counterLines(def, view.exporter.authFailures.entries(), INITIAL_SERIES.authFailures) },
  apiRequestDuration: { reads: ['upstream'], samples: (def, { view }) => histogramFamily(def, view.upstream.probes.entries(), INITIAL_SERIES.apiRequestDuration) },
  clientsConnected: {
    reads: ['presence'],
    presence: true,
    samples: (def, { view }) => counterLines(def, view.clients.byTypeAndPlatform()),
  },
  clientInfo: {
    reads: ['presence'],
    presence: true,
    clientLine: (def) => ({ line: (c) => single(def, 1, { client_id: c.clientId, client_type: c.clientType, platform: c.platform }) }),
  },
  clientConnectionStart: {
    reads: ['presence'],
    presence: true,
    clientLine: (def) => ({ line: (c) => single(def, c.connectedAt, { client_id: c.clientId }) }),
  },
  clientReconnects: {
    reads: ['presence', 'connections'],
    presence: true,
    // Sparse: a client connected once (since the exporter started) has no series, so a stable fleet costs nothing here.
    clientLine: (def, { view }) => ({
      version: (c) => view.clients.connectionCount(c.clientId),
      line: (c, count) => (count > 1 ? single(def, count - 1, { client_id: c.clientId }) : ''),
    }),
  },
  clientConnects: { reads: ['connections'], samples: (def, { view }) => counterLines(def, view.clients.connects.entries(), INITIAL_SERIES.clientConnects) },
  clientDisconnects: { reads: ['connections'], samples: (def, { view }) => counterLines(def, view.clients.disconnects(), INITIAL_SERIES.clientDisconnects) },
  registrationsRejected: { reads: ['logs'], samples: (def, { view }) => counterLines(def, view.log.registrationsRejected.entries(), INITIAL_SERIES.registrationsRejected) },
  devices: {
    reads: ['presence', 'sessions'],
    presence: true,
    samples: (def, { view }) => {
      const counts = view.devices.counts();
      return DEVICE_STATUSES.map((status) => single(def, counts[status], { status })).join('');
    },
  },
  sessionsActive: {
    reads: ['sessions'],
    samples: (def, { view }) => {
      const counts = view.sessions.activeByOwnerType();
      // Known client types always present (0 when idle), so rates and alerts have a series to read.
      const types = new Set<string>([...CLIENT_TYPES, ...counts.keys()]);
      return [...types].map((t) => single(def, counts.get(t) ?? 0, { client_type: t })).join('');
    },
  },
  sessionsStarted: { reads: ['sessions'], samples: (def, { view }) => single(def, view.sessions.started) },
  sessionsFinished: { reads: ['sessions'], samples: (def, { view }) => counterLines(def, view.sessions.finished.entries(), INITIAL_SERIES.sessionsFinished) },
  sessionDuration: { reads: ['sessions'], samples: (def, { view }) => histogramFamily(def, view.sessions.durations.entries(), INITIAL_SERIES.sessionDuration) },
  sessionsOldestActiveAge: {
    reads: 'every-scrape',
    samples: (def, { view, now }) => single(def, view.sessions.oldestActiveAge(now)),
  },
  httpRequests: { reads: ['requests'], samples: (def, { view }) => counterLines(def, view.requests.counts.entries()) },
  httpRequestDuration: { reads: ['requests'], samples: (def, { view }) => histogramFamily(def, view.requests.durations.entries()) },
  ownRequests: { reads: ['requests'], samples: (def, { view }) => counterLines(def, view.requests.own.entries()) },
  logMessages: { reads: ['logs'], samples: (def, { view }) => counterLines(def, view.log.levels.entries(), INITIAL_SERIES.logMessages) },
  logErrors: { reads: ['logs'], samples: (def, { view }) => counterLines(def, view.log.errorPatterns.entries()) },
  logErrorPatternsFolded: { reads: ['logs'], samples: (def, { view }) => single(def, view.log.errorPatterns.folded) },
  logErrorPatternsLimit: { reads: [], samples: (def, { view }) => single(def, view.log.errorPatterns.maxPatterns) },
};

/** Catalogue keys in catalogue order. */
export const familyKeys = Object.keys(catalogue) as CatalogueKey[];
