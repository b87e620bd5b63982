/**
 * The server's HTTP API (`/api/*`) as the real UFO server answers it: `X-API-Key` (wrong → 401,
 * missing → 422), health and clients in the current shape, dispatch, task results — plus the
 * uvicorn access line for every request it answers.
 */
import { STATUS_CODES } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ApiBodies } from './api-bodies';
import type { ResponseShape } from './contract';
import { FleetError, type Fleet } from './fleet';
import { invalidJson, missingField, wrongType } from './fastapi-errors';
import type { ServerLog } from './server-log';
import type { TruthRecorder } from './truth';

/** Routes with ids in their path, as templates: ids never become ground-truth keys. */
const ROUTE_TEMPLATES: readonly [RegExp, string][] = [[/^\/api\/task_result\/[^/]+$/, '/api/task_result/{name}']];

export function routeTemplate(path: string): string {
  for (const [pattern, template] of ROUTE_TEMPLATES) if (pattern.test(path)) return template;
  return path;
}

/** `127.0.0.1:52036`, as uvicorn prints the peer. */
function peerOf(req: Request): string {
  const address = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  return `${address}:${req.socket.remotePort ?? 0}`;
}

/** Writes uvicorn's access line (and the ground truth) once the response is sent. */
export function accessLog(log: ServerLog, truth: TruthRecorder): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      log.httpAccess(peerOf(req), req.method, req.originalUrl, res.statusCode, STATUS_CODES[res.statusCode] ?? '');
      truth.httpRequest(req.method, routeTemplate(req.originalUrl.split('?')[0] ?? ''), res.statusCode, true);
    });
    next();
  };
}

/** FastAPI's `Header(alias="X-API-Key")` dependency: missing → 422, wrong → 401. */
export function requireApiKey(apiKey: string): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-api-key');
    if (given === undefined) res.status(422).json(missingField('header', 'X-API-Key'));
    else if (given !== apiKey) res.status(401).json({ detail: 'Invalid API key' });
    else next();
  };
}

export interface ApiDeps {
  readonly fleet: Fleet;
  readonly bodies: ApiBodies;
  readonly truth: TruthRecorder;
  readonly currentShape: () => ResponseShape;
}

function sendJsonText(res: Response, text: string): void {
  res.status(200).type('application/json').send(text);
}

function dispatchBodyError(body: unknown): object | undefined {
  if (typeof body !== 'object' || body === null) return missingField('body', 'client_id');
  const fields = body as Record<string, unknown>;
  for (const field of ['client_id', 'request'] as const) {
    if (fields[field] === undefined) return missingField('body', field, body);
    if (typeof fields[field] !== 'string') return wrongType('body', field, 'string', fields[field]);
  }
  if (fields.task_name !== undefined && typeof fields.task_name !== 'string') return wrongType('body', 'task_name', 'string', fields.task_name);
  return undefined;
}

/** The `/api` routes (mounted after the access log, the fault switch and the key check). */
export function apiRoutes({ fleet, bodies, truth, currentShape }: ApiDeps): Router {
  const router = express.Router();
  /** task name → session id, for /api/task_result. */
  const tasks = new Map<string, string>();

  router.get('/health', (_req, res) => sendJsonText(res, bodies.body('health', currentShape())));
  router.get('/clients', (_req, res) => sendJsonText(res, bodies.body('clients', currentShape())));

  router.post('/dispatch', express.json({ strict: false }), (req, res) => {
    const error = dispatchBodyError(req.body);
    if (error) {
      res.status(422).json(error);
      return;
    }
    const { client_id: clientId, request, task_name: given } = req.body as { client_id: string; request: string; task_name?: string };
    if (!fleet.isConnected(clientId)) {
      res.status(404).json({ detail: 'Client not online' });
      return;
    }
    const sessionId = fleet.startSession(clientId);
    const taskName = given ?? `task_${sessionId.slice(0, 8)}`;
    tasks.set(taskName, sessionId);
    fleet.sendTo(clientId, { type: 'task', session_id: sessionId, task_name: taskName, request });
    res.json({ status: 'dispatched', task_name: taskName, client_id: clientId, session_id: sessionId });
  });

  router.get('/task_result/:name', (req, res) => {
    truth.taskResultCalled();
    const sessionId = tasks.get(req.params.name);
    if (sessionId === undefined) res.status(404).json({ detail: 'Task not found' });
    else if (fleet.sessions().some((s) => s.sessionId === sessionId)) res.json({ status: 'pending' });
    else res.json({ status: 'done', result: { session_id: sessionId } });
  });

  router.use((_req, res) => {
    res.status(404).json({ detail: 'Not Found' });
  });
  return router;
}

/** Body-parser failures and fleet errors as JSON answers, never HTML stack traces. */
export function jsonErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof FleetError) res.status(err.status).json({ detail: err.message });
  else if (err instanceof SyntaxError) res.status(422).json(invalidJson(err.message));
  else if (err instanceof Error) res.status(400).json({ detail: err.message });
  else res.status(500).json({ detail: 'Internal Server Error' });
}
