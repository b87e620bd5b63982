/**
 * Series exported at 0 from start-up, before anything happened. Prometheus' increase()/rate() treat
 * a series' first sample as its starting point, so a counter that first appears at 1 hides its
 * first increment: the first rejection, disconnect or failure would never fire an alert. Every label
 * set a source is known to produce is declared here once, from the catalogue's value lists; values
 * met later (another close code, an HTTP status kind) are still exported when they happen.
 */
import {
  AUTH_FAILURE_REASONS,
  API_ENDPOINTS,
  API_ERROR_KINDS,
  CLIENT_TYPES,
  DISCONNECT_REASONS,
  EXPORTER_BOUNDS,
  REGISTRATION_REJECT_REASONS,
  SERVER_LOG_LEVELS,
  SESSION_CANCEL_REASONS,
  SESSION_STATUSES,
  type CatalogueKey,
  type LabelsOf,
} from '../catalogue';
import { seriesKey, type Labels } from '../state';

type InitialSeries = { readonly [K in CatalogueKey]?: readonly Labels<LabelsOf<K>>[] };

/** Reason of a finished session that was not cancelled (exporter/state/sessions.ts). */
const NO_REASON = 'none';

export const INITIAL_SERIES: InitialSeries = {
  clientConnects: CLIENT_TYPES.map((client_type) => ({ client_type })),
  clientDisconnects: CLIENT_TYPES.flatMap((client_type) => DISCONNECT_REASONS.map((reason) => ({ client_type, reason }))),
  sessionsFinished: SESSION_STATUSES.flatMap((status): Labels<'status' | 'reason'>[] =>
    status === 'cancelled' ? SESSION_CANCEL_REASONS.map((reason) => ({ status, reason })) : [{ status, reason: NO_REASON }],
  ),
  sessionDuration: SESSION_STATUSES.map((status) => ({ status })),
  registrationsRejected: REGISTRATION_REJECT_REASONS.map((reason) => ({ reason })),
  logMessages: SERVER_LOG_LEVELS.map((level) => ({ level })),
  exporterErrors: API_ERROR_KINDS.map((kind) => ({ source: 'api', kind })),
  boundOverflows: EXPORTER_BOUNDS.map((bound) => ({ bound })),
  authFailures: AUTH_FAILURE_REASONS.map((reason) => ({ reason })),
  apiRequestDuration: API_ENDPOINTS.map((endpoint) => ({ endpoint })),
};

/**
 * The declared initial label sets first (with the observed entry where there is one, else
 * `zero(labels)`), then every other observed entry in its own order.
 */
export function withInitialSeries<E extends { readonly labels: Readonly<Record<string, string>> }>(
  labelNames: readonly string[],
  initial: readonly Readonly<Record<string, string>>[] | undefined,
  observed: readonly E[],
  zero: (labels: Readonly<Record<string, string>>) => E,
): E[] {
  if (initial === undefined || initial.length === 0) return [...observed];
  const byKey = new Map(observed.map((e) => [seriesKey(labelNames, e.labels), e]));
  const out: E[] = [];
  for (const labels of initial) {
    const key = seriesKey(labelNames, labels);
    out.push(byKey.get(key) ?? zero(labels));
    byKey.delete(key);
  }
  for (const e of byKey.values()) out.push(e);
  return out;
}
