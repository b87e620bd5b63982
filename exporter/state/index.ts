export { DEFAULT_MAX_ERROR_PATTERNS, FleetState } from './fleet-state';
export type {
  ActiveSession,
  ConnectedClient,
  DeviceCounts,
  ErrorPatternView,
  FleetStateOptions,
  FleetView,
  RecentEvent,
  RecentEventKind,
  StateVersions,
  UpstreamView,
} from './fleet-state';
export { classifyClientId } from './classify';
export { LOG_PROBLEMS, type ConfiguredSources, type LogHealthView, type LogProblem } from './log-health';
export type { CounterEntry, HistogramEntry, Labels } from './series';
export { seriesKey } from './series';
