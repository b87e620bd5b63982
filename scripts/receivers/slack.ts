/**
 * Stand-in for Slack incoming webhooks: any POST under the server accepts a message like Slack
 * does (200 `ok`, 400 `invalid_payload` / `no_text`) and records it with the path it was posted to.
 */
import type { Deliveries, SlackMessage } from './deliveries';
import { isRecord, jsonApp, listenOnLoopback, type RunningServer } from './http';

export function startSlackStandIn(deliveries: Deliveries): Promise<RunningServer> {
  const app = jsonApp();
  app.post('/{*path}', (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body)) {
      res.status(400).type('text').send('invalid_payload');
      return;
    }
    const hasText = typeof body['text'] === 'string' || (Array.isArray(body['attachments']) && body['attachments'].length > 0);
    if (!hasText) {
      res.status(400).type('text').send('no_text');
      return;
    }
    deliveries.record({ kind: 'slack', at: Date.now(), path: req.path, message: body as SlackMessage });
    res.type('text').send('ok');
  });
  return listenOnLoopback(app);
}
