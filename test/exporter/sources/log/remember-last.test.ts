/**
 * rememberLast answers as the function it wraps, asks it once per run of the same string, and asks it
 * again when the string changes (also back to an earlier one: only the last answer is kept).
 */
import { describe, expect, it } from 'vitest';
import { rememberLast } from '../../../../exporter/sources/log/remember-last';

describe('rememberLast', () => {
  it('asks the function once per run of the same text, and again when the text changes', () => {
    const asked: string[] = [];
    const upper = rememberLast((text) => {
      asked.push(text);
      return text.toUpperCase();
    });
    const answers = ['a', 'a', 'b', 'b', 'a', ''].map(upper);
    expect(answers).toEqual(['A', 'A', 'B', 'B', 'A', '']);
    expect(asked).toEqual(['a', 'b', 'a', '']);
  });

  it('remembers an answer that is undefined', () => {
    let calls = 0;
    const none = rememberLast(() => {
      calls++;
      return undefined;
    });
    expect([none('x'), none('x')]).toEqual([undefined, undefined]);
    expect(calls).toBe(1);
  });
});
