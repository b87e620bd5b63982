/**
 * The two response shapes of `/api/health` and `/api/clients` (docs/ufo-server.md), validated with ajv so a
 * wrong answer is reported with the field that is wrong, and turned into snapshot entries.
 *
 * ids shape:  {"online_clients": ["win-1", "demo@win-1"]}
 * rich shape: {"clients": [{"client_id", "type", "platform", "connected_at", "uptime_seconds"}], "total"}
 */
import type { ErrorObject } from 'ajv';
import { defineValidator } from '../../validator';
import type { ClientSnapshotEntry } from '../../events';

const AJV_OPTIONS = { allErrors: false, strict: true, allowUnionTypes: true };

const idsShape = {
  type: 'object',
  required: ['online_clients'],
  properties: { online_clients: { type: 'array', items: { type: 'string', minLength: 1 } } },
} as const;

/** One element of the rich shape's `clients` (also validated alone: sliced-clients.ts). */
const richClientShape = {
  type: 'object',
  required: ['client_id'],
  properties: {
    client_id: { type: 'string', minLength: 1 },
    type: { enum: ['device', 'constellation'] },
    platform: { type: ['string', 'null'] },
    connected_at: { type: ['number', 'null'], minimum: 0 },
    uptime_seconds: { type: ['number', 'null'] },
  },
} as const;

const richClientsShape = {
  type: 'object',
  required: ['clients'],
  properties: {
    clients: {
      type: 'array',
      items: richClientShape,
    },
    total: { type: 'integer', minimum: 0 },
  },
} as const;

const healthShape = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string' },
    online_clients: { type: 'array', items: { type: 'string' } },
    uptime_seconds: { type: 'number' },
    connected_clients: { type: ['integer', 'array'] },
    active_sessions: { type: ['integer', 'array'] },
  },
} as const;

interface IdsBody {
  online_clients: string[];
}
interface RichClient {
  client_id: string;
  type?: 'device' | 'constellation';
  platform?: string | null;
  connected_at?: number | null;
}
interface RichBody {
  clients: RichClient[];
  total?: number;
}
interface HealthBody {
  status: string;
}

const idsValidator = defineValidator<IdsBody>('api-ids', AJV_OPTIONS, idsShape);
const richValidator = defineValidator<RichBody>('api-rich', AJV_OPTIONS, richClientsShape);
const richClientValidator = defineValidator<RichClient>('api-rich-client', AJV_OPTIONS, richClientShape);
const healthValidator = defineValidator<HealthBody>('api-health', AJV_OPTIONS, healthShape);

/** A body that is valid JSON but not what the endpoint should answer. */
export class ShapeError extends Error {}

/** The first error, its path prefixed with `at` (where a part validated alone sits in the body). */
function describe(errors: ErrorObject[] | null | undefined, at = ''): string {
  const first = errors?.[0];
  if (!first) return 'unexpected shape';
  const path = at + first.instancePath;
  if (first.keyword === 'required') return `field ${path}/${String(first.params.missingProperty)} is missing`;
  const field = path === '' ? 'the body' : `field ${path}`;
  return `${field} ${first.message ?? 'is invalid'}`;
}

/** Checks `/api/health`; a status other than "healthy" is a failed probe too. */
export function parseHealth(body: unknown): void {
  const validate = healthValidator();
  if (!validate(body)) throw new ShapeError(describe(validate.errors));
  if (body.status !== 'healthy') throw new ShapeError(`field /status is "${body.status}", expected "healthy"`);
}

/** Turns `/api/clients` (either shape) into snapshot entries. */
export function parseClients(body: unknown): ClientSnapshotEntry[] {
  const rich = typeof body === 'object' && body !== null && 'clients' in body;
  if (rich) {
    const validate = richValidator();
    if (!validate(body)) throw new ShapeError(describe(validate.errors));
    return body.clients.map(richEntry);
  }
  const validate = idsValidator();
  if (!validate(body)) throw new ShapeError(describe(validate.errors));
  return body.online_clients.map((clientId) => ({ clientId }));
}

function richEntry(c: RichClient): ClientSnapshotEntry {
  return {
    clientId: c.client_id,
    ...(c.type !== undefined && { clientType: c.type }),
    ...(typeof c.platform === 'string' && c.platform !== '' && { platform: c.platform }),
    ...(typeof c.connected_at === 'number' && { connectedAt: c.connected_at }),
  };
}

/**
 * The rich shape parsed in parts (sliced-clients.ts): element `index` of `clients`, checked alone
 * and turned into its entry. The error names the same field as parseClients would.
 */
export function parseRichClient(element: unknown, index: number): ClientSnapshotEntry {
  const validate = richClientValidator();
  if (!validate(element)) throw new ShapeError(describe(validate.errors, `/clients/${index}`));
  return richEntry(element);
}

/** The rich shape parsed in parts: the body with its `clients` checked already (and given here as []). */
export function checkRichRest(body: unknown): void {
  const validate = richValidator();
  if (!validate(body)) throw new ShapeError(describe(validate.errors));
}
