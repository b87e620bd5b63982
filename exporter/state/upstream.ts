/**
 * The upstream tracker: whether the server's API answers (up/down), when it was last polled and last
 * answered, its last error, and how long each poll and API probe took. Fed by `upstream_status`
 * events from the API poller.
 */
import { API_LATENCY_BUCKETS } from '../catalogue';
import type { UpstreamStatus } from '../events';
import type { UpstreamReads, UpstreamView } from './fleet-view';
import { LabelledHistogram } from './series';

export class UpstreamTracker implements UpstreamReads {
  private current: UpstreamView = {
    up: null,
    lastPollAt: null,
    lastSuccessAt: null,
    lastError: null,
    lastErrorAt: null,
    lastPollSeconds: null,
    lastProbeSeconds: {},
  };
  /** Seconds each API endpoint probe took (`ufo_exporter_api_request_duration_seconds`). */
  readonly probes = new LabelledHistogram(['endpoint'] as const, API_LATENCY_BUCKETS);
  /** Seconds each whole poll took. */
  readonly polls = new LabelledHistogram([] as never[], API_LATENCY_BUCKETS);
  /** Bumped on every poll outcome recorded. */
  version = 0;

  status(): UpstreamView {
    return this.current;
  }

  /** Records a poll's outcome; returns whether up/down changed (the first poll always does). */
  record(event: UpstreamStatus): boolean {
    const before = this.current;
    this.current = {
      up: event.up,
      lastPollAt: event.at,
      lastSuccessAt: event.up ? event.at : before.lastSuccessAt,
      lastError: event.up ? before.lastError : (event.error ?? 'unknown error'),
      lastErrorAt: event.up ? before.lastErrorAt : event.at,
      lastPollSeconds: event.pollSeconds ?? before.lastPollSeconds,
      lastProbeSeconds: event.probes ? Object.fromEntries(event.probes.map((p) => [p.endpoint, p.seconds])) : before.lastProbeSeconds,
    };
    for (const probe of event.probes ?? []) this.probes.observe({ endpoint: probe.endpoint }, probe.seconds);
    if (event.pollSeconds !== undefined) this.polls.observe({}, event.pollSeconds);
    this.version++;
    return before.up !== event.up;
  }
}
