export { FleetState } from './fleet-state';
export { DEFAULT_MAX_ERROR_PATTERNS, type FleetStateOptions } from './fleet-options';
export type {
  ActiveSession,
  BoundReads,
  ClientReads,
  ConnectedClient,
  DeviceCounts,
  DeviceReads,
  ErrorPatternReads,
  ErrorPatternView,
  ExporterReads,
  FleetView,
  RecentEvent,
  RecentEventKind,
  RecentEventReads,
  RequestReads,
  ServerLogReads,
  SessionReads,
  SourceReads,
  StateVersions,
  UpstreamReads,
  UpstreamView,
} from './fleet-view';
export { classifyClientId } from './classify';
export { LOG_PROBLEMS, type ConfiguredSources, type LogHealthView, type LogProblem } from './log-health';
export type { CounterEntry, CounterReads, HistogramEntry, HistogramReads, Labels } from './series';
export { seriesKey } from './series';
