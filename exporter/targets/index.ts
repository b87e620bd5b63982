/**
 * The multi-target exporter: one pipeline per `servers:` entry (exporter/targets/pipeline.ts), served
 * at /probe?target=<name> (probe-route.ts). Started and stopped together; each server's sources stay
 * its own, so one server's failure or slowness touches no other.
 */
import type { ProcessMetrics } from '../process-metrics';
import type { Logger } from '../logging';
import { createServerPipeline, loggerWith, type PipelineSettings, type ServerPipeline } from './pipeline';
import { probeRoute } from './probe-route';
import type { Handler } from '../web/routes';
import type { ServerEntry } from './servers-config';

export interface TargetsOptions {
  readonly servers: readonly ServerEntry[];
  readonly settings: PipelineSettings;
  readonly logger: Logger;
  /** The process metrics /metrics serves: the probe rejection counter goes there. */
  readonly processMetrics: Pick<ProcessMetrics, 'addFamily'>;
}

export interface Targets {
  readonly count: number;
  readonly pipelines: ReadonlyMap<string, ServerPipeline>;
  readonly handler: Handler;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function startTargets({ servers, settings, logger, processMetrics }: TargetsOptions): Targets {
  const pipelines = new Map<string, ServerPipeline>(
    servers.map((server) => [server.name, createServerPipeline(server, settings, loggerWith(logger, { server: server.name }))]),
  );
  const stop = async (): Promise<void> => {
    await Promise.allSettled([...pipelines.values()].map((p) => p.stop()));
  };
  return {
    count: pipelines.size,
    pipelines,
    handler: probeRoute({ targets: pipelines, processMetrics }),
    async start() {
      const results = await Promise.allSettled([...pipelines.values()].map((p) => p.start()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        await stop();
        throw failed.reason;
      }
    },
    stop,
  };
}
