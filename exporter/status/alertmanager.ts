/**
 * Reads the firing alerts shown on the status page from Alertmanager's API
 * (`GET /api/v2/alerts?active=true&silenced=false&inhibited=false`). Answers are cached for a few
 * seconds so that many open pages cost Alertmanager one request; concurrent reads share one request.
 * A failing Alertmanager is reported in the section, never thrown: the page shows the error.
 */

import { defineValidator } from '../validator';
import { httpGetText, type HttpGetResult } from '../http-get';
import type { AlertRow, AlertsSection } from './document';

export interface AlertmanagerReaderOptions {
  /** Alertmanager base URL, e.g. http://127.0.0.1:9093 (a route prefix and user:password@ are allowed). */
  readonly url: string;
  readonly timeoutMs?: number;
  /** How long an answer (or an error) is reused. Default 5 s. */
  readonly cacheMs?: number;
  /** Clock in ms, for tests. */
  readonly now?: () => number;
  /** Alertmanager as a browser reaches it, for silence links (none when absent). */
  readonly linkUrl?: string;
}

interface GettableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
}

const ALERTS_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['labels', 'startsAt'],
    properties: {
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
      startsAt: { type: 'string' },
    },
  },
};

/** Compiled on the first read (from the sources): an exporter without --alertmanager.url does not hold an Ajv instance for it. */
const validateAlerts = defineValidator<GettableAlert[]>('alertmanager-alerts', { allErrors: false }, ALERTS_SCHEMA);

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];

function severityRank(severity: string): number {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

/** An http(s) URL, or null: an annotation becomes a link on the page only when it cannot be `javascript:`. */
function httpUrl(text: string | undefined): string | null {
  if (text === undefined) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Alertmanager's UI page for a new silence, its matchers pre-filled with every label of the alert. */
export function silenceUrl(alertmanagerLink: string, labels: Readonly<Record<string, string>>): string {
  const quote = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const matchers = Object.keys(labels)
    .sort()
    .map((name) => `${name}="${quote(labels[name] ?? '')}"`)
    .join(',');
  const base = alertmanagerLink.endsWith('/') ? alertmanagerLink : `${alertmanagerLink}/`;
  return `${base}#/silences/new?filter=${encodeURIComponent(`{${matchers}}`)}`;
}

function toRow(alert: GettableAlert, alertmanagerLink: string | undefined): AlertRow {
  const { alertname, severity, ...rest } = alert.labels;
  const labels: Record<string, string> = {};
  for (const name of Object.keys(rest).sort()) labels[name] = rest[name] ?? '';
  return {
    name: alertname ?? '(no alertname)',
    severity: severity ?? 'none',
    summary: alert.annotations?.['summary'] ?? alert.annotations?.['description'] ?? '',
    startsAt: alert.startsAt,
    labels,
    runbookUrl: httpUrl(alert.annotations?.['runbook_url']),
    silenceUrl: alertmanagerLink === undefined ? null : silenceUrl(alertmanagerLink, alert.labels),
  };
}

/** Most severe first, then oldest first. */
function bySeverityThenAge(a: AlertRow, b: AlertRow): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.startsAt.localeCompare(b.startsAt);
}

export class AlertmanagerReader {
  private readonly endpoint: URL;
  /** user:password from the URL, sent as a header (the URL requested and shown carries no credentials). */
  private readonly authorization: string | undefined;
  /** The URL as shown in errors: no credentials. */
  readonly displayUrl: string;
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private readonly now: () => number;
  private readonly linkUrl: string | undefined;
  private cached: { until: number; section: AlertsSection } | undefined;
  private inFlight: Promise<AlertsSection> | undefined;
  private lastSuccessAt: number | null = null;

  constructor(opts: AlertmanagerReaderOptions) {
    let base: URL;
    try {
      base = new URL(opts.url);
    } catch {
      throw new Error(`--alertmanager.url: not a URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`--alertmanager.url: must be http:// or https://`);
    this.authorization = base.username
      ? 'Basic ' + Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')
      : undefined;
    base.username = '';
    base.password = '';
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.displayUrl = base.toString();
    this.endpoint = new URL('api/v2/alerts?active=true&silenced=false&inhibited=false', base);
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.cacheMs = opts.cacheMs ?? 5000;
    this.now = opts.now ?? Date.now;
    this.linkUrl = opts.linkUrl;
  }

  /** The alerts section of the status document. Never rejects. */
  async read(): Promise<AlertsSection> {
    if (this.cached && this.cached.until > this.now()) return this.cached.section;
    this.inFlight ??= this.fetchSection().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchSection(): Promise<AlertsSection> {
    let section: AlertsSection;
    try {
      const firing = await this.fetchFiring();
      this.lastSuccessAt = this.now() / 1000;
      section = { configured: true, fetchedAt: this.lastSuccessAt, error: null, firing };
    } catch (err) {
      section = { configured: true, fetchedAt: this.lastSuccessAt, error: (err as Error).message, firing: [] };
    }
    this.cached = { until: this.now() + this.cacheMs, section };
    return section;
  }

  private async fetchFiring(): Promise<AlertRow[]> {
    const where = `Alertmanager ${this.displayUrl}`;
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: HttpGetResult;
    try {
      response = await httpGetText(this.endpoint, {
        headers: { accept: 'application/json', ...(this.authorization && { authorization: this.authorization }) },
        signal,
      });
    } catch (err) {
      const e = err as Error & { code?: string };
      const why = signal.aborted ? `no answer within ${this.timeoutMs} ms` : (e.code ?? e.message);
      throw new Error(`${where}: ${why}`);
    }
    if (response.status < 200 || response.status > 299) throw new Error(`${where}: HTTP ${response.status} from /api/v2/alerts`);
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      throw new Error(`${where}: /api/v2/alerts did not return JSON`);
    }
    const validate = validateAlerts();
    if (!validate(body)) {
      const first = validate.errors?.[0];
      throw new Error(`${where}: unexpected /api/v2/alerts answer at ${first?.instancePath || '(top level)'}: ${first?.message ?? 'invalid'}`);
    }
    return body.map((alert) => toRow(alert, this.linkUrl)).sort(bySeverityThenAge);
  }
}
