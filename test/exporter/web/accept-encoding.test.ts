// gzip or identity for /metrics, decided as express (negotiator) decided it before the exporter left express.
import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../../exporter/web/accept-encoding';

describe('negotiateEncoding', () => {
  it.each([
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'gzip'],
    ['GZIP', 'gzip'],
    ['*', 'gzip'],
    ['gzip;q=0.5', 'gzip'], // identity, not named, gets the lowest q used: 0.5, and gzip is listed first
    ['gzip;q=0.001,deflate;q=0.5', 'gzip'],
    ['br;q=0.2, gzip;q=0.3', 'gzip'],
    ['identity;q=0', 'identity'], // neither acceptable (gzip is not named)
    ['gzip;q=abc, identity;q=0', 'identity'], // neither acceptable
    [undefined, 'identity'],
    ['', 'identity'],
    [' , ', 'identity'],
    ['identity', 'identity'],
    ['identity, gzip', 'identity'], // equal q: the one listed first
    ['identity;q=0.5, gzip;q=0.5', 'identity'],
    ['gzip;q=0.8, identity;q=0.9', 'identity'],
    ['gzip;q=0', 'identity'],
    ['gzip, gzip;q=0', 'gzip'], // the higher q of two entries
    ['gzip;q=0, gzip', 'gzip'],
    ['gzip;q=abc', 'identity'],
    ['deflate', 'identity'],
    ['x-gzip', 'identity'],
    ['*;q=0', 'identity'],
    ['*, gzip;q=0', 'identity'],
    ['gzip;q=0.5, *', 'identity'], // `*` gives identity q=1
    ['*;q=0.5, identity;q=0.7', 'identity'],
    ['*;q=0.3, gzip;q=0.3', 'gzip'], // a named coding beats `*` at equal q
    ['identity;q=1, *;q=0', 'identity'],
  ])('Accept-Encoding %j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
