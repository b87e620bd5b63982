/** Shared by the log-source tests: a recording sink and logger, log lines to count. */
import type { FleetEvent, SourceError, SourceSink } from '../../exporter/events';
import type { LogFields, Logger } from '../../exporter/logging';

export interface RecordingSink extends SourceSink {
  readonly events: FleetEvent[];
  readonly errors: SourceError[];
  lines: number;
}

export function recordingSink(): RecordingSink {
  const sink: RecordingSink = {
    events: [],
    errors: [],
    lines: 0,
    emit: (event) => void sink.events.push(event),
    reportError: (error) => void sink.errors.push(error),
    linesRead: (count) => void (sink.lines += count),
  };
  return sink;
}

export interface RecordingLogger extends Logger {
  readonly lines: { level: string; msg: string; fields?: LogFields }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A current-format record announcing a device connection: easy to count in event lists. */
export function connectLine(clientId: string, second = 0): string {
  return `2026-11-21 04:28:${String(second).padStart(2, '0')},000 - UFOWebSocketHandler - INFO - [WS] 📱 Device client ${clientId} connected\n`;
}

export function connectedIds(sink: RecordingSink): string[] {
  return sink.events.flatMap((e) => (e.type === 'client_connected' ? [e.clientId] : []));
}
