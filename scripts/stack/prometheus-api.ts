/** The few Prometheus / Alertmanager HTTP API calls the end-to-end test makes, typed and bounded. */

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  /** An instant query's [unix seconds, value]. */
  readonly value?: readonly [number, string];
}

interface ApiResponse<T> {
  readonly status: 'success' | 'error';
  readonly data: T;
  readonly error?: string;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as ApiResponse<T>;
  if (res.status !== 200 || body.status !== 'success') throw new Error(`${url}: ${res.status} ${body.error ?? ''}`);
  return body.data;
}

/** Series an instant query returns now. */
export async function instantQuery(prometheusUrl: string, expr: string): Promise<Sample[]> {
  const data = await getJson<{ result: Sample[] }>(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return data.result;
}

/** Series a range query returns over the last `seconds` (what a time-series panel would draw). */
export async function rangeQuery(prometheusUrl: string, expr: string, seconds: number, stepSeconds: number): Promise<Sample[]> {
  const end = Date.now() / 1000;
  const params = new URLSearchParams({ query: expr, start: String(end - seconds), end: String(end), step: String(stepSeconds) });
  const data = await getJson<{ result: Sample[] }>(`${prometheusUrl}/api/v1/query_range?${params.toString()}`);
  return data.result;
}

export interface Target {
  readonly labels: Readonly<Record<string, string>>;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export async function activeTargets(prometheusUrl: string): Promise<Target[]> {
  return (await getJson<{ activeTargets: Target[] }>(`${prometheusUrl}/api/v1/targets?state=active`)).activeTargets;
}

/** Alertmanagers Prometheus has discovered (alerts are only sent once this is non-empty). */
export async function activeAlertmanagers(prometheusUrl: string): Promise<string[]> {
  return (await getJson<{ activeAlertmanagers: { url: string }[] }>(`${prometheusUrl}/api/v1/alertmanagers`)).activeAlertmanagers.map((a) => a.url);
}

export interface AlertmanagerAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly status: { readonly state: 'active' | 'suppressed' | 'unprocessed'; readonly inhibitedBy: readonly string[] };
}

/** Every alert Alertmanager holds (active, silenced and inhibited). */
export async function alertmanagerAlerts(alertmanagerUrl: string): Promise<AlertmanagerAlert[]> {
  const res = await fetch(`${alertmanagerUrl}/api/v2/alerts`, { signal: AbortSignal.timeout(5_000) });
  if (res.status !== 200) throw new Error(`${alertmanagerUrl}/api/v2/alerts: ${res.status}`);
  return (await res.json()) as AlertmanagerAlert[];
}
