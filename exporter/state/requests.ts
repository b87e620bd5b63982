/**
 * The server's HTTP requests, as its access log records them: counts by method, route and code,
 * durations by method and route, and apart from them the exporter's own API probes (so the poller's
 * traffic does not inflate the server's request rate).
 */
import { HTTP_LATENCY_BUCKETS } from '../catalogue';
import type { HttpRequest } from '../events';
import type { RequestReads } from './fleet-view';
import { LabelledCounter, LabelledHistogram } from './series';

export class ServerRequests implements RequestReads {
  readonly counts = new LabelledCounter(['method', 'route', 'code'] as const);
  readonly durations = new LabelledHistogram(['method', 'route'] as const, HTTP_LATENCY_BUCKETS);
  readonly own = new LabelledCounter(['route', 'code'] as const);
  /** Bumped on every request recorded. */
  version = 0;

  record(event: HttpRequest): void {
    if (event.byExporter) this.own.inc({ route: event.route, code: String(event.code) });
    else {
      this.counts.inc({ method: event.method, route: event.route, code: String(event.code) });
      if (event.durationSeconds !== undefined) this.durations.observe({ method: event.method, route: event.route }, event.durationSeconds);
    }
    this.version++;
  }
}
