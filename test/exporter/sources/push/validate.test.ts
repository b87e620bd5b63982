import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUSHED_EVENT_TYPES } from '../../../../exporter/sources/push/pushed-event';
import { EventValidator, loadEventSchema } from '../../../../exporter/sources/push/validate';

interface Branch {
  additionalProperties?: boolean;
  required?: string[];
  properties?: Record<string, unknown>;
}

describe('the published event schema (exporter/sources/push/events.schema.json)', () => {
  const schema = loadEventSchema() as { oneOf: { $ref: string }[]; definitions: Record<string, Branch> };
  const branches = schema.oneOf.map((r) => r.$ref.replace('#/definitions/', ''));

  it('compiles under ajv strict mode', () => {
    expect(() => new EventValidator()).not.toThrow();
  });

  it('is a discriminated union of exactly the event types the socket converts', () => {
    expect(branches).toEqual([...PUSHED_EVENT_TYPES]);
  });

  it('closes every event type, uses snake_case fields and makes timestamp optional', () => {
    for (const name of branches) {
      const branch = schema.definitions[name]!;
      expect(branch.additionalProperties, name).toBe(false);
      for (const field of Object.keys(branch.properties ?? {})) expect(field, name).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(Object.keys(branch.properties ?? {}), name).toContain('timestamp');
      expect(branch.required, name).not.toContain('timestamp');
    }
  });

  it('requires duration_seconds on http_request (it feeds ufo_http_request_duration_seconds)', () => {
    expect(schema.definitions.http_request!.required).toContain('duration_seconds');
  });

  it('is documented in docs/event-socket.md with every event type', () => {
    const section = readFileSync(new URL('../../../../docs/event-socket.md', import.meta.url), 'utf8');
    expect(section).toContain('exporter/sources/push/events.schema.json');
    for (const type of PUSHED_EVENT_TYPES) expect(section).toContain(`\`${type}\``);
  });
});
