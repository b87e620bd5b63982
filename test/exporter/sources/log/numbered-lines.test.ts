/** The log source's per-line plumbing: lines are counted whichever way they come, and a sink without `logLine` gets the event. */
import { describe, expect, it } from 'vitest';
import type { FleetEvent, SourceSink } from '../../../../exporter/events';
import { NumberedLines, SinkOutput } from '../../../../exporter/sources/log/numbered-lines';
import { LogParser } from '../../../../exporter/sources/log/parser';

const RECORD = '2026-11-21 04:28:27,535 - UFOWebSocketHandler - INFO - [WS] x';

function sinkOf(events: FleetEvent[], levels?: string[]): SourceSink {
  return {
    emit: (e) => void events.push(e),
    reportError: () => undefined,
    linesRead: () => undefined,
    ...(levels ? { logLine: (level: string) => void levels.push(level) } : {}),
  };
}

describe('NumberedLines and SinkOutput', () => {
  it('count text, byte and dropped lines, and hand records to the sink as log_line fields or events', () => {
    for (const withLogLine of [false, true]) {
      const events: FleetEvent[] = [];
      const levels: string[] = [];
      const problems: string[] = [];
      const parser = new LogParser(new SinkOutput(sinkOf(events, withLogLine ? levels : undefined), (kind) => problems.push(kind)), () => 1);
      const lines = new NumberedLines(parser, () => problems.push('too_long'));
      lines.line(RECORD);
      lines.lineBytes(Buffer.from(`x${RECORD}x`), 1, RECORD.length + 1);
      lines.tooLong();
      lines.line('2026-11-21 04:28:27,535 - broken');
      expect(lines.count).toBe(4);
      expect(problems).toEqual(['too_long', 'malformed_line']);
      if (withLogLine) expect([levels, events]).toEqual([['info', 'info'], []]);
      else expect(events.map((e) => e.type === 'log_line' && e.level)).toEqual(['info', 'info']);
    }
  });
});
