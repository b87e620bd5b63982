/**
 * Label values for `ufo_http_requests_total{method,route,code}` and
 * `ufo_http_request_duration_seconds{method,route}`, shared by the log source and the event socket.
 *
 * Raw paths never become label values: the query string (which carries `?token=<API KEY>` on `/ws`)
 * is cut first, ids are replaced by placeholders, and any path the UFO server does not serve maps to
 * the single value `other`, so a scanner probing random URLs cannot grow the series count.
 */

/** Routes the UFO server serves, exactly as they appear in label values. */
export const KNOWN_ROUTES = ['/', '/api/health', '/api/clients', '/api/dispatch', '/api/task_result/{name}', '/ws'] as const;
export type Route = (typeof KNOWN_ROUTES)[number] | 'other';
export const OTHER_ROUTE = 'other';

/** Methods kept as label values; `WEBSOCKET` is uvicorn's name for a WebSocket handshake. */
export const KNOWN_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'WEBSOCKET'] as const;
export const OTHER_METHOD = 'OTHER';

const EXACT_ROUTES: ReadonlyMap<string, Route> = new Map(
  KNOWN_ROUTES.filter((r) => !r.includes('{')).map((r) => [r, r] as const),
);
export const TASK_RESULT_PREFIX = '/api/task_result/';
const METHODS: ReadonlySet<string> = new Set(KNOWN_METHODS);

/** The path without query string or fragment. */
export function stripQuery(path: string): string {
  let end = path.length;
  const q = path.indexOf('?');
  if (q >= 0) end = q;
  const h = path.indexOf('#');
  if (h >= 0 && h < end) end = h;
  return end === path.length ? path : path.slice(0, end);
}

/** A raw request path (query string allowed) → one of `KNOWN_ROUTES` or `other`. */
export function normaliseRoute(rawPath: string): Route {
  let path = stripQuery(rawPath);
  // FastAPI redirects `/api/health/` to `/api/health`; count both as the route.
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const exact = EXACT_ROUTES.get(path);
  if (exact !== undefined) return exact;
  if (path.startsWith(TASK_RESULT_PREFIX) && path.length > TASK_RESULT_PREFIX.length && !path.includes('/', TASK_RESULT_PREFIX.length)) {
    return '/api/task_result/{name}';
  }
  return OTHER_ROUTE;
}

/** Upper-case method if it is a known one, else `OTHER`. */
export function normaliseMethod(method: string): string {
  if (METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return METHODS.has(upper) ? upper : OTHER_METHOD;
}
