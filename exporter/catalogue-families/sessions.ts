/** Sessions: running, started, finished, their durations and the oldest running one. */
import { SESSION_DURATION_BUCKETS, type MetricDefinition } from './definition';

export const sessionFamilies = {
  sessionsActive: {
    name: 'ufo_sessions_active',
    type: 'gauge',
    help: 'Sessions currently running, by the type of client that owns them.',
    labelNames: ['client_type'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  sessionsStarted: {
    name: 'ufo_sessions_started_total',
    type: 'counter',
    help: 'Session runs started by the server (each run of a reused session id counts).',
    labelNames: [],
    unit: 'count',
    sources: ['log', 'push'],
  },
  sessionsFinished: {
    name: 'ufo_sessions_finished_total',
    type: 'counter',
    help: 'Sessions finished, by status (completed, failed, cancelled) and reason (cancel reason, or none).',
    labelNames: ['status', 'reason'],
    unit: 'count',
    sources: ['log', 'push'],
  },
  sessionDuration: {
    name: 'ufo_session_duration_seconds',
    type: 'histogram',
    help: 'Execution time of finished sessions, by status.',
    labelNames: ['status'],
    unit: 'seconds',
    sources: ['log', 'push'],
    buckets: SESSION_DURATION_BUCKETS,
  },
  sessionsOldestActiveAge: {
    name: 'ufo_sessions_oldest_active_age_seconds',
    type: 'gauge',
    help: 'Age of the oldest running session (0 when none is running).',
    labelNames: [],
    unit: 'seconds',
    sources: ['log', 'push'],
  },
} as const satisfies Record<string, MetricDefinition>;
