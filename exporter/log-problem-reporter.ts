/**
 * Says in the exporter's own log when the configured UFO server log stops feeding it (missing, or
 * silent while clients are connected) and when it feeds it again: once per change, checked after each
 * poll (the exporter has no timers; scrapes drive it).
 */
import type { Logger } from './logging';
import type { FleetView, LogProblem } from './state';

export function createLogProblemReporter(view: FleetView, logger: Logger, file: string): () => void {
  let last: LogProblem | null = null;
  return () => {
    const health = view.sources.logHealth();
    if (health.problem === last) return;
    last = health.problem;
    if (health.problem === 'missing')
      logger.error('UFO server log missing: session, request and log-level metrics are not current', { file, detail: health.missingDetail ?? '' });
    else if (health.problem === 'silent')
      logger.error('UFO server log silent while clients are connected: session, request and log-level metrics are not current', {
        file,
        silent_for_at_least: `${health.silenceSeconds}s`,
        flag: '--ufo.log-silence',
      });
    else logger.info('UFO server log feeds the exporter again', { file });
  };
}
