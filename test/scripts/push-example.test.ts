import { describe, expect, it } from 'vitest';
import { exampleMessages, pushMessages } from '../../scripts/push-example';
import { recordingSink } from '../helpers/recording-sink';
import { startRig, TOKEN } from '../helpers/event-socket';

describe('scripts/push-example.ts', () => {
  it('pushes its example events and every one is accepted', async () => {
    const sink = recordingSink();
    const rig = await startRig(sink);
    try {
      const replies = await pushMessages(`${rig.base}/events`, TOKEN, exampleMessages(1_700_000_000));
      expect(replies.every((r) => r.type === 'ack')).toBe(true);
      expect(sink.events.map((e) => e.type)).toEqual([
        'client_connected',
        'session_started',
        'http_request',
        'http_request',
        'log_line',
        'session_finished',
        'client_disconnected',
      ]);
      expect(sink.errors).toEqual([]);
    } finally {
      await rig.close();
    }
  });

  it('fails clearly on a wrong token', async () => {
    const rig = await startRig(recordingSink());
    try {
      await expect(pushMessages(`${rig.base}/events`, 'wrong', exampleMessages())).rejects.toThrow(/handshake refused with HTTP 401/);
    } finally {
      await rig.close();
    }
  });
});
