import { describe, expect, it } from 'vitest';
import { createLogger } from '../../exporter/logging';

function capture(opts: Parameters<typeof createLogger>[0] = {}): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger({ ...opts, write: (l) => lines.push(l), now: () => new Date(0) }) };
}

describe('logger', () => {
  it('writes one JSON object per line and filters by level', () => {
    const { lines, logger } = capture({ level: 'warn' });
    logger.info('hidden');
    logger.warn('poll failed', { url: 'http://h/api', attempt: 2, ok: false });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ ts: '1970-01-01T00:00:00.000Z', level: 'warn', msg: 'poll failed', url: 'http://h/api', attempt: 2, ok: false });
  });

  it('writes logfmt with quoting where needed', () => {
    const { lines, logger } = capture({ format: 'logfmt' });
    logger.info('two words', { path: '/metrics', note: 'a "q"', 'bad key': 1 });
    expect(lines[0]).toBe('ts=1970-01-01T00:00:00.000Z level=info msg="two words" path=/metrics note="a \\"q\\"" bad_key=1');
  });

  it('never writes secrets: secret-looking fields are redacted and known secret values masked anywhere', () => {
    const { lines, logger } = capture({ secrets: ['k3y-value', ''] });
    logger.error('GET http://h/ws?token=k3y-value failed', { api_key: 'whatever', token: 'x', apiKeyFile: '/run/key', detail: 'echo k3y-value' });
    const line = lines[0]!;
    expect(line).not.toContain('k3y-value');
    expect(line).not.toContain('whatever');
    expect(JSON.parse(line)).toMatchObject({ api_key: '[redacted]', token: '[redacted]', apiKeyFile: '/run/key', detail: 'echo [redacted]' });
  });

  it('redacts the credential of any URL in a message or field, even one nobody registered', () => {
    const { lines, logger } = capture({ format: 'logfmt' });
    logger.warn('upstream http://admin:hunter2@ufo:8000/api failed', { cause: 'connect https://tok3n@am:9093 refused' });
    expect(lines[0]).not.toMatch(/hunter2|tok3n/);
    expect(lines[0]).toContain('http://admin:***@ufo:8000/api');
    expect(lines[0]).toContain('https://***@am:9093');
  });
});
