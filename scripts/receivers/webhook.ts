/**
 * Stand-in for a generic Alertmanager webhook (e.g. a dead-man's-switch service): any POST path,
 * records the payload and the Authorization header. Answers 400 to a body that is not a webhook payload.
 */
import type { Deliveries, WebhookPayload } from './deliveries';
import { isRecord, jsonApp, listenOnLoopback, type RunningServer } from './http';

export function startWebhookStandIn(deliveries: Deliveries): Promise<RunningServer> {
  const app = jsonApp();
  app.post('/{*path}', (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || !Array.isArray(body['alerts']) || typeof body['status'] !== 'string') {
      res.status(400).json({ error: 'expected an Alertmanager webhook payload with status and alerts' });
      return;
    }
    const authorization = req.get('authorization');
    deliveries.record({
      kind: 'webhook',
      at: Date.now(),
      path: req.path,
      payload: body as unknown as WebhookPayload,
      ...(authorization === undefined ? {} : { authorization }),
    });
    res.json({ status: 'ok' });
  });
  return listenOnLoopback(app);
}
