/**
 * The JSON document behind the status page (`GET /api/status`), documented in docs/status-page.md.
 * Types only: shared by the exporter (which builds it) and the browser code (which renders it).
 * Times are Unix seconds; durations are seconds.
 */

import type { DeviceCounts, ErrorPatternView, UpstreamView } from '../state';
import type { ServerIdentity } from '../targets/identity';

export interface StatusDocument {
  /** Exporter clock when the document was built; the page measures data age against it. */
  readonly generatedAt: number;
  readonly exporter: { readonly version: string; readonly startedAt: number };
  /** The UFO server the page describes: its name (as in alerts and dashboards) and URL (credential redacted). */
  readonly server: ServerIdentity;
  readonly upstream: UpstreamSection;
  readonly devices: DeviceCounts;
  readonly clients: ClientsSection;
  readonly sessions: SessionsSection;
  /** Newest first. */
  readonly events: readonly EventRow[];
  readonly alerts: AlertsSection;
  readonly errorPatterns: ErrorPatternsSection;
  /** Where the page links to (--status.*-url, Alertmanager defaulting to --alertmanager.url). */
  readonly links: StatusLinks;
}

/** URLs as a browser reaches them; null when not configured (no link is shown). */
export interface StatusLinks {
  readonly grafana: string | null;
  readonly prometheus: string | null;
  readonly alertmanager: string | null;
}

/** The server's recent error patterns (ufo_log_errors_total, docs/error-patterns.md). */
export interface ErrorPatternsSection {
  /** The patterns seen last, latest first (the `other` series included), at most `shown` of them. */
  readonly recent: readonly ErrorPatternRow[];
  /** Label sets tracked in ufo_log_errors_total at most (--errors.max-patterns). */
  readonly limit: number;
  /** Label sets folded into pattern="other" because the limit was reached. */
  readonly folded: number;
}

/** One error pattern: level, logger, pattern, count, first and last seen, the latest example (secrets stripped; '' for pattern="other"). */
export type ErrorPatternRow = ErrorPatternView;

/**
 * The fleet state's view of the last poll (up is null before the first; lastError never holds the API
 * key). `lastProbeSeconds` (from UpstreamView) is what the page shows as API latency.
 */
export interface UpstreamSection extends UpstreamView {
  /** Mean probe duration per API endpoint since the exporter started (one slow poll skews it for long: secondary). */
  readonly meanProbeSeconds: Readonly<Record<string, number>>;
}

export interface ClientsSection {
  readonly total: number;
  readonly byType: { readonly device: number; readonly constellation: number };
  readonly byTypeAndPlatform: readonly { readonly type: string; readonly platform: string; readonly count: number }[];
  /** Connected clients, oldest connection first, at most `listLimit` of them. */
  readonly list: readonly ClientRow[];
  /** The per-client cap (--clients.max-series). */
  readonly listLimit: number;
  /** True when `total` exceeds `listLimit` and the list is cut. */
  readonly listCapped: boolean;
}

export interface ClientRow {
  readonly id: string;
  readonly type: string;
  readonly platform: string;
  readonly connectedAt: number;
}

export interface SessionsSection {
  readonly total: number;
  /** Running sessions, oldest first, at most `listLimit` of them (the same cap as clients). */
  readonly active: readonly SessionRow[];
  readonly capped: boolean;
  /**
   * Why the session data is missing or not current — no log and no event socket configured, or the
   * configured log missing or silent — with how to fix it; null when a source feeds it.
   */
  readonly sourceProblem: string | null;
}

export interface SessionRow {
  readonly id: string;
  readonly clientId: string | null;
  readonly clientType: string;
  readonly startedAt: number;
  readonly ageSeconds: number;
}

export interface EventRow {
  readonly at: number;
  /** A RecentEventKind (exporter/state): client_connected, client_disconnected, session_started, session_finished, registration_rejected, upstream_up, upstream_down. */
  readonly kind: string;
  readonly clientId: string | null;
  readonly sessionId: string | null;
  readonly detail: string;
}

export type AlertsSection =
  | { readonly configured: false }
  | {
      readonly configured: true;
      /** When Alertmanager last answered (null if it never did). */
      readonly fetchedAt: number | null;
      /** Why the last read failed; null when it succeeded. */
      readonly error: string | null;
      readonly firing: readonly AlertRow[];
    };

export interface AlertRow {
  readonly name: string;
  readonly severity: string;
  readonly summary: string;
  readonly startsAt: string;
  /** Every label but alertname and severity (instance, job, team, …), sorted by name. */
  readonly labels: Readonly<Record<string, string>>;
  /** The alert's runbook_url annotation when it is an http(s) URL, else null. */
  readonly runbookUrl: string | null;
  /** Alertmanager's new-silence page pre-filled with this alert's labels; null without an Alertmanager link. */
  readonly silenceUrl: string | null;
}
