/**
 * The request listener of a web server that listens before its app is built: exporter.ts binds the
 * port as early as it can, so that a client's first connection (Prometheus, the bench) waits in line
 * instead of being refused and retried, while the rest of the set-up runs and the first poll is under
 * way. Requests that come before `ready` wait for the app; when the start fails, they are answered
 * 503 instead. Bounded by the server's connection limit: Node hands a connection's next request over
 * only after the last one was answered.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { send, TEXT } from './web/routes';

export interface HandlerUntilReady {
  readonly listener: RequestListener;
  /** From now on `app` answers, first the requests that waited (in their order). */
  ready(app: RequestListener): void;
  /** The start failed: waiting and later requests get 503. */
  fail(): void;
}

function refuse(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  send(res, 503, TEXT, 'Not started: the exporter failed to start\n');
}

export function handlerUntilReady(): HandlerUntilReady {
  let app: RequestListener | undefined;
  let failed = false;
  const waiting: [IncomingMessage, ServerResponse][] = [];
  return {
    listener(req, res) {
      if (app) app(req, res);
      else if (failed) refuse(res);
      else waiting.push([req, res]);
    },
    ready(ready) {
      app = ready;
      for (const [req, res] of waiting.splice(0)) ready(req, res);
    },
    fail() {
      failed = true;
      for (const [, res] of waiting.splice(0)) refuse(res);
    },
  };
}
