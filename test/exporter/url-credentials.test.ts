import { describe, expect, it } from 'vitest';
import { displayUrl, redactUrlCredentials } from '../../exporter/url-credentials';

describe('redactUrlCredentials', () => {
  it.each([
    ['http://admin:hunter2@127.0.0.1:1', 'http://admin:***@127.0.0.1:1'],
    ['https://only-a-token@host/path', 'https://***@host/path'],
    ['got "ftp://admin:hunter2@x"', 'got "ftp://admin:***@x"'],
    // WHATWG URL parsing takes the last @ of the authority: so does the redaction.
    ['http://a:p@ss@host/x@y', 'http://a:***@host/x@y'],
    ['two: http://u:one@a and https://v:two@b.', 'two: http://u:***@a and https://v:***@b.'],
    ['{"url":"http://u:pw@h:1/p"}', '{"url":"http://u:***@h:1/p"}'],
  ])('%s → %s', (text, shown) => {
    expect(redactUrlCredentials(text)).toBe(shown);
  });

  it('leaves text without URL credentials as it is', () => {
    for (const text of ['http://127.0.0.1:8000/api/health', 'mail me at ops@example.com', 'http://host/path?who=a@b', ''])
      expect(redactUrlCredentials(text)).toBe(text);
  });
});

describe('displayUrl', () => {
  it('redacts the credential and drops query and fragment', () => {
    expect(displayUrl(new URL('http://admin:hunter2@127.0.0.1:9/api/clients?token=k#x'))).toBe('http://admin:***@127.0.0.1:9/api/clients');
    expect(displayUrl(new URL('https://h/api/health'))).toBe('https://h/api/health');
  });
});
