/**
 * The exporter's HTTP routing on `node:http`, no framework (a framework's modules cost start-up time:
 * docs/performance.md). Every route is an exact path answering GET and HEAD; paths match as express
 * matched them before (case-insensitive, one optional trailing slash). OPTIONS on a route lists the
 * methods; anything else is 404 with a small HTML page; a handler that fails is logged and answered 500.
 * Node itself leaves the body out of an answer to HEAD.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../logging';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
/** Runs before routing (access control): resolves true when the request may go on, false when it was answered. */
export type Guard = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
/** path → its GET/HEAD handler. */
export type Routes = ReadonlyMap<string, Handler>;

export const TEXT = 'text/plain; charset=utf-8';
export const HTML = 'text/html; charset=utf-8';

/** The request's path without the query string; an absolute-form target (`GET http://host/x`) gives its path. */
export function requestPath(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const target = q < 0 ? raw : raw.slice(0, q);
  if (target.startsWith('/')) return target;
  try {
    return new URL(target).pathname;
  } catch {
    return target;
  }
}

/** The request's query parameters. */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const raw = req.url ?? '';
  const q = raw.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
}

/** Answers with a whole body; `type` is the full Content-Type. */
export function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, headers: Readonly<Record<string, string>> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.end(body);
}

/** How a path is looked up: case-insensitive, one trailing slash ignored. */
function routeKey(path: string): string {
  return (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();
}

/** A route table keyed for lookup; the first handler given for a path wins. */
export class RouteTable {
  private readonly routes = new Map<string, Handler>();

  add(path: string, handler: Handler): this {
    const key = routeKey(path);
    if (!this.routes.has(key)) this.routes.set(key, handler);
    return this;
  }

  addAll(routes: Routes): this {
    for (const [path, handler] of routes) this.add(path, handler);
    return this;
  }

  find(path: string): Handler | undefined {
    return this.routes.get(routeKey(path));
  }
}

/** For HTML text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The 404 page (as express answered it): `Cannot <METHOD> <path>`, the path URL-encoded and HTML-escaped. */
function notFound(req: IncomingMessage, res: ServerResponse, path: string): void {
  const shown = escapeHtml(`Cannot ${req.method ?? 'GET'} ${path.replace(/[^\w\-.~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c))}`);
  const html = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${shown}</pre>\n</body>\n</html>\n`;
  send(res, 404, HTML, html, { 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff' });
}

async function answer(table: RouteTable, guard: Guard | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (guard && !(await guard(req, res))) return;
  const path = requestPath(req);
  const handler = table.find(path);
  const method = req.method ?? 'GET';
  if (handler && (method === 'GET' || method === 'HEAD')) await handler(req, res);
  else if (handler && method === 'OPTIONS') send(res, 200, 'text/plain', 'GET, HEAD', { Allow: 'GET, HEAD', 'X-Content-Type-Options': 'nosniff' });
  else notFound(req, res, path);
}

/** The request listener for a route table, behind an optional guard. */
export function routeRequests(table: RouteTable, opts: { readonly guard?: Guard; readonly logger: Logger }): RequestListener {
  return (req, res) => {
    answer(table, opts.guard, req, res).catch((err: unknown) => {
      opts.logger.error('request failed', { path: requestPath(req), error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) send(res, 500, TEXT, 'Internal error\n');
      else res.destroy();
    });
  };
}
