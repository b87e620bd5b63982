/**
 * Stand-in for the PagerDuty Events API v2 (`POST /v2/enqueue`). Validates events the way the API
 * documents (routing key, action, dedup key, payload summary/source/severity on trigger), answers
 * 202 with the dedup key or 400 `invalid event` with the errors, and records accepted events.
 */
import type { Deliveries, PagerdutyEvent } from './deliveries';
import { isRecord, jsonApp, listenOnLoopback, type RunningServer } from './http';

const ACTIONS = ['trigger', 'acknowledge', 'resolve'];
const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** Problems with an event, in the API's words; empty when it is valid. */
export function pagerdutyEventErrors(body: unknown): string[] {
  if (!isRecord(body)) return ['Event object is not a JSON object'];
  const errors: string[] = [];
  if (typeof body['routing_key'] !== 'string' || body['routing_key'].length !== 32)
    errors.push('routing_key must be a 32 character integration key');
  const action = body['event_action'];
  if (typeof action !== 'string' || !ACTIONS.includes(action)) errors.push(`event_action must be one of ${ACTIONS.join(', ')}`);
  if (action !== 'trigger' && typeof body['dedup_key'] !== 'string') errors.push('dedup_key is required for acknowledge and resolve');
  if (action === 'trigger') {
    const payload = body['payload'];
    if (!isRecord(payload)) errors.push('payload is required for trigger');
    else {
      for (const field of ['summary', 'source'])
        if (typeof payload[field] !== 'string' || payload[field] === '') errors.push(`payload.${field} is required`);
      if (typeof payload['summary'] === 'string' && payload['summary'].length > 1024) errors.push('payload.summary is longer than 1024');
      if (!SEVERITIES.includes(String(payload['severity']))) errors.push(`payload.severity must be one of ${SEVERITIES.join(', ')}`);
    }
  }
  const links = body['links'];
  if (links !== undefined && (!Array.isArray(links) || links.some((l) => !isRecord(l) || typeof l['href'] !== 'string' || l['href'] === '')))
    errors.push('links must be objects with a non-empty href');
  return errors;
}

export function startPagerdutyStandIn(deliveries: Deliveries): Promise<RunningServer> {
  const app = jsonApp();
  app.post('/v2/enqueue', (req, res) => {
    const errors = pagerdutyEventErrors(req.body);
    if (errors.length > 0) {
      res.status(400).json({ status: 'invalid event', message: 'Event object is invalid', errors });
      return;
    }
    const event = req.body as PagerdutyEvent;
    deliveries.record({ kind: 'pagerduty', at: Date.now(), event });
    res.status(202).json({ status: 'success', message: 'Event processed', dedup_key: event.dedup_key });
  });
  return listenOnLoopback(app);
}
