export { FleetState } from './fleet-state';
export { DEFAULT_MAX_ERROR_PATTERNS, type FleetStateOptions } from './fleet-options';
export type { ActiveSession, ConnectedClient, DeviceCounts, ErrorPatternView, FleetView, RecentEvent, RecentEventKind, StateVersions, UpstreamView } from './fleet-view';
export { classifyClientId } from './classify';
export { LOG_PROBLEMS, type ConfiguredSources, type LogHealthView, type LogProblem } from './log-health';
export type { CounterEntry, HistogramEntry, Labels } from './series';
export { seriesKey } from './series';
