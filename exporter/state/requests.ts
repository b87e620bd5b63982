/**
 * The server's HTTP requests, as its access log records them: counts by method, route and code,
 * durations by method and route, and apart from them the exporter's own API probes (so the poller's
 * traffic does not inflate the server's request rate).
 */
import { HTTP_LATENCY_BUCKETS } from '../catalogue';
import type { HttpRequest } from '../events';
import type { RequestReads } from './fleet-view';
import { LabelledCounter, LabelledHistogram } from './series';
import { CellsBy2, CellsBy3 } from './series-cells';

export class ServerRequests implements RequestReads {
  readonly counts = new LabelledCounter(['method', 'route', 'code'] as const);
  readonly durations = new LabelledHistogram(['method', 'route'] as const, HTTP_LATENCY_BUCKETS);
  readonly own = new LabelledCounter(['route', 'code'] as const);
  /** Bumped on every request recorded. */
  version = 0;
  /** `counts` and `own` by method → route → code: one request (an access line) builds no series key. */
  private readonly countCells = new CellsBy3(this.counts, (method: string, route: string, code: number) => ({ method, route, code: String(code) }));
  private readonly ownCells = new CellsBy2(this.own, (route: string, code: number) => ({ route, code: String(code) }));

  record(event: HttpRequest): void {
    if (event.byExporter) this.ownCells.get(event.route, event.code).value++;
    else {
      this.countCells.get(event.method, event.route, event.code).value++;
      if (event.durationSeconds !== undefined) this.durations.observe({ method: event.method, route: event.route }, event.durationSeconds);
    }
    this.version++;
  }
}
