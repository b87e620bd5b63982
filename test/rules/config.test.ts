/** The rule settings' helpers. */

import { describe, expect, it } from 'vitest';
import { durationSeconds } from '../../rules/config';

describe('durationSeconds', () => {
  it.each([
    ['15s', 15],
    ['5m', 300],
    ['1h30m', 5400],
    ['30d', 2_592_000],
    ['500ms', 0.5],
  ])('%s = %d s', (text, seconds) => expect(durationSeconds(text)).toBe(seconds));

  it('rejects what is not a duration', () => {
    expect(() => durationSeconds('5 minutes')).toThrow(/not a Prometheus duration: "5 minutes"/);
  });
});
