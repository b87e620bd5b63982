/**
 * `/_sim/*`: the same controls over HTTP (JSON in, JSON out) for out-of-process users such as the
 * stack runner and the end-to-end test. Mounted behind the API-key check; unaffected by faults.
 */
import express, { type Router } from 'express';
import type { SimulatorControl } from './contract';
import { FleetError } from './fleet';

type Body = Record<string, unknown>;

function body(raw: unknown): Body {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FleetError('request body must be a JSON object', 400);
  return raw as Body;
}

function requiredString(b: Body, field: string): string {
  const value = b[field];
  if (typeof value !== 'string' || value.length === 0) throw new FleetError(`body.${field}: expected a non-empty string, got ${JSON.stringify(value)}`, 400);
  return value;
}

function optionalString(b: Body, field: string): string | undefined {
  return b[field] === undefined ? undefined : requiredString(b, field);
}

function optionalNumber(b: Body, field: string): number | undefined {
  const value = b[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FleetError(`body.${field}: expected a number, got ${JSON.stringify(value)}`, 400);
  return value;
}

function requiredNumber(b: Body, field: string): number {
  const value = optionalNumber(b, field);
  if (value === undefined) throw new FleetError(`body.${field}: required`, 400);
  return value;
}

function clientType(b: Body): 'device' | 'constellation' | undefined {
  const value = optionalString(b, 'type');
  if (value === undefined || value === 'device' || value === 'constellation') return value;
  throw new FleetError(`body.type: expected "device" or "constellation", got ${JSON.stringify(value)}`, 400);
}

export function controlRoutes(control: SimulatorControl): Router {
  const router = express.Router();
  router.use(express.json({ strict: false, limit: '1mb' }));
  const ok = { ok: true };

  router.get('/state', (_req, res) => {
    res.json({ shape: control.shape(), fault: control.fault(), clients: control.clients(), sessions: control.sessions() });
  });
  router.get('/truth', (_req, res) => {
    res.json(control.truth());
  });
  router.post('/fault', (req, res) => {
    control.setFault(body(req.body) as never); // validated inside setFault
    res.json({ fault: control.fault() });
  });
  router.post('/shape', (req, res) => {
    control.setShape(requiredString(body(req.body), 'shape') as never); // validated inside setShape
    res.json({ shape: control.shape() });
  });
  router.post('/connect', (req, res) => {
    const b = body(req.body);
    const platform = optionalString(b, 'platform');
    const type = clientType(b);
    control.connect(requiredString(b, 'client_id'), { ...(platform ? { platform } : {}), ...(type ? { type } : {}) });
    res.json(ok);
  });
  router.post('/disconnect', (req, res) => {
    const b = body(req.body);
    control.disconnect(requiredString(b, 'client_id'), optionalNumber(b, 'code'));
    res.json(ok);
  });
  router.post('/reject', (req, res) => {
    control.rejectRegistration(requiredString(body(req.body), 'client_id'));
    res.json(ok);
  });
  router.post('/drop-devices', (_req, res) => {
    control.dropAllDevices();
    res.json(ok);
  });
  router.post('/restore-devices', (_req, res) => {
    control.restoreDevices();
    res.json(ok);
  });
  router.post('/add-devices', (req, res) => {
    const b = body(req.body);
    control.addDevices(requiredNumber(b, 'count'), optionalString(b, 'platform'));
    res.json(ok);
  });
  router.get('/sessions', (_req, res) => {
    res.json({ sessions: control.sessions() });
  });
  router.post('/sessions', (req, res) => {
    const fields = body(req.body);
    const sessionId = optionalString(fields, 'session_id');
    res.json({ session_id: control.startSession(requiredString(fields, 'client_id'), sessionId === undefined ? {} : { sessionId }) });
  });
  router.post('/sessions/:id/finish', (req, res) => {
    const b = body(req.body);
    control.finishSession(req.params.id, requiredString(b, 'status') as never, optionalNumber(b, 'execution_seconds')); // status validated inside
    res.json(ok);
  });
  router.post('/http-request', (req, res) => {
    const b = body(req.body);
    control.logHttpRequest(requiredString(b, 'method'), requiredString(b, 'path'), requiredNumber(b, 'status'));
    res.json(ok);
  });
  router.post('/failure-storm', (req, res) => {
    control.failureStorm(requiredNumber(body(req.body), 'count'));
    res.json(ok);
  });
  router.post('/advance', (req, res) => {
    control.advance(requiredNumber(body(req.body), 'ticks'));
    res.json(ok);
  });
  router.post('/log/rotate', async (_req, res) => {
    await control.rotateLog();
    res.json(ok);
  });
  router.post('/log/truncate', async (_req, res) => {
    await control.truncateLog();
    res.json(ok);
  });
  router.use((req, res) => {
    res.status(404).json({ detail: `no simulator control route ${req.method} ${req.path}` });
  });
  return router;
}
