/**
 * `GET /probe?target=<name>`: one server's metrics, from its own pipeline (exporter/targets/pipeline.ts).
 * Each request polls only that server (single-flight, bounded by --ufo.timeout) and renders only its
 * state, so servers never wait for one another. A missing or unknown target is answered 400 with a
 * message saying what to send, and counted in `ufo_exporter_probe_rejections_total{reason}` (served
 * on /metrics with the exporter's own metrics).
 */
import type { ServerResponse } from 'node:http';
import type { ProcessMetrics } from '../process-metrics';
import { GzipBody } from '../web/gzip-body';
import { sendMetrics } from '../web/metrics-response';
import { queryOf, send, TEXT, type Handler } from '../web/routes';
import type { ServerPipeline } from './pipeline';

export const PROBE_PATH = '/probe';
export const PROBE_REJECTION_REASONS = ['missing_target', 'unknown_target'] as const;
type RejectionReason = (typeof PROBE_REJECTION_REASONS)[number];

/** How many server names a 400 lists (the rest are counted). */
const NAMES_SHOWN = 20;
/** How much of a bad target value a 400 quotes. */
const TARGET_SHOWN = 128;

export interface ProbeRouteDeps {
  readonly targets: ReadonlyMap<string, ServerPipeline>;
  /** Where the rejection counter is served (after the process metrics on /metrics). */
  readonly processMetrics: Pick<ProcessMetrics, 'addFamily'>;
}

function knownNames(targets: ReadonlyMap<string, ServerPipeline>): string {
  const names = [...targets.keys()];
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

export function probeRoute({ targets, processMetrics }: ProbeRouteDeps): Handler {
  const rejections = new Map<RejectionReason, number>(PROBE_REJECTION_REASONS.map((reason) => [reason, 0]));
  processMetrics.addFamily(() => ({
    name: 'ufo_exporter_probe_rejections_total',
    help: 'Requests to /probe refused with 400, by reason: no target parameter, or a target that is not a configured server.',
    type: 'counter',
    samples: [...rejections].map(([reason, value]) => ({ labels: { reason }, value })),
  }));
  // One cache for every server: it is keyed by the renderers' chunk buffers, which no two servers share.
  const gzipBody = new GzipBody();
  const reject = (res: ServerResponse, reason: RejectionReason, message: string): void => {
    rejections.set(reason, (rejections.get(reason) ?? 0) + 1);
    send(res, 400, TEXT, `${message}\n`);
  };

  return async (req, res) => {
    // Given more than once, the target is as missing as not given at all.
    const given = queryOf(req).getAll('target');
    const target = given.length === 1 ? given[0]! : '';
    if (target === '') {
      reject(res, 'missing_target', `missing target: ask for ${PROBE_PATH}?target=<server name> (one of: ${knownNames(targets)})`);
      return;
    }
    const pipeline = targets.get(target);
    if (!pipeline) {
      reject(res, 'unknown_target', `unknown target ${JSON.stringify(target.slice(0, TARGET_SHOWN))}: not a server of the servers: section (known: ${knownNames(targets)})`);
      return;
    }
    await pipeline.refresh();
    await sendMetrics(req, res, pipeline.renderer.renderChunks(), gzipBody);
  };
}
