/**
 * Content negotiation for /metrics: gzip or identity from the request's `Accept-Encoding`, decided
 * as express decided it before (RFC 9110 §12.5.3 with its tie-breaks): the higher q wins; at equal q a
 * named coding beats `*`, then the one the header lists first, then gzip. identity is acceptable
 * unless the header names it (or `*`) with q=0; when the header names neither, identity gets the
 * lowest q the header uses (so `gzip;q=0.5` still means gzip). No header means identity.
 */

interface Coding {
  readonly name: string;
  readonly q: number;
  /** Position in the header. */
  readonly order: number;
}

function parse(header: string): Coding[] {
  const codings: Coding[] = [];
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    if (name === '') continue;
    const qParam = params.find((p) => /^q\s*=/i.test(p));
    const q = qParam === undefined ? 1 : Number.parseFloat(qParam.slice(qParam.indexOf('=') + 1).trim());
    codings.push({ name: name.toLowerCase(), q: Number.isNaN(q) ? 0 : q, order: codings.length });
  }
  return codings;
}

interface Priority {
  readonly q: number;
  /** 1 for a named match, 0 for `*`. */
  readonly specific: number;
  readonly order: number;
}

/** The header entry that decides for `coding`: the most specific, then the highest q, then the latest. */
function priority(coding: string, accepted: readonly Coding[]): Priority | undefined {
  let best: Priority | undefined;
  for (const a of accepted) {
    if (a.name !== coding && a.name !== '*') continue;
    const p = { q: a.q, specific: a.name === coding ? 1 : 0, order: a.order };
    if (!best || (p.specific - best.specific || p.q - best.q || p.order - best.order) > 0) best = p;
  }
  return best;
}

/** 'gzip' when the scraper accepts gzip at least as much as identity, else 'identity' (also when it accepts neither). */
export function negotiateEncoding(header: string | undefined): 'gzip' | 'identity' {
  const accepted = parse(header ?? '');
  if (!accepted.some((a) => a.name === 'identity' || a.name === '*')) {
    const lowest = Math.min(1, ...accepted.map((a) => a.q || 1));
    accepted.push({ name: 'identity', q: lowest, order: accepted.length });
  }
  const gzip = priority('gzip', accepted);
  if (!gzip || gzip.q <= 0) return 'identity';
  const identity = priority('identity', accepted);
  if (!identity || identity.q <= 0) return 'gzip';
  const preferIdentity = identity.q - gzip.q || identity.specific - gzip.specific || gzip.order - identity.order;
  return preferIdentity > 0 ? 'identity' : 'gzip';
}
