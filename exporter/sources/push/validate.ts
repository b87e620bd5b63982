/**
 * Validation of pushed events against the published schema (events.schema.json), compiled once.
 * Problems come back as the offending field (a JSON pointer, ajv's instancePath, with the missing or
 * unexpected property appended) and a short message, so the error reply can name the field.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../../ajv';
import addFormats from 'ajv-formats';
import type { PushedEvent } from './pushed-event';

export const SCHEMA_URL = new URL('./events.schema.json', import.meta.url);

export interface FieldProblem {
  /** JSON pointer of the offending field, e.g. `/duration_seconds`, `/3/client_id` in a batch. */
  readonly field: string;
  readonly message: string;
}

export type Validation = { readonly ok: true; readonly event: PushedEvent } | { readonly ok: false; readonly problem: FieldProblem };

/** The schema as published (parsed once). */
export function loadEventSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

function fieldOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') return `${error.instancePath}/${params.missingProperty}`;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
    return `${error.instancePath}/${params.additionalProperty}`;
  // The discriminator's own errors concern the `type` tag.
  if (error.keyword === 'discriminator') return `${error.instancePath}/type`;
  return error.instancePath === '' ? '/' : error.instancePath;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'discriminator')
    return params.error === 'mapping' ? `unknown event type ${JSON.stringify(params.tagValue)}` : `"type" must be a string naming the event`;
  if (error.keyword === 'additionalProperties') return 'is not a field of this event type';
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'anyOf')
    return error.instancePath.endsWith('/timestamp') ? 'must be Unix seconds (a number >= 0) or an RFC 3339 date-time string' : 'matches none of the allowed forms';
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) return `must be one of ${params.allowedValues.join(', ')}`;
  return error.message ?? 'is invalid';
}

export class EventValidator {
  private readonly validate: ValidateFunction;

  constructor() {
    const ajv = createAjv({ discriminator: true, allErrors: false, strict: true });
    addFormats(ajv, ['date-time']);
    this.validate = ajv.compile(loadEventSchema());
  }

  /** Checks one event; `pointerPrefix` is prepended to field paths (the index in a batch). */
  check(value: unknown, pointerPrefix = ''): Validation {
    if (this.validate(value)) return { ok: true, event: value as PushedEvent };
    const errors = this.validate.errors ?? [];
    // For `anyOf` (timestamp) ajv lists each branch's complaint first; the anyOf error says it best.
    const error = errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
    if (!error) return { ok: false, problem: { field: pointerPrefix || '/', message: 'is invalid' } };
    const field = fieldOf(error);
    return { ok: false, problem: { field: pointerPrefix + (field === '/' && pointerPrefix ? '' : field), message: messageOf(error) } };
  }
}
