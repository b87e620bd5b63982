/** WebSocket close codes → the bounded `reason` label of `ufo_client_disconnects_total`. */

const NAMED_CODES: ReadonlyMap<number, string> = new Map([
  [1000, 'normal'],
  [1001, 'going_away'],
  [1006, 'connection_lost'],
]);

/** Close codes are 1000–4999 (RFC 6455 §7.4); anything else is not a close code. */
export function isCloseCode(code: number): boolean {
  return Number.isInteger(code) && code >= 1000 && code <= 4999;
}

/** `normal` (1000), `going_away` (1001), `connection_lost` (1006), `code_<n>` for other valid codes, else `unknown`. */
export function disconnectReason(code: number): string {
  const named = NAMED_CODES.get(code);
  if (named !== undefined) return named;
  return isCloseCode(code) ? `code_${code}` : 'unknown';
}
