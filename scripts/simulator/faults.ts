/**
 * The fault switch: an express middleware that makes `/api/*` misbehave as `Fault` says. Work it
 * leaves hanging (unresponsive requests, pending delays) is tracked so `close()` can end it.
 */
import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Fault } from './contract';

export class PendingWork {
  private readonly timers = new Set<NodeJS.Timeout>();

  delay(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** A body that claims to be JSON and is not (a proxy's error page). */
const GARBAGE_BODY = '<html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>';
/** Valid JSON that matches neither response shape. */
const WRONG_SHAPE_BODY = { status: 'ok', data: { clients: 'unavailable' } };

export function validateFault(value: unknown): Fault {
  const where = 'fault';
  if (typeof value !== 'object' || value === null) throw new Error(`${where}: expected an object with a "kind"`);
  const fault = value as Record<string, unknown>;
  switch (fault.kind) {
    case 'none':
    case 'unresponsive':
    case 'garbage':
    case 'wrong_shape':
      return { kind: fault.kind };
    case 'slow':
      if (typeof fault.delayMs !== 'number' || !(fault.delayMs >= 0) || !Number.isFinite(fault.delayMs))
        throw new Error(`${where}.delayMs: expected a number of milliseconds >= 0, got ${JSON.stringify(fault.delayMs)}`);
      return { kind: 'slow', delayMs: fault.delayMs };
    case 'status':
      if (typeof fault.status !== 'number' || !Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599)
        throw new Error(`${where}.status: expected an HTTP status 100-599, got ${JSON.stringify(fault.status)}`);
      return { kind: 'status', status: fault.status };
    default:
      throw new Error(`${where}.kind: expected none|unresponsive|slow|garbage|wrong_shape|status, got ${JSON.stringify(fault.kind)}`);
  }
}

export function faultMiddleware(currentFault: () => Fault, pending: PendingWork): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const fault = currentFault();
    switch (fault.kind) {
      case 'none':
        next();
        return;
      case 'unresponsive':
        return; // never answer; close() ends the socket
      case 'slow':
        pending.delay(fault.delayMs, next);
        return;
      case 'garbage':
        res.status(200).type('application/json').send(GARBAGE_BODY);
        return;
      case 'wrong_shape':
        res.status(200).json(WRONG_SHAPE_BODY);
        return;
      case 'status':
        res.status(fault.status).json({ detail: STATUS_CODES[fault.status] ?? 'Error' });
        return;
    }
  };
}
